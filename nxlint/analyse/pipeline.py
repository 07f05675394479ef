"""The spaCy pipeline, built in code from ``spacy.blank("en")``.

Three components of our own, in the spirit of spaCy's rule-based components:

- ``nx_sentences``: sentence starts that respect the reader's blocks (headings, list
  items, table cells, paragraphs) and do not break after "e.g.", "Dr.", "et al." or
  inside "4.5 mg";
- ``nx_concepts``: one matcher pass for every lexicon concept and context cue (terms
  through a PhraseMatcher, token patterns through a Matcher, regexes over the text),
  written to ``doc.spans["nx"]`` like a SpanRuler;
- ``nx_context``: NegEx/ConText-style scopes: each cue marks the tokens it governs,
  up to its window, the sentence end or a terminating cue ("but", "however", ";").

No model is downloaded; nothing here needs a trained pipeline.
"""

from __future__ import annotations

import bisect
import re

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import compile_suffix_regex

from nxlint.analyse.lexicon import Concept, ContextCue
from nxlint.analyse.prefilter import TextIndex, find_at_starts, literals, may_match
from nxlint.rules.loader import RulesetError

CATEGORY_BITS = {"negated": 1, "hedged": 2, "hypothetical": 4, "attributed": 8, "historical": 16}
ABBREVIATIONS = {"al", "e.g", "i.e", "vs", "approx", "fig", "no", "dr", "mr", "mrs", "ms", "prof", "st", "inc",
                 "ltd", "jr", "sr", "ca", "cf", "resp", "est", "dept", "univ", "vol", "pp", "ed", "eds", "u.s"}
TITLES = {"dr", "mr", "mrs", "prof"}  # titles before a name, in capitals too ("DR. ELLIS")
SENT_END = {".", "!", "?", "…", "!!", "?!", "!?", "..."}
CLOSERS = {'"', "'", "”", "’", ")", "]", "»", "*"}
OPENERS = {'"', "'", "“", "‘", "(", "[", "*", "«"}
AMBIGUOUS_QUOTES = {'"', "'"}


@Language.factory("nx_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


@Language.factory("nx_concepts")
def make_concepts(nlp: Language, name: str) -> ConceptMatcher:
    return ConceptMatcher(nlp)


@Language.factory("nx_context")
def make_context(nlp: Language, name: str) -> ContextMarker:
    return ContextMarker()


class SentenceSplitter:
    """Sets ``is_sent_start``; block starts come in ``doc.user_data["nx_blocks"]``
    (character offsets into the doc)."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        idxs = [t.idx for t in doc]
        starts = {0}
        for b in doc.user_data.get("nx_blocks", ()):
            k = bisect.bisect_left(idxs, b)
            if k < n:
                starts.add(k)
        for i in range(n):
            if not _ends_sentence(doc, i):
                continue
            # keep closing quotes, brackets and citation markers with this sentence
            j = i + 1
            while j < n:
                # a closing quote or bracket stays with the sentence; a straight quote after
                # a space opens the next one ('loves LDN. "Three weeks on ...')
                if doc[j].text in CLOSERS and not (doc[j].text in AMBIGUOUS_QUOTES and doc[j - 1].whitespace_):
                    j += 1
                elif doc[j].text == "[" and (k := _marker_end(doc, j)) is not None:
                    j = k + 1
                elif SUPERSCRIPTS.fullmatch(doc[j].text):
                    j += 1
                else:
                    break
            if j < n and (doc[j].text[:1].isupper() or doc[j].text[:1].isdigit() or doc[j].text in OPENERS):
                starts.add(j)
            elif j < n and "?" in doc[i].text and doc[j - 1].whitespace_ and doc[j - 1].text != "]":
                starts.add(j)  # a question ends where its mark is: "... the first dose? a) 1 hour b) 24 hours"
        # one array write: setting Token.is_sent_start token by token is quadratic in spaCy
        flags = numpy.full((n, 1), -1, dtype="int64")
        flags[sorted(starts), 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        return doc


SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,–-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*")
# A citation glued to its word ("withdrawal.[^2]", "trials[3]", "placebo.²") comes off as
# its own tokens, the same ones a spaced marker gives, so the word still matches a term.
CITATION_SUFFIXES = [r"(?<=\[)\^?\d{1,3}(?:[,–-]\s?\d{1,3})*$", r"(?<=[\w.,;:)])\[$",
                     r"(?<=[\w.,;:)])" + SUPERSCRIPTS.pattern + "$"]


def _ends_sentence(doc: Doc, i: int) -> bool:
    text = doc[i].text
    if text in SENT_END:
        prev = doc[i - 1] if i else None
        if (text == "." and prev is not None and prev.lower_ in ABBREVIATIONS and not prev.whitespace_
                and not (len(prev.text) > 1 and prev.text.isupper() and prev.lower_ not in TITLES)):
            # "MS." is multiple sclerosis, not "Ms."; "DR. ELLIS:" in a script is a title
            # "No. 5" is an abbreviation, "No. Naltrexone is ..." ends a sentence
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            return prev.lower_ == "no" and nxt is not None and not nxt.like_num
        return True
    # a token the tokenizer kept whole: "etc." at the end of a sentence
    return (text.endswith(".") and len(text) > 1 and text.count(".") == 1
            and text[:-1].lower() not in ABBREVIATIONS and not doc[i].like_num)


def _marker_end(doc: Doc, j: int) -> int | None:
    """Index of the ']' closing a numeric citation marker that opens at ``j``."""
    for k in range(j + 1, min(j + 12, len(doc))):
        t = doc[k].text
        if t == "]":
            return k
        if not (t.isdigit() or t in {",", "-", "–", "^"} or t.lstrip("^").isdigit()):
            return None
    return None


class ConceptMatcher:
    """One pass over the doc for every concept: the spaCy ``SpanRuler`` idea, plus regexes."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher = Matcher(nlp.vocab)
        # (concept, regex, words every match contains, words every match starts with)
        self.regexes: list[tuple[str, re.Pattern[str], frozenset[str] | None, frozenset[str] | None]] = []

    def add(self, concept: Concept, where: str) -> None:
        make = self.nlp.make_doc
        if concept.terms:
            # a two-word term also matches hyphenated ("binge eating" in "binge-eating episodes")
            hyphenated = {t.replace(" ", "-") for t in concept.terms
                          if t.count(" ") == 1 and t.replace(" ", "").isalpha()}
            self.phrases.add(concept.name, [make(t) for t in sorted(set(concept.terms) | hyphenated)])
        if concept.case_sensitive:
            self.exact.add(concept.name, [make(t) for t in concept.case_sensitive])
        if concept.patterns:
            try:
                self.matcher.add(concept.name, concept.patterns)
            except (ValueError, KeyError, TypeError) as e:
                msg = str(e).strip().splitlines()
                raise RulesetError(f"{where} concept '{concept.name}': bad token pattern: "
                                   f"{msg[-1] if msg else e}") from None
        for rx in concept.regex:
            self.regexes.append((concept.name, rx, *literals(rx)))

    def __call__(self, doc: Doc) -> Doc:
        vocab_strings = doc.vocab.strings
        seen: set[tuple[str, int, int]] = set()
        spans: list[Span] = []

        def keep(label: str, start: int, end: int) -> None:
            key = (label, start, end)
            if key not in seen and end > start:
                seen.add(key)
                spans.append(Span(doc, start, end, label=label))

        for m in (self.phrases, self.exact, self.matcher):
            if not len(m):
                continue
            for match_id, start, end in m(doc):
                keep(vocab_strings[match_id], start, end)
        text = doc.text
        starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist() if len(doc) else []
        lowered = text.lower()
        index = TextIndex(lowered)
        start_chars = [doc[i].idx for i in starts]

        def within_sentence(mo: re.Match[str]) -> bool:
            """A match may not run from one sentence (or heading, or table cell) into the next;
            one that does is dropped and the search goes on inside it ("Real talk" / "Ask
            your doctor ...": not "talk ... your doctor", but "Ask your doctor")."""
            k = bisect.bisect_right(start_chars, mo.start())
            return not (k < len(start_chars) and start_chars[k] < mo.end())

        for label, rx, needed, first in self.regexes:
            if not may_match(needed, lowered):
                continue  # a word every match needs is nowhere in the text
            for mo in find_at_starts(rx, text, lowered, first, index, accept=within_sentence):
                sp = doc.char_span(mo.start(), mo.end(), alignment_mode="expand")
                if sp is not None:
                    keep(label, sp.start, sp.end)
        spans.sort(key=lambda s: (s.start, -s.end, s.label_))
        doc.spans["nx"] = spans
        return doc


class ContextMarker:
    """ConText: mark each token with the categories of the cues whose scope covers it."""

    def __init__(self) -> None:
        self.cues: dict[str, ContextCue] = {}

    def __call__(self, doc: Doc) -> Doc:
        bits = [0] * len(doc)
        cues = [s for s in doc.spans.get("nx", []) if s.label_.startswith("ctx:")]
        if cues:
            starts = [sent.start for sent in doc.sents]
            ends = starts[1:] + [len(doc)]
            pseudo = [s for s in cues if self.cues[s.label_].category == "pseudo"]
            term_tokens = {i for s in cues if self.cues[s.label_].category == "terminate"
                           for i in range(s.start, s.end)}
            negation_ends = {s.start for s in cues if self.cues[s.label_].category == "negation_end"}
            # a hyphen spaced as a dash ends a scope like "—" does ("Never suggest doses - refer to a
            # prescriber"); one inside a word ("non-opioid") does not
            if " - " in doc.text or " -- " in doc.text:
                term_tokens.update(t.i for t in doc if t.text in ("-", "--") and t.whitespace_
                                   and t.i > 0 and doc[t.i - 1].whitespace_)
            # "no side effects, no prescription needed": each "no" governs its own words, so a
            # forward scope ends where the same cue begins again ("don't ... without" still nests)
            cue_starts = {(s.text.lower(), s.start) for s in cues}
            # how many parentheses are open before each token, counted from its sentence's start
            depth = [0] * len(doc)
            if "(" in doc.text:
                words, k = [t.text for t in doc], 0
                for i in range(1, len(doc)):
                    if k + 1 < len(starts) and i == starts[k + 1]:
                        k += 1
                        continue
                    prev = words[i - 1]
                    depth[i] = depth[i - 1] + (prev == "(") - (prev == ")" and depth[i - 1] > 0)
            for s in cues:
                cue = self.cues[s.label_]
                if cue.category in ("pseudo", "terminate", "negation_end"):
                    continue
                if any(p.start <= s.start and s.end <= p.end for p in pseudo):
                    continue
                bit = CATEGORY_BITS[cue.category]
                k = bisect.bisect_right(starts, s.start) - 1
                sent_start, sent_end = starts[k], ends[k]
                # the window counts words, not punctuation: "not intended to diagnose, treat, cure or
                # prevent" keeps the whole list in scope
                if cue.direction in ("forward", "both"):
                    words = 0
                    # a cue inside parentheses governs only them: "naltrexone (without bupropion) is approved"
                    opened = depth[s.start] > 0
                    for i in range(s.end, sent_end):
                        if i in term_tokens or words >= cue.window or (s.text.lower(), i) in cue_starts:
                            break
                        if bit == CATEGORY_BITS["negated"] and i in negation_ends:
                            break
                        if opened and doc[i].text == ")":
                            break
                        bits[i] |= bit
                        words += not doc[i].is_punct
                if cue.direction in ("backward", "both"):
                    words = 0
                    for i in range(s.start - 1, sent_start - 1, -1):
                        if i in term_tokens or words >= cue.window:
                            break
                        bits[i] |= bit
                        words += not doc[i].is_punct
        doc.user_data["nx_ctx"] = bits
        return doc


def build_nlp(concepts: list[tuple[Concept, str]], cues: list[ContextCue]) -> Language:
    """The pipeline for one ruleset. ``concepts`` pairs each concept with where it was
    defined, so a bad token pattern is reported at its file and line."""
    nlp = spacy.blank("en")
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, *CITATION_SUFFIXES]).search
    nlp.add_pipe("nx_sentences")
    matcher: ConceptMatcher = nlp.add_pipe("nx_concepts")  # type: ignore[assignment]
    marker: ContextMarker = nlp.add_pipe("nx_context")  # type: ignore[assignment]
    for concept, where in concepts:
        matcher.add(concept, where)
    for cue in cues:
        matcher.add(cue.concept, cue.label)
        marker.cues[cue.label] = cue
    return nlp

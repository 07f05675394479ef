"""``claim``: drug + effect + condition claims, found once per document and graded.

The finder reads these lexicon concepts (defined in the built-in ``claims.yaml``):

- ``drug`` and ``drug_anaphor`` (a pronoun or "this medication" referring back to a
  drug named earlier in the paragraph or in the previous sentence; ``expletive``
  marks the "it is important" uses that refer to nothing);
- ``benefit_verb`` (treats, reduces, may help ...), ``hedged_benefit`` (is promising
  for, shows promise in: a benefit verb that is always hedged), ``target_off_label`` and
  ``target_on_label`` (conditions and outcomes, by label status);
- ``absolute``, ``comparative``, ``benefit_attribute`` (presupposed benefit),
  ``benefit_list`` (benefits listed without a verb: "less pain, better sleep"),
  ``anecdote`` with ``benefit_word`` and ``side_effect``.

Grades: absolute, comparative, presupposed, anecdotal, direct, hedged (negated claims
are not claims). A rule selects grades and target status; it may ask for the claim
to be uncited (``unless: [cited]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nxlint.rules.base import Hit, Rule, validate_flags

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Mention, Sentence

GRADES = ("absolute", "comparative", "presupposed", "anecdotal", "direct", "hedged")
TARGETS = ("off_label", "on_label", "none")
SUBJECT_REACH = 160
HEDGE_REACH = 8  # characters from a hedge to the hype it softens: "could be a game changer"
ANAPHOR_REACH = 3  # sentences back that "it" may refer to (sentences that say "it" again do not count)
# how a quotation is signed: "..." - Dana K. / "..." (Greg, 58) / "...," said Marcus Bell
# ("- Mark T.", "— @sarahfit", a shop review's "- m***9")
ATTRIBUTION = re.compile(r"""["”'’][*_]*\s*(?:[-–—]{1,2}\s*(?:[A-Z]|@\w|\w+\*)"""
                         r"""|\(\s*[A-Z][a-z]+(?:\s+[a-z]+)?,?\s*\d(?!\d*:\d)"""
                         r"""|\(\s*[A-Z][a-z]+(?:\s+[A-Z]\.)?,\s*[A-Za-z][\w .-]{2,30}\)"""  # (Mel, Denver)
                         # a caption's '..." Dana, 52' (not a heading over the next quotation)
                         r"""|(?:(?<=["”] )|(?<=["”]))[A-Z][a-z]+(?:\s+[A-Z]\.)?,\s*\d{2}\b"""
                         r"""(?!\s*(?:people|patients|mg|%|percent))(?![^"“]{0,40}["“])"""
                         r"""|,?\s*(?:said|says|writes|wrote)\s+(?:[A-Z]|(?:one|a|another)\s+(?:[\w-]+\s+)?(?:mom|mum|mother|dad|"""
                         r"""father|parent|wife|husband|patient|client|member|graduate|participant|reader|customer)\b)"""
                         r"""|[-–—]\s*(?:verified|a\s|an\s)"""
                         r"""|[-–—]\s*(?:shared|sent|posted|submitted|written)\s+(?:with\s+permission|by)\b"""
                         r"""|[★☆⭐]{3,}"""  # a review's stars after the quotation
                         # a clinic's "(patient, shared with permission)"
                         r"""|\(\s*(?:a\s+|one\s+|our\s+)?(?:verified\s+)?(?:patient|client|member|customer|reader|user|"""
                         r"""parent|mom|dad|buyer|purchaser)\b[^()\n]{0,40}\)"""
                         r"""|,?\s*(?:one|a|another|our)\s+(?:reader|customer|member|client|patient|participant|user|subscriber"""
                         r"""|listener|follower|mom|mum|dad|buyer)\s+(?:wrote|writes|said|says|told|shared|emailed))""")
SENDER = re.compile(r"^(?:\[[^\]\n]{1,25}\]\s*)?[A-Z][^:\n\"“]{1,40}:[^\w\"“]*(?=[\"“])")  # a message's sender
# "Marco: ", "Sarah K.: ": a person's name before a quotation (not "USER: " or "Dr. Lee: ")
NAMED = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]*\.?)?:\s*")
SIGNATURE_LEAD = re.compile(r"[ \t]*(?:>[ \t]*)*[-–—~][ \t]*")  # what opens a signature line: "> - "
SIGNATURE_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}\s*(?:[,(]|$)")  # "Carla, Evergreen client"
VERIFIED = re.compile(r"verified", re.I)  # "- Verified buyer": a review, first person or not
# "my", "me", "I", or a review's dropped "I": '"Haven't touched a beer in 6 months" - Mike'
FIRST_PERSON = re.compile(r"\b(?:[Mm]y|[Mm]e|I)\b|(?<=[\"“])\s*(?:[Hh]aven['’]t|[Hh]avent|[Bb]een|[Ll]ost|[Ff]inally|"
                          r"[Ff]eeling|[Ss]lept|[Nn]ever\s+(?:felt|thought|slept))\b")
QUOTES = ('"', "“", "‘", "'")
PRESUPPOSING_QUESTION = re.compile(r"\W*(?:why|how\s+come|how\s+(?:does|do|did|can|could)\b.*\b"
                                   r"(?:so\s+well|so\s+fast|wonders))\b", re.I)
SELF_COMPARISON = re.compile(r"\s+(?:it|they|I|we|he|she|mine)\s+(?:was|were|used\s+to|did|had\s+been)\b|"
                             r"\s+(?:before|ever|last\s+year|a\s+year\s+ago)\b|"  # "better than it was"
                             r"\s+(?:you|we|they|I|most\s+people)\s+(?:might\s+|may\s+|would\s+|had\s+)?"
                             r"(?:think|expect|imagine|thought|expected|imagined)\b|"
                             r"\s+(?:is|are)\s+(?:the\s+ones?|whichever|whatever)\b|"
                             r"\s+(?:in|at|during|back\s+in)\s+(?:january|february|march|april|may|june|july|august|"
                             r"september|october|november|december|the\s+(?:start|beginning|spring|summer|autumn|fall|"
                             r"winter)|week\s+\w+|month\s+\w+)\b|"  # "a bit better than in January"
                             r"\s+(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|june|july|"
                             r"august|september|october|november|december|yesterday|last\s+(?:week|month|night|time))\b|"
                             r"\s+(?:an?\s+|the\s+)?(?:inactive\s+)?placebo\b|"  # "better than placebo": a trial result
                             r"\s+(?:[\w-]+\s+){0,3}?nothing\b|"  # "better than offering nothing"
                             r"\s+remembering\b|"  # "way easier than remembering a pill every day"
                             r"\s+the\s+one\s+before\b|"  # "mild inflammation, better than the one before it"
                             r"\s*(?:[\w-]+\s+)?(?:contract|price|prices|cost|costs|quote|deal|rates?|competitors?|"
                             r"competition)\b",  # "$899 a dose, which beats the county contract": a price
                             re.I)  # "easier than you think"; "the best medicine is the one a person will stay on"
PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being|gets|got)\s+(?:\w+\s+)?$", re.I)
PREDICATE = re.compile(r"(?:\s+(?:is|are)\s+(?:(?:basically|really|just|essentially|actually|like)\s+)?|\s*,\s*)"
                       r"(?:the|a|an|your)\s+(?:[\w-]+,?\s+){0,3}$", re.I)  # "LDN is basically a natural painkiller"
# (or in apposition: "low-dose naltrexone, the natural appetite reset")
CONDITIONAL = re.compile(r"\W*(?:if|suppose|assuming)\b[^.!?]*,\s*then\b", re.I)  # a hypothesis: "If LDN ..., then ..."
THAN_WORD = re.compile(r"\s+than\b", re.I)
THAN_TO = re.compile(r"\s+to\s+\w+")
NO_LIST = re.compile(r"\b(?:no|zero)\s+[\w-]+(?:\s+[\w-]+)?\s*(?:,\s*(?:and\s+)?|and\s+)$", re.I)  # "no hangover, "
# a chat export's "[09/05/24, 08:14] Sender: " or "Megan L. (10:21 AM): " before a message
CHAT_PREFIX = r"(?:\[[^\]\n]{1,25}\]\s*[^:\n]{1,40}:|[A-Z][\w.' -]{0,30}\(\d{1,2}:\d\d\s*(?:[AaPp][Mm])?\):)?"
# "Vivitrol is basically Narcan that lasts a month": the other medicine is what the drug is called
PREDICATE_BEFORE = re.compile(r"\b(?:is|are|was|['’]s|like|as)\s+(?:basically\s+|just\s+|like\s+|really\s+|"
                              r"essentially\s+|literally\s+|a\s+|an\s+|the\s+)*$", re.I)
APPROVED_TO = re.compile(r"\bapproved\b[^.;]{0,40}\bto\s+$", re.I)  # the use an approval was for
HOW_IT = re.compile(r"\bhow\s+(?:it|this|the\s+(?:program|service|plan))\s+$", re.I)  # "How it works for members:"
INSTRUMENT = re.compile(r"\b(?:with|using|via|through|thanks\s+to)\s+(?:[\w-]+\s+)?$", re.I)  # "... with LDN"
LEAD_IN = re.compile(CHAT_PREFIX + r"[\W_]*(?:(?:also|plus|and|even)\s+)?", re.I)  # "• Also supports weight loss"
WORD_ITSELF = re.compile(r"\b(?:word|term|phrase|label)s?\s+(?:like\s+)?[\"“'‘]?$", re.I)  # the word, not the claim
COMPARATIVE_ADJ = re.compile(r"\b(?:be|is|are|was|were|been|gets?|got|far|much|even)\s+$", re.I)
AMOUNT = re.compile(r"\s+(?:amounts?|doses?|levels?|quantities|strengths?)\b", re.I)  # "lower amounts": an adjective
BODY_PART = re.compile(r"\s+(?:back|legs?|body|abdomen|belly|jaw|limbs?|half|extremit(?:y|ies))\b",
                       re.I)  # "lower back pain"
ENDORSED = re.compile(r"\s*(?:the\s+)?", re.I)  # "recommend (the) LDN for ..."
NEEDED = re.compile(r"\b(?:needs?|needed|requires?|required|wants?)\b[^.,;]*$", re.I)  # "who later needs pain relief"
FOR_USE = re.compile(r"\s+(?:[\w-]+\s+)?(?:for|to\s+(?:treat|help|manage|ease|calm))\b", re.I)  # "LDN off-label for MS"
RELATIVE = re.compile(r",\s*(?:which|that)\s+(?:[\w-]+\s+){0,2}$", re.I)  # "LDN blocks TLR4, which could dampen"
# "RELIEVES JOINT AND NERVE PAIN": a verb in capitals among words in capitals is shouted, not a name
SHOUTED = re.compile(r"\s+(?:[A-Z]{2,}|[A-Z]{1,3}\s+[A-Z]{2,})\b")
UNLIKE = re.compile(r"\b(?:unlike|compared\s+(?:with|to)|than|instead\s+of|versus|vs\.?|superior\s+to|inferior\s+to|"
                    r"over)\s+$", re.I)  # (a cell's "superior to buprenorphine" sets it against the column's drug)
STARS = "★☆⭐"  # a review's star rating
RATING = re.compile(r"\s*[\[(]?\s*[1-5](?:\.\d)?\s*/\s*5\s*(?:stars?\s*)?[\])]?\s*")  # "[5/5]" opens a review too
PRODUCT_NAME_END = re.compile(r"(?:\s+[A-Z][\w-]*)*\s+(?:package|program|programme|protocol|kit|plan|bundle|"
                              r"membership|box|course|system|method|stack|challenge)\b", re.I)
FROM_WORKING = re.compile(r"[^.;!?]{0,80}?\bfrom\s+(?:working|taking\s+effect|having\s+(?:any\s+)?effect)\b", re.I)
USER_GAP = re.compile(r"\s*(?:the\s+|a\s+)?", re.I)  # "members on (the) monthly injection"
NOMINAL = re.compile(r"\b(?:in|for|of|at|about|on|from)\s+$", re.I)  # characters between a subject and its verb


@dataclass
class Claim:
    sentence: int
    grade: str
    start: int
    end: int
    target: str  # off_label, on_label or none
    cue: str  # the words that made it a claim
    drug: str = ""


class ClaimRule(Rule):
    kind = "claim"
    KEYS = {"grade", "target", "unless", "severity_on_label"}
    PLACEHOLDERS = {"match", "sentence", "grade", "drug", "cue"}

    def compile(self, spec: dict[str, Any]) -> None:
        self.grades = self.as_list(spec.get("grade"))
        if not self.grades or any(g not in GRADES for g in self.grades):
            raise self.error(f"'grade' must list some of {', '.join(GRADES)}", "grade")
        self.targets = self.as_list(spec.get("target")) or list(TARGETS)
        if any(t not in TARGETS for t in self.targets):
            raise self.error(f"'target' must list some of {', '.join(TARGETS)}", "target")
        self.unless = validate_flags(self, self.as_list(spec.get("unless")), "unless")
        self.severity_on_label = spec.get("severity_on_label")

    def check(self, analysis: Analysis) -> list[Hit]:
        claims = analysis.cache.get("claims")
        if claims is None:
            claims = analysis.cache["claims"] = find_claims(analysis)
        hits = []
        done: set[int] = set()
        for c in claims:
            if c.grade not in self.grades or c.target not in self.targets or c.sentence in done:
                continue
            sent = analysis.sentences[c.sentence]
            if not self.context_ok(analysis, sent, 0, self.unless, c.start):
                continue
            done.add(c.sentence)
            values = {"match": analysis.text[c.start:c.end], "sentence": sent.text, "grade": c.grade,
                      "drug": c.drug or "naltrexone", "cue": c.cue}
            hits.append(Hit(c.start, c.end, values, grade=c.grade))
            if c.target == "on_label" and self.severity_on_label:
                hits[-1].values["_severity"] = self.severity_on_label
        return hits


def _subjects(analysis: Analysis, sent: Sentence) -> list[Mention]:
    """Drug mentions in the sentence, plus anaphors that refer back to a drug."""
    subs = sent.find("drug")
    expletives = sent.find("expletive")
    for a in sent.find("drug_anaphor"):
        if any(e.start <= a.start < e.end for e in expletives):
            continue
        if any(d.start < a.start for d in subs) or _drug_before(analysis, sent, far=True) or (
                _injection_named(analysis, sent, a)):
            subs.append(a)
    return sorted(subs, key=lambda m: m.start)


def _injection_named(analysis: Analysis, sent: Sentence, a: Mention) -> bool:
    """Is the anaphor "the shot" (or "the injection") in a draft that named the monthly
    injection before? Naloxone named since is a spray, not the shot: "... not to be
    confused with naloxone, the nasal spray ... Insiders say the shot helped her"."""
    return any(i.start == a.start for i in sent.find("injection_anaphor")) and any(
        v.start < sent.start for v in analysis.mentions("drug_vivitrol"))


def _drug_before(analysis: Analysis, sent: Sentence, far: bool = False) -> bool:
    """Was a drug named recently enough for "it" to mean it: earlier in the paragraph, or
    in the last few sentences, with no other medicine named since? With ``far``, anywhere
    before, when naltrexone is the only medicine the draft names."""
    reach = ANAPHOR_REACH
    k = sent.index - 1
    while k >= 0 and reach > 0:
        s = analysis.sentences[k]
        if s.has("naloxone_name", "other_drug") and not s.has("drug"):
            return False  # "Disulfiram (Antabuse). Some people find this helpful": another medicine
        if s.has("drug"):
            return True
        if not s.has("drug_anaphor"):
            reach -= 1  # "My group swears by it. People say ...": "it" carries the drug on
        k -= 1
    for j in range(k, -1, -1):
        s = analysis.sentences[j]
        if s.block != sent.block:
            break
        if s.has("drug"):
            return True
    return far and _sole_medicine(analysis) and any(d.start < sent.start for d in analysis.mentions("drug"))


def _sole_medicine(analysis: Analysis) -> bool:
    """Is naltrexone the only medicine the draft names? Then in a Q&A or a chat, where
    short turns break the thread, "it" still means naltrexone ("A: Yes! ... It kills sugar
    cravings")."""
    sole = analysis.cache.get("sole_medicine")
    if sole is None:
        sole = analysis.cache["sole_medicine"] = not analysis.mentions("other_drug", "naloxone_name")
    return sole


def _other_medicine_before(analysis: Analysis, sent: Sentence) -> bool:
    """Was the medicine named last before this sentence, in its block, another one?"""
    for k in range(sent.index - 1, max(-1, sent.index - 1 - ANAPHOR_REACH), -1):
        prev = analysis.sentences[k]
        if prev.block != sent.block:
            return False
        if prev.has("drug"):
            return False
        if prev.has("naloxone_name", "other_drug"):
            return True
    return False


TARGET_ANAPHOR = re.compile(r"\s*(?:for\s+)?(?:that|this|those|these|it)\b(?:\s+(?:too|as\s+well|also))?", re.I)


def _target(sent: Sentence, after: int) -> tuple[str, Mention | None]:
    for m in sent.mentions:
        if m.start >= after and m.label in ("target_on_label", "target_off_label") and not m.has("negated"):
            if sent.same_clause(after, m.start) or m.start - after < 60:
                return ("on_label" if m.label == "target_on_label" else "off_label"), m
    return "none", None


def _on_label_weight(analysis: Analysis, sent: Sentence, subj: Mention, target: Mention | None) -> bool:
    """A weight claim whose subject is naltrexone/bupropion: on-label (FACTS.md 1c)."""
    if target is None or not any(w.start == target.start for w in sent.find("weight_condition")):
        return False
    if subj.label == "drug_anaphor":  # "it" is the drug named last
        named = [d for d in analysis.mentions("drug") if d.start < subj.start]
        if not named:
            return False
        subj = named[-1]
        sent = analysis.sentences[subj.sent]
    return any(c.start <= subj.start < c.end or subj.start <= c.start < subj.end for c in sent.find("drug_contrave"))


def _quoted_testimonial(analysis: Analysis, sent: Sentence) -> bool:
    """A first-person quotation presented as a testimonial: inside quotation marks and
    signed like a review ("... my life back." (Dana, 44) / - Mark T., verified buyer).
    Reported speech in news ('..., said the nurse') is not signed this way."""
    text = analysis.text
    opening = sent.text.lstrip(" *" + STARS).lstrip()  # a review may open with its star rating
    rated = RATING.match(opening)
    opening = opening[rated.end():] if rated else opening
    sender = SENDER.match(opening)
    opening = opening[sender.end():] if sender else opening  # 'SlimPath: "I lost 32 lbs ..." - Tanya R.'
    signed = ATTRIBUTION.search(text, sent.start, min(len(text), sent.end + 30))
    if sender and NAMED.fullmatch(sender.group()) and opening[:1] in QUOTES and FIRST_PERSON.search(opening) \
            and not sent.question and any(b.has("anecdote") for b in analysis.block_sentences(sent.block)):
        # 'So many of you DM'd me ... Marco: "My psoriasis is GONE."': a name signs a quotation the
        # paragraph collects as testimony (not 'Paula: "My pain is a bit better, maybe."' in minutes)
        return True
    starred = sent.text.lstrip()[:1] in STARS or rated is not None  # a star rating makes it a review
    if opening[:1] in QUOTES and (signed or _signed_below(analysis, sent)) and (
            FIRST_PERSON.search(sent.text) or (signed and _verified(text, signed)) or starred):
        return True  # '"Three weeks on LDN and my joint pain is gone," one reader wrote to us.''
    block = analysis.block_sentences(sent.block)
    # the quotation opens at the block's start or at a sentence before this one that opens with
    # a quotation mark ('TEXT 4 (Day 6)' / '"I stopped thinking about food. Down 34 lbs!" - Keisha')
    first = block[0] if block[0].text.lstrip(" *" + STARS)[:1] in QUOTES + ("“",) else next(
        (b for b in reversed(block) if b.index <= sent.index and b.text.lstrip(" *" + STARS)[:1] in QUOTES + ("“",)),
        block[0])
    quote = text[first.start:block[-1].end]
    if not any(q in quote.lstrip()[:12] for q in QUOTES + ("“",)):
        return False
    signed = ATTRIBUTION.search(text, first.start, min(len(text), block[-1].end + 30))
    if signed is None:
        return _signed_below(analysis, block[-1]) and FIRST_PERSON.search(quote) is not None
    return FIRST_PERSON.search(quote) is not None or _verified(text, signed) or first.text.lstrip()[:1] in STARS


def _signed_below(analysis: Analysis, sent: Sentence) -> bool:
    """Is the quotation signed on the line under it ('"... It changed my life!"' / '- Carla,
    Evergreen client'), where Markdown reads the dash as a list marker?"""
    if not sent.text.rstrip().endswith(QUOTES + ("”",)) or sent.index + 1 >= len(analysis.sentences):
        return False
    nxt = analysis.sentences[sent.index + 1]
    source = analysis.document.source
    at = analysis.to_source(nxt.start, nxt.start)[0]
    line = source[source.rfind("\n", 0, at) + 1:at]
    return SIGNATURE_LEAD.fullmatch(line) is not None and len(nxt.text.split()) <= 8 \
        and SIGNATURE_NAME.match(nxt.text.strip()) is not None


def _verified(text: str, signed: re.Match[str]) -> bool:
    """Is the signature a review's ("- Verified buyer")? Then the quote is a testimonial
    even without "I" or "my"."""
    return VERIFIED.search(text, signed.start(), signed.end() + 12) is not None


def _side_effects_passed(analysis: Analysis, sent: Sentence) -> bool:
    """A short "Better now." after a sentence of side effects says they passed, not that the
    drug works ('"Weird vivid dreams the first week. Better now." - Verified Purchase')."""
    # the words inside the quote, not its signature
    said = re.split(r"[\"”]", sent.text.strip().lstrip("\"“* "), maxsplit=1)[0]
    return len(said.split()) <= 3 and sent.index > 0 and analysis.sentences[sent.index - 1].has("side_effect")


def _other_named_last(analysis: Analysis, sent: Sentence, pos: int) -> bool:
    """Is the medicine the sentence names last before ``pos`` another one (naloxone, say),
    not set against the drug ("than Suboxone")?"""
    label = analysis.row_label(sent) if analysis.has_tables else None
    if label is not None and label.start < sent.start and label.has("other_drug", "naloxone_name") \
            and not label.has("drug") and not sent.has("drug"):
        return True  # "| Methylnaltrexone | ... | so it does not block opioid pain relief |": the row's medicine
    named = [x for x in sent.find("drug", "other_drug", "naloxone_name") if x.end <= pos
             and not UNLIKE.search(analysis.text, max(sent.start, x.start - 16), x.start)
             and not PREDICATE_BEFORE.search(analysis.text, max(sent.start, x.start - 30), x.start)
             and (x.label == "drug" or not _bracketed(analysis.text, sent.start, x.start))]
    return bool(named) and max(named, key=lambda x: x.end).label != "drug"


def _bracketed(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside brackets opened since ``start`` ("Contrave (naltrexone/bupropion)")?"""
    before = text[start:pos]
    return before.count("(") > before.count(")")


def _in_drug_column(analysis: Analysis, sent: Sentence) -> bool:
    """Is the sentence a table cell under a column headed by the drug ("| XR-NTX |")?"""
    head = analysis.column_header(sent) if analysis.has_tables else None
    return head is not None and head.has("drug") and not head.has("other_drug", "naloxone_name")


def _other_subject(analysis: Analysis, sent: Sentence) -> bool:
    """Does another medicine stand in the sentence other than as what the drug is set against
    ("and unlike zoloft there are zero side effects" is about the drug of the thread)?"""
    if analysis.has_tables and (head := analysis.column_header(sent)) is not None \
            and head.has("other_drug", "naloxone_name") and not head.has("drug"):
        return True  # a cell under "| Buprenorphine |" speaks of buprenorphine
    return any(not UNLIKE.search(analysis.text, max(sent.start, o.start - 16), o.start)
               for o in sent.find("other_drug"))


def _benefit_reported(analysis: Analysis, sent: Sentence) -> bool:
    """A benefit in the report itself, or in the quotation it introduces ("Many families
    tell us: 'It brought our dad back.'")."""
    if any(not b.has("hypothetical") for b in sent.find("benefit_word")):
        return True  # not "when a patient tells me they want to cut back"
    drugs = sent.find("drug", "drug_anaphor", "drug_vivitrol")  # "the monthly shot keeps them from relapsing"
    if any(not v.has("negated") and any(0 <= v.start - d.end <= 12 for d in drugs) for v in sent.find("benefit_verb")):
        return True  # "several mamas tell me LDN boosted their milk supply": the drug did it
    targets = [t for t in sent.find("target_off_label", "target_on_label") if not t.has("negated")]
    if any(not (v.has("negated") or v.has("hypothetical")) and any(0 <= v.start - t.end <= 30 for t in targets)
           for v in sent.find("benefit_verb")):
        return True  # "Many of our patients say the food noise finally switched off": the symptom went
    if not sent.text.rstrip().endswith((":", '"', "”", "'")) and ":" not in sent.text:
        return False
    nxt = analysis.sentences[sent.index + 1] if sent.index + 1 < len(analysis.sentences) else None
    return nxt is not None and nxt.block == sent.block and nxt.has("benefit_word")


def _attached(analysis: Analysis, attr: Mention, drugs: list[Mention]) -> Mention | None:
    """A drug the benefit attribute belongs to: "LDN's anti-inflammatory effects" or
    "the mood-enhancing effects of naltrexone"."""
    text = analysis.text
    before = text[max(0, attr.start - 40):attr.start].lower()
    if re.search(r"\b(?:its|it's|it’s)\s+(?:[\w-]+\s+(?:and|or)\s+|[\w-]+,\s+)*$", before):
        refs = [d for d in analysis.mentions("drug") if d.start < attr.start]
        if refs:
            return refs[-1]  # "its mood-enhancing effects", after the drug was named
    for d in drugs:
        if d.end <= attr.start and attr.start - d.end <= 24:
            gap = text[d.end:attr.start].lower()
            if gap.startswith(("'s", "’s", "s'")) and len(gap.split()) <= 3:
                return d
        if d.end <= attr.start and attr.start - d.end <= 40 and PREDICATE.match(text, d.end, attr.start):
            return d  # "LDN is the gentle, natural immune reset"
        if d.start >= attr.end and d.start - attr.end <= 20:
            gap = text[attr.end:d.start].lower().split()
            if gap[:1] == ["of"] or gap[:1] == ["from"]:
                return d
    return None


def _in_title(text: str, sent: Sentence, v: Mention) -> bool:
    """Is the capitalised word part of a product's name in title case, after another
    capitalised word and before what is sold ("The 3-month LDN Thyroid Reset package is
    $249")? A title-case heading ("How LDN Reduces Inflammation") still claims."""
    if not v.text[:1].isupper() or v.start - sent.start < 3 or not PRODUCT_NAME_END.match(text, v.end):
        return False
    before = text[max(sent.start, v.start - 30):v.start].split()
    return bool(before) and before[-1][:1].isupper() and before[-1].isalpha()


def _name_word(analysis: Analysis, sent: Sentence, v: Mention) -> bool:
    """Is the capitalised base form right after the drug's name a noun in a name ("Autoimmune
    Warriors: LDN Support!")? After a singular name the verb would be "Supports"."""
    if not v.text[:1].isupper() or v.text[-1:].lower() == "s":
        return False
    return any(0 <= v.start - d.end <= 1 for d in sent.find("drug"))


def _scare_quoted(text: str, m: Mention) -> bool:
    """Is the word in quotation marks of its own ('says it "reversed" her thyroid disease')?"""
    end = m.end + (text[m.end:m.end + 1] in ",.")  # '"safe for everyone," no.'
    return (m.start > 0 and text[m.start - 1] in QUOTES + ("”",) and text[end:end + 1] in QUOTES + ("”", "’")
            and not text[end + 1:end + 2].isalpha())  # "nobody's" is an apostrophe, not a closing quote


def find_claims(analysis: Analysis) -> list[Claim]:
    out: list[Claim] = []
    for sent in analysis.sentences:
        if sent.refuted:
            continue  # reported and then refuted: "... 'a miracle drug.' That is not true."
        subjects = _subjects(analysis, sent)
        drug_name = subjects[0].text if subjects and subjects[0].label == "drug" else ""
        question = sent.question
        # "Is it a cure?" asks; "Why does LDN work so well?" presupposes the answer
        asks = question and not PRESUPPOSING_QUESTION.match(sent.text)
        for m in sent.find("absolute"):
            if m.has("attributed") and analysis.asked_after(sent, truth=True):
                continue  # "My sister says it makes you stop drinking for good. Is that true?"
            # in "no hangover, no withdrawal, no side effects" the first "no" does not deny the rest
            if _scare_quoted(analysis.text, m) or WORD_ITSELF.search(analysis.text, max(0, m.start - 24), m.start):
                continue  # 'advertising that describes LDN as "clinically proven"', "careful with the word miracle"
            negated = m.has("negated") and not NO_LIST.search(analysis.text, max(sent.start, m.start - 40), m.start)
            if m.has("hypothetical") or (_other_subject(analysis, sent) and not sent.has("drug", "drug_anaphor")):
                continue  # "... if you have no withdrawal symptoms"; "Acamprosate ... does not interact with opioids"
            if _other_named_last(analysis, sent, m.start):
                continue  # "keep Narcan around anyway, it saves lives": the medicine named last is another
            if not negated and not asks:
                label, _ = _target(sent, m.start)
                label = label if label != "none" else "off_label"
                out.append(Claim(sent.index, "absolute", m.start, m.end, label, m.text, drug_name))
                if any(0 <= m.start - h.end <= HEDGE_REACH for h in sent.find("hedge")):
                    # "a trial that could be a game changer": hype, and a hedged benefit claim too
                    out.append(Claim(sent.index, "hedged", m.start, m.end, label, m.text, drug_name))
        about_drug = bool(subjects) or sent.has("drug", "drug_anaphor") or _drug_before(analysis, sent) \
            or _in_drug_column(analysis, sent)
        if not question:
            for m in sent.find("comparative"):
                if not about_drug or _scare_quoted(analysis.text, m):
                    continue  # '"I found the bottle" works better than "You're an alcoholic"' is about words
                if m.text.lower().endswith("than") and THAN_TO.match(analysis.text, m.end):
                    continue  # "I knew better than to order it online"
                than = THAN_WORD.match(analysis.text, m.end)  # "works better than a placebo"
                if not m.has("negated") and not SELF_COMPARISON.match(analysis.text, than.end() if than else m.end):
                    out.append(Claim(sent.index, "comparative", m.start, m.end, "off_label", m.text, drug_name))
        drugs = sent.find("drug")
        for m in sent.find("benefit_attribute"):
            d = _attached(analysis, m, drugs)
            if d is not None and not m.has("negated"):
                out.append(Claim(sent.index, "presupposed", min(d.start, m.start), max(d.end, m.end), "off_label",
                                 m.text, d.text))
        anecdotes = sent.find("anecdote")
        if anecdotes and not subjects and (_other_medicine_before(analysis, sent) or not (
                sent.has("drug_anaphor") or _drug_before(analysis, sent))):
            anecdotes = []  # "Disulfiram (Antabuse). Some people find this helpful": not about naltrexone; nor
            # is "By now many people notice they're sleeping through the night" in a Dry January email
        if anecdotes and _benefit_reported(analysis, sent) and not sent.has("side_effect"):
            m = anecdotes[0]
            if not m.has("negated"):
                out.append(Claim(sent.index, "anecdotal", m.start, m.end, "off_label", m.text, drug_name))
        elif (any(not b.has("negated") for b in sent.find("benefit_word", "benefit_verb", "absolute"))
              and _quoted_testimonial(analysis, sent)
              and not _side_effects_passed(analysis, sent)):
            out.append(Claim(sent.index, "anecdotal", sent.start, sent.end, "off_label", "a quoted testimonial",
                             drug_name))
        if question:
            continue
        for m in sent.find("benefit_list"):
            # "More endorphins, less inflammation, better mood.": benefits listed as fact, the
            # drug named in the sentence or just before
            if not m.has("negated") and not m.has("hypothetical") and (subjects or _drug_before(analysis, sent)):
                label, _ = _target(sent, m.start)
                target = "on_label" if label == "on_label" else "off_label"
                out.append(Claim(sent.index, "direct", m.start, m.end, target, m.text, drug_name))
        for v in sent.find("benefit_verb", "hedged_benefit"):
            if v.has("negated") or v.has("hypothetical") or _scare_quoted(analysis.text, v):
                continue  # '... says LDN "reversed" her Hashimoto's': the writer keeps the word at a distance
            if v.text.isupper() and not (SHOUTED.match(analysis.text, v.end)
                                         and analysis.text[v.start - 1:v.start] not in "[(") \
                    or analysis.text[v.end:v.end + 1] == "-" or _in_title(analysis.text, sent, v) \
                    or _name_word(analysis, sent, v):
                continue  # a name, not a verb: "RESTORE-LC is testing whether LDN ...", "the LDN Thyroid Reset package"
            if FROM_WORKING.match(analysis.text, v.end):
                continue  # "Naltrexone stops morphine ... from working" describes the blockade
            if any(r.start <= v.start < r.end for r in sent.find("reverses_overdose")):
                continue  # "it would reverse it like narcan does" is a factual error, not a benefit claim
            if v.has("attributed") and analysis.asked_after(sent):
                continue  # "My GP said it could help with cravings. Has anyone taken it?"
            if NOMINAL.search(analysis.text, max(sent.start, v.start - 12), v.start) \
                    or (v.text.lower().startswith("work")
                        and HOW_IT.search(analysis.text, max(sent.start, v.start - 12), v.start)):
                continue  # "its effectiveness in treating": a noun phrase, not a claim ("How it works for members:")
            before_v = analysis.text[max(sent.start, v.start - 16):v.start]
            if AMOUNT.match(analysis.text, v.end) or v.text.lower() == "lower" and (
                    COMPARATIVE_ADJ.search(before_v) or BODY_PART.match(analysis.text, v.end)):
                continue  # "lower amounts", "tolerance would be far lower": an adjective, not a verb
            if v.text.lower().endswith("ed") and PASSIVE.search(analysis.text, max(sent.start, v.start - 20), v.start):
                continue  # "LDN is promoted for ...": the drug is acted on, it does not act
            subj = next((s for s in reversed(subjects) if s.end <= v.start and v.start - s.end <= SUBJECT_REACH
                         and sent.same_clause(s.end, v.start)), None)
            if subj is None and RELATIVE.search(analysis.text, max(sent.start, v.start - 40), v.start):
                # "LDN may act on microglia, which could dampen neuroinflammation": the relative
                # clause says what the drug's action does
                subj = next((s for s in reversed(subjects) if s.end <= v.start and v.start - s.end <= SUBJECT_REACH),
                            None)
            row = analysis.row_label(sent) if subj is None and analysis.has_tables else None
            if row is not None:
                # a table cell speaks of its row, or of its column: "| Low-dose naltrexone | Reduces
                # pain in fibromyalgia |" and "| Benefits | Reduces pain |" under "| | LDN |" claim a
                # benefit of the drug, "| Yoga | Reduces pain |" does not
                head = analysis.column_header(sent)
                subj = next(iter(row.find("drug")), None) or next(iter(head.find("drug") if head else []), None)
            elif subj is None and LEAD_IN.fullmatch(analysis.text, sent.start, v.start):
                # an imperative headline: "Fight inflammation with LDN"; or a product bullet
                # with no subject: "Reduces inflammation and pain naturally"
                subj = next((d for d in sent.find("drug") if d.start > v.end), None)
                if subj is None and v.text[-1:].lower() == "s" and _drug_before(analysis, sent, far=True):
                    subj = v
            if subj is None:
                # the drug as the means: "how to calm your immune system with low-dose naltrexone"
                subj = next((d for d in sent.find("drug") if 0 < d.start - v.end <= 60
                             and sent.same_clause(v.end, d.start) and INSTRUMENT.search(analysis.text, v.end, d.start)),
                            None)
            if subj is None:
                continue
            label, target = _target(sent, v.end)
            if target is None and TARGET_ANAPHOR.match(analysis.text, v.end):
                # "on naltrexone for binge eating as well as drinking, and it works for that too":
                # "that" is the use named before it (the unapproved one, when there are two)
                prior = sorted((t for t in sent.find("target_off_label", "target_on_label")
                                if t.end <= v.start and not t.has("negated")),
                               key=lambda t: (t.label == "target_off_label", t.start))
                if prior:
                    target = prior[-1]
                    label = "off_label" if target.label == "target_off_label" else "on_label"
            if label == "off_label" and _on_label_weight(analysis, sent, subj, target):
                label = "on_label"  # Contrave (naltrexone/bupropion) is approved for weight management
            elif label == "on_label" and any(c.start <= subj.start < c.end for c in sent.find("drug_ldn")):
                if any(subj.end <= d.start < v.start for d in sent.find("drug_standard")) \
                        or APPROVED_TO.search(analysis.text, subj.end, v.start):
                    continue  # "LDN, a tiny dose of a drug that at its standard 50 mg strength is approved to ..."
                    # ("... a drug that was first approved back in 1984 to help people recovering from heroin")
                label = "off_label"  # "LDN helps with cravings": low-dose naltrexone is approved for nothing
            if target is not None and FIRST_PERSON.search(analysis.text, v.end, target.start + 1):
                continue  # "it helped my sleep": one person's experience, not a general claim
            hedged = (v.label == "hedged_benefit" or v.has("hedged")
                      or any(h.start >= subj.end and h.end <= v.start for h in sent.find("hedge")))
            grade = "hedged" if hedged else "direct"
            end = target.end if target is not None and target.start > v.start else v.end
            start = v.start
            if sent.start <= subj.start < sent.end:  # not a table cell's row label
                start, end = min(subj.start, v.start), max(end, subj.end)
            out.append(Claim(sent.index, grade, start, end, label, v.text,
                             subj.text if subj.label == "drug" else drug_name))
        if CONDITIONAL.match(sent.text):
            continue  # "If LDN lowers inflammation, then people who take it should report less pain"
        out.extend(_user_outcomes(analysis, sent, subjects, drug_name))
        out.extend(_endorsements(analysis, sent, subjects))
        if not subjects:
            out.extend(_research_findings(analysis, sent, drug_name))
    return out


def _research_findings(analysis: Analysis, sent: Sentence, drug_name: str) -> list[Claim]:
    """Research said to show a benefit, in a draft about the drug, with the drug left
    unnamed: "Clinical trials found an 80 percent drop in joint pain" (after "LDN for your
    joints") claims what the drug does as surely as naming it would."""
    if sent.question or sent.has("other_drug", "naloxone_name", "other_treatment") or not _drug_before(
            analysis, sent, far=True):
        return []
    for r in sent.find("research_claim"):
        if r.has("negated") or r.has("hypothetical"):
            continue
        gain = next((b for b in sent.find("benefit_word") if b.start >= r.end and not b.has("negated")
                     and sent.same_clause(r.end, b.start)), None)
        if gain is None:
            continue
        label, target = _target(sent, gain.start)
        if label == "off_label" and target is not None:
            named = [d for d in analysis.mentions("drug") if d.start < sent.start]
            return [Claim(sent.index, "direct", r.start, target.end, label, gain.text,
                          named[-1].text if named else drug_name)]
    return []


def _endorsements(analysis: Analysis, sent: Sentence, subjects: list[Mention]) -> list[Claim]:
    """An authority who recommends the drug for an unapproved use vouches that it works
    there: "Doctors in Europe recommend LDN for autoimmune disease" is a claim, though the
    doctors, not the drug, are the subject."""
    out = []
    for a in sent.find("authority_claim"):
        if a.has("negated") or a.has("hypothetical") or a.has("attributed"):
            continue
        d = next((d for d in subjects if 0 <= d.start - a.end <= 6
                  and ENDORSED.fullmatch(analysis.text, a.end, d.start)), None)
        if d is None or not FOR_USE.match(analysis.text, d.end):
            continue
        label, target = _target(sent, d.end)
        if label == "off_label" and target is not None:
            out.append(Claim(sent.index, "direct", a.start, target.end, label, a.text,
                             d.text if d.label == "drug" else ""))
    return out


def _user_outcomes(analysis: Analysis, sent: Sentence, subjects: list[Mention], drug_name: str) -> list[Claim]:
    """What the drug's takers gain, stated as fact: "people on naltrexone lose 10% of their
    body weight" claims the drug does it, though the people, not the drug, are the subject."""
    out = []
    # "people on naltrexone", and "members on the monthly injection" (a product named by its form)
    named = subjects + [m for m in sent.find("drug_vivitrol", "drug_ldn", "drug_contrave")
                        if not any(s.start <= m.start < s.end for s in subjects)]
    for u in sent.find("drug_users"):
        subj = next((s for s in named if 0 <= s.start - u.end <= 5
                     and USER_GAP.fullmatch(analysis.text, u.end, s.start)), None)
        if subj is None:
            continue
        gain = next((b for b in sent.find("benefit_word") if b.start >= subj.end and not b.has("negated")
                     and not b.has("hypothetical") and sent.same_clause(subj.end, b.start)
                     and not NEEDED.search(analysis.text, max(subj.end, b.start - 30), b.start)), None)
        if gain is None:
            continue
        label, target = _target(sent, subj.end)
        if label == "off_label" and _on_label_weight(analysis, sent, subj, target):
            label = "on_label"
        if label == "none":
            label = "off_label"  # "have less spiritual distress": a gain the label does not promise
        hedged = any(h.start >= subj.end and h.end <= gain.start for h in sent.find("hedge"))
        end = max(gain.end, target.end if target is not None else gain.end)
        out.append(Claim(sent.index, "hedged" if hedged else "direct", u.start, end, label, gain.text,
                         subj.text if subj.label == "drug" else drug_name))
    return out

"""One document, analysed once: what every rule reads.

Rules never touch spaCy objects directly: they get :class:`Sentence` and
:class:`Mention` records with offsets into the normalised text, so a document split
into pieces (longer than spaCy's ``max_length``) looks the same as a short one.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from nxlint.analyse import citations as cit
from nxlint.analyse.normalize import EvasionTables, Normalized, normalize
from nxlint.analyse.pipeline import CATEGORY_BITS
from nxlint.read.document import Cell, Document

CHUNK = 200_000  # characters per spaCy call; well under spaCy's default max_length


@dataclass
class Mention:
    label: str
    start: int  # normalised offsets
    end: int
    text: str
    sent: int  # index of its sentence
    mods: int = 0  # context bits of its first token (CATEGORY_BITS)

    def has(self, category: str) -> bool:
        return bool(self.mods & CATEGORY_BITS[category])


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    block: int
    mentions: list[Mention] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # clause boundaries (terminating cues)
    tokens: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, context bits)
    cite_end: int = 0  # citation evidence up to here still belongs to this sentence
    heading: bool = False
    refuted: bool = False  # the next sentence says it is wrong ("That is not accurate.")
    dissuaded: bool = False  # it gives reasons after "Please don't.": what it names is advised against
    refuted_from: int = -1  # only the clause from here on is refuted ("..., so they think it needs X. It doesn't.")
    refuted_until: int = -1  # only what comes before here is refuted ('"It's just an antidepressant" no. it's ...')
    option: bool = False  # a multiple-choice answer under a question ("B. Partial agonist"): part of the question

    @property
    def question(self) -> bool:
        """Does the sentence ask? Its claims are questions, not statements ("True or
        false: naltrexone reverses an overdose." asks too)."""
        if self.option:
            return True
        if TAG_QUESTION.match(self.text) or PREMISE_QUESTION.match(self.text):
            return False  # "Naltrexone reverses overdoses right?" asserts, and only asks to be agreed with
        return (self.text.rstrip().rstrip("\"”’')").endswith("?") or TRUE_OR_FALSE.match(self.text) is not None
                or CHAT_QUESTION.match(self.text) is not None or REPORTED_QUESTION.match(self.text) is not None
                or Q_LINE_QUESTION.match(self.text) is not None)

    @property
    def asked(self) -> bool:
        """Is it a reader's question about what they may do ("Can I buy naltrexone without a
        prescription?", "can i just buy it here without a script")? Not a seller's teaser
        ("Need LDN without a prescription?")."""
        return self.question and READER_QUESTION.match(self.text) is not None

    def find(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]

    def has(self, *labels: str) -> bool:
        return any(m.label in labels for m in self.mentions)

    def same_clause(self, a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return not any(lo < x < hi for x in self.breaks)

    def bits_at(self, offset: int) -> int:
        for s, e, bits in self.tokens:
            if s <= offset < e:
                return bits
        return 0


# (after a speaker's name, and counted: "**JAKE:** Last myth: 'LDN helps you lose weight.'")
MYTH_LABEL = re.compile(r"\W*(?:[A-Z][\w .'-]{0,30}:\W*)?(?:(?:the\s+)?(?:next|last|final|another|first|second|third|"
                        r"one\s+more|big|biggest|common)\s+)?"
                        r"(?:(?:myth|mito|misconception|fiction|false\s+claim|rumou?r)\s*(?:#?\s*\d+)?\s*[:.–—-]"
                        r"|[❌✗✘🚫])", re.I)
MYTH_ONLY = re.compile(r"\W*(?:[A-Z][\w .'-]{0,30}:\W*)?(?:(?:the\s+)?(?:next|last|final|another|one\s+more)\s+)?"
                       r"(?:myth|misconception)\s*(?:#?\s*\d+)?\W*", re.I)  # a label standing alone: "Next myth."
VERDICT_AFTER_QUOTE = re.compile(r"[\"”]\s*(?:[-–—:]\s*)?$")  # the quoted statement ends just before the verdict
# "It doesn't.": a denial that echoes the last verb, and so answers only the last clause
ECHO_DENIAL = re.compile(r"\W*(?:[A-Z][\w.'-]*:\s*)?(?:no,?\s+)?(?:it|that|they|he|she)\s+(?:doesn['’]t|does\s+not|"
                         r"isn['’]t|is\s+not|don['’]t|do\s+not|won['’]t|can['’]t|aren['’]t|didn['’]t)\W*", re.I)
BELIEF_CLAUSE = re.compile(r",\s+(?:so|and|but)\s+(?:they|he|she|people|we|i|you|some|many|others)\s+(?:think|thinks|"
                           r"thought|believe|believes|believed|assume|assumes|assumed|figure|figures|worry|worries)\b",
                           re.I)
OPTION_LINE = re.compile(r"[ \t]*(?:[-*•][ \t]*)?(?:<li>)?\(?([A-Ea-e])[.)][ \t]+\S")  # "- B. Partial agonist"
CLAUSE_BREAK = re.compile(r",\s+(?:and|but|so)\s+|;\s+")
OPTION_WORDS = 8  # a choice is a short phrase; a longer line under a lettered label is a statement ...
OPTION_WORDS_LISTED = 30  # ... unless only other choices stand between it and its question
# an FAQ's question typed without its mark: "Q: does vivitrol cure addiction"
Q_LINE_QUESTION = re.compile(r"\W*(?:Q\d*|Question)\s*[:.)-]\s*(?:can|could|do|does|did|is|are|was|were|should|will|"
                             r"would|how|where|what|why|when|who|which|has|have)\b[^.!?]*$", re.I)
TRUE_OR_FALSE = re.compile(r"\W*(?:Q?\d*\W+)?(?:true\s*(?:or|/)\s*false|t\s*/\s*f\b|myth\s+or\s+fact"
                           r"|fact\s+or\s+(?:myth|fiction)"
                           r"|(?:quick\s+)?(?:poll|vote)\s*[:–-])", re.I)  # a story's 'POLL: "Naltrexone is ..."'
# a chat message that asks without a question mark: "[10:10] Customer: can i just buy it here without a script"
# "[10:10] Customer: ", "- (31:20) Listener question: "
_CLOCK = r"(?:[A-Z][a-z]{2}\s+)?\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?"  # a chat's "Tue 10:14 AM"
_SPEAKER = (r"(?:\W*\[[^\]\n]{1,25}\]\s*|\W*\(\d{1,2}:\d{2}(?::\d{2})?\)\s*"
            r"|\W*" + _CLOCK + r"\s+)?"  # "Tue 10:14 AM  Kayla: "
            r"(?:[\w .'()/-]{1,30}:\s*)?")
CHAT_QUESTION = re.compile(_SPEAKER + r"(?:(?:wait|so|ok|okay|hmm+|um+|and|but|also|lol|btw|sorry)\W+)?"
                           r"(?:can|could|do|does|is|are|should|will|would|how|where|what|why)"
                           r"\s+(?:i|you|it|we|they|there|u)\b(?!\s+\w+\s*:)[^.!?]*$",  # (not "How it works: ...")
                           re.I)
# "[00:03:24] HOST: Question from the chat: "Can I ...": a reader's question read out
READER_QUESTION = re.compile(_SPEAKER + r"(?:(?:a\s+)?(?:question|q)\s+(?:from\s+[\w ]{1,30})?:\s*)?[\"“]?"
                             r"(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+)?"  # a comment's byline: "Mike Durant"
                             r"(?:can|could|do|does|should|may|where\s+(?:can|do|does|would|should|could)|how\s+(?:can|do)|"
                             r"is\s+it\s+(?:ok|okay|possible|legal|safe))\s+(?:i|we|you|u)\b"
                             # an FAQ's "Can a pharmacy compound LDN without a prescription?"
                             r"|" + _SPEAKER + r"(?:can|could|may|does|do|is\s+it\s+legal\s+for)\s+"
                             r"(?:a|an|the|my|your|our)\s+"
                             r"(?:pharmac(?:y|ies|ist)|doctor|provider|clinic|compounder|nurse|prescriber|telehealth)\b"
                             # "I heard you can buy it here without a script?"
                             r"|" + _SPEAKER + r"(?:(?:question|q):\s*)?"
                             r"(?:i\s+(?:heard|read|was\s+told)|is\s+it\s+true)\s+(?:that\s+)?(?:i|we|you|u)\s+(?:can|could)\b",
                             re.I)
ANSWERER = re.compile(r"\W*[A-Z][\w.'-]{0,20}(?:\s[A-Z][\w.'-]{0,20})?:\s*")  # "Lisa: " before an answer
# a call log's "Caller Marisol: asks if she can get the shot the day after leaving detox": a question
# reported, not an answer
REPORTED_QUESTION = re.compile(r"\W*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*)?[\w .'()/-]{1,40}:\s*"
                               r"(?:\w+\s+){0,2}?(?:asks|asked|wonders|wondered|wants\s+to\s+know|"
                               r"wanted\s+to\s+know)\s+(?:if|whether)\b", re.I)
# "LDN was FDA-approved for Hashimoto's years ago, so why won't my endo prescribe it?": a statement
# asked about afterwards, which the question takes as given
PREMISE_QUESTION = re.compile(_SPEAKER + r"\W*(?:(?:q|question)\b[^:\n]{0,30}:\W*)?(?=\w)"
                              r"(?!(?:can|could|do|does|did|is|are|was|were|will|would|should|has|have|had|"
                              r"what|why|how|when|where|who|which|if|whether|isn['’]t|aren['’]t|doesn['’]t|don['’]t|"
                              r"so|and|or|but|q\d*|true\s+or)\b)[^?]{20,}?\w\s*(?:,|;|\s[–—-])\s*(?:so|then|and|but)\s+"
                              r"(?:why|how\s+come|what['’]s\s+stopping|(?:can|could|should|may)\s+(?:i|we))\b[^?]*\?\W*$",
                              re.I)  # "..., so can I just take that instead?", "..., so can we lead with it?" act on it
TAG_QUESTION = re.compile(_SPEAKER + r"(?:(?:so|and|but),?\s+)?"  # "So it works for everyone, right?"
                          r"(?!(?:can|could|do|does|did|is|are|was|were|will|would|should|has|have|had|what|"
                          r"why|how|when|where|who|which|isn['’]t|aren['’]t|doesn['’]t|don['’]t|so|and|or|but)\b)"
                          r"[^?]*?\w,?\s+(?:right|correct|isn['’]t\s+(?:it|that)|aren['’]t\s+they|don['’]t\s+they)"
                          r"(?:,?\s+(?:dr\.?\s+)?[A-Za-z]+)?\s*\?\W*$",  # "..., right Doctor?"
                          re.I)
TRAILING_SOURCE = re.compile(r"\s*(?:\([^()]*\b(?:19|20)\d\d[a-z]?\)|\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\])\W*$")
TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")  # a pipe table's "|---|---|"
PIPE = re.compile(r"(?<!\\)\|")  # a cell border in a Markdown table (not an escaped "\|")
TRUTH_QUESTION = re.compile(r"\b(?:right|true|correct|accurate|wrong|legit|so|the\s+case|a\s+myth|real)\s*\?|"
                            r"^\W*(?:is|was)\s+(?:this|that|it)\s+(?:true|right|correct)\b", re.I)


@dataclass
class Analysis:
    document: Document
    norm: Normalized
    sentences: list[Sentence]
    by_label: dict[str, list[Mention]]
    markers: list[cit.Marker]
    references: cit.References | None
    cache: dict[str, Any] = field(default_factory=dict)  # shared work of rule kinds (one pass per kind)

    @property
    def text(self) -> str:
        return self.norm.text

    def mentions(self, *labels: str) -> list[Mention]:
        if len(labels) == 1:
            return self.by_label.get(labels[0], [])
        return sorted((m for lab in labels for m in self.by_label.get(lab, [])), key=lambda m: m.start)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_source(start, end)

    def cited(self, sent: Sentence) -> bool:
        """Is there citation evidence in the sentence or directly after it?"""
        lo, hi = sent.start, max(sent.end, sent.cite_end)
        i = bisect.bisect_left([m.start for m in self.markers], lo)
        while i < len(self.markers) and self.markers[i].start < hi:
            if not self.in_references(self.markers[i].start) and not self.dangles(self.markers[i]):
                return True
            i += 1
        return False

    def dangles(self, marker: cit.Marker) -> bool:
        """A "[9]" when the references list has no 9, or a "[^7]" when the footnotes have
        no 7, supports nothing."""
        if self.references is None:
            return False
        said = self.text[marker.start:marker.end]
        if marker.kind == "footnote" or (marker.kind == "numeric" and "^" in said):  # "[^7]" reads as both
            labels = self.cache.get("ref_labels")
            if labels is None:
                labels = self.cache["ref_labels"] = {r.label for r in self.references.entries if r.label}
            return bool(labels) and (marker.label or said.strip("[]^ ")) not in labels
        if marker.kind not in ("numeric", "superscript"):
            return False
        numbers = self.cache.get("ref_numbers")
        if numbers is None:
            numbers = self.cache["ref_numbers"] = {r.number for r in self.references.entries
                                                   if r.number is not None and not r.label}
        return bool(numbers) and not marker.numbers & numbers

    def in_references(self, offset: int) -> bool:
        r = self.references
        return r is not None and r.covers(offset)

    def asked_after(self, sent: Sentence, truth: bool = False) -> bool:
        """Does the paragraph go on to ask about this sentence? "My GP said it could help.
        Has anyone taken it?" reports what someone said in order to ask about it. With
        ``truth``, only a question about whether it is true counts ("Is she right?"), not
        one that builds on it ("So why would my dog need that?")."""
        return any(s.question and (not truth or TRUTH_QUESTION.search(s.text) is not None)
                   for s in self.block_sentences(sent.block) if s.index > sent.index)

    def block_sentences(self, block: int) -> list[Sentence]:
        """The sentences of one block (paragraph, list item, cell), in order."""
        index = self.cache.get("blocks")
        if index is None:
            index = self.cache["blocks"] = defaultdict(list)
            for s in self.sentences:
                index[s.block].append(s)
        return index[block]

    @property
    def has_tables(self) -> bool:
        """Does the draft have table rows at all (pipe rows or HTML cells)? Most drafts have
        none, and the table look-ups are skipped for them."""
        found = self.cache.get("has_tables")
        if found is None:
            found = self.cache["has_tables"] = bool(self.document.cells) or "|" in self.document.source
        return found

    def in_cell(self, sent: Sentence) -> bool:
        """Does the sentence stand in a table cell (a pipe row, an HTML cell, or a cell of a
        plain-text table)?"""
        return self.has_tables and (self._table_row(sent) is not None or self._html_cell(sent) is not None)

    def column_header(self, sent: Sentence) -> Sentence | None:
        """For a table cell, the first sentence of its column's header cell: "| Controlled
        substance? | Schedule IV | No |" under "| | Naltrexone | Acamprosate |" speaks of
        naltrexone. Markdown pipe tables and HTML tables alike; None outside tables."""
        row = self._table_row(sent)
        if row is None:
            cell = self._html_cell(sent)
            return None if cell is None or cell.row == 0 else self._html_cell_sentence(cell.table, 0, cell.col)
        start, line_start = row
        src = self.document.source
        top = line_start
        while top > 0:
            prev = src.rfind("\n", 0, top - 1) + 1
            if not src[prev:top].lstrip().startswith("|"):
                break
            top = prev
        if top == line_start:
            return None  # the header row itself
        return self._cell(top, len(PIPE.findall(src, line_start, start)))

    def row_label(self, sent: Sentence) -> Sentence | None:
        """For a table cell, the first sentence of its row's first cell ("| Naltrexone |
        Overdose reversal |" speaks of naltrexone); None for that cell itself."""
        row = self._table_row(sent)
        if row is None:
            cell = self._html_cell(sent)
            return None if cell is None or cell.col == 0 else self._html_cell_sentence(cell.table, cell.row, 0)
        if len(PIPE.findall(self.document.source, row[1], row[0])) < 2:
            return None
        return self._cell(row[1], 1)

    def row_cells(self, sent: Sentence) -> list[Sentence]:
        """The other sentences of the sentence's table row: "| Whisper Tincture | low-dose
        naltrexone | FDA-approved for fibromyalgia |" speaks of the drug in its second cell.
        An HTML row may spread its cells over many lines; a pipe row, or any other row
        written on one line, is that line."""
        cell = self._html_cell(sent)
        if cell is not None:  # the other cells of its row (none in a layout table's one-cell row)
            return [s for c in self._html_cells()[1].get((cell.table, cell.row), []) if c is not cell
                    for s in self._sentences_in(c)]
        src = self.document.source
        rows = self.cache.get("row_lines")
        if rows is None:
            rows = self.cache["row_lines"] = "|" in src or "<tr" in src or "<TR" in src
        if not rows:
            return []
        start, _ = self.to_source(sent.start, sent.end)
        line_start = src.rfind("\n", 0, start) + 1
        line_end = src.find("\n", start)
        line_end = len(src) if line_end == -1 else line_end
        if not src[line_start:line_end].lstrip().startswith(("|", "<tr", "<TR")):
            return []
        lo, hi = self.norm.from_source(line_start), self.norm.from_source(line_end)
        starts = self._sentence_starts()
        return [s for s in self.sentences[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
                if s is not sent]

    def row_labels(self, sent: Sentence) -> list[Sentence]:
        """The first cells of the body rows of the sentence's table (its header row left out):
        what a price list's rows are the prices of. Empty outside tables."""
        cell = self._html_cell(sent)
        if cell is not None:
            cells = [c for c in self._html_cells()[0] if c.table == cell.table and c.col == 0 and c.row > 0]
            return [found[0] for c in cells if (found := self._sentences_in(c))]
        row = self._table_row(sent)
        if row is None:
            return []
        src = self.document.source
        top = bottom = row[1]
        while top > 0 and src[(prev := src.rfind("\n", 0, top - 1) + 1):top].lstrip().startswith("|"):
            top = prev
        while (nxt := src.find("\n", bottom)) != -1 and src[nxt + 1:].lstrip(" \t").startswith("|"):
            bottom = nxt + 1
        labels = []
        line = top
        while line <= bottom:
            end = src.find("\n", line)
            end = len(src) if end == -1 else end
            if line != top and not TABLE_RULE.fullmatch(src[line:end].strip()):
                if (label := self._cell(line, 1)) is not None:
                    labels.append(label)
            line = end + 1
        return labels

    def _html_cells(self) -> tuple[list[Cell], dict[tuple[int, int], list[Cell]]]:
        """The HTML cells in source order, and the cells of each (table, row)."""
        index = self.cache.get("html_cells")
        if index is None:
            cells = sorted(self.document.cells, key=lambda c: c.start)
            rows: dict[tuple[int, int], list[Cell]] = defaultdict(list)
            for c in cells:
                rows[(c.table, c.row)].append(c)
            index = self.cache["html_cells"] = (cells, rows)
        return index

    def _html_cell(self, sent: Sentence) -> Cell | None:
        """The HTML table cell the sentence stands in, if any."""
        if not self.document.cells:
            return None
        cells = self._html_cells()[0]
        at, _ = self.to_source(sent.start, sent.end)
        i = bisect.bisect_right(cells, at, key=lambda c: c.start) - 1
        return cells[i] if i >= 0 and at < cells[i].end else None

    def _sentences_in(self, cell: Cell) -> list[Sentence]:
        lo, hi = self.norm.from_source(cell.start), self.norm.from_source(cell.end)
        starts = self._sentence_starts()
        return self.sentences[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def _html_cell_sentence(self, table: int, row: int, col: int) -> Sentence | None:
        """The first sentence of an HTML table's cell at (row, col)."""
        cell = next((c for c in self._html_cells()[1].get((table, row), []) if c.col == col), None)
        found = self._sentences_in(cell) if cell is not None else []
        return found[0] if found else None

    def _table_row(self, sent: Sentence) -> tuple[int, int] | None:
        """(source offset of the sentence, start of its line) when it stands in a pipe-table row."""
        src = self.document.source
        start, _ = self.to_source(sent.start, sent.end)
        line_start = src.rfind("\n", 0, start) + 1
        return (start, line_start) if src[line_start:start].lstrip().startswith("|") else None

    def _cell(self, line_start: int, column: int) -> Sentence | None:
        """The first sentence of cell ``column`` (1 = the first) of the table row at ``line_start``."""
        src = self.document.source
        line_end = src.find("\n", line_start)
        pipes = [m.end() for m in PIPE.finditer(src, line_start, line_end if line_end != -1 else len(src))]
        if column < 1 or column >= len(pipes):
            return None
        lo, hi = self.norm.from_source(pipes[column - 1]), self.norm.from_source(pipes[column] - 1)
        i = bisect.bisect_left(self._sentence_starts(), lo)
        return self.sentences[i] if i < len(self.sentences) and self.sentences[i].start < hi else None

    def headings_over(self, sent: Sentence) -> list[Sentence]:
        """The heading of the section a sentence stands in (the last heading before it),
        and for a table cell its column header and row label too."""
        over = []
        heads = self.cache.get("heading_indices")
        if heads is None:
            heads = self.cache["heading_indices"] = [s.index for s in self.sentences if s.heading]
        k = bisect.bisect_left(heads, sent.index) - 1
        if k >= 0:
            over.append(self.sentences[heads[k]])
        # a short label over a run of short lines ("Prices:" or "💰 PRICES" over "1 g - $79") heads them too
        for k in range(sent.index - 1, max(-1, sent.index - 13) if len(sent.text) <= 60 else sent.index - 1, -1):
            label = self.sentences[k].text.strip()
            if len(label) > 40:
                break
            letters = "".join(ch for ch in label if ch.isalpha())
            if label.endswith(":") or (len(letters) >= 3 and letters.isupper()):
                over.append(self.sentences[k])
                break
        if self.has_tables:
            over += [h for h in (self.column_header(sent), self.row_label(sent)) if h is not None]
        return over

    def in_own_results(self, sent: Sentence) -> bool:
        """Does the sentence stand in the Results of a research report (one with a Methods
        section)? There the numbers are the study's own findings: the report is their source."""
        src = self.document.source
        labels = self.cache.get("section_labels")
        if labels is None:
            found = [(m.start(), m.group(1).lower()) for m in REPORT_SECTION.finditer(src)]
            labels = self.cache["section_labels"] = found if any(k.startswith("method") for _, k in found) else []
        if not labels:
            return False
        at, _ = self.to_source(sent.start, sent.end)
        before = [k for pos, k in labels if pos <= at]
        return bool(before) and before[-1] in ("results", "result", "findings", "outcomes")

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts(), offset) - 1
        return self.sentences[i] if i >= 0 else None

    def _sentence_starts(self) -> list[int]:
        starts = self.cache.get("sentence_starts")
        if starts is None:
            starts = self.cache["sentence_starts"] = [s.start for s in self.sentences]
        return starts


def _last_clause_break(text: str, start: int, end: int) -> int | None:
    """Where the last clause before ``end`` begins (", and", "; "), if one does: a ban stated
    in a clause of its own leaves the clauses before it asserted."""
    return max((m.end() for m in CLAUSE_BREAK.finditer(text, start, end)), default=None)


def _section_label(source: str, span: tuple[int, int]) -> bool:
    """Does "[2]" open a line that goes on as a label in capitals ("[2] IF THEY ASK ABOUT
    VIVITROL")? Then it numbers a section; it cites nothing."""
    start, end = span
    line_start = source.rfind("\n", 0, start) + 1
    return not source[line_start:start].strip() and cit.SECTION_LABEL.match(source, end) is not None


LETTERED_OL = re.compile(r"<ol\b[^>]*\btype\s*=\s*[\"']?[aA]\b", re.I)


def _choice_line(source: str, at: int) -> bool:
    """Is the line holding ``at`` one lettered choice among others ("- B. Partial agonist"
    with an "- A." or "- C." line beside it)? A lone "A." is an answer in a transcript."""
    start = source.rfind("\n", 0, at) + 1
    m = OPTION_LINE.match(source, start)
    if m is None:
        # an HTML quiz letters its choices with the list: '<ol type="A"><li>Give XR-NTX ...</li>'
        ol = source.rfind("<ol", 0, at)
        return ol >= 0 and LETTERED_OL.match(source, ol) is not None and source.find("</ol", ol, at) < 0 \
            and source.rfind("<li", ol, at) >= 0
    lines = source[max(0, start - 400):start + 400].split("\n")
    letters = {o.group(1).upper() for ln in lines if (o := OPTION_LINE.match(ln)) is not None}
    return len(letters) >= 2 and bool(letters - {"A"})


def _chunks(text: str, block_starts: list[int]) -> list[tuple[int, int]]:
    """Split text into pieces of at most CHUNK characters, at block starts when possible."""
    out, pos, n = [], 0, len(text)
    while pos < n:
        if n - pos <= CHUNK:
            out.append((pos, n))
            break
        limit = pos + CHUNK
        i = bisect.bisect_right(block_starts, limit) - 1
        cut = block_starts[i] if i >= 0 and block_starts[i] > pos + CHUNK // 4 else -1
        if cut < 0:
            cut = text.rfind(". ", pos + CHUNK // 4, limit)
            cut = cut + 2 if cut > 0 else text.rfind(" ", pos + 1, limit) + 1
            if cut <= pos:
                cut = limit
        out.append((pos, cut))
        pos = cut
    return out


SHORT_LINE = 50  # characters: a line this short that runs into a capitalised one is a unit of its own
# also a quoted review under its label, a price line under "PRICING"
UNIT_LINE = re.compile(r"\n[ \t]*(?=[\"“]?[A-Z0-9])")
CHAT_LINE = re.compile(r"\n[ \t]*(?=(?:\[[^\]\n]{1,25}\]|" + _CLOCK + r")[ \t]+[^\n:]{1,30}:)")
YEAR_LINE = re.compile(r"\n[ \t]*(?=(?:19|20)\d\d(?:[ \t]{2,}|\t|\s*[-–—:]\s))")
ITEM_LINE = re.compile(r"\n[ \t]*(\d{1,2}[.)]|\S)[\ufe0f\u200d]?[ \t]")  # a line that opens with a bullet mark
# "Please don't order ...": a plea before the dissuasion still opens the sentence with it
PLEASE = re.compile(r"\W*(?:please|so\s+please|and\s+please|but\s+please|seriously|honestly)\s*,?\s*", re.I)
MYTH_HEADER = re.compile(r"\b(?:myths?|claims?|what\s+you\s+(?:may\s+)?(?:hear|heard|read)|rumou?rs?)\b", re.I)
NONE_BEFORE = re.compile(r"\b(?:without|no|zero)\s+(?:a\s+|any\s+|single\s+)*$", re.I)  # "without a violation"
QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]*)+")  # a Markdown blockquote's "> " before a line
MYTH_COLUMN = re.compile(r"\W*(?:the\s+)?(?:myths?|misconceptions?)\W*", re.I)
FACT_COLUMN = re.compile(r"\W*(?:the\s+)?(?:facts?|truth|reality|what\s+the\s+(?:label|evidence|science)\s+says)\W*",
                         re.I)
AFFIRMING_CELL = re.compile(r"\W*(?:true|yes|correct|right|fact|accurate)\b(?!\s*[:,-]?\s*(?:no|not)\b)", re.I)
REFUTING_CELL = re.compile(r"\W*(?:no|nope|false|myth|wrong|not\s+true|incorrect|fact\s*:\s*no)\b(?!\s+(?:prescription|"
                           r"PA|prior|copay|cost|change|limit|data|evidence))", re.I)
STOP_BEFORE = re.compile(r"[.!?][\"”’')]?\s+$")
LOWER_AFTER_STOP = re.compile(r"(?<=[a-z\d])[.!?][ \t]*\n[ \t]*(?=[a-z]|\d[a-z])")  # (leet too: "rul3 4.\n4ls0 ...")
# a research report's section label or heading: "RESULTS: Of 84 randomized ...", "## Methods"
REPORT_SECTION = re.compile(r"(?im)^[ \t#*>]*(results?|findings|outcomes|methods?|materials\s+and\s+methods|"
                           r"background|introduction|conclusions?|discussion|objectives?|aims?|limitations|references|"
                           r"plain[- ]language\s+summary|funding)\b[ \t*]*(?::|$)")
# "The Cochrane review is here ...", "Source: ...", "Full paper here:": a sentence that points at the source
SOURCE_POINTER = re.compile(r"\W*(?:(?:the|that|this|our|my)\s+)?(?:[\w-]+\s+)?(?:review|study|studies|paper|trial|"
                            r"meta-analysis|source|sources|data|evidence|link|report|numbers)\s+(?:is|are)\s+"
                            r"(?:here|linked|below|at)\b|\W*(?:source|sources|full\s+(?:paper|study))\s*(?:here)?\s*:",
                            re.I)
ABBREVIATIONS = {"dr.", "mr.", "ms.", "mrs.", "vs.", "st.", "etc.", "al.", "approx.", "e.g.", "i.e.", "no."}
CONTINUES = {"and", "or", "but", "the", "a", "an", "of", "to", "in", "for", "with", "by", "on", "at", "from",
             "as", "is", "are", "was", "were", "that", "which", "who", "than", "like", "dr.", "mr.", "ms.", "mrs."}


def _unit_lines(src: str) -> list[int]:
    """Where a line starts after a short line that ends without punctuation: a caption's label
    ("CAPTION 2/5 (before/after)" over "Studies show ..."), not a hard-wrapped sentence,
    whose lines run long. Each such line starts a sentence."""
    out = []
    for m in UNIT_LINE.finditer(src):
        line = src[src.rfind("\n", 0, m.start()) + 1:m.start()].strip()
        if (line and (len(line) < SHORT_LINE  # (or a caption's "... 👉" over a quoted review)
                      or unicodedata.category(line[-1]) == "So" and src[m.end():m.end() + 1] in "\"“")
                and line[-1] not in ",;:-–—(/&]"  # "[0:46 on screen: ...]" cues its line
                and line.split()[-1].lower() not in CONTINUES):
            out.append(m.end())
        elif line.rstrip("*_").endswith("]") and MYTH_LABEL.match(line):
            out.append(m.end())  # '[MYTH 4 - overlay: "It doesn't work"]' is answered by the line below
    # "2006  Vivitrol approved for alcohol dependence": each line of a timeline is an entry of its own
    out += [m.end() for m in YEAR_LINE.finditer(src)]
    # "Tue 10:14 AM  Kayla: is it true ..." / "[10:06] Agent (Lisa): ...": each chat message is its own
    out += [m.end() for m in CHAT_LINE.finditer(src)]
    # "✔ Stops alcohol cravings\n✔ 100% safe": in plain text each bulleted line is an item of its own
    for m in ITEM_LINE.finditer(src):
        mark = m.group(1)
        # ("3 days before ..." and "— $449" on a wrapped line are not items: a number needs its
        # "3." or "3)", and an em dash at a line's start is punctuation)
        if mark[0] in "-*+•‣◦▪▫–" or (mark[0].isdigit() and mark[-1] in ".)") or unicodedata.category(mark[0]) == "So":
            out.append(m.start(1))
    # "you don't know what's in it.\ntalk it over with a prescriber": in lower-case writing a line
    # that ends a sentence still ends it, so "don't" does not reach into the next line
    for m in LOWER_AFTER_STOP.finditer(src):
        word = src[src.rfind(" ", max(0, m.start() - 20), m.start()) + 1:m.start() + 1].lower()
        if word not in ABBREVIATIONS:
            out.append(m.end())
    return out


def analyse(document: Document, nlp: Language, tables: EvasionTables | None) -> Analysis:
    norm = normalize(document.text, tables)
    text = norm.text
    blocks = sorted({norm.from_source(s) for s, _ in document.blocks})
    starts = sorted(set(blocks) | {norm.from_source(s) for s in _unit_lines(document.text)})
    heading_starts = {norm.from_source(s) for s, _ in document.headings}
    block_ends = sorted(norm.from_source(e) for _, e in document.blocks)

    sentences: list[Sentence] = []
    by_label: dict[str, list[Mention]] = defaultdict(list)
    for c0, c1 in _chunks(text, blocks):
        doc = nlp.make_doc(text[c0:c1])
        lo, hi = bisect.bisect_left(starts, c0), bisect.bisect_left(starts, c1)
        doc.user_data["nx_blocks"] = [b - c0 for b in starts[lo:hi]]
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        bits = doc.user_data.get("nx_ctx") or [0] * len(doc)
        base = len(sentences)
        sent_index = {}
        sent_starts = []
        for k, sp in enumerate(doc.sents):
            s0 = c0 + sp.start_char
            s = Sentence(index=base + k, start=s0, end=c0 + sp.end_char, text=sp.text,
                         block=bisect.bisect_right(blocks, s0) - 1, heading=s0 in heading_starts)
            s.tokens = [(c0 + t.idx, c0 + t.idx + len(t), bits[t.i]) for t in sp]
            sent_index[sp.start] = s
            sent_starts.append(sp.start)
            sentences.append(s)
        for span in doc.spans.get("nx", []):
            sent = sent_index[sent_starts[bisect.bisect_right(sent_starts, span.start) - 1]]
            if span.label_.startswith("ctx:"):
                if ":terminate:" in span.label_:
                    sent.breaks.append(c0 + span.start_char)
                continue
            m = Mention(span.label_, c0 + span.start_char, c0 + span.end_char, span.text, sent.index,
                        bits[span.start])
            sent.mentions.append(m)
            by_label[m.label].append(m)
    # a claim reported and then refuted ("... 'FDA-approved since 1984.' That is not accurate")
    for s, nxt_s in zip(sentences, sentences[1:], strict=False):
        if nxt_s.block == s.block and (any(m.start - nxt_s.start <= 2 or ANSWERER.fullmatch(text, nxt_s.start, m.start)
                                           for m in nxt_s.find("refutation"))  # "... a narcotic. Lisa: no, it is not"
                                       or nxt_s.has("correction")):  # "..., so I've fixed it"
            belief = BELIEF_CLAUSE.search(text, s.start, s.end) if ECHO_DENIAL.fullmatch(nxt_s.text) else None
            if belief is not None:
                s.refuted_from = belief.start()  # "It doesn't." answers the belief just stated, not the reason
            else:
                s.refuted = True
        if nxt_s.block == s.block and s.has("dissuasion") and len(s.text.split()) <= 5:
            nxt_s.dissuaded = True  # "Please don't. Research-chemical powder comes with no prescription, ..."
        if nxt_s.block == s.block and nxt_s.has("dissuasion") and len(nxt_s.text.split()) <= 5:
            s.dissuaded = True  # 'Some websites sell naltrexone "without a script." Don't.' warns off what it names
    for s in sentences:  # ... also when lower-case writing runs the two together: '... script." don't.'
        if any(STOP_BEFORE.search(text, max(s.start, d.start - 4), d.start) or d.start - s.start <= 2
               or PLEASE.fullmatch(text, s.start, d.start)
               for d in s.find("dissuasion")):  # (or a sentence that opens "Don't go ordering pills ...")
            s.dissuaded = True
    # ... or, all of them, by the paragraph after ('"LDN reverses autoimmune disease," it said. ...
    # Neither claim is true.')
    for s, nxt_s in zip(sentences, sentences[1:], strict=False):
        if nxt_s.block != s.block and any(m.start - nxt_s.start <= 2 for m in nxt_s.find("refutation_all")):
            for earlier in sentences[:s.index + 1]:
                if earlier.block == s.block:
                    earlier.refuted = True
    # ... or labelled a myth as it is stated ("Myth 5: 'Naltrexone cures alcoholism.'"), or retracted
    # as the writer's own earlier error ("We incorrectly reported that ...")
    # ... or put right in the same sentence ('heard it "makes you sick if you drink" -- that's
    # Antabuse, not naltrexone')
    for s in sentences:
        # (not "finish probation without a violation": a prohibition denied is none)
        banned = [b for b in s.find("prohibited") if not NONE_BEFORE.search(text, max(s.start, b.start - 14), b.start)]
        if banned and not s.has("misattributed") and (
                cut := _last_clause_break(text, s.start, banned[0].start)) is not None:
            s.refuted_from = cut  # "It is a Schedule III drug, and selling it without a prescription is unlawful"
        elif MYTH_LABEL.match(s.text) or banned or s.has("misattributed") or any(
                m.start - s.start <= 2 or m.text[:1].lower() not in "wi" for m in s.find("retraction")):
            s.refuted = True
            if MYTH_ONLY.fullmatch(s.text) and s.index + 1 < len(sentences) \
                    and sentences[s.index + 1].block == s.block:
                sentences[s.index + 1].refuted = True  # "Next myth. Someone wrote in, 'LDN is just ...'"
        elif verdicts := [m for m in s.find("refutation") if VERDICT_AFTER_QUOTE.search(text, s.start, m.start)]:
            # a quiz slide's verdict: '"Naltrexone is just Narcan in a pill" - FALSE.'; when the writer goes on
            # in the same sentence ('"..." no. it's its own approved med, ...'), only the quotation is refuted
            if len(text[verdicts[0].end:s.end].split()) > 3:
                s.refuted_until = verdicts[0].end
            else:
                s.refuted = True
    # the lettered choices under a quiz question ask with it: "- B. Partial agonist"
    # (a longer choice too when only choices stand between it and the question: "- A. Give the
    # injection 24 hours after the last buprenorphine dose." offers a wrong answer to pick)
    for s in sentences:
        asked = next((p.index for p in reversed(sentences[max(0, s.index - 6):s.index]) if p.question), None)
        if asked is None or len(s.text.split()) > OPTION_WORDS_LISTED:
            continue
        s.option = _choice_line(document.source, norm.to_source(s.start, s.start)[0]) and (
            len(s.text.split()) <= OPTION_WORDS or all(p.option for p in sentences[asked + 1:s.index]))
    # citation evidence that directly follows a sentence belongs to it (same block)
    for i, s in enumerate(sentences):
        nxt = sentences[i + 1].start if i + 1 < len(sentences) else len(text)
        j = bisect.bisect_left(block_ends, s.start)
        block_end = block_ends[j] if j < len(block_ends) else len(text)
        s.cite_end = min(nxt, max(block_end, s.end))
        # a following sentence that is only a marker ("[3].") counts as directly after, and so
        # does a short aside that ends in the source ("Not a magic fix, but a real help (Rösner
        # et al., Cochrane Review, 2010).")
        if i + 1 < len(sentences) and sentences[i + 1].block == s.block:
            after = sentences[i + 1].text
            # (or a sentence that points at the source: "The Cochrane review is here if you want
            # the actual numbers: https://doi.org/...", up to the link masked after its text,
            # which folds to a point at the sentence's end)
            pointer = SOURCE_POINTER.match(after) is not None
            if pointer or len(after) <= 12 or (len(TRAILING_SOURCE.sub("", after).split()) <= 10
                                               and TRAILING_SOURCE.search(after)):
                s.cite_end = sentences[i + 1].end + pointer
    links = [(norm.from_source(lk.start), norm.from_source(lk.end), lk.url) for lk in document.links]
    markers = cit.find_markers(text, links)
    # "[7] @kat: ..." or "[2] Younger J ...": a number opening a paragraph labels it (a post,
    # a list entry); a citation follows what it supports
    block_starts = {s.start for k, s in enumerate(sentences)
                    if (k == 0 or sentences[k - 1].block != s.block) and len(s.text) > 12}
    markers = [m for m in markers if not (m.kind == "numeric" and m.start in block_starts)]
    markers = [m for m in markers
               if not (m.kind == "numeric" and _section_label(document.text, norm.to_source(m.start, m.end)))]
    if document.format in ("html", "md"):
        # <sup>3</sup>: the reader masks the tags, the number is the citation
        for m in cit.SUP_TAG.finditer(document.source):
            s0, e0 = norm.from_source(m.start(1)), norm.from_source(m.end(1))
            markers.append(cit.Marker(s0, max(e0, s0 + 1), "superscript", cit.expand_numbers(m.group(1))))
        markers.sort(key=lambda mk: (mk.start, mk.end))
    references = _references(document, norm, sentences, heading_starts, markers)
    if references is not None:
        # a references list is bibliography, not claims: only drug mentions (for scope) stay
        def outside(m: Mention) -> bool:
            return m.label == "drug" or not references.covers(m.start)

        for s in sentences:
            s.mentions = [m for m in s.mentions if outside(m)]
        by_label = {k: [m for m in v if outside(m)] for k, v in by_label.items()}
    entries = _entry_blocks(text, sentences)
    if entries:
        def bibliographic(m: Mention) -> bool:
            return m.label != "drug" and sentences[m.sent].block in entries

        for s in sentences:
            if s.block in entries:
                s.mentions = [m for m in s.mentions if not bibliographic(m)]
        by_label = {k: [m for m in v if not bibliographic(m)] for k, v in by_label.items()}
    analysis = Analysis(document, norm, sentences, dict(by_label), markers, references)
    if analysis.has_tables:
        # a myths table: '| "It makes you sick if you drink." | No, that's Antabuse. |' - the cell after
        # the myth, in its row, refutes it
        myths = MYTH_HEADER.search(document.source) is not None
        for s in sentences:
            quoted = s.text.lstrip()[:1] in "\"“‘'"
            if s.refuted or not (quoted or myths) or analysis.row_label(s) is not None:
                continue  # (only a row's first cell states a myth, quoted or under a "Myth" header)
            head = None if quoted else analysis.column_header(s)
            if (quoted or (head is not None and MYTH_HEADER.search(head.text))) \
                    and any(c.start > s.start and REFUTING_CELL.match(c.text) for c in analysis.row_cells(s)):
                s.refuted = True
            elif (head := analysis.column_header(s)) is not None and MYTH_COLUMN.fullmatch(head.text) and any(
                    c.start > s.start and (h := analysis.column_header(c)) is not None and FACT_COLUMN.fullmatch(h.text)
                    and not AFFIRMING_CELL.match(c.text) for c in analysis.row_cells(s)):
                s.refuted = True  # "| Myth | Fact |": the fact column answers every myth in its row
    return analysis


def _inline_references(src: str, norm: Normalized, blocks: list[tuple[int, int]]) -> cit.References | None:
    """A references list run into one paragraph: "Sources: [1] SAMHSA, TIP 63. [2] Vivitrol
    prescribing information." (a zine's or a caption's footer), one entry per number."""
    for bs, be in sorted(blocks, reverse=True):
        head = cit.INLINE_HEADING.match(src, bs, be)
        if head is None:
            continue
        starts = [m.start() for m in cit.INLINE_ENTRY.finditer(src, head.end(), be)]
        entries = [cit.parse_entry(src[a:b], src[a:b].rstrip(), norm.from_source(a),
                                   norm.from_source(a + len(src[a:b].rstrip())), k, True)
                   for k, (a, b) in enumerate(zip(starts, starts[1:] + [be], strict=True), 1)]
        return cit.References((norm.from_source(bs), norm.from_source(head.end())), norm.from_source(bs),
                              norm.from_source(be), entries)
    return None


def _entry_blocks(text: str, sentences: list[Sentence]) -> set[int]:
    """Blocks that are a lone bibliography entry (see ``citations.is_entry``)."""
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        lo, hi = spans.get(s.block, (s.start, s.end))
        spans[s.block] = (min(lo, s.start), max(hi, s.end))
    return {b for b, (lo, hi) in spans.items() if hi - lo < 600 and cit.is_entry(text[lo:hi])}


def _heading_lines(src: str, blocks: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """A line of a block that is a references heading over an entry ("7. REFERENCES" /
    "[1] Naltrexone tablets ..."): plain text often leaves no blank line, before the heading
    ("3.6 Licensees shall not ... / References / [1] ...") or after it."""
    found = set()
    for b0, b1 in blocks:
        start = b0
        while (nl := src.find("\n", start, b1)) >= 0:
            if cit.HEADING.match(src[start:nl].strip()):
                nxt = src.find("\n", nl + 1, b1)
                if cit.ENTRY_NUMBER.match(src[nl + 1:b1 if nxt < 0 else nxt]):
                    found.add((start, nl))
                    break
            start = nl + 1
    return found


def _references(document: Document, norm: Normalized, sentences: list[Sentence],
                heading_starts: set[int], markers: list[cit.Marker]) -> cit.References | None:
    """The references list: the section under a References/Sources/... heading (or a
    short paragraph that reads as one, like "References:"), plus footnote definitions
    ("[^2]: Smith JP ...") wherever they stand."""
    src = document.source
    refs: cit.References | None = None
    heads = sorted(set(document.headings) | {b for b in document.blocks if b[1] - b[0] <= 40
                                             and cit.HEADING.match(src[b[0]:b[1]].strip())}
                   | _heading_lines(src, document.blocks))
    for hi, (hs, he) in enumerate(heads):
        if not cit.HEADING.match(src[hs:he].strip().lstrip("#").strip()):
            continue
        sec_end = heads[hi + 1][0] if hi + 1 < len(heads) else len(src)
        entries: list[cit.Reference] = []
        body = [line for b in sorted(document.blocks) if he <= b[0] < sec_end and b != (hs, he)
                for line in cit.split_lines(src, *b)]
        if any(b0 <= hs and he < b1 for b0, b1 in document.blocks):
            # "7. REFERENCES" over its entries with no blank line: the rest of the block is the list
            b1 = next(b1 for b0, b1 in document.blocks if b0 <= hs and he < b1)
            body = cit.split_lines(src, he + 1, b1) + body
        numbered = False
        style = ""
        for k, (bs, be) in enumerate(body, 1):
            line_start = src.rfind("\n", 0, bs) + 1
            # "<p>[1] Due Bruun K ..." is numbered too, and so is a quoted draft's "> 1. Pilot trial ..."
            prefix = QUOTE_MARKS.sub("", cit.LEADING_TAGS.sub("", src[line_start:be]))
            before = src[(body[k - 2][1] if k > 1 else he):bs]
            this_style = cit.entry_style(prefix, before)
            if k == 1:
                style = this_style
                numbered = style == "number" or (style == "item" and cit.ORDERED_LIST.search(before) is not None)
            elif ((this_style != style and not cit.looks_like_reference(src[bs:be]))
                  or cit.LIST_CLOSE.search(before)):
                sec_end = bs  # the list has ended: what follows (a footer, fine print) is prose again
                break
            ref = cit.parse_entry(prefix, src[bs:be], norm.from_source(bs), norm.from_source(be), k,
                                  numbered and this_style == style)
            if ref.text.strip():
                entries.append(ref)
        refs = cit.References((norm.from_source(hs), norm.from_source(he)), norm.from_source(hs),
                              norm.from_source(sec_end), entries)
        break
    if refs is None:
        # no heading, but a late run of numbered entries ("¹ Younger J ... 2009.", "[1] Han B
        # ..."), in one block or one block each (plain text puts blank lines between them);
        # a lone entry counts only when the text cites its number
        def entry_lines(b: tuple[int, int]) -> list[tuple[int, int]] | None:
            line_start = src.rfind("\n", 0, b[0]) + 1
            marker = cit.ENTRY_NUMBER.match(src[line_start:b[0]])
            if marker and not src[line_start + marker.end():b[0]].strip():
                # a Markdown list item: "1. U.S. Food and Drug ..." (the block starts after "1. "), an
                # entry only when the text cites its number ("1. **2027:** Vivitrol hubs" is a plan)
                number = next((g for g in marker.groups() if g), "")
                if not number.isdigit() or int(number) not in cited_numbers:
                    return None
                b = (line_start, b[1])
            lines = cit.split_lines(src, *b)
            ok = lines and all((m := cit.ENTRY_NUMBER.match(src[a:e])) and not m.group(3)
                               and cit.looks_like_reference(src[a:e]) for a, e in lines)
            return lines if ok else None

        cited_numbers = {n for mk in markers if mk.kind in ("numeric", "superscript") for n in mk.numbers}

        blocks = sorted(document.blocks)
        for i in range(len(blocks) - 1, -1, -1):
            if entry_lines(blocks[i]) is None:
                continue
            first = i
            while first > 0 and entry_lines(blocks[first - 1]) is not None:
                first -= 1
            lines = [ln for b in blocks[first:i + 1] for ln in entry_lines(b) or []]
            if len(lines) == 1:
                m1 = cit.ENTRY_NUMBER.match(src[lines[0][0]:lines[0][1]])
                number = next((g for g in m1.groups() if g), "") if m1 else ""
                if not number.translate(cit.SUPER_DIGITS).isdigit() or int(
                        number.translate(cit.SUPER_DIGITS)) not in cited_numbers:
                    continue
            entries = [cit.parse_entry(src[a:b], src[a:b], norm.from_source(a), norm.from_source(b), k, True)
                       for k, (a, b) in enumerate(lines, 1)]
            refs = cit.References(None, norm.from_source(blocks[first][0]), norm.from_source(blocks[i][1]), entries)
            break
    if refs is None:
        refs = _inline_references(src, norm, document.blocks)
    footnotes = list(cit.FOOTNOTE_DEF.finditer(src))
    if footnotes:
        if refs is None:
            refs = cit.References(None, len(norm.text), len(norm.text), [])
        labels = {r.label for r in refs.entries if r.label}
        for i, m in enumerate(footnotes):
            end = src.find("\n\n", m.end())
            end = len(src) if end < 0 else end
            if i + 1 < len(footnotes):
                end = min(end, footnotes[i + 1].start())
            body_start = m.end() + len(src[m.end():end]) - len(src[m.end():end].lstrip())
            end = body_start + len(src[body_start:end].rstrip())
            s0, e0 = norm.from_source(body_start), norm.from_source(end)
            if not refs.covers(s0):
                refs.extra.append((norm.from_source(m.start()), e0))
            if m.group(1) not in labels:
                number = int(m.group(1)) if m.group(1).isdigit() else None
                refs.entries.append(cit.Reference(s0, e0, number, src[m.end():end], label=m.group(1)))
    return refs

"""``phrase``: flag a concept (terms, token patterns or regexes) where it appears,
optionally only next to other concepts and outside negation, hedging, citations...

Keys: ``match`` (concept names, or an inline ``{terms, patterns, regex}``),
``near`` / ``not_near`` (concepts that must / must not share the sentence, or with
``near_scope: paragraph`` the paragraph; ``not_near_scope`` sets the second apart, and its
``unnamed`` looks past the sentence only when the sentence does not name the drug itself:
a sentence that offers "Naltrexone ... no prescription needed" is not excused by naloxone
in the line above), ``near_heading`` (concepts that count as
``near`` when they stand in the heading of the section, or in a table cell's column
header: "$32" under "## Pricing"), ``not_near_heading`` (concepts that, in the section
heading, cancel a match: a budget under "## Where the money goes"),
``unless`` (negated, hedged, hypothetical, attributed, cited, heading, quoted, question, asked, refuted,
dissuaded, bare_heading: a short heading such as "Order now" over the section that makes the offer),
``rows_about`` (concepts: in a table some of whose rows are labelled with them, a match counts
only in those rows: a pharmacy's price list prices atorvastatin as well as naltrexone),
``once`` (only the first occurrence in a document), ``report`` (``match`` or ``sentence``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from nxlint.rules.base import Hit, Rule, validate_flags

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis, Sentence


class PhraseRule(Rule):
    kind = "phrase"
    KEYS = {"match", "near", "not_near", "near_scope", "not_near_scope", "near_heading", "not_near_heading", "unless",
            "once", "report", "rows_about"}

    def compile(self, spec: dict[str, Any]) -> None:
        self.inline: dict[str, Any] | None = None
        match = spec.get("match")
        if isinstance(match, dict):
            self.inline = match
            self.match = [f"rule:{self.code}"]
        else:
            self.match = self.as_list(match)
            if not self.match:
                raise self.error("'match' is required: concept names or {terms, patterns, regex}", "match")
            self.need_concepts(self.match, "match")
        self.near = self.as_list(spec.get("near"))
        self.not_near = self.as_list(spec.get("not_near"))
        self.need_concepts(self.near, "near")
        self.need_concepts(self.not_near, "not_near")
        self.near_heading = self.as_list(spec.get("near_heading"))
        self.need_concepts(self.near_heading, "near_heading")
        self.not_near_heading = self.as_list(spec.get("not_near_heading"))
        self.need_concepts(self.not_near_heading, "not_near_heading")
        self.near_scope = self.near_scope_of(spec)
        self.rows_about = self.as_list(spec.get("rows_about"))
        self.need_concepts(self.rows_about, "rows_about")
        self.not_near_scope = str(spec.get("not_near_scope", self.near_scope))
        if self.not_near_scope not in ("sentence", "paragraph", "unnamed"):
            raise self.error("'not_near_scope' must be sentence, paragraph or unnamed", "not_near_scope")
        self.unless = validate_flags(self, self.as_list(spec.get("unless")), "unless")
        self.once = bool(spec.get("once", False))
        self.report = spec.get("report", "match")
        if self.report not in ("match", "sentence"):
            raise self.error("'report' must be match or sentence", "report")

    def check(self, analysis: Analysis) -> list[Hit]:
        hits: list[Hit] = []
        seen_sentences: set[int] = set()
        for m in analysis.mentions(*self.match):
            sent = analysis.sentences[m.sent]
            scope = self.scope_sentences(analysis, sent, self.near_scope)
            if self.near and not any(s.has(*self.near) for s in scope) and not (
                    self.near_heading and any(h.has(*self.near_heading) for h in analysis.headings_over(sent))) \
                    and not (analysis.has_tables and (head := analysis.column_header(sent)) is not None
                             and head.has(*self.near)):  # "$29" under "| LDN / month |"
                continue
            if self.not_near and any(s.has(*self.not_near) for s in self._not_near_scope(analysis, sent, scope)):
                continue
            if self.not_near and any(c.has(*self.not_near) for c in analysis.row_cells(sent)):
                continue  # "| Naloxone (Narcan) | ... | Nasal spray, no prescription needed |": the row's drug
            if self.not_near_heading and any(h.has(*self.not_near_heading) for h in analysis.headings_over(sent)):
                continue  # "| Lab work | $1,200 |" under "## Where the money goes" is a budget
            if not self.context_ok(analysis, sent, m.mods, self.unless, m.start):
                continue
            if self.rows_about and analysis.has_tables and self._other_row(analysis, sent):
                continue  # "<tr><td>Atorvastatin</td>...<td>$6.00</td>" in a list that also prices naltrexone
            if self.report == "sentence":
                if sent.index in seen_sentences:
                    continue
                seen_sentences.add(sent.index)
                hits.append(Hit(sent.start, sent.end, {"match": m.text, "sentence": sent.text}))
            else:
                hits.append(Hit(m.start, m.end, {"match": m.text, "sentence": sent.text}))
            if self.once:
                break
        return hits

    def _other_row(self, analysis: Analysis, sent: Sentence) -> bool:
        """Is the sentence a cell of a table row about something else, in a table whose other
        rows are about the ``rows_about`` concepts?"""
        label = analysis.row_label(sent)
        if label is None or label.has(*self.rows_about) or sent.has(*self.rows_about):
            return False
        cells = analysis.row_cells(sent)
        if any(c.has(*self.rows_about) for c in cells) or not any(STRENGTH.search(c.text) for c in [label, *cells]):
            return False  # (a row that gives no strength is a package or a service, "Reset Week, shared casita")
        return any(other.has(*self.rows_about) for other in analysis.row_labels(sent))

    def _not_near_scope(self, analysis: Analysis, sent: Sentence, scope: list[Sentence]) -> list[Sentence]:
        if self.not_near_scope == self.near_scope:
            return scope
        if self.not_near_scope == "unnamed":
            return [sent] if _opens_with_drug(analysis, sent) else self.scope_sentences(analysis, sent, "paragraph")
        return self.scope_sentences(analysis, sent, self.not_near_scope)


STRENGTH = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|ml|g)\b", re.I)  # a medicine's row: "Atorvastatin | 20 mg"
CONTRAST = re.compile(r"\b(?:unlike|than|like|vs\.?|versus|of|from)\s*$", re.I)


def _opens_with_drug(analysis: Analysis, sent: Sentence) -> bool:
    """Does the sentence open with the drug as what it speaks of ("C1-C3  Naltrexone 50 mg
    tablets - free, no prescription needed"), not as a point of comparison ("Unlike LDN,
    EndoBalance needs no doctor visit") or an object ("the benefits of LDN")?"""
    first = next(iter(sent.find("drug")), None)
    return (first is not None and first.start - sent.start <= 24
            and not CONTRAST.search(analysis.text, sent.start, first.start))

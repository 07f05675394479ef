"""``citation``: the integrity of a draft's sources.

``check`` is one of:
- ``uncited-references``: a references list that nothing in the text cites (reported
  at its heading);
- ``dangling-marker``: an inline marker with no matching reference (at the marker);
- ``unused-reference``: a reference never cited, in a list that is cited elsewhere
  (at the reference).

Sentences that need a source and have none are ``phrase``/``claim`` rules with
``unless: [cited]``; the evidence they look for is found in ``analyse.citations``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nxlint.analyse import citations as cit
from nxlint.rules.base import Hit, Rule

if TYPE_CHECKING:
    from nxlint.analyse.analysis import Analysis

CHECKS = ("uncited-references", "dangling-marker", "unused-reference")


class CitationRule(Rule):
    kind = "citation"
    KEYS = {"check"}
    PLACEHOLDERS = {"match", "sentence", "marker", "count", "number"}

    def compile(self, spec: dict[str, Any]) -> None:
        self.check_name = spec.get("check")
        if self.check_name not in CHECKS:
            raise self.error(f"'check' must be one of {', '.join(CHECKS)}", "check")

    def check(self, analysis: Analysis) -> list[Hit]:
        refs = analysis.references
        inline = [m for m in analysis.markers if not analysis.in_references(m.start)]
        if self.check_name == "dangling-marker":
            return _dangling(analysis.text, refs.entries if refs is not None else [], inline)
        if refs is None or not refs.entries:
            return []
        _resolve(refs, inline, analysis.text)
        text = analysis.text
        if self.check_name == "uncited-references":
            scholarly = [m for m in inline if m.kind in ("numeric", "footnote", "superscript", "author-year")]
            # an author-year citation that matches no entry cites another source, not this list
            # ("(Younger et al., 2014)" above a list of McLaughlin and Liu)
            unmatched = all(m.kind == "author-year" and m.names for m in scholarly) \
                and not any(r.cited for r in refs.entries)
            if (not scholarly or unmatched) and refs.heading:
                s, e = refs.heading
                return [Hit(s, e, {"match": text[s:e].strip(), "count": str(len(refs.entries))})]
            return []
        # unused-reference: only when the list is cited at all, else uncited-references says it once
        if not any(r.cited for r in refs.entries):
            return []
        return [Hit(r.start, r.end, {"match": r.text.strip()[:80], "number": _name(r)})
                for r in refs.entries if not r.cited]


def _name(ref: cit.Reference) -> str:
    """How a message names a reference: its number, else the start of its text."""
    if ref.number is not None:
        return str(ref.number)
    words = ref.text.strip().lstrip("-*•").split()
    return "'" + " ".join(words[:5]) + ("…'" if len(words) > 5 else "'")


def _dangling(text: str, entries: list[cit.Reference], inline: list[cit.Marker]) -> list[Hit]:
    """Markers that point at no reference; with no references list at all, every "[3]"
    and "[^3]" points nowhere."""
    numbers = {r.number for r in entries if r.number is not None}
    labels = {r.label for r in entries if r.label}
    listed = [r for r in entries if not r.label]
    hits = []
    for m in inline:
        if (m.kind in ("numeric", "superscript") and numbers) or (m.kind == "numeric" and not entries):
            missing: list[Any] = sorted(n for n in _numbers(m, numbers) if n not in numbers)
        elif m.kind == "footnote":
            missing = [] if m.label in labels or (m.numbers and m.numbers <= numbers) else [m.label]
        elif m.kind == "author-year" and m.names and entries and not (labels and not listed) and not (
                numbers and all(r.number is not None for r in entries)) and not any(
                o.kind in ("link", "doi") and o.start < m.end and m.start < o.end + 2 for o in inline):
            # an author-year citation names its source: beside footnotes, beside a list that
            # is numbered for the numbered markers, or with its own link
            # ("(<a href=pubmed/...>Cree et al., 2010</a>)"), it needs no list entry
            missing = [f"{n} {y}" for n, y in m.names if not any(cit.matches_author_year(r, n, y) for r in entries)]
        else:
            continue
        if missing:
            what = ", ".join(map(str, missing))
            if m.kind != "author-year":
                what = f"reference {what}"
            hits.append(Hit(m.start, m.end, {"match": text[m.start:m.end], "marker": text[m.start:m.end],
                                             "number": what}))
    return hits


def _numbers(m: cit.Marker, known: set[int]) -> set[int]:
    """The references a marker points to. Run-together superscripts ("placebo¹²") mean
    1 and 2 when the list has no reference 12 but has each digit."""
    if m.kind == "superscript" and not m.numbers <= known:
        digits = {int(c) for n in m.numbers for c in str(n)}
        if digits <= known:
            return digits
    return m.numbers


def _resolve(refs: cit.References, inline: list[cit.Marker], text: str) -> None:
    # a list numbered 1, 2, ... and footnotes [^1], [^2] may stand side by side: numbered
    # markers cite the list, footnote markers the footnotes (unless there is no list)
    listed = {r.number: r for r in refs.entries if r.number is not None and not r.label}
    noted = {r.number: r for r in refs.entries if r.number is not None and r.label}
    for m in inline:
        if m.kind in ("link", "doi"):
            for r in refs.entries:
                if cit.matches_link(r, text[m.start:m.end], m.url):
                    r.cited = True
        pool = noted if m.kind == "footnote" or not listed else listed
        for n in _numbers(m, set(pool)):
            if n in pool:
                pool[n].cited = True
        if m.label:
            for r in refs.entries:
                if r.label == m.label:
                    r.cited = True
        for surname, year in m.names:
            for r in refs.entries:
                if cit.matches_author_year(r, surname, year):
                    r.cited = True

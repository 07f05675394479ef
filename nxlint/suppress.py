"""Inline suppression directives, and the findings about the directives themselves.

Markdown/HTML: ``<!-- nxlint-disable-next-line NX101 -- reason -->``,
``<!-- nxlint-disable NX101 -->`` ... ``<!-- nxlint-enable -->``,
``<!-- nxlint-disable-file NX101 -->``. Plain text: the same words after ``#``, e.g.
``# nxlint: disable-next-line=NX101 -- reason``. No codes means every rule.

A directive that suppresses nothing, or names a rule that does not exist, is itself
reported (NX001, NX002): stale suppressions hide future problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nxlint.findings import Finding
from nxlint.read.document import Document

DIRECTIVE = re.compile(r"^nxlint[-:]\s*(disable-next-line|disable-line|disable-file|disable|enable)\b\s*=?\s*"
                       r"([A-Za-z0-9_, ]*?)\s*(?:--\s*(.*))?$", re.S)
CODE = re.compile(r"[A-Z]{2,4}\d{3,4}")

META_RULES = {
    "NX001": ("unused-suppression", "a suppression directive that suppresses nothing",
              "Remove the directive, or move it next to the finding it was meant to silence."),
    "NX002": ("unknown-rule-in-directive", "a suppression directive names a rule that does not exist",
              "Check the code with `nxlint rules`; fix or remove the directive."),
    "NX003": ("malformed-directive", "a comment starting with nxlint that is not a directive nxlint understands",
              "Write nxlint-disable-next-line, nxlint-disable, nxlint-enable or nxlint-disable-file."),
}


@dataclass
class Directive:
    action: str
    codes: list[str]
    line: int  # line of the comment
    end_line: int
    start: int
    end: int
    reason: str = ""
    used: set[str] = field(default_factory=set)
    target: tuple[int, int] = (0, 0)  # lines it covers


def parse(doc: Document) -> tuple[list[Directive], list[tuple[int, int, str]]]:
    """Directives in the document, and malformed ones as (start, end, text)."""
    out: list[Directive] = []
    bad: list[tuple[int, int, str]] = []
    for c in doc.comments:
        body = c.body.strip()
        if not body.lower().startswith("nxlint"):
            continue
        m = DIRECTIVE.match(body)
        if not m:
            bad.append((c.start, c.end, body))
            continue
        words = [w for w in re.split(r"[,\s]+", (m.group(2) or "").strip()) if w]
        codes = [w.upper() for w in words]
        line, end_line = doc.line_of(c.start), doc.line_of(max(c.start, c.end - 1))
        out.append(Directive(m.group(1), codes, line, end_line, c.start, c.end, (m.group(3) or "").strip()))
    # resolve what each directive covers
    n_lines = len(doc.line_starts)
    lines = doc.source.split("\n")
    for i, d in enumerate(out):
        if d.action == "disable-next-line":
            nxt = d.end_line + 1
            while nxt <= n_lines and not lines[nxt - 1].strip():
                nxt += 1
            d.target = (nxt, nxt)
        elif d.action == "disable-line":
            d.target = (d.line, d.end_line)
        elif d.action == "disable-file":
            d.target = (1, n_lines)
        elif d.action == "disable":
            end = n_lines
            for e in out[i + 1:]:
                if e.action == "enable" and (not e.codes or not d.codes or set(d.codes) & set(e.codes)):
                    end = e.line
                    break
            d.target = (d.end_line, end)
    return out, bad


def apply(doc: Document, findings: list[Finding], known: set[str], meta: dict[str, dict]) -> list[Finding]:
    """Drop suppressed findings; add findings about unused, unknown and malformed directives.

    ``meta`` maps NX001..NX003 to the fields of their findings (name, category, severity),
    or leaves a code out when that check is not selected.
    """
    directives, bad = parse(doc)
    kept: list[Finding] = []
    for f in findings:
        hit = None
        for d in directives:
            if d.action == "enable":
                continue
            lo, hi = d.target
            if lo <= f.line <= hi and (not d.codes or f.rule in d.codes):
                hit = d
                break
        if hit is None:
            kept.append(f)
        else:
            hit.used.add(f.rule)
    extra: list[Finding] = []

    def meta_finding(code: str, start: int, end: int, message: str) -> None:
        if code not in meta:
            return
        (l1, c1), (l2, c2) = doc.position(start), doc.position(end)
        extra.append(Finding(doc.path, l1, c1, l2, c2, code, message=message, excerpt=doc.source[start:end],
                             start=start, end=end, **meta[code]))

    for d in directives:
        if d.action == "enable":
            continue
        unknown = [c for c in d.codes if c not in known]
        for c in unknown:
            meta_finding("NX002", d.start, d.end, f"directive names unknown rule {c}")
        if not unknown and not d.used:
            what = ", ".join(d.codes) if d.codes else "any rule"
            meta_finding("NX001", d.start, d.end, f"'{d.action}' for {what} suppresses nothing here")
        elif d.codes and not unknown:
            for c in d.codes:
                if c not in d.used and c not in META_RULES:
                    meta_finding("NX001", d.start, d.end, f"'{d.action}' for {c} suppresses nothing here")
    for start, end, body in bad:
        meta_finding("NX003", start, end, f"not a directive nxlint understands: {body[:60]!r}")
    return kept + extra

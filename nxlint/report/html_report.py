"""``nxlint report results.jsonl --format html``: one self-contained page a compliance
team can read and send on.

What it shows: totals by category and severity, a bar chart of the most frequent rules
(inline SVG), documents ranked by findings per 1,000 words, and for each document its
findings with the flagged text highlighted in its line (read from the source file when
it is still there with the same content, else the excerpt recorded in the scan).

Safety: every string that comes from a scan (paths, excerpts, source text, messages)
goes through ``html.escape`` and lands only in element content or quoted attributes;
no link is built from document text. The page has no script of its own and says so
with a Content-Security-Policy that forbids scripts, so a draft containing
``<script>``, ``onerror=`` or ``javascript:`` shows up as text and nothing runs.
No external assets: CSS is inline, the chart is SVG.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from nxlint import __version__
from nxlint.batch import jsonl
from nxlint.findings import SEVERITIES, FileResult, Finding

CONTEXT_CHARS = 160  # either side of the flagged text, when its line is long
TOP_RULES = 15


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class Doc:
    result: FileResult
    anchor: str

    @property
    def rate(self) -> float:
        """Findings per 1,000 words."""
        return 1000.0 * len(self.result.findings) / self.result.words if self.result.words else 0.0


def source_text(result: FileResult, base_dirs: list[Path]) -> str | None:
    """The text the findings' offsets point into, if the file is still there unchanged."""
    from nxlint.read import ReadError, read_bytes

    for base in base_dirs:
        p = Path(result.path) if os.path.isabs(result.path) else base / result.path
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if result.sha256 and hashlib.sha256(data).hexdigest() != result.sha256:
            return None  # changed since the scan: the offsets no longer fit
        try:
            return read_bytes(data, result.path).source
        except ReadError:
            return None
    return None


def context(f: Finding, source: str | None) -> str:
    """HTML for the finding's line with the flagged text in <mark> (the excerpt alone without a source)."""
    if source is not None and 0 <= f.start < f.end <= len(source):
        line_start = source.rfind("\n", 0, f.start) + 1
        line_end = source.find("\n", f.end)
        line_end = len(source) if line_end == -1 else line_end
        lo = max(line_start, f.start - CONTEXT_CHARS)
        hi = min(line_end, f.end + CONTEXT_CHARS)
        before, flagged, after = source[lo:f.start], source[f.start:f.end], source[f.end:hi]
        return (("…" if lo > line_start else "") + esc(before) + "<mark>" + esc(flagged) + "</mark>" + esc(after)
                + ("…" if hi < line_end else ""))
    return "<mark>" + esc(f.excerpt) + "</mark>"


def chart(rules: list[tuple[str, int]]) -> str:
    """A horizontal bar chart of (label, count) as inline SVG."""
    if not rules:
        return "<p class=muted>No findings.</p>"
    row, label_w, bar_w = 24, 300, 520
    top = max(n for _, n in rules)
    height = row * len(rules) + 10
    parts = [f'<svg class=chart role=img aria-label="Most frequent rules" width="{label_w + bar_w + 60}" '
             f'height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(rules):
        y = 5 + i * row
        w = max(2, round(bar_w * n / top))
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{esc(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 8}" rx="3"></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 16}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:34px 0 10px;border-bottom:2px solid #dde1e6;padding-bottom:4px}
h3{font-size:16px;margin:0;word-break:break-all}
.muted{color:#687280}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}
table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
th,td{border:1px solid #dde1e6;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart rect{fill:#3b6fb6}.chart text{font:13px system-ui,sans-serif;fill:#1d232b}
.doc{background:#fff;border:1px solid #dde1e6;border-radius:8px;margin:14px 0;padding:12px 16px}
.finding{border-top:1px solid #eceff2;padding:8px 0}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;color:#fff}
.sev-error{background:#c0392b}.sev-warning{background:#d68910}.sev-info{background:#2e86c1}
.sev-failed{background:#6c3483}.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.ctx{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;background:#f8f9fb;border-left:3px solid #c9d1da;
padding:6px 10px;margin:6px 0;white-space:pre-wrap;word-break:break-word}
mark{background:#ffe08a;padding:0 1px;border-radius:2px}.fix{color:#1e7a46}.err{color:#a93226}
"""


def build(records: list[dict[str, Any]], title: str = "nxlint report", base_dirs: list[Path] | None = None,
          generated: datetime | None = None) -> str:
    results = jsonl.results(records)
    base_dirs = base_dirs or [Path.cwd()]
    docs = [Doc(r, f"doc-{i}") for i, r in enumerate(results, 1)]
    findings = [f for r in results for f in r.findings]
    words = sum(r.words for r in results)
    failed = [d for d in docs if d.result.error]
    with_findings = sum(1 for r in results if r.findings and not r.error)
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    fingerprints = sorted({str(rec.get("fingerprint", "")) for rec in records if rec.get("fingerprint")})
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
      "<meta name=viewport content=\"width=device-width,initial-scale=1\">"
      f"<title>{esc(title)}</title><style>{STYLE}</style></head><body><main>")
    w(f"<h1>{esc(title)}</h1><p class=muted>Generated {esc(when)} by nxlint {esc(__version__)}"
      + (f"; rules fingerprint {esc(', '.join(fingerprints))}" if fingerprints else "") + "</p>")

    # totals
    w("<div class=cards>")
    for label, n in (("documents", len(results)), ("words", words), ("findings", len(findings)),
                     ("with findings", with_findings), ("failed", len(failed))):
        w(f"<div class=card><b>{n:,}</b>{esc(label)}</div>")
    w("</div>")
    w("<h2 id=totals>Findings by category and severity</h2>")
    cells = Counter((f.category, f.severity) for f in findings)
    categories = sorted({f.category for f in findings})
    w("<table><tr><th>Category</th>" + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "<th>Total</th></tr>")
    for cat in categories:
        row = [cells.get((cat, s), 0) for s in SEVERITIES]
        w(f"<tr><td>{esc(cat)}</td>" + "".join(f"<td class=n>{n}</td>" for n in row) + f"<td class=n>{sum(row)}</td>"
          "</tr>")
    totals = [sum(cells.get((c, s), 0) for c in categories) for s in SEVERITIES]
    w("<tr><th>All</th>" + "".join(f"<th class=n>{n}</th>" for n in totals) + f"<th class=n>{sum(totals)}</th></tr>"
      "</table>")

    # chart
    names = {f.rule: f.name for f in findings}
    by_rule = Counter(f.rule for f in findings).most_common(TOP_RULES)
    w("<h2 id=rules>Most frequent rules</h2>")
    w(chart([(f"{code} {names[code]}", n) for code, n in by_rule]))

    # ranking
    w("<h2 id=ranking>Documents by findings per 1,000 words</h2>")
    ranked = sorted(docs, key=lambda d: (-d.rate, -len(d.result.findings), d.result.path))
    w("<table><tr><th>#</th><th>Document</th><th>Words</th><th>Findings</th><th>Per 1,000 words</th>"
      "<th>Errors</th><th>Warnings</th><th>Status</th></tr>")
    for i, d in enumerate(ranked, 1):
        r = d.result
        sev = Counter(f.severity for f in r.findings)
        status = "failed" if r.error else "skipped" if r.skipped else "findings" if r.findings else "ok"
        w(f"<tr><td class=n>{i}</td><td><a href=\"#{d.anchor}\">{esc(r.path)}</a></td><td class=n>{r.words:,}</td>"
          f"<td class=n>{len(r.findings)}</td><td class=n>{d.rate:.1f}</td><td class=n>{sev.get('error', 0)}</td>"
          f"<td class=n>{sev.get('warning', 0)}</td><td>{status}</td></tr>")
    w("</table>")

    # per document
    w("<h2 id=documents>Findings per document</h2>")
    for d in ranked:
        r = d.result
        w(f"<section class=doc id=\"{d.anchor}\"><h3>{esc(r.path)}</h3><p class=muted>{r.words:,} words, "
          f"{len(r.findings)} finding{'s' if len(r.findings) != 1 else ''}</p>")
        if r.error:
            w(f"<p class=err><span class=\"sev sev-failed\">failed</span> {esc(r.error)}</p>")
        for warning in r.warnings:
            w(f"<p class=muted>warning: {esc(warning)}</p>")
        source = source_text(r, base_dirs) if r.findings else None
        if r.findings and source is None:
            w("<p class=muted>The source file is not available unchanged: the excerpts recorded by the scan are "
              "shown.</p>")
        for f in sorted(r.findings, key=Finding.sort_key):
            ctx = context(f, source)
            sev = f.severity if f.severity in SEVERITIES else "info"
            w(f"<div class=finding><span class=\"sev sev-{sev}\">{esc(f.severity)}</span> "
              f"<span class=code>{esc(f.rule)} {esc(f.name)}</span> <span class=muted>[{esc(f.category)}"
              + (f": {esc(f.caveat)}" if f.caveat else "")
              + f"] line {f.line}, column {f.column}</span><div>{esc(f.message)}</div>"
              f"<div class=ctx>{ctx}</div>"
              + (f"<div class=fix>Fix: {esc(f.suggestion)}</div>" if f.suggestion else "") + "</div>")
        w("</section>")
    w("</main></body></html>\n")
    return "".join(out)


def render(records: list[dict[str, Any]], stream: IO[str], title: str = "nxlint report",
           base_dirs: list[Path] | None = None) -> None:
    stream.write(build(records, title=title, base_dirs=base_dirs))

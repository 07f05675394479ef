"""``nxlint report results.jsonl --format csv``: one row per finding, for spreadsheets.

Files that could not be linted get a row too (``status`` failed, the error as the
message), so a sheet never hides a document that was not checked. Cells that come from
documents are defused against spreadsheet formula injection: text starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe, the usual
guard (a draft saying ``=HYPERLINK(...)`` must not become a live formula).
"""

from __future__ import annotations

import csv
from typing import IO, Any

from nxlint.batch.jsonl import results

COLUMNS = ("path", "line", "column", "end_line", "end_column", "rule", "name", "category", "severity", "caveat",
           "message", "excerpt", "suggestion", "status", "words")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def render(records: list[dict[str, Any]], stream: IO[str]) -> None:
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(COLUMNS)
    for r in results(records):
        if r.error:
            out.writerow([cell(v) for v in (r.path, "", "", "", "", "", "", "", "error", "", r.error, "", "",
                                              "failed", r.words)])
        for f in r.findings:
            out.writerow([cell(v) for v in (f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.name,
                                              f.category, f.severity, f.caveat or "", f.message, f.excerpt,
                                              f.suggestion, "findings", r.words)])

"""Compiler-style text: ``path:line:col: NX101 error [unsupported-claim] message``,
with the suggestion on an indented line, the way editors and terminals parse it."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from nxlint.report import summary

if TYPE_CHECKING:
    from nxlint.findings import FileResult
    from nxlint.lint import Linter


def render(results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    for r in results:
        for f in r.findings:
            extra = f" ({f.caveat})" if f.caveat else ""
            stream.write(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.severity} [{f.category}]{extra} {f.message}\n")
            if f.suggestion and not quiet:
                stream.write(f"    fix: {f.suggestion}\n")
    if quiet:
        return
    s = summary(results)
    sev = s["by_severity"]
    parts = ", ".join(f"{sev[k]} {k}" for k in ("error", "warning", "info") if sev.get(k))  # type: ignore[index]
    n = s["findings"]
    stream.write(f"{n} finding{'s' if n != 1 else ''}{f' ({parts})' if parts else ''} in {s['files']} "
                 f"file{'s' if s['files'] != 1 else ''}.\n")

"""Output formats: one small module each, chosen by name.

Each module exposes ``render(results, linter, stream, quiet=False)``; results are
:class:`~nxlint.findings.FileResult` objects in run order.
"""

from __future__ import annotations

import importlib
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from nxlint.findings import FileResult
    from nxlint.lint import Linter

MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github", "gitlab": "gitlab"}


def render(fmt: str, results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    module = importlib.import_module(f"nxlint.report.{MODULES[fmt]}")
    module.render(results, linter, stream, quiet=quiet)


def summary(results: list[FileResult]) -> dict[str, object]:
    from collections import Counter

    findings = [f for r in results for f in r.findings]
    return {
        "files": len(results),
        "files_ok": sum(1 for r in results if not (r.findings or r.error or r.skipped)),
        "files_with_findings": sum(1 for r in results if r.findings),
        "files_failed": sum(1 for r in results if r.error),
        "files_skipped": sum(1 for r in results if r.skipped),
        "findings": len(findings),
        "by_severity": dict(Counter(f.severity for f in findings)),
        "by_category": dict(Counter(f.category for f in findings)),
        "words": sum(r.words for r in results),
    }


def relative_path(path: str) -> str:
    """A finding's path as CI systems want it: relative to the working directory, with
    forward slashes; absolute when the file lies outside it; '-' for stdin."""
    import os
    from pathlib import PurePath

    if path == "-":
        return path
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full)
    except ValueError:
        return PurePath(full).as_posix()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return PurePath(full).as_posix()
    return PurePath(rel).as_posix()

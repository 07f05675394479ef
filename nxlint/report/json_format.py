"""``{"version": ..., "findings": [...], "summary": {...}}`` (DESIGN.md section 3)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from nxlint import __version__
from nxlint.report import summary

if TYPE_CHECKING:
    from nxlint.findings import FileResult
    from nxlint.lint import Linter


def render(results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    payload = {
        "version": __version__,
        "findings": [f.to_dict() for r in results for f in r.findings],
        "errors": [{"path": r.path, "error": r.error} for r in results if r.error],
        "summary": summary(results),
    }
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")

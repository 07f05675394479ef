"""GitLab Code Quality report: the JSON list GitLab reads from an
``artifacts:reports:codequality`` file and shows in merge requests.

Each finding becomes ``{"description", "check_name", "fingerprint", "severity",
"location": {"path", "lines": {"begin", "end"}}, "categories", ...}``. Severities map
error -> ``critical``, warning -> ``major``, info -> ``minor``. The fingerprint is the
baseline fingerprint (rule, path, normalised flagged text and occurrence; no line
numbers), so GitLab sees an unchanged finding as the same issue after edits elsewhere in
the file. Paths are relative to the working directory (the repository root in a job).
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from nxlint.baseline import fingerprints
from nxlint.report import relative_path

if TYPE_CHECKING:
    from nxlint.findings import FileResult
    from nxlint.lint import Linter

SEVERITIES = {"error": "critical", "warning": "major", "info": "minor"}
# Code Climate's fixed category names
CATEGORIES = {
    "unsupported-claim": "Bug Risk",
    "factual-error": "Bug Risk",
    "missing-caveat": "Bug Risk",
    "uncited-assertion": "Clarity",
    "commercial": "Style",
    "directive": "Clarity",
}


def build(results: list[FileResult]) -> list[dict[str, Any]]:
    fps = fingerprints(results)
    out = []
    for r in results:
        for f in r.findings:
            issue: dict[str, Any] = {
                "type": "issue",
                "engine_name": "nxlint",
                "check_name": f.rule,
                "description": f"{f.rule} {f.name}: {f.message}",
                "fingerprint": fps[id(f)],
                "severity": SEVERITIES.get(f.severity, "major"),
                "categories": [CATEGORIES.get(f.category, "Clarity")],
                "location": {"path": relative_path(f.path), "lines": {"begin": f.line, "end": f.end_line}},
            }
            if f.suggestion:
                issue["content"] = {"body": f"Fix: {f.suggestion}"}
            out.append(issue)
    return out


def render(results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    json.dump(build(results), stream, indent=2, ensure_ascii=False)
    stream.write("\n")

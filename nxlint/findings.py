"""Findings: the plain data every stage after the rules passes along.

A finding is what the user sees; it carries both source offsets (for suppression,
baselines and slicing) and 1-based line/column positions (for people and tools).
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
CATEGORIES = ("unsupported-claim", "uncited-assertion", "missing-caveat", "commercial", "factual-error", "directive")
CAVEATS = ("withdrawal-risk", "off-label", "consult-professional", "overdose-risk", "pain-blockade", "liver")


@dataclass
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: str
    message: str
    excerpt: str = ""
    suggestion: str = ""
    caveat: str | None = None
    grade: str | None = None
    start: int = 0  # source offsets (characters), end exclusive
    end: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (DESIGN.md section 3): optional fields only when set."""
        # a flat copy: dataclasses.asdict deep-copies every value, which dominated large reports
        d = {name: getattr(self, name) for name in self.__dataclass_fields__}
        d["extra"] = copy.deepcopy(self.extra)
        for key in ("caveat", "grade"):
            if d[key] is None:
                del d[key]
        if not d["extra"]:
            del d["extra"]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        return cls(**known)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.message)


@dataclass
class FileResult:
    """Everything one file produced: findings, or the one-line error that stopped it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    words: int = 0
    sha256: str = ""
    skipped: bool = False  # e.g. a binary file
    severities: dict[str, int] = field(default_factory=dict)  # findings per severity, once slimmed

    def slim(self) -> FileResult:
        """What a streamed scan keeps of a file once its record is on disk: the error and
        warnings for the terminal and the number of findings per severity for the exit
        code, so that memory does not grow with the findings of thousands of files."""
        return FileResult(self.path, [], self.error, self.warnings, self.words, self.sha256, self.skipped,
                          severities=self.severity_counts())

    def severity_counts(self) -> dict[str, int]:
        if not self.findings:
            return dict(self.severities)
        return dict(Counter(f.severity for f in self.findings))

    @property
    def finding_count(self) -> int:
        return len(self.findings) or sum(self.severities.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
            "warnings": self.warnings,
            "words": self.words,
            "sha256": self.sha256,
            "skipped": self.skipped,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileResult:
        return cls(
            path=d["path"],
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            error=d.get("error"),
            warnings=list(d.get("warnings", [])),
            words=int(d.get("words", 0)),
            sha256=d.get("sha256", ""),
            skipped=bool(d.get("skipped", False)),
        )

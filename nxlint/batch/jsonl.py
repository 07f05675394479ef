"""``--format jsonl``: one JSON record per file, written and flushed as each file finishes.

Streaming is what makes a long scan safe to stop: everything finished is already on
disk. A record is ``FileResult.to_dict()`` plus ``status`` (ok, findings, failed,
skipped), the linter ``fingerprint`` and the ``nxlint`` version; ``sha256`` (of the
file's bytes) is already part of the result. Records appear in the order files finish,
not in input order; readers that need input order sort by path.

``--resume`` reads the file back: a file whose last record has the same content hash
and fingerprint is not linted again. Before appending, records that no longer describe
this run (other fingerprint, changed content, paths not in the run, a line cut short
by a hard kill) are dropped by rewriting the file atomically, so that the finished
file holds exactly one record per file, the same set an uninterrupted run writes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from nxlint import __version__
from nxlint.findings import FileResult


def status(result: FileResult) -> str:
    if result.error:
        return "failed"
    if result.skipped:
        return "skipped"
    return "findings" if result.findings else "ok"


def record(result: FileResult, fingerprint: str) -> dict[str, Any]:
    return {**result.to_dict(), "status": status(result), "fingerprint": fingerprint, "nxlint": __version__}


def read_records(path: str | Path) -> tuple[list[dict[str, Any]], int]:
    """The records of a jsonl file, and how many lines were not records (cut short, foreign)."""
    records: list[dict[str, Any]] = []
    bad = 0
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            if not line.endswith("\n"):
                bad += 1  # the last write of a killed run
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if isinstance(rec, dict) and isinstance(rec.get("path"), str):
                records.append(rec)
            else:
                bad += 1
    return records, bad


def results(records: list[dict[str, Any]]) -> list[FileResult]:
    """One result per path (the last record wins), sorted by path: what a report shows."""
    by_path = {rec["path"]: rec for rec in records}
    return [FileResult.from_dict(by_path[p]) for p in sorted(by_path)]


class JsonlSink:
    """Where the records go: a file (resumable) or a stream such as stdout."""

    def __init__(self, fingerprint: str, path: str | None = None, stream: IO[str] | None = None,
                 resume: bool = False) -> None:
        if (path is None) == (stream is None):
            raise ValueError("give a path or a stream")
        self.fingerprint = fingerprint
        self.path = path
        self.resume = resume and path is not None
        self.dropped = 0  # stale records removed when resuming
        self._fh: IO[str] | None = stream
        self._owned = False
        self._previous: list[dict[str, Any]] = []
        self._bad = 0
        if self.resume and os.path.exists(path):  # type: ignore[arg-type]
            self._previous, self._bad = read_records(path)  # type: ignore[arg-type]

    def previous(self) -> dict[str, dict[str, Any]]:
        """path -> its last record written with this fingerprint (candidates for skipping)."""
        return {r["path"]: r for r in self._previous if r.get("fingerprint") == self.fingerprint}

    def begin(self, kept: set[str]) -> None:
        """Open for writing; when resuming keep exactly the records of the ``kept`` paths."""
        if self._fh is not None:
            return
        assert self.path is not None
        if not self.resume:
            self._open("w")
            return
        last = self.previous()
        keep = [last[p] for p in sorted(kept) if p in last]
        self.dropped = len(self._previous) - len(keep)
        if self.dropped or self._bad:
            self._rewrite(keep)
        self._open("a")

    def _open(self, mode: str) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        self._fh = open(self.path, mode, encoding="utf-8")  # type: ignore[arg-type]  # noqa: SIM115
        self._owned = True

    def _rewrite(self, keep: list[dict[str, Any]]) -> None:
        folder = os.path.dirname(os.path.abspath(self.path))  # type: ignore[arg-type]
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".nxlint-resume-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for rec in keep:
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            os.replace(tmp, self.path)  # type: ignore[arg-type]
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def write(self, result: FileResult) -> None:
        assert self._fh is not None, "begin() first"
        self._fh.write(json.dumps(record(result, self.fingerprint), ensure_ascii=False) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        if self._owned:
            self._fh.close()
        self._fh = None

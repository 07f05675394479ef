"""The progress bar: files done/total, rate, ETA and findings so far, on stderr.

Shown only when stderr is a terminal and the run is not ``--quiet``: logs, CI output
and pipes get nothing but the results. ``rich`` is imported only when a bar is shown.
"""

from __future__ import annotations

import sys
from typing import Any

from nxlint.findings import FileResult


class NoProgress:
    """The stand-in when no bar is shown."""

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self, result: FileResult) -> None:
        return None


class Bar(NoProgress):
    def __init__(self, total: int, done: int = 0, description: str = "linting") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:5.1f} files/s" if speed else "  ... files/s", style="progress.data.speed")

        self.findings = 0
        self._progress = Progress(
            TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[findings]} findings, {task.fields[failed]} failed"),
            console=Console(file=sys.stderr), transient=False, speed_estimate_period=10.0,
        )
        self._task = self._progress.add_task(description, total=total, completed=done, findings=0, failed=0)
        self._failed = 0

    def __enter__(self) -> Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self, result: FileResult) -> None:
        self.findings += len(result.findings)
        self._failed += 1 if result.error else 0
        self._progress.update(self._task, advance=1, findings=self.findings, failed=self._failed)


def progress_for(total: int, quiet: bool, done: int = 0, stream: Any = None) -> NoProgress:
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if quiet or total < 1 or not (isatty and isatty()):
        return NoProgress()
    return Bar(total, done)

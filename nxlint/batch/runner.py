"""The driver of a run: which files need linting, who lints them, where results go.

One loop serves every backend (in-process, local processes, a Dask cluster), so the
cache, ``--resume``, the jsonl stream, the progress bar, the summary and Ctrl-C behave
the same whichever does the work:

1. *Plan.* Read and hash every file (the main process does this anyway for the cache
   and resume, so it is done once, here). A file already in the output being resumed
   with the same hash is skipped; one in the cache is done; the rest is to do.
2. *Lint.* Items go to the backend a few at a time (bounded memory: file contents are
   read again when submitted, not held for the whole run), results come back in the
   order they finish and are written, cached and counted at once.
3. *Order.* ``BatchOutcome.results`` is in input order, so text and JSON output are
   identical whatever ``--jobs`` was.

A backend is created only if something is left to lint: a run served entirely from
the cache starts no worker and never imports spaCy.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from nxlint.batch.progress import progress_for
from nxlint.batch.worker import CRASH_HOOK_ENV, lint_safely
from nxlint.findings import FileResult

if TYPE_CHECKING:
    from nxlint.batch.cache import Cache
    from nxlint.batch.jsonl import JsonlSink
    from nxlint.lint import Linter

# Without an explicit --jobs, fewer files than this are linted in-process: starting
# worker processes (spaCy import and pipeline build in each) costs more than it saves.
AUTO_IN_PROCESS_BELOW = 24


@dataclass(eq=False)
class Item:
    index: int  # position in the input: the order of the final output
    path: str  # as reported
    source: str | None  # the file to read; None for stdin, whose bytes are in ``data``
    data: bytes | None = None
    sha256: str = ""
    isolated: bool = False  # being retried alone after a worker died


class Backend(Protocol):
    name: str
    capacity: int  # items it may hold at once (in flight and queued)
    workers: int
    restarts: int  # pools replaced after a worker died

    def __len__(self) -> int: ...
    def submit(self, item: Item) -> None: ...
    def wait(self, timeout: float) -> list[tuple[Item, FileResult]]: ...
    def harvest(self) -> list[tuple[Item, FileResult]]: ...
    def close(self, kill: bool = False) -> None: ...


class InProcess:
    """``--jobs 1``: lint in this process, one file per ``wait``."""

    name = "in-process"
    capacity = 1
    workers = 1
    restarts = 0

    def __init__(self, linter: Linter) -> None:
        self.linter = linter
        self._queue: deque[Item] = deque()

    def __len__(self) -> int:
        return len(self._queue)

    def submit(self, item: Item) -> None:
        self._queue.append(item)

    def wait(self, timeout: float) -> list[tuple[Item, FileResult]]:
        item = self._queue.popleft()
        return [(item, lint_safely(self.linter, item.data or b"", item.path))]

    def harvest(self) -> list[tuple[Item, FileResult]]:
        return []

    def close(self, kill: bool = False) -> None:
        self._queue.clear()


@dataclass
class BatchOptions:
    jobs: int | None = None  # None: as many as CPUs, but in-process for a handful of files
    scheduler: str | None = None  # a Dask scheduler address: lint there instead
    cache: Cache | None = None
    sink: JsonlSink | None = None  # streamed records (``--format jsonl``)
    quiet: bool = False  # no progress bar
    keep_findings: bool = True  # False: results keep counts only (the findings were streamed to ``sink``)


@dataclass
class BatchOutcome:
    results: list[FileResult]  # input order; on interruption only the files that finished
    total: int  # files asked for
    interrupted: bool = False
    from_cache: int = 0
    resumed: int = 0
    backend: str = "none"
    workers: int = 0
    restarts: int = 0
    elapsed: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def summary_line(self) -> str:
        c = self.counts
        rate = f", {len(self.results) / self.elapsed:.1f} files/s" if self.elapsed > 0 and self.results else ""
        how = {"processes": f"{self.workers} processes", "dask": f"Dask, {self.workers} workers",
               "in-process": "1 process"}.get(self.backend, "nothing to lint")
        extra = [f"{n} {what}" for n, what in ((self.from_cache, "from cache"), (self.resumed, "resumed"),
                                              (self.restarts, "worker restarts")) if n]
        skipped = f", {c['skipped']} skipped" if c.get("skipped") else ""
        return (f"{len(self.results)} of {self.total} files in {self.elapsed:.1f} s ({how}{rate}): "
                f"{c['ok']} ok, {c['with_findings']} with findings, {c['failed']} failed{skipped}"
                + (f"; {', '.join(extra)}" if extra else ""))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use (containers, taskset)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def count(results: list[FileResult]) -> dict[str, int]:
    """Files ok (no findings), with findings, failed, skipped: each file in exactly one."""
    c = {"ok": 0, "with_findings": 0, "failed": 0, "skipped": 0}
    for r in results:
        c["failed" if r.error else "skipped" if r.skipped else "with_findings" if r.finding_count else "ok"] += 1
    return c


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _backend(linter: Linter, options: BatchOptions, todo: int) -> Backend:
    if options.scheduler:
        from nxlint.batch.cluster import Cluster

        return Cluster(options.scheduler, linter, todo)
    jobs = options.jobs or cpu_count()
    if options.jobs is None and todo < AUTO_IN_PROCESS_BELOW:
        jobs = 1
    jobs = min(jobs, todo)
    if jobs <= 1:
        return InProcess(linter)
    from nxlint.batch.pool import LocalPool

    return LocalPool(linter, jobs, crash_on=os.environ.get(CRASH_HOOK_ENV))


def run_batch(files: list[str], linter: Linter, options: BatchOptions,
              read_stdin: Callable[[], bytes] | None = None, stdin_filename: str | None = None) -> BatchOutcome:
    """Lint ``files`` ('-' is stdin, read with ``read_stdin``); never raises for a bad file.

    KeyboardInterrupt is caught: workers are stopped, what finished is written, and
    the outcome says ``interrupted``.
    """
    started = time.monotonic()
    cache, sink = options.cache, options.sink
    results: list[FileResult | None] = [None] * len(files)
    outcome = BatchOutcome(results=[], total=len(files))
    backend: Backend | None = None
    progress = None

    def emit(item: Item, result: FileResult, fresh: bool) -> None:
        item.data = None
        if fresh and cache is not None:
            cache.put(result)
        if sink is not None:
            sink.write(result)
        results[item.index] = result if options.keep_findings else result.slim()
        if progress is not None:
            progress.advance(result)

    finished = False
    try:
        # 1. plan
        previous = sink.previous() if sink is not None else {}
        ready: list[tuple[Item, FileResult]] = []
        todo: deque[Item] = deque()
        kept: set[str] = set()
        for index, name in enumerate(files):
            if name == "-":
                item = Item(index, stdin_filename or "-", None, data=read_stdin() if read_stdin else b"")
                data: bytes | None = item.data
            else:
                item = Item(index, name, name)
                data = _read(name)
            if data is None:  # unreadable: the Linter words the error
                ready.append((item, linter.lint_path(name)))
                continue
            item.sha256 = hashlib.sha256(data).hexdigest()
            rec = previous.get(item.path)
            if rec is not None and rec.get("sha256") == item.sha256:
                resumed = FileResult.from_dict(rec)
                results[index] = resumed if options.keep_findings else resumed.slim()
                kept.add(item.path)
                outcome.resumed += 1
                continue
            hit = cache.get(item.sha256, item.path) if cache is not None else None
            if hit is not None:
                ready.append((item, hit))
                outcome.from_cache += 1
                continue
            if item.source is not None:
                item.data = None  # read again when submitted: memory stays bounded
            todo.append(item)
        if sink is not None:
            sink.begin(kept)

        # 2. lint
        progress = progress_for(len(files), options.quiet, done=outcome.resumed)
        with progress:
            for item, result in ready:
                emit(item, result, fresh=False)
            if todo:
                backend = _backend(linter, options, len(todo))
                outcome.backend = backend.name
            while todo or (backend is not None and len(backend)):
                assert backend is not None
                while todo and len(backend) < backend.capacity:
                    item = todo.popleft()
                    if item.data is None:
                        item.data = _read(item.source or "")
                        if item.data is None:  # vanished since it was planned
                            emit(item, linter.lint_path(item.path), fresh=True)
                            continue
                    backend.submit(item)
                for item, result in backend.wait(0.5):
                    emit(item, result, fresh=True)
        finished = True
    except KeyboardInterrupt:
        outcome.interrupted = True
        handler = _ignore_sigint()  # a second Ctrl-C must not cut the clean-up short
        try:
            if backend is not None:
                for item, result in backend.harvest():
                    emit(item, result, fresh=True)
                backend.close(kill=True)
        finally:
            if sink is not None:
                sink.close()
            _restore_sigint(handler)
    finally:
        if not outcome.interrupted:
            if backend is not None:
                backend.close(kill=not finished)
            if sink is not None:
                sink.close()
    if backend is not None:
        outcome.workers, outcome.restarts = backend.workers, backend.restarts
    outcome.results = [r for r in results if r is not None]
    outcome.counts = count(outcome.results)
    outcome.elapsed = time.monotonic() - started
    return outcome


def _ignore_sigint() -> object:
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.SIG_IGN)


def _restore_sigint(handler: object) -> None:
    if handler is not None:
        signal.signal(signal.SIGINT, handler)  # type: ignore[arg-type]

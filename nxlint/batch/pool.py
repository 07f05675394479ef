"""Local worker processes for ``--jobs N``, and what happens when one of them dies.

Start method: ``forkserver`` where the platform has it, else ``spawn``. Plain ``fork``
would copy the main process mid-run, including the progress bar's refresh thread and
whatever locks it holds, which can deadlock the child; the fork server is a clean,
single-threaded process that imports nxlint and spaCy once, so each new worker (and a
replacement for one that died) starts from there. Each worker builds the spaCy pipeline
once, in the initializer.

A worker that dies (killed, out of memory, a crash in native code) breaks the whole
``ProcessPoolExecutor``: every file in flight fails with ``BrokenProcessPool`` and there
is no telling which one did it. So all of them become suspects and are retried once,
one at a time, in a fresh pool; a suspect that kills its worker again while running
alone is the culprit, and is recorded as failed. No file is dropped.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from nxlint.batch import worker
from nxlint.findings import FileResult
from nxlint.rules.loader import RulesetError

if TYPE_CHECKING:
    from nxlint.batch.runner import Item
    from nxlint.lint import Linter

IN_FLIGHT_PER_WORKER = 4  # enough queued work to keep a worker busy, few suspects if it dies


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # imported once in the fork server (spaCy included), inherited by every worker and every restart
        ctx.set_forkserver_preload(["nxlint.batch.worker", "nxlint.lint", "nxlint.analyse.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def died_result(item: Item) -> FileResult:
    return FileResult(path=item.path, sha256=item.sha256,
                      error=f"{item.path}: the worker process died while linting this file, twice (the second "
                            "time alone): it crashes the linter; run it on its own with --jobs 1 to see why")


class LocalPool:
    """The backend for ``--jobs N``: ``submit`` items, ``wait`` for finished ones."""

    name = "processes"

    def __init__(self, linter: Linter, jobs: int, crash_on: str | None = None) -> None:
        self.workers = jobs
        self.capacity = jobs * IN_FLIGHT_PER_WORKER
        self.restarts = 0
        self._initargs = (worker.portable(linter), crash_on)
        self._executor: ProcessPoolExecutor | None = None
        self._inflight: dict[Future, Item] = {}
        self._held: deque[Item] = deque()  # submitted while suspects are being retried
        self._suspects: deque[Item] = deque()

    def __len__(self) -> int:
        return len(self._inflight) + len(self._held) + len(self._suspects)

    def submit(self, item: Item) -> None:
        self._held.append(item)
        self._pump()

    def _pump(self) -> None:
        """Start what may start: everything held, or, while there are suspects, one suspect alone."""
        if self._suspects:
            if not self._inflight:
                item = self._suspects.popleft()
                item.isolated = True
                self._start(item)
            return
        while self._held:
            self._start(self._held.popleft())

    def _start(self, item: Item) -> None:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=_context(),
                                                 initializer=worker.init_pool_worker, initargs=self._initargs)
        try:
            fut = self._executor.submit(worker.lint_in_pool, item.path, item.data)
        except BrokenProcessPool:  # it broke between two submissions: a failed future says the same
            fut = Future()
            fut.set_exception(BrokenProcessPool("worker died"))
        self._inflight[fut] = item

    def wait(self, timeout: float) -> list[tuple[Item, FileResult]]:
        out: list[tuple[Item, FileResult]] = []
        if not self._inflight:
            self._pump()
            return out
        done, _ = wait_futures(list(self._inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        broken = self._collect(done, out)
        if broken:
            # The pool is gone: the other futures fail with it (or finished just before); they end promptly.
            rest, _ = wait_futures(list(self._inflight))
            broken += self._collect(rest, out)
            self._discard_executor()
            for item in broken:
                if item.isolated:
                    out.append((item, died_result(item)))
                else:
                    self._suspects.append(item)
        self._pump()
        return out

    def _collect(self, done: set[Future], out: list[tuple[Item, FileResult]]) -> list[Item]:
        broken: list[Item] = []
        for fut in done:
            item = self._inflight.pop(fut)
            exc = fut.exception()
            if exc is None:
                out.append((item, fut.result()))
            elif isinstance(exc, BrokenProcessPool):
                broken.append(item)
            elif isinstance(exc, RulesetError):
                raise exc
            else:  # e.g. a result that cannot be sent back: still that file's own error
                out.append((item, FileResult(path=item.path, sha256=item.sha256,
                                             error=f"{item.path}: internal error ({type(exc).__name__}: {exc})")))
        return broken

    def _discard_executor(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self.restarts += 1

    def harvest(self) -> list[tuple[Item, FileResult]]:
        """Results already finished (used when stopping early)."""
        out = []
        for fut, item in list(self._inflight.items()):
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                out.append((item, fut.result()))
                del self._inflight[fut]
        return out

    def close(self, kill: bool = False) -> None:
        ex, self._executor = self._executor, None
        if ex is None:
            return
        if not kill:
            ex.shutdown(wait=True)
            return
        processes = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            if p.is_alive():
                p.terminate()
        for p in processes:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()

"""``--scheduler tcp://HOST:PORT``: lint on a Dask distributed cluster.

The same driver feeds it as the local pool (see :mod:`.runner`), so output, progress,
cache and resume work unchanged. The Linter is scattered to the workers once; each task
is a small batch of files (their bytes travel with them, so workers need no shared file
system), and the worker keeps one Linter per fingerprint for the life of its process, so
the pipeline is built once per worker, not once per file. Results stream back with
``distributed.as_completed`` as they finish.

Worker failure is Dask's business: a task whose worker dies is rescheduled on another,
and after ``distributed.scheduler.allowed-failures`` deaths it fails with
``KilledWorker``. A failed batch is sent again one file per task, so the failure lands
on the file that causes it, as that file's error record; no file is dropped.
Workers must run the same nxlint version as the client (the task checks).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from nxlint import __version__
from nxlint.batch import worker
from nxlint.findings import FileResult
from nxlint.rules.loader import RulesetError

if TYPE_CHECKING:
    from nxlint.batch.runner import Item
    from nxlint.lint import Linter

SCHEDULER_ENV = "NXLINT_SCHEDULER"
IN_FLIGHT_PER_THREAD = 3  # tasks queued or running per worker thread
TASKS_PER_THREAD = 8  # at least this many tasks per thread when there are enough files
MAX_BATCH = 16  # files per task
WAIT_FOR_WORKERS = 60  # seconds, for a cluster that is still starting


class ClusterError(Exception):
    """The cluster cannot be used (not installed, not reachable); the message says why."""


class Cluster:
    name = "dask"

    def __init__(self, address: str, linter: Linter, todo: int = 0) -> None:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise ClusterError("--scheduler needs Dask: pip install 'nxlint[dask]'") from None
        try:
            # connection timeout: Dask's own setting (distributed.comm.timeouts.connect, 30 s by default)
            self.client = Client(address, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            self.client.close()
            raise ClusterError(f"no Dask worker joined the scheduler at {address} "
                               f"within {WAIT_FOR_WORKERS} s") from None
        threads = sum(self.client.nthreads().values())
        self.workers = len(self.client.nthreads())
        # Small batches: each task costs the scheduler and the client a few milliseconds, as much
        # as a short draft takes to lint; yet enough tasks per thread to keep the load balanced.
        self.batch = max(1, min(MAX_BATCH, todo // (threads * TASKS_PER_THREAD)))
        self.capacity = max(8, IN_FLIGHT_PER_THREAD * threads) * self.batch
        self.restarts = 0
        self._linter = self.client.scatter(worker.portable(linter), broadcast=True, hash=False)
        self._done = as_completed([], loop=self.client.loop, with_results=False)
        self._futures: dict[Any, list[Item]] = {}
        self._pending: list[Item] = []  # the batch being filled
        self._queued = 0  # items in submitted tasks
        self._run = uuid.uuid4().hex[:12]  # task keys unique across concurrent runs on one cluster
        self._seq = 0

    def __len__(self) -> int:
        return self._queued + len(self._pending)

    def submit(self, item: Item) -> None:
        self._pending.append(item)
        if len(self._pending) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._send(self._pending)
            self._pending = []

    def _send(self, items: list[Item]) -> None:
        self._seq += 1
        fut = self.client.submit(worker.lint_batch_on_cluster, self._linter, __version__,
                                 [(i.path, i.data) for i in items], pure=False, key=f"nxlint-{self._run}-{self._seq}")
        self._futures[fut] = items
        self._queued += len(items)
        self._done.add(fut)

    def wait(self, timeout: float) -> list[tuple[Item, FileResult]]:
        self._flush()
        done = self._done.next_batch(block=False)
        if not done:
            try:
                done = [next(self._done)]  # blocks until one finishes (Ctrl-C still interrupts)
            except StopIteration:
                return []
        out: list[tuple[Item, FileResult]] = []
        for fut in done:
            out += self._results(fut)
        return out

    def _results(self, fut: Any) -> list[tuple[Item, FileResult]]:
        items = self._futures.pop(fut)
        self._queued -= len(items)
        try:
            results = fut.result()
        except RulesetError:
            raise
        except Exception as e:  # noqa: BLE001 - KilledWorker, a version mismatch...
            if len(items) > 1:  # find the file that failed: each is sent again on its own
                for item in items:
                    self._send([item])
                return []
            item = items[0]
            results = [FileResult(path=item.path, sha256=item.sha256,
                                  error=f"{item.path}: failed on the Dask cluster ({type(e).__name__}: {e})")]
        finally:
            fut.release()
        return list(zip(items, results, strict=True))

    def harvest(self) -> list[tuple[Item, FileResult]]:
        out: list[tuple[Item, FileResult]] = []
        for fut in [f for f in self._futures if f.status == "finished"]:
            out += self._results(fut)
        return out

    def close(self, kill: bool = False) -> None:
        if kill and self._futures:
            self.client.cancel(list(self._futures))
        self._futures.clear()
        self.client.close()

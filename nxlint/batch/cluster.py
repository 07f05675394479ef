"""``--scheduler tcp://HOST:PORT``: lint on a Dask distributed cluster.

The same driver feeds it as the local pool (see :mod:`.runner`), so output, progress,
cache and resume work unchanged. The Linter is scattered to the workers once; each task
is one file (its bytes travel with it, so workers need no shared file system), and the
worker keeps one Linter per fingerprint for the life of its process, so the pipeline
is built once per worker, not once per file. Results stream back with
``distributed.as_completed`` as they finish.

Worker failure is Dask's business: a task whose worker dies is rescheduled on another,
and after ``distributed.scheduler.allowed-failures`` deaths it fails with
``KilledWorker``, which becomes that file's error record, never a dropped file.
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
IN_FLIGHT_PER_THREAD = 4
WAIT_FOR_WORKERS = 60  # seconds, for a cluster that is still starting


class ClusterError(Exception):
    """The cluster cannot be used (not installed, not reachable); the message says why."""


class Cluster:
    name = "dask"

    def __init__(self, address: str, linter: Linter) -> None:
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
        self.capacity = max(8, IN_FLIGHT_PER_THREAD * threads)
        self.restarts = 0
        self._linter = self.client.scatter(worker.portable(linter), broadcast=True, hash=False)
        self._done = as_completed([], loop=self.client.loop, with_results=False)
        self._futures: dict[Any, Item] = {}
        self._run = uuid.uuid4().hex[:12]  # task keys unique across concurrent runs on one cluster

    def __len__(self) -> int:
        return len(self._futures)

    def submit(self, item: Item) -> None:
        fut = self.client.submit(worker.lint_on_cluster, self._linter, __version__, item.path, item.data,
                                 pure=False, key=f"nxlint-{self._run}-{item.index}")
        self._futures[fut] = item
        self._done.add(fut)

    def wait(self, timeout: float) -> list[tuple[Item, FileResult]]:
        batch = self._done.next_batch(block=False)
        if not batch:
            try:
                batch = [next(self._done)]  # blocks until one finishes (Ctrl-C still interrupts)
            except StopIteration:
                return []
        return [self._result(fut) for fut in batch]

    def _result(self, fut: Any) -> tuple[Item, FileResult]:
        item = self._futures.pop(fut)
        try:
            result = fut.result()
        except RulesetError:
            raise
        except Exception as e:  # noqa: BLE001 - KilledWorker, a version mismatch...: this file's error
            result = FileResult(path=item.path, sha256=item.sha256,
                                error=f"{item.path}: failed on the Dask cluster ({type(e).__name__}: {e})")
        fut.release()
        return item, result

    def harvest(self) -> list[tuple[Item, FileResult]]:
        return [self._result(fut) for fut in list(self._futures) if fut.status == "finished"]

    def close(self, kill: bool = False) -> None:
        if kill and self._futures:
            self.client.cancel(list(self._futures))
        self._futures.clear()
        self.client.close()

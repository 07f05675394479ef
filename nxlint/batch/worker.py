"""What runs inside a worker: a local pool process or a Dask worker.

Workers receive the main process's :class:`~nxlint.lint.Linter` (rulesets already
compiled and validated, pipeline not yet built) rather than a configuration, so a
remote worker does not need the ruleset files and every worker lints with exactly the
rules the main process fingerprinted. Each worker process builds the spaCy pipeline
once and keeps it for every file it is given.

Files travel as bytes, not paths: the main process has already read them to hash them
(cache, resume), the hash then describes exactly what was linted, and a cluster worker
needs no access to the caller's file system.
"""

from __future__ import annotations

import copy
import hashlib
import os
import signal
from typing import TYPE_CHECKING

from nxlint.findings import FileResult
from nxlint.rules.loader import RulesetError

if TYPE_CHECKING:
    from nxlint.lint import Linter

# Test hook: a worker that is handed a file whose path contains this string kills its
# own process with SIGKILL, the way an out-of-memory kill or a crash in native code
# would. Read by the main process when it starts a pool and passed to the workers
# (see ``init_pool_worker``); it does nothing in ``--jobs 1`` (in-process) runs.
CRASH_HOOK_ENV = "NXLINT_TEST_CRASH_ON"

_linter: Linter | None = None
_crash_on: str | None = None
_init_error: Exception | None = None
_linters: dict[str, Linter] = {}  # Dask: one Linter (and pipeline) per fingerprint per worker process


def portable(linter: Linter) -> Linter:
    """A shallow copy of ``linter`` that pickles small: the rules without a built pipeline."""
    ruleset = copy.copy(linter.ruleset)
    ruleset.__dict__.pop("nlp", None)  # a cached_property: rebuilt lazily where it is used
    out = copy.copy(linter)
    out.ruleset = ruleset
    return out


def lint_safely(linter: Linter, data: bytes, path: str, fmt: str | None = None) -> FileResult:
    """``linter.lint_bytes`` that turns any unexpected exception into an error record.

    The Linter already records read errors and rule failures; this also covers a reader
    that fails in an unforeseen way, so one bad file can never stop a batch.
    """
    try:
        return linter.lint_bytes(data, path, fmt)
    except RulesetError:  # a broken ruleset (found when the pipeline is built) stops the run, as without --jobs
        raise
    except Exception as e:  # noqa: BLE001 - fault isolation is the point
        return FileResult(path=path, sha256=hashlib.sha256(data).hexdigest(),
                          error=f"{path}: internal error while linting ({type(e).__name__}: {e})")


def init_pool_worker(linter: Linter, crash_on: str | None) -> None:
    """ProcessPoolExecutor initializer: keep the linter, build its pipeline now."""
    global _linter, _crash_on, _init_error
    # Ctrl-C reaches the whole process group; the main process decides what stops and when.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _linter, _crash_on = linter, crash_on or None
    try:
        _ = linter.ruleset.nlp  # once per process, before the first file
    except Exception as e:  # noqa: BLE001 - raised from each task instead: a failing initializer breaks the pool
        _init_error = e  # (and the pool would be restarted for every file); a RulesetError then stops the run


def lint_in_pool(path: str, data: bytes, fmt: str | None = None) -> FileResult:
    if _crash_on and _crash_on in path:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    if _init_error is not None:
        raise _init_error
    assert _linter is not None, "init_pool_worker did not run"
    return lint_safely(_linter, data, path, fmt)


def lint_on_cluster(linter: Linter, version: str, path: str, data: bytes, fmt: str | None = None) -> FileResult:
    """A Dask task. ``linter`` is the scattered Linter; the first one seen per fingerprint
    is kept for the life of the worker process, so the pipeline is built once."""
    from nxlint import __version__

    if version != __version__:
        raise RuntimeError(f"this Dask worker runs nxlint {__version__}, the client {version}: "
                           "install the same version on every worker")
    kept = _linters.setdefault(linter.fingerprint, linter)
    return lint_safely(kept, data, path, fmt)


def lint_batch_on_cluster(linter: Linter, version: str, items: list[tuple[str, bytes]]) -> list[FileResult]:
    """A Dask task of a few files (per-task overhead is comparable to linting one draft)."""
    return [lint_on_cluster(linter, version, path, data) for path, data in items]

"""Batch scans: many files, in parallel, resumable, cached, on one machine or a cluster.

The single-file path (:class:`nxlint.lint.Linter`) knows nothing about any of this; the
batch layer wraps it so that the same ``FileResult`` comes out whichever way a file was
linted. One driver (:mod:`.runner`) owns the order of results, the cache, the resume
bookkeeping, the progress bar and Ctrl-C; interchangeable backends do the linting:

- :mod:`.runner`   ``InProcess`` (``--jobs 1``, few files) and the driver loop
- :mod:`.pool`     local worker processes (``--jobs N``), with crash detection and retry
- :mod:`.cluster`  a Dask distributed cluster (``--scheduler tcp://...``)
- :mod:`.worker`   the code a worker process runs (kept small: it is what gets imported there)
- :mod:`.cache`    ``.nxlint_cache/``: results keyed by content and linter fingerprint
- :mod:`.jsonl`    one record per file, streamed; reading it back for ``--resume`` and reports
- :mod:`.progress` the rich progress bar on stderr (only on a terminal)

Nothing here imports spaCy: a run where every file comes from the cache never loads it.
"""

from nxlint.batch.runner import BatchOptions, BatchOutcome, run_batch

__all__ = ["BatchOptions", "BatchOutcome", "run_batch"]

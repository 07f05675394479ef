"""Stage 1 of ``nxlint check`` (lint every file) with the batch options applied.

Kept out of ``cli.py`` so the command stays a readable list of stages: this turns the
options (``--jobs``, ``--scheduler``, ``--no-cache``, ``--format jsonl``, ``--output``,
``--resume``) into a :class:`~nxlint.batch.runner.BatchOptions`, runs the batch, and
reports on stderr: the summary, and on Ctrl-C how to resume (exit code 130).
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

import click

from nxlint.batch.runner import BatchOptions, BatchOutcome, run_batch

if TYPE_CHECKING:
    from nxlint.config import Config
    from nxlint.findings import FileResult
    from nxlint.lint import Linter

EXIT_ERROR, EXIT_INTERRUPTED = 2, 130


def _usage(message: str) -> None:
    click.echo(f"nxlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def lint_for_check(files: list[str], linter: Linter, cfg: Config, *, fmt: str, output: str | None, resume: bool,
                   no_cache: bool, jobs: int | None, scheduler: str | None, stdin_filename: str | None,
                   quiet: bool, filtered: bool = False) -> list[FileResult]:
    """Lint ``files`` as ``check`` asked; the results are in input order.

    With ``--format jsonl`` the records are written as files finish (to ``output`` or
    stdout) and nothing is left for the output stage but the terminal report: the results
    keep counts, not findings, so a scan of any size runs in bounded memory.
    """
    from nxlint.batch.cache import Cache, default_dir
    from nxlint.batch.jsonl import JsonlSink

    if resume and not (fmt == "jsonl" and output):
        _usage("--resume needs --format jsonl --output FILE (the file it resumes)")
    if fmt == "jsonl" and filtered:
        _usage("--format jsonl records every finding of every file (for reports and --resume); "
               "--baseline and --diff apply to the other formats")
    sink = None
    if fmt == "jsonl":
        sink = (JsonlSink(linter.fingerprint, path=output, resume=resume) if output
                else JsonlSink(linter.fingerprint, stream=sys.stdout))
    options = BatchOptions(jobs=jobs, scheduler=scheduler or None, quiet=quiet, sink=sink,
                           keep_findings=sink is None,  # jsonl: written as files finish, counted, not held
                           cache=None if no_cache else Cache(default_dir(cfg.source), linter.fingerprint))
    from nxlint.batch.cluster import ClusterError

    try:
        outcome = run_batch(files, linter, options, read_stdin=lambda: sys.stdin.buffer.read(),
                            stdin_filename=stdin_filename)
    except ClusterError as e:
        _usage(str(e))
    except OSError as e:  # the output file cannot be written
        _usage(f"cannot write {output or 'the output'}: {e.strerror or e}")
    if sink is not None and sink.dropped and not quiet:
        click.echo(f"nxlint: --resume: dropped {sink.dropped} record(s) of {output} that no longer match "
                   "(changed files, other rules, files not in this run)", err=True)
    if outcome.interrupted:
        _interrupted(outcome, output if sink is not None else None)
    if not quiet and (fmt == "jsonl" or outcome.backend in ("processes", "dask") or sys.stderr.isatty()):
        click.echo(f"nxlint: {outcome.summary_line()}", err=True)
    return outcome.results


def _interrupted(outcome: BatchOutcome, written: str | None) -> None:
    done = f"{len(outcome.results)} of {outcome.total} files done"
    if written:
        click.echo(f"nxlint: interrupted: {done}; their records are in {written}.\n"
                   f"nxlint: to finish the scan, run: {resume_command()}", err=True)
    else:
        click.echo(f"nxlint: interrupted: {done}. To make a long scan resumable, write it with "
                   "--format jsonl --output FILE and finish it with --resume.", err=True)
    sys.exit(EXIT_INTERRUPTED)


def resume_command() -> str:
    """This command line with ``--resume`` added."""
    args = sys.argv[1:]
    if not args or args[0] != "check":  # not run as a command (e.g. from a test harness)
        return "nxlint check ... --format jsonl --output FILE --resume"
    if "--resume" not in args:
        args = [*args, "--resume"]
    return shlex.join(["nxlint", *args])

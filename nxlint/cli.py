"""Command line: ``nxlint check``, ``nxlint rules``, ``nxlint explain``.

Heavy imports (spaCy, the rules engine) happen inside the commands, so ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

import sys

import click

from nxlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif", "github", "gitlab", "jsonl")


def _fail(message: str) -> None:
    click.echo(f"nxlint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load(config_path: str | None, select: str | None, ignore: str | None, fail_on: str | None):  # noqa: ANN202
    from nxlint.config import ConfigError, load

    try:
        cfg = load(config_path)
    except ConfigError as e:
        _fail(str(e))
    if select:
        cfg.select = [s.strip().upper() for s in select.split(",") if s.strip()]
    if ignore:
        cfg.ignore = [s.strip().upper() for s in ignore.split(",") if s.strip()]
    if fail_on:
        cfg.fail_on = fail_on
    return cfg


def _linter(cfg):  # noqa: ANN001, ANN202
    from nxlint.lint import Linter
    from nxlint.rules import RulesetError

    try:
        return Linter(cfg)
    except RulesetError as e:
        _fail(str(e))


def _prepare(paths: tuple[str, ...], cfg, quiet: bool) -> tuple[list[str], list, object]:  # noqa: ANN001
    """Collect the files to lint (saying what was wrong with the paths) and load the rules."""
    from nxlint.discover import collect

    files, problems = collect(paths, cfg)
    linter = _linter(cfg)
    for p in problems:
        if not quiet or p.fatal:
            click.echo(f"nxlint: {p.message}", err=True)
    return files, problems, linter


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nxlint")
def main() -> None:
    """Lint naltrexone marketing and blog drafts: unsupported claims, missing safety
    caveats, uncited assertions, commercial solicitation and factual errors."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the --format report to FILE; the text report still goes to the terminal.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Report only findings not recorded in this baseline (see: nxlint baseline).")
@click.option("--diff", "diff_ref", metavar="REF",
              help="Report only findings on lines changed since the git ref REF (e.g. origin/main).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning, or the config's).")
@click.option("--select", help="Only these rules (comma-separated codes or prefixes, e.g. NX1,NX201).")
@click.option("--ignore", help="Skip these rules (comma-separated codes or prefixes).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (.nxlint.yaml or pyproject.toml).")
@click.option("--stdin-filename", help="Name (and so format) for text read from '-'.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary, no notices.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU; a handful of files is linted in-process). 1: in-process.")
@click.option("--resume", is_flag=True, help="With --format jsonl --output FILE: skip files already recorded in FILE "
              "with the same content and rules, append the rest.")
@click.option("--no-cache", is_flag=True, help="Lint every file again instead of reusing .nxlint_cache/.")
@click.option("--scheduler", envvar="NXLINT_SCHEDULER", metavar="tcp://HOST:PORT",
              help="Lint on this Dask distributed scheduler (needs nxlint[dask]; env NXLINT_SCHEDULER).")
def check(paths: tuple[str, ...], fmt: str, output: str | None, baseline_path: str | None, diff_ref: str | None,
          fail_on: str | None, select: str | None, ignore: str | None,
          config_path: str | None, stdin_filename: str | None, quiet: bool, jobs: int | None, resume: bool,
          no_cache: bool, scheduler: str | None) -> None:
    """Lint files, folders (recursively) and '-' (stdin)."""
    cfg = _load(config_path, select, ignore, fail_on)
    if not paths:
        _fail("no paths given (try: nxlint check docs/  or  nxlint check - < draft.md)")
    files, problems, linter = _prepare(paths, cfg, quiet)
    # 1. lint every file (stdin included); a bad file yields an error record, never an exception
    from nxlint.rules import RulesetError

    try:
        from nxlint.batch.command import lint_for_check

        results = lint_for_check(files, linter, cfg, fmt=fmt, output=output, resume=resume, no_cache=no_cache,
                                 jobs=jobs, scheduler=scheduler, stdin_filename=stdin_filename, quiet=quiet,
                                 filtered=bool(baseline_path or diff_ref))
    except RulesetError as e:
        _fail(str(e))
    for r in results:
        for w in r.warnings:
            if not quiet:
                click.echo(f"nxlint: warning: {w}", err=True)
        if r.error:
            click.echo(f"nxlint: error: {r.error}", err=True)
    # 2. post-processing hooks (baseline, changed lines) go here, before output
    extra = _baseline_and_diff(results, baseline_path, diff_ref, (stdin_filename or "-") if "-" in files else None,
                               quiet)
    # 3. output
    if fmt == "jsonl":  # already written, file by file, in stage 1
        if output and not quiet:
            # a batch of thousands of files: the terminal gets the totals, the report command the rest
            n = sum(r.finding_count for r in results)
            click.echo(f"{n} finding{'s' if n != 1 else ''} in {len(results)} file{'s' if len(results) != 1 else ''}"
                       f" recorded in {output} (see: nxlint report {output} --format html -o report.html)")
    else:
        _output(fmt, output, results, linter, quiet, extra)
    if any(p.fatal for p in problems) or any(r.error for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(exit_code(results, cfg.fail_on))


def lint_files(files: list[str], linter, stdin_filename: str | None) -> list:  # noqa: ANN001
    """Lint in order, one process: the simple path (stdin is read here)."""
    results = []
    for item in files:
        if item == "-":
            data = click.get_binary_stream("stdin").read()
            results.append(linter.lint_bytes(data, stdin_filename or "-"))
        else:
            results.append(linter.lint_path(item))
    return results


def exit_code(results, fail_on: str) -> int:  # noqa: ANN001
    from nxlint.findings import SEVERITY_RANK

    if fail_on == "never":
        return EXIT_OK
    bar = SEVERITY_RANK[fail_on]
    hit = any(SEVERITY_RANK.get(sev, 0) >= bar for r in results for sev in r.severity_counts())
    return EXIT_FINDINGS if hit else EXIT_OK


def _baseline_and_diff(results: list, baseline_path: str | None, diff_ref: str | None, stdin_name: str | None,
                       quiet: bool) -> dict:
    """Stage 2 of ``check``: drop baselined findings, then those off the changed lines.
    Returns what the JSON report adds (``{"baseline": ...}``)."""
    extra: dict = {}
    if baseline_path:
        from nxlint import baseline as bl

        try:
            outcome = bl.apply(results, bl.load(baseline_path))
        except bl.BaselineError as e:
            _fail(str(e))
        extra["baseline"] = outcome.to_dict()
        if not quiet:
            n = outcome.suppressed
            click.echo(f"nxlint: baseline {baseline_path}: {n} finding{'s' if n != 1 else ''} suppressed", err=True)
            if outcome.stale:
                k = len(outcome.stale)
                click.echo(f"nxlint: info: {k} baseline entr{'ies' if k != 1 else 'y'} no longer match anything "
                           f"(fixed?); record the baseline again to drop {'them' if k != 1 else 'it'}:", err=True)
                for st in outcome.stale:
                    click.echo(f"nxlint:   stale: {st.describe()}", err=True)
    if diff_ref:
        from nxlint.changed import DiffError, filter_results

        try:
            dropped = filter_results(results, diff_ref, [stdin_name] if stdin_name else [])
        except DiffError as e:
            _fail(str(e))
        if not quiet and dropped:
            click.echo(f"nxlint: --diff {diff_ref}: {dropped} finding{'s' if dropped != 1 else ''} on unchanged "
                       "lines not shown", err=True)
    return extra


def _render(fmt: str, results: list, linter, stream, quiet: bool, extra: dict) -> None:  # noqa: ANN001
    from nxlint.report import render

    if fmt != "json" or not extra:
        render(fmt, results, linter, stream, quiet=quiet)
        return
    import io
    import json

    buf = io.StringIO()
    render(fmt, results, linter, buf, quiet=quiet)
    payload = json.loads(buf.getvalue())
    payload.update(extra)
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _output(fmt: str, output: str | None, results: list, linter, quiet: bool, extra: dict) -> None:  # noqa: ANN001
    """Stage 3 of ``check``: the report on stdout, or in ``output`` with the text report
    still on the terminal (so a CI log shows the findings next to the SARIF file)."""
    from pathlib import Path

    if not output:
        _render(fmt, results, linter, sys.stdout, quiet, extra)
        return
    try:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            _render(fmt, results, linter, fh, quiet, extra)
    except OSError as e:
        _fail(f"cannot write {output}: {e.strerror or e}")
    _render("text", results, linter, sys.stdout, quiet, {})
    if not quiet:
        click.echo(f"nxlint: wrote the {fmt} report to {output}", err=True)


@main.command("baseline")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", default=".nxlint-baseline.json", show_default=True, type=click.Path(dir_okay=False),
              help="Baseline file to write.")
@click.option("--select", help="Only these rules (comma-separated codes or prefixes).")
@click.option("--ignore", help="Skip these rules (comma-separated codes or prefixes).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file (.nxlint.yaml or pyproject.toml).")
@click.option("-q", "--quiet", is_flag=True, help="No notices.")
def baseline_cmd(paths: tuple[str, ...], output: str, select: str | None, ignore: str | None,
                 config_path: str | None, quiet: bool) -> None:
    """Record the current findings of PATHS in a baseline file, so that
    `nxlint check --baseline FILE` reports only new ones."""
    from nxlint import baseline as bl
    cfg = _load(config_path, select, ignore, None)
    if not paths:
        _fail("no paths given (try: nxlint baseline docs/ -o .nxlint-baseline.json)")
    if "-" in paths:
        _fail("a baseline records files: stdin ('-') cannot be part of one")
    files, problems, linter = _prepare(paths, cfg, quiet)
    if any(p.fatal for p in problems):
        sys.exit(EXIT_ERROR)
    results = lint_files(files, linter, None)
    failed = [r for r in results if r.error]
    for r in failed:
        click.echo(f"nxlint: error: {r.error}", err=True)
    if failed:
        _fail(f"{output} not written: {len(failed)} file{'s' if len(failed) != 1 else ''} could not be linted")
    recorded = bl.record(results)
    try:
        bl.write(recorded, output)
    except OSError as e:
        _fail(f"cannot write {output}: {e.strerror or e}")
    if not quiet:
        n = sum(e.count for e in recorded.entries)
        click.echo(f"nxlint: recorded {n} finding{'s' if n != 1 else ''} from {len(results)} "
                   f"file{'s' if len(results) != 1 else ''} in {output}", err=True)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(config_path: str | None, fmt: str) -> None:
    """List the rules: code, name, category, severity."""
    import json

    from nxlint.suppress import META_RULES

    cfg = _load(config_path, None, None, None)
    linter = _linter(cfg)
    rows = [(r.code, r.name, r.category, cfg.severity.get(r.code, r.severity), r.kind)
            for r in linter.ruleset.rules]
    rows += [(code, name, "directive", "warning", "builtin") for code, (name, _, _) in META_RULES.items()]
    rows.sort()
    if fmt == "json":
        click.echo(json.dumps([dict(zip(("code", "name", "category", "severity", "kind"), r, strict=True))
                               for r in rows], indent=2))
        return
    for code, name, category, severity, _kind in rows:
        click.echo(f"{code}  {name:<32} {category:<18} {severity}")


@main.command()
@click.argument("code")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
def explain(code: str, config_path: str | None) -> None:
    """Show a rule's documentation and examples."""
    from nxlint.explain import explain_rule

    cfg = _load(config_path, None, None, None)
    linter = _linter(cfg)
    text = explain_rule(linter, code.upper())
    if text is None:
        _fail(f"unknown rule {code!r} (see: nxlint rules)")
    click.echo(text)


@main.command("report")
@click.argument("results", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", show_default=True,
              help="File to write ('-': stdout).")
@click.option("--title", default="nxlint report", show_default=True, help="Title of the HTML report.")
def report_cmd(results: str, fmt: str, output: str, title: str) -> None:
    """Turn a scan's records (check --format jsonl --output FILE) into an HTML or CSV report."""
    from pathlib import Path

    from nxlint.batch.jsonl import read_records

    try:
        records, bad = read_records(results)
    except OSError as e:
        _fail(f"cannot read {results}: {e.strerror or e}")
    if bad:
        click.echo(f"nxlint: {results}: {bad} line(s) that are not records were skipped", err=True)
    try:
        with click.open_file(output, "w", encoding="utf-8") as fh:
            if fmt == "html":
                from nxlint.report.html_report import render as render_html

                render_html(records, fh, title=title, base_dirs=[Path.cwd(), Path(results).resolve().parent])
            else:
                from nxlint.report.csv_report import render as render_csv

                render_csv(records, fh)
    except OSError as e:
        _fail(f"cannot write {output}: {e.strerror or e}")
    if output != "-":
        click.echo(f"nxlint: wrote the {fmt} report on {len(records)} file(s) to {output}", err=True)


if __name__ == "__main__":
    main()

"""GitHub Actions workflow commands: one annotation per finding on the pull request's
diff and in the job summary.

``::error file=docs/ldn.md,line=3,col=10,endLine=3,endColumn=16,title=NX101 absolute-claim::message``

Severities map to commands: error -> ``error``, warning -> ``warning``, info ->
``notice``. Values are escaped as GitHub's own toolkit does: in the message ``%``,
``\\r`` and ``\\n`` become ``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,``
also become ``%3A`` and ``%2C``. The suggestion follows the message on its own line.
Paths are relative to the working directory (the repository root in a workflow).

GitHub shows at most 10 error and 10 warning annotations per step (50 per job); the
rest are still in the log, and the SARIF upload has them all.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from nxlint.report import relative_path, summary

if TYPE_CHECKING:
    from nxlint.findings import FileResult
    from nxlint.lint import Linter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    """One workflow command line (without the newline)."""
    params = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + params if params else ''}::{escape_data(message)}"


def render(results: list[FileResult], linter: Linter, stream: IO[str], quiet: bool = False) -> None:
    for r in results:
        for f in r.findings:
            message = f.message if not f.suggestion else f"{f.message}\nFix: {f.suggestion}"
            stream.write(command(COMMANDS.get(f.severity, "warning"), message, file=relative_path(f.path), line=f.line,
                                 col=f.column, endLine=f.end_line, endColumn=f.end_column,
                                 title=f"{f.rule} {f.name}") + "\n")
        if r.error:
            stream.write(command("error", r.error, file=relative_path(r.path), title="nxlint could not lint this file")
                         + "\n")
    if quiet:
        return
    s = summary(results)
    n = s["findings"]
    stream.write(f"nxlint: {n} finding{'s' if n != 1 else ''} in {s['files']} file{'s' if s['files'] != 1 else ''}.\n")

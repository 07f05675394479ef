"""Changed lines: ``nxlint check --diff REF`` keeps only findings on lines changed since
the git ref REF, for reviewers of long documents.

For each git work tree the files belong to, one ``git diff --unified=0 REF -- files``
(the work tree against REF, so staged and unstaged edits both count) gives the added or
modified lines from its hunk headers (``@@ -a,b +c,d @@``: lines c .. c+d-1). A file git
does not track (new, not yet added) counts as changed throughout; so does stdin. Pure
deletions mark no line. A finding counts when any line of its span changed; a
document-level finding (a missing caveat) is reported at its trigger, so it counts when
the trigger's line changed.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from collections.abc import Iterable

from nxlint.findings import FileResult, Finding

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
CHUNK = 200  # paths per git call


class DiffError(Exception):
    """--diff cannot work here (no git, not a repository, unknown ref); one line."""


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted (``"b/caf\\303\\251.md"``) when it has odd characters."""
    if name.startswith('"') and name.endswith('"'):
        try:
            return ast.literal_eval("b" + name).decode("utf-8", "surrogateescape")
        except (ValueError, SyntaxError):
            return name[1:-1]
    return name


def parse_diff(text: str) -> dict[str, set[int]]:
    """``path -> changed lines`` from ``git diff --unified=0`` output (paths as git prints
    them, relative to the work tree's top)."""
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            name = line[4:].rstrip("\t")
            if name == "/dev/null":
                current = None
                continue
            name = _unquote(name)
            if name.startswith("b/"):
                name = name[2:]
            current = out.setdefault(name, set())
        elif line.startswith("@@") and current is not None:
            m = HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
                current.update(range(start, start + count))
    return out


def _toplevel(directory: str, cache: dict[str, str]) -> str:
    if directory not in cache:
        proc = _git(["rev-parse", "--show-toplevel"], directory)
        if proc.returncode != 0:
            raise DiffError(f"--diff: {directory} is not inside a git repository")
        cache[directory] = os.path.realpath(proc.stdout.decode("utf-8", "surrogateescape").strip())
    return cache[directory]


def changed_lines(paths: Iterable[str], ref: str) -> dict[str, set[int] | None]:
    """``realpath -> lines changed since ref`` for each path; ``None`` means the whole file
    (untracked). Raises :class:`DiffError`."""
    if shutil.which("git") is None:
        raise DiffError("--diff needs git, and git was not found on PATH")
    if not ref or ref.startswith("-"):
        raise DiffError(f"--diff: {ref!r} is not a git ref")
    tops: dict[str, str] = {}
    by_repo: dict[str, dict[str, str]] = {}  # top -> {relpath: realpath}
    for p in paths:
        if p == "-":
            continue
        real = os.path.realpath(p)
        top = _toplevel(os.path.dirname(real) or ".", tops)
        rel = os.path.relpath(real, top).replace(os.sep, "/")
        by_repo.setdefault(top, {})[rel] = real
    out: dict[str, set[int] | None] = {}
    for top, files in by_repo.items():
        proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
        if proc.returncode != 0:
            raise DiffError(f"--diff: unknown git ref {ref!r} in {top}")
        rels = sorted(files)
        tracked: set[str] = set()
        changed: dict[str, set[int]] = {}
        for i in range(0, len(rels), CHUNK):
            specs = [f":(literal){r}" for r in rels[i:i + CHUNK]]
            ls = _git(["ls-files", "-z", "--", *specs], top)
            if ls.returncode != 0:
                raise DiffError(f"--diff: git ls-files failed in {top}: {_first_line(ls.stderr)}")
            tracked.update(n for n in ls.stdout.decode("utf-8", "surrogateescape").split("\0") if n)
            diff = _git(["-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", "--no-renames",
                         "--unified=0", ref, "--", *specs], top)
            if diff.returncode != 0:
                raise DiffError(f"--diff: git diff {ref} failed in {top}: {_first_line(diff.stderr)}")
            changed.update(parse_diff(diff.stdout.decode("utf-8", "surrogateescape")))
        for rel, real in files.items():
            out[real] = changed.get(rel, set()) if rel in tracked else None
    return out


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


def touches(f: Finding, lines: set[int]) -> bool:
    last = f.end_line - 1 if f.end_line > f.line and f.end_column <= 1 else f.end_line
    return any(n in lines for n in range(f.line, max(f.line, last) + 1))


def filter_results(results: list[FileResult], ref: str, stdin_names: Iterable[str] = ("-",)) -> int:
    """Keep (in place) only findings on lines changed since ``ref``; return how many were
    dropped. Text read from stdin (results named in ``stdin_names``) counts as changed
    throughout. Raises :class:`DiffError`."""
    skip = set(stdin_names)
    lines = changed_lines([r.path for r in results if not r.error and r.path not in skip], ref)
    dropped = 0
    for r in results:
        if r.error or r.path in skip:
            continue
        changed = lines.get(os.path.realpath(r.path))
        if changed is None:
            continue
        kept = [f for f in r.findings if touches(f, changed)]
        dropped += len(r.findings) - len(kept)
        r.findings = kept
    return dropped

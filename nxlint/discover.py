"""Which files a run lints: paths, folders walked recursively with include/exclude
globs, and '-' for stdin. Problems are collected, never raised, so one bad path does
not stop the others."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from nxlint.config import Config

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".nxlint_cache", ".tox"}


@dataclass
class Problem:
    message: str
    fatal: bool  # the user must act: exit 2


def _matches(path: str, globs: list[str]) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(path, g) or fnmatch.fnmatch(path, f"*/{g}")
               for g in globs)


def collect(paths: tuple[str, ...] | list[str], cfg: Config) -> tuple[list[str], list[Problem]]:
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            files.append("-")
            continue
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not _matches(os.path.join(root, d),
                                                                                       cfg.exclude))
                for n in sorted(names):
                    full = os.path.join(root, n)
                    if _matches(full, cfg.include) and not _matches(full, cfg.exclude):
                        found.append(full)
            if not found:
                problems.append(Problem(f"{raw}: no lintable files (looked for {', '.join(cfg.include)})", False))
            for f in found:
                if f not in seen:
                    seen.add(f)
                    files.append(f)
        elif p.is_file():
            if str(p) not in seen:
                seen.add(str(p))
                files.append(str(p))
        elif p.exists():
            problems.append(Problem(f"{raw}: not a regular file", True))
        else:
            problems.append(Problem(f"{raw}: no such file or directory", True))
    return files, problems

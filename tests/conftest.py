"""Shared fixtures: one Linter (one spaCy pipeline) for the whole test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def linter():
    from nxlint.lint import Linter

    return Linter()


@pytest.fixture(scope="session")
def lint_text(linter):
    """Lint a text as if it were a file of the given format; returns the findings."""

    def run(text: str, name: str = "draft.md", select: list[str] | None = None):
        result = linter.lint_bytes(text.encode("utf-8"), name)
        assert result.error is None, result.error
        fs = result.findings
        if select is not None:
            fs = [f for f in fs if any(f.rule.startswith(s) for s in select)]
        return fs

    return run


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m nxlint`` as a user would, capturing output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "nxlint", *args], cwd=cwd, input=stdin, capture_output=True,
                          env=full_env, timeout=300)


def cli(*args: str) -> tuple[int, str, str]:
    """Run ``nxlint`` in this process with click's test runner: (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from nxlint.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr

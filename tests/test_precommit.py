"""End to end with the real pre-commit: a writer's repository installs the hook this
project exports, a commit of a bad draft is blocked with the finding shown, and a clean
draft commits.

The hook is installed from a snapshot of this checkout (its tracked and untracked,
not-ignored files, committed in a temporary repository), so the test exercises the
working tree as it is, committed or not. pre-commit builds the hook's environment with
pip, as it would for a writer; PRE_COMMIT_HOME is one temporary folder per test session
so that slow step happens once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BAD_DRAFT = """\
# Low-dose naltrexone for fibromyalgia

LDN cures fibromyalgia. Buy now and get 20% off your first order!
"""
SKIP_DIRS = {".git", ".venv", ".ci-venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis",
             ".nxlint_cache", "build", "dist"}


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        exe = shutil.which("pre-commit")
        if exe is None:
            pytest.skip("pre-commit is not installed (pip install '.[test]')")
        return [exe]
    return [sys.executable, "-m", "pre_commit"]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "PRE_COMMIT_HOME"}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "GIT_AUTHOR_NAME": "nxlint test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "nxlint test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    })
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _git(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = _run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd, env, 120)
    return proc


def _ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"{proc.args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def _project_files() -> list[Path]:
    """This checkout's files: tracked plus untracked-but-not-ignored (so uncommitted work
    is included), or a plain walk when it is not a git checkout (an sdist)."""
    proc = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                          capture_output=True, check=False)
    if proc.returncode == 0 and proc.stdout:
        names = [n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
        return [Path(n) for n in names if (ROOT / n).is_file()]
    out = []
    for dirpath, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        out += [Path(dirpath, f).relative_to(ROOT) for f in files if not f.endswith(".pyc")]
    return out


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def tools() -> list[str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return _pre_commit()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, pre_commit_home: Path, tools: list[str]) -> tuple[Path, str]:
    """A git repository holding a snapshot of this checkout, and its commit."""
    repo = tmp_path_factory.mktemp("nxlint-hook-repo")
    for rel in _project_files():
        dest = repo / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest)
    env = _env(pre_commit_home)
    _ok(_git(["init", "-q"], repo, env))
    _ok(_git(["add", "-A"], repo, env))
    _ok(_git(["commit", "-q", "--no-verify", "-m", "snapshot"], repo, env))
    sha = _ok(_git(["rev-parse", "HEAD"], repo, env)).stdout.strip()
    return repo, sha


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_ok(_git(["rev-list", "--count", "HEAD"], repo, env)).stdout.strip())


def test_hook_blocks_a_bad_draft_and_lets_a_clean_one_commit(tmp_path: Path, hook_repo: tuple[Path, str],
                                                             pre_commit_home: Path, tools: list[str]) -> None:
    source, sha = hook_repo
    env = _env(pre_commit_home)
    writer = tmp_path / "drafts"
    writer.mkdir()
    _ok(_git(["init", "-q"], writer, env))
    # the snippet docs/ci.md tells writers to paste, pointing at the snapshot
    (writer / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source.as_posix()}\n    rev: {sha}\n    hooks:\n      - id: nxlint\n", encoding="utf-8")
    _ok(_git(["add", ".pre-commit-config.yaml"], writer, env))
    _ok(_git(["commit", "-q", "--no-verify", "-m", "set up pre-commit"], writer, env))
    _ok(_run([*tools, "install"], writer, env))
    # building the hook's environment (pip installs nxlint and spaCy) happens here, once
    _ok(_run([*tools, "install-hooks"], writer, env))
    before = _commits(writer, env)

    # a bad draft: the commit is refused and the findings are shown
    (writer / "ldn-fibromyalgia.md").write_text(BAD_DRAFT, encoding="utf-8")
    _ok(_git(["add", "ldn-fibromyalgia.md"], writer, env))
    blocked = _git(["commit", "-m", "add LDN post"], writer, env)
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, f"the commit of a bad draft went through:\n{out}"
    assert "nxlint" in out and "Failed" in out, out
    assert "ldn-fibromyalgia.md:3:" in out, out
    assert "NX101" in out, out  # 'cures': an absolute claim
    assert _commits(writer, env) == before

    # a clean draft (the project's compliant example) commits; code beside it is not a
    # draft, so the hook does not read it
    _ok(_git(["rm", "-q", "--cached", "ldn-fibromyalgia.md"], writer, env))
    shutil.copy(source / "examples" / "patient-leaflet.md", writer / "patient-leaflet.md")
    (writer / "build.py").write_text("BANNER = 'LDN cures everything. Buy now!'\n", encoding="utf-8")
    _ok(_git(["add", "patient-leaflet.md", "build.py"], writer, env))
    passed = _git(["commit", "-m", "add the patient leaflet"], writer, env)
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, f"the clean draft was blocked:\n{out}"
    assert "nxlint" in out and "Passed" in out, out
    assert _commits(writer, env) == before + 1


def test_repository_config_passes_on_the_examples(hook_repo: tuple[Path, str], pre_commit_home: Path,
                                                  tools: list[str]) -> None:
    """This repository's own .pre-commit-config.yaml: nxlint over examples/ with the
    committed baseline passes (the same hook a contributor's commit runs)."""
    source, _ = hook_repo
    bindir = Path(sys.executable).parent
    if not (bindir / "nxlint").exists() and not (bindir / "nxlint.exe").exists():
        pytest.skip(f"nxlint is not installed next to {sys.executable} (the hook uses language: system)")
    env = _env(pre_commit_home)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    proc = _run([*tools, "run", "nxlint-examples", "--all-files", "--verbose"], source, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, (f"examples/ fail this repository's own hook; if the rules changed on purpose, "
                                  f"record the baseline again: nxlint baseline examples -o "
                                  f"examples/.nxlint-baseline.json\n{out}")
    assert "suppressed" in out, out

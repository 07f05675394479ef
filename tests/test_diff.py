"""``nxlint check --diff REF``: only findings on lines changed since a git ref."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from nxlint.changed import parse_diff, touches
from nxlint.cli import main
from nxlint.findings import Finding
from tests.conftest import cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = """\
# Low-dose naltrexone and pain

Some readers ask about low-dose naltrexone (LDN). LDN cures fibromyalgia.

Talk to your doctor before starting, stopping or changing naltrexone.
"""




def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid")
    proc = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ldn.md").write_text(OLD, encoding="utf-8")
    git(tmp_path, "add", "docs/ldn.md")
    git(tmp_path, "commit", "-q", "-m", "first draft")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(*args: str) -> tuple[int, list[dict]]:
    code, out, err = cli("check", "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def test_only_findings_on_changed_lines_are_reported(repo: Path) -> None:
    _, before = findings("docs/ldn.md")
    assert any(f["line"] == 3 for f in before)
    new = OLD.replace("Talk to your doctor", "Buy now! Talk to your doctor")
    (repo / "docs" / "ldn.md").write_text(new, encoding="utf-8")
    _, everything = findings("docs/ldn.md")
    code, changed = findings("--diff", "HEAD", "docs/ldn.md")
    assert code == 1
    assert changed and {f["line"] for f in changed} == {5}
    assert any(f["category"] == "commercial" for f in changed)
    assert len(changed) < len(everything)
    _, _, err = cli("check", "--diff", "HEAD", "docs/ldn.md")
    assert "on unchanged lines not shown" in err


def test_no_changes_means_no_findings_and_exit_0(repo: Path) -> None:
    code, changed = findings("--diff", "HEAD", "docs")
    assert code == 0 and changed == []


def test_staged_and_committed_changes_count_against_an_older_ref(repo: Path) -> None:
    (repo / "docs" / "ldn.md").write_text(OLD + "\nBuy now and save!\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second")
    (repo / "docs" / "ldn.md").write_text(OLD + "\nBuy now and save!\n\nOrder today.\n", encoding="utf-8")
    git(repo, "add", "docs/ldn.md")
    _, since_first = findings("--diff", "HEAD~1", "docs/ldn.md")
    _, since_second = findings("--diff", "HEAD", "docs/ldn.md")
    assert {f["line"] for f in since_first} == {7, 9}
    assert {f["line"] for f in since_second} == {9}


def test_untracked_files_count_as_changed_throughout(repo: Path) -> None:
    (repo / "docs" / "new.md").write_text(OLD, encoding="utf-8")
    _, everything = findings("docs/new.md")
    _, changed = findings("--diff", "HEAD", "docs")
    assert [f for f in changed if f["path"].endswith("new.md")] == everything
    assert not [f for f in changed if f["path"].endswith("ldn.md")]


def test_a_missing_caveat_counts_when_its_trigger_line_changed(repo: Path) -> None:
    (repo / "docs" / "plain.md").write_text("# Sleep\n\nWe write about sleep.\n\nGood habits help.\n",
                                            encoding="utf-8")
    git(repo, "add", "docs/plain.md")
    git(repo, "commit", "-q", "-m", "plain")
    # the drug appears on a changed line: the document-level findings are reported there
    (repo / "docs" / "plain.md").write_text("# Sleep\n\nWe write about sleep.\n\nNaltrexone helps people drink less.\n",
                                            encoding="utf-8")
    _, changed = findings("--diff", "HEAD", "docs/plain.md")
    caveats = [f for f in changed if f["category"] == "missing-caveat"]
    assert caveats and all(f["line"] == 5 for f in caveats)
    # once committed, an edit on another line does not bring them back
    git(repo, "commit", "-q", "-am", "drug")
    (repo / "docs" / "plain.md").write_text("# Sleep well\n\nWe write about sleep.\n\n"
                                            "Naltrexone helps people drink less.\n", encoding="utf-8")
    _, everything = findings("docs/plain.md")
    assert [f for f in everything if f["category"] == "missing-caveat"]
    _, changed = findings("--diff", "HEAD", "docs/plain.md")
    assert not [f for f in changed if f["category"] == "missing-caveat"]


def test_works_from_a_subdirectory_and_with_a_baseline(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("baseline", "docs", "-o", "baseline.json")
    (repo / "docs" / "ldn.md").write_text(OLD + "\nBuy now and save!\n", encoding="utf-8")
    monkeypatch.chdir(repo / "docs")
    code, changed = findings("--diff", "HEAD", "--baseline", "../baseline.json", "ldn.md")
    assert code == 1 and changed and all(f["line"] == 7 for f in changed)


def test_a_bad_ref_is_a_usage_error(repo: Path) -> None:
    code, out, err = cli("check", "--diff", "no-such-branch", "docs")
    assert code == 2 and out == ""
    assert "no-such-branch" in err and "unknown git ref" in err


def test_outside_a_repository_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(OLD, encoding="utf-8")
    code, _, err = cli("check", "--diff", "HEAD", "post.md")
    assert code == 2 and "not inside a git repository" in err


def test_stdin_counts_as_changed(repo: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--diff", "HEAD", "--stdin-filename", "docs/ldn.md", "-"], input=OLD)
    assert result.exit_code == 1 and "NX101" in result.stdout


def test_parse_diff_reads_hunk_headers() -> None:
    text = (
        "diff --git a/docs/a.md b/docs/a.md\n--- a/docs/a.md\n+++ b/docs/a.md\n"
        "@@ -3 +3 @@\n-old\n+new\n"
        "@@ -10,0 +11,2 @@\n+x\n+y\n"
        "@@ -20,2 +21,0 @@\n-gone\n-gone\n"
        "diff --git a/old.md b/old.md\n--- a/old.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n"
        'diff --git "a/caf\\303\\251 notes.md" "b/caf\\303\\251 notes.md"\n--- "a/caf\\303\\251 notes.md"\n'
        '+++ "b/caf\\303\\251 notes.md"\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n'
    )
    assert parse_diff(text) == {"docs/a.md": {3, 11, 12}, "café notes.md": {1, 2, 3}}


def test_a_span_ending_at_the_start_of_a_line_does_not_touch_it() -> None:
    f = Finding("a.md", 3, 5, 5, 1, "NX101", "x", "unsupported-claim", "error", "m")
    assert touches(f, {4}) and touches(f, {3}) and not touches(f, {5})

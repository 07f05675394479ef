"""Baselines: ``nxlint baseline`` records findings; ``check --baseline`` hides them, keeps
hiding them when the file is edited elsewhere, shows new ones, and reports entries that
match nothing any more."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nxlint import baseline as bl
from tests.conftest import cli

ROOT = Path(__file__).resolve().parents[1]
POST = """\
# LDN for fibromyalgia

Low-dose naltrexone cures fibromyalgia. Buy now and get 20% off!

Naltrexone is 100% safe for everybody.
"""




@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A drafts repository with one post and a recorded baseline."""
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    else:
        (tmp_path / ".git").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "post.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("baseline", "content", "-o", ".nxlint-baseline.json")
    assert code == 0, err
    assert "recorded" in err and ".nxlint-baseline.json" in err
    return tmp_path


def _json_check(*args: str) -> tuple[int, dict]:
    code, out, _ = cli("check", "--format", "json", *args)
    return code, json.loads(out)


def test_the_file_records_rule_path_text_and_count(site: Path) -> None:
    data = json.loads((site / ".nxlint-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["entries"]
    assert entries and all(set(e) == {"fingerprint", "rule", "path", "excerpt", "count"} for e in entries)
    assert {e["path"] for e in entries} == {"content/post.md"}  # relative to the repository, with /
    assert any(e["rule"] == "NX101" for e in entries)
    _, report = _json_check("content")
    assert sum(e["count"] for e in entries) == len(report["findings"])
    # recording again gives the same bytes (sorted, stable): the file diffs well in review
    before = (site / ".nxlint-baseline.json").read_bytes()
    cli("baseline", "content", "-o", ".nxlint-baseline.json")
    assert (site / ".nxlint-baseline.json").read_bytes() == before


def test_check_with_the_baseline_hides_recorded_findings(site: Path) -> None:
    code, out, _ = cli("check", "content")
    assert code == 1 and "NX101" in out
    n_findings = len(json.loads(cli("check", "--format", "json", "content")[1])["findings"])
    code, out, err = cli("check", "--baseline", ".nxlint-baseline.json", "content")
    assert code == 0, out + err
    assert "NX1" not in out and "0 findings" in out
    assert f"{n_findings} findings suppressed" in err
    entries = json.loads((site / ".nxlint-baseline.json").read_text())["entries"]
    assert sum(e["count"] for e in entries) == n_findings


def test_edits_elsewhere_keep_findings_matched_and_new_ones_show(site: Path) -> None:
    post = site / "content" / "post.md"
    # lines move (a new intro), a paragraph is re-wrapped, a clean sentence is added
    edited = ("Updated in June after reader feedback.\n\n"
              + POST.replace("Naltrexone is 100% safe", "Naltrexone is 100%\nsafe")
              + "\nOur team writes about many topics.\n")
    post.write_text(edited, encoding="utf-8")
    code, out, err = cli("check", "--baseline", ".nxlint-baseline.json", "content")
    assert code == 0, out + err
    assert "stale" not in err
    # a second copy of an old sentence: its findings are new, and only they are reported
    copied = POST.splitlines()[2]
    post.write_text(edited + "\n" + copied + "\n", encoding="utf-8")
    code, report = _json_check("--baseline", ".nxlint-baseline.json", "content")
    assert code == 1
    last_line = len((edited + "\n").splitlines()) + 1
    assert report["findings"] and all(f["line"] == last_line for f in report["findings"]), report["findings"]
    _, original = _json_check("content")
    on_copied = {(f["rule"], f["excerpt"]) for f in original["findings"] if f["line"] == 5}  # line 3 + 2 new lines
    assert on_copied and {(f["rule"], f["excerpt"]) for f in report["findings"]} == on_copied


def test_fixed_findings_make_stale_entries_that_do_not_fail(site: Path) -> None:
    removed = " Buy now and get 20% off!"
    entries = json.loads((site / ".nxlint-baseline.json").read_text())["entries"]
    gone = {(e["rule"], e["excerpt"]) for e in entries if e["excerpt"] in removed}
    assert gone, entries
    post = site / "content" / "post.md"
    post.write_text(POST.replace(removed, ""), encoding="utf-8")
    code, out, err = cli("check", "--baseline", ".nxlint-baseline.json", "content")
    assert code == 0, out + err
    assert f"{len(gone)} baseline entries no longer match anything" in err
    for rule, excerpt in gone:
        assert f"stale: content/post.md: {rule} {excerpt!r}" in err
    code, report = _json_check("--baseline", ".nxlint-baseline.json", "content")
    assert code == 0
    assert report["baseline"]["file"] == ".nxlint-baseline.json"
    assert report["baseline"]["suppressed"] == len(entries) - len(gone)
    assert {(s["rule"], s["excerpt"]) for s in report["baseline"]["stale"]} == gone
    # recording again drops them: the baseline shrinks
    cli("baseline", "content", "-o", ".nxlint-baseline.json")
    assert len(json.loads((site / ".nxlint-baseline.json").read_text())["entries"]) == len(entries) - len(gone)
    _, _, err = cli("check", "--baseline", ".nxlint-baseline.json", "content")
    assert "stale" not in err


def test_only_entries_of_linted_files_can_be_stale(site: Path) -> None:
    (site / "content" / "other.md").write_text("# Other\n\nNaltrexone is a miracle cure.\n", encoding="utf-8")
    cli("baseline", "content", "-o", ".nxlint-baseline.json")
    # a pre-commit run passes only the staged file: the other file's entries are not stale
    code, out, err = cli("check", "--baseline", ".nxlint-baseline.json", "content/post.md")
    assert code == 0, out + err
    assert "stale" not in err


def test_paths_match_from_a_subdirectory_of_the_repository(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site / "content")
    code, out, err = cli("check", "--baseline", "../.nxlint-baseline.json", "post.md")
    assert code == 0, out + err
    assert "suppressed" in err


@pytest.mark.parametrize("content, problem", [
    (None, "no such file"),
    ("{", "not valid JSON"),
    ('{"findings": []}', "not an nxlint baseline"),
    ('{"version": 99, "entries": []}', "unsupported baseline version"),
    ('{"version": 1, "entries": [{"rule": "NX101"}]}', "entry 1 is malformed"),
])
def test_missing_or_corrupt_baseline_is_a_usage_error(site: Path, content: str | None, problem: str) -> None:
    path = site / "broken-baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = cli("check", "--baseline", "broken-baseline.json", "content")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "broken-baseline.json" in lines[0] and problem in lines[0], err
    assert out == ""


def test_baseline_command_usage_errors(site: Path) -> None:
    assert cli("baseline", "-o", "x.json")[0] == 2
    code, _, err = cli("baseline", "-", "-o", "x.json")
    assert code == 2 and "stdin" in err
    code, _, err = cli("baseline", "missing-folder", "-o", "x.json")
    assert code == 2 and "missing-folder" in err
    assert not (site / "x.json").exists()


def test_fingerprints_ignore_case_spacing_and_line_numbers() -> None:
    assert bl.normalise("  Miracle\n\tCURE ") == "miracle cure"
    a = bl.group_fingerprint("NX101", "docs/a.md", "Miracle  cure")
    assert a == bl.group_fingerprint("NX101", "docs/a.md", "miracle cure")
    assert a != bl.group_fingerprint("NX101", "docs/b.md", "miracle cure")
    assert a != bl.group_fingerprint("NX102", "docs/a.md", "miracle cure")
    assert bl.relative_path("/somewhere/else.md", "/repo") == "/somewhere/else.md"
    assert bl.relative_path("/repo/docs/a.md", "/repo") == "docs/a.md"


def test_the_committed_examples_baseline_covers_the_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "examples" / ".nxlint-baseline.json"
    assert path.is_file(), "examples/.nxlint-baseline.json is missing"
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert not [e for e in entries if e["path"] == "examples/patient-leaflet.md"], \
        "the compliant example must pass without baseline entries"
    monkeypatch.chdir(ROOT)
    code, out, err = cli("check", "--baseline", "examples/.nxlint-baseline.json", "examples")
    hint = "if the rules changed on purpose: nxlint baseline examples -o examples/.nxlint-baseline.json"
    assert code == 0, f"{hint}\n{out}{err}"  # stale entries are fine here: they do not fail a run
    code, _, _ = cli("check", "examples/patient-leaflet.md")
    assert code == 0

"""Bad input: each problem gets a one-line message naming the file, and the run goes on.

Each kind of bad input is tried on its own (in-process, fast) and all of them together in
one real ``python -m nxlint`` run.
"""

from __future__ import annotations

import inspect
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from nxlint.cli import main
from tests.conftest import run_cli

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"
       + b"\x00" * 64)
LATIN1 = "Café notes about naltrexone: LDN cures fibromyalgia.\n".encode("latin-1")
CLAIM = "LDN cures fibromyalgia."
FILLER = "Naltrexone is a prescription medicine. "


@pytest.fixture
def nx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    kw = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}

    def run(*args: str):
        r = CliRunner(**kw).invoke(main, list(args), catch_exceptions=False)
        return r.exit_code, r.stdout, r.stderr

    return run


def lines_naming(stderr: str, name: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if name in ln]


def findings(stdout: str, path: str | None = None) -> list[dict]:
    fs = json.loads(stdout)["findings"]
    return [f for f in fs if path is None or Path(f["path"]).name == path]


def one_long_line() -> tuple[str, int]:
    """A file of one 200,000-character line with a claim near its end; the claim's column."""
    head = FILLER * ((200_000 - 100) // len(FILLER))
    text = head + "Honestly, " + CLAIM
    text += " " * (200_000 - len(text) - len("Fine.")) + "Fine."
    assert len(text) == 200_000 and "\n" not in text
    return text, text.index(CLAIM) + 1


def make_docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Naltrexone: a leaflet for readers")
    d.add_paragraph("")
    d.add_paragraph("Café 😀 notes. " + CLAIM)
    d.save(str(path))


# -- each on its own -----------------------------------------------------------------------------

def test_missing_path(nx, tmp_path: Path) -> None:
    code, out, err = nx("check", "--format", "json", "no-such-draft.md")
    assert code == 2
    assert len(lines_naming(err, "no-such-draft.md")) == 1


def test_directory_without_lintable_files(nx, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    (tmp_path / "assets" / "notes.rst").write_text(CLAIM)
    code, out, err = nx("check", "--format", "json", "assets")
    assert code == 0
    assert len(lines_naming(err, "assets")) == 1
    assert findings(out) == []


def test_binary_file_is_skipped_with_a_notice(nx, tmp_path: Path) -> None:
    (tmp_path / "x.md").write_bytes(PNG)
    code, out, err = nx("check", "--format", "json", "x.md")
    assert code == 0
    notice = lines_naming(err, "x.md")
    assert len(notice) == 1 and "binary" in notice[0].lower()
    assert findings(out) == []


def test_undecodable_file_is_linted_with_replacement_characters(nx, tmp_path: Path) -> None:
    (tmp_path / "latin.md").write_bytes(LATIN1)
    code, out, err = nx("check", "--format", "json", "latin.md")
    assert code == 1
    warning = lines_naming(err, "latin.md")
    assert len(warning) == 1 and "utf-8" in warning[0].lower()
    fs = findings(out)
    assert any(f["category"] == "unsupported-claim" for f in fs)
    line = LATIN1.decode("utf-8", errors="replace").rstrip("\n")
    assert "\ufffd" in line
    for f in fs:
        if f["category"] == "missing-caveat":  # at the first mention of the drug, columns in decoded characters
            assert line[f["column"] - 1:f["end_column"] - 1] == "naltrexone"


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.html"])
def test_empty_file(nx, tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    code, out, err = nx("check", "--format", "json", name)
    assert code == 0
    assert findings(out) == []
    assert json.loads(out).get("errors", []) == []
    assert "error" not in err.lower()


def test_one_200k_character_line(nx, tmp_path: Path) -> None:
    text, col = one_long_line()
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    code, out, err = nx("check", "--format", "json", "--select", "NX1", "long.txt")
    assert code == 1, err
    claims = [f for f in findings(out) if f["category"] == "unsupported-claim"]
    assert claims, "the claim near the end of the line was not found"
    for f in claims:
        assert f["line"] == f["end_line"] == 1
        got = text[f["column"] - 1:f["end_column"] - 1]
        assert "cures" in got and got in "Honestly, " + CLAIM, got
        assert f["end_column"] <= col + len(CLAIM)
    assert any(f["column"] in (col, col + len("LDN ")) or f["column"] == col - len("Honestly, ") for f in claims)


def test_docx(nx, tmp_path: Path) -> None:
    make_docx(tmp_path / "leaflet.docx")
    code, out, err = nx("check", "--format", "json", "leaflet.docx")
    assert code == 1, err
    fs = findings(out)
    claims = [f for f in fs if f["category"] == "unsupported-claim"]
    assert claims
    para = "Café 😀 notes. " + CLAIM
    for f in claims:  # line = paragraph number (the empty paragraph counts), columns in characters
        assert f["line"] == f["end_line"] == 3
        got = para[f["column"] - 1:f["end_column"] - 1]
        assert "cures" in got and got in CLAIM, got
    paras = ["Naltrexone: a leaflet for readers", "", para]
    caveats = [f for f in fs if f["category"] == "missing-caveat"]
    assert caveats  # each at a mention of the drug: "Naltrexone" in paragraph 1 or "LDN" in paragraph 3
    assert {paras[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] for f in caveats} <= {"Naltrexone", "LDN"}
    assert any((f["line"], f["column"], f["end_column"]) == (1, 1, 11) for f in caveats)


# -- all together in one run ---------------------------------------------------------------------

def test_all_bad_inputs_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_bytes(PNG)
    (tmp_path / "latin.md").write_bytes(LATIN1)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    text, col = one_long_line()
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "good.md").write_text(CLAIM + "\n", encoding="utf-8")
    names = ["x.md", "latin.md", "empty.md", "assets", "no-such-draft.md", "long.txt", "good.md"]
    try:
        make_docx(tmp_path / "leaflet.docx")
        names.append("leaflet.docx")
    except pytest.skip.Exception:
        pass
    r = run_cli("check", "--format", "json", "--select", "NX1", *names, cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2, err  # the missing path
    for name, word in (("x.md", "binary"), ("latin.md", "utf-8"), ("assets", ""), ("no-such-draft.md", "")):
        msg = lines_naming(err, name)
        assert len(msg) == 1 and word in msg[0].lower(), (name, err)
    assert not lines_naming(err, "empty.md") and not lines_naming(err, "good.md")
    payload = json.loads(r.stdout)
    assert not payload.get("errors")
    flagged = {Path(f["path"]).name for f in payload["findings"] if f["category"] == "unsupported-claim"}
    expected = {"latin.md", "long.txt", "good.md"} | ({"leaflet.docx"} if "leaflet.docx" in names else set())
    assert flagged == expected  # the run went on past every bad file
    long_claims = [f for f in payload["findings"] if f["path"].endswith("long.txt")]
    assert all(f["line"] == 1 and "cures" in text[f["column"] - 1:f["end_column"] - 1] for f in long_claims)


# -- cost ----------------------------------------------------------------------------------------

def test_lint_time_grows_linearly(linter) -> None:
    def cost(n: int) -> float:
        data = ((FILLER * (n // len(FILLER))) + CLAIM).encode()
        t = time.perf_counter()
        result = linter.lint_bytes(data, "draft.txt")
        assert result.error is None
        return time.perf_counter() - t

    cost(5_000)  # warm up the pipeline
    small, large = cost(20_000), cost(80_000)
    assert large < 8 * small, f"4x the text took {large / small:.1f}x the time ({small:.2f}s -> {large:.2f}s)"

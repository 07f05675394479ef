"""The command line as users and CI systems see it: exit codes, --fail-on, --select and
--ignore, the text and JSON formats, stdin, --quiet, ``rules``, ``explain``,
``--version``, start-up cost, configuration files and directory walking.

Most tests run the click command in-process (fast); the ones about the real process
(start-up imports, stdin, ``python -m nxlint``) start a subprocess.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import nxlint
from nxlint.cli import main
from tests.conftest import ROOT, run_cli

CLAIM = "LDN cures fibromyalgia.\n"  # NX101/NX102 errors and missing-caveat findings
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]{2,4}\d{3,4}) "
                  r"(?P<severity>error|warning|info) \[(?P<category>[a-z-]+)\] (?P<message>\S.*)$")
FINDING_FIELDS = {"path", "line", "column", "end_line", "end_column", "rule", "name", "category", "severity",
                  "message", "excerpt", "suggestion"}
CAVEATS = {"withdrawal-risk", "off-label", "consult-professional", "overdose-risk", "pain-blockade", "liver"}
COMPLIANT = """# Naltrexone for alcohol use disorder

Naltrexone is a prescription tablet approved for alcohol dependence [1]. Talk to your doctor
or pharmacist before starting, stopping or changing it.

You must be opioid-free for 7 to 10 days before the first dose. If opioids are still in your
body, naltrexone can bring on sudden opioid withdrawal [1]. Opioid pain medicines will not
work well while you take it, so carry a medical alert card.

After you stop naltrexone or miss a dose, your tolerance to opioids is lower, and using
opioids can cause a fatal overdose [1]. Your doctor may check your liver, because naltrexone
can cause liver injury at high doses [1].

## Sources

1. Naltrexone hydrochloride tablets, prescribing information. DailyMed.
"""


@pytest.fixture
def nx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``nxlint`` in-process with the working directory at tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NXLINT_CACHE_DIR", raising=False)
    kw = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}

    def run(*args: str, input: bytes | str | None = None):
        return CliRunner(**kw).invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(result) -> list[str]:
    return sorted({f["rule"] for f in json.loads(result.stdout)["findings"]})


# -- exit codes ---------------------------------------------------------------------------------

def test_clean_file_exits_0(nx, tmp_path: Path) -> None:
    leaflet = ROOT / "examples" / "patient-leaflet.md"
    path = leaflet if leaflet.is_file() else write(tmp_path / "leaflet.md", COMPLIANT)
    r = nx("check", "--format", "json", str(path))
    payload = json.loads(r.stdout)
    bad = [f for f in payload["findings"] if f["severity"] in ("error", "warning")]
    assert bad == [] and r.exit_code == 0, bad


def test_written_compliant_draft_exits_0(nx, tmp_path: Path) -> None:
    write(tmp_path / "leaflet.md", COMPLIANT)
    r = nx("check", "leaflet.md")
    assert r.exit_code == 0, r.stdout


def test_findings_exit_1(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "a.md")
    assert r.exit_code == 1
    assert "NX101" in r.stdout


def test_missing_path_exits_2(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "Naltrexone is a tablet.\n")
    r = nx("check", "a.md", "nope.md")
    assert r.exit_code == 2
    assert "nope.md" in r.stderr


def test_no_paths_exits_2(nx) -> None:
    r = nx("check")
    assert r.exit_code == 2
    assert r.stderr.strip()


@pytest.mark.parametrize("args", [["--fail-on", "sometimes"], ["--format", "xml"], ["--bogus-option"]])
def test_bad_option_values_exit_2(nx, tmp_path: Path, args: list[str]) -> None:
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", *args, "a.md")
    assert r.exit_code == 2


@pytest.mark.parametrize("value", ["NX999", "nx1", "XYZ"])
def test_select_that_matches_no_rule_is_not_silently_empty(nx, tmp_path: Path, value: str) -> None:
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "--select", value, "a.md")
    # a usage error, or (for lower case) the same rules as upper case; never a silent pass
    assert r.exit_code != 0


# -- --fail-on ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("select", "fail_on", "code"), [
    ("NX101", None, 1), ("NX101", "error", 1), ("NX101", "never", 0),         # an error
    ("NX203", None, 1), ("NX203", "warning", 1), ("NX203", "error", 0),       # a warning
    ("NX203", "info", 1), ("NX203", "never", 0),
])
def test_fail_on(nx, tmp_path: Path, select: str, fail_on: str | None, code: int) -> None:
    write(tmp_path / "a.md", CLAIM)
    args = ["check", "--format", "json", "--select", select, "a.md"]
    if fail_on:
        args[1:1] = ["--fail-on", fail_on]
    r = nx(*args)
    assert rules_of(r) == [select]  # the finding is there either way; only the exit code changes
    assert r.exit_code == code


def test_fail_on_info_counts_info_findings(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "Naltrexone helps [1].\n\n## References\n\n1. Jonas DE. JAMA. 2014.\n"
                             "2. Cree BA. Ann Neurol. 2010.\n")
    base = ["check", "--format", "json", "--select", "NX312", "a.md"]
    r = nx(*base)
    assert [f["severity"] for f in json.loads(r.stdout)["findings"]] == ["info"]
    assert r.exit_code == 0  # default: warning
    assert nx(*base[:1], "--fail-on", "info", *base[1:]).exit_code == 1
    assert nx(*base[:1], "--fail-on", "warning", *base[1:]).exit_code == 0


# -- --select / --ignore ------------------------------------------------------------------------

def test_select_and_ignore_codes_and_prefixes(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", CLAIM)
    everything = rules_of(nx("check", "--format", "json", "a.md"))
    assert {"NX101", "NX102", "NX201", "NX202", "NX203"} <= set(everything)
    assert rules_of(nx("check", "--format", "json", "--select", "NX2", "a.md")) == \
        [r for r in everything if r.startswith("NX2")]
    assert rules_of(nx("check", "--format", "json", "--select", "NX101,NX203", "a.md")) == ["NX101", "NX203"]
    assert rules_of(nx("check", "--format", "json", "--ignore", "NX2", "a.md")) == \
        [r for r in everything if not r.startswith("NX2")]
    assert rules_of(nx("check", "--format", "json", "--select", "NX1", "--ignore", "NX102", "a.md")) == \
        [r for r in everything if r.startswith("NX1") and r != "NX102"]


# -- output formats ------------------------------------------------------------------------------

def test_json_shape(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# Notes\n\n" + CLAIM)
    write(tmp_path / "b.md", "Naltrexone is a tablet for alcohol use disorder.\n")
    r = nx("check", "--format", "json", "a.md", "b.md")
    payload = json.loads(r.stdout)
    assert {"version", "findings", "summary"} <= set(payload)
    assert payload["version"] == nxlint.__version__
    findings = payload["findings"]
    assert findings and isinstance(payload["summary"], dict)
    for f in findings:
        assert FINDING_FIELDS <= set(f), FINDING_FIELDS - set(f)
        assert f["path"] in ("a.md", "b.md")
        assert all(isinstance(f[k], int) and f[k] >= 1 for k in ("line", "column", "end_line", "end_column"))
        assert (f["end_line"], f["end_column"]) > (f["line"], f["column"])
        assert re.fullmatch(r"[A-Z]{2,4}\d{3,4}", f["rule"]) and re.fullmatch(r"[a-z][a-z0-9-]*", f["name"])
        assert f["severity"] in ("error", "warning", "info")
        assert f["category"] in ("unsupported-claim", "uncited-assertion", "missing-caveat", "commercial",
                                 "factual-error", "directive")
        assert f["message"] and f["excerpt"]
        if f["category"] == "missing-caveat":
            assert f["caveat"] in CAVEATS
        else:
            assert "caveat" not in f or f["caveat"] is None
    nx101 = [f for f in findings if f["rule"] == "NX101"]
    assert nx101 and nx101[0]["line"] == 3 and "cures" in nx101[0]["message"]
    assert nx101[0]["suggestion"]
    summary = payload["summary"]
    assert summary.get("findings", len(findings)) == len(findings)
    assert summary.get("files", 2) == 2


def test_text_format_matches_json(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# Notes\n\nCafé 😀: " + CLAIM)
    as_json = json.loads(nx("check", "--format", "json", "a.md").stdout)["findings"]
    r = nx("check", "a.md")
    parsed = [m.groupdict() for m in map(LINE.match, r.stdout.splitlines()) if m]
    assert len(parsed) == len(as_json)
    assert sorted((p["path"], int(p["line"]), int(p["col"]), p["rule"], p["severity"], p["category"])
                  for p in parsed) == \
        sorted((f["path"], f["line"], f["column"], f["rule"], f["severity"], f["category"]) for f in as_json)
    nx101 = next(p for p in parsed if p["rule"] == "NX101")
    assert nx101["line"] == "3" and nx101["severity"] == "error" and nx101["category"] == "unsupported-claim"


def test_quiet_prints_findings_only(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", CLAIM)
    (tmp_path / "b.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    loud = nx("check", "a.md", "b.md")
    quiet = nx("check", "--quiet", "a.md", "b.md")
    assert loud.exit_code == quiet.exit_code == 1
    assert any(not LINE.match(ln) for ln in loud.stdout.splitlines())  # summary, suggestions
    assert "b.md" in loud.stderr
    lines = quiet.stdout.splitlines()
    assert lines and all(LINE.match(ln) for ln in lines), lines
    assert len(lines) == len([ln for ln in loud.stdout.splitlines() if LINE.match(ln)])
    assert quiet.stderr.strip() == ""


# -- stdin ---------------------------------------------------------------------------------------

STDIN_HTML = (b"<html><head><style>p { color: red }</style></head><body>\n"
              b"<p>Tom &amp; Jerry &middot; LDN cures fibromyalgia.</p>\n"
              b"<script>var s = 'LDN cures cancer.';</script>\n</body></html>\n")


def test_stdin_with_html_filename_uses_the_html_reader(tmp_path: Path) -> None:
    r = run_cli("check", "--format", "json", "-", "--stdin-filename", "x.html", cwd=tmp_path, stdin=STDIN_HTML)
    assert r.returncode == 1, r.stderr.decode()
    findings = json.loads(r.stdout)["findings"]
    assert findings and {f["path"] for f in findings} == {"x.html"}
    assert all(f["line"] == 2 for f in findings), "script and tags are not prose"
    assert not any("cancer" in f["excerpt"] for f in findings)
    claim = [f for f in findings if f["rule"] == "NX101"]
    assert claim and "cures" in claim[0]["excerpt"] and claim[0]["column"] > len("<p>")


def test_stdin_without_filename_is_plain_text(nx) -> None:
    r = nx("check", "--format", "json", "-", input=STDIN_HTML)
    findings = json.loads(r.stdout)["findings"]
    assert any("cancer" in f["excerpt"] for f in findings)  # as plain text the script is prose


# -- rules, explain, --version -------------------------------------------------------------------

def test_rules_lists_every_rule(nx, linter) -> None:
    r = nx("rules")
    assert r.exit_code == 0
    rows = {ln.split()[0]: ln.split() for ln in r.stdout.splitlines() if ln.strip()}
    expected = {rule.code: rule for rule in linter.ruleset.rules}
    assert set(expected) <= set(rows)
    assert {"NX001", "NX002", "NX003"} <= set(rows)
    for code, rule in expected.items():
        assert rows[code][1:4] == [rule.name, rule.category, rule.severity], rows[code]


def test_explain(nx, linter) -> None:
    r = nx("explain", "NX101")
    assert r.exit_code == 0
    for heading in ("What it does", "Why", "Flagged", "Passes"):
        assert heading in r.stdout
    rule = linter.ruleset.by_code["NX101"]
    assert rule.name in r.stdout
    assert next(e.text for e in rule.examples if e.flag) in r.stdout
    assert next(e.text for e in rule.examples if not e.flag) in r.stdout
    assert r.stdout.index("Flagged") < r.stdout.index("Passes")


def test_explain_unknown_rule_exits_2(nx) -> None:
    r = nx("explain", "NX999")
    assert r.exit_code == 2
    assert "NX999" in r.stderr


def test_version_and_help_do_not_import_spacy(tmp_path: Path) -> None:
    for args in (["--version"], ["--help"]):
        r = run_cli(*args, cwd=tmp_path)
        assert r.returncode == 0
        cmd = [sys.executable, "-X", "importtime", "-m", "nxlint", *args]
        import subprocess

        timed = subprocess.run(cmd, cwd=tmp_path, capture_output=True, timeout=120)
        assert timed.returncode == 0
        imports = timed.stderr.decode()
        assert "import time:" in imports and "click" in imports  # the probe itself works
        assert [ln for ln in imports.splitlines() if "spacy" in ln] == [], "--version/--help import spaCy"
    version = run_cli("--version", cwd=tmp_path).stdout.decode()
    assert nxlint.__version__ in version
    assert "check" in run_cli("--help", cwd=tmp_path).stdout.decode()


# -- configuration -------------------------------------------------------------------------------

def test_pyproject_config_found_from_nested_directory(nx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "site"\n\n[tool.nxlint]\nselect = ["NX1"]\n'
                                       'ignore = ["NX102"]\nseverity = {NX101 = "info"}\nfail-on = "warning"\n')
    deep = tmp_path / "content" / "posts" / "2024"
    write(deep / "a.md", CLAIM)
    monkeypatch.chdir(deep)
    r = nx("check", "--format", "json", "a.md")
    findings = json.loads(r.stdout)["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("NX101", "info")]
    assert r.exit_code == 0  # info is below fail-on warning
    # command-line options win
    assert nx("check", "--fail-on", "info", "a.md").exit_code == 1
    assert rules_of(nx("check", "--format", "json", "--select", "NX2", "a.md"))[0].startswith("NX2")


def test_nxlint_yaml_found_from_nested_directory(nx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".nxlint.yaml", "select: [NX101, NX203]\nseverity: {NX203: error}\nfail-on: error\n")
    write(tmp_path / "docs" / "a.md", CLAIM)
    monkeypatch.chdir(tmp_path / "docs")
    r = nx("check", "--format", "json", "a.md")
    assert sorted((f["rule"], f["severity"]) for f in json.loads(r.stdout)["findings"]) == \
        [("NX101", "error"), ("NX203", "error")]
    assert r.exit_code == 1
    r = nx("check", "--format", "json", "--select", "NX203", "--fail-on", "never", "a.md")
    assert rules_of(r) == ["NX203"] and r.exit_code == 0
    assert "NX203  " in nx("rules").stdout and " error" in next(
        ln for ln in nx("rules").stdout.splitlines() if ln.startswith("NX203"))


def test_explicit_config_file(nx, tmp_path: Path) -> None:
    write(tmp_path / "cfg" / "lint.yaml", "ignore: [NX2]\n")
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "--format", "json", "--config", "cfg/lint.yaml", "a.md")
    assert rules_of(r) and not any(c.startswith("NX2") for c in rules_of(r))


@pytest.mark.parametrize(("name", "content"), [
    (".nxlint.yaml", "select: [NX1\n"),
    (".nxlint.yaml", "colour: red\n"),
    (".nxlint.yaml", "fail-on: sometimes\n"),
    (".nxlint.yaml", "severity: {NX101: fatal}\n"),
    ("pyproject.toml", '[tool.nxlint]\nunknown-key = 1\n'),
])
def test_bad_config_exits_2(nx, tmp_path: Path, name: str, content: str) -> None:
    write(tmp_path / name, content)
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "a.md")
    assert r.exit_code == 2
    assert name in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stdout.strip() == ""


def test_missing_config_file_exits_2(nx, tmp_path: Path) -> None:
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "--config", "nowhere.yaml", "a.md")
    assert r.exit_code == 2 and "nowhere.yaml" in r.stderr


def test_broken_pyproject_is_a_config_error(nx, tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.nxlint]\nselect = ["NX2"\n')
    write(tmp_path / "a.md", CLAIM)
    r = nx("check", "a.md")
    assert r.exit_code == 2 and "pyproject.toml" in r.stderr


# -- directories ---------------------------------------------------------------------------------

def test_directory_recursion_default_globs_and_skipped_folders(nx, tmp_path: Path) -> None:
    for rel in ("site/a.md", "site/b.txt", "site/c.html", "site/deep/er/d.markdown", "site/e.rst", "site/f.py",
                "site/.git/g.md", "site/node_modules/h.md"):
        write(tmp_path / rel, CLAIM)
    r = nx("check", "--format", "json", "--select", "NX101", "site")
    paths = sorted({Path(f["path"]).as_posix().removeprefix("./") for f in json.loads(r.stdout)["findings"]})
    assert paths == ["site/a.md", "site/b.txt", "site/c.html", "site/deep/er/d.markdown"]


def test_directory_recursion_honours_config_include_exclude(nx, tmp_path: Path, monkeypatch) -> None:
    write(tmp_path / ".nxlint.yaml", 'include: ["*.txt", "*.md"]\nexclude: ["drafts/*", "*.skip.md"]\n')
    for rel in ("content/a.txt", "content/b.md", "content/c.html", "content/drafts/d.md", "content/e.skip.md",
                "content/sub/f.txt", "content/.git/g.txt"):
        write(tmp_path / rel, CLAIM)
    monkeypatch.chdir(tmp_path / "content")
    r = nx("check", "--format", "json", "--select", "NX101", ".")
    paths = sorted({Path(f["path"]).as_posix().removeprefix("./") for f in json.loads(r.stdout)["findings"]})
    assert paths == ["a.txt", "b.md", "sub/f.txt"]

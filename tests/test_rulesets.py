"""Extra rulesets given through configuration: a broken one stops the run (exit 2) with one
line naming the file, the line and the rule; a valid one adds working rules."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nxlint.cli import main

# a valid custom rule; line numbers below refer to this layout
GOOD = """\
rules:
  - code: ACME001
    name: wonder-pill
    kind: phrase
    match: {terms: [wonder pill, miracle tablet]}
    category: unsupported-claim
    severity: error
    message: "'{match}' is hype, not information"
    suggest: "Describe what the medicine does, with a source."
    why: "House style guide, section 2: no hype words about medicines."
    examples:
      flag: ["Naltrexone is a wonder pill."]
      pass: ["Naltrexone is a pill."]
"""
RULE_LINES = len(GOOD.splitlines()) - 1  # lines of one rule item (without "rules:")


def edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


BROKEN = {
    # name: (ruleset text, line, rule code or None)
    "invalid-yaml": (edit("    name: wonder-pill\n", "    name: wonder: pill\n"), 3, None),
    "unknown-top-level-key": ("# house rules\nversion: 1\nrulez: []\n", 3, None),
    "unknown-rule-key": (edit("    severity: error\n", "    severity: error\n    colour: red\n"), 8, "ACME001"),
    "unknown-kind": (edit("kind: phrase", "kind: banana"), 4, "ACME001"),
    "bad-regex": (edit("{terms: [wonder pill, miracle tablet]}", "{regex: ['wonder (pill']}"), 5, "ACME001"),
    "bad-token-pattern": (edit("{terms: [wonder pill, miracle tablet]}", "{patterns: [[{NOT_AN_ATTR: pill}]]}"),
                          5, "ACME001"),
    "duplicate-code": (GOOD + GOOD.split("rules:\n", 1)[1], 2 + RULE_LINES, "ACME001"),
    "duplicate-builtin-code": (edit("ACME001", "NX101"), 2, "NX101"),
    "missing-why": (edit('    why: "House style guide, section 2: no hype words about medicines."\n', ""), 2,
                    "ACME001"),
    "missing-examples": (GOOD.split("    examples:")[0], 2, "ACME001"),
    "unknown-concept": (edit("{terms: [wonder pill, miracle tablet]}", "unicorn_dust"), 5, "ACME001"),
    "unknown-placeholder": (edit("is hype, not information", "is hype, says {colour}"), 8, "ACME001"),
    "bare-no-in-lexicon": ("lexicon:\n  house_words:\n    terms: [wonder pill, no]\n", 3, None),
    "bare-no-in-rule": (edit("[wonder pill, miracle tablet]", "[wonder pill, no]"), 5, "ACME001"),
    "bad-not-near-scope": (edit("    severity: error\n", "    severity: error\n    not_near_scope: chapter\n"), 8,
                           "ACME001"),
    # a second key would silently replace the first: here the rule would lose its severity
    "duplicate-key": (edit("    severity: error\n", "    severity: error\n    severity: warning\n"), 8, None),
}
XFAIL: dict[str, str] = {}


@pytest.fixture
def nx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    kw = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}

    def run(*args: str):
        return CliRunner(**kw).invoke(main, list(args), catch_exceptions=False)

    return run


def project(root: Path, ruleset: str, builtin: bool = True, name: str = "bad.yaml") -> Path:
    (root / "rules").mkdir(parents=True, exist_ok=True)
    (root / "rules" / name).write_text(ruleset, encoding="utf-8")
    cfg = root / ".nxlint.yaml"
    cfg.write_text(f"builtin: {'true' if builtin else 'false'}\nrulesets: [rules/{name}]\n", encoding="utf-8")
    (root / "draft.md").write_text("Naltrexone is a wonder pill.\n\nIt is a miracle tablet, really.\n",
                                   encoding="utf-8")
    return cfg


@pytest.mark.parametrize("case", [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=XFAIL[k]))
                                  if k in XFAIL else k for k in BROKEN])
def test_broken_ruleset_exits_2_naming_file_line_and_rule(nx, tmp_path: Path, case: str) -> None:
    text, line, code = BROKEN[case]
    cfg = project(tmp_path, text)
    r = nx("check", "--config", str(cfg), "draft.md")
    assert r.exit_code == 2
    assert r.stdout.strip() == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert re.search(rf"bad\.yaml:{line}:", lines[0]), (lines[0], line)
    if code:
        assert code in lines[0]


def test_broken_ruleset_found_through_discovered_config(nx, tmp_path: Path, monkeypatch) -> None:
    project(tmp_path, BROKEN["unknown-kind"][0])
    (tmp_path / "posts").mkdir()
    monkeypatch.chdir(tmp_path / "posts")
    r = nx("check", "../draft.md")
    assert r.exit_code == 2 and "bad.yaml:4:" in r.stderr and "ACME001" in r.stderr
    assert nx("rules").exit_code == 2
    assert nx("explain", "NX101").exit_code == 2


def test_missing_ruleset_file_exits_2(nx, tmp_path: Path) -> None:
    (tmp_path / ".nxlint.yaml").write_text("rulesets: [rules/nowhere.yaml]\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("Naltrexone is a wonder pill.\n", encoding="utf-8")
    r = nx("check", "draft.md")
    assert r.exit_code == 2 and "nowhere.yaml" in r.stderr


def test_extra_ruleset_adds_a_working_rule(nx, tmp_path: Path) -> None:
    cfg = project(tmp_path, GOOD, name="acme.yaml")
    r = nx("check", "--format", "json", "--config", str(cfg), "draft.md")
    assert r.exit_code == 1
    findings = json.loads(r.stdout)["findings"]
    acme = [f for f in findings if f["rule"] == "ACME001"]
    assert [f["line"] for f in acme] == [1, 3]
    for f, words in zip(acme, ("wonder pill", "miracle tablet"), strict=True):
        assert words in f["excerpt"] and words in f["message"]  # the span covers the words (or their sentence)
        assert f["end_line"] == f["line"]
    assert acme[0]["name"] == "wonder-pill" and acme[0]["severity"] == "error"
    assert acme[0]["category"] == "unsupported-claim"
    assert acme[0]["suggestion"] == "Describe what the medicine does, with a source."
    assert any(f["rule"].startswith("NX2") for f in findings)  # the built-in rules still run
    listed = nx("rules", "--config", str(cfg)).stdout
    assert re.search(r"^ACME001\s+wonder-pill\s+unsupported-claim\s+error", listed, re.M)
    assert re.search(r"^NX101\s", listed, re.M)


def test_extra_ruleset_alone(nx, tmp_path: Path) -> None:
    cfg = project(tmp_path, GOOD, builtin=False, name="acme.yaml")
    r = nx("check", "--format", "json", "--config", str(cfg), "draft.md")
    assert r.exit_code == 1
    assert {f["rule"] for f in json.loads(r.stdout)["findings"]} == {"ACME001"}
    listed = nx("rules", "--config", str(cfg)).stdout
    codes = {ln.split()[0] for ln in listed.splitlines() if ln.strip()}
    assert "ACME001" in codes and not any(c.startswith("NX1") for c in codes)
    explained = nx("explain", "ACME001", "--config", str(cfg))
    assert explained.exit_code == 0
    assert "Naltrexone is a wonder pill." in explained.stdout and "Naltrexone is a pill." in explained.stdout
    assert "House style guide" in explained.stdout
    (tmp_path / "ok.md").write_text("Naltrexone is a pill.\n", encoding="utf-8")
    clean = nx("check", "--format", "json", "--config", str(cfg), "ok.md")
    assert clean.exit_code == 0 and json.loads(clean.stdout)["findings"] == []


def test_readme_rule_table_lists_every_builtin_rule(linter) -> None:
    """The README's rule table is what readers scan first; a new rule must appear there."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| (NX\d{3}) \| ([\w-]+) \|", readme, re.M))
    assert listed == {r.code: r.name for r in linter.ruleset.rules}

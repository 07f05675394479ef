"""Output formats for CI: SARIF (validated against the 2.1.0 schema), GitHub workflow
commands, GitLab Code Quality, ``--output``, and the commands docs/ci.md tells editors
to run."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from nxlint.findings import FileResult, Finding
from nxlint.report import github as gh
from nxlint.report import gitlab, sarif
from tests.conftest import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BAD = """\
# LDN for fibromyalgia

Low-dose naltrexone cures fibromyalgia. Buy now and get 20% off!
"""


def _schema_path() -> Path | None:
    candidates = [os.environ.get("NXLINT_SARIF_SCHEMA"),
                  Path(__file__).resolve().parents[2] / "shared/schemas/sarif-schema-2.1.0.json"]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


SCHEMA_MISSING = ("SARIF 2.1.0 schema not found: expected ../shared/schemas/sarif-schema-2.1.0.json beside the "
                  "checkout, or a path in NXLINT_SARIF_SCHEMA")


@pytest.fixture(scope="module")
def schema_validator():
    """The schema validator, or None when the schema (or jsonschema) is not there."""
    path = _schema_path()
    try:
        import jsonschema
    except ImportError:
        return None
    if path is None:
        return None
    return jsonschema.Draft4Validator(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def sarif_validator(schema_validator):
    """For the schema tests themselves: skip, with the reason, when the schema is absent."""
    if schema_validator is None:
        pytest.importorskip("jsonschema")
        pytest.skip(SCHEMA_MISSING)
    return schema_validator


def _validate(validator, log: dict) -> None:
    """Validate against the schema when it is there (the schema tests skip without it)."""
    if validator is None:
        return
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])




@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


# -- SARIF -------------------------------------------------------------------------------
def test_sarif_on_the_examples_is_valid_and_complete(in_root: Path, sarif_validator) -> None:
    code, out, _ = cli("check", "--format", "sarif", "examples")
    assert code == 1  # the examples have findings
    log = json.loads(out)
    _validate(sarif_validator, log)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "nxlint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "NX101" in ids and "NX201" in ids
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"] and r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    nx101 = rules[ids.index("NX101")]
    assert "Why it matters" in nx101["help"]["text"] and "Flagged" in nx101["help"]["text"]
    assert nx101["helpUri"].startswith(driver["informationUri"])
    assert nx101["properties"]["category"] == "unsupported-claim"
    assert run["columnKind"] == "unicodeCodePoints"

    _, out_json, _ = cli("check", "--format", "json", "examples")
    findings = json.loads(out_json)["findings"]
    results = run["results"]
    assert len(results) == len(findings) > 0
    for res, f in zip(results, findings, strict=True):
        assert res["ruleId"] == f["rule"] and rules[res["ruleIndex"]]["id"] == f["rule"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == Path(f["path"]).as_posix()
        assert loc["region"] == {"startLine": f["line"], "startColumn": f["column"], "endLine": f["end_line"],
                                 "endColumn": f["end_column"], "snippet": {"text": f["excerpt"]}}
        assert res["partialFingerprints"][sarif.FINGERPRINT_KEY]
        if f.get("suggestion"):
            assert res["fixes"][0]["description"]["text"] == f["suggestion"]
    prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in results]
    assert len(prints) == len(set(prints))


def test_sarif_regions_point_at_the_flagged_words(workdir: Path, schema_validator) -> None:
    (workdir / "drafts").mkdir()
    (workdir / "drafts" / "post.md").write_text(BAD, encoding="utf-8")
    code, out, _ = cli("check", "--format", "sarif", "drafts/post.md")
    assert code == 1
    log = json.loads(out)
    _validate(schema_validator, log)
    lines = BAD.splitlines()
    results = log["runs"][0]["results"]
    assert any(r["ruleId"] == "NX101" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
               for r in results), results
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "drafts/post.md"
        region = loc["region"]
        if region["startLine"] == region["endLine"]:  # the region's text is the flagged text
            text = lines[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
            assert text == region["snippet"]["text"], r


def test_sarif_fix_with_a_literal_replacement_edits_the_span(schema_validator, linter) -> None:
    f = Finding("post.md", 3, 21, 3, 26, "NX101", "absolute-claim", "unsupported-claim", "error",
                "'cures' is absolute wording", excerpt="cures", suggestion="may help with",
                extra={"replacement": "may help with"})
    advice = Finding("post.md", 1, 3, 1, 6, "NX203", "missing-consult-caveat", "missing-caveat", "warning",
                     "never tells readers to talk to a doctor", excerpt="LDN",
                     suggestion="Add: talk to your doctor or pharmacist before starting.",
                     caveat="consult-professional")
    log = sarif.build([FileResult("post.md", findings=[f, advice])], linter)
    _validate(schema_validator, log)
    literal, told = (r["fixes"][0] for r in log["runs"][0]["results"])
    (change,) = literal["artifactChanges"][0]["replacements"]
    assert change["deletedRegion"] == {"startLine": 3, "startColumn": 21, "endLine": 3, "endColumn": 26}
    assert change["insertedContent"] == {"text": "may help with"}
    # advice is not replacement text: it is the description, and the edit changes nothing
    (change,) = told["artifactChanges"][0]["replacements"]
    assert told["description"]["text"].startswith("Add: talk to your doctor")
    assert "insertedContent" not in change
    region = change["deletedRegion"]
    assert (region["startLine"], region["startColumn"]) == (region["endLine"], region["endColumn"]) == (1, 3)


def test_sarif_reports_files_that_could_not_be_linted(schema_validator, linter) -> None:
    log = sarif.build([FileResult("broken.md", error="broken.md: cannot read")], linter)
    _validate(schema_validator, log)
    (inv,) = log["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "broken.md: cannot read"


def test_sarif_for_a_clean_draft_has_rules_and_no_results(in_root: Path, sarif_validator) -> None:
    code, out, _ = cli("check", "--format", "sarif", "examples/patient-leaflet.md")
    assert code == 0
    log = json.loads(out)
    _validate(sarif_validator, log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"]


# -- GitHub ------------------------------------------------------------------------------
def test_github_escaping_follows_the_toolkit() -> None:
    assert gh.escape_data("50% off\r\nnow: yes, really") == "50%25 off%0D%0Anow: yes, really"
    assert gh.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    line = gh.command("error", "x: 1, y\n2", file="a,b.md", line=3, title="NX101 absolute-claim")
    assert line == "::error file=a%2Cb.md,line=3,title=NX101 absolute-claim::x: 1, y%0A2"


def test_github_annotations_for_a_draft(workdir: Path) -> None:
    name = "deals, 50%: LDN.md"
    (workdir / name).write_text(BAD, encoding="utf-8")
    code, out, _ = cli("check", "--format", "github", name)
    assert code == 1
    commands = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert commands and all(re.match(r"^::(error|warning|notice) file=[^:]+::", c) for c in commands)
    escaped_name = "deals%2C 50%25%3A LDN.md"
    _, out_json, _ = cli("check", "--format", "json", name)
    findings = json.loads(out_json)["findings"]
    assert len(commands) == len(findings)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for c, f in zip(commands, findings, strict=True):
        assert c.startswith(f"::{kinds[f['severity']]} file={escaped_name},line={f['line']},col={f['column']},"
                            f"endLine={f['end_line']},endColumn={f['end_column']},title={f['rule']} {f['name']}::")
        assert c.endswith(gh.escape_data(f"{f['message']}\nFix: {f['suggestion']}" if f.get("suggestion")
                                         else f["message"]))
    assert any(c.startswith("::error ") and "title=NX101 " in c for c in commands)
    assert any(c.startswith("::warning ") for c in commands)  # NX203 and friends are warnings
    assert any("%0AFix: " in c for c in commands)  # the suggestion on its own line
    assert any("20%25" in c for c in commands)  # '%' escaped in messages


def test_github_info_findings_are_notices(workdir: Path) -> None:
    (workdir / ".nxlint.yaml").write_text("severity:\n  NX101: info\n", encoding="utf-8")
    (workdir / "post.md").write_text(BAD, encoding="utf-8")
    _, out, _ = cli("check", "--format", "github", "post.md")
    nx101 = [ln for ln in out.splitlines() if "title=NX101 " in ln]
    assert nx101 and all(ln.startswith("::notice file=post.md,") for ln in nx101)


# -- GitLab ------------------------------------------------------------------------------
def test_gitlab_code_quality_report(workdir: Path) -> None:
    (workdir / "post.md").write_text(BAD, encoding="utf-8")
    code, out, _ = cli("check", "--format", "gitlab", "post.md")
    assert code == 1
    issues = json.loads(out)
    assert isinstance(issues, list) and issues
    for i in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
        assert i["location"]["path"] == "post.md"
        assert i["location"]["lines"]["begin"] >= 1 and i["location"]["lines"]["end"] >= i["location"]["lines"]["begin"]
        assert i["severity"] in ("minor", "major", "critical")
        assert i["check_name"].startswith("NX") and i["check_name"] in i["description"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_rule = {i["check_name"]: i for i in issues}
    assert by_rule["NX101"]["severity"] == "critical" and by_rule["NX101"]["location"]["lines"]["begin"] == 3
    assert by_rule["NX203"]["severity"] == "major"

    # an edit elsewhere in the file moves lines but keeps every fingerprint
    (workdir / "post.md").write_text("Updated in June.\n\n" + BAD, encoding="utf-8")
    _, out2, _ = cli("check", "--format", "gitlab", "post.md")
    moved = {i["fingerprint"]: i for i in json.loads(out2)}
    assert set(moved) == {i["fingerprint"] for i in issues}
    assert moved[by_rule["NX101"]["fingerprint"]]["location"]["lines"]["begin"] == 5


def test_sarif_and_gitlab_share_fingerprints(workdir: Path) -> None:
    (workdir / "post.md").write_text(BAD, encoding="utf-8")
    _, out_s, _ = cli("check", "--format", "sarif", "post.md")
    _, out_g, _ = cli("check", "--format", "gitlab", "post.md")
    s = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in json.loads(out_s)["runs"][0]["results"]]
    g = [i["fingerprint"] for i in json.loads(out_g)]
    assert s == g
    assert gitlab.SEVERITIES == {"error": "critical", "warning": "major", "info": "minor"}


# -- --output ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "github", "json", "text"])
def test_output_writes_the_format_and_keeps_text_on_the_terminal(workdir: Path, fmt: str) -> None:
    (workdir / "post.md").write_text(BAD, encoding="utf-8")
    code, out, err = cli("check", "--format", fmt, "--output", "reports/nxlint.out", "post.md")
    assert code == 1  # the exit code does not depend on where the report goes
    written = (workdir / "reports" / "nxlint.out").read_text(encoding="utf-8")
    if fmt in ("sarif", "gitlab", "json"):
        json.loads(written)
    elif fmt == "github":
        assert written.startswith("::error file=post.md,")
    assert re.search(r"^post\.md:3:\d+: NX101 error \[unsupported-claim\]", out, re.M)  # text, on the terminal
    assert "reports/nxlint.out" in err


def test_output_to_an_unwritable_place_is_a_usage_error(workdir: Path) -> None:
    (workdir / "post.md").write_text(BAD, encoding="utf-8")
    (workdir / "afile").write_text("", encoding="utf-8")
    code, _, err = cli("check", "--format", "sarif", "--output", "afile/x.sarif", "post.md")
    assert code == 2 and "afile/x.sarif" in err


# -- the commands of docs/ci.md ----------------------------------------------------------
def _doc_commands() -> list[list[str]]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```(?:sh|yaml)\n(.*?)```", text, re.S):
        for raw in block.splitlines():
            line = re.sub(r"^\s*(?:-\s+)?(?:run:\s*)?", "", raw).strip()
            if line.startswith("nxlint ") and "${{" not in line and "--diff" not in line:
                cmds.append(shlex.split(line))
    return cmds


def test_docs_ci_commands_work_as_written(workdir: Path, schema_validator) -> None:
    commands = _doc_commands()
    checks = [c for c in commands if c[1] == "check"]
    fmts = {c[c.index("--format") + 1] for c in checks if "--format" in c}
    assert {"github", "sarif", "gitlab"} <= fmts, commands
    shutil.copytree(EXAMPLES, workdir / "content")
    shutil.copytree(EXAMPLES, workdir / "examples")

    def run_all() -> dict[str, tuple[int, str, str]]:
        seen = {}
        for c in commands:
            code, out, err = cli(*c[1:])
            assert code in (0, 1), f"{shlex.join(c)} -> {code}\n{out}\n{err}"
            key = c[c.index("--format") + 1] if "--format" in c else " ".join(c[:2])
            seen[key] = (code, out, err)
        return seen

    # an existing site: the baseline recorded first, so every command passes
    first = run_all()
    assert all(code == 0 for code, _, _ in first.values()), first
    assert json.loads((workdir / "gl-code-quality-report.json").read_text()) == []
    _validate(schema_validator, json.loads((workdir / "nxlint.sarif").read_text()))

    # a new draft with problems: the gate fails and every report names it
    (workdir / "content" / "new-post.md").write_text(BAD, encoding="utf-8")
    # the editor does not record the baseline again: the new findings must show
    commands = [c for c in commands if not (c[1] == "baseline" and "content/" in c)]
    second = run_all()
    code, out, _ = second["github"]
    assert code == 1
    annotations = [ln for ln in out.splitlines() if ln.startswith("::")]
    assert annotations and all("file=content/new-post.md," in a for a in annotations)
    assert second["gitlab"][0] == 1
    gl = json.loads((workdir / "gl-code-quality-report.json").read_text())
    assert gl and {i["location"]["path"] for i in gl} == {"content/new-post.md"}
    assert second["sarif"][0] == 0  # --fail-on never: the upload step always gets its file
    log = json.loads((workdir / "nxlint.sarif").read_text())
    _validate(schema_validator, log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"content/new-post.md"}

"""Inline suppression directives in Markdown, HTML and plain text, and the findings about
the directives themselves (NX001 unused, NX002 unknown rule, NX003 malformed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

CLAIM = "LDN cures fibromyalgia."  # draws NX101 (absolute) and NX102 (direct) on its line


def at(findings, rule: str) -> list[int]:
    """Lines where ``rule`` is reported."""
    return sorted(f.line for f in findings if f.rule == rule)


def meta(findings) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in findings if f.rule in ("NX001", "NX002", "NX003"))


def test_unsuppressed_baseline(lint_text) -> None:
    fs = lint_text(f"{CLAIM}\n\n{CLAIM}\n")
    assert at(fs, "NX101") == [1, 3]
    assert at(fs, "NX102") == [1, 3]
    assert meta(fs) == []


# -- Markdown --------------------------------------------------------------------------------

def test_disable_next_line_silences_only_that_rule_on_the_next_line(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX101 -->\n{CLAIM}\n\n{CLAIM}\n")
    assert at(fs, "NX101") == [4]  # silenced on line 2 only
    assert at(fs, "NX102") == [2, 4]  # other rules on line 2 still reported
    assert meta(fs) == []


def test_disable_next_line_in_a_wrapped_paragraph_covers_one_line(lint_text) -> None:
    text = f"Readers ask about naltrexone.\n<!-- nxlint-disable-next-line NX101 -->\n{CLAIM}\n{CLAIM}\n"
    fs = lint_text(text)
    assert at(fs, "NX101") == [4]
    assert meta(fs) == []


def test_disable_next_line_with_several_codes(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX101, NX102 -->\n{CLAIM}\n\n{CLAIM}\n")
    assert at(fs, "NX101") == [4]
    assert at(fs, "NX102") == [4]
    assert meta(fs) == []


def test_disable_enable_range(lint_text) -> None:
    text = f"{CLAIM}\n\n<!-- nxlint-disable NX101 -->\n{CLAIM}\n\n{CLAIM}\n<!-- nxlint-enable -->\n\n{CLAIM}\n"
    fs = lint_text(text)
    assert at(fs, "NX101") == [1, 9]  # lines 4 and 6 are inside the range
    assert at(fs, "NX102") == [1, 4, 6, 9]
    assert meta(fs) == []


def test_disable_without_enable_runs_to_the_end(lint_text) -> None:
    fs = lint_text(f"{CLAIM}\n\n<!-- nxlint-disable NX101 -->\n\n{CLAIM}\n\n{CLAIM}\n")
    assert at(fs, "NX101") == [1]
    assert at(fs, "NX102") == [1, 5, 7]


def test_disable_file(lint_text) -> None:
    text = f"{CLAIM}\n\nMore text.\n\n<!-- nxlint-disable-file NX201 -->\n"
    plain = lint_text(f"{CLAIM}\n")
    assert at(plain, "NX201") == [1]
    fs = lint_text(text)
    assert at(fs, "NX201") == []  # silenced everywhere, though the directive comes last
    assert at(fs, "NX101") == [1]
    assert at(fs, "NX202") == [1]
    assert meta(fs) == []


def test_directive_without_codes_silences_every_rule_on_its_target(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line -->\n{CLAIM}\n\n{CLAIM}\n")
    assert [f for f in fs if f.line == 2] == []
    assert at(fs, "NX101") == [4]
    assert at(fs, "NX102") == [4]
    assert meta(fs) == []


def test_directive_with_reason(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX101 -- quoting a critic, not our claim -->\n{CLAIM}\n")
    assert at(fs, "NX101") == []
    assert at(fs, "NX102") == [2]
    assert meta(fs) == []


def test_unused_directive_is_reported(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX101 -->\nNaltrexone is a tablet.\n\n{CLAIM}\n")
    nx001 = [f for f in fs if f.rule == "NX001"]
    assert [(f.line, f.column) for f in nx001] == [(1, 1)]
    assert "NX101" in nx001[0].message
    assert nx001[0].category == "directive"
    assert at(fs, "NX101") == [4]


def test_unused_range_is_reported(lint_text) -> None:
    fs = lint_text("Naltrexone is a tablet.\n\n<!-- nxlint-disable NX405 -->\nIt is taken daily.\n"
                   "<!-- nxlint-enable -->\n")
    assert meta(fs) == [("NX001", 3)]


def test_partly_used_directive_reports_the_unused_code(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX101, NX405 -->\n{CLAIM}\n")
    assert at(fs, "NX101") == []
    nx001 = [f for f in fs if f.rule == "NX001"]
    assert len(nx001) == 1 and "NX405" in nx001[0].message and "NX101" not in nx001[0].message


def test_unknown_code_is_reported(lint_text) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line NX999 -->\n{CLAIM}\n")
    nx002 = [f for f in fs if f.rule == "NX002"]
    assert [f.line for f in nx002] == [1]
    assert "NX999" in nx002[0].message
    assert at(fs, "NX101") == [2]  # an unknown code silences nothing


@pytest.mark.parametrize("comment", ["<!-- nxlint-disabel NX101 -->", "<!-- nxlint: frobnicate -->",
                                     "<!-- nxlint-disable-next-lines NX101 -->"])
def test_malformed_directive_is_reported(lint_text, comment: str) -> None:
    fs = lint_text(f"{comment}\n{CLAIM}\n")
    assert meta(fs) == [("NX003", 1)]
    assert at(fs, "NX101") == [2]  # and it silences nothing


def test_ordinary_comment_is_not_a_directive(lint_text) -> None:
    fs = lint_text(f"<!-- TODO: ask legal about this -->\n{CLAIM}\n")
    assert meta(fs) == []
    assert at(fs, "NX101") == [2]


def test_directive_inside_code_is_not_a_directive(lint_text) -> None:
    text = (f"```html\n<!-- nxlint-disable-file -->\n```\n\n"
            f"Write `<!-- nxlint-disable-file -->` to opt out.\n\n{CLAIM}\n")
    fs = lint_text(text)
    assert at(fs, "NX101") == [7]
    assert meta(fs) == []


@pytest.mark.parametrize("code", ["nx101", "NX10"])
def test_miswritten_code_does_not_silence_every_rule(lint_text, code: str) -> None:
    fs = lint_text(f"<!-- nxlint-disable-next-line {code} -->\n{CLAIM}\n")
    # either it means NX101 (and NX102 stays) or it is reported; it must not silently mean "all rules"
    assert at(fs, "NX102") == [2] or meta(fs)


# -- HTML --------------------------------------------------------------------------------------

def test_html_directives(lint_text) -> None:
    text = ("<html><body>\n<p>Readers ask about naltrexone.</p>\n"
            "<!-- nxlint-disable-next-line NX101 -->\n<p>LDN cures fibromyalgia.</p>\n"
            "<!-- nxlint-disable NX102 -->\n<p>LDN cures depression.</p>\n<!-- nxlint-enable -->\n"
            "<p>LDN cures pain.</p>\n"
            "<!-- nxlint-disable-next-line NX999 -->\n<p>Plain words.</p>\n"
            "<!-- nxlint-disable-next-line NX405 -->\n<p>More plain words.</p>\n"
            "<!-- nxlint-disabel NX101 -->\n"
            "</body></html>\n")
    fs = lint_text(text, "page.html")
    assert at(fs, "NX101") == [6, 8]
    assert at(fs, "NX102") == [4, 8]
    assert sorted((f.rule, f.line) for f in fs if f.rule in ("NX002", "NX003")) == [("NX002", 9), ("NX003", 13)]
    assert ("NX001", 11) in meta(fs)


def test_html_disable_file(lint_text) -> None:
    fs = lint_text("<!-- nxlint-disable-file NX201 -->\n<p>LDN cures fibromyalgia.</p>\n", "page.htm")
    assert at(fs, "NX201") == []
    assert at(fs, "NX101") == [2]


# -- plain text ------------------------------------------------------------------------------

def test_text_disable_next_line(lint_text) -> None:
    fs = lint_text(f"Readers ask about naltrexone.\n# nxlint: disable-next-line=NX101\n{CLAIM}\n\n{CLAIM}\n", "a.txt")
    assert at(fs, "NX101") == [5]
    assert at(fs, "NX102") == [3, 5]
    assert meta(fs) == []


def test_text_directive_with_reason_and_range_and_file(lint_text) -> None:
    text = ("# nxlint: disable-file=NX201 -- the leaflet on the next page covers it\n"
            "# nxlint: disable=NX101 -- a quoted advert\n"
            f"{CLAIM}\n"
            "# nxlint: enable\n\n"
            f"{CLAIM}\n")
    fs = lint_text(text, "a.txt")
    assert at(fs, "NX201") == []
    assert at(fs, "NX101") == [6]
    assert at(fs, "NX102") == [3, 6]
    assert meta(fs) == []


def test_text_unknown_unused_and_malformed(lint_text) -> None:
    text = ("Readers ask about naltrexone.\n"
            "# nxlint: disable-next-line=NX999\n"
            "It is a tablet.\n"
            "# nxlint: disable-next-line=NX101\n"
            "It is taken daily.\n"
            "# nxlint: frobnicate\n"
            f"{CLAIM}\n")
    fs = lint_text(text, "a.txt")
    assert meta(fs) == [("NX001", 4), ("NX002", 2), ("NX003", 6)]
    assert at(fs, "NX101") == [7]


# -- through the CLI ---------------------------------------------------------------------------

def test_directive_findings_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"<!-- nxlint-disable-next-line NX101 -->\n{CLAIM}\n"
                                   "<!-- nxlint-disable-next-line NX999 -->\nPlain words.\n", encoding="utf-8")
    r = run_cli("check", "--format", "json", "--select", "NX0,NX101", "a.md", cwd=tmp_path)
    out = json.loads(r.stdout)
    assert sorted((f["rule"], f["line"]) for f in out["findings"]) == [("NX002", 3)]
    nx002 = out["findings"][0]
    assert nx002["category"] == "directive" and nx002["severity"] in ("error", "warning", "info")
    assert r.returncode == 1  # directive problems are warnings by default, and --fail-on defaults to warning

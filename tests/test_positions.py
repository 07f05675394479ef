"""Every finding's span points at the exact source characters, end to end through the CLI.

Each test writes real files, runs ``python -m nxlint check --format json`` on them and
slices the source file (decoded with utf-8-sig, split on "\\n", trailing "\\r" removed)
with the reported (line, column)..(end_line, end_column): 1-based, end exclusive,
counting characters. The slice must be the finding's flagged text.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

PLANTED = "LDN cures fibromyalgia."
CLAIM_TEXTS = {"cures", "ldn cures fibromyalgia"}  # what a claim finding may flag in PLANTED
PREFIXES = {"ascii": "Some notes. ", "multibyte": "Café 😀 中文 notes. "}
NEWLINES = {"lf": "\n", "crlf": "\r\n"}
FORMATS = ("md", "txt", "html")
_WS = re.compile(r"\s+")


def source_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]


def span_text(lines: list[str], f: dict) -> str:
    """The source text between (line, column) and (end_line, end_column)."""
    l1, c1, l2, c2 = f["line"], f["column"], f["end_line"], f["end_column"]
    assert 1 <= l1 <= l2 <= len(lines), f
    assert 1 <= c1 <= len(lines[l1 - 1]) + 1, f
    assert 1 <= c2 <= len(lines[l2 - 1]) + 1, f
    if l1 == l2:
        assert c1 <= c2, f
        return lines[l1 - 1][c1 - 1:c2 - 1]
    return "\n".join([lines[l1 - 1][c1 - 1:], *lines[l1:l2 - 1], lines[l2 - 1][:c2 - 1]])


def fold(s: str) -> str:
    return _WS.sub(" ", s).strip()


def check_json(paths: list[Path], cwd: Path) -> dict[str, list[dict]]:
    r = run_cli("check", "--format", "json", "--fail-on", "never", *[str(p) for p in paths], cwd=cwd)
    assert r.returncode == 0, r.stderr.decode()
    payload = json.loads(r.stdout)
    assert not payload.get("errors"), payload.get("errors")
    by_path: dict[str, list[dict]] = {str(p): [] for p in paths}
    for f in payload["findings"]:
        by_path[f["path"]].append(f)
    return by_path


def assert_every_span_is_its_excerpt(lines: list[str], findings: list[dict]) -> None:
    for f in findings:
        got = span_text(lines, f)
        assert got and got == got.strip(), (f["rule"], got, f)
        if not f["excerpt"].endswith("..."):
            assert fold(got) == fold(f["excerpt"]), (f["rule"], got, f["excerpt"])


def planted_at(lines: list[str], needle: str) -> tuple[int, int]:
    hits = [(i + 1, ln.index(needle) + 1) for i, ln in enumerate(lines) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


# -- LF/CRLF x BOM x multi-byte prefix x format ------------------------------------------------

def build(fmt: str, nl: str, prefix: str) -> str:
    line = f"{prefix}{PLANTED}"
    if fmt == "md":
        body = ["# LDN: notes from the clinic", "", "A few words first, with *emphasis* and `code`.", "", line, ""]
    elif fmt == "txt":
        body = ["LDN: notes from the clinic", "", "A few words first, nothing more.", "", line, ""]
    else:
        body = ["<!DOCTYPE html><html><head><title>LDN notes</title><style>p { color: red; }</style></head><body>"
                "<h1>LDN &amp; news</h1>",
                f"<p>Tom &amp; Jerry &middot; caf&eacute; &#8212; {line}</p>", "</body></html>", ""]
    return nl.join(body)


CASES = [pytest.param(fmt, nl, bom, pre, id=f"{fmt}-{nl}-{'bom' if bom else 'nobom'}-{pre}")
         for fmt, nl, bom, pre in itertools.product(FORMATS, NEWLINES, (False, True), PREFIXES)]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]]]:
    root = tmp_path_factory.mktemp("positions")
    paths = []
    for fmt, nl, bom, pre in itertools.product(FORMATS, NEWLINES, (False, True), PREFIXES):
        p = root / f"{nl}-{'bom' if bom else 'nobom'}-{pre}.{fmt}"
        data = build(fmt, NEWLINES[nl], PREFIXES[pre]).encode("utf-8")
        p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        paths.append(p)
    return root, check_json(paths, root)


@pytest.mark.parametrize(("fmt", "nl", "bom", "pre"), CASES)
def test_span_slices_to_flagged_text(matrix, fmt: str, nl: str, bom: bool, pre: str) -> None:
    root, by_path = matrix
    path = root / f"{nl}-{'bom' if bom else 'nobom'}-{pre}.{fmt}"
    findings = by_path[str(path)]
    lines = source_lines(path)
    line, col = planted_at(lines, PLANTED)
    assert_every_span_is_its_excerpt(lines, findings)

    claims = [f for f in findings if f["category"] == "unsupported-claim"]
    assert claims, "the planted claim was not flagged"
    for f in claims:
        got = span_text(lines, f)
        assert got.lower().rstrip(".") in CLAIM_TEXTS, (f["rule"], got)
        assert f["line"] == f["end_line"] == line
        assert col <= f["column"] < f["end_column"] <= col + len(PLANTED)

    # caveats are reported at the first mention of the drug in prose: "LDN" on line 1 (not in <title>)
    first = (1, lines[0].index("<h1>LDN") + 5) if fmt == "html" else (1, lines[0].index("LDN") + 1)
    caveats = [f for f in findings if f["category"] == "missing-caveat"]
    assert caveats, "a draft about LDN with no caveats should draw missing-caveat findings"
    for f in caveats:
        assert span_text(lines, f) == "LDN", f
        assert (f["line"], f["column"]) == first


# -- a sentence hard-wrapped over several lines -------------------------------------------------

WRAPPED = ["Many readers write to us about naltrexone. Our answer is that LDN",
           "cures fibromyalgia", "and nothing else comes close.", ""]


WRAPPED_FILES = {"wrapped.md": "\n", "wrapped-crlf.md": "\r\n", "wrapped.txt": "\n", "wrapped-bom.txt": "\r\n"}


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]]]:
    root = tmp_path_factory.mktemp("wrapped")
    for name, nl in WRAPPED_FILES.items():
        (root / name).write_bytes((b"\xef\xbb\xbf" if "bom" in name else b"") + nl.join(WRAPPED).encode())
    return root, check_json([root / name for name in WRAPPED_FILES], root)


@pytest.mark.parametrize("name", list(WRAPPED_FILES))
def test_finding_in_hard_wrapped_sentence(wrapped, name: str) -> None:
    root, by_path = wrapped
    path = root / name
    findings = by_path[str(path)]
    lines = source_lines(path)
    assert_every_span_is_its_excerpt(lines, findings)
    sentence = "our answer is that ldn cures fibromyalgia and nothing else comes close."
    claims = [f for f in findings if f["category"] == "unsupported-claim"]
    assert claims
    for f in claims:
        got = fold(span_text(lines, f)).lower()
        assert got in sentence and "cures" in got, got
    spanning = [f for f in claims if f["end_line"] > f["line"]]
    assert spanning, "a claim wrapped over lines 1-2 should be one finding spanning them"
    for f in spanning:
        assert "ldn cures fibromyalgia" in fold(span_text(lines, f)).lower()
        assert f["line"] == 1 and WRAPPED[0].index("Our") < f["column"] <= WRAPPED[0].index("LDN") + 1


# -- evasion: the disguised name is the drug, and the span keeps the original characters ------

DISGUISES = {
    "cyrillic-a": "n\u0430ltrexone",
    "zero-width": "nal\u200btrexone",
    "spaced": "n a l t r e x o n e",
    "dotted": "L.D.N",
    "leet": "n4ltrex0ne",
}


@pytest.fixture(scope="module")
def disguised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict]]]:
    root = tmp_path_factory.mktemp("evasion")
    paths = []
    for key, name in DISGUISES.items():
        for variant, (prefix, nl, bom) in {"plain": ("", "\n", b""),
                                           "mixed": ("Café 😀 中文 notes. ", "\r\n", b"\xef\xbb\xbf")}.items():
            p = root / f"{key}-{variant}.md"
            p.write_bytes(bom + f"# Reader mail{nl}{nl}{prefix}{name} cures depression.{nl}".encode())
            paths.append(p)
    return root, check_json(paths, root)


@pytest.mark.parametrize("variant", ["plain", "mixed"])
@pytest.mark.parametrize("key", list(DISGUISES))
def test_disguised_drug_name_is_recognised(disguised, key: str, variant: str) -> None:
    root, by_path = disguised
    name = DISGUISES[key]
    path = root / f"{key}-{variant}.md"
    findings = by_path[str(path)]
    lines = source_lines(path)
    line, col = planted_at(lines, name)
    assert findings, f"a draft that names the drug only as {name!r} must be in scope"
    assert_every_span_is_its_excerpt(lines, findings)

    claims = [f for f in findings if f["category"] == "unsupported-claim"]
    assert claims, f"{name!r} cures depression. is an unsupported claim"
    got = [span_text(lines, f) for f in claims]
    assert all(g in lines[line - 1] for g in got), got
    assert any(g.lower() == "cures" or f"{name.lower()} cures depression" in g.lower() for g in got), got
    caveats = [f for f in findings if f["category"] == "missing-caveat"]
    assert caveats
    for f in caveats:  # the drug mention, in its original (disguised) characters
        assert span_text(lines, f) == name
        assert (f["line"], f["column"], f["end_column"]) == (line, col, col + len(name))


# -- longer than spaCy's default max_length ----------------------------------------------------

def test_document_longer_than_spacy_max_length(tmp_path: Path) -> None:
    para = ("Naltrexone is a prescription medicine that blocks opioid receptors. People who take it should talk "
            "to their doctor or pharmacist first, and read the leaflet that comes with the tablets.")
    n = 1_100_000 // (len(para) + 2) + 1
    planted = f"Café 😀 中文 notes. {PLANTED}"
    paras = [para] * n
    paras.insert(n - 3, planted)
    text = "\n\n".join(paras) + "\n"
    assert len(text) > 1_000_000
    path = tmp_path / "long.md"
    path.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "nxlint", "check", "--format", "json", "--fail-on", "never",
                        "--select", "NX1", str(path)], cwd=tmp_path, capture_output=True, timeout=1800)
    assert r.returncode == 0, r.stderr.decode()
    payload = json.loads(r.stdout)
    assert not payload.get("errors")
    lines = source_lines(path)
    line, col = planted_at(lines, PLANTED)
    assert line > 10_000
    claims = [f for f in payload["findings"] if f["category"] == "unsupported-claim"]
    assert claims, "the claim near the end of a long document was not found"
    for f in claims:  # the benign paragraphs draw no claim findings; the planted one is exact
        assert f["line"] == f["end_line"] == line, f
        assert col <= f["column"] < f["end_column"] <= col + len(PLANTED)
        assert span_text(lines, f).lower().rstrip(".") in CLAIM_TEXTS


# -- a sales phrase on the second line of a wrapped sentence -----------------------------------

def test_sales_phrase_in_wrapped_sentence_starts_where_the_sentence_starts(tmp_path: Path) -> None:
    lines = ["Naltrexone blocks opioids. Curious whether LDN is right for you? Apex connects",
             "you with a provider online, and plans start at $39 a month.",
             "",
             "Our plans start at $39 a month.", ""]
    path = tmp_path / "show-notes.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    findings = [f for f in check_json([path], tmp_path)[str(path)] if f["category"] == "commercial"]
    assert_every_span_is_its_excerpt(lines, findings)
    wrapped = [f for f in findings if f["end_line"] == 2]
    assert wrapped, findings
    for f in wrapped:  # from "Apex" on line 1 (the sentence's start) to the price on line 2
        assert (f["line"], f["column"]) == (1, lines[0].index("Apex") + 1), f
        assert span_text(lines, f).endswith("$39"), span_text(lines, f)
    single = [f for f in findings if f["line"] == 4]
    assert single and all(span_text(lines, f) == "$39" for f in single if f["rule"] == "NX402"), single

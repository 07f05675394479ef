"""``nxlint report``: the HTML report is self-contained, shows what a compliance team
needs, and treats every piece of document text as text (checked in a real browser)."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.batch_corpus import make_corpus, nx, records

EVIL = (
    "# Offer\n\n"
    "LDN cures depression <script>document.title='PWNED'</script> and more.\n\n"
    "Naltrexone reverses fibromyalgia <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">.\n\n"
    "Low-dose naltrexone is a miracle cure, see [proof](javascript:document.title='PWNED2').\n"
)
EVIL_TXT = "Naltrexone cures long COVID <script>document.title='PWNED3'</script> guaranteed.\n"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scan of a small corpus with hostile drafts; returns the folder with results.jsonl."""
    root = tmp_path_factory.mktemp("scan")
    make_corpus(root / "docs", 6)
    (root / "docs" / "evil.md").write_text(EVIL, encoding="utf-8")
    (root / "docs" / "evil<b>name&x.txt").write_text(EVIL_TXT, encoding="utf-8")
    (root / "docs" / "broken.docx").write_bytes(b"not a docx")
    r = nx("check", "docs", "--format", "jsonl", "-o", "results.jsonl", "--jobs", "1", cwd=root)
    assert r.returncode == 2, r.stderr.decode()
    return root


@pytest.fixture(scope="module")
def report(scan: Path) -> Path:
    r = nx("report", "results.jsonl", "--format", "html", "-o", "report.html", cwd=scan)
    assert r.returncode == 0, r.stderr.decode()
    return scan / "report.html"


def test_everything_from_documents_is_escaped(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    assert "onerror=&quot;document.body.setAttribute" in page
    assert 'href="javascript' not in page.lower()
    assert "evil&lt;b&gt;name&amp;x.txt" in page
    # self-contained: no external assets, scripts forbidden outright
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "default-src 'none'" in page


def test_the_report_has_totals_chart_ranking_and_context(scan: Path, report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    for heading in ("Findings by category and severity", "Most frequent rules", "Documents by findings per 1,000 words",
                    "Findings per document"):
        assert heading in page
    assert "<svg" in page and "<rect" in page
    recs = records(scan / "results.jsonl")
    assert page.count('<section class=doc id="doc-') == len(recs)
    # the flagged text is highlighted inside its line, read from the source
    assert "<mark>" in page and "LDN cures depression" in page
    assert "not a valid .docx" in page
    # ranking: evil.md is short and full of findings, so it comes first
    ranking = page.split("Documents by findings per 1,000 words")[1]
    assert ranking.index("docs/evil") < ranking.index("docs/a/")


def test_excerpts_are_used_when_the_source_is_gone(scan: Path, tmp_path: Path) -> None:
    shutil.copy(scan / "results.jsonl", tmp_path / "results.jsonl")
    r = nx("report", "results.jsonl", "-o", "-", cwd=tmp_path)
    assert r.returncode == 0
    page = r.stdout.decode()
    assert "excerpts recorded by the scan are shown" in page and "<mark>" in page
    assert "<script" not in page.lower()


def test_csv_has_a_row_per_finding_and_defuses_formulas(scan: Path, tmp_path: Path) -> None:
    from nxlint.report.csv_report import cell

    r = nx("report", "results.jsonl", "--format", "csv", "-o", str(tmp_path / "r.csv"), cwd=scan)
    assert r.returncode == 0, r.stderr.decode()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    recs = records(scan / "results.jsonl")
    assert len([x for x in rows if x["status"] == "findings"]) == sum(len(x["findings"]) for x in recs)
    assert [x["path"] for x in rows if x["status"] == "failed"] == ["docs/broken.docx"]
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")" and cell("-5") == "'-5" and cell(3) == 3


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (Debian package 'chromium'; .ci/run "
                                               "installs it where apt is available)")
def test_the_report_renders_in_a_browser_and_no_draft_script_runs(report: Path, tmp_path: Path) -> None:
    base = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000"]
    url = report.resolve().as_uri()
    shot = tmp_path / "report.png"
    subprocess.run([*base, f"--screenshot={shot}", url], capture_output=True, timeout=90, check=False)
    assert shot.is_file() and shot.stat().st_size > 20_000  # a rendered page, not a blank one
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, timeout=90, check=False).stdout.decode()
    assert "Most frequent rules" in dom and "docs/evil.md" in dom  # the content rendered
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and title.group(1) == "nxlint report"  # no draft script set it
    assert "PWNED" not in title.group(1)
    assert not re.search(r"<body[^>]*data-pwned", dom)  # the onerror handler did not run
    assert "<script" not in dom.lower() and "<img" not in dom.lower()  # no element came from a draft
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom  # it is shown as text

"""Word documents in a batch scan: folders include ``*.docx``, and a finding's line is
the paragraph number (empty paragraphs counted), as docs/batch.md says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.batch_corpus import nx


def test_folder_scans_pick_up_docx_and_lines_are_paragraphs(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Our clinic", level=1)  # paragraph 1
    d.add_paragraph("We are a friendly team.")  # 2
    d.add_paragraph("")  # 3: empty paragraphs count
    d.add_paragraph("Low-dose naltrexone cures fibromyalgia.")  # 4
    (tmp_path / "docs").mkdir()
    d.save(str(tmp_path / "docs" / "brochure.docx"))
    (tmp_path / "docs" / "notes.md").write_text("Nothing to see here.\n", encoding="utf-8")
    r = nx("check", "docs", "--format", "json", "--jobs", "2", "--no-cache", cwd=tmp_path)
    data = json.loads(r.stdout)
    assert data["summary"]["files"] == 2, r.stderr.decode()
    claims = [f for f in data["findings"] if f["path"] == "docs/brochure.docx" and f["category"] == "unsupported-claim"]
    assert claims and {f["line"] for f in claims} == {4}
    cure = next(f for f in claims if "cures" in f["excerpt"])
    assert cure["column"] == 1 + "Low-dose naltrexone cures fibromyalgia.".index(cure["excerpt"])

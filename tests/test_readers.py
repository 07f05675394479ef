"""The readers keep one promise: an offset in ``doc.text`` is the same offset in
``doc.source``; non-prose is masked with spaces, never cut out."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nxlint.read import (
    DEFAULT_INCLUDE,
    BinaryFile,
    Document,
    ReadError,
    decode,
    format_for,
    read_bytes,
    read_path,
)
from nxlint.read import markdown as md_reader
from nxlint.read import text as text_reader

# helpers --------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, str):
        p.write_bytes(content.encode("utf-8"))
    else:
        p.write_bytes(content)
    return p


def span_of(doc: Document, word: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(word), doc.source)]
    assert len(starts) > nth, f"{word!r} not in source"
    return starts[nth], starts[nth] + len(word)


def assert_prose(doc: Document, *words: str) -> None:
    """Each word is kept in place: same characters at the same offsets."""
    for word in words:
        i, j = span_of(doc, word)
        assert doc.text[i:j] == doc.source[i:j], f"{word!r} was masked: {doc.text[i:j]!r}"


def assert_masked(doc: Document, *fragments: str) -> None:
    for frag in fragments:
        assert frag in doc.source
        assert frag not in doc.text, f"{frag!r} is still in the text"
        i, j = span_of(doc, frag)
        assert doc.text[i:j].strip() == "", f"{frag!r} not blanked: {doc.text[i:j]!r}"


def assert_invariant(doc: Document) -> None:
    assert len(doc.text) == len(doc.source)
    for i, (t, s) in enumerate(zip(doc.text, doc.source, strict=True)):
        if s == "\n":
            assert t == "\n", f"newline lost at {i}"
    for start, end in doc.blocks:
        assert 0 <= start < end <= len(doc.source)
    for h in doc.headings:
        assert h in doc.blocks


def block_texts(doc: Document) -> list[str]:
    return [doc.source[s:e] for s, e in doc.blocks]


def heading_texts(doc: Document) -> list[str]:
    return [doc.source[s:e] for s, e in doc.headings]


ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def masking_only_writes_spaces(doc: Document) -> None:
    """Every character of the text is its source character or a space, except inside an
    entity, which is decoded in place."""
    assert len(doc.text) == len(doc.source)
    decoded = {i for m in ENTITY.finditer(doc.source) for i in range(m.start(), m.end())}
    for i, c in enumerate(doc.text):
        if not c.isspace() and i not in decoded:
            assert c == doc.source[i], f"offset {i}: text {c!r} != source {doc.source[i]!r}"


# dispatch and decoding ------------------------------------------------------------


def test_format_for_and_include() -> None:
    assert format_for("a/b.MD") == "markdown"
    assert format_for("a.htm") == "html"
    assert format_for("a.docx") == "docx"
    assert format_for("notes") == "text"
    assert "*.md" in DEFAULT_INCLUDE and "*.docx" in DEFAULT_INCLUDE


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("md", "md"), ("markdown", "md"), (".md", "md"), ("html", "html"), ("htm", "html"), ("HTML", "html"),
     ("txt", "txt"), ("text", "txt"), (None, "txt")],
)
def test_read_bytes_dispatch(fmt: str | None, expected: str) -> None:
    doc = read_bytes(b"# Hello\n\nWorld.\n", "-", fmt)
    assert doc.format == expected


def test_unknown_format_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="unknown format 'rtf'"):
        read_bytes(b"x", "a.rtf", "rtf")


def test_bom_is_removed() -> None:
    doc = read_bytes("Naltrexone blocks opioids.".encode("utf-8-sig"), "a.txt")
    assert doc.source.startswith("Naltrexone")
    assert doc.position(0) == (1, 1)
    doc = read_bytes(b"\xef\xbb\xbf# Title\n\nNaltrexone works.\n", "a.md")
    assert heading_texts(doc) == ["Title"]
    assert_prose(doc, "Naltrexone")


def test_utf16_with_bom_is_text() -> None:
    doc = read_bytes("Naltrexone blocks opioids.".encode("utf-16"), "a.txt")
    assert doc.source == "Naltrexone blocks opioids."


def test_binary_file(tmp_path: Path) -> None:
    p = write(tmp_path, "img.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryFile, match="img.md"):
        read_path(p)


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    p = write(tmp_path, "bad.txt", b"caf\xe9 naltrexone\n")
    doc = read_path(p)
    assert doc.source == "caf\ufffd naltrexone\n"
    assert len(doc.warnings) == 1 and "bad.txt" in doc.warnings[0] and "UTF-8" in doc.warnings[0]
    text, warnings = decode(b"ok", "x")
    assert (text, warnings) == ("ok", [])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_path(tmp_path / "nope.md")
    with pytest.raises(ReadError, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize("name", ["e.md", "e.txt", "e.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    doc = read_path(write(tmp_path, name, b""))
    assert doc.source == doc.text == ""
    assert doc.blocks == [] and doc.headings == [] and doc.links == [] and doc.comments == []
    assert doc.position(0) == (1, 1)


@pytest.mark.parametrize("name", ["big.md", "big.txt", "big.html"])
def test_200k_single_line(tmp_path: Path, name: str) -> None:
    sentence = "Naltrexone may reduce cravings in some adults [3]. "
    body = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    doc = read_path(write(tmp_path, name, body))
    assert len(doc.text) == len(doc.source) == 200_000
    assert doc.text.count("Naltrexone") == body.count("Naltrexone")
    assert len(doc.blocks) == 1
    assert doc.position(199_999) == (1, 200_000)


@pytest.mark.parametrize("name", ["m.md", "m.txt", "m.html"])
def test_multibyte_characters_keep_columns(tmp_path: Path, name: str) -> None:
    src = "Intro line.\n\nCafé 😀 中文 naltrexone helps.\n"
    doc = read_path(write(tmp_path, name, src))
    i, j = span_of(doc, "naltrexone")
    assert doc.text[i:j] == "naltrexone"
    # columns count characters: "Café 😀 中文 " is 10 characters
    assert doc.position(i) == (3, 11)
    assert doc.position(j) == (3, 21)


@pytest.mark.parametrize("name", ["c.md", "c.txt", "c.html"])
def test_crlf(tmp_path: Path, name: str) -> None:
    src = "First paragraph here.\r\n\r\nSecond paragraph\r\nwraps here.\r\n"
    doc = read_path(write(tmp_path, name, src))
    assert "\r" in doc.source and "\r" not in doc.text
    assert_invariant(doc)
    assert_prose(doc, "First", "Second", "wraps")
    i, _ = span_of(doc, "wraps")
    assert doc.position(i) == (4, 1)
    # a blank line is a paragraph break in text and Markdown, not in HTML
    assert len(doc.blocks) == (1 if name.endswith(".html") else 2)


# markdown ---------------------------------------------------------------------------

MARKDOWN = """\
---
title: Front matter secret
tags: [hidden]
---
# Naltrexone basics ##

Naltrexone is an *opioid antagonist* with `inline code` inside,
and a hard-wrapped second line with **bold** text [3].

> Quoted prose stays [^1].
> Second quoted line.

- First bullet item
- Second bullet with [link text](https://example.com/study "Title") here
1. Numbered item

| Drug | Use |
|------|-----|
| LDN  | Pain \\| fatigue |

<!-- nxlint-disable-next-line NX101 -->
Paragraph after comment with <span class="x">inner words</span> and <https://auto.example.org/x>.

<div class="callout">
Block html prose &middot; here.
</div>

```python
fenced_secret = 1
```

    indented_secret = 2

See https://bare.example.net/path and ![alt words](pic.png) and [1, 2] plus [4](https://pubmed.gov/4).

Setext heading
--------------

## References

[^1]: Footnote definition text.
"""


@pytest.fixture()
def md_doc(tmp_path: Path) -> Document:
    return read_path(write(tmp_path, "draft.md", MARKDOWN))


def test_markdown_prose_kept(md_doc: Document) -> None:
    assert md_doc.format == "md"
    assert_invariant(md_doc)
    masking_only_writes_spaces(md_doc)
    assert_prose(md_doc, "Naltrexone is an", "opioid antagonist", "hard-wrapped second line", "bold", "Quoted prose",
                 "First bullet item", "link text", "Numbered item", "Drug", "Pain", "fatigue", "LDN",
                 "inner words", "Block html prose", "Setext heading", "References", "Footnote definition text")


def test_markdown_masks_non_prose(md_doc: Document) -> None:
    assert_masked(md_doc, "Front matter secret", "tags: [hidden]", "inline code", "fenced_secret", "indented_secret",
                  "https://example.com/study", '"Title"', "nxlint-disable-next-line", '<span class="x">', "</span>",
                  "https://auto.example.org/x", "https://bare.example.net/path", "alt words", "pic.png",
                  "<div", "https://pubmed.gov/4")
    i, j = span_of(md_doc, "&middot;")
    assert md_doc.text[i:j] == "·" + " " * 7  # an entity in a raw HTML block is decoded in place
    # markup characters are not words
    for line in md_doc.text.splitlines():
        stripped = line.strip()
        assert not stripped.startswith(("#", "- ", "1.", ">", "|")), line
    assert "*" not in md_doc.text and "`" not in md_doc.text


def test_markdown_keeps_citation_markers(md_doc: Document) -> None:
    assert_prose(md_doc, "[3]", "[^1]", "[1, 2]", "[4]")
    assert "[^1]" in md_doc.text[md_doc.source.index("[^1]:"):]


def test_markdown_blocks_and_headings(md_doc: Document) -> None:
    blocks = block_texts(md_doc)
    assert heading_texts(md_doc) == ["Naltrexone basics", "Setext heading", "References"]
    # the hard-wrapped paragraph is one block
    assert any(b.startswith("Naltrexone is an") and b.endswith("[3].") for b in blocks)
    assert "Quoted prose stays [^1].\n> Second quoted line." in blocks
    assert "First bullet item" in blocks and "Numbered item" in blocks
    assert "Drug" in blocks and "Use" in blocks and "LDN" in blocks and "Pain \\| fatigue" in blocks
    assert "Block html prose &middot; here." in blocks
    assert "[^1]: Footnote definition text." in blocks
    assert not any("fenced_secret" in b or "Front matter" in b for b in blocks)
    # blocks never overlap
    ordered = sorted(md_doc.blocks)
    assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:], strict=False))


def test_markdown_links_and_comments(md_doc: Document) -> None:
    links = {link.url: md_doc.source[link.start:link.end] for link in md_doc.links}
    assert links["https://example.com/study"] == '[link text](https://example.com/study "Title")'
    assert links["https://auto.example.org/x"] == "<https://auto.example.org/x>"
    assert links["https://bare.example.net/path"] == "https://bare.example.net/path"
    assert links["https://pubmed.gov/4"] == "[4](https://pubmed.gov/4)"
    assert [c.body for c in md_doc.comments] == ["nxlint-disable-next-line NX101"]
    c = md_doc.comments[0]
    assert md_doc.source[c.start:c.end] == "<!-- nxlint-disable-next-line NX101 -->"
    assert md_doc.position(c.start) == (21, 1)


def test_markdown_reference_links_and_escapes() -> None:
    src = "Studies [3] show \\*this\\* and [a ref][r] too.\n\n[3]: https://ref.example/3\n[r]: https://ref.example/r\n"
    doc = md_reader.read(src, "x.md")
    masking_only_writes_spaces(doc)
    assert_prose(doc, "[3]", "this", "a ref", "too.")
    assert_masked(doc, "[r]: https://ref.example/r", "\\")
    assert {link.url for link in doc.links} == {"https://ref.example/3", "https://ref.example/r"}
    assert block_texts(doc) == ["Studies [3] show \\*this\\* and [a ref][r] too."]


def test_markdown_toml_front_matter_and_nested_containers() -> None:
    src = "+++\ntitle = 'hidden toml'\n+++\n\n> - quoted list item\n>   wraps on\n\n1. one\n\n   second para of one\n"
    doc = md_reader.read(src, "x.md")
    assert_masked(doc, "hidden toml")
    assert block_texts(doc) == ["quoted list item\n>   wraps on", "one", "second para of one"]
    assert ">" not in doc.text


def test_markdown_html_comment_block_multiline() -> None:
    src = "Intro text.\n\n<!--\nnxlint-disable NX101\n-->\n\nOutro text.\n"
    doc = md_reader.read(src, "x.md")
    assert [c.body for c in doc.comments] == ["nxlint-disable NX101"]
    assert_masked(doc, "nxlint-disable NX101")
    assert block_texts(doc) == ["Intro text.", "Outro text."]


def test_markdown_tabs_and_entities() -> None:
    src = "-\tTabbed item\n\tcontinued\n\nAT&amp;T &copy; text\n"
    doc = md_reader.read(src, "x.md")
    masking_only_writes_spaces(doc)
    assert_prose(doc, "Tabbed item", "continued", "AT", "text")
    i, j = span_of(doc, "&amp;")
    assert doc.text[i:j] == "&    "  # decoded in place, as in HTML
    i, j = span_of(doc, "&copy;")
    assert doc.text[i:j] == "©     "


def test_markdown_entity_inside_a_word_keeps_the_word_whole() -> None:
    """"(R&ouml;sner et al., 2010)" must read as an author-year citation in Markdown too,
    in a paragraph and in a raw HTML block."""
    doc = md_reader.read("It helps (R&ouml;sner et al., 2010).\n\n<p>Also R&ouml;sner.</p>\n", "x.md")
    for k in (0, 1):
        i = [m.start() for m in re.finditer("R&ouml;sner", doc.source)][k]
        assert doc.text[i:i + 11].replace("\u200b", "") == "R\u00f6sner"


markdownish = st.lists(
    st.sampled_from([
        "# ", "## ", "- ", "1. ", "> ", "*", "**", "_", "`", "```", "    ", "\t", "\n", "\n\n", "\r\n", "[", "]",
        "(", ")", "<", ">", "!", "|", "---", "+++", "&amp;", "&", ";", "\\", "[^1]", "[3]", ": ", "http://x.io/a",
        "<!--", "-->", "<div>", "</div>", "<b>", "Naltrexone", "may help", "é", "😀", "中文", " ", ".", "word",
    ]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish)
def test_markdown_property_masking_only_writes_spaces(src: str) -> None:
    doc = md_reader.read(src, "p.md")
    masking_only_writes_spaces(doc)
    assert_invariant(doc)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_text_property_masking_only_writes_spaces(src: str) -> None:
    doc = text_reader.read(src, "p.txt")
    masking_only_writes_spaces(doc)
    assert_invariant(doc)


# html -------------------------------------------------------------------------------

HTML = """\
<!DOCTYPE html>
<html>
<head>
  <title>Head title secret</title>
  <meta name="description" content="meta secret">
  <style>p.secret { color: red; }</style>
  <script>var scriptSecret = "a < b";</script>
</head>
<body>
Loose body text.
<h1 class="hero">Naltrexone &amp; you</h1>
<p>It blocks opioids&middot;really &#8212; read <a href="https://pubmed.gov/1"
  title="attr secret">the study</a>.<br>After break</p>
<!-- nxlint-disable-next-line NX101 -->
<div>Div prose <em>emphasised</em> words</div>
<div>Outer words <p>Inner para</p> tail words</div>
<ul><li>Item one<li>Item two</ul>
<table><tr><th>Head cell</th><td>Data cell</td></tr></table>
<h2>References</h2>
<pre>pre_secret()</pre><code>code_secret</code> R&D stays &#x41;
</body>
</html>
"""


@pytest.fixture()
def html_doc(tmp_path: Path) -> Document:
    return read_path(write(tmp_path, "page.html", HTML))


def test_html_prose_and_masking(html_doc: Document) -> None:
    assert html_doc.format == "html"
    assert_invariant(html_doc)
    assert_prose(html_doc, "Loose body text.", "Naltrexone", "It blocks opioids", "the study", "After break",
                 "Div prose", "emphasised", "Outer words", "Inner para", "Item one", "Head cell", "Data cell",
                 "References", "R&D stays")
    assert_masked(html_doc, "Head title secret", "meta secret", "p.secret", "scriptSecret", "<!DOCTYPE html>",
                  'class="hero"', "https://pubmed.gov/1", "attr secret", "<br>", "nxlint-disable-next-line",
                  "pre_secret", "code_secret", "<li>", "</p>")


def test_html_entities_decode_in_place(html_doc: Document) -> None:
    i, j = span_of(html_doc, "&middot;")
    assert html_doc.text[i:j] == "·" + " " * 7
    i, j = span_of(html_doc, "&amp;")
    assert html_doc.text[i:j] == "&    "
    i, j = span_of(html_doc, "&#8212;")
    assert html_doc.text[i:j] == "—" + " " * 6
    i, j = span_of(html_doc, "&#x41;")
    assert html_doc.text[i:j] == "A     "
    # the word after an entity keeps its offset
    i, _ = span_of(html_doc, "really")
    assert html_doc.text[i:i + 6] == "really"


def test_html_entity_inside_a_word_keeps_the_word_whole() -> None:
    """"(R&ouml;sner et al., 2010)" must still read as an author-year citation."""
    doc = read_bytes(b"<p>It helps (R&ouml;sner et al., 2010).</p>", "page.html")
    i, j = span_of(doc, "R&ouml;sner")
    assert doc.text[i:j].replace("\u200b", "") == "R\u00f6sner"
    assert len(doc.text) == len(doc.source)


def test_html_blocks_headings_links_comments(html_doc: Document) -> None:
    blocks = block_texts(html_doc)
    assert blocks[0] == "Loose body text."
    assert heading_texts(html_doc) == ["Naltrexone &amp; you", "References"]
    # <br> and inline elements split nothing
    assert any(b.startswith("It blocks") and b.endswith("After break") for b in blocks)
    assert "Div prose <em>emphasised</em> words" in blocks
    # a div with block children: its own text around them forms separate blocks
    assert "Outer words" in blocks and "Inner para" in blocks and "tail words" in blocks
    assert "Item one" in blocks and "Item two" in blocks
    assert "Head cell" in blocks and "Data cell" in blocks
    assert not any("secret" in html_doc.text[s:e] for s, e in html_doc.blocks)
    (link,) = html_doc.links
    assert link.url == "https://pubmed.gov/1"
    assert html_doc.source[link.start:link.end].startswith('<a href="https://pubmed.gov/1"')
    assert html_doc.source[link.start:link.end].endswith("the study</a>")
    (comment,) = html_doc.comments
    assert comment.body == "nxlint-disable-next-line NX101"
    assert html_doc.source[comment.start:comment.end] == "<!-- nxlint-disable-next-line NX101 -->"


def test_html_fragment_and_unclosed_tags() -> None:
    doc = read_bytes(b"<p>One <b>bold\n<p>Two https://x.example/p &bogus; end", "f.html")
    assert block_texts(doc)[0] == "One <b>bold"
    assert_prose(doc, "Two", "&bogus;", "end")
    assert [link.url for link in doc.links] == ["https://x.example/p"]


@pytest.mark.parametrize("name", ["t.html", "t.md"])
def test_html_table_cells_know_their_row_and_column(name: str) -> None:
    """A cell on a line of its own still knows its place, so a rule can read its row label."""
    src = ("<table>\n<tr><th>Option</th><th>Controlled?</th></tr>\n<tr>\n<td>LDN</td>\n"
           "<td colspan=\"2\">Yes</td>\n<td>Wide</td>\n</tr>\n</table>\n")
    doc = read_bytes(src.encode(), name)
    cells = [(doc.source[c.start:c.end], c.table, c.row, c.col) for c in doc.cells]
    assert cells == [("Option", 0, 0, 0), ("Controlled?", 0, 0, 1), ("LDN", 0, 1, 0), ("Yes", 0, 1, 1),
                     ("Wide", 0, 1, 3)]



@pytest.mark.parametrize("layout", [
    "Drug                | FDA-approved for AUD? | Note\n"
    "--------------------|-----------------------|-----------\n"
    "Naltrexone tablets  | Yes                   | 50 mg daily\n"
    "Low-dose naltrexone | Yes                   | Proven\n",
    "DRUG                 FDA-APPROVED FOR AUD?  NOTE\n"
    "-------------------  ---------------------  ------\n"
    "Naltrexone tablets   Yes                    50 mg daily\n"
    "Low-dose naltrexone  Yes                    Proven, a cure for spilling over its column\n",
])
def test_plain_text_tables_are_read_cell_by_cell(layout: str, linter) -> None:
    """A pipe table or space-aligned columns under a dashed rule are cells, as in HTML: the
    row's "Yes" under the approval column is checked against the row's drug."""
    doc = read_bytes(("Medication chart\n\n" + layout + "\nAsk your doctor.\n").encode(), "chart.txt")
    cells = {(c.row, c.col): doc.source[c.start:c.end] for c in doc.cells}
    assert cells[(0, 1)].upper() == "FDA-APPROVED FOR AUD?"
    assert cells[(2, 0)] == "Low-dose naltrexone" and cells[(2, 1)] == "Yes"
    assert cells[(2, 2)].startswith("Proven")
    assert "|" not in doc.text and "---" not in doc.text  # borders and rules are not prose
    assert "Ask your doctor." in block_texts(doc)
    found = linter.lint_bytes(doc.source.encode(), "chart.txt").findings
    approval = [(f.line, f.excerpt) for f in found if f.rule == "NX501"]
    assert approval == [(6, "Yes")]  # the LDN row only: tablets are approved for alcohol


def test_rows_fenced_by_bars_are_a_table_without_a_rule(linter) -> None:
    """A slide exported as text keeps its table's rows fenced by "|" but drops the "---" line:
    the first row heads the columns, and each year is checked against its row's use."""
    layout = ("Slide 4 - Vivitrol approval history\n"
              "| Indication | FDA approval |\n"
              "| Alcohol dependence | 2006 |\n"
              "| Opioid dependence (relapse prevention) | 2008 |\n")
    doc = read_bytes(("Vivitrol is a monthly shot.\n\n" + layout + "\nAsk your doctor.\n").encode(), "deck.txt")
    cells = {(c.row, c.col): doc.source[c.start:c.end] for c in doc.cells}
    assert cells[(0, 1)] == "FDA approval" and cells[(2, 1)] == "2008"
    assert "|" not in doc.text
    found = linter.lint_bytes(doc.source.encode(), "deck.txt").findings
    assert [(f.line, f.excerpt) for f in found if f.rule == "NX501"] == [(6, "2008")]  # 2006 is right for alcohol
    ragged = read_bytes(b"| Home | Shop |\n| Naltrexone news |\n", "menu.txt")
    assert ragged.cells == []  # rows must agree on their cells


def test_rows_with_bars_between_cells_are_a_table_without_a_rule(linter) -> None:
    """A student's study sheet types "|" between its cells but not at the ends, with single
    spaces beside the bars: rows whose bars stand at the same places are a table, and a year
    under "yr" is read as the approval year the line above the table names."""
    layout = ("APPROVAL YEARS (prof said know these!!)\n"
              "drug          | yr   | for\n"
              "naltrexone PO | 1984 | opioid dep (EtOH added ~1994)\n"
              "Vivitrol      | 2006 | EtOH, then 2010 opioid relapse prev\n"
              "Contrave      | 2012 | chronic wt mgmt\n")
    doc = read_bytes(("Opioid antagonists review\n\n" + layout).encode(), "notes.txt")
    cells = {(c.row, c.col): doc.source[c.start:c.end] for c in doc.cells}
    assert cells[(0, 1)] == "yr" and cells[(3, 0)] == "Contrave" and cells[(3, 1)] == "2012"
    found = linter.lint_bytes(doc.source.encode(), "notes.txt").findings
    assert [(f.line, f.excerpt) for f in found if f.rule == "NX501"] == [(7, "2012")]  # Contrave: 2014
    staggered = read_bytes(b"Naltrexone | the basics\nSide effects | nausea\nCost | ask your pharmacy\n", "faq.txt")
    assert staggered.cells == []  # bars at different places are prose, not columns


def test_columns_typed_with_the_space_bar_are_a_table_without_a_rule(linter) -> None:
    """A comparison typed with spaces and no dashed rule: a header of three or more columns
    over rows that start a piece at each column's edge is a table, so a row's "about one
    week" under "How long it lasts" is read as how long that row's Vivitrol works."""
    layout = ("Medicine      Form                  How long it lasts\n"
              "Naloxone      nasal spray, shot     30-90 minutes\n"
              "Naltrexone    50 mg tablet          about 24 hours\n"
              "Vivitrol      380 mg injection      about one week\n")
    doc = read_bytes(("Quick comparison of naltrexone and naloxone\n\n" + layout + "\nAsk your doctor.\n").encode(),
                     "chart.txt")
    cells = {(c.row, c.col): doc.source[c.start:c.end] for c in doc.cells}
    assert cells[(0, 2)] == "How long it lasts" and cells[(3, 0)] == "Vivitrol"
    assert cells[(1, 1)] == "nasal spray, shot" and cells[(3, 2)] == "about one week"
    found = linter.lint_bytes(doc.source.encode(), "chart.txt").findings
    assert [(f.line, f.excerpt) for f in found if f.rule == "NX503"] == [(6, "about one week")]
    barred = ("  Drug          | Naloxone (Narcan)            | Naltrexone (ReVia)\n"
              "  Class         | pure opioid antagonist       | opioid antagonist\n"
              "  Used for      | reversing opioid overdose    | relapse prevention\n")
    doc = read_bytes(("EMS memo on naltrexone\n\n" + barred).encode(), "memo.txt")
    cells = {(c.row, c.col): doc.source[c.start:c.end] for c in doc.cells}
    assert cells[(0, 1)] == "Naloxone (Narcan)" and "|" not in doc.text  # bars between columns are borders
    found = linter.lint_bytes(doc.source.encode(), "memo.txt").findings
    assert not [f for f in found if f.rule == "NX505"]  # naloxone's column reverses overdoses
    prose = read_bytes(b"Naltrexone  is a pill.  It blocks opioids.\nTake it  daily with food  or water.\n"
                       b"Ask your  doctor first  about it.\n", "note.txt")
    assert prose.cells == []  # double spaces that do not line up are not columns


def test_a_listing_marked_with_chevrons_is_one_item_per_product() -> None:
    """A vendor page marks each product with ">>" and wraps its description under it: each
    product is an item of its own, so a finding points at that product's line; an e-mail's
    quoted ">>" lines with no price stay one paragraph."""
    listing = read_bytes(b"--- LISTINGS ---\n>> NALTREXONE 50mg - 30 tabs ...... $58\n   ships from EU warehouse\n"
                         b">> LDN 4.5mg caps - 60 ct ....... $45\n   same as ur doctor gives.\n", "shop.txt")
    assert [t for t in block_texts(listing) if t.startswith(("NALTREXONE", "LDN"))] == [
        "NALTREXONE 50mg - 30 tabs ...... $58\n   ships from EU warehouse",
        "LDN 4.5mg caps - 60 ct ....... $45\n   same as ur doctor gives."]
    quoted = read_bytes(b"On Monday Dana wrote:\n>> I started naltrexone last week and\n"
                        b">> the cravings are a bit lower.\n", "reply.txt")
    assert not any(t.startswith("the cravings") for t in block_texts(quoted))


def test_a_line_with_a_bar_is_not_a_table() -> None:
    doc = read_bytes(b"Home | Shop | About\n\nNaltrexone | Pharmacy news\n-- posted by admin\n", "page.txt")
    assert doc.cells == []
    assert "Home | Shop | About" in block_texts(doc)

# plain text -------------------------------------------------------------------------

TEXT = """\
Naltrexone Guide

Side effects
Naltrexone can cause nausea and headache in some patients who take it every day.

This paragraph is hard wrapped and
continues on the next line without
final punctuation at line ends.

- First item that wraps
  onto a second line
- Second item
1. Numbered item
# nxlint: disable=NX101
See https://pubmed.gov/123 for details.

References:
1. Smith J. A study. 2020.
2. Doe K. Another study. 2021.

Underlined Title
================
Body text.
"""


def test_text_reader(tmp_path: Path) -> None:
    doc = read_path(write(tmp_path, "draft.txt", TEXT))
    assert doc.format == "txt"
    assert_invariant(doc)
    masking_only_writes_spaces(doc)
    assert heading_texts(doc) == ["Naltrexone Guide", "Side effects", "References:", "Underlined Title"]
    blocks = block_texts(doc)
    assert "This paragraph is hard wrapped and\ncontinues on the next line without\nfinal punctuation at line ends." \
        in blocks
    assert "First item that wraps\n  onto a second line" in blocks
    assert "Second item" in blocks and "Numbered item" in blocks
    assert "Smith J. A study. 2020." in blocks and "Doe K. Another study. 2021." in blocks
    assert_masked(doc, "https://pubmed.gov/123", "nxlint: disable=NX101", "=====")
    assert [c.body for c in doc.comments] == ["nxlint: disable=NX101"]
    assert [link.url for link in doc.links] == ["https://pubmed.gov/123"]
    assert not any(line.lstrip().startswith(("- ", "1.")) for line in doc.text.splitlines())


def test_text_one_paragraph_per_line() -> None:
    line = "Naltrexone is an opioid antagonist that is used for alcohol use disorder and opioid use disorder."
    src = "\n".join([line + " It helps some people.", line + " It needs a detox first.", "Short closing line"])
    doc = text_reader.read(src, "x.txt")
    assert len(doc.blocks) == 3
    assert block_texts(doc)[2] == "Short closing line"


def test_text_unpunctuated_lines_are_utterances_but_wrapped_prose_is_one_paragraph() -> None:
    # a voice-note transcript: one utterance a line, no full stops, lines that leave room
    # for the next word; each line is its own block, so a claim is reported on its own line
    spoken = ("hey it's me, sorry I missed your call, I'm in the car park at work so this is gonna be quick\n"
              "so about your brother and the shot thing\n"
              "it makes it impossible to relapse, that's the whole point\n"
              "my cousin was on it for a year and never touched pills again\n")
    doc = text_reader.read(spoken, "x.txt")
    assert block_texts(doc) == [ln for ln in spoken.splitlines()]
    # the same words wrapped by an editor at a fixed width stay one paragraph
    wrapped = "\n".join(textwrap.wrap(spoken.replace("\n", " "), 60))
    doc = text_reader.read(wrapped, "x.txt")
    assert len(doc.blocks) == 1

# docx -------------------------------------------------------------------------------


def _make_docx(path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (the optional 'docx' extra) is not installed")
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_heading("Naltrexone basics", level=1)
    p = d.add_paragraph("LDN may help some people, says ")
    rid = p.part.relate_to("https://pubmed.gov/9", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "this study"
    run.append(t)
    link.append(run)
    p._p.append(link)
    p.add_run(".")
    d.add_paragraph("")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell one"
    table.cell(0, 1).text = "Cell two"
    d.add_paragraph("After the table, see https://bare.example.org/x now.")
    d.add_paragraph("# nxlint: disable=NX101")
    d.add_heading("References", level=2)
    d.save(str(path))


def test_docx_reader(tmp_path: Path) -> None:
    path = tmp_path / "draft.docx"
    _make_docx(path)
    doc = read_path(path)
    assert doc.format == "docx"
    assert_invariant(doc)
    lines = doc.source.split("\n")
    assert lines == ["Naltrexone basics", "LDN may help some people, says this study.", "", "Cell one", "Cell two",
                     "After the table, see https://bare.example.org/x now.", "# nxlint: disable=NX101",
                     "References"]
    assert heading_texts(doc) == ["Naltrexone basics", "References"]
    assert "Cell one" in block_texts(doc) and "" not in block_texts(doc)
    links = {link.url: doc.source[link.start:link.end] for link in doc.links}
    assert links == {"https://pubmed.gov/9": "this study", "https://bare.example.org/x": "https://bare.example.org/x"}
    assert_prose(doc, "this study", "After the table")
    assert_masked(doc, "https://bare.example.org/x", "nxlint: disable")
    assert [c.body for c in doc.comments] == ["nxlint: disable=NX101"]
    i, _ = span_of(doc, "Cell two")
    assert doc.position(i) == (5, 1)


def test_docx_corrupt(tmp_path: Path) -> None:
    pytest.importorskip("docx", reason="python-docx (the optional 'docx' extra) is not installed")
    p = write(tmp_path, "broken.docx", b"PK\x03\x04 this is not a zip")
    with pytest.raises(ReadError, match=r"broken\.docx: not a valid \.docx file \("):
        read_path(p)


def test_text_mail_header_addresses_are_not_prose() -> None:
    src = "From: Shop <sales@shop.example>\nTo: you@example.org\nSubject: LDN news\n\nNaltrexone helps.\n"
    doc = text_reader.read(src, "mail.txt")
    assert "sales@shop.example" not in doc.text and "you@example.org" not in doc.text
    assert "Subject: LDN news" in doc.text  # the writer's words stay
    body = "Hello,\n\nFrom: our clinic, with care.\n"
    assert text_reader.read(body, "letter.txt").text == body  # not a header block: nothing masked


def test_markdown_keeps_footnote_definitions_nothing_cites() -> None:
    src = "LDN helps.[^1]\n\n[^1]: Younger J. 2014.\n[^2]: Parker CE. 2018.\n"
    doc = md_reader.read(src, "draft.md")
    assert "Parker CE. 2018." in doc.text
    line2 = src.index("[^2]")
    assert any(s <= line2 + 6 < e for s, e in doc.blocks)


def test_a_chat_export_is_one_block_per_message() -> None:
    src = ("[14/03/2025, 21:18:20] Sam: it's off-label at that dose\n"
           "[14/03/2025, 21:18:51] Marco: it's basically naloxone just in a daily pill\n"
           "and it lasts longer\n"
           "3/14/25, 9:20 PM - Dana: nope, different drug\n")
    doc = text_reader.read(src, "chat.txt")
    texts = [src[a:b] for a, b in doc.blocks]
    assert len(texts) == 3
    assert texts[1].endswith("and it lasts longer")  # a wrapped message stays whole
    assert texts[2].startswith("3/14/25, 9:20 PM - Dana")


@pytest.mark.parametrize("src", [
    ("[10:10] Customer: can i just buy it here without a script\n"
     "[10:11] Pip: Naltrexone requires a valid prescription, so we can't sell it without one.\n"),
    ("[21:11:48] hexbolt_: the monthly shot keeps like 36% of ppl clean\n"
     "[21:12:20] KaelaPlays (streamer): ^ that's the vivitrol one, i just do pills\n"),
    ("[06/02 07:30] Bree: my doc said the same. Talk to your doctor before starting anything\n"
     "[06/02 07:31] Jen R: also if you take any opioid pain pills you can't just start it\n"),
    ("[19:04] <ravenwing> LDN cured my thyroid, no joke\n"
     "[19:05] <mossy_fern> wait is that real\n"),
    ("Kat: ok so the nurse called back. he needs bloodwork first to check his liver\n"
     "Sam: makes sense\n"
     "Kat: he has to be off the oxy for 7-10 days before he starts naltrexone\n"),
])
def test_a_transcript_is_one_block_per_turn(src: str) -> None:
    """Turns with a time, a speaker with a role in brackets, or only "Name:" on each line
    are separate blocks, so one turn's sentence does not run on into the next."""
    doc = text_reader.read(src, "transcript.txt")
    assert [src[a:b] for a, b in doc.blocks] == [line for line in src.splitlines()]


@pytest.mark.parametrize("byline", ["dana.k  7:42 AM", "priya (PT)  7:51 AM", "sober_sam_22 · 3d",
                                    "Post by Kayla Brennan · 3h"])
def test_a_byline_is_a_block_of_its_own(byline: str) -> None:
    """A comment's byline does not run into the comment under it, so what the comment says is
    reported at its own line."""
    src = f"{byline}\nLDN is basically an anti-inflammatory miracle\n"
    doc = text_reader.read(src, "thread.txt")
    assert [src[a:b] for a, b in doc.blocks] == [byline, "LDN is basically an anti-inflammatory miracle"]


def test_a_single_label_line_is_not_a_transcript() -> None:
    src = "Note: naltrexone is taken once a day\nand it blocks opioids for about a day.\n"
    doc = text_reader.read(src, "note.txt")
    assert len(doc.blocks) == 1


@pytest.mark.parametrize(("label", "entries"), [
    ("SOURCES", ["[1] Younger J, Noor N, McCue R. Low-dose naltrexone for fibromyalgia. Arthritis Rheum. 2013.",
                 "[2] Parker CE, et al. Low dose naltrexone for Crohn's disease. Cochrane Database Syst Rev. 2018."]),
    ("WHAT MEMBERS SAY", ["\"I went from a bottle of wine a night to two glasses on Saturdays.\" (Jess, 41)",
                          "\"Honestly the easiest thing I've done for my health.\" (Marcus, 36)"]),
])
def test_a_capitalised_label_above_entries_or_quotes_is_a_heading(label: str, entries: list[str]) -> None:
    src = "\n".join(["Naltrexone at a tiny dose is LDN, and a small trial showed less pain.", "", label, *entries, ""])
    doc = text_reader.read(src, "description.txt")
    assert label in [src[a:b] for a, b in doc.headings]
    assert any(src[a:b].startswith(entries[0][:12]) for a, b in doc.blocks)  # the first entry is not glued to it


def test_a_talk_page_reply_indent_is_markup() -> None:
    """'::' opens a reply on a wiki talk page; left in, its colons cut a sentence in two."""
    src = "Proposed text.\n::no LDN product is\n::FDA-approved for fibromyalgia.\n"
    doc = text_reader.read(src, "talk.txt")
    masking_only_writes_spaces(doc)
    assert_masked(doc, "::")
    assert_prose(doc, "no LDN product is", "FDA-approved for fibromyalgia.")


def test_a_label_line_over_a_row_of_numbers_is_a_heading() -> None:
    """"Pricing" over "30 tablets $39 | ..." heads the price list; glued to it, the prices
    would read as part of a sentence and lose the heading that marks them as offers."""
    src = "Naltrexone 50 mg tablets, shipped fast.\n\nPricing\n30 tablets $39 | 60 tablets $69 | 90 tablets $95\n"
    doc = text_reader.read(src, "listing.txt")
    assert "Pricing" in [src[a:b] for a, b in doc.headings]


def test_thread_post_numbers_start_items_of_their_own() -> None:
    """A caption thread numbers its posts ("[4/9] ...", "5/ ..."); without punctuation at
    the line ends they would otherwise run together into one sentence."""
    src = "[1/3] it's LDN, low dose naltrexone\n[2/3] LDN melts belly fat\n3/ talk to your doctor first\n"
    doc = text_reader.read(src, "thread.txt")
    assert [src[a:b] for a, b in doc.blocks] == ["it's LDN, low dose naltrexone", "LDN melts belly fat",
                                                  "talk to your doctor first"]
    assert_masked(doc, "[1/3]")

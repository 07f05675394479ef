"""HTML: only the text between tags is prose.

Tags, attribute values, comments and the contents of ``<head>``, ``<script>``,
``<style>``, ``<code>``/``<pre>`` and friends are masked. Entities are decoded *in
place*: ``&middot;`` becomes ``·`` followed by seven spaces, so offsets still match the
source. Block-level elements delimit blocks; inline elements (``a``, ``em``, ``span``,
``br``...) do not.

The scanner is also used by the Markdown reader for raw HTML blocks.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from nxlint.read.document import Cell, Comment, Document, Link
from nxlint.read.text import blank, mask_urls

# contents are never prose
SKIP = frozenset({"script", "style", "head", "title", "template", "code", "pre", "samp", "kbd", "svg", "math",
                  "textarea", "select"})
# may appear inside <head>; anything else starts the body (and ends an unclosed <head>)
HEAD_CONTENT = frozenset({"meta", "link", "title", "style", "script", "base", "noscript", "template"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# opening or closing one of these ends the current block
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "colgroup", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "legend", "li", "main", "menu", "nav",
    "noscript", "ol", "optgroup", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul", "video", "audio", "canvas", "object",
})


@dataclass
class Scan:
    """What the scanner found, in offsets of the scanned string."""

    prose: list[tuple[int, int, str | None]] = field(default_factory=list)  # (start, end, decoded or None)
    blocks: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    cells: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # (start, end, table, row, col)
    warnings: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self, src: str) -> None:
        super().__init__(convert_charrefs=False)
        self.src = src
        self.out = Scan()
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self._skip: list[str] = []
        self._heading = 0
        self._block: list[int] | None = None  # [start, end, is heading]
        self._open_links: list[tuple[int, str]] = []
        self._last_end = 0
        self._tables: list[list[int]] = []  # open tables: [id, row, next column]
        self._table_count = 0
        self._cell: tuple[int, int, int, int] | None = None  # open cell: (start, table, row, col)

    # positions -----------------------------------------------------------------
    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    # blocks --------------------------------------------------------------------
    def _flush(self) -> None:
        b = self._block
        if b is not None:
            self.out.blocks.append((b[0], b[1]))
            if b[2]:
                self.out.headings.append((b[0], b[1]))
            self._block = None

    def _add(self, start: int, end: int, decoded: str | None) -> None:
        if self._skip or end <= start:
            return
        self.out.prose.append((start, end, decoded))
        if decoded is None:
            raw = self.src[start:end]
            if not raw.strip():
                return
            first = start + len(raw) - len(raw.lstrip())
            end = start + len(raw.rstrip())
        elif not decoded.strip():
            return
        else:
            first = start
        if self._block is None:
            self._block = [first, end, 0]
        self._block[1] = end
        if self._heading:
            self._block[2] = 1
        self._last_end = end

    # tables --------------------------------------------------------------------
    def _close_cell(self, end: int) -> None:
        if self._cell is not None:
            start, table, row, col = self._cell
            self.out.cells.append((start, max(start, end), table, row, col))
            self._cell = None

    def _table_tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Keep count of rows and columns, so each cell knows its place in its table."""
        at = self._offset()
        if tag == "table":
            self._close_cell(at)
            self._tables.append([self._table_count, -1, 0])
            self._table_count += 1
        elif not self._tables:
            return
        elif tag == "tr":
            self._close_cell(at)
            self._tables[-1][1] += 1
            self._tables[-1][2] = 0
        else:  # td, th
            self._close_cell(at)
            t = self._tables[-1]
            t[1] = max(t[1], 0)  # a cell with no <tr> before it opens the first row
            span = dict(attrs).get("colspan") or "1"
            close = self.src.find(">", at)
            self._cell = (close + 1 if close >= 0 else at, t[0], t[1], t[2])
            t[2] += int(span) if span.strip().isdigit() else 1

    # parser callbacks ----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "head" in self._skip and tag not in HEAD_CONTENT:
            del self._skip[self._skip.index("head"):]  # an unclosed <head> ends where the body starts
        if tag in ("table", "tr", "td", "th"):
            self._table_tag(tag, attrs)
        if tag in BLOCK:
            self._flush()
        if tag in HEADINGS:
            self._heading += 1
        if tag == "a":
            start = self._offset()
            if self._open_links:  # <a> cannot nest: a new one closes the old one
                self._close_link(start)
            href = dict(attrs).get("href")
            if href is not None:
                self._open_links.append((start, href.strip()))
        if tag in SKIP and tag not in VOID:
            self._skip.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip:
            i = len(self._skip) - 1 - self._skip[::-1].index(tag)
            del self._skip[i:]
        if tag in BLOCK:
            self._flush()
        if tag in ("td", "th", "tr", "table"):
            self._close_cell(self._offset())
            if tag == "table" and self._tables:
                self._tables.pop()
        if tag in HEADINGS and self._heading:
            self._heading -= 1
        if tag == "a" and self._open_links:
            start = self._offset()
            close = self.src.find(">", start)
            self._close_link(close + 1 if close >= 0 else start)

    def _close_link(self, end: int) -> None:
        start, href = self._open_links.pop()
        self.out.links.append((start, max(end, start), href))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        start = self._offset()
        if self.src.startswith(data, start):
            self._add(start, start + len(data), None)

    def _reference(self, raw: str) -> None:
        start = self._offset()
        if self._skip:
            return
        if self.src.startswith(raw + ";", start):
            raw += ";"
        elif not self.src.startswith(raw, start):
            return
        decoded = html.unescape(raw)
        if decoded == raw:  # not a known entity: it is just text
            self._add(start, start + len(raw), None)
        elif len(decoded) <= len(raw):
            self._add(start, start + len(raw), decoded)
        # otherwise masked

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        src = self.src
        if src.startswith("<!--" + data, start):
            end = start + 4 + len(data)
            for closer in ("-->", "--!>", ">"):
                if src.startswith(closer, end):
                    end += len(closer)
                    break
        else:
            close = src.find(">", start)
            end = close + 1 if close >= 0 else len(src)
        self.out.comments.append((start, end, data.strip()))

    def finish(self) -> Scan:
        while self._open_links:
            self._close_link(self._last_end)
        self._close_cell(len(self.src))
        self._flush()
        self.out.links.sort()
        return self.out


def scan(src: str) -> Scan:
    """Find prose, blocks, headings, links and comments in an HTML string."""
    parser = _Scanner(src)
    try:
        parser.feed(src)
        parser.close()
    except (AssertionError, ValueError, IndexError) as e:  # malformed markup the stdlib parser gives up on
        parser.out.warnings.append(f"HTML parsing stopped early ({e}); the rest of the file is not checked")
    return parser.finish()


PAD = "\u200b"  # dropped when the text is normalised


def entity_text(decoded: str, width: int, after: str) -> str:
    """What an entity ``width`` characters wide reads as, in place: its decoded text, then
    padding. Inside a word ("R&ouml;sner") the padding is invisible, so the word reads
    "Rösner" once the text is normalised; elsewhere it is blank. Whitespace (``&nbsp;``)
    reads as a plain space."""
    decoded = "".join(" " if c.isspace() else c for c in decoded)
    inside = decoded[-1:].isalnum() and after[:1].isalnum()
    return decoded + (PAD if inside else " ") * (width - len(decoded))


def read(source: str, path: str) -> Document:
    src = source.replace("\r", " ")
    if src.startswith("\ufeff"):  # a BOM left in by the caller is not text
        src = " " + src[1:]
    found = scan(src)
    chars = list(blank(src))
    for start, end, decoded in found.prose:
        if decoded is None:
            chars[start:end] = src[start:end]
        else:
            chars[start:end] = entity_text(decoded, end - start, src[end:end + 1])
    links = [Link(s, e, url) for s, e, url in found.links]
    text = mask_urls("".join(chars), links)
    return Document(
        path=path,
        source=source,
        text=text,
        format="html",
        blocks=found.blocks,
        headings=found.headings,
        links=links,
        comments=[Comment(s, e, body) for s, e, body in found.comments],
        cells=[Cell(*c) for c in found.cells],
        warnings=[f"{path}: {w}" for w in found.warnings],
    )

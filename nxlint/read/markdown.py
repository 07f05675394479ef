"""Markdown (CommonMark + tables + footnotes), read with markdown-it-py.

Everything starts masked; only the prose characters the parser found are copied
back from the source. markdown-it gives line ranges (``token.map``) but no columns,
so each inline token's content is aligned to its source lines (it is a suffix of each
line, after container markers like ``>`` and list indentation), and every inline child
is then located in that content in order. That is how a character of ``text`` is
the source character at the same offset, a space, or part of a decoded entity.

Masked: front matter (YAML ``---`` and TOML ``+++``), code blocks and inline code,
HTML tags (the text between tags is kept), HTML comments (recorded as comments),
link destinations, autolinks and bare URLs (recorded as links; link text is kept),
images, and markup (``#``, list markers, ``>``, emphasis markers, table pipes, link
brackets). Citation markers ``[3]``, ``[1, 2]`` and ``[^3]`` are kept. Entities are decoded
in place, as in HTML: ``R&ouml;sner`` reads "Rösner".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from mdit_py_plugins.footnote import footnote_plugin

from nxlint.read import html as html_reader
from nxlint.read.document import Cell, Comment, Document, Link
from nxlint.read.text import blank, mask_urls

FOOTNOTE_END = re.compile(r"\n[ \t]*\n|\n[ \t]{0,3}\[\^[^\]]+\]:")  # a blank line or the next definition
YAML_FRONT = re.compile(r"\A---[ \t]*\n(?:.*?\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
TOML_FRONT = re.compile(r"\A\+\+\+[ \t]*\n(?:.*?\n)??\+\+\+[ \t]*(?:\n|\Z)", re.S)
CITATION_LABEL = re.compile(r"\s*\^?\s*\d{1,4}(?:\s*[-–—,;]\s*\d{1,4})*\s*")
LINK_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]", re.S)
_BACKTICKS: dict[int, re.Pattern[str]] = {}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.use(footnote_plugin, inline=False)
    # keep escapes and entities as separate tokens: their raw form is in .markup
    md.disable("text_join")
    return md


def _closing_backticks(n: int) -> re.Pattern[str]:
    if n not in _BACKTICKS:
        _BACKTICKS[n] = re.compile(rf"(?<!`)`{{{n}}}(?!`)")
    return _BACKTICKS[n]


class _Inline:
    """Locate the raw form of inline tokens in the content string they came from."""

    def __init__(self, content: str) -> None:
        self.s = content
        self.keep: list[tuple[int, int]] = []
        self.entities: list[tuple[int, int, str]] = []  # (start, end, decoded)
        self.links: list[tuple[int, int, str]] = []
        self.comments: list[tuple[int, int, str]] = []

    def _skip_space(self, pos: int) -> int:
        s = self.s
        while pos < len(s) and s[pos] in " \t\n":
            pos += 1
        return pos

    def tail(self, pos: int) -> int:
        """End of a link or image after its closing ``]``: ``(dest "title")``, ``[ref]``, or nothing."""
        s, n = self.s, len(self.s)
        if pos < n and s[pos] == "(":
            q = self._skip_space(pos + 1)
            if q < n and s[q] == ")":
                return q + 1
            res = parseLinkDestination(s, q, n)
            if res.ok:
                q = res.pos
            before = q
            q = self._skip_space(q)
            if q > before and q < n:
                title = parseLinkTitle(s, q, n)
                if title.ok:
                    q = self._skip_space(title.pos)
            if q < n and s[q] == ")":
                return q + 1
            return pos  # not an inline link after all: a shortcut reference
        if pos < n and s[pos] == "[":
            m = LINK_LABEL.match(s, pos)
            if m:
                return m.end()
        return pos

    def walk(self, children: list[Any], pos: int, keep: bool = True) -> int:
        s = self.s
        open_links: list[tuple[int, str]] = []
        in_autolink = False
        for tok in children:
            t = tok.type
            if in_autolink:
                in_autolink = t != "link_close"
                continue
            if t == "text":
                i = s.find(tok.content, pos)
                if i < 0:
                    continue
                if keep:
                    self.keep.append((i, i + len(tok.content)))
                pos = i + len(tok.content)
            elif t == "text_special":
                raw = tok.markup or tok.content
                i = s.find(raw, pos)
                if i < 0:
                    continue
                if tok.info == "escape":
                    if keep and len(raw) == 2:
                        self.keep.append((i + 1, i + 2))  # drop the backslash, keep the character
                elif tok.info == "entity":
                    if keep and len(tok.content) <= len(raw):
                        self.entities.append((i, i + len(raw), tok.content))
                elif keep:
                    self.keep.append((i, i + len(raw)))
                pos = i + len(raw)
            elif t in ("softbreak", "hardbreak"):
                i = s.find("\n", pos)
                if i >= 0:
                    pos = i + 1
            elif t == "code_inline":
                i = s.find(tok.markup, pos)
                if i < 0:
                    continue
                m = _closing_backticks(len(tok.markup)).search(s, i + len(tok.markup))
                pos = m.end() if m else i + len(tok.markup)
            elif t == "link_open":
                href = str(tok.attrs.get("href", ""))
                if tok.markup == "autolink" or tok.info == "auto":
                    i = s.find("<", pos)
                    j = s.find(">", i) if i >= 0 else -1
                    if i < 0 or j < 0:
                        continue
                    self.links.append((i, j + 1, href))
                    pos = j + 1
                    in_autolink = True
                else:
                    i = s.find("[", pos)
                    if i < 0:
                        continue
                    open_links.append((i, href))
                    pos = i + 1
            elif t == "link_close":
                if not open_links:
                    continue
                start, href = open_links.pop()
                k = s.find("]", pos)
                if k < 0:
                    continue
                end = self.tail(k + 1)
                if keep and CITATION_LABEL.fullmatch(s, start + 1, k):
                    self.keep.append((start, k + 1))  # [3] is a citation marker, not markup
                self.links.append((start, end, href))
                pos = end
            elif t == "image":
                i = s.find("![", pos)
                if i < 0:
                    continue
                q = self.walk(tok.children or [], i + 2, keep=False)
                k = s.find("]", q)
                pos = self.tail(k + 1) if k >= 0 else q
            elif t == "html_inline":
                i = s.find(tok.content, pos)
                if i < 0:
                    continue
                end = i + len(tok.content)
                if tok.content.startswith("<!--"):
                    self.comments.append((i, end, _comment_body(tok.content)))
                pos = end
            elif t == "footnote_ref":
                i = s.find("[^", pos)
                j = s.find("]", i) if i >= 0 else -1
                if i < 0 or j < 0:
                    continue
                if keep:
                    self.keep.append((i, j + 1))
                pos = j + 1
            elif t.endswith(("_open", "_close")) and tok.markup:
                i = s.find(tok.markup, pos)  # emphasis and the like: markup only
                if i >= 0:
                    pos = i + len(tok.markup)
        return pos


def _comment_body(raw: str) -> str:
    body = raw[4:]
    for closer in ("--!>", "-->"):
        if body.endswith(closer):
            body = body[: -len(closer)]
            break
    return body.strip()


class _Reader:
    def __init__(self, source: str, path: str) -> None:
        self.source = source
        self.path = path
        self.src = source.replace("\r", " ")  # what is copied back; \r is never prose
        if self.src.startswith("\ufeff"):  # a BOM left in by the caller is not text
            self.src = " " + self.src[1:]
        parse = self.src.replace("\0", "\ufffd")
        m = YAML_FRONT.match(parse) or TOML_FRONT.match(parse)
        if m:
            parse = blank(m.group()) + parse[m.end():]
        self.parse = parse  # what markdown-it sees, same length and lines as the source
        self.out = list(blank(self.src))
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", parse)]
        self.blocks: list[tuple[int, int]] = []
        self.headings: list[tuple[int, int]] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.cells: list[Cell] = []

    # alignment -----------------------------------------------------------------
    def _line(self, n: int) -> tuple[int, int]:
        starts = self.line_starts
        if n >= len(starts):
            return len(self.parse), len(self.parse)
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(self.parse)
        return starts[n], end

    def _greedy(self, piece: str, start: int, end: int) -> list[int]:
        """Fallback alignment when a content line is not a plain substring of its source
        line (tabs expanded to spaces, ``\\|`` unescaped in a table cell)."""
        out: list[int] = []
        src = self.parse
        j = start
        for ch in piece:
            if ch.isspace():
                if j < end and src[j] == ch:
                    out.append(j)
                    j += 1
                else:
                    out.append(-1)
                continue
            k = src.find(ch, j, min(end, j + 16))
            out.append(k)
            if k >= 0:
                j = k + 1
        return out

    def align(self, content: str, first_line: int, cell_from: int | None = None) -> list[int]:
        """Source offset of every character of ``content`` (-1 where there is none)."""
        cmap: list[int] = []
        lines = content.split("\n")
        for k, piece in enumerate(lines):
            ls, le = self._line(first_line + k)
            seg = self.parse[ls:le]
            if cell_from is not None:
                j = seg.find(piece, cell_from - ls)
                if j >= 0:
                    cmap.extend(range(ls + j, ls + j + len(piece)))
                else:
                    cmap.extend(self._greedy(piece, cell_from, le))
            elif seg.endswith(piece):
                cmap.extend(range(le - len(piece), le))
            else:
                r = len(seg.rstrip())
                if seg[:r].endswith(piece):
                    cmap.extend(range(ls + r - len(piece), ls + r))
                else:
                    j = seg.rfind(piece)
                    if j >= 0:
                        cmap.extend(range(ls + j, ls + j + len(piece)))
                    else:
                        cmap.extend(self._greedy(piece, ls, le))
            if k < len(lines) - 1:
                cmap.append(le)
        return cmap

    @staticmethod
    def _span(cmap: list[int], a: int, b: int) -> tuple[int, int] | None:
        first = next((cmap[i] for i in range(a, b) if cmap[i] >= 0), None)
        last = next((cmap[i] for i in range(b - 1, a - 1, -1) if cmap[i] >= 0), None)
        if first is None or last is None:
            return None
        return first, last + 1

    def _copy(self, cmap: list[int], a: int, b: int) -> None:
        out, src = self.out, self.src
        for i in range(a, min(b, len(cmap))):
            o = cmap[i]
            if o >= 0:
                out[o] = src[o]

    def _decode(self, cmap: list[int], a: int, b: int, decoded: str) -> None:
        """Write an entity's decoded text over its source span (``&amp;`` reads ``&`` and four
        spaces), when the span is one unbroken run of the source."""
        if b > len(cmap) or cmap[a] < 0 or cmap[b - 1] - cmap[a] != b - a - 1:
            return
        o = cmap[a]
        self.out[o:o + b - a] = html_reader.entity_text(decoded, b - a, self.src[o + b - a:o + b - a + 1])

    # tokens ----------------------------------------------------------------------
    def inline(self, tok: Any, heading: bool, cell_from: int | None, footnote: str | None) -> int:
        """Copy an inline token's prose back; record its block. Returns where it ended
        (the cursor for the next table cell)."""
        content: str = tok.content
        cmap = self.align(content, tok.map[0], cell_from)
        walker = _Inline(content)
        walker.walk(tok.children or [], 0)
        for a, b in walker.keep:
            self._copy(cmap, a, b)
        for a, b, decoded in walker.entities:
            self._decode(cmap, a, b, decoded)
        for a, b, url in walker.links:
            span = self._span(cmap, a, b)
            if span:
                self.links.append(Link(span[0], span[1], url))
        for a, b, body in walker.comments:
            span = self._span(cmap, a, b)
            if span:
                self.comments.append(Comment(span[0], span[1], body))
        span = self._span(cmap, 0, len(content))
        if span is None:
            return cell_from if cell_from is not None else 0
        start, end = span
        if footnote is not None:
            # keep the "[^3]:" label of a footnote definition: the reference list needs it
            ls, _ = self._line(tok.map[0])
            label = f"[^{footnote}]"
            j = self.parse.rfind(label, ls, start)
            if j >= 0:
                self._copy(list(range(j, j + len(label))), 0, len(label))
                start = j
        if "".join(self.out[start:end]).strip():
            self.blocks.append((start, end))
            if heading:
                self.headings.append((start, end))
        return end

    def html_block(self, tok: Any) -> None:
        content: str = tok.content
        cmap = self.align(content, tok.map[0])
        found = html_reader.scan(content)
        for a, b, decoded in found.prose:
            if decoded is None:
                self._copy(cmap, a, b)
            else:
                self._decode(cmap, a, b, decoded)
        for a, b in found.blocks:
            span = self._span(cmap, a, b)
            if span:
                self.blocks.append(span)
                if (a, b) in found.headings:
                    self.headings.append(span)
        for a, b, url in found.links:
            span = self._span(cmap, a, b)
            if span:
                self.links.append(Link(span[0], span[1], url))
        for a, b, body in found.comments:
            span = self._span(cmap, a, b)
            if span:
                self.comments.append(Comment(span[0], span[1], body))
        tables = 1 + max((c.table for c in self.cells), default=-1)  # number this block's tables after the last
        for a, b, table, row, col in found.cells:
            span = self._span(cmap, a, b)
            if span:
                self.cells.append(Cell(span[0], span[1], tables + table, row, col))

    def unreferenced_footnotes(self, env: dict[str, Any]) -> None:
        """Keep footnote definitions that nothing cites. markdown-it drops them from its
        tokens, but a reviewer needs them most: "reference never cited" points there."""
        refs = env.get("footnotes", {}).get("refs", {})
        for key, ident in refs.items():
            if ident != -1:
                continue
            label = key[1:]
            m = re.search(r"^[ \t]{0,3}\[\^" + re.escape(label) + r"\]:", self.parse, re.M)
            if m is None:
                continue
            nxt = FOOTNOTE_END.search(self.parse, m.end())
            end = nxt.start() if nxt else len(self.parse)
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            for o in range(start, end):
                self.out[o] = self.src[o]
            if self.src[start:end].strip():
                self.blocks.append((start, end))

    def run(self) -> Document:
        env: dict[str, Any] = {}
        tokens = _parser().parse(self.parse, env)
        heading = False
        cell_row: int | None = None
        cell_from: int | None = None
        footnote: str | None = None
        for tok in tokens:
            t = tok.type
            if t == "heading_open":
                heading = True
            elif t == "heading_close":
                heading = False
            elif t == "tr_open":
                cell_row = tok.map[0] if tok.map else None
                cell_from = self._line(cell_row)[0] if cell_row is not None else None
            elif t == "tr_close":
                cell_row = cell_from = None
            elif t == "footnote_open":
                footnote = str((tok.meta or {}).get("label", ""))
            elif t == "footnote_close":
                footnote = None
            elif t == "html_block" and tok.map:
                self.html_block(tok)
            elif t == "inline" and tok.map:
                in_cell = cell_from is not None
                end = self.inline(tok, heading, cell_from, footnote)
                if in_cell:
                    cell_from = max(end, cell_from or 0)
                footnote = None  # only the first paragraph carries the label
        self.unreferenced_footnotes(env)
        text = mask_urls("".join(self.out), self.links)
        blocks = sorted(set(self.blocks))
        return Document(
            path=self.path,
            source=self.source,
            text=text,
            format="md",
            blocks=blocks,
            headings=sorted(set(self.headings)),
            links=self.links,
            comments=sorted(self.comments, key=lambda c: c.start),
            cells=self.cells,
        )


def read(source: str, path: str) -> Document:
    return _Reader(source, path).run()

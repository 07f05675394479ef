"""The Document: analysable text plus the way back to source positions.

Readers never cut text out. They *mask* what is not prose (front matter, code, tags,
URLs, comments) with spaces of the same length, keeping newlines, so an offset in
``text`` is the same offset in ``source``. Evasion clean-up and
whitespace folding happen later (``nxlint.analyse.normalize``), with an offset map.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass
class Link:
    """A hyperlink found in the source: evidence for the citation rules."""

    start: int  # span of the link (text and target) in the source
    end: int
    url: str


@dataclass
class Comment:
    """A comment in the source (HTML comment, or a ``# nxlint:`` line in plain text).

    ``start``/``end`` cover the whole comment; ``body`` is its inner text.
    Suppression directives live here.
    """

    start: int
    end: int
    body: str


@dataclass
class Cell:
    """A cell of an HTML table: which table, row and column it stands in (from 0), so a
    cell written on its own line still knows its row label and column header."""

    start: int  # span of the cell's contents in the source
    end: int
    table: int
    row: int
    col: int


@dataclass
class Document:
    path: str
    source: str  # decoded text of the file, BOM removed
    text: str  # same length as source: non-prose masked with spaces, newlines kept
    format: str  # "txt", "md", "html", "docx"
    blocks: list[tuple[int, int]] = field(default_factory=list)  # prose blocks; sentences never cross them
    headings: list[tuple[int, int]] = field(default_factory=list)  # blocks that are headings
    links: list[Link] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)  # HTML table cells, in the order they close
    warnings: list[str] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.source):
            raise ValueError(f"{self.path}: reader broke the same-length invariant")

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count characters."""
        offset = max(0, min(offset, len(self.source)))
        starts = self.line_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_of(self, offset: int) -> int:
        return self.position(offset)[0]

    def words(self) -> int:
        return len(self.text.split())

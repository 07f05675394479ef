"""Tables in plain text: pipe tables and space-aligned columns under a dashed rule.

A comparison chart exported as text, or a formulary letter's table, puts a whole row on
one line with no sentence punctuation, so without help it reads as one run-on sentence
whose words belong to different columns. Each cell found here becomes a block of its own
and a :class:`~nxlint.read.document.Cell` with its row and column, so the rules read a
"Yes" under "FDA-APPROVED FOR AUD" in the row of "Low-dose naltrexone" exactly as they
read the same cell of an HTML or Markdown table.

Only tables that announce themselves are read: a header line over a delimiter line of
dashes ("---|---" or "-----  -----"), two or more lines fenced by "|" at both ends with
the same number of cells (a slide's "| Indication | FDA approval |" / "| Alcohol dependence |
2006 |"), three or more lines with bars between their cells at the same places (a study
sheet's "drug | yr | for"), or a header of three or more space-separated columns over rows
whose pieces start at each of its columns' left edges (a comparison typed with the space bar). Lines that
merely contain a "|" (a site's "Home | About" menu, a title's "Naltrexone | Pharmacy") are
left as prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# "----|:---:|----", "|---|---|": a pipe table's delimiter row
PIPE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
# "--------  -----  ------": the dashes under a space-aligned table's header
SPACE_RULE = re.compile(r"^[ \t]*-{2,}(?:[ \t]{1,}-{2,})+[ \t]*$")
PIPE = re.compile(r"(?<!\\)\|")
FENCED = re.compile(r"^[ \t]*\|.*\|[ \t]*$")  # "| Alcohol dependence | 2006 |"
GAP = re.compile(r"[ \t]{2,}|\t")  # what separates two cells of a space-aligned row
DASHES = re.compile(r"-{2,}")


@dataclass
class TextTable:
    rule: tuple[int, int]  # the delimiter line's span (markup, masked)
    lines: list[int] = field(default_factory=list)  # indexes of the header and row lines
    spans: list[tuple[int, int]] = field(default_factory=list)  # those lines' spans
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)  # (start, end, row, col)
    pipes: list[int] = field(default_factory=list)  # offsets of cell borders (markup, masked)


def find_tables(text: str) -> list[TextTable]:
    """The tables of a plain-text draft, each with its cells' spans (header = row 0)."""
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    tables: list[TextTable] = []
    idx = 1
    while idx < len(lines):
        start, end, line = lines[idx]
        head = lines[idx - 1]
        if PIPE_RULE.match(line) and PIPE.search(head[2]):
            table = _pipe_table(lines, idx)
        elif _fenced(head[2]) and _fenced(line) and _fenced(head[2]) == _fenced(line):
            table = _unruled_table(lines, idx - 1, _fenced)  # rows fenced by "|" at both ends
        elif SPACE_RULE.match(line) and head[2].strip() and GAP.search(head[2].strip()):
            table = _space_table(lines, idx)
        elif idx + 1 < len(lines) and _aligned(head[2], line) and _aligned(head[2], lines[idx + 1][2]):
            table = _aligned_table(lines, idx - 1)
        elif idx + 1 < len(lines) and (bars := _bars(head[2])) and bars == _bars(line) == _bars(lines[idx + 1][2]):
            table = _unruled_table(lines, idx - 1, _bars)  # "drug    | yr   | for" over "Contrave | 2012 | ..."
        else:
            idx += 1
            continue
        table.spans = [lines[k][:2] for k in table.lines]
        tables.append(table)
        idx = max(table.lines) + 2
    return tables


def _row_lines(lines: list[tuple[int, int, str]], rule: int, fits) -> list[int]:  # noqa: ANN001
    """The header line and the rows under the rule, up to a blank line or a line that is
    not a row."""
    out = [rule - 1]
    for k in range(rule + 1, len(lines)):
        line = lines[k][2]
        if not line.strip() or not fits(line):
            break
        out.append(k)
    return out


def _fenced(line: str) -> int:
    """How many pipes a row fenced at both ends has (0 for any other line)."""
    return len(PIPE.findall(line)) if FENCED.match(line) and not PIPE_RULE.match(line) else 0


def _unruled_table(lines: list[tuple[int, int, str]], first: int, shape: Callable[[str], object]) -> TextTable:
    """Pipe rows with no delimiter line under the header (the first line): the table runs while
    each line has the header's ``shape`` (its pipe count, or where its bars stand)."""
    table = TextTable(rule=(lines[first][0], lines[first][0]))
    want = shape(lines[first][2])
    table.lines = [first]
    for k in range(first + 1, len(lines)):
        if shape(lines[k][2]) != want:
            break
        table.lines.append(k)
    _pipe_cells(table, lines)
    return table


def _bars(line: str) -> tuple[int, ...]:
    """Where the bars of a row typed with "|" between its cells (not at its ends) stand, or ()."""
    stripped = line.strip()
    if not stripped or stripped[0] == "|" or stripped[-1] == "|" or PIPE_RULE.match(line):
        return ()
    return tuple(m.start() for m in PIPE.finditer(line))



def _pipe_table(lines: list[tuple[int, int, str]], rule: int) -> TextTable:
    table = TextTable(rule=lines[rule][:2])
    table.lines = _row_lines(lines, rule, lambda ln: PIPE.search(ln) is not None)
    _pipe_cells(table, lines)
    return table


def _pipe_cells(table: TextTable, lines: list[tuple[int, int, str]]) -> None:
    """The cells (and the borders to mask) of a pipe table's rows."""
    for row, k in enumerate(table.lines):
        start, _, line = lines[k]
        borders = [m.start() for m in PIPE.finditer(line)]
        table.pipes += [start + b for b in borders]
        edges = [-1, *borders, len(line)]
        col = 0
        for a, b in zip(edges, edges[1:], strict=False):
            piece = line[a + 1:b]
            if (a == -1 and not piece.strip()) or (b == len(line) and not piece.strip()):
                continue  # the outer "|" of "| a | b |"
            s = a + 1 + len(piece) - len(piece.lstrip())
            e = a + 1 + len(piece.rstrip())
            if e > s:
                table.cells.append((start + s, start + e, row, col))
            col += 1


def _starts(line: str) -> list[int]:
    """Where each gap-separated piece of a line begins."""
    first = len(line) - len(line.lstrip())
    return [first, *(m.end() for m in GAP.finditer(line, first) if m.end() < len(line.rstrip()))]


def _aligned(head: str, row: str) -> bool:
    """Is ``row`` a row of a table whose header is ``head``, with no rule between them? The
    header has three or more columns, and the row has a piece beginning at each column's
    left edge: "Medicine      Form     Used for" over "Vivitrol      380 mg   alcohol"."""
    columns = _starts(head)
    if len(columns) < 3 or not row.strip():
        return False
    return set(columns) <= set(_starts(row))


def _aligned_table(lines: list[tuple[int, int, str]], first: int) -> TextTable:
    """Space-aligned columns with no dashed rule under the header (the first line)."""
    table = TextTable(rule=(lines[first][0], lines[first][0]))
    head = lines[first][2]
    table.lines = [first]
    for k in range(first + 1, len(lines)):
        if not _aligned(head, lines[k][2]):
            break
        table.lines.append(k)
    _space_cells(table, lines, _starts(head))
    # "Drug      | Naloxone      | Naltrexone": a bar that opens a cell is its border, not its text
    cells = []
    for start, end, row, col in table.cells:
        line_start, _, line = lines[table.lines[row]]
        piece = line[start - line_start:end - line_start]
        if piece.startswith("|") and piece[1:].strip():
            table.pipes.append(start)
            start += len(piece) - len(piece[1:].lstrip())
        cells.append((start, end, row, col))
    table.cells = cells
    return table


def _space_table(lines: list[tuple[int, int, str]], rule: int) -> TextTable:
    rule_line = lines[rule][2]
    columns = [m.start() for m in DASHES.finditer(rule_line)]
    table = TextTable(rule=lines[rule][:2])
    table.lines = _row_lines(lines, rule, lambda ln: GAP.search(ln.strip()) is not None)
    _space_cells(table, lines, columns)
    return table


def _space_cells(table: TextTable, lines: list[tuple[int, int, str]], columns: list[int]) -> None:
    """The cells of a space-aligned table's rows, each in the column its text starts under."""
    for row, k in enumerate(table.lines):
        start, _, line = lines[k]
        pieces: dict[int, tuple[int, int]] = {}
        pos = len(line) - len(line.lstrip())
        for m in [*GAP.finditer(line, pos), None]:
            e = m.start() if m is not None else len(line.rstrip())
            if e > pos:
                # the column a piece starts in; a piece that spills past its column's
                # dashes still belongs to the column it starts in
                col = max((c for c, x in enumerate(columns) if x <= pos + 1), default=0)
                a, _ = pieces.get(col, (pos, e))
                pieces[col] = (a, e)
            if m is None:
                break
            pos = m.end()
        table.cells += [(start + a, start + e, row, col) for col, (a, e) in sorted(pieces.items())]

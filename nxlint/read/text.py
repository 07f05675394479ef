"""Plain text: paragraphs are separated by blank lines; list items and short
heading-like lines are blocks of their own; ``# nxlint: ...`` lines are directives.

The small masking helpers at the top are shared by the other readers, so every
format masks URLs the same way.
"""

from __future__ import annotations

import bisect
import re

from nxlint.read.columns import find_tables
from nxlint.read.document import Cell, Comment, Document, Link

DIRECTIVE = re.compile(r"^[ \t]*(?:#|//)[ \t]*(nxlint[-:][^\n]*)$", re.M)
WIKI_INDENT = re.compile(r"^[ \t]*:+(?=[^\s:])")  # a wiki talk page's reply indentation: "::Agreed."
# a list item's bullet or number; also a thread's post number ("[4/9] ...", "(2/5)", "3/ ...")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•‣◦▪–»►▶➤→]|=>|->|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=[ \t])"
                       r"|\[\d{1,2}/\d{1,2}\]|\(\d{1,2}/\d{1,2}\)|\d{1,2}/(?=[ \t])"
                       # a listing's ">> NALTREXONE 50mg - 30 tab .... $35" (not an e-mail's quoted ">> text")
                       r"|>>(?=[ \t][^\n]*[$€£]\s?\d))[ \t]+(?=\S)")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
# a chat export's message line: "[14/03/2025, 21:18:51] Marco: ...", "3/14/25, 9:18 PM - Marco: ...",
# "[19:04] <ravenwing> ..." (a chat server's log)
CHAT_LINE = re.compile(r"^[ \t]*(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]\s*"
                       r"(?:[\w .'()-]{1,30}:|<[\w.@|-]{1,30}>)"
                       r"|\[\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]"
                       r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\s+[-–])")
# "Kat: ok so the nurse called back" over "Sam: makes sense": turns of a chat without timestamps
# ("@jess_runs_mke: is that legit?" in a direct-message export)
SPEAKER_LINE = re.compile(r"^[ \t]*(?:[A-Z][\w.'-]{0,20}(?: [A-Z][\w.'-]{0,20})?|@[\w.]{1,30}):[ \t]+\S")
# a post's or message's byline on a line of its own: "dana.k  7:42 AM", "sober_sam_22 · 3d",
# "Post by Kayla Brennan · 3h"; the message under it is a block of its own
BYLINE = re.compile(r"^[ \t]*(?:↳\s*)?(?:post\s+by\s+)?@?[\w.'-]{2,30}(?:\s[A-Z][\w'-]{1,20})?(?:\s+\([^)\n]{1,20}\))?"
                    r"(?:\s*[·•]\s*|\s{2,})(?:\d{1,2}:\d{2}\s*(?:[AaPp][Mm])?|\d+\s*[smhdwy]|\d+\s+(?:mins?|hours?|days?|weeks?)"
                    r"\s+ago|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{1,2}:\d{2}\s*"
                    r"[AaPp][Mm])?)\s*$", re.I)
# a form's field in capitals ("DIAGNOSES: Alcohol use disorder" over "COPAY COLLECTED TODAY: $75.00"): each
# field of a run of them is a block of its own
FIELD_LINE = re.compile(r"^[ \t]*[A-Z][A-Z0-9 /&'()#.-]{1,35}:[ \t]+\S")
# a price-list row ("5 g - $299", "90 caps: $160") is a line of its own, not part of a wrapped sentence
PRICE_ROW = re.compile(r"^[ \t]*[^\n.!?]{0,40}?(?:[-–—:|]|\.{2,})[ \t]*"
                       r"(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|GBP))\b[^\n]{0,40}$")
ATX = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(?=\S)")
UNDERLINE = re.compile(r"^[ \t]*(?:={3,}|-{3,}|\*{3,}|_{3,})[ \t]*$")
_NOT_NEWLINE = re.compile(r"[^\n]")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.!?…,;:][\"'”’)\]]*$|[\"'”’)\]]$")
LONG_LINE = 100  # longer than any hard-wrapped line: such a line is a paragraph of its own


def blank(s: str) -> str:
    """``s`` with every character but newlines turned into a space (same length)."""
    return _NOT_NEWLINE.sub(" ", s)


def mask(text: str, start: int, end: int) -> str:
    """Replace text[start:end] with spaces, keeping newlines."""
    return text[:start] + blank(text[start:end]) + text[end:]


def mask_urls(text: str, links: list[Link]) -> str:
    """Mask bare URLs (they are not prose) and record each one as a :class:`Link`,
    unless it sits inside a link already recorded (e.g. a URL used as link text)."""
    spans = sorted((link.start, link.end) for link in links)
    starts = [s for s, _ in spans]
    found: list[Link] = []

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    def repl(m: re.Match[str]) -> str:
        if not inside(m.start()):
            found.append(Link(m.start(), m.end(), m.group()))
        return " " * (m.end() - m.start())

    text = URL.sub(repl, text)
    links.extend(found)
    links.sort(key=lambda link: link.start)
    return text


REF_ENTRY = re.compile(r"\[\d{1,3}\]\s")  # a numbered reference entry: "[1] Younger J, ..."


def _heading_like(s: str, max_words: int = 12) -> bool:
    """A short line without sentence punctuation reads as a title when it stands alone."""
    return 0 < len(s) <= 80 and len(s.split()) <= max_words and (s.endswith(":") or not _ENDS_CLAUSE.search(s))


Spans = list[tuple[int, int]]

RAGGED_SLACK = 10  # room left on a line, in characters, that a wrapping editor would have filled


def _spoken_lines(text: str, start: int, end: int) -> Spans:
    """A paragraph written one utterance per line with no punctuation (a voice-note
    transcript, a text-message series) is split into its lines.

    A wrapped paragraph breaks a line only when the next word would not fit, so every
    line but the last comes close to the widest. When most breaks leave room for the
    next word, and hardly any line ends a sentence, the breaks are the writer's own and
    each line stands alone; otherwise the paragraph stays one block.
    """
    lines: Spans = []
    pos = start
    for line in text[start:end].split("\n"):
        s = pos + len(line) - len(line.lstrip())
        e = pos + len(line.rstrip())
        if e > s:
            lines.append((s, e))
        pos += len(line) + 1
    if len(lines) < 3:
        return [(start, end)]
    width = max(e - s for s, e in lines)
    breaks = list(zip(lines, lines[1:], strict=False))
    ragged = sum((a[1] - a[0]) + 1 + len(text[b[0]:b[1]].split()[0]) <= width - RAGGED_SLACK for a, b in breaks)
    ended = sum(bool(_ENDS_SENTENCE.search(text[a[0]:a[1]])) for a, _ in breaks)
    if ragged * 3 >= len(breaks) * 2 and ended * 4 <= len(breaks):
        return lines
    return [(start, end)]


def split_blocks(text: str, base: int = 0) -> tuple[Spans, Spans, Spans]:
    """Blocks of plain text, plus the markup spans (list bullets, ``#``s, underlines)
    that the caller masks.

    - paragraphs are runs of lines separated by blank lines (a hard-wrapped paragraph
      is one block);
    - a list item line (``- ``, ``* ``, ``1. ``, ``a) ``) starts a block of its own;
      indented lines after it continue it; so does a chat export's timestamped message;
    - a heading is an ``# ATX`` line, a line underlined with ``===``/``---``, a short
      line alone in its paragraph, or a short first line ending in ``:`` (``References:``);
    - in files written one paragraph per line (most lines longer than any wrapped
      text, or tab-separated records such as a flashcard export), every line is a
      block; elsewhere a long line that ends a sentence ends its block too.
    """
    blocks: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    markup: list[tuple[int, int]] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1

    prose = [ln for _, _, ln in lines if ln.strip() and not LIST_ITEM.match(ln)]
    one_per_line = bool(prose) and (sum(len(ln.strip()) > LONG_LINE for ln in prose) * 2 > len(prose)
                                    or sum("\t" in ln.strip() for ln in prose) * 2 > len(prose))  # a TSV export

    # current block: [start, end, number of lines, is list item]
    cur: list[int] | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None:
            pieces = _spoken_lines(text, cur[0], cur[1]) if cur[2] >= 3 and not cur[3] else [(cur[0], cur[1])]
            blocks.extend((base + s, base + e) for s, e in pieces)
            cur = None

    def lead(line: str) -> int:
        return len(line) - len(line.lstrip())

    n = len(lines)
    for idx, (start, end, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            close()
            continue
        nxt = lines[idx + 1][2] if idx + 1 < n else ""
        prev_blank = idx == 0 or not lines[idx - 1][2].strip()
        if UNDERLINE.match(line):
            markup.append((base + start, base + end))
            if cur is not None and cur[2] == 1 and not cur[3] and _heading_like(text[cur[0]:cur[1]].strip()):
                headings.append((base + cur[0], base + cur[1]))
            close()
            continue
        m = ATX.match(line)
        if m:
            close()
            markup.append((base + start, base + m.end()))
            s = start + m.end()
            e = start + len(line.rstrip().rstrip("#").rstrip()) if line.rstrip().rstrip("#").strip() else end
            e = max(e, s + 1)
            blocks.append((base + s, base + e))
            headings.append((base + s, base + e))
            continue
        prev = lines[idx - 1][2] if idx else ""
        if BYLINE.match(line):
            close()  # "sober_sam_22 · 3d" over the comment it signs
            blocks.append((base + start + lead(line), base + start + len(line.rstrip())))
            continue
        if (CHAT_LINE.match(line) or SPEAKER_LINE.match(line) and (SPEAKER_LINE.match(nxt) or SPEAKER_LINE.match(prev))
                or PRICE_ROW.match(line) and (PRICE_ROW.match(nxt) or PRICE_ROW.match(prev))
                or FIELD_LINE.match(line) and (FIELD_LINE.match(nxt) or FIELD_LINE.match(prev))):
            close()  # one message, one block: "[14/03/2025, 21:18] Marco: it's basically naloxone"
            cur = [start + lead(line), start + len(line.rstrip()), 1, 0]
            continue
        indent = WIKI_INDENT.match(line)
        if indent:  # "::should make clear that ...": a talk page's reply depth, not a clause break
            markup.append((base + start + lead(line), base + start + indent.end()))
        m = LIST_ITEM.match(line)
        if m:
            close()
            markup.append((base + start + lead(line), base + start + m.end()))
            cur = [start + m.end(), start + len(line.rstrip()), 1, 1]
            if one_per_line:
                close()
            continue
        s, e = start + lead(line), start + len(line.rstrip())
        if cur is not None and cur[3]:
            # a list item goes on while lines are indented, or while the item has not
            # ended a sentence (a lazily wrapped item)
            prev_line = lines[idx - 1][2].rstrip()
            if lead(line) > 0 or not _ENDS_SENTENCE.search(prev_line) and not prev_line.endswith(":"):
                cur[1] = e
                cur[2] += 1
                continue
            close()
        alone = not nxt.strip() or UNDERLINE.match(nxt) is not None
        if cur is None and (prev_blank or one_per_line or idx == 0) and not UNDERLINE.match(nxt):
            heading = False
            if alone and _heading_like(stripped) and not one_per_line:
                heading = True
            elif alone and one_per_line and _heading_like(stripped, 8):
                heading = True
            elif not alone and stripped.endswith(":") and len(stripped) <= 60 and len(stripped.split()) <= 8:
                heading = True  # "References:" followed by the list
            elif (
                not alone
                and _heading_like(stripped, 8)
                and not stripped.endswith(":")
                and len(stripped) <= 50
                and (nxt.strip()[:1].isupper() or REF_ENTRY.match(nxt.strip()) is not None
                     or (nxt.strip()[:1].isdigit() and stripped[:1].isupper())  # "Pricing" over "30 tablets $39"
                     or (stripped.isupper() and nxt.strip()[:1] in "\"“'‘"))
                and len(nxt.strip()) > len(stripped) + 10
                and not LIST_ITEM.match(nxt)
            ):
                heading = True  # "Side effects" above a longer first line, "SOURCES" above "[1] Younger J ...",
                # "WHAT MEMBERS SAY" above a quoted review
            if heading:
                blocks.append((base + s, base + e))
                headings.append((base + s, base + e))
                continue
        if one_per_line:
            close()
            blocks.append((base + s, base + e))
            continue
        if cur is None:
            cur = [s, e, 1, 0]
        else:
            cur[1] = e
            cur[2] += 1
        if len(stripped) > LONG_LINE and _ENDS_SENTENCE.search(stripped):
            close()
    close()
    return blocks, headings, markup


MAIL_FIELD = re.compile(r"^(?:From|To|Cc|Bcc|Reply-To|Sender|Date|Message-ID|Return-Path|Sent)[ \t]*:[^\n]*",
                        re.M | re.I)
MAIL_HEADER = re.compile(r"\A(?:[ \t]*[A-Za-z][\w-]*[ \t]*:[^\n]*\n)+")


def mask_mail_header(text: str) -> str:
    """A saved e-mail starts with header fields. The address fields ("From: Shop
    <sales@shop.example>") are envelope, not prose, so they are masked; Subject and
    preheader lines are the writer's words and stay."""
    head = MAIL_HEADER.match(text)
    if head is None or not MAIL_FIELD.search(head.group()):
        return text
    body = MAIL_FIELD.sub(lambda m: blank(m.group()), head.group())
    return body + text[head.end():]


def read(source: str, path: str) -> Document:
    """Read plain text: only directives, list markers, ``#``/underline markup and URLs
    are masked; everything else is prose."""
    text = source.replace("\r", " ")
    if text.startswith("\ufeff"):  # a BOM left in by the caller is not text
        text = " " + text[1:]
    comments: list[Comment] = []
    chars = list(text)
    for m in DIRECTIVE.finditer(text):
        comments.append(Comment(m.start(), m.end(), m.group(1).strip()))
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    text = "".join(chars)
    text = mask_mail_header(text)
    # a table's lines are read cell by cell: the paragraphs around it are split without them
    tables = find_tables(text)
    prose = text
    for t in tables:
        for a, b in [*t.spans, t.rule]:
            prose = prose[:a] + " " * (b - a) + prose[b:]
    blocks, headings, markup = split_blocks(prose)
    cells: list[Cell] = []
    for n, t in enumerate(tables):
        markup += [t.rule] + [(p, p + 1) for p in t.pipes]
        blocks += [(a, b) for a, b, _, _ in t.cells]
        cells += [Cell(a, b, n, row, col) for a, b, row, col in t.cells]
    blocks.sort()
    if markup:
        chars = list(text)
        for s, e in markup:
            chars[s:e] = blank(text[s:e])
        text = "".join(chars)
    links: list[Link] = []
    text = mask_urls(text, links)
    blocks = [b for b in blocks if text[b[0]:b[1]].strip()]
    headings = [h for h in headings if text[h[0]:h[1]].strip()]
    return Document(path=path, source=source, text=text, format="txt", blocks=blocks, headings=headings,
                    links=links, comments=comments, cells=cells)

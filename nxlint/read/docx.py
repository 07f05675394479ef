"""Word .docx: one paragraph per source line, in body order (table cells in place).

The "source" of a .docx is not the file (a zip of XML) but the paragraphs' text joined
with newlines, so line N of a finding is paragraph N of the document (empty paragraphs
included), which is what a writer can find again in Word. Text is read from the XML
directly (runs, hyperlinks, tracked insertions, content controls) rather than through
``Paragraph.text``, which skips inserted and content-control text; deleted text is
not read. Line breaks inside a paragraph become spaces so lines stay paragraphs.
"""

from __future__ import annotations

import io
from typing import Any

from nxlint.read.document import Comment, Document, Link
from nxlint.read.text import DIRECTIVE, mask_urls


def _paragraphs(document: Any) -> list[tuple[str, bool, list[tuple[int, int, str]]]]:
    """(text, is heading, links within the text) for every paragraph in body order."""
    from docx.oxml.ns import qn

    W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDTCONTENT = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt",
                                                                    "w:sdtContent"))
    W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NBH, W_HYPERLINK = (qn(t) for t in ("w:t", "w:tab", "w:ptab", "w:br",
                                                                          "w:cr", "w:noBreakHyphen",
                                                                          "w:hyperlink"))
    # never text, or not this paragraph's text
    SKIP = {qn(t) for t in ("w:del", "w:moveFrom", "w:pPr", "w:rPr", "w:instrText", "w:delText", "w:drawing",
                            "w:pict", "w:object", "w:footnoteReference", "w:endnoteReference")}
    SKIP.add(W_P)
    R_ID, W_ANCHOR = qn("r:id"), qn("w:anchor")
    rels = document.part.rels
    styles: dict[str, str] = {}
    for style in document.styles:
        if style.style_id:
            styles[style.style_id] = style.name or ""

    def url_of(link: Any) -> str:
        rid = link.get(R_ID)
        url = ""
        if rid and rid in rels:
            url = rels[rid].target_ref
        anchor = link.get(W_ANCHOR)
        if anchor:
            url += "#" + anchor
        return url

    def para(p: Any) -> tuple[str, bool, list[tuple[int, int, str]]]:
        parts: list[str] = []
        links: list[tuple[int, int, str]] = []
        length = 0

        def walk(el: Any) -> None:
            nonlocal length
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in SKIP:
                    continue
                piece = None
                if tag == W_T:
                    piece = (child.text or "").replace("\r", " ").replace("\n", " ")
                elif tag in (W_TAB, W_PTAB):
                    piece = "\t"
                elif tag in (W_BR, W_CR):
                    piece = " "
                elif tag == W_NBH:
                    piece = "-"
                if piece is not None:
                    parts.append(piece)
                    length += len(piece)
                elif tag == W_HYPERLINK:
                    start = length
                    walk(child)
                    url = url_of(child)
                    if url and length > start:
                        links.append((start, length, url))
                else:
                    walk(child)  # w:r, w:ins, w:smartTag, w:sdt, w:fldSimple, w:customXml...

        walk(p)
        style_id = p.style if hasattr(p, "style") else None
        name = styles.get(style_id or "", "").lower()
        heading = name.startswith("heading") or name == "title"
        return "".join(parts), heading, links

    out: list[tuple[str, bool, list[tuple[int, int, str]]]] = []

    def container(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == W_P:
                out.append(para(child))
            elif tag == W_TBL:
                for tr in child.iterchildren(W_TR):
                    for tc in tr.iterchildren(W_TC):
                        container(tc)
            elif tag == W_SDT:
                for content in child.iterchildren(W_SDTCONTENT):
                    container(content)

    container(document.element.body)
    return out


def read_docx(data: bytes, path: str) -> Document:
    """Read a .docx file's bytes (needs the optional ``python-docx`` dependency)."""
    from nxlint.read import ReadError

    try:
        import docx
    except ImportError:
        raise ReadError(f"{path}: .docx support needs the optional extra: pip install 'nxlint[docx]'") from None
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = _paragraphs(document)
    except Exception as e:  # a bad zip, missing parts or broken XML: all mean "not a .docx"
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ReadError(f"{path}: not a valid .docx file ({detail})") from None

    source = "\n".join(text for text, _, _ in paragraphs)
    blocks: list[tuple[int, int]] = []
    headings: list[tuple[int, int]] = []
    links: list[Link] = []
    offset = 0
    for text, heading, para_links in paragraphs:
        stripped = text.strip()
        if stripped:
            start = offset + len(text) - len(text.lstrip())
            span = (start, start + len(stripped))
            blocks.append(span)
            if heading:
                headings.append(span)
        links.extend(Link(offset + s, offset + e, url) for s, e, url in para_links)
        offset += len(text) + 1

    chars = list(source)
    comments: list[Comment] = []
    for m in DIRECTIVE.finditer(source):  # "# nxlint: disable=..." paragraphs, as in plain text
        comments.append(Comment(m.start(), m.end(), m.group(1).strip()))
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    text = mask_urls("".join(chars), links)
    blocks = [b for b in blocks if text[b[0]:b[1]].strip()]
    return Document(path=path, source=source, text=text, format="docx", blocks=blocks, headings=headings,
                    links=links, comments=comments)

"""Readers: turn a file (or stdin) into a :class:`Document`.

One module per format; each exposes ``read(source: str, path: str) -> Document``.
Decoding, binary detection and format dispatch live here so every format gets the
same treatment of bad input.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from nxlint.read.document import Comment, Document, Link

__all__ = [
    "Comment", "Document", "Link", "ReadError", "BinaryFile", "FORMATS", "DEFAULT_INCLUDE", "format_for",
    "reader_for", "decode", "read_path", "read_bytes",
]

# suffix -> reader module (under nxlint.read)
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
DEFAULT_INCLUDE = tuple(f"*{suffix}" for suffix in FORMATS)

# format names a caller may pass (``--format md``, a suffix without its dot, or a
# module name) -> reader module
ALIASES: dict[str, str] = {suffix.lstrip("."): module for suffix, module in FORMATS.items()}
ALIASES.update({module: module for module in FORMATS.values()})


class ReadError(Exception):
    """A file that cannot be read; the message is one line naming the problem."""


class BinaryFile(ReadError):
    """A file that is not text; it is skipped with a notice."""


def format_for(path: str) -> str:
    """The reader module for a path, by suffix; anything unknown is plain text."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def reader_for(fmt: str | None, path: str) -> str:
    """The reader module for an explicit format name (``md``, ``.html``, ``text``...)
    or, when none is given, for the path's suffix."""
    if not fmt:
        return format_for(path)
    try:
        return ALIASES[fmt.lower().lstrip(".")]
    except KeyError:
        known = ", ".join(sorted(ALIASES))
        raise ReadError(f"{path}: unknown format {fmt!r} (known: {known})") from None


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 (BOM removed); undecodable bytes become U+FFFD with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM ("Unicode" in Notepad) is text
        text = data.decode("utf-16", errors="replace")
        bad = "\ufffd" in text
        return text, [f"{path}: not valid UTF-16; decoded with replacement characters"] if bad else []
    if b"\x00" in data[:8192]:
        raise BinaryFile(f"{path}: binary file skipped")
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text = data.decode("utf-8", errors="replace")
        warnings.append(
            f"{path}: not valid UTF-8 (first bad byte at offset {e.start}); decoded with replacement characters"
        )
    return text, warnings


def read_bytes(data: bytes, path: str, fmt: str | None = None) -> Document:
    """Read a file's bytes as ``fmt`` (default: from the path's suffix)."""
    module = reader_for(fmt, path)
    if module == "docx":  # a zip archive: it is never decoded as text
        from nxlint.read.docx import read_docx

        return read_docx(data, path)
    source, warnings = decode(data, path)
    reader = importlib.import_module(f"nxlint.read.{module}")
    doc: Document = reader.read(source, path)
    doc.warnings[:0] = warnings
    return doc


def read_file_bytes(path: str | Path) -> bytes:
    """A file's bytes, or a :class:`ReadError` whose message is one line naming the file."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except OSError as e:
        raise ReadError(f"{path}: cannot read ({e.strerror or e})") from None


def read_path(path: str | Path, fmt: str | None = None) -> Document:
    return read_bytes(read_file_bytes(path), str(path), fmt)

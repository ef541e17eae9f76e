"""Shared pieces of the readers: reading bytes, decoding, the per-file result."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import InputError

BINARY_SNIFF = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Replace lone surrogates (from ``\\udXXX`` escapes in JSON, or file names that are not
    UTF-8) with U+FFFD, so that every string the kit keeps can be written as UTF-8."""
    if text.isascii():  # constant time; most cells
        return text
    return _SURROGATE.sub("\ufffd", text)


class Block(NamedTuple):
    """A byte range of a large file that starts and ends on record boundaries, and the
    line number of its first line (its header is the file's, read from the file's start)."""

    start: int
    stop: int
    first_line: int


@dataclass
class FileResult:
    """What one input file gave: article rows, rejections and how it was read."""

    file: str
    format: str
    rows: list = field(default_factory=list)
    rejections: list = field(default_factory=list)
    encoding: str = ""
    note: str = ""
    frame: object = None  # the rows as a DataFrame, when they came from the load cache
    counts: dict = field(default_factory=dict)  # what the encoding label is made of (see encoding_label)

    @property
    def n_rows(self) -> int:
        return len(self.rows) if self.frame is None else len(self.frame)

    @property
    def n_read(self) -> int:
        return self.n_rows + len(self.rejections)


def read_bytes(path, display: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=display) from None
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display,
                         hint="check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=display) from None
    if not data:
        raise InputError("the file is empty (0 bytes)", path=display,
                         hint="check that the export or download finished")
    return data


# bytes that text never holds (NUL and the other C0 controls but TAB, LF, VT, FF, CR)
_CONTROL = bytes([*range(9), *range(14, 32)])


# Byte-order marks of the wide Unicode encodings (Excel's "Unicode Text" is UTF-16 LE):
# their text is full of NUL bytes, so they are recognised before the binary check.
# UTF-32 first: its little-endian mark begins with UTF-16's.
WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
             (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def wide_encoding(head: bytes) -> tuple[str, int] | None:
    """(encoding, length of the mark) when ``head`` starts with a UTF-16 or UTF-32 BOM.

    >>> wide_encoding("a,b".encode("utf-16")), wide_encoding(b"a,b")
    (('utf-16-le', 2), None)
    """
    for bom, enc in WIDE_BOMS:
        if head.startswith(bom):
            return enc, len(bom)
    return None


def looks_binary(head: bytes) -> bool:
    """A known binary signature, or control bytes in more than 1% of the first 8 KB.

    A single stray NUL in a text export (a damaged line) does not make it binary; nor
    does UTF-16 or UTF-32 text that starts with its byte-order mark.
    """
    if wide_encoding(head) is not None:
        return False
    if head.startswith((b"PAR1", b"PK\x03\x04", b"\x89PNG", b"%PDF", b"\x1f\x8b", b"\xd0\xcf\x11\xe0")):
        return True
    sample = head[:BINARY_SNIFF]
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > max(2, len(sample) // 100)


def decode_text(data: bytes, display: str) -> tuple[str, str]:
    """Decode a whole text file: UTF-8 (with or without BOM), else cp1252, else mixed.

    Returns (text, encoding label). UTF-16 and UTF-32 with a byte-order mark are decoded
    as such.
    """
    wide = wide_encoding(data[:4])
    if wide is not None:
        enc, n = wide
        try:
            return data[n:].decode(enc), enc.split("-")[0] + "-" + enc.split("-")[1]
        except UnicodeDecodeError as exc:
            raise InputError(f"starts with a {enc} byte-order mark but is not {enc} text (byte {exc.start})",
                             path=display, hint="save it again as CSV UTF-8") from None
    if looks_binary(data[:BINARY_SNIFF]):
        raise InputError("looks like a binary file, not text", path=display,
                         hint="export the data as CSV, JSON or a feed, or check the file's extension")
    text, counts = decode_lines(data)
    return text, encoding_label(counts["cp1252"], counts["high_utf8"], counts["bom"])


def decode_lines(data: bytes, *, first: bool = True, block: bool = False) -> tuple[str, dict]:
    """Decode text as UTF-8 (a byte-order mark skipped when ``first``: the file's start),
    or, when it is not, line by line: UTF-8, else cp1252. Returns the text and the counts
    :func:`encoding_label` is made of (lines decoded as cp1252, UTF-8 lines with bytes
    past ASCII, the byte-order mark). For a ``block`` of a file, the UTF-8 lines past
    ASCII are counted even when the whole block is UTF-8, so that the counts of a file's
    blocks add up to the file's."""
    bom = first and data.startswith(b"\xef\xbb\xbf")
    if bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
        high = sum(not line.isascii() for line in data.splitlines()) if block and not data.isascii() else 0
        return text, {"cp1252": 0, "high_utf8": high, "bom": bom}
    except UnicodeDecodeError:
        pass
    out, fallback, high = [], 0, 0
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
            high += not line.isascii()
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            fallback += 1
    return "".join(out), {"cp1252": fallback, "high_utf8": high, "bom": bom}


def encoding_label(cp1252: int, high_utf8: int, bom: bool) -> str:
    """The files table's encoding: UTF-8 (``utf-8-sig`` with a byte-order mark), cp1252, or
    mixed when some lines are UTF-8 beyond ASCII and others cp1252.

    >>> encoding_label(0, 5, False), encoding_label(0, 0, True), encoding_label(3, 0, False), encoding_label(3, 2, False)
    ('utf-8', 'utf-8-sig', 'cp1252', 'utf-8+cp1252 (mixed)')
    """
    if cp1252 and high_utf8:
        return "utf-8+cp1252 (mixed)"
    if cp1252:
        return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


def display_name(path, root=None) -> str:
    """The name a rejection or a locator shows: relative to the input the user named."""
    if root is None:
        return scrub(os.path.basename(os.fspath(path)) or os.fspath(path))
    rel = os.path.relpath(os.fspath(path), os.fspath(root))
    base = os.path.basename(os.path.normpath(os.fspath(root)))
    return scrub(f"{base}/{rel}".replace(os.sep, "/"))

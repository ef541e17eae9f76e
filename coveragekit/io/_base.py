"""Shared pieces of the readers: reading bytes, decoding, the per-file result."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..errors import InputError

BINARY_SNIFF = 8192
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Replace lone surrogates (from ``\\udXXX`` escapes in JSON, or file names that are not
    UTF-8) with U+FFFD, so that every string the kit keeps can be written as UTF-8."""
    if text.isascii():  # constant time; most cells
        return text
    return _SURROGATE.sub("\ufffd", text)


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
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    out, fallback, total = [], 0, 0
    for line in lines:
        total += 1
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            fallback += 1
    label = "cp1252" if fallback == total or all(
        not _has_high(line) for line in lines if _utf8_ok(line)) else "utf-8+cp1252 (mixed)"
    return "".join(out), label


def _utf8_ok(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _has_high(line: bytes) -> bool:
    return any(b >= 0x80 for b in line)


def display_name(path, root=None) -> str:
    """The name a rejection or a locator shows: relative to the input the user named."""
    if root is None:
        return scrub(os.path.basename(os.fspath(path)) or os.fspath(path))
    rel = os.path.relpath(os.fspath(path), os.fspath(root))
    base = os.path.basename(os.path.normpath(os.fspath(root)))
    return scrub(f"{base}/{rel}".replace(os.sep, "/"))

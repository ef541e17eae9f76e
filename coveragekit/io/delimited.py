"""CSV and TSV files, including Media Cloud story-list exports.

Reads the file as a stream (a CSV larger than memory is never held whole as text), one
line at a time, decoding each line as UTF-8 and falling back to cp1252, so a file with
mixed encodings loses nothing. Lines end at LF, CRLF or a lone CR. The delimiter is
sniffed among ``, ; TAB |``. A row that runs on over several lines because of a quote that
is never closed is caught: its first line is rejected and the lines after it are read again.
"""

from __future__ import annotations

import csv
import io
import os
import re
from typing import NamedTuple

from ..errors import InputError
from ._base import Block, FileResult, encoding_label, looks_binary, wide_encoding
from ._records import Options, RawRecord, Rejection, build_articles, check_required, resolve_columns

csv.field_size_limit(256 * 1024 * 1024)

MEDIACLOUD_COLUMNS = {"id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title", "url"}
_CHUNK = 20_000
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class _LineDecoder:
    """Iterate over the decoded lines of a binary file, recording the encodings met.

    Lines end at LF, CRLF or a lone CR (old Mac exports), as with ``open(newline="")``.
    ``record`` collects the lines handed out since it was last emptied, and ``line_no``
    counts them; :meth:`push_back` hands lines out again before the rest of the file.
    """

    def __init__(self, fh, *, first: bool = True):
        self.fh = fh
        self.utf8 = 0
        self.cp1252 = 0
        self.high_utf8 = 0
        self.bom = False
        self.wide = ""  # "utf-16" or "utf-32" when the file was transcoded
        self.first = first  # the file's first line: a UTF-8 byte-order mark is skipped
        self.nul = 0
        self.consumed = 0  # bytes of the file read so far
        self.line_ended = True  # the last line handed out ended a line of the file (not at a lone CR)
        self.line_no = 0
        self.record: list[str] = []
        self._again: list[str] = []
        self._lines = self._decode()

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._again.pop() if self._again else next(self._lines)
        self.line_no += 1
        self.record.append(line)
        return line

    def push_back(self, lines: list[str]) -> None:
        self._again.extend(reversed(lines))
        self.line_no -= len(lines)

    @property
    def between_lines(self) -> bool:
        """Every line read from the file has been handed out, up to the end of a line:
        the next line starts at byte ``consumed``."""
        return not self._again and self.line_ended

    @property
    def counts(self) -> dict:
        """What the encoding label is made of, to be added up over a file's blocks."""
        return {"cp1252": self.cp1252, "high_utf8": self.high_utf8, "bom": self.bom, "nul": self.nul}

    def _decode(self):
        for raw in self.fh:
            self.consumed += len(raw)
            if self.first:
                self.first = False
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw, self.bom = raw[3:], True
            try:
                line = raw.decode("utf-8")
                self.utf8 += 1
                if not raw.isascii():
                    self.high_utf8 += 1
            except UnicodeDecodeError:
                line = raw.decode("cp1252", errors="replace")
                self.cp1252 += 1
            if "\x00" in line:  # a damaged export; spreadsheets drop NUL bytes too
                line = line.replace("\x00", "")
                self.nul += 1
            if "\r" in line:
                parts = [part for part in _LONE_CR.split(line) if part]
                for i, part in enumerate(parts):
                    self.line_ended = i == len(parts) - 1
                    yield part
            else:
                self.line_ended = True
                yield line

    @property
    def label(self) -> str:
        return self.wide or encoding_label(self.cp1252, self.high_utf8, self.bom)


_SEP_LINE = re.compile(r"\Asep=(.)[ \t]*\r?\n", re.I)


def _utf8_lines(fh, encoding: str):
    """The lines of a UTF-16 or UTF-32 file (its mark skipped), as UTF-8 bytes."""
    text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="replace")
    first = True
    for line in text:
        if first:
            line, first = line.lstrip("\ufeff"), False
        yield line.encode("utf-8")


def _sniff(sample: str, *, tsv: bool) -> str:
    if tsv:
        return "\t"
    header = re.split(r"[\r\n]", sample, maxsplit=1)[0]
    present = [d for d in ",;\t|" if d in header]
    if len(present) == 1:  # column names rarely hold a delimiter; cell text often does
        return present[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: header.count(d) for d in ",;\t|"}
        best = max(counts, key=lambda d: (counts[d], d == ","))
        return best if counts[best] else ","


def _quotes_close(lines: list[str], delimiter: str) -> bool:
    """Whether a row read over several lines has its quotes closed where CSV wants them
    (a stray quote makes the lenient reader run on into the following rows)."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _unique(header: list[str]) -> list[str]:
    """Column names, blank ones numbered and repeated ones suffixed (``title``, ``title_2``)."""
    keys: list[str] = []
    for i, h in enumerate(header):
        key = base = h or f"column_{i + 1}"
        n = 1
        while key in keys:
            n += 1
            key = f"{base}_{n}"
        keys.append(key)
    return keys


class _Table(NamedTuple):
    """How a CSV file is read, from its first lines: the delimiter, the column names,
    which of them feed the schema, the format (csv, tsv, mediacloud) and the options."""

    delimiter: str
    keys: list
    chosen: dict
    fmt: str
    options: Options


def _open(path, display: str):
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display,
                         hint="check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=display) from None


def _check_head(head: bytes, display: str) -> None:
    if not head:
        raise InputError("the file is empty (0 bytes)", path=display,
                         hint="check that the export or download finished")
    if head.startswith(b"PK\x03\x04"):
        raise InputError("is a zip file (an Excel workbook or an archive), not CSV", path=display,
                         hint="name it .xlsx if it is a workbook, .zip if it is an archive: both are read")
    if looks_binary(head):
        raise InputError("looks like a binary file, not CSV", path=display,
                         hint="open it in a spreadsheet and save it as CSV, or check its extension")


def _read_header(fh, *, display: str, options: Options, tsv: bool, stop: int | None = None):
    """Sniff the delimiter from the file's first 64 KB and read its header (after an
    Excel ``sep=`` line): the table's description, and the decoder and CSV reader
    positioned on the first record (reading no further than byte ``stop``)."""
    head = fh.read(65536)
    _check_head(head, display)
    wide = wide_encoding(head)
    if wide is not None:  # UTF-16/32 (Excel's "Unicode Text"): read as UTF-8 lines
        sample = head[wide[1]:].decode(wide[0], errors="replace")
    else:
        sample = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    sep = _SEP_LINE.match(sample)  # Excel's "sep=;" first line names the delimiter
    delimiter = sep.group(1) if sep else _sniff(sample, tsv=tsv)
    fh.seek(0)
    decoder = _LineDecoder(_utf8_lines(fh, wide[0]) if wide else (fh if stop is None else _lines_until(fh, stop)))
    if wide:
        decoder.wide = wide[0].rsplit("-", 1)[0]
    if sep:
        next(decoder)  # the sep= line is not the header
        decoder.record = []
    reader = csv.reader(decoder, delimiter=delimiter)
    header = _header_row(reader, decoder, delimiter, display)
    keys = _unique(header)
    chosen = resolve_columns(keys, mapping=options.mapping, path=display)
    check_required(chosen, keys, path=display)
    fmt, opts = "csv" if delimiter != "\t" else "tsv", options
    if MEDIACLOUD_COLUMNS <= {k.lower() for k in keys}:
        fmt = "mediacloud"
        if not (options.mapping and "published_at" in options.mapping):
            chosen["published_at"] = next(k for k in keys if k.lower() == "publish_date")
        opts = Options(mapping=options.mapping, dayfirst=options.dayfirst, now=options.now,
                       date_fallback=next(k for k in keys if k.lower() == "indexed_date"))
    return _Table(delimiter, keys, chosen, fmt, opts), decoder, reader


def _header_row(reader, decoder, delimiter: str, display: str) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty", path=display,
                         hint="check that the export or download finished") from None
    except csv.Error as exc:
        raise InputError(f"the header line cannot be read as CSV ({exc})", path=display) from None
    if len(decoder.record) > 1 and not _quotes_close(decoder.record, delimiter):
        raise InputError('a quote (") in the first line (the header) is never closed',
                         path=display, hint="fix the stray quote so the first line names the columns")
    header = [h.strip() for h in header]
    if not any(header):
        raise InputError("the first line (the header) is blank", path=display,
                         hint="the first line must name the columns")
    return header


def _lines_until(fh, stop: int):
    """The file's lines (as bytes) from where it stands up to byte ``stop``, which ends a line."""
    left = stop - fh.tell()
    while left > 0:
        raw = fh.readline()
        if not raw:
            return
        left -= len(raw)
        yield raw


def _records(decoder, reader, table: _Table, display: str):
    """The records after the header, one at a time, each a :class:`RawRecord` or a
    :class:`Rejection` (a row that cannot be read, has the wrong number of fields, or ran
    on over the lines below because of a stray quote: those lines are read again). Between
    two items the reader stands between records."""
    line_no = decoder.line_no
    while True:
        start = line_no + 1
        decoder.record = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line_no = decoder.line_no
            yield Rejection(display, f"{display}:{start}", f"row cannot be read as CSV ({exc})")
            continue
        line_no = decoder.line_no
        if len(decoder.record) > 1 and not _quotes_close(decoder.record, table.delimiter):
            first = decoder.record[0].rstrip("\r\n")
            decoder.push_back(decoder.record[1:])  # (before the item: the lines are not behind us)
            line_no = decoder.line_no
            yield Rejection(display, f"{display}:{start}",
                            'a quote (") in this row is never closed, so the row ran on into the lines '
                            "below; they were read again on their own (fix the stray quote)", first)
            continue
        if not row or all(not c.strip() for c in row):
            continue  # blank lines are not records
        raw = table.delimiter.join(row)
        if len(row) != len(table.keys):
            yield Rejection(display, f"{display}:{start}",
                            f"row has {len(row)} fields but the header has {len(table.keys)} "
                            "(a stray delimiter or quote?)", raw)
            continue
        yield RawRecord(f"{display}:{start}", dict(zip(table.keys, row)), raw)


def read_delimited(path, *, display: str, options: Options, tsv: bool = False,
                   block: Block | None = None) -> FileResult:
    """The articles and rejected records of a CSV or TSV file (or of one :class:`Block`
    of it: the file's header, then the block's records, located by the file's lines)."""
    with _open(path, display) as fh:
        table, decoder, reader = _read_header(fh, display=display, options=options, tsv=tsv,
                                              stop=None if block is None else block.stop)
        if block is not None and block.start > 0:
            fh.seek(block.start)
            decoder = _LineDecoder(_lines_until(fh, block.stop), first=False)
            decoder.line_no = block.first_line - 1
            reader = csv.reader(decoder, delimiter=table.delimiter)
        result = FileResult(file=display, format=table.fmt)
        batch: list = []
        for item in _records(decoder, reader, table, display):
            if isinstance(item, Rejection):
                result.rejections.append(item)
                continue
            batch.append(item)
            if len(batch) >= _CHUNK:
                _build_batch(batch, table, display, result)
                batch = []
        _build_batch(batch, table, display, result)
    result.encoding = decoder.label
    result.counts = decoder.counts
    result.rejections.sort(key=lambda r: _line_of(r.record))
    result.note = file_note(result.n_read, decoder.nul)
    return result


def _build_batch(batch: list, table: _Table, display: str, result: FileResult) -> None:
    rows, rej = build_articles(batch, chosen=table.chosen, options=table.options, source_name=display)
    result.rows.extend(rows)
    result.rejections.extend(rej)


def file_note(n_read: int, n_nul: int) -> str:
    """The files table's note on a CSV file: no records, NUL bytes removed."""
    notes = (["header only: no records"] if n_read == 0 else []) + (
        [f"NUL bytes removed from {n_nul} line(s)"] if n_nul else [])
    return "; ".join(notes)


def record_blocks(path, *, display: str, options: Options, tsv: bool = False, block_bytes: int) -> list[Block]:
    """Cut a CSV or TSV file into blocks of about ``block_bytes`` that start and end on
    record boundaries. The file is read once as :func:`read_delimited` reads it (the CSV
    parser, so a quoted field may hold newlines, and a stray quote's run-on row is read
    again line by line) but no article is built; a block ends where the reader stands
    between two records at the end of a line. One block for a small file, or a UTF-16/32
    one (read whole)."""
    size = os.path.getsize(path)
    with _open(path, display) as fh:
        table, decoder, reader = _read_header(fh, display=display, options=options, tsv=tsv)
        if decoder.wide or size <= block_bytes:
            return [Block(0, size, 1)]
        blocks, start, first_line = [], 0, 1
        for _ in _records(decoder, reader, table, display):
            end = decoder.consumed
            if decoder.between_lines and end - start >= block_bytes and end < size:
                blocks.append(Block(start, end, first_line))
                start, first_line = end, decoder.line_no + 1
    blocks.append(Block(start, size, first_line))
    return blocks


def _line_of(locator: str) -> int:
    try:
        return int(locator.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0

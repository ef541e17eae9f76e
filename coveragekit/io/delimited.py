"""CSV and TSV files, including Media Cloud story-list exports.

Reads the file as a stream (a CSV larger than memory is never held whole as text), one
line at a time, decoding each line as UTF-8 and falling back to cp1252, so a file with
mixed encodings loses nothing. Lines end at LF, CRLF or a lone CR. The delimiter is
sniffed among ``, ; TAB |``. A row that runs on over several lines because of a quote that
is never closed is caught: its first line is rejected and the lines after it are read again.
"""

from __future__ import annotations

import csv
import re

from ..errors import InputError
from ._base import FileResult, looks_binary, wide_encoding
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

    def __init__(self, fh):
        self.fh = fh
        self.utf8 = 0
        self.cp1252 = 0
        self.high_utf8 = 0
        self.bom = False
        self.wide = ""  # "utf-16" or "utf-32" when the file was transcoded
        self.first = True
        self.nul = 0
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

    def _decode(self):
        for raw in self.fh:
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
                yield from (part for part in _LONE_CR.split(line) if part)
            else:
                yield line

    @property
    def label(self) -> str:
        if self.wide:
            return self.wide
        if self.cp1252 and self.high_utf8:
            return "utf-8+cp1252 (mixed)"
        if self.cp1252:
            return "cp1252"
        return "utf-8-sig" if self.bom else "utf-8"


_SEP_LINE = re.compile(r"\Asep=(.)[ \t]*\r?\n", re.I)


def _utf8_lines(fh, encoding: str):
    """The lines of a UTF-16 or UTF-32 file (its mark skipped), as UTF-8 bytes."""
    import io

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


def read_delimited(path, *, display: str, options: Options, tsv: bool = False) -> FileResult:
    try:
        fh = open(path, "rb")
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display,
                         hint="check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=display) from None
    with fh:
        head = fh.read(65536)
        if not head:
            raise InputError("the file is empty (0 bytes)", path=display,
                             hint="check that the export or download finished")
        if head.startswith(b"PK\x03\x04"):
            raise InputError("is a zip file (an Excel workbook or an archive), not CSV", path=display,
                             hint="name it .xlsx if it is a workbook, .zip if it is an archive: both are read")
        if looks_binary(head):
            raise InputError("looks like a binary file, not CSV", path=display,
                             hint="open it in a spreadsheet and save it as CSV, or check its extension")
        wide = wide_encoding(head)
        if wide is not None:  # UTF-16/32 (Excel's "Unicode Text"): read as UTF-8 lines
            sample = head[wide[1]:].decode(wide[0], errors="replace")
        else:
            sample = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        sep = _SEP_LINE.match(sample)  # Excel's "sep=;" first line names the delimiter
        delimiter = sep.group(1) if sep else _sniff(sample, tsv=tsv)
        fh.seek(0)
        decoder = _LineDecoder(_utf8_lines(fh, wide[0]) if wide else fh)
        if wide:
            decoder.wide = wide[0].rsplit("-", 1)[0]
        if sep:
            next(decoder)  # the sep= line is not the header
            decoder.record = []
        reader = csv.reader(decoder, delimiter=delimiter)
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
        keys = _unique(header)
        chosen = resolve_columns(keys, mapping=options.mapping, path=display)
        check_required(chosen, keys, path=display)
        fmt = "csv" if delimiter != "\t" else "tsv"
        opts = options
        if MEDIACLOUD_COLUMNS <= {k.lower() for k in keys}:
            fmt = "mediacloud"
            if not (options.mapping and "published_at" in options.mapping):
                chosen["published_at"] = next(k for k in keys if k.lower() == "publish_date")
            opts = Options(mapping=options.mapping, dayfirst=options.dayfirst, now=options.now,
                           date_fallback=next(k for k in keys if k.lower() == "indexed_date"))
        result = FileResult(file=display, format=fmt)
        batch: list[RawRecord] = []
        batch_rejected: list[Rejection] = []
        line_no = decoder.line_no
        while True:
            start = line_no + 1
            decoder.record = []
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                line_no = decoder.line_no
                result.rejections.append(Rejection(display, f"{display}:{start}",
                                                   f"row cannot be read as CSV ({exc})"))
                continue
            line_no = decoder.line_no
            if len(decoder.record) > 1 and not _quotes_close(decoder.record, delimiter):
                batch_rejected.append(Rejection(
                    display, f"{display}:{start}",
                    'a quote (") in this row is never closed, so the row ran on into the lines '
                    "below; they were read again on their own (fix the stray quote)",
                    decoder.record[0].rstrip("\r\n")))
                decoder.push_back(decoder.record[1:])
                line_no = decoder.line_no
                continue
            if not row or all(not c.strip() for c in row):
                continue  # blank lines are not records
            locator = f"{display}:{start}"
            raw = delimiter.join(row)
            if len(row) != len(keys):
                batch_rejected.append(Rejection(
                    display, locator,
                    f"row has {len(row)} fields but the header has {len(keys)} "
                    "(a stray delimiter or quote?)", raw))
                continue
            batch.append(RawRecord(locator, dict(zip(keys, row)), raw))
            if len(batch) >= _CHUNK:
                rows, rej = build_articles(batch, chosen=chosen, options=opts, source_name=display)
                result.rows.extend(rows)
                result.rejections.extend(batch_rejected + rej)
                batch, batch_rejected = [], []
        rows, rej = build_articles(batch, chosen=chosen, options=opts, source_name=display)
        result.rows.extend(rows)
        result.rejections.extend(batch_rejected + rej)
        result.encoding = decoder.label
        result.rejections.sort(key=lambda r: _line_of(r.record))
        if result.n_read == 0:
            result.note = "header only: no records"
        if decoder.nul:
            removed = f"NUL bytes removed from {decoder.nul} line(s)"
            result.note = f"{result.note}; {removed}" if result.note else removed
        return result


def _line_of(locator: str) -> int:
    try:
        return int(locator.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0

"""JSON arrays, JSON Lines and GDELT DOC 2.0 ``artlist`` files.

A JSON array cut short (a truncated download) keeps every complete record before the
cut; the broken tail becomes one rejected record. GDELT's ``{"articles": [...]}`` is read
with its own field names (``seendate``, ``domain``, ``language`` as an English name).
"""

from __future__ import annotations

import json
import os

from ..errors import InputError
from ._base import (
    BINARY_SNIFF,
    Block,
    FileResult,
    decode_lines,
    decode_text,
    encoding_label,
    looks_binary,
    read_bytes,
    wide_encoding,
)
from ._records import Options, RawRecord, Rejection, build_articles, check_required, resolve_columns

_DECODER = json.JSONDecoder()
# What json raises besides JSONDecodeError: RecursionError for values nested thousands deep,
# ValueError for an integer of more than 4300 digits.
_UNREADABLE = (ValueError, RecursionError)


def _why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return "a number too long to read"


def _records_from_list(items, display, base_locator="record"):
    recs, rej = [], []
    for i, item in enumerate(items, start=1):
        loc = f"{display}:{base_locator} {i}"
        if not isinstance(item, dict):
            rej.append(Rejection(display, loc, "record is not a JSON object",
                                 json.dumps(item, ensure_ascii=False)[:500]))
            continue
        recs.append(RawRecord(loc, item, json.dumps(item, ensure_ascii=False)[:500]))
    return recs, rej


def _salvage_array(text: str, start: int, display: str):
    """Read the items of an array one by one; stop at the first break."""
    items, tail = [], None
    pos = start + 1
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= n:
            tail = ""
            break
        if text[pos] == "]":
            break
        try:
            obj, pos = _DECODER.raw_decode(text, pos)
        except _UNREADABLE:
            tail = text[pos:]
            break
        items.append(obj)
    return items, tail


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}"


def _field_names(records) -> list:
    """The records' field names in order of first appearance."""
    keys: list = []
    seen = set()
    for fields in records:
        for k in fields:
            if k not in seen:
                seen.add(k)
                keys.append(k)
    return keys


def _finish(recs, rej, *, display, options, fmt, encoding, note="", keys=None):
    """The articles of the records; their columns chosen from the field names of every
    record of the file (``keys``, for a block of a file: those of the whole file)."""
    keys = _field_names(r.fields for r in recs) if keys is None else list(keys)
    result = FileResult(file=display, format=fmt, encoding=encoding, note=note)
    result.rejections.extend(rej)
    if not recs:
        if not rej:
            result.note = note or "no records"
        return result
    chosen = resolve_columns(keys, mapping=options.mapping, path=display)
    check_required(chosen, keys, path=display)
    rows, more = build_articles(recs, chosen=chosen, options=options, source_name=display)
    result.rows.extend(rows)
    result.rejections.extend(more)
    return result


def read_json(path, *, display: str, options: Options, lines: bool | None = None,
              block: Block | None = None, keys=None) -> FileResult:
    """The articles and rejected records of a JSON, JSON Lines or GDELT file (or of one
    :class:`Block` of a JSON Lines file, with ``keys`` the whole file's field names)."""
    if block is not None:
        return _read_block(path, block, display=display, options=options, keys=keys)
    data = read_bytes(path, display)
    text, encoding = decode_text(data, display)
    stripped = text.lstrip()
    if not stripped:
        raise InputError("the file holds only blank space", path=display,
                         hint="check that the export or download finished")
    if lines is None:
        lines = False
        if stripped[0] == "{":
            try:
                json.loads(text)
            except _UNREADABLE:
                first_lines = [ln for ln in text.split("\n") if ln.strip()][:3]
                lines = len(first_lines) >= 2 and all(ln.lstrip().startswith("{") for ln in first_lines[:2])
    if lines:
        return _read_lines(text, display=display, options=options, encoding=encoding)
    if stripped[0] == "[":
        start = text.index("[")
        items, tail = _salvage_array(text, start, display)
        recs, rej = _records_from_list(items, display)
        note = ""
        if tail is not None:
            where = _line_col(text, len(text) - len(tail))
            rej.append(Rejection(display, f"{display}:record {len(items) + 1}",
                                 f"the file breaks off or is malformed at {where} "
                                 "(truncated download?); the records before it were kept",
                                 tail[:500]))
            note = "truncated or malformed JSON array"
        return _finish(recs, rej, display=display, options=options, fmt="json",
                       encoding=encoding, note=note)
    try:
        obj = json.loads(text)
    except _UNREADABLE as exc:
        where = ""
        if isinstance(exc, json.JSONDecodeError):
            where = f" at line {exc.lineno}, column {exc.colno}"
        raise InputError(f"is not valid JSON ({_why(exc)}{where})",
                         path=display,
                         hint="check that the file is complete; JSON Lines files should end in .jsonl") from None
    if isinstance(obj, dict):
        if isinstance(obj.get("articles"), list):
            recs, rej = _records_from_list(obj["articles"], display, "article")
            fmt = "gdelt" if any("seendate" in r.fields for r in recs) else "json"
            return _finish(recs, rej, display=display, options=options, fmt=fmt, encoding=encoding)
        lists = [k for k, v in obj.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) == 1:
            recs, rej = _records_from_list(obj[lists[0]], display, lists[0].rstrip("s") or "record")
            return _finish(recs, rej, display=display, options=options, fmt="json", encoding=encoding)
        recs = [RawRecord(f"{display}:record 1", obj, text[:500])]
        return _finish(recs, [], display=display, options=options, fmt="json", encoding=encoding)
    raise InputError("holds a JSON value that is neither a list of articles nor an object",
                     path=display, hint="expected [{...}, ...], {\"articles\": [...]} or JSON Lines")


def _read_lines(text, *, display, options, encoding, first_line: int = 1, keys=None) -> FileResult:
    recs, rej = [], []
    # records end at "\n" only: str.splitlines() would also cut at U+2028, U+0085 and other
    # separators that JSON strings may hold as they are
    for no, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue  # blank lines are not records
        loc = f"{display}:{no}"
        try:
            obj = json.loads(line)
        except _UNREADABLE as exc:
            rej.append(Rejection(display, loc, f"line is not valid JSON ({_why(exc)})", line[:500]))
            continue
        if not isinstance(obj, dict):
            rej.append(Rejection(display, loc, "line is not a JSON object", line[:500]))
            continue
        recs.append(RawRecord(loc, obj, line[:500]))
    return _finish(recs, rej, display=display, options=options, fmt="jsonl", encoding=encoding, keys=keys)


def _read_block(path, block: Block, *, display: str, options: Options, keys) -> FileResult:
    with open(path, "rb") as fh:
        fh.seek(block.start)
        data = fh.read(block.stop - block.start)
    text, counts = decode_lines(data, first=block.start == 0, block=True)
    result = _read_lines(text, display=display, options=options, first_line=block.first_line, keys=keys,
                         encoding=encoding_label(counts["cp1252"], counts["high_utf8"], counts["bom"]))
    result.counts = {**counts, "nul": 0}
    return result


def line_blocks(path, *, display: str, options: Options, block_bytes: int) -> tuple[list[Block], tuple | None]:
    """Cut a JSON Lines file into blocks of about ``block_bytes`` that end at the end of a
    line, and gather the field names of all its records (in order of first appearance:
    they choose the columns, for every block as for the whole file). One block, and no
    names, for a small file or one that is not read line by line (UTF-16/32, binary, no
    record, no date or text field: read whole, it gives its own error)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        head = fh.read(BINARY_SNIFF)
    if size <= block_bytes or wide_encoding(head) is not None or looks_binary(head):
        return [Block(0, size, 1)], None
    blocks, objects, start, first_line, pos = [], [], 0, 1, 0
    with open(path, "rb") as fh:
        for no, raw in enumerate(fh, start=1):  # (lines end at b"\n" only, as in _read_lines)
            pos += len(raw)
            obj = _object_of(decode_lines(raw, first=no == 1)[0])
            if obj is not None:
                objects.append(obj.keys())
            if pos - start >= block_bytes and pos < size:
                blocks.append(Block(start, pos, first_line))
                start, first_line = pos, no + 1
            if len(objects) > 1000:  # the names so far, not every record's
                objects = [_field_names(objects)]
    blocks.append(Block(start, size, first_line))
    keys = _field_names(objects)
    try:
        check_required(resolve_columns(keys, mapping=options.mapping, path=display), keys, path=display)
    except InputError:
        return [Block(0, size, 1)], None
    return blocks, tuple(keys)


def _object_of(line: str):
    """The JSON object on a line, or None (blank, not JSON, not an object)."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except _UNREADABLE:
        return None
    return obj if isinstance(obj, dict) else None

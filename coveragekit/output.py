"""Writing outputs safely: every file is written to a temporary file in the same folder and
renamed into place, so a run stopped midway leaves the previous output intact. Files get
the permissions of the user's umask (normally ``-rw-r--r--``), as a file written directly
would: a temporary file is private until it is complete, not after."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import tempfile
from pathlib import Path

import pandas as pd

from ._fast.csv_arrow import csv_rows, pandas_csv
from ._fast.pool import run_chunks
from .errors import OptionError

__all__ = ["atomic_write_bytes", "atomic_write_text", "write_table", "write_json", "write_temp", "discard",
           "table_bytes", "parquet_bytes"]


def atomic_write_bytes(path, data: bytes) -> Path:
    path = Path(path)
    tmp = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    return path


_UMASK: list[int] = []


def file_mode() -> int:
    """The mode a new file gets from the process's umask (0o644 for the usual 022). Read
    once: setting the umask to read it is not safe to do from several threads."""
    if not _UMASK:
        old = os.umask(0o022)
        os.umask(old)
        _UMASK.append(old)
    return 0o666 & ~_UMASK[0]


def write_temp(path, data) -> Path:
    """Write ``data`` (bytes, or an iterable of pieces of bytes) to a new temporary file
    next to ``path`` (flushed to disk) and return its name: ``os.replace(tmp, path)`` then
    puts it in place at once."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OptionError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="check that the output folder can be created and written to") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), file_mode())  # mkstemp's file is 0600
            if isinstance(data, (bytes, bytearray, memoryview)):
                fh.write(data)
            else:
                for piece in data:
                    fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        discard(tmp)
        raise
    return Path(tmp)


def discard(tmp) -> None:
    """Delete a temporary file from :func:`write_temp` (quietly, if it is gone)."""
    try:
        os.unlink(tmp)
    except OSError:
        pass


def atomic_write_text(path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


# Rows per piece: each piece's text must stay under the 2 GB an Arrow string array holds.
_PIECE_ROWS = 20_000
# From this many fields (rows x columns), the pieces are formatted in worker processes
# (below, moving the bytes between processes costs more than it saves).
_WORKERS_FROM = 1_000_000


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as CSV bytes (see :func:`_csv_chunks`)."""
    return b"".join(_csv_chunks(df))


def _csv_chunks(df: pd.DataFrame):
    """``df`` as CSV bytes, in pieces: the header, then the lines. Each line depends on its
    row alone, so long tables are formatted in pieces and joined: the same bytes as one
    call. Very long ones are formatted by worker processes; otherwise the pieces are made
    one at a time as they are written, so a large table never sits in memory twice."""
    yield pandas_csv(df.iloc[:0]).encode("utf-8")
    if len(df) == 0:
        return

    many = len(df) * max(1, df.shape[1]) >= _WORKERS_FROM
    if many and multiprocessing.parent_process() is None:  # (inside a worker: no workers of its own)
        yield from run_chunks(functools.partial(_csv_piece, df), len(df), min_rows=len(df))
    else:
        for s in range(0, len(df), _PIECE_ROWS):
            yield _csv_piece(df, s, min(len(df), s + _PIECE_ROWS))


def _csv_piece(df: pd.DataFrame, a: int, b: int) -> bytes:
    """The lines of rows ``a:b`` of ``df``, formatted ``_PIECE_ROWS`` rows at a time."""
    return b"".join(csv_rows(df.iloc[s: min(b, s + _PIECE_ROWS)]) for s in range(a, b, _PIECE_ROWS))


def table_bytes(df: pd.DataFrame, path):
    """``df`` as the bytes of a CSV or Parquet file (by the extension of ``path``): bytes,
    or for CSV an iterator of pieces of bytes (what :func:`write_temp` takes)."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext == ".csv":
        return _csv_chunks(df)
    if ext in (".parquet", ".pq"):
        return parquet_bytes(df)
    raise OptionError(f"cannot write '{path.name}': the extension must be .csv or .parquet",
                      hint="name the output file articles.csv or articles.parquet")


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as the bytes of a Parquet file (without its index)."""
    import io

    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def write_table(df: pd.DataFrame, path) -> Path:
    """Write ``df`` as CSV or Parquet (by the extension), atomically and deterministically."""
    return atomic_write_bytes(path, table_bytes(df, path))


def write_json(obj, path) -> Path:
    return atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


file_mode()  # read the umask once, here, before any worker thread writes

"""Writing outputs safely: every file is written to a temporary file in the same folder and
renamed into place, so a run stopped midway leaves the previous output intact. Files get
the permissions of the user's umask (normally ``-rw-r--r--``), as a file written directly
would: a temporary file is private until it is complete, not after."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

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


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def _pandas_csv(df: pd.DataFrame, *, header: bool = True) -> str:
    """The kit's CSV: pandas' writer, ISO dates in UTC, floats with 10 significant digits."""
    return _csv_ready(df).to_csv(index=False, header=header, lineterminator="\n", float_format="%.10g")


def _arrow_fields(s: pd.Series):
    """A column as the CSV fields :func:`_pandas_csv` writes for it (Python's csv rules:
    a field holding a comma, a quote or a newline is quoted, quotes doubled; missing is
    empty), as an Arrow string array; None for a column it does not know how to write."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dt = s.dtype
    numpy_kind = None if isinstance(dt, pd.api.extensions.ExtensionDtype) else dt.kind
    if numpy_kind == "f":
        values = s.to_numpy().astype(np.float64)
        if len(values) < 1000:
            return pa.array(["" if v != v else "%.10g" % v for v in values.tolist()], type=pa.string())
        # scores repeat a lot: each distinct value (by its bits, so -0.0 stays "-0") is
        # formatted once
        bits, where = np.unique(values.view(np.int64), return_inverse=True)
        texts = pa.array(["" if v != v else "%.10g" % v for v in bits.view(np.float64).tolist()], type=pa.string())
        return texts.take(pa.array(where.ravel()))
    if numpy_kind in ("i", "u"):
        return pc.cast(pa.array(s.to_numpy()), pa.string())
    if numpy_kind == "b":
        return pa.array(np.where(s.to_numpy(), "True", "False"), type=pa.string())
    if isinstance(dt, pd.DatetimeTZDtype):
        s = s.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype("string")
    elif numpy_kind == "O":
        if not all(v is None or isinstance(v, str) or (isinstance(v, float) and v != v) for v in s.tolist()):
            return None
        s = s.astype("string")
    elif not isinstance(dt, pd.StringDtype):
        return None
    arr = pa.array(s, type=pa.string())
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(pc.match_substring_regex(arr, '[,"\n]'), quoted, arr), "")


def _csv_rows(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` (no header) as :func:`_pandas_csv` writes them, UTF-8 encoded,
    built column by column with Arrow's string kernels: pandas formats every value in
    Python, which made writing the tables of a large corpus a good part of a re-run. The
    lines are taken straight from the joined Arrow array's data buffer, never made into
    Python strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if df.shape[1] >= 2 and len(df):  # one column: an empty row is written as "" there
        fields = [_arrow_fields(df[c]) for c in df.columns]
        if all(f is not None for f in fields):
            fields[-1] = pc.binary_join_element_wise(fields[-1], "", "\n")  # each line ends in "\n"
            lines = pc.binary_join_element_wise(*fields, ",")
            if isinstance(lines, pa.ChunkedArray):
                lines = lines.combine_chunks()
            if lines.null_count == 0 and lines.type == pa.string():
                offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset: lines.offset + len(lines) + 1]
                return memoryview(lines.buffers()[2])[int(offsets[0]): int(offsets[-1])].tobytes()
    return _pandas_csv(df, header=False).encode("utf-8")


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
    import multiprocessing

    from ._fast.pool import run_chunks

    yield _pandas_csv(df.iloc[:0]).encode("utf-8")
    if len(df) == 0:
        return

    def piece(a, b):
        return b"".join(_csv_rows(df.iloc[s: min(b, s + _PIECE_ROWS)]) for s in range(a, b, _PIECE_ROWS))

    many = len(df) * max(1, df.shape[1]) >= _WORKERS_FROM
    if many and multiprocessing.parent_process() is None:  # (inside a worker: no workers of its own)
        yield from run_chunks(piece, len(df), min_rows=len(df))
    else:
        for s in range(0, len(df), _PIECE_ROWS):
            yield piece(s, min(len(df), s + _PIECE_ROWS))


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

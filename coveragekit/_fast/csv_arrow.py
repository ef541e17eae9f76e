"""The kit's CSV, formatted column by column with Arrow's string kernels.

The kit's CSV is pandas' writer with ISO dates in UTC and floats with 10 significant
digits: :func:`pandas_csv` is that plain reference. pandas formats every value in Python,
which made writing the tables of a large corpus a good part of a re-run;
:func:`csv_rows` gives the same bytes from Arrow arrays, without making a Python string
per value, and falls back to :func:`pandas_csv` for a column it does not know how to
write. ``tests/test_fast_csv_arrow.py`` checks that the two give the same bytes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["pandas_csv", "csv_rows", "arrow_fields"]


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def pandas_csv(df: pd.DataFrame, *, header: bool = True) -> str:
    """The kit's CSV (the plain reference): pandas' writer, ISO dates in UTC, floats with
    10 significant digits."""
    return _csv_ready(df).to_csv(index=False, header=header, lineterminator="\n", float_format="%.10g")


def arrow_fields(s: pd.Series):
    """A column as the CSV fields :func:`pandas_csv` writes for it (Python's csv rules:
    a field holding a comma, a quote or a newline is quoted, quotes doubled; missing is
    empty), as an Arrow string array; None for a column it does not know how to write."""
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


def csv_rows(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` (no header) as :func:`pandas_csv` writes them, UTF-8 encoded,
    built column by column with Arrow's string kernels. The lines are taken straight from
    the joined Arrow array's data buffer, never made into Python strings."""
    if df.shape[1] >= 2 and len(df):  # one column: an empty row is written as "" there
        fields = [arrow_fields(df[c]) for c in df.columns]
        if all(f is not None for f in fields):
            fields[-1] = pc.binary_join_element_wise(fields[-1], "", "\n")  # each line ends in "\n"
            lines = pc.binary_join_element_wise(*fields, ",")
            if isinstance(lines, pa.ChunkedArray):
                lines = lines.combine_chunks()
            if lines.null_count == 0 and lines.type == pa.string():
                offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset: lines.offset + len(lines) + 1]
                return memoryview(lines.buffers()[2])[int(offsets[0]): int(offsets[-1])].tobytes()
    return pandas_csv(df, header=False).encode("utf-8")

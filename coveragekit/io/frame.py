"""Rows of a table already in memory (a DataFrame, a spreadsheet's sheet) as raw records.

The same mapping of column names, date reading and rejections as a CSV file: a
student's ``pd.read_csv(...)`` frame, or a sheet of an ``.xlsx`` workbook, goes through
:func:`read_rows` and comes out as articles and rejected records.
"""

from __future__ import annotations

import pandas as pd

from ._base import FileResult
from ._records import Options, RawRecord, build_articles, check_required, resolve_columns


def _plain(value):
    """A cell as the readers see it: text, a number, a timestamp; missing as None."""
    if value is None or value is pd.NaT:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "isoformat") and not isinstance(value, str):  # datetime / date from a sheet
        return value.isoformat()
    return value


def read_rows(keys: list[str], rows, *, display: str, options: Options, fmt: str, locator: str = "row",
              encoding: str = "", first: int = 1) -> FileResult:
    """Article rows and rejections from ``rows`` (tuples of cells in the order of ``keys``).
    Records are located as ``DISPLAY:row N``, N counting from ``first`` (a sheet's own row
    numbers; 1 for a DataFrame's first row)."""
    keys = [str(k) for k in keys]
    chosen = resolve_columns(keys, mapping=options.mapping, path=display)
    check_required(chosen, keys, path=display)
    result = FileResult(file=display, format=fmt, encoding=encoding)
    recs = []
    for n, row in enumerate(rows, start=first):
        cells = [_plain(v) for v in row]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue  # a blank line of a sheet: not a record
        fields = dict(zip(keys, cells))
        recs.append(RawRecord(f"{display}:{locator} {n}", fields, " | ".join("" if c is None else str(c)
                                                                         for c in cells)[:500]))
    rows_, rej = build_articles(recs, chosen=chosen, options=options, source_name=display)
    result.rows.extend(rows_)
    result.rejections.extend(rej)
    if not recs:
        result.note = "no rows"
    return result


def read_frame(df: pd.DataFrame, *, display: str, options: Options) -> FileResult:
    """The rows of a DataFrame, as a file of records named ``display``."""
    keys = [str(c) for c in df.columns]
    return read_rows(keys, df.itertuples(index=False, name=None), display=display, options=options,
                     fmt="dataframe")

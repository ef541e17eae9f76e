"""Parquet files, read in record batches."""

from __future__ import annotations

from ..errors import InputError
from ._base import FileResult
from ._records import Options, RawRecord, build_articles, check_required, resolve_columns


def read_parquet(path, *, display: str, options: Options) -> FileResult:
    import pyarrow.parquet as pq  # (pyarrow's Parquet reader: imported for Parquet files only)

    try:
        pf = pq.ParquetFile(path)
    except PermissionError:
        raise InputError("cannot be read: permission denied", path=display) from None
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(f"is not a readable Parquet file ({type(exc).__name__}: {exc})".split("\n")[0],
                         path=display, hint="re-export it, or check its extension") from None
    keys = list(pf.schema_arrow.names)
    chosen = resolve_columns(keys, mapping=options.mapping, path=display)
    check_required(chosen, keys, path=display)
    result = FileResult(file=display, format="parquet", encoding="parquet")
    n = 0
    for batch in pf.iter_batches(batch_size=20_000):
        recs = []
        for rec in batch.to_pylist():
            n += 1
            recs.append(RawRecord(f"{display}:row {n}", rec, ""))
        rows, rej = build_articles(recs, chosen=chosen, options=options, source_name=display)
        result.rows.extend(rows)
        result.rejections.extend(rej)
    if n == 0:
        result.note = "no rows"
    return result

"""Writing outputs safely: every file is written to a temporary file in the same folder and
renamed into place, so a run stopped midway leaves the previous output intact."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OptionError

__all__ = ["atomic_write_bytes", "atomic_write_text", "write_table", "write_json"]


def atomic_write_bytes(path, data: bytes) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OptionError(f"cannot write {path}: {exc.strerror or exc}",
                          hint="check that the output folder can be created and written to") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def atomic_write_text(path, text: str) -> Path:
    return atomic_write_bytes(path, text.encode("utf-8"))


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.DatetimeTZDtype):
            out[c] = out[c].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as CSV bytes. Each line depends on its row alone, so long tables are
    formatted in chunks over the cores and joined: the same bytes as one call."""
    from ._parallel import run_chunks

    def chunk(a, b):
        part = _csv_ready(df.iloc[a:b]).to_csv(index=False, header=a == 0, lineterminator="\n", float_format="%.10g")
        return part.encode("utf-8")

    if len(df) == 0:
        return chunk(0, 0)
    return b"".join(run_chunks(chunk, len(df), min_rows=50_000))


def write_table(df: pd.DataFrame, path) -> Path:
    """Write ``df`` as CSV or Parquet (by the extension), atomically and deterministically."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext == ".csv":
        return atomic_write_bytes(path, _csv_bytes(df))
    if ext in (".parquet", ".pq"):
        import io

        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return atomic_write_bytes(path, buf.getvalue())
    raise OptionError(f"cannot write '{path.name}': the extension must be .csv or .parquet",
                      hint="name the output file articles.csv or articles.parquet")


def write_json(obj, path) -> Path:
    return atomic_write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

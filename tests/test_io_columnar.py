"""coveragekit.io.columnar: Parquet files, damaged, empty or of unusual column types.

Moved from tests/test_bad_inputs.py: the loader either stops with one clear line or loads
with every record accounted for."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck


def test_parquet_that_is_not_parquet(tmp_path):
    one_line_error(write(tmp_path, "fake.parquet", "date,title\n2025-03-01,A\n"), "is not a readable Parquet file")
    pq.write_table(pa.table({"date": ["2025-03-01"], "title": ["A"]}), tmp_path / "whole.parquet")
    data = (tmp_path / "whole.parquet").read_bytes()
    cut = write(tmp_path, "cut.parquet", data[: len(data) // 2])
    one_line_error(cut, "is not a readable Parquet file")


def test_parquet_with_nested_binary_and_typed_date_columns(tmp_path):
    import datetime as dt

    table = pa.table({
        "date": pa.array([dt.datetime(2025, 3, 1, 12), None, dt.datetime(1850, 1, 1)], pa.timestamp("us")),
        "title": ["Kept", "No date", "Too old"],
        "tags": [["a", "b"], [], None],
        "seen": pa.array([[dt.datetime(2025, 3, 1)], None, None], pa.list_(pa.timestamp("us"))),
        "blob": [b"\x00\x01", None, b"x"],
    })
    pq.write_table(table, tmp_path / "typed.parquet")
    loaded = accounted(ck.load(tmp_path / "typed.parquet"))
    a = loaded.articles.iloc[0]
    assert a["published_at"] == pd.Timestamp("2025-03-01 12:00", tz="UTC")
    assert (a["tags"], a["seen"], a["blob"]) == ('["a", "b"]', '["2025-03-01 00:00:00"]', "b'\\x00\\x01'")
    assert reasons(loaded) == {
        "typed.parquet:row 2": "no publication date",
        "typed.parquet:row 3": "date '1850-01-01 00:00:00' is before 1900",
    }


def test_parquet_without_rows(tmp_path):
    pq.write_table(pa.table({"date": pa.array([], pa.string()), "title": pa.array([], pa.string())}),
                   tmp_path / "empty.parquet")
    loaded = accounted(ck.load(tmp_path / "empty.parquet"))
    assert loaded.n_read == 0 and loaded.files.loc[0, "note"] == "no rows"

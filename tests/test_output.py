"""Writing tables: the fast CSV writer gives exactly the bytes of pandas' writer."""

import numpy as np
import pandas as pd
import pytest

from coveragekit.output import _csv_bytes, _pandas_csv

TRICKY = ["plain", "", None, 'He said "no"', "a,b", "two\nlines", "cr\ronly", " padded ", "ñandú", "'single'",
          '"', ",", "\n", "tab\there", "emoji 🙂", "=1+1"]


def _frame(n):
    rng = np.random.default_rng(5)
    strings = [TRICKY[i % len(TRICKY)] for i in range(n)]
    floats = rng.normal(size=n)
    floats[::7] = np.nan
    floats[1::11] = 0.1 + 0.2  # 0.30000000000000004 -> 0.3 at 10 digits
    floats[2::13] = np.inf
    floats[3::17] = -0.0
    floats[4::19] = 12345678901234.0
    dates = pd.Series(pd.date_range("2025-01-01", periods=n, freq="37min", tz="UTC"))
    dates[5::23] = pd.NaT
    return pd.DataFrame({
        "s": pd.array(strings, dtype="string"),
        "o": pd.Series(strings, dtype=object),
        "f": floats,
        "i": rng.integers(-5, 10**12, size=n),
        "u": np.arange(n, dtype=np.uint32),
        "b": rng.random(n) > 0.5,
        "d": dates,
    })


@pytest.mark.parametrize("n", [1, 40, 60_000])  # 60,000 rows: formatted in chunks over the cores
def test_fast_csv_equals_pandas(n):
    df = _frame(n)
    assert _csv_bytes(df) == _pandas_csv(df).encode("utf-8")


@pytest.mark.parametrize("df", [
    pd.DataFrame({"only": pd.array(["", "x", None], dtype="string")}),  # one column: "" is quoted there
    pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "s": ["a", "b", "c"]}),  # nullable ints
    pd.DataFrame({"c": pd.Categorical(["x", "y", "x"]), "s": ["a", "b", "c"]}),
    pd.DataFrame({"mixed": [1, "two", 3.5], "s": ["a", "b", "c"]}),
    pd.DataFrame({"a": pd.Series([], dtype="string"), "b": pd.Series([], dtype=float)}),
])
def test_other_columns_fall_back_to_pandas(df):
    assert _csv_bytes(df) == _pandas_csv(df).encode("utf-8")


def test_pieces_and_workers_give_the_same_bytes(monkeypatch):
    from coveragekit import output

    df = _frame(500)
    monkeypatch.setattr(output, "_PIECE_ROWS", 7)  # pieces ending mid-way through the tricky strings
    monkeypatch.setattr(output, "_WORKERS_FROM", 100)  # and formatted in worker processes
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    assert _csv_bytes(df) == _pandas_csv(df).encode("utf-8")


def test_a_table_written_piece_by_piece_is_the_same_file(monkeypatch, tmp_path):
    # pieces formatted one at a time as they are written (a large table is never held
    # twice in memory): the same file as pandas writes
    from coveragekit import output

    df = _frame(500)
    monkeypatch.setattr(output, "_PIECE_ROWS", 7)
    monkeypatch.setattr(output, "_WORKERS_FROM", 10**9)  # no workers: the pieces made as written
    pieces = list(output._csv_chunks(df))
    assert len(pieces) == 1 + -(-500 // 7)  # the header, then one piece per 7 rows
    path = output.write_table(df, tmp_path / "t.csv")
    assert path.read_bytes() == _pandas_csv(df).encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left

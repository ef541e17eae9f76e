"""The Arrow CSV kernel (coveragekit._fast.csv_arrow.csv_rows) gives exactly the bytes of
its plain reference, pandas' writer (pandas_csv)."""

import numpy as np
import pandas as pd
import pytest

import coveragekit as ck
from coveragekit._fast.csv_arrow import csv_rows, pandas_csv

TRICKY = ["plain", "", None, 'He said "no"', "a,b", "two\nlines", "cr\ronly", " padded ", "ñandú", "'single'",
          '"', ",", "\n", "tab\there", "emoji 🙂", "=1+1"]


def frame(n):
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


def kernel_csv(df):
    return pandas_csv(df.iloc[:0]).encode("utf-8") + (csv_rows(df) if len(df) else b"")


@pytest.mark.parametrize("n", [1, 40, 60_000])  # 60,000 rows: formatted in chunks over the cores
def test_fast_csv_equals_pandas(n):
    df = frame(n)
    assert kernel_csv(df) == pandas_csv(df).encode("utf-8")


@pytest.mark.parametrize("df", [
    pd.DataFrame({"only": pd.array(["", "x", None], dtype="string")}),  # one column: "" is quoted there
    pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "s": ["a", "b", "c"]}),  # nullable ints
    pd.DataFrame({"c": pd.Categorical(["x", "y", "x"]), "s": ["a", "b", "c"]}),
    pd.DataFrame({"mixed": [1, "two", 3.5], "s": ["a", "b", "c"]}),
    pd.DataFrame({"a": pd.Series([], dtype="string"), "b": pd.Series([], dtype=float)}),
])
def test_other_columns_fall_back_to_pandas(df):
    assert kernel_csv(df) == pandas_csv(df).encode("utf-8")


def test_the_demo_article_table_equals_pandas():
    arts = ck.load_demo()
    assert kernel_csv(arts) == pandas_csv(arts).encode("utf-8")

"""The output folder of coveragekit.pipeline.outputs: the Parquet datasets of the long tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coveragekit.cli import main
from coveragekit.errors import OptionError
from coveragekit.pipeline import outputs

FIX = Path(__file__).parent / "fixtures" / "io"


def _csv(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, keep_default_na=False, dtype=str)


def _same_values(back: pd.DataFrame, csv: pd.DataFrame, name: str) -> None:
    """The Parquet table holds the CSV file's values: numbers equal to the CSV's printed
    digits (10 significant), text equal, missing where the CSV cell is empty."""
    for c in csv.columns:
        got, want = back[c].reset_index(drop=True), csv[c]
        if pd.api.types.is_numeric_dtype(got) and not pd.api.types.is_bool_dtype(got):
            expected = pd.to_numeric(want.replace("", None)).astype(float)
            assert got.isna().tolist() == expected.isna().tolist(), (name, c)
            there = expected.notna()
            assert ((got[there] - expected[there]).abs() <= 1e-9 * expected[there].abs().clip(lower=1)).all(), (name, c)
        elif pd.api.types.is_datetime64_any_dtype(got):
            assert (got.dt.strftime("%Y-%m-%d") == want.str[:10]).all(), (name, c)
        elif pd.api.types.is_bool_dtype(got):
            assert got.astype(str).tolist() == want.tolist(), (name, c)
        else:
            assert got.astype(object).where(got.notna(), "").astype(str).tolist() == want.tolist(), (name, c)


def test_parquet_datasets_hold_the_rows_of_the_csv_tables_in_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "PARQUET_ROWS", 7)  # several parts even for a small input
    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet",
                 "--parquet"]) == 0
    for name in ("articles", "mentions", "quotes", "frames"):
        folder = out / "parquet" / name
        parts = sorted(p.name for p in folder.iterdir())
        csv = _csv(out, f"{name}.csv")
        # parts of at most 7 rows, numbered from 0, as many as the rows need (one when empty)
        assert parts == [f"part-{i:05d}.parquet" for i in range(max(1, -(-len(csv) // 7)))], name
        back = pd.read_parquet(folder)
        assert list(back.columns) == list(csv.columns), name
        assert len(back) == len(csv), name
        _same_values(back, csv, name)
    ids = pd.read_parquet(out / "parquet" / "articles")["article_id"].astype(str).tolist()
    assert ids == _csv(out, "articles.csv")["article_id"].tolist()  # same order as the CSV file


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # (dask 2025 calls a pandas keyword pandas deprecates)
def test_dask_reads_a_parquet_dataset(tmp_path, monkeypatch):
    import dask.dataframe as dd  # (the dask extra: part of the dev install)

    monkeypatch.setattr(outputs, "PARQUET_ROWS", 5)
    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet",
                 "--parquet"]) == 0
    mentions = dd.read_parquet(str(out / "parquet" / "mentions"))
    csv = _csv(out, "mentions.csv")
    assert mentions.npartitions == -(-len(csv) // 5)
    assert int(mentions["n"].sum().compute()) == csv["n"].astype(int).sum()


def test_a_smaller_rerun_leaves_no_part_of_the_earlier_table(tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "PARQUET_ROWS", 3)
    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet",
                 "--parquet"]) == 0
    monkeypatch.setattr(outputs, "PARQUET_ROWS", 1000)
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet",
                 "--parquet"]) == 0
    for name in ("articles", "mentions", "quotes", "frames"):
        assert sorted(p.name for p in (out / "parquet" / name).iterdir()) == ["part-00000.parquet"]


def test_without_the_option_the_local_engine_writes_no_parquet(tmp_path):
    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    assert not (out / "parquet").exists()


def test_a_parquet_folder_the_kit_did_not_write_is_not_replaced(tmp_path):
    import coveragekit as ck

    out = tmp_path / "o"
    mine = out / "parquet" / "mentions" / "part-00000.parquet"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"the user's own file")
    with pytest.raises(OptionError, match="parquet/mentions/part-00000.parquet"):
        ck.analyze(ck.load(FIX / "mediacloud_export.csv"), out=out, n_topics=2, parquet=True)
    assert mine.read_bytes() == b"the user's own file"

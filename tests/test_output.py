"""Writing tables: the CSV pieces (in worker processes or made as they are written) give
exactly the bytes of pandas' writer. (The Arrow kernel itself: tests/test_fast_csv_arrow.py.)"""

from test_fast_csv_arrow import frame

from coveragekit._fast.csv_arrow import pandas_csv
from coveragekit.output import _csv_bytes


def test_a_long_table_formatted_in_chunks_over_the_cores_equals_pandas():
    df = frame(60_000)  # 60,000 rows x 7 columns: formatted by worker processes
    assert _csv_bytes(df) == pandas_csv(df).encode("utf-8")


def test_pieces_and_workers_give_the_same_bytes(monkeypatch):
    from coveragekit import output

    df = frame(500)
    monkeypatch.setattr(output, "_PIECE_ROWS", 7)  # pieces ending mid-way through the tricky strings
    monkeypatch.setattr(output, "_WORKERS_FROM", 100)  # and formatted in worker processes
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    assert _csv_bytes(df) == pandas_csv(df).encode("utf-8")


def test_a_table_written_piece_by_piece_is_the_same_file(monkeypatch, tmp_path):
    # pieces formatted one at a time as they are written (a large table is never held
    # twice in memory): the same file as pandas writes
    from coveragekit import output

    df = frame(500)
    monkeypatch.setattr(output, "_PIECE_ROWS", 7)
    monkeypatch.setattr(output, "_WORKERS_FROM", 10**9)  # no workers: the pieces made as written
    pieces = list(output._csv_chunks(df))
    assert len(pieces) == 1 + -(-500 // 7)  # the header, then one piece per 7 rows
    path = output.write_table(df, tmp_path / "t.csv")
    assert path.read_bytes() == pandas_csv(df).encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left

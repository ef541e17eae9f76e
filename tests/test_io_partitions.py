"""coveragekit.io.partitions: the input read as partitions gives what load() gives."""

import itertools
import pickle
from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.datasets import demo_paths
from coveragekit.io.partitions import (
    Partition,
    id_counts,
    id_offsets,
    join_partitions,
    number_partition,
    plan_partitions,
    read_partition,
)
from coveragekit.schema import make_article_id

NOW = "2026-01-01"
URL_A = "https://example.org/a"


def _same_as_load(paths, *, block_bytes, **options):
    """Plan, read every partition on its own (each pickled and back, as an engine sends
    them), join; compare with load(). Returns the partitions and the joined result."""
    parts = plan_partitions(paths, block_bytes=block_bytes, **options)
    reads = [read_partition(pickle.loads(pickle.dumps(p)), now=NOW, **options) for p in parts]
    for r in reads:  # every partition's own account adds up
        assert (r.files["n_read"] == r.files["n_loaded"] + r.files["n_rejected"]).all()
        assert int(r.files["n_loaded"].sum()) == len(r.articles)
        assert int(r.files["n_rejected"].sum()) == len(r.rejected)
    joined = join_partitions(reads)
    ref = ck.load(paths, mark_duplicates=False, now=NOW, **options)
    pd.testing.assert_frame_equal(joined.articles, ref.articles)
    pd.testing.assert_frame_equal(joined.rejected, ref.rejected)
    pd.testing.assert_frame_equal(joined.files, ref.files)
    assert (ref.files["n_read"] == ref.files["n_loaded"] + ref.files["n_rejected"]).all()
    return parts, joined


# One group of records of the CSV fixture, 8 lines: an article whose text holds a newline
# in quotes (lines 1-2), a row with an impossible date (3), a row with neither title nor text
# (4), an article with quotes, a comma and two newlines inside its fields (5-7), and a row
# whose quote is never closed (8): it runs on into the next group's first line, is rejected,
# and that line is read again.
GROUP = (
    '2025-02-20,Wire,Cartels designated,"First line\nsecond line of the body",' + URL_A + "\n"
    "2025-02-31,Wire,Bad date,Body,https://example.org/b\n"
    "2025-02-21,Wire,,,https://example.org/c\n"
    '2025-02-21,Wire,"Quote ""inside"" title","Sheinbaum: «no subordinación», a comma\n'
    "and a second line\nand a third\",https://example.org/d/{g}\n"
    '2025-03-01,Wire,"Stray quote,Body,https://example.org/s\n'
)
N_GROUPS = 12


def _csv_fixture(tmp_path):
    text = "date,outlet,title,text,url\n" + "".join(GROUP.replace("{g}", str(g)) for g in range(N_GROUPS))
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    # last, a record with a cp1252 byte (the file is mixed): it also closes the last stray quote
    data += b'2025-03-02,Wire,"Closing",Pe\xf1a,https://example.org/z\n'
    path = tmp_path / "wire.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("block_bytes", [40, 97, 300, 333])  # blocks cut after every kind of record
def test_a_csv_with_quoted_newlines_read_in_many_blocks_is_what_load_reads(tmp_path, block_bytes):
    path = _csv_fixture(tmp_path)
    parts, joined = _same_as_load(path, block_bytes=block_bytes)
    assert len(parts) >= 8 and all(p.block is not None for p in parts)
    data = path.read_bytes()
    for p in parts[1:]:  # every block starts a record (never inside quotes): at a line start
        assert data[p.block.start - 1:p.block.start] == b"\n"
        group_line = (p.block.first_line - 2) % 8
        assert group_line in (0, 2, 3, 4, 7)  # the first line of a record of the group
    arts, rej = joined.articles, joined.rejected
    # two articles a group and the closing one; three rejections a group
    assert len(arts) == 2 * N_GROUPS + 1 and len(rej) == 3 * N_GROUPS
    assert rej["record"].tolist() == [f"wire.csv:{n + 8 * g}" for g in range(N_GROUPS) for n in (4, 5, 9)]
    assert rej["reason"][0] == "date '2025-02-31' is not a real calendar date"
    assert rej["reason"][1] == "no title and no text"
    assert rej["reason"][2].startswith('a quote (") in this row is never closed')
    assert arts["source"].tolist()[:4] == ["wire.csv:2", "wire.csv:6", "wire.csv:10", "wire.csv:14"]
    assert arts["text"][0] == "First line second line of the body"  # (a single newline is a space)
    assert arts["title"][1] == 'Quote "inside" title'
    assert arts["text"].iloc[-1] == "Peña"
    # the same URL in every group, read in different blocks: numbered in reading order
    base = make_article_id(url=URL_A)
    assert arts["article_id"][arts["url"] == URL_A].tolist() == [base] + [f"{base}-{k}" for k in range(2, 13)]
    files = joined.files.iloc[0]
    assert (files["n_read"], files["n_loaded"], files["n_rejected"]) == (5 * N_GROUPS + 1, 2 * N_GROUPS + 1,
                                                                         3 * N_GROUPS)
    assert files["encoding"] == "utf-8+cp1252 (mixed)"


def test_a_json_lines_file_with_a_broken_line_read_in_blocks_is_what_load_reads(tmp_path):
    lines = []
    for g in range(10):
        lines += [f'{{"date": "2025-02-2{g % 9}", "title": "Designation {g}", "url": "{URL_A}"}}',
                  '{"date": "2025-02-21", "title": ',  # broken off
                  "",
                  f'{{"date": "2025-03-0{g % 9 + 1}", "title": "No invasión {g}", "url": "{URL_A}"}}',
                  "[1, 2]"]
    # a field only the last record has: a column for all, empty in the other rows
    lines.append('{"date": "2025-04-01", "title": "Last", "url": "https://example.org/z", "section": "Mexico"}')
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts, joined = _same_as_load(path, block_bytes=200)
    assert len(parts) >= 5
    arts, rej = joined.articles, joined.rejected
    assert len(arts) == 21 and len(rej) == 20
    assert rej["record"].tolist() == [f"feed.jsonl:{n + 5 * g}" for g in range(10) for n in (2, 5)]
    assert rej["reason"][0].startswith("line is not valid JSON")
    assert rej["reason"][1] == "line is not a JSON object"
    assert arts["section"].tolist() == [""] * 20 + ["Mexico"]
    base = make_article_id(url=URL_A)
    assert arts["article_id"].tolist()[:3] == [base, f"{base}-2", f"{base}-3"]
    assert arts["article_id"].tolist()[19] == f"{base}-20"
    assert joined.files["encoding"].tolist() == ["utf-8"]  # "ó" is UTF-8 in every block


@pytest.mark.parametrize("block_bytes", [10_000, 64 * 1024 * 1024])
def test_the_demo_files_read_as_partitions_are_what_load_reads(block_bytes):
    parts, joined = _same_as_load(demo_paths(), block_bytes=block_bytes)
    n_files = len(joined.files)
    assert n_files == 9  # five JSON Lines files and four pages
    assert len(parts) > 40 if block_bytes == 10_000 else len(parts) == n_files
    assert len(joined.articles) == 226


def test_a_folder_with_files_skipped_or_unreadable_is_what_load_reads(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    _csv_fixture(folder)
    (folder / ".hidden.csv").write_text("date,title\n2025-02-20,x\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    # a large file without a date column: read whole, one rejected record, as load() does
    (folder / "nodate.csv").write_text("title,text\n" + "Title,Body\n" * 100)
    parts, joined = _same_as_load(folder, block_bytes=300)
    by_file = {p.display: p for p in parts}
    assert by_file["inbox/nodate.csv"].block is None
    assert by_file["inbox/.hidden.csv"].skipped == "hidden file skipped"
    assert set(joined.files["file"]) == {"inbox/.hidden.csv", "inbox/nodate.csv", "inbox/scan.pdf", "inbox/wire.csv"}
    assert joined.rejected["record"].tolist().count("inbox/nodate.csv") == 1
    assert int(joined.files["n_read"].sum()) == int(joined.files["n_loaded"].sum() + joined.files["n_rejected"].sum())


def test_ids_are_numbered_across_partitions_in_reading_order(tmp_path):
    # the same URL in the first and the third of three files (one partition each)
    for name, title in (("a.csv", "One"), ("b.csv", "Two"), ("c.csv", "Three")):
        url = URL_A if name != "b.csv" else "https://example.org/b"
        (tmp_path / name).write_text(f"date,title,url\n2025-02-20,{title},{url}\n2025-02-21,{title} again,{url}\n")
    parts = plan_partitions(tmp_path)
    reads = [read_partition(p, now=NOW) for p in parts]
    base = make_article_id(url=URL_A)
    assert reads[2].articles["article_id"].tolist() == [base, base]  # as read: not numbered yet
    offsets = id_offsets([id_counts(r) for r in reads])
    assert offsets == [{}, {}, {base: 2}]
    assert number_partition(reads[2], offsets[2])["article_id"].tolist() == [f"{base}-3", f"{base}-4"]
    assert reads[2].articles["article_id"].tolist() == [base, base]  # the read is left as it was
    b = make_article_id(url="https://example.org/b")
    expected = [base, f"{base}-2", b, f"{b}-2", f"{base}-3", f"{base}-4"]
    assert join_partitions(reads).articles["article_id"].tolist() == expected
    assert ck.load(tmp_path, now=NOW, mark_duplicates=False).articles["article_id"].tolist() == expected


def test_a_partition_is_a_small_description_not_the_data(tmp_path):
    path = _csv_fixture(tmp_path)
    parts = plan_partitions(path, block_bytes=300)
    assert all(isinstance(p, Partition) for p in parts)
    assert max(len(pickle.dumps(p)) for p in parts) < 400
    assert parts[0].block.start == 0 and parts[-1].block.stop == path.stat().st_size
    assert all(a.block.stop == b.block.start for a, b in itertools.pairwise(parts))  # no byte lost or read twice


@pytest.mark.parametrize("block_bytes", [50, 120])  # (the files cut here are over 200 bytes)
def test_the_reader_fixtures_read_as_partitions_are_what_load_reads(block_bytes):
    # a workbook, a zip archive, UTF-16/32 files (read whole), Excel's sep= line, a cp1252
    # CSV with semicolons, a TSV with a BOM, a Media Cloud export, broken JSON Lines, a
    # truncated JSON array, a feed, pages: small files cut into blocks of a line or two
    fixtures = Path(__file__).parent / "fixtures"
    parts, joined = _same_as_load([fixtures / "files", fixtures / "io"], block_bytes=block_bytes)
    blocks = [p for p in parts if p.block is not None]
    assert {p.display for p in blocks} >= {"io/cp1252_semicolon.csv", "io/mediacloud_export.csv",
                                           "files/excel_sep.csv", "io/broken_lines.jsonl"}
    assert not any(p.display == "io/bom.tsv" for p in blocks)  # one record: nothing to cut
    assert not any(p.display in ("files/utf16.csv", "files/utf32.csv") for p in blocks)  # read whole
    enc = dict(zip(joined.files["file"], joined.files["encoding"]))
    assert enc["io/cp1252_semicolon.csv"] == "cp1252" and enc["io/bom.tsv"] == "utf-8-sig"


def test_a_dataframe_is_not_cut_into_partitions():
    from coveragekit.errors import OptionError

    with pytest.raises(OptionError, match="a DataFrame is already in memory"):
        plan_partitions(pd.DataFrame({"date": ["2025-02-20"], "title": ["x"]}))

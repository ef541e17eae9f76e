"""Malformed inputs, one by one: the loader either stops with one clear line or loads with
every record accounted for (read = loaded + rejected, with a reason for each rejection).

Every fixture is written here by hand, and every expectation is read off the fixture: the
message fragment of the error, or which records load, which are rejected and why.
"""

import os
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck
from coveragekit.cli import main
from coveragekit.errors import InputError, OptionError


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("zero.csv", b"", "the file is empty (0 bytes)"),
        ("zero.json", b"", "the file is empty (0 bytes)"),
        ("zero.jsonl", b"", "the file is empty (0 bytes)"),
        ("zero.rss", b"", "the file is empty (0 bytes)"),
        ("zero.md", b"", "the file is empty (0 bytes)"),
        ("zero.parquet", b"", "is not a readable Parquet file"),
        ("bom_only.csv", b"\xef\xbb\xbf", "the first line (the header) is blank"),
        ("blank_header.csv", b"\n2025-03-01,A\n", "the first line (the header) is blank"),
        ("spaces_header.csv", b" , , \n2025-03-01,A,b\n", "the first line (the header) is blank"),
        ("only_delimiters.csv", b",,,\n,,,\n;;;\n", "the first line (the header) is blank"),
        ("only_newlines.csv", b"\n\n\r\n", "the first line (the header) is blank"),
        ("no_date.csv", b"title,body\nA,B\n", "no date column"),
        ("no_title.csv", b"date,outlet\n2025-03-01,Wire\n", "no title or text column"),
        ("no_date.json", b'[{"title": "A"}]', "no date column"),
        ("no_date.parquet", None, "no date column"),
    ],
)
def test_whole_file_problems_are_one_clear_error(tmp_path, name, content, fragment):
    if content is None:
        pq.write_table(pa.table({"headline": ["A"], "words": [3]}), tmp_path / name)
        p = tmp_path / name
    else:
        p = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        ck.load(p)
    line = str(err.value)
    assert fragment in line and name in line and "\n" not in line


def test_duplicate_ids_and_urls_are_kept_and_marked(tmp_path):
    p = write(tmp_path, "dups.json", """[
 {"id": "1", "url": "https://a-example.org/x", "date": "2025-03-01", "title": "Original"},
 {"id": "1", "url": "https://a-example.org/x", "date": "2025-03-01", "title": "Original"},
 {"id": "1", "url": "HTTPS://www.a-example.org/x/?utm_source=feed", "date": "2025-03-02", "title": "Same URL"}
]""")
    loaded = accounted(ck.load(p))
    a = loaded.articles
    assert len(a) == 3 and list(a["id"]) == ["1", "1", "1"]
    first = ck.make_article_id(url="https://a-example.org/x")
    assert list(a["article_id"]) == [first, f"{first}-2", f"{first}-3"]
    assert list(a["dup_kind"]) == ["original", "same url", "same url"]
    assert list(a["is_duplicate"]) == [False, True, True]
    dropped = accounted(ck.load(p, drop_duplicates=True))
    assert len(dropped.articles) == 1 and len(dropped.rejected) == 2


def test_folder_with_bad_files_spaces_and_non_ascii_names(tmp_path):
    root = tmp_path / "artículos de prueba"
    write(root, "export 1.csv", "date,title\n2025-03-01,Uno\n")
    write(root, "sub carpeta/notas.jsonl", '{"date": "2025-03-02", "title": "Dos"}\n')
    write(root, "vacío.csv", b"")
    write(root, "vacío.json", b"")
    write(root, "datos.csv", bytes((i * 7919 + 13) % 256 for i in range(4000)))
    write(root, "léeme", "not an article")
    write(root, ".oculto.csv", "date,title\n2025-03-01,Hidden\n")
    (root / "enlace roto.csv").symlink_to(root / "no existe.csv")
    (root / "carpeta.csv").mkdir()  # a folder with a file's name: walked, holds nothing
    locked = write(root, "bloqueado.csv", "date,title\n2025-03-01,Locked\n")
    locked.chmod(0)
    try:
        try:
            locked.open("rb").close()
            readable = True  # root reads it anyway
        except PermissionError:
            readable = False
        loaded = accounted(ck.load(root))
    finally:
        locked.chmod(0o644)
    base = "artículos de prueba"
    expected_titles = ["Uno", "Dos"] if not readable else ["Locked", "Uno", "Dos"]
    assert sorted(loaded.articles["title"]) == sorted(expected_titles)
    expected = {
        f"{base}/.oculto.csv": "hidden file skipped",
        f"{base}/datos.csv": "looks like a binary file, not CSV",
        f"{base}/enlace roto.csv": "cannot be read: No such file or directory",
        f"{base}/léeme": "not a supported file type ('léeme')",
        f"{base}/vacío.csv": "the file is empty (0 bytes)",
        f"{base}/vacío.json": "the file is empty (0 bytes)",
    }
    if not readable:
        expected[f"{base}/bloqueado.csv"] = "cannot be read: permission denied"
    assert reasons(loaded) == expected
    assert f"{base}/sub carpeta/notas.jsonl:1" in set(loaded.articles["source"])


def test_a_file_name_that_is_not_utf8(tmp_path):
    folder = tmp_path / "latin1"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.csv"), "wb") as fh:
            fh.write(b"date,title\n2025-03-01,A\n")
    except OSError:
        pytest.skip("this file system only takes UTF-8 names")
    loaded = accounted(ck.load(folder))
    assert list(loaded.articles["source"]) == ["latin1/caf\ufffd.csv:2"]
    loaded.articles.to_csv(tmp_path / "out.csv")


def test_paths_named_directly(tmp_path):
    one_line_error(tmp_path / "missing.csv", "no such file or folder")
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    one_line_error(tmp_path / "dangling.csv", "no such file or folder")
    one_line_error(write(tmp_path, "notes", "plain words"), "the format cannot be recognised")
    spaced = write(tmp_path, "artículos de prueba/export 1.csv", "date,title\n2025-03-01,Uno\n")
    assert list(accounted(ck.load(spaced)).articles["source"]) == ["export 1.csv:2"]
    (tmp_path / "folder.csv").mkdir()
    empty = accounted(ck.load(tmp_path / "folder.csv"))
    assert empty.n_read == 0 and len(empty.files) == 0


def test_unknown_format_and_bad_mapping_are_option_errors(tmp_path):
    p = write(tmp_path, "ok.csv", "date,title\n2025-03-01,A\n")
    with pytest.raises(OptionError, match="unknown format 'xls'"):
        ck.load(p, format="xls")
    with pytest.raises(InputError, match="--map names 'headline', which is not a column"):
        ck.load(p, mapping={"headline": "title"})
    with pytest.raises(InputError, match="the file has no column 'Titular'"):
        ck.load(p, mapping={"title": "Titular"})


def _cli(capsys, *args):
    code = main(["load", *map(str, args)])
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize(
    ("case", "fragment"),
    [
        ("missing", "no such file or folder"),
        ("binary", "is a zip file (an Excel workbook or an archive)"),
        ("map_without_equals", "--map 'title' is not of the form COLUMN=FIELD"),
        ("map_unknown_column", "the file has no column 'Titular'"),
        ("unknown_format", "unknown format 'xls'"),
    ],
)
def test_cli_prints_one_line_and_exits_2(tmp_path, capsys, case, fragment):
    good = write(tmp_path, "good.csv", "date,title\n2025-03-01,A\n")
    out = tmp_path / "articles.csv"
    args = {
        "missing": [tmp_path / "missing.csv", "--out", out],
        "binary": [write(tmp_path, "bin.csv", b"PK\x03\x04" + bytes(64)), "--out", out],
        "map_without_equals": [good, "--out", out, "--map", "title"],
        "map_unknown_column": [good, "--out", out, "--map", "title=Titular"],
        "unknown_format": [good, "--out", out, "--format", "xls"],
    }[case]
    code, err = _cli(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("coveragekit: error: ") and fragment in err
    assert not out.exists()


def test_cli_loads_a_damaged_file_and_writes_the_rejections(tmp_path, capsys):
    p = write(tmp_path, "damaged.jsonl", '{"date": "2025-03-01", "title": "A"}\n{"date": \n')
    code = main(["load", str(p), "--out", str(tmp_path / "articles.csv")])
    assert code == 0
    assert "1 loaded, 1 rejected" in capsys.readouterr().out
    rejected = pd.read_csv(tmp_path / "articles.rejected.csv")
    assert list(rejected["record"]) == ["damaged.jsonl:2"]


def test_cli_unwritable_output_is_one_line(tmp_path, capsys):
    good = write(tmp_path, "good.csv", "date,title\n2025-03-01,A\n")
    blocker = write(tmp_path, "blocker", "a file where a folder should be")
    code, err = _cli(capsys, good, "--out", blocker / "articles.csv")
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bad.csv", bytes((i * 7919 + 13) % 256 for i in range(4000)), 2),
        ("deep.json", "[" * 100_000 + "]" * 100_000, 0),
    ],
)
def test_python_m_coveragekit_never_shows_a_traceback(tmp_path, name, content, code):
    p = write(tmp_path, name, content)
    run = subprocess.run([sys.executable, "-m", "coveragekit", "load", str(p), "--out", str(tmp_path / "a.csv")],
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr
    assert run.returncode == code
    if code == 2:
        assert run.stderr.count("\n") == 1 and name in run.stderr

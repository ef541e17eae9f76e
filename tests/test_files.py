"""Files as people have them (tests/fixtures/files): Excel workbooks, Excel's Unicode
Text and other UTF-16/UTF-32 files, Excel's sep= line, zip archives; and every refusal
names the file, the problem and the fix."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "files"
TITLES = ["US lists cartels as terrorist groups", "México responde a la designación"]


def test_every_sheet_of_a_workbook():
    loaded = ck.load(FIX / "coverage.xlsx")
    arts = loaded.articles
    assert sorted(arts["title"]) == sorted(TITLES + ["Navy strikes a boat in the Caribbean"])
    # Spanish column names mapped, an Excel date with a time read as such
    row = arts[arts["title"] == TITLES[1]].iloc[0]
    assert row["published_at"] == pd.Timestamp("2025-02-21 09:30", tz="UTC")
    assert row["outlet"] == "El Diario del Valle" and row["source"] == "coverage.xlsx[Coverage]:row 3"
    assert loaded.files["file"].tolist() == ["coverage.xlsx[Coverage]", "coverage.xlsx[Notes]", "coverage.xlsx[Sept]"]
    reasons = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    assert reasons["coverage.xlsx[Coverage]:row 5"] == "date '2025-13-45' is not a real calendar date"
    assert reasons["coverage.xlsx[Notes]"].startswith("sheet not read: no date column")
    assert loaded.n_read == len(arts) + len(loaded.rejected)


def test_one_named_sheet_and_a_sheet_that_is_not_there():
    assert ck.load(FIX / "coverage.xlsx", sheet="Sept").articles["title"].tolist() == [
        "Navy strikes a boat in the Caribbean"]
    with pytest.raises(InputError) as info:
        ck.load(FIX / "coverage.xlsx", sheet="Octubre")
    line = info.value.one_line()
    assert line.startswith("coverage.xlsx: has no sheet 'Octubre' (its sheets: Coverage, Notes, Sept)")
    assert "--sheet" in line


@pytest.mark.parametrize("name, encoding", [("unicode_text.txt", "utf-16"), ("utf16.csv", "utf-16"),
                                            ("utf32.csv", "utf-32"), ("excel_sep.csv", "cp1252")])
def test_wide_encodings_and_the_sep_line(name, encoding):
    loaded = ck.load(FIX / name)
    assert loaded.articles["title"].tolist() == TITLES
    assert loaded.articles["outlet"].tolist() == ["Harbor Ledger", "El Diario del Valle"]
    assert loaded.files["encoding"].tolist() == [encoding]
    assert len(loaded.rejected) == 0


def test_the_sep_line_keeps_the_files_own_line_numbers():
    assert ck.load(FIX / "excel_sep.csv").articles["source"].tolist() == ["excel_sep.csv:3", "excel_sep.csv:4"]


def test_a_zip_of_files(tmp_path):
    loaded = ck.load(FIX / "collected.zip")
    assert loaded.articles["title"].tolist() == TITLES
    assert loaded.articles["source"].tolist() == ["collected.zip/collected/export.csv:2",
                                                  "collected.zip/collected/export.csv:3"]
    reasons = dict(zip(loaded.rejected["record"], loaded.rejected["reason"]))
    assert reasons["collected.zip/collected/notes.docx"].startswith("not a supported file type: a Word document")
    assert reasons["collected.zip/__MACOSX/collected/._export.csv"] == "hidden file skipped"
    # a zip inside a folder is read too
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIX / "collected.zip", folder / "collected.zip")
    assert len(ck.load(folder).articles) == 2


@pytest.mark.parametrize("name, problem, fix", [
    ("old.xls", "is an Excel 97-2003 workbook (.xls), which the kit does not read", "save it as .xlsx"),
    ("story.docx", "is a Word document, which the kit does not read", "paste the article's text into a .txt"),
    ("story.pdf", "is a PDF, which the kit does not read", "copy the article's text into a .txt"),
])
def test_refusals_name_file_problem_and_fix(tmp_path, name, problem, fix):
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 whatever")
    with pytest.raises(InputError) as info:
        ck.load(path)
    line = info.value.one_line()
    assert str(path) in line and problem in line and fix in line.lower()


def test_a_workbook_named_csv_is_told_apart(tmp_path):
    path = tmp_path / "export.csv"
    shutil.copy(FIX / "coverage.xlsx", path)
    with pytest.raises(InputError) as info:
        ck.load(path)
    assert "is a zip file (an Excel workbook or an archive), not CSV" in info.value.one_line()
    assert "name it .xlsx" in info.value.one_line().lower()


def test_a_damaged_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a workbook")
    with pytest.raises(InputError, match=r"broken.xlsx: is not a readable Excel workbook.*save it again as \.xlsx"):
        ck.load(path)

"""coveragekit.io.pages: pages copied from a browser into text files (tests/fixtures/pages):
their own date, --date, front matter, and the headline and captions a copy-paste repeats;
then (moved from tests/test_bad_inputs.py) front matter and pages that are malformed."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from io_checks import accounted, one_line_error, reasons, write

import coveragekit as ck
from coveragekit import cli
from coveragekit.errors import OptionError

FIX = Path(__file__).parent / "fixtures" / "pages"
HEADLINE = "Military Action Against Drug Cartels Being Considered by Trump, According to Reports"


def test_the_repeated_headline_and_the_caption_are_removed():
    art = ck.load(FIX / "repeated_headline.txt").articles.iloc[0]
    assert art["title"] == "Military action against drug cartels being considered by Trump, according to reports"
    assert HEADLINE.casefold() not in art["text"].casefold()
    assert "Photo:" not in art["text"] and "Published" not in art["text"]
    assert art["text"].startswith("The administration has asked the Pentagon")
    assert art["text"].endswith("could be affected.")
    assert art["published_at"] == pd.Timestamp("2025-09-04", tz="UTC")  # from its "Published ..." line
    assert art["author"] == "Dana Whitfield"


def test_a_date_from_the_dateline():
    art = ck.load(FIX / "dateline_page.txt").articles.iloc[0]
    assert art["published_at"] == pd.Timestamp("2025-08-01", tz="UTC")


def test_a_page_without_a_date_is_rejected_with_every_way_to_date_it():
    loaded = ck.load(FIX / "undated_page.txt")
    assert len(loaded.articles) == 0
    reason = loaded.rejected["reason"].iloc[0]
    assert reason.startswith("no publication date: the page states none")
    assert "--date YYYY-MM-DD" in reason and "date: YYYY-MM-DD" in reason


def test_the_cli_error_for_an_undated_page_says_what_to_do(tmp_path, capsys):
    rc = cli.main(["analyze", str(FIX / "undated_page.txt"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "--date YYYY-MM-DD" in err


def test_date_for_a_folder_of_pages_leaves_dated_pages_alone(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("undated_page.txt", "dateline_page.txt"):
        shutil.copy(FIX / name, folder / name)
    arts = ck.load(folder, date="2025-09-02").articles.set_index("title")
    assert arts.loc["Mexico rejects any foreign military action on its soil", "published_at"] == pd.Timestamp(
        "2025-09-02", tz="UTC")
    assert arts.loc["Mexico rejects any foreign military action on its soil", "load_note"] == "date from --date"
    assert arts.loc["Border businesses wait for word on tariffs", "published_at"] == pd.Timestamp(
        "2025-08-01", tz="UTC")
    rc = cli.main(["load", str(folder), "--date", "2025-09-02", "--out", str(tmp_path / "a.csv"), "--quiet"])
    assert rc == 0 and len(pd.read_csv(tmp_path / "a.csv")) == 2


def test_a_date_that_is_no_date():
    with pytest.raises(OptionError, match=r"--date yesterday: date 'yesterday' could not be read"):
        ck.load(FIX / "undated_page.txt", date="yesterday")


def test_front_matter_and_a_numeric_published_line(tmp_path):
    page = tmp_path / "front.txt"
    page.write_text("---\ndate: 2025-09-03\noutlet: Mesa Tribune\n---\n"
                    + (FIX / "undated_page.txt").read_text(), encoding="utf-8")
    art = ck.load(page).articles.iloc[0]
    assert art["published_at"] == pd.Timestamp("2025-09-03", tz="UTC") and art["outlet"] == "Mesa Tribune"
    numeric = tmp_path / "numeric.txt"
    numeric.write_text("Troops arrive at the border\nPublished: 09/04/2025\nThe troops arrived on Thursday.\n",
                       encoding="utf-8")
    reason = ck.load(numeric).rejected["reason"].iloc[0]
    assert "ambiguous" in reason and "--dayfirst or --monthfirst" in reason
    art = ck.load(numeric, dayfirst=False).articles.iloc[0]
    assert art["published_at"] == pd.Timestamp("2025-09-04", tz="UTC")
    assert "Published" not in art["text"]


def test_the_readme_rejection_table_names_every_way_in():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `no publication date: the page"))
    for way in ("--date", "front matter", "Published", "dateline"):
        assert way in row, way


def test_the_date_of_undated_pages_in_a_project_file(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(FIX / "undated_page.txt", folder / "undated_page.txt")
    project = tmp_path / "project.toml"
    project.write_text('inputs = ["pages/"]\nout = "report"\ndate = "2025-09-02"\n', encoding="utf-8")
    rc = cli.main(["report", "--config", str(project), "--quiet"])
    assert rc == 0, capsys.readouterr().err
    arts = pd.read_csv(tmp_path / "report" / "articles.csv")
    assert arts["published_at"].tolist() == ["2025-09-02T00:00:00Z"]


# moved from tests/test_bad_inputs.py
def test_front_matter_with_an_impossible_date_is_a_rejected_record(tmp_path):
    p = write(tmp_path, "page.md", "---\ntitle: Una nota\ndate: 2025-02-30\n---\nEl texto de la nota.\n")
    loaded = accounted(ck.load(p))
    assert reasons(loaded) == {"page.md": "date '2025-02-30' is not a real calendar date"}


def test_front_matter_that_is_not_yaml_is_one_clear_error(tmp_path):
    one_line_error(write(tmp_path, "bad.md", "---\ntitle: [never closed\n---\nBody.\n"),
                   "its front matter is not valid YAML")
    one_line_error(write(tmp_path, "big.md", "---\ntitle: T\nn: " + "9" * 5000 + "\n---\nBody.\n"),
                   "its front matter is not valid YAML")


def test_pages_without_content(tmp_path):
    one_line_error(write(tmp_path, "blank.txt", "  \n\n \t"), "the file holds only blank space")
    loaded = accounted(ck.load(write(tmp_path, "empty.html", "<html><body></body></html>")))
    assert reasons(loaded) == {"empty.html": "no title and no text"}

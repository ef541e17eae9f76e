"""The HTML report: the events it lists are the events its chart marks, it says how to define
outlet groups, and `make demo` ends with it."""

import re
from pathlib import Path

from coveragekit import cli

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"


def test_the_events_table_lists_the_events_the_chart_marks(tmp_path, capsys):
    out = tmp_path / "o"
    assert cli.main(["report", str(SMALL / "seven_articles.csv"), "--out", str(out), "--quiet"]) == 0
    page = (out / "report.html").read_text()
    volume = page[page.index('id="volume"'):]
    marked = re.search(r"Events marked: (.*?)\.</p>", volume).group(1)
    n_marked = len(re.findall(r"<b>\d+</b>", marked))
    n_table = int(re.search(r"The events table \((\d+) events", volume).group(1))
    assert n_marked == n_table > 0


def test_make_demo_ends_with_the_report():
    makefile = (ROOT / "Makefile").read_text()
    demo = makefile[makefile.index("\ndemo:"):].split("\n\n")[0]
    assert "coveragekit report --demo --out build/demo" in demo
    assert "build/demo/report.html" in demo


def test_the_report_says_how_to_define_groups(tmp_path, capsys):
    out = tmp_path / "out"
    rc = cli.main(["report", str(SMALL / "mediacloud_titles.csv"), "--out", str(out), "--quiet"])
    assert rc == 0
    page = (out / "report.html").read_text()
    assert "coveragekit outlets FILES --out outlets.csv" in page

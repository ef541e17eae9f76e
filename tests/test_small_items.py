"""The smaller items of issue 17: --verbose timings, plurals, papermill's noise, the
report's events count, and `make demo` ending with the report."""

import logging
import re
from pathlib import Path

import pandas as pd

from coveragekit import cli

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"


def test_verbose_prints_seconds_per_step_on_stderr_only(tmp_path, capsys):
    rc = cli.main(["analyze", str(SMALL / "seven_articles.csv"), "--out", str(tmp_path / "o"), "--verbose"])
    captured = capsys.readouterr()
    assert rc == 0
    timed = re.findall(r"^coveragekit: (.+): (\d+\.\d) s$", captured.err, re.MULTILINE)
    assert [name for name, _ in timed] == ["loading", "topics", "sentiment, actors, quotes and frames",
                                          "time series and keyness", "writing outputs"]
    assert " s\n" not in captured.out


def test_plurals_for_one(tmp_path, capsys):
    one = tmp_path / "one.csv"
    pd.read_csv(SMALL / "seven_articles.csv").head(1).to_csv(one, index=False)
    cli.main(["analyze", str(one), "--out", str(tmp_path / "o")])
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("analysed 1 article from 1 outlet (2025-02-20 to 2025-02-20); 0 records rejected, "
                           "0 duplicates marked;")
    cli.main(["load", str(one), "--out", str(tmp_path / "a.csv")])
    assert capsys.readouterr().out.startswith("read 1 record from 1 file: 1 loaded, 0 rejected, "
                                              "0 marked as duplicates")


def test_papermill_notes_on_the_parameters_cell_stay_off_the_terminal(caplog):
    from papermill.inspection import _infer_parameters
    from papermill.iorw import load_notebook_node

    from coveragekit.notebooks import _parameters, _quiet_papermill

    nb = load_notebook_node(str(ROOT / "notebooks" / "07_bring_your_own_articles.ipynb"))
    assert {"paths", "out_dir"} <= _parameters(nb)  # the kit reads the cell itself
    with caplog.at_level(logging.WARNING, logger="papermill"):
        _infer_parameters(nb, name="python3", language="python")  # what execute_notebook calls
    assert any("Unable to parse line" in r.getMessage() for r in caplog.records)  # papermill's own note
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="papermill"), _quiet_papermill():
        _infer_parameters(nb, name="python3", language="python")
    assert [r for r in caplog.records if r.name.startswith("papermill")] == []


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


def test_a_re_run_on_the_same_articles_reuses_the_topic_fit(tmp_path, capsys):
    import json

    out = tmp_path / "o"
    args = ["analyze", "--demo", "--out", str(out), "--cache", "--quiet"]
    assert cli.main(args) == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert json.loads((out / "summary.json").read_text())["cache"]["stages"]["topic_fit"] == {"hits": 0, "misses": 1}
    assert cli.main(args) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cache"]["stages"]["topic_fit"] == {"hits": 1, "misses": 0}
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == first  # the same tables, topic_choice.csv too
    assert "topic_choice.csv" in first and summary["topics"]["n_topics"] == 6

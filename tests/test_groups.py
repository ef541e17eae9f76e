"""Groups for any coverage: outlets the bundled outlets table does not know still give
comparisons, the report says how to define groups, and `coveragekit outlets` writes a
table to fill in."""

import json
from pathlib import Path

import pandas as pd

import coveragekit as ck
from coveragekit import cli

SMALL = Path(__file__).parent / "fixtures" / "small"


def test_unknown_outlets_are_compared_with_each_other():
    arts = ck.load(ck.datasets.demo_paths()).articles
    arts = arts.assign(outlet=arts["outlet"].str.lower().str.replace(" ", "-") + ".news")  # none in the table
    result = ck.run_analysis(arts)
    outlets = arts["outlet"].value_counts()
    biggest = sorted(outlets.index, key=lambda o: (-outlets[o], o))[:7]
    assert set(result.articles["outlet_group"]) == set(biggest) | {"(other outlets)"}
    assert len(result.keyness) and set(result.keyness["group"]) <= set(biggest) | {"(other outlets)"}
    note = next(n for n in result.summary["notes"] if n.startswith("outlet groups:"))
    assert "none of the 9 outlets is in the outlets table" in note
    assert "the other 2 pooled as (other outlets)" in note
    assert "coveragekit outlets FILES --out outlets.csv" in note


def test_the_outlets_command_and_the_groups_it_defines(tmp_path, capsys):
    table = tmp_path / "outlets.csv"
    rc = cli.main(["outlets", str(SMALL / "seven_articles.csv"), "--out", str(table)])
    assert rc == 0 and "Edit its group column" in capsys.readouterr().out
    drafted = pd.read_csv(table)
    assert drafted["outlet"].tolist() == ["Harbor Ledger", "El Diario del Valle", "Mesa Tribune"]
    assert drafted["domain"].tolist() == ["harbor-ledger.example", "diario-del-valle.example", "mesa-tribune.example"]
    assert drafted["lang"].tolist() == ["en", "es", "en"]
    assert drafted["group"].tolist() == drafted["outlet"].tolist()
    assert drafted["n_articles"].tolist() == [3, 2, 2]
    # the journalist fills in the groups
    drafted["group"] = ["US press", "Mexican press", "US press"]
    drafted.to_csv(table, index=False)
    out = tmp_path / "out"
    rc = cli.main(["report", str(SMALL / "seven_articles.csv"), "--outlets", str(table), "--out", str(out), "--quiet"])
    assert rc == 0
    arts = pd.read_csv(out / "articles.csv")
    assert sorted(set(arts["outlet_group"])) == ["Mexican press", "US press"]
    notes = json.loads((out / "summary.json").read_text())["notes"]
    assert not any(n.startswith("outlet groups:") for n in notes)
    # and it will not overwrite the edited table
    rc = cli.main(["outlets", str(SMALL / "seven_articles.csv"), "--out", str(table)])
    assert rc == 2 and "already exists" in capsys.readouterr().err


def test_the_report_says_how_to_define_groups(tmp_path, capsys):
    out = tmp_path / "out"
    rc = cli.main(["report", str(SMALL / "mediacloud_titles.csv"), "--out", str(out), "--quiet"])
    assert rc == 0
    page = (out / "report.html").read_text()
    assert "coveragekit outlets FILES --out outlets.csv" in page

"""The coveragekit command: step timings with --verbose, plurals in its summaries, and the
outlets command that drafts a table of groups to fill in."""

import json
import re
from pathlib import Path

import pandas as pd

from coveragekit import cli

SMALL = Path(__file__).parent / "fixtures" / "small"


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

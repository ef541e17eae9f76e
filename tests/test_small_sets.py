"""From one article up: the whole analysis runs on 1, 2, 5 and 7 articles and on a
title-only Media Cloud export, and says what it could not do instead of failing or
inventing topics (fixtures in tests/fixtures/small)."""

import json
from pathlib import Path

import pandas as pd
import pytest

from coveragekit import cli

FIX = Path(__file__).parent / "fixtures" / "small"


def _first(n, tmp_path) -> Path:
    rows = pd.read_csv(FIX / "seven_articles.csv", dtype=str).head(n)
    path = tmp_path / f"first_{n}.csv"
    rows.to_csv(path, index=False)
    return path


def _report(args, capsys):
    rc = cli.main(["report", *map(str, args), "--quiet"])
    err = capsys.readouterr().err
    return rc, err


@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_small_sets_get_a_report_and_the_reason_topics_were_skipped(n, tmp_path, capsys):
    out = tmp_path / "out"
    rc, err = _report([_first(n, tmp_path), "--out", out], capsys)
    assert rc == 0, err
    assert err == ""  # no library warning reaches the terminal
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"]["articles"] == n
    assert summary["topics"]["fitted"] is False and summary["counts"]["topics"] == 0
    why = summary["topics"]["skipped_because"]
    assert why.startswith(f"{n} article") and "at least 10" in why
    assert any(note.startswith("topics: not fitted") for note in summary["notes"])
    page = (out / "report.html").read_text()
    assert "No topics were fitted" in page and "What to keep in mind" in page
    arts = pd.read_csv(out / "articles.csv")
    assert (arts["topic"] == -1).all()
    assert not (out / "topic_choice.csv").exists()


def test_one_article_with_one_topic_asked_for(tmp_path, capsys):
    out = tmp_path / "out"
    rc, err = _report([_first(1, tmp_path), "--out", out, "--topics", "1"], capsys)
    assert rc == 0 and err == ""
    summary = json.loads((out / "summary.json").read_text())
    assert "too few for 1 topics" in summary["topics"]["skipped_because"]


def test_seven_headlines_never_become_topics(tmp_path, capsys):
    # the case: seven title-only articles got six topics "chosen on the data"
    out = tmp_path / "out"
    rc, err = _report([FIX / "mediacloud_titles.csv", "--out", out], capsys)
    assert rc == 0, err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["counts"]["topics"] == 0


def test_a_title_only_media_cloud_export_says_what_rests_on_titles(tmp_path, capsys):
    out = tmp_path / "out"
    rc, err = _report([FIX / "mediacloud_titles.csv", "--out", out], capsys)
    assert rc == 0, err
    s = json.loads((out / "summary.json").read_text())
    basis = s["text_basis"]
    assert (basis["articles"], basis["with_text"], basis["title_only"]) == (7, 0, 7)
    assert basis["title_only_analyses"] == ["sentiment", "topics", "actor mentions", "frames"]
    assert basis["need_text"] == ["quotes", "actor sentiment", "keyness"]
    assert s["counts"]["languages"] == {"en": 4, "es": 3}  # the export's own language column
    page = (out / "report.html").read_text()
    assert "titles only: none of the 7 articles has a text" in page
    # the outlets are not in the outlets table: the three outlets are the groups
    assert any(n.startswith("outlet groups: none of the 3 outlets") for n in s["notes"])
    assert set(pd.read_csv(out / "articles.csv")["outlet_group"]) == {
        "harbor-ledger.example", "diario-del-valle.example", "mesa-tribune.example"}


def test_a_plain_frame_runs_the_whole_analysis():
    import coveragekit as ck

    df = pd.read_csv(FIX / "seven_articles.csv").head(5)
    result = ck.run_analysis(df)
    assert result.summary["counts"]["articles"] == 5
    assert result.summary["topics"]["fitted"] is False
    ax = ck.plot.plot_topic_shares(result.articles)  # the notebooks' topic chart still draws
    assert ax.get_title() == "Topic shares by month (n = 0 articles with a topic)"

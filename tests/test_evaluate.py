"""Tests for coveragekit.evaluate: the scores, the error list, the gold-set reader, the CLI.

The small gold set below was written by hand, and so were the counts expected from it:
what the kit finds in each passage follows from the matching rules and the small actor
table (see the comments).
"""

import math
from pathlib import Path

import pandas as pd
import pytest

from coveragekit.cli import main
from coveragekit.errors import TableError
from coveragekit.evaluate import ERROR_COLUMNS, SCORE_COLUMNS, evaluate, evaluate_tables, read_gold

ROOT = Path(__file__).resolve().parent.parent

ACTORS = pd.DataFrame({
    "actor": ["Claudia Sheinbaum", "Marco Rubio", "DEA", "Rand Paul"],
    "kind": ["person", "person", "agency", "person"],
    "country": ["MX", "US", "US", "US"],
    "aliases": ["Sheinbaum", "Rubio", "", "Senator Paul"],
})
PASSAGES = pd.DataFrame({
    "passage_id": ["p1", "p2", "p3"],
    "lang": ["en", "es", "en"],
    "date": ["2025-03-01", "2025-03-02", "2025-03-03"],
    "text": [
        # a mention, a quote with a pronoun speaker, the frame term "tariff"
        'Sheinbaum said the tariff talks would go on. "We will not accept it," she said.',
        # bare "Paul" is no alias of the table (missed); the speaker is written
        # "Monreal" where the gold set has the full name (wrong speaker); no frame term
        "Paul votó en contra de la reforma. «Es un buen día», dijo Monreal.",
        # DEA is found but the annotator left it out (a false find); scare quotes
        'Rubio met DEA agents. The so-called "narco-state" worried him.',
    ],
    "frame": ["economy_trade", "legality", ""],
    "split": ["dev", "test", "test"],
    "notes": ["", "", ""],
})
MENTIONS = pd.DataFrame({
    "passage_id": ["p1", "p2", "p3"],
    "actor": ["Claudia Sheinbaum", "Rand Paul", "Marco Rubio"],
    "surface": ["Sheinbaum", "Paul", "Rubio"],
    "how": ["name", "name", "name"],
})
QUOTES = pd.DataFrame({
    "passage_id": ["p1", "p2"],
    "quote": ["We will not accept it,", "Es un buen día"],
    "speaker": ["Claudia Sheinbaum", "Ricardo Monreal"],
})


@pytest.fixture(scope="module")
def ev():
    return evaluate_tables(PASSAGES, MENTIONS, QUOTES, actors=ACTORS)


def score(ev, instrument, split, lang):
    s = ev.scores
    row = s[(s["instrument"] == instrument) & (s["split"] == split) & (s["lang"] == lang)]
    assert len(row) == 1
    r = row.iloc[0]
    return r["n_gold"], r["n_found"], r["n_right"], r["precision"], r["recall"]


def test_mention_scores(ev):
    assert score(ev, "mentions", "all", "all") == (3, 3, 2, 2 / 3, 2 / 3)
    assert score(ev, "mentions", "all", "en") == (2, 3, 2, 2 / 3, 1.0)
    g, f, r, p, rec = score(ev, "mentions", "all", "es")
    assert (g, f, r, rec) == (1, 0, 0, 0.0) and math.isnan(p)  # nothing found: no precision
    assert score(ev, "mentions", "dev", "all") == (1, 1, 1, 1.0, 1.0)
    assert score(ev, "mentions", "test", "all") == (2, 2, 1, 0.5, 0.5)


def test_quote_scores_with_and_without_the_speaker(ev):
    assert score(ev, "quotes", "all", "all") == (2, 2, 2, 1.0, 1.0)
    assert score(ev, "quotes with speaker", "all", "all") == (2, 2, 1, 0.5, 0.5)
    assert score(ev, "quotes with speaker", "dev", "en") == (1, 1, 1, 1.0, 1.0)


def test_frame_scores_and_agreement(ev):
    s = ev.scores.set_index(["instrument", "split", "lang"])
    row = s.loc[("frames", "all", "all")]
    # p1 agrees (economy_trade); p2: the kit finds no frame, the annotator legality;
    # p3 has no frame annotation and is left out
    assert (row["n_passages"], row["n_gold"], row["n_found"], row["n_right"]) == (2, 2, 1, 1)
    assert (row["precision"], row["recall"], row["agreement"]) == (1.0, 0.5, 0.5)
    assert math.isnan(s.loc[("mentions", "all", "all"), "agreement"])


def test_errors_list_every_miss_false_find_and_wrong_speaker(ev):
    assert list(ev.errors.columns) == ERROR_COLUMNS
    got = [tuple(r) for r in ev.errors[["instrument", "passage_id", "error", "expected", "found"]].itertuples(index=False)]
    assert got == [
        ("frames", "p2", "wrong frame", "legality", "none"),
        ("mentions", "p2", "missed", "Rand Paul | Paul", ""),
        ("mentions", "p3", "false", "", "DEA | DEA"),
        ("quotes with speaker", "p2", "wrong speaker", "Es un buen día | Ricardo Monreal", "Es un buen día | Monreal"),
    ]


def test_scores_table_shape(ev):
    assert list(ev.scores.columns) == SCORE_COLUMNS
    assert set(ev.scores["split"]) == {"all", "dev", "test"}
    assert "frames" in str(ev)


def test_an_unknown_speaker_is_right_when_the_kit_names_nobody():
    p = PASSAGES.iloc[:1].assign(text=['"It will pass," he said.'], frame="")
    q = pd.DataFrame({"passage_id": ["p1"], "quote": ["It will pass"], "speaker": ["unknown"]})
    ev = evaluate_tables(p, None, q, actors=ACTORS)
    assert score(ev, "quotes with speaker", "all", "all") == (1, 1, 1, 1.0, 1.0)
    assert set(ev.scores["instrument"]) == {"quotes", "quotes with speaker"}


def _write_gold(folder: Path):
    folder.mkdir()
    PASSAGES.to_csv(folder / "passages.csv", index=False)
    MENTIONS.to_csv(folder / "mentions.csv", index=False)
    QUOTES.to_csv(folder / "quotes.csv", index=False)
    ACTORS.to_csv(folder / "actors.csv", index=False)


def test_the_cli_prints_the_scores_and_writes_the_errors(tmp_path, capsys):
    gold = tmp_path / "gold"
    _write_gold(gold)
    out = tmp_path / "errors.csv"
    assert main(["evaluate", str(gold), "--actors", str(gold / "actors.csv"), "--errors", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "quotes with speaker" in printed and "precision" in printed
    assert len(pd.read_csv(out)) == 4
    assert main(["evaluate", str(gold), "--actors", str(gold / "actors.csv"), "--split", "dev"]) == 0
    assert " test " not in capsys.readouterr().out


def test_the_cli_names_a_missing_folder_in_one_line(tmp_path, capsys):
    assert main(["evaluate", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "nowhere" in err and "gold set folder does not exist" in err


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda g: g["mentions"].assign(passage_id="p9"), "names the passage 'p9'"),
        (lambda g: g["passages"].assign(split="train"), "split 'train'"),
        (lambda g: g["passages"].assign(lang="fr"), "language 'fr'"),
        (lambda g: g["passages"].assign(passage_id="p1"), "listed twice"),
        (lambda g: g["passages"].assign(date="March 3"), "date that cannot be read"),
    ],
)
def test_read_gold_rejects_bad_tables(tmp_path, change, problem):
    gold = tmp_path / "gold"
    _write_gold(gold)
    tables = {"passages": PASSAGES, "mentions": MENTIONS}
    changed = change(tables)
    name = "mentions" if "actor" in changed.columns else "passages"
    changed.to_csv(gold / f"{name}.csv", index=False)
    with pytest.raises(TableError) as err:
        read_gold(gold)
    assert problem in str(err.value)


def test_textacy_peer_cases():
    """textacy's direct-quotation test cases in the gold format (tests/gold_textacy): the
    figures measured after the rules of issue 21 (before them: quotes 11 right of 12 found
    and 15 annotated, 10 with the right speaker)."""
    ev = evaluate(ROOT / "tests" / "gold_textacy")
    s = ev.scores.set_index(["instrument", "split", "lang"])
    q = s.loc[("quotes", "all", "all")]
    assert (q["n_gold"], q["n_found"], q["n_right"]) == (15, 15, 15)
    w = s.loc[("quotes with speaker", "all", "all")]
    assert (w["n_right"], w["precision"], w["recall"]) == (14, 14 / 15, 14 / 15)
    # the one left: "He told everyone" is resolved to no one named, where the annotation
    # says "The stranger"
    assert list(ev.errors["passage_id"]) == ["tx12"]
    readme = (ROOT / "tests" / "gold_textacy" / "README.md").read_text(encoding="utf-8")
    assert "Apache" in readme and "chartbeat-labs/textacy" in readme


def test_the_bundled_gold_set_meets_the_mention_goal_on_dev():
    """The rules were tuned on the dev split; the goal of issue 21 is P and R >= 0.95 in
    each language (the test split is reported, not asserted: see the README)."""
    ev = evaluate()
    s = ev.scores.set_index(["instrument", "split", "lang"])
    for lang in ("en", "es"):
        row = s.loc[("mentions", "dev", lang)]
        assert row["precision"] >= 0.95 and row["recall"] >= 0.95, (lang, row.to_dict())
    assert set(s.index.get_level_values("instrument")) == {"mentions", "quotes", "quotes with speaker", "frames"}


def test_the_readme_figures_are_the_computed_ones():
    """README.md's table is written by tools/readme_figures.py from ck.evaluate(); after a
    change of the rules or the gold set, run that script again."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "tools" / "readme_figures.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert tool.figures_block() in readme

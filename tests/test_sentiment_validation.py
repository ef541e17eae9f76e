"""The validation of the Spanish instrument against TextBlob, on five hand-made pairs whose
scores are known by hand: TextBlob's "good" 0.7 and "bad" -0.7; the test lexicon's "bueno"
0.7 and "malo"/"mala" -0.7 (tests/fixtures/sentiment_es)."""

from pathlib import Path

import pandas as pd
import pytest

from coveragekit.errors import TableError
from coveragekit.sentiment.spanish_lexicon import read_spanish_lexicon
from coveragekit.sentiment.validation import label_of, read_pairs, validate_instruments

HERE = Path(__file__).parent / "fixtures" / "sentiment_es"
LEX = read_spanish_lexicon(HERE / "small_lexicon.csv", rules=HERE / "small_rules.csv")

PAIRS = pd.DataFrame({
    "pair_id": ["p1", "p2", "p3", "p4", "p5"],
    "label": ["positive", "negative", "neutral", "positive", "neutral"],
    "en": ["The plan is good.", "The plan is bad.", "The ship sailed.", "It was not bad.", "A good start."],
    "es": ["El plan es bueno.", "El plan es malo.", "El barco zarpó.", "No fue mala.", "Un comienzo."],
})


def test_one_threshold_maps_scores_to_labels():
    assert [label_of(x) for x in (-0.05, -0.0499, 0.0, 0.0499, 0.05)] == [
        "negative", "neutral", "neutral", "neutral", "positive"]
    assert label_of(0.1, neutral=0.2) == "neutral"


def test_validation_figures_by_hand():
    v = validate_instruments(PAIRS, lexicon=LEX)
    s = v["scores"]
    # en: 0.7, -0.7, 0, -0.5 * -0.7, 0.7; es: 0.7, -0.7, 0, -0.5 * -0.7, 0 ("comienzo" unknown)
    assert s["polarity_en"].tolist() == pytest.approx([0.7, -0.7, 0.0, 0.35, 0.7])
    assert s["polarity_es"].tolist() == pytest.approx([0.7, -0.7, 0.0, 0.35, 0.0])
    # TextBlob calls p5 positive (wrong), coveragekit-es neutral (right)
    assert v["agreement"] == {"textblob-en": pytest.approx(0.8), "coveragekit-es": 1.0}
    assert v["by_label"]["neutral"] == {"n": 2, "textblob-en": 0.5, "coveragekit-es": 1.0}
    # Pearson by hand: deviations from the means 0.21 and 0.07; 1.029 / sqrt(1.372 * 1.078)
    assert v["pearson"] == pytest.approx(0.84611, rel=1e-4)
    # ranks: en 4.5, 1, 2, 3, 4.5; es 5, 1, 2.5, 4, 2.5 (both mean 3): 6.75 / sqrt(9.5 * 9.5)
    assert v["spearman"] == pytest.approx(6.75 / 9.5)
    assert v["n"] == 5


def test_a_bad_label_is_a_one_line_error(tmp_path):
    p = tmp_path / "pairs.csv"
    p.write_text("pair_id,label,en,es\nx1,good,Fine.,Bien.\n", "utf-8")
    with pytest.raises(TableError, match="pair x1: label is 'good'"):
        read_pairs(p)


def test_the_bundled_pairs_read():
    pairs = read_pairs()
    assert len(pairs) >= 150
    assert set(pairs["label"]) == {"negative", "neutral", "positive"}
    assert pairs["pair_id"].is_unique

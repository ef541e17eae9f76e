"""How far the Spanish instrument can be read beside the English one: the validation pairs.

``data/validation/sentiment_pairs.csv`` holds short news passages on this story written
for the kit, each in English and in Spanish (the same content, as a paper in each
language would write it, not word for word), each labelled negative, neutral or positive
by its writer. It was written independently of the Spanish lexicon, and the lexicon was
not tuned on it. :func:`validate_instruments` scores each English passage with TextBlob
(``textblob-en``) and each Spanish one with ``coveragekit-es`` and reports

* the Pearson and Spearman correlation between the two scores of the same pair: how far
  the Spanish instrument ranks passages as TextBlob ranks their English versions;
* each instrument's agreement with the writer's labels on its own language, with one
  rule for both: polarity below ``neutral`` in absolute value (default 0.05) is
  "neutral", otherwise its sign;

and :func:`demo_coverage` the share of the Spanish demo corpus's word tokens the lexicon
scores. ``bench/bench_spanish.py``, notebook 02 and the report print these figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..datasets import data_dir, demo_paths, read_table
from ..errors import TableError
from ..io import load
from .spanish import lexicon_coverage, score_spanish
from .textblob import score_text

__all__ = ["NEUTRAL", "demo_coverage", "label_of", "read_pairs", "validate_instruments", "validation_path"]

NEUTRAL = 0.05  # |polarity| below this is "neutral", for both instruments (chosen before measuring)
LABELS = ("negative", "neutral", "positive")


def validation_path():
    """The bundled validation pairs, ``data/validation/sentiment_pairs.csv``."""
    return data_dir() / "validation" / "sentiment_pairs.csv"


def read_pairs(path=None) -> pd.DataFrame:
    """The validation pairs: ``pair_id, label, en, es, notes`` (labels checked)."""
    path = validation_path() if path is None else path
    df = read_table(path, required=["pair_id", "label", "en", "es"], name="sentiment validation pairs")
    df["label"] = df["label"].str.strip().str.lower()
    bad = df.loc[~df["label"].isin(LABELS)]
    if len(bad):
        raise TableError(f"pair {bad['pair_id'].iloc[0]}: label is {bad['label'].iloc[0]!r}", path=path,
                         hint="use negative, neutral or positive")
    return df


def label_of(polarity: float, *, neutral: float = NEUTRAL) -> str:
    """"neutral" when ``abs(polarity) < neutral``, else "positive" or "negative".

    >>> [label_of(x) for x in (-0.3, 0.0, 0.049, 0.05)]
    ['negative', 'neutral', 'neutral', 'positive']
    """
    if abs(polarity) < neutral:
        return "neutral"
    return "positive" if polarity > 0 else "negative"


def _corr(x, y) -> float:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def validate_instruments(pairs: pd.DataFrame | None = None, *, neutral: float = NEUTRAL,
                         lexicon=None) -> dict:
    """Score the validation pairs with both instruments and compare them.

    Parameters
    ----------
    pairs : DataFrame, optional
        ``pair_id, label, en, es`` (default: :func:`read_pairs`).
    neutral : float, default 0.05
        The one threshold mapping a score to a label, for both instruments.
    lexicon : path or dict, optional
        A Spanish lexicon instead of the bundled one (as in ``add_sentiment``).

    Returns
    -------
    dict
        ``n``, ``pearson``, ``spearman`` (Spanish score of the Spanish passage against
        TextBlob's of the English one), ``agreement`` (``{"textblob-en": share,
        "coveragekit-es": share}`` of passages whose label the score gives),
        ``by_label`` (the same per writer's label), ``neutral``, and ``scores`` (one row
        per pair: ``pair_id, label, polarity_en, polarity_es, label_en, label_es``).

    Examples
    --------
    Three pairs, one per label: "good" and "bueno" are 0.7 in the two lexicons, "bad" and
    "malo" -0.7, and the third pair has no lexicon word in either language.

    >>> pairs = pd.DataFrame({"pair_id": ["p1", "p2", "p3"], "label": ["positive", "negative", "neutral"],
    ...     "en": ["The plan is good.", "The plan is bad.", "The plan was announced on Monday."],
    ...     "es": ["El plan es bueno.", "El plan es malo.", "El plan se anunció el lunes."]})
    >>> result = validate_instruments(pairs)
    >>> print(result["scores"][["pair_id", "polarity_en", "polarity_es", "label_es"]].round(2).to_string(index=False))
    pair_id  polarity_en  polarity_es label_es
         p1          0.7          0.7 positive
         p2         -0.7         -0.7 negative
         p3          0.0          0.0  neutral
    >>> result["agreement"]
    {'textblob-en': 1.0, 'coveragekit-es': 1.0}
    """
    pairs = read_pairs() if pairs is None else pairs
    en = [score_text(t)[0] for t in pairs["en"].tolist()]
    es = [score_spanish(t, lexicon=lexicon)[0] for t in pairs["es"].tolist()]
    scores = pd.DataFrame({
        "pair_id": pairs["pair_id"].to_numpy(), "label": pairs["label"].to_numpy(),
        "polarity_en": np.array(en, dtype=float), "polarity_es": np.array(es, dtype=float),
    })
    scores["label_en"] = [label_of(x, neutral=neutral) for x in en]
    scores["label_es"] = [label_of(x, neutral=neutral) for x in es]
    ok_en = scores["label_en"] == scores["label"]
    ok_es = scores["label_es"] == scores["label"]
    by_label = {
        lab: {"n": int((scores["label"] == lab).sum()),
              "textblob-en": float(ok_en[scores["label"] == lab].mean()),
              "coveragekit-es": float(ok_es[scores["label"] == lab].mean())}
        for lab in LABELS if (scores["label"] == lab).any()
    }
    return {
        "n": len(scores),
        "pearson": _corr(en, es),
        "spearman": _corr(pd.Series(en).rank(), pd.Series(es).rank()),
        "agreement": {"textblob-en": float(ok_en.mean()), "coveragekit-es": float(ok_es.mean())},
        "by_label": by_label,
        "neutral": neutral,
        "scores": scores,
    }


def demo_coverage(*, lexicon=None) -> dict:
    """The Spanish lexicon's coverage of the Spanish demo articles' word tokens (titles
    and texts): see :func:`coveragekit.sentiment.spanish.lexicon_coverage`."""
    arts = load(demo_paths()).articles
    es = arts[arts["lang"] == "es"]
    texts = [t for t in es["title"].astype(str).tolist() + es["text"].astype(str).tolist() if t]
    return {"articles": len(es), **lexicon_coverage(texts, lexicon=lexicon)}


def figures_table(result: dict) -> pd.DataFrame:
    """The figures of :func:`validate_instruments` as a small table (for notebooks)."""
    rows = [
        ("pairs", result["n"], ""),
        ("Pearson r, coveragekit-es (es) vs TextBlob (en)", round(result["pearson"], 3), ">= 0.6"),
        ("Spearman r, coveragekit-es (es) vs TextBlob (en)", round(result["spearman"], 3), ">= 0.6"),
        ("agreement with the labels, TextBlob on the English passages",
         round(result["agreement"]["textblob-en"], 3), ""),
        ("agreement with the labels, coveragekit-es on the Spanish passages",
         round(result["agreement"]["coveragekit-es"], 3), "within 5 points of TextBlob's"),
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "goal"])

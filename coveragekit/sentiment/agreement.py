"""How far the two English instruments agree: :func:`sentiment_agreement`.

Two instruments that both claim to measure "sentiment" (TextBlob's polarity, VADER's
compound score) should at least rank the articles alike; where they do not, neither
number should be read on its own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._frame import require_columns
from .articles import add_sentiment
from .vader import add_vader

__all__ = ["sentiment_agreement"]

AGREEMENT_COLUMNS = ["n", "pearson", "spearman", "sign_agreement", "opposite_sign"]


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def _summary(part: pd.DataFrame, polarity: str, compound: str, neutral: float) -> dict:
    """The agreement figures of one group of rows (those with both scores)."""
    x = part[polarity].to_numpy(dtype="float64", na_value=np.nan)
    y = part[compound].to_numpy(dtype="float64", na_value=np.nan)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    sx = np.where(np.abs(x) <= neutral, 0.0, np.sign(x))
    sy = np.where(np.abs(y) <= neutral, 0.0, np.sign(y))
    n = len(x)
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    return {
        "n": n,
        "pearson": _corr(x, y),
        "spearman": _corr(rx, ry),
        "sign_agreement": float(np.mean(sx == sy)) if n else math.nan,
        "opposite_sign": float(np.mean(sx * sy < 0)) if n else math.nan,
    }


def sentiment_agreement(
    df: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    neutral: float = 0.05,
    polarity: str = "polarity",
    compound: str = "vader_compound",
) -> pd.DataFrame:
    """How far TextBlob's polarity and VADER's compound score agree.

    Two instruments that both claim to measure "sentiment" should at least rank the
    articles alike. Where they do not, neither number should be read on its own. The
    columns are computed with :func:`~coveragekit.sentiment.add_sentiment` /
    :func:`~coveragekit.sentiment.add_vader` when missing.

    Parameters
    ----------
    df : DataFrame
        Articles (with ``polarity`` and ``vader_compound``, or what those need).
    by : str or list of str, optional
        Compare within groups (e.g. "outlet"); one row per group, sorted.
    neutral : float, default 0.05
        Scores with ``abs(x) <= neutral`` count as neutral when comparing signs
        (VADER's documented threshold is 0.05; 0 compares raw signs).
    polarity, compound : str
        Column names.

    Returns
    -------
    DataFrame
        The ``by`` columns, then ``n`` (rows with both scores), ``pearson``,
        ``spearman`` (NaN under 3 rows or for a constant column), ``sign_agreement``
        (share of rows where both say positive, both neutral or both negative) and
        ``opposite_sign`` (share where one says positive and the other negative).

    Examples
    --------
    VADER's score is 1.2 times TextBlob's plus 0.2 here, so both rank the three articles
    alike; the middle one is neutral to TextBlob (0.0) and positive to VADER (0.2):

    >>> df = pd.DataFrame({"polarity": [0.5, 0.0, -0.5],
    ...                    "vader_compound": [0.8, 0.2, -0.4]})
    >>> sentiment_agreement(df).round(3)
       n  pearson  spearman  sign_agreement  opposite_sign
    0  3      1.0       1.0           0.667            0.0
    """
    work = df
    if polarity not in work.columns:
        work = add_sentiment(work)
    if compound not in work.columns:
        work = add_vader(work)
    keys = [by] if isinstance(by, str) else list(by or [])
    require_columns(work, keys + [polarity, compound], "sentiment_agreement()")

    if not keys:
        rows = [_summary(work, polarity, compound, neutral)]
    else:
        rows = []
        for key, part in work.groupby(keys, sort=True, dropna=False):
            key = key if isinstance(key, tuple) else (key,)
            rows.append({**dict(zip(keys, key)), **_summary(part, polarity, compound, neutral)})
    out = pd.DataFrame(rows, columns=keys + AGREEMENT_COLUMNS)
    out["n"] = out["n"].astype("int64")
    return out



"""Coverage over time and across groups: per-period counts, means with 95% intervals and a
flag where a period has too few articles to say anything; keyness between outlet groups."""

from __future__ import annotations

import math
from collections import Counter
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from scipy import stats

from ._fast.pool import run_chunks
from ._frame import require
from ._lexicon import stop_words, tokenize
from .datasets import load_outlets
from .periods import PERIOD_STEPS, period_start

__all__ = ["FREQS", "period_counts", "period_means", "keyness", "word_counts", "outlet_groups",
           "groups_for_any_coverage", "draft_outlet_table"]

FREQS = {"day": "D", "week": "W", "month": "M"}


def period_counts(df: pd.DataFrame, *, period: str = "month", by: str | None = None) -> pd.DataFrame:
    """Articles per period (and group): ``period, [by], n``. Empty periods inside the span
    are listed with ``n = 0``, so a chart shows the gaps.

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-06", "2025-01-08", "2025-01-22"], utc=True),
    ...                   "outlet_group": ["US", "Mexico", "US"]})
    >>> period_counts(d, period="week")
          period  n
    0 2025-01-06  2
    1 2025-01-13  0
    2 2025-01-20  1
    >>> period_counts(d, by="outlet_group").to_dict("list")["n"]
    [1, 2]
    """
    df = require(df, ["published_at", by], "period_counts()")
    d = pd.DataFrame({"period": period_start(df["published_at"], period)})
    keys = ["period"]
    if by:
        d[by] = df[by].to_numpy()
        keys.append(by)
    counts = d.groupby(keys, observed=True).size().rename("n")
    if len(d):
        step = PERIOD_STEPS[period]
        full = pd.date_range(d["period"].min(), d["period"].max(), freq=step)
        if by:
            idx = pd.MultiIndex.from_product([full, sorted(d[by].unique())], names=keys)
        else:
            idx = pd.Index(full, name="period")
        counts = counts.reindex(idx, fill_value=0)
    return counts.reset_index()


def _t975(df_: int) -> float:
    return float(stats.t.ppf(0.975, df_))


# Scores whose instrument a row's ``sentiment_instrument`` names (coveragekit.sentiment.policy).
_SCORED_BY_INSTRUMENT = ("polarity", "subjectivity", "title_polarity")


def period_means(df: pd.DataFrame, value: str, *, period: str = "month", by: str | None = None,
                 min_n: int = 5, instrument: str | None = "auto") -> pd.DataFrame:
    """Mean of ``value`` per period (and group) with a 95% t-interval, per instrument.

    Long: ``period, metric, group, value, n, ci_low, ci_high, too_few, instrument``. Rows
    with a missing value are left out of n. ``too_few`` is True where fewer than ``min_n``
    articles carry the value; the interval is then still computed when n ≥ 2 but should
    not be read.

    Sentiment scores from different instruments (TextBlob on English, coveragekit-es on
    Spanish) are never averaged together: with ``instrument="auto"`` (the default), a
    ``polarity``, ``subjectivity`` or ``title_polarity`` mean is computed per value of the
    ``sentiment_instrument`` column when the table has it. ``instrument`` may also name
    another column to split by, or be None (one mean over every row; the ``instrument``
    column is then "").

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-02", "2025-01-20", "2025-01-31"], utc=True),
    ...                   "polarity": [0.1, 0.2, 0.3]})
    >>> r = period_means(d, "polarity", min_n=2).iloc[0]
    >>> [round(float(r[c]), 3) for c in ("value", "n", "ci_low", "ci_high")]
    [0.2, 3.0, -0.048, 0.448]
    >>> d["sentiment_instrument"] = ["textblob-en", "coveragekit-es", "textblob-en"]
    >>> period_means(d, "polarity", min_n=1)[["instrument", "value", "n"]]
           instrument  value  n
    0  coveragekit-es    0.2  1
    1     textblob-en    0.2  2
    """
    df = require(df, ["published_at", value, by], "period_means()")
    if instrument == "auto":
        instrument = "sentiment_instrument" if (
            value in _SCORED_BY_INSTRUMENT and "sentiment_instrument" in df.columns) else None
    d = pd.DataFrame({"period": period_start(df["published_at"], period), "v": df[value].astype(float)})
    d["group"] = df[by].astype(str).to_numpy() if by else "all"
    d["instrument"] = df[instrument].astype(str).to_numpy() if instrument else ""
    d = d.dropna(subset=["v"])
    rows = []
    for (start, group, inst), g in d.groupby(["period", "group", "instrument"], sort=True):
        n = len(g)
        mean = float(g["v"].mean())
        if n >= 2:
            sd = float(g["v"].std(ddof=1))
            half = _t975(n - 1) * sd / math.sqrt(n)
            lo, hi = mean - half, mean + half
        else:
            lo = hi = float("nan")
        rows.append((start, value, group, mean, n, lo, hi, n < min_n, inst))
    return pd.DataFrame(rows, columns=["period", "metric", "group", "value", "n", "ci_low",
                                       "ci_high", "too_few", "instrument"])


def outlet_groups(df: pd.DataFrame, outlets: pd.DataFrame | None = None, *, column: str = "group") -> pd.Series:
    """The group of each article's outlet from an outlets table (``outlet, group``);
    outlets the table does not list are "(other)".

    Examples
    --------
    >>> d = pd.DataFrame({"outlet": ["Sunland Courier", "Diario del Valle", "A blog"]})
    >>> table = pd.DataFrame({"outlet": ["Sunland Courier", "Diario del Valle"], "group": ["US", "Mexico"]})
    >>> outlet_groups(d, table).tolist()
    ['US', 'Mexico', '(other)']
    """
    df = require(df, ["outlet"], "outlet_groups()")
    if outlets is None:
        outlets = load_outlets()
    mapping = dict(zip(outlets["outlet"], outlets[column]))
    return df["outlet"].map(mapping).fillna("(other)").astype("string").rename("outlet_group")


def word_counts(df: pd.DataFrame, *, by: str | pd.Series, text: str = "text", langs=("en", "es")) -> dict:
    """Per group, a ``Counter`` of the folded words of its articles (stop words of
    ``langs`` and one-letter words left out): what :func:`keyness` compares. Counts of
    disjoint sets of articles add up, which is how a re-run counts only new articles.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["US", "US", "Mexico"],
    ...                   "text": ["A strike on a boat", "The boat sank", "No a la invasión"]})
    >>> counts = word_counts(d, by="g")
    >>> sorted(counts["US"].items()), sorted(counts["Mexico"].items())
    ([('boat', 2), ('sank', 1), ('strike', 1)], [('invasion', 1)])
    """
    groups = by if isinstance(by, pd.Series) else df[by]
    groups = groups.astype(str).to_numpy()
    texts = df[text].fillna("").astype(str).to_numpy()
    stops = set(stop_words(langs))

    def count(a, b):
        per: dict[str, Counter] = {}
        for g, t in zip(groups[a:b], texts[a:b]):
            c = per.setdefault(g, Counter())
            c.update(w for w in tokenize(t) if w not in stops and len(w) > 1)
        return per

    per_group: dict[str, Counter] = {}
    for part in run_chunks(count, len(texts), min_rows=4000):  # long inputs: over the cores
        for g, c in part.items():
            per_group.setdefault(g, Counter()).update(c)
    return per_group


# When no outlet is in the outlets table, the largest outlets become the groups (each
# against the rest); the others are pooled.
FALLBACK_GROUPS = 7
HOW_TO_GROUP = ("to compare groups of your own, write an outlets table: coveragekit outlets FILES --out "
                "outlets.csv, fill in its group column, then run with --outlets outlets.csv")


def groups_for_any_coverage(df: pd.DataFrame, groups: pd.Series, *, top: int = FALLBACK_GROUPS):
    """The outlet groups to compare, and a note saying where they came from.

    When the outlets table names none of the outlets (every group is "(other)"), each of
    the ``top`` outlets with most articles is its own group and the rest are pooled as
    "(other outlets)", so keyness and the by-group charts still compare something; the
    note says so and how to define groups. Otherwise ``groups`` as they are, and "".

    >>> d = pd.DataFrame({"outlet": ["a.example", "b.example", "a.example"]})
    >>> g, note = groups_for_any_coverage(d, pd.Series(["(other)"] * 3))
    >>> g.tolist(), note[:40]
    (['a.example', 'b.example', 'a.example'], 'outlet groups: none of the 2 outlets is ')
    """
    groups = pd.Series(groups, index=df.index).astype("string")
    if len(df) == 0 or not (groups == "(other)").all():
        return groups, ""
    counts = df["outlet"].astype(str).value_counts()
    order = sorted(counts.index, key=lambda o: (-counts[o], o))
    keep = set(order[:top])
    out = df["outlet"].astype(str).where(df["outlet"].astype(str).isin(keep), "(other outlets)")
    n = len(counts)
    if n < 2:
        return out.astype("string"), (f"outlet groups: the one outlet ({order[0]}) is not in the outlets table, "
                                      f"so there is nothing to compare; {HOW_TO_GROUP}")
    pooled = f", the other {n - top} pooled as (other outlets)" if n > top else ""
    return out.astype("string"), (f"outlet groups: none of the {n} outlets is in the outlets table, so keyness "
                                  f"and the by-group charts compare each of the {min(n, top)} largest outlets "
                                  f"with the rest{pooled}; {HOW_TO_GROUP}")


def _host(u) -> str:
    """The host of a URL without ``www.`` ("" when it has none or cannot be read)."""
    try:
        h = urlsplit(str(u or "")).netloc.lower()
    except ValueError:
        return ""
    return h[4:] if h.startswith("www.") else h


def _most_common(values) -> str:
    """The most common non-empty text value (not "und"), the first in order on a tie; "" for none."""
    vals = [str(v) for v in values if isinstance(v, str) and v and v != "und"]
    if not vals:
        return ""
    counts = pd.Series(vals).value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], v))[0]


def draft_outlet_table(df: pd.DataFrame, outlets: pd.DataFrame | None = None) -> pd.DataFrame:
    """An outlets table for the outlets of ``df``, pre-filled for the user to edit.

    One row per outlet (most articles first): ``outlet, domain`` (the most common host
    of its URLs), ``kind, country`` (from the outlets table when it knows the outlet, or
    a ``sourcecountry`` column such as GDELT's; else empty), ``lang`` (its most common
    language), ``group`` (the table's group, else the outlet itself: edit it to the
    groups you want to compare) and ``n_articles``. Write it to CSV and pass it with
    ``--outlets`` once the groups are filled in.

    >>> d = pd.DataFrame({"outlet": ["b.example", "a.example", "b.example"], "lang": ["es", "en", "es"],
    ...                   "url": ["https://b.example/1", "", "https://www.b.example/2"]})
    >>> draft_outlet_table(d, outlets=pd.DataFrame({"outlet": ["a.example"], "group": ["US"]}))[
    ...     ["outlet", "domain", "lang", "group", "n_articles"]]
          outlet     domain lang      group  n_articles
    0  b.example  b.example   es  b.example           2
    1  a.example              en         US           1
    """
    df = require(df, ["outlet"], "draft_outlet_table()")
    known = {} if outlets is None else {r["outlet"]: r for r in outlets.to_dict("records")}
    rows = []
    for outlet, g in df.groupby(df["outlet"].astype(str), sort=False):
        k = known.get(outlet, {})
        rows.append({
            "outlet": outlet,
            "domain": str(k.get("domain") or _most_common([_host(u) for u in g["url"]] if "url" in g else [])),
            "kind": str(k.get("kind") or ""),
            "country": str(k.get("country") or (_most_common(g["sourcecountry"]) if "sourcecountry" in g else "")),
            "lang": str(k.get("lang") or (_most_common(g["lang"]) if "lang" in g else "")),
            "group": str(k.get("group") or outlet),
            "n_articles": int(len(g)),
        })
    out = pd.DataFrame(rows, columns=["outlet", "domain", "kind", "country", "lang", "group", "n_articles"])
    return out.sort_values(["n_articles", "outlet"], ascending=[False, True], kind="stable").reset_index(drop=True)


def keyness(df: pd.DataFrame, *, by: str | pd.Series, text: str = "text", alpha0: float = 1000.0,
            min_count: int = 5, langs=("en", "es"), top: int | None = None, counts: dict | None = None) -> pd.DataFrame:
    """Words that distinguish each group from the rest: weighted log-odds ratios with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    The prior puts ``alpha0`` pseudo-counts on the vocabulary in proportion to each word's
    share of the whole corpus, which shrinks the log-odds of rare words toward zero. For
    group i against the rest (j)::

        delta_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a0 - y_wj - a_w))
        var_w   = 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
        z_w     = delta_w / sqrt(var_w)

    Returns long ``group, word, n_group, n_rest, delta, z`` sorted by group, then z
    descending; words seen fewer than ``min_count`` times in all are left out. Compare
    groups writing in one language (filter ``lang`` first), or the language itself will be
    the strongest "key word". ``counts`` (from :func:`word_counts` on ``df``) skips the
    counting.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["US", "US", "Mexico"],
    ...                   "text": ["boat strike", "boat strike", "soberanía, soberanía"]})
    >>> k = keyness(d, by="g", min_count=1)
    >>> print(k[k["z"] > 0][["group", "word", "n_group", "n_rest"]].to_string(index=False))
     group      word  n_group  n_rest
    Mexico soberania        2       0
        US      boat        2       0
        US    strike        2       0
    """
    if counts is None:
        df = require(df, [text] + ([by] if isinstance(by, str) else []), "keyness()",
                     hint="name the text column with text= and the column of groups with by=")
    per_group = word_counts(df, by=by, text=text, langs=langs) if counts is None else counts
    total = Counter()
    for c in per_group.values():
        total.update(c)
    vocab = sorted(w for w, n in total.items() if n >= min_count)
    if not vocab or len(per_group) < 2:
        return pd.DataFrame(columns=["group", "word", "n_group", "n_rest", "delta", "z"])
    y_all = np.array([total[w] for w in vocab], dtype=float)
    a = alpha0 * y_all / y_all.sum()
    rows = []
    for g in sorted(per_group):
        yi = np.array([per_group[g][w] for w in vocab], dtype=float)
        yj = y_all - yi
        ni, nj = yi.sum(), yj.sum()
        delta = (np.log((yi + a) / (ni + alpha0 - yi - a)) - np.log((yj + a) / (nj + alpha0 - yj - a)))
        z = delta / np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
        part = pd.DataFrame({"group": g, "word": vocab, "n_group": yi.astype(int),
                             "n_rest": yj.astype(int), "delta": delta, "z": z})
        part = part.sort_values(["z", "word"], ascending=[False, True])
        rows.append(part.head(top) if top else part)
    return pd.concat(rows, ignore_index=True)

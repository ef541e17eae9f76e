"""Framing: scoring articles against a frame lexicon (a table of ``frame, term, lang``).

Scoring is a join of the article's words with the lexicon, as in tidytext: each match of a
term counts for its frame; the score is matches per 1,000 words, so long and short articles
compare. The dominant frame is the frame with the highest score (ties broken by name; none
when no term matched). Terms are matched case- and accent-insensitively on word boundaries;
a term ending in ``*`` matches any word that starts with it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ._fast.trie import trie_pattern
from ._frame import as_articles, require
from ._lexicon import fold
from .datasets import data_dir, read_table
from .errors import TableError
from .periods import period_start

__all__ = ["read_frames", "FrameScorer", "score_frames", "add_frames", "frame_shares"]


def read_frames(path=None) -> pd.DataFrame:
    """Read a frame lexicon (default: the bundled ``data/frames.csv``).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "frames.csv"
    >>> _ = path.write_text("frame,term,lang\\nsovereignty,soberan*,es\\nsovereignty,sovereignty,en\\n"
    ...                     "legality,war powers,en\\n", encoding="utf-8")
    >>> read_frames(path)[["frame", "term"]].values.tolist()
    [['sovereignty', 'soberan*'], ['sovereignty', 'sovereignty'], ['legality', 'war powers']]
    """
    path = data_dir() / "frames.csv" if path is None else Path(path)
    df = read_table(path, required=["frame", "term", "lang"], name="frames")
    df = df.assign(frame=df["frame"].str.strip(), term=df["term"].str.strip(),
                   lang=df["lang"].str.strip().str.lower())
    df = df[(df["frame"] != "") & (df["term"] != "")]
    key = df["term"].map(fold) + "\x1f" + df["lang"]
    dup = df[key.duplicated(keep=False)]
    clash = dup.groupby(key[dup.index])["frame"].nunique()
    if (clash > 1).any():
        term = dup.loc[key[dup.index] == clash[clash > 1].index[0], "term"].iloc[0]
        raise TableError(f"the term '{term}' belongs to two frames", path=path,
                         hint="give each term one frame per language")
    return df.drop_duplicates(["frame", "term", "lang"]).reset_index(drop=True)


class FrameScorer:
    """A frame lexicon compiled once into one pattern per language.

    Examples
    --------
    >>> lex = pd.DataFrame({"frame": ["sovereignty", "sovereignty", "legality"],
    ...                     "term": ["soberan*", "sovereignty", "war powers"], "lang": ["es", "en", "en"]})
    >>> scorer = FrameScorer(lex)
    >>> scorer.frames, scorer.count("Congress and the War  Powers of a sovereign", "en")
    (['legality', 'sovereignty'], {'legality': 1})
    """

    def __init__(self, lexicon: pd.DataFrame | None = None):
        lexicon = read_frames() if lexicon is None else lexicon
        self.frames = sorted(lexicon["frame"].unique())
        self._patterns: dict[str, tuple[re.Pattern, dict, list]] = {}
        for lang, sub in lexicon.groupby("lang"):
            exact, prefix = {}, []
            for frame, term in zip(sub["frame"], sub["term"]):
                t = fold(term)
                if t.endswith("*"):
                    prefix.append((t[:-1], frame))
                else:
                    exact[" ".join(t.split())] = frame
            prefix.sort(key=lambda p: -len(p[0]))
            alts = []
            if exact:
                alts.append(trie_pattern(exact) + r"(?!\w)")  # the longest term first
            if prefix:
                alts.append(trie_pattern([p for p, _ in prefix], space=re.escape(" ")) + r"\w*(?!\w)")
            rx = re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")") if alts else None
            self._patterns[lang] = (rx, exact, prefix)
        self._frame_of: dict[str, dict] = {}  # matched text -> frame, filled as texts are read

    def count(self, text: str, lang: str) -> dict[str, int]:
        """Matches per frame in one text. ``lang`` "und" (or unknown) uses every language."""
        langs = [lang] if lang in self._patterns else list(self._patterns)
        folded = fold(text)
        out: dict[str, int] = {}
        for lg in langs:
            rx, exact, prefix = self._patterns[lg]
            if rx is None:
                continue
            known = self._frame_of.setdefault(lg, {})
            for matched in rx.findall(folded):
                frame = known.get(matched, _UNSEEN)
                if frame is _UNSEEN:
                    s = " ".join(matched.split())
                    frame = exact.get(s)
                    if frame is None:
                        frame = next((f for p, f in prefix if s.startswith(p)), None)
                    known[matched] = frame
                if frame is not None:
                    out[frame] = out.get(frame, 0) + 1
        return out


_UNSEEN = object()
_WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """The words of ``text`` (runs of letters, digits or ``_``): what a frame score is per 1,000 of.

    >>> word_count("No a la invasión, sí a la cooperación")
    8
    """
    return len(_WORD.findall(text))


def score_frames(df: pd.DataFrame, *, lexicon: pd.DataFrame | None = None,
                 text: str = "text", title: str = "title", words: str | None = None,
                 lang: str = "lang", id: str = "article_id") -> pd.DataFrame:
    """Frame scores per article, long: ``article_id, frame, n, score``.

    ``n`` is the number of term matches in title and text, ``score`` matches per 1,000
    words (runs of word characters, ``\\w+``, in title and text). Only (article, frame)
    pairs with at least one match are listed. ``words`` names a column already holding
    each article's number of words, when it was counted before; else they are counted.
    ``text``, ``title``, ``lang`` and ``id`` name the columns; a frame with no
    ``article_id`` gets one made, one with no ``lang`` has it detected.

    Examples
    --------
    >>> lex = pd.DataFrame({"frame": ["sovereignty", "legality"],
    ...                     "term": ["soberan*", "war powers"], "lang": ["es", "en"]})
    >>> arts = pd.DataFrame({"article_id": ["a"], "title": ["Soberanía"], "lang": ["es"],
    ...                      "text": ["Defender la soberanía nacional."]})
    >>> score_frames(arts, lexicon=lex)[["article_id", "frame", "n"]].to_dict("records")
    [{'article_id': 'a', 'frame': 'sovereignty', 'n': 2}]
    """
    df = as_articles(df, verb="score_frames()", text=text, title=title, lang=lang, id=id)
    scorer = lexicon if isinstance(lexicon, FrameScorer) else FrameScorer(lexicon)
    rows = []
    counted = df[words].tolist() if words else [None] * len(df)
    for aid, ti, tx, lg, nw in zip(df["article_id"].tolist(), df[title].fillna("").tolist(),
                                   df[text].fillna("").tolist(), df["lang"].tolist(), counted):
        body = f"{ti}\n{tx}"
        counts = scorer.count(body, str(lg))
        if not counts:
            continue
        n_words = max(word_count(body) if nw is None else int(nw), 1)
        for frame in sorted(counts):
            rows.append((aid, frame, counts[frame], 1000.0 * counts[frame] / n_words))
    out = pd.DataFrame(rows, columns=["article_id", "frame", "n", "score"])
    out["article_id"] = out["article_id"].astype("string")
    out["frame"] = out["frame"].astype("string")
    return out.sort_values(["article_id", "frame"], kind="stable").reset_index(drop=True)


def add_frames(df: pd.DataFrame, *, lexicon=None, scores: pd.DataFrame | None = None,
               text: str = "text", title: str = "title", lang: str = "lang", id: str = "article_id") -> pd.DataFrame:
    """Add ``dominant_frame`` (highest score; "" when no term matched) and ``n_frame_terms``
    (and ``article_id`` and ``lang`` when the frame had none: see :func:`score_frames`).

    Examples
    --------
    >>> lex = pd.DataFrame({"frame": ["sovereignty", "sovereignty", "legality"],
    ...                     "term": ["soberan*", "sovereignty", "war powers"], "lang": ["es", "en", "en"]})
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "title": ["", "", ""], "lang": ["es", "en", "en"],
    ...                      "text": ["Defender la soberanía.", "Congress and war powers.", "Tariffs."]})
    >>> add_frames(arts, lexicon=lex)[["article_id", "dominant_frame", "n_frame_terms"]].values.tolist()
    [['a', 'sovereignty', 1], ['b', 'legality', 1], ['c', '', 0]]
    """
    df = as_articles(df, verb="add_frames()", text=text, title=title, lang=lang, id=id)
    scores = score_frames(df, lexicon=lexicon, text=text, title=title) if scores is None else scores
    out = df.copy()
    if len(scores):
        best = (scores.sort_values(["article_id", "score", "frame"], ascending=[True, False, True])
                .drop_duplicates("article_id").set_index("article_id")["frame"])
        total = scores.groupby("article_id")["n"].sum()
    else:
        best, total = pd.Series(dtype="string"), pd.Series(dtype="int64")
    out["dominant_frame"] = out["article_id"].map(best).fillna("").astype("string")
    out["n_frame_terms"] = out["article_id"].map(total).fillna(0).astype("int64")
    return out


def frame_shares(df: pd.DataFrame, *, by: str = "period", period: str = "month",
                 frame: str = "dominant_frame") -> pd.DataFrame:
    """Share of articles by dominant frame per period (``by="period"``) or per a column
    such as ``outlet``: long ``<by>, frame, n, total, share``. Articles with no frame are
    counted in ``total`` under frame "(none)".

    Examples
    --------
    >>> d = pd.DataFrame({"published_at": pd.to_datetime(["2025-01-20", "2025-02-01", "2025-02-03"], utc=True),
    ...                   "outlet": ["A", "B", "A"], "dominant_frame": ["legality", "sovereignty", ""]})
    >>> print(frame_shares(d, by="outlet").to_string(index=False))
    outlet       frame  n  total  share
         A      (none)  1      2    0.5
         A    legality  1      2    0.5
         B sovereignty  1      1    1.0
    """
    d = require(df, ["published_at" if by == "period" else by, frame], "frame_shares()",
                hint="add the frames first with coveragekit.add_frames(df)" if frame not in getattr(df, "columns", [])
                else None).copy()
    if by == "period":
        d["period"] = period_start(d["published_at"], period)
    d[frame] = d[frame].replace("", "(none)")
    g = d.groupby([by, frame], observed=True).size().rename("n").reset_index()
    g["total"] = g.groupby(by)["n"].transform("sum")
    g["share"] = g["n"] / g["total"]
    return g.rename(columns={frame: "frame"}).sort_values([by, "frame"]).reset_index(drop=True)

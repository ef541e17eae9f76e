"""Any DataFrame of articles into the columns the verbs read.

A student's own frame (``pd.read_csv("mine.csv")``) has a text column, maybe a title,
rarely an ``article_id`` or a ``lang``. :func:`as_articles` gives every public verb the
same entry: the column options (``text=``, ``title=``, ``lang=``, ``id=``) are checked
against the frame, a missing id is made, a missing language is detected, and an error
names the verb the user called.
"""

from __future__ import annotations

import hashlib
import math

import pandas as pd

from .errors import InputError
from .schema import make_article_id

__all__ = ["as_articles", "as_text", "made_ids", "require", "require_columns"]


def _frame_of(df, verb: str) -> pd.DataFrame:
    if isinstance(df, pd.DataFrame):
        return df
    articles = getattr(df, "articles", None)  # a Loaded result: its articles
    if isinstance(articles, pd.DataFrame):
        return articles
    raise InputError(f"{verb} takes a DataFrame of articles, not {type(df).__name__}",
                     hint="pass a DataFrame with a text column, e.g. pd.read_csv('articles.csv')")


def _column(df: pd.DataFrame, name, option: str, verb: str) -> str | None:
    if name is None:
        return None
    if name not in df.columns:
        cols = ", ".join(map(str, list(df.columns)[:12])) or "none"
        raise InputError(f"{verb}: the table has no column '{name}' (its columns: {cols})",
                         hint=f"name the column that holds it with {option}=")
    return name


def made_ids(df: pd.DataFrame) -> pd.Series:
    """An ``article_id`` for each row of a frame that has none: from the URL when there is
    a ``url`` column, else from outlet, title, date and text (16 hex digits of a SHA-1);
    rows whose content is the same get ``-2``, ``-3``... after the first, so ids are
    unique and the same on every run for the same frame.

    >>> made_ids(pd.DataFrame({"text": ["a", "b", "a"]})).str.len().tolist()
    [16, 16, 18]
    """

    def col(name):
        if name in df.columns:
            return df[name].astype("string").fillna("").astype(str).tolist()
        return [""] * len(df)

    ids = []
    for url, outlet, title, text, day in zip(col("url"), col("outlet"), col("title"), col("text"),
                                             col("published_at")):
        if url.strip():
            ids.append(make_article_id(url=url))
        else:
            key = "\x1f".join(["frame", outlet, title, day[:10], text])
            ids.append(hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])
    s = pd.Series(ids, index=df.index, dtype="string")
    n = s.groupby(s).cumcount()
    return s.where(n == 0, s + "-" + (n + 1).astype(str)).astype("string")


def as_articles(df, *, verb: str, text: str | None = "text", title: str | None = "title",
                lang: str | None = "lang", id: str | None = "article_id", need_lang: bool = True,
                need_id: bool = True) -> pd.DataFrame:
    """``df`` with ``article_id``, ``lang`` and the text and title columns the verb reads.

    The frame itself when nothing is missing (no copy: the verbs never mutate it); else a
    shallow copy with what was missing added: ``article_id`` from :func:`made_ids` (or the
    ``id=`` column), ``lang`` detected from title and text (or the ``lang=`` column), an
    empty title or text when the frame has only the other. At least one of the text and
    title columns must be there.
    """
    df = _frame_of(df, verb)
    has_text = text is not None and text in df.columns
    has_title = title is not None and title in df.columns
    if not has_text and not has_title:
        wanted = " or ".join(f"'{c}'" for c in (text, title) if c) or "a text column"
        cols = ", ".join(map(str, list(df.columns)[:12])) or "none"
        raise InputError(f"{verb} needs a text column: the table has no {wanted} (its columns: {cols})",
                         hint="name the column that holds the articles' text with text= (and their "
                              "headlines with title=)")
    for name, default, option in ((text, "text", "text"), (title, "title", "title")):
        if name is not None and name != default:  # a column the user named must be there
            _column(df, name, option, verb)
    out = df
    added = {}
    if text is not None and not has_text:
        added[text] = pd.Series("", index=df.index, dtype="string")
    if title is not None and not has_title:
        added[title] = pd.Series("", index=df.index, dtype="string")
    if need_id and ("article_id" not in df.columns or id not in (None, "article_id")):
        if id not in (None, "article_id"):
            _column(df, id, "id", verb)
            added["article_id"] = df[id].astype("string")
        else:
            added["article_id"] = made_ids(df)
    if need_lang and ("lang" not in df.columns or lang not in (None, "lang")):
        if lang not in (None, "lang"):
            _column(df, lang, "lang", verb)
            added["lang"] = df[lang].astype("string").fillna("und")
        else:
            # (imported here: the clean package's duplicate finder reads frames through this module)
            from .clean.language import detect_language

            heads = df[title].astype("string").fillna("").tolist() if has_title else [""] * len(df)
            bodies = df[text].astype("string").fillna("").tolist() if has_text else [""] * len(df)
            added["lang"] = pd.Series([detect_language(f"{h}\n{b}".strip()) for h, b in zip(heads, bodies)],
                                      index=df.index, dtype="string")
    if added:
        out = df.assign(**added)
    return out


_HINTS = {
    "published_at": "convert the date column first, e.g. df.assign(published_at=pd.to_datetime(df['date'], "
                    "utc=True)), or load the frame with coveragekit.load(df), which finds and reads it",
    "outlet": "add the outlet's name as a column 'outlet' (or load the frame with coveragekit.load(df))",
}


def require(df, columns, verb: str, *, hint: str | None = None) -> pd.DataFrame:
    """``df`` (a Loaded result's articles) after checking it has ``columns``; else an
    :class:`~coveragekit.errors.InputError` that names ``verb`` and what to do."""
    df = _frame_of(df, verb)
    missing = [c for c in columns if c and c not in df.columns]
    if missing:
        cols = ", ".join(map(str, list(df.columns)[:12])) or "none"
        raise InputError(f"{verb} needs the column(s) {', '.join(missing)}, which the table lacks "
                         f"(its columns: {cols})",
                         hint=hint or _HINTS.get(missing[0], "pass the column names as keyword options"))
    return df


def as_text(value) -> str:
    """A cell as text: None, NA and NaN read as "".

    >>> as_text(None), as_text(float("nan")), as_text(3)
    ('', '', '3')
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def require_columns(df: pd.DataFrame, columns, verb: str) -> None:
    """An :class:`~coveragekit.errors.InputError` naming ``verb`` when ``df`` lacks one of
    ``columns`` (None entries are skipped)."""
    missing = [c for c in columns if c and c not in df.columns]
    if missing:
        raise InputError(
            f"{verb} needs the column(s) {', '.join(missing)}, which the table lacks",
            hint="pass the column names as keyword options, or load the articles with coveragekit.load()",
        )

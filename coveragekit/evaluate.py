"""How often the instruments are right: actor mentions, quotes and frames scored on a gold set.

A gold set is a folder of CSV files annotated by people reading the text (the kit ships one
in ``data/gold/``; a newsroom can write its own in the same format):

* ``passages.csv``: ``passage_id, lang, date, text, frame, split, notes``. ``frame`` is a
  frame of ``data/frames.csv`` or ``none``, or empty when the frame was not annotated;
  ``split`` is ``dev`` (rules may be tuned on it) or ``test`` (reported, never tuned on).
* ``mentions.csv`` (optional): ``passage_id, actor, surface, how``, one row per occurrence
  of an actor (a name of the actor table's ``actor`` column) with ``surface`` the text as
  written and ``how`` ``name`` or ``role``.
* ``quotes.csv`` (optional): ``passage_id, quote, speaker``: the words inside the marks and
  who said them (an actor of the table, the name as written, or ``unknown``), one row per
  speaker when several speak.

Matching rules (:func:`evaluate_tables`)
----------------------------------------
* **Mentions** match on passage, actor and surface (white space and typographic
  apostrophes normalised), counted as multisets: a surface met twice must be found twice.
  Places of the actor table count like the other actors.
* **Quotes** match on passage and quote text, compared after folding white space and
  apostrophes and stripping the punctuation ``, . ; :`` and spaces at either end (a
  comma or period inside the closing mark is the writer's, not the speaker's).
  "With speaker" also asks for the right speaker: the actor when the gold speaker is an
  actor of the table, else the speaker phrase as written (case and accents folded, a
  leading article ignored); a gold ``unknown`` is right when the kit names no actor and
  gives no speaker or only a pronoun.
* **Frames**: one dominant frame per passage (the kit's ``dominant_frame``, "none" when no
  term matched). Precision is the share of the passages the kit gives a frame whose gold
  frame agrees, recall the share of the passages with a gold frame (not none) that the kit
  names; ``agreement`` is the share of passages where the two agree, "none" included.

Precision = right / found, recall = right / gold, F1 their harmonic mean; empty when the
denominator is 0.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .actors import actor_matcher, find_quotes, mention_spans
from .datasets import data_dir, read_table
from .errors import OptionError, TableError
from .frames import add_frames

__all__ = ["ERROR_COLUMNS", "SCORE_COLUMNS", "Evaluation", "evaluate", "evaluate_tables", "read_gold"]

SCORE_COLUMNS = ["instrument", "split", "lang", "n_passages", "n_gold", "n_found", "n_right",
                 "precision", "recall", "f1", "agreement"]
ERROR_COLUMNS = ["instrument", "split", "lang", "passage_id", "error", "expected", "found", "n"]
INSTRUMENTS = ("mentions", "quotes", "quotes with speaker", "frames")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "el", "ella", "ellos", "ellas"}
_ARTICLES = ("the ", "a ", "an ", "el ", "la ", "los ", "las ", "un ", "una ")


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    scores : DataFrame
        :data:`SCORE_COLUMNS`: one row per instrument, split ("all", "dev", "test") and
        language ("all", "en", "es").
    errors : DataFrame
        :data:`ERROR_COLUMNS`: every miss ("missed"), false find ("false"), wrong speaker
        or wrong frame, with what the gold set expected and what the kit found.
    """

    scores: pd.DataFrame
    errors: pd.DataFrame

    def table(self, *, split: str | None = None) -> pd.DataFrame:
        """The scores as a compact table (precision, recall, F1 rounded to 3 places)."""
        s = self.scores if split is None else self.scores[self.scores["split"] == split]
        out = s.copy()
        for c in ("precision", "recall", "f1", "agreement"):
            out[c] = out[c].round(3)
        if not out["agreement"].notna().any():  # no frames scored
            out = out.drop(columns=["agreement"])
        return out.reset_index(drop=True)

    def __str__(self) -> str:
        return self.table().to_string(index=False, na_rep="")

    def markdown(self) -> str:
        """The scores as a Markdown table: one row per instrument and language, the dev and
        test splits side by side (n = annotated items; P, R, F1; frames add the agreement)."""

        def cell(row, c):
            v = row[c]
            return "" if pd.isna(v) else f"{v:.2f}"

        s = self.scores.set_index(["instrument", "split", "lang"])
        lines = ["| instrument | language | dev n | dev P | dev R | dev F1 | test n | test P | test R | test F1 |",
                 "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for instrument in INSTRUMENTS:
            for lang in ("en", "es", "all"):
                cells = []
                for split in ("dev", "test"):
                    key = (instrument, split, lang)
                    if key not in s.index:
                        cells += ["", "", "", ""]
                        continue
                    row = s.loc[key]
                    n = f"{int(row['n_passages'])} passages" if instrument == "frames" else str(int(row["n_gold"]))
                    f1 = cell(row, "f1")
                    if instrument == "frames":
                        f1 += f" (agreement {cell(row, 'agreement')})"
                    cells += [n, cell(row, "precision"), cell(row, "recall"), f1]
                if any(cells):
                    lines.append(f"| {instrument} | {lang} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- reading


def _blank(df: pd.DataFrame, column: str, path: Path, name: str) -> None:
    empty = df.index[df[column].str.strip() == ""]
    if len(empty):
        raise TableError(f"line {empty[0] + 2} of {name} has an empty {column}", path=path,
                         hint="fill it in or delete the row")


def read_gold(folder=None) -> dict[str, pd.DataFrame]:
    """Read and check a gold set: ``{"passages", "mentions", "quotes"}`` (the last two
    None when the folder has no such file).

    ``folder`` defaults to the bundled gold set, ``data/gold/``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "passages.csv").write_text(
    ...     "passage_id,lang,text\\np1,en,Sheinbaum said there would be no invasion.\\n"
    ...     "p2,es,La presidenta habló de cooperación.\\np3,en,Tariffs were paused.\\n", encoding="utf-8")
    >>> gold = read_gold(folder)
    >>> gold["passages"]["passage_id"].tolist(), gold["mentions"], gold["quotes"]
    (['p1', 'p2', 'p3'], None, None)
    """
    folder = Path(data_dir() / "gold" if folder is None else folder)
    if not folder.is_dir():
        raise TableError("the gold set folder does not exist", path=folder,
                         hint="give a folder holding passages.csv (and mentions.csv, quotes.csv)")
    path = folder / "passages.csv"
    passages = read_table(path, required=["passage_id", "lang", "text"], name="gold passages")
    for c in ("date", "frame", "split", "notes"):
        if c not in passages.columns:
            passages[c] = ""
    _blank(passages, "passage_id", path, "passages.csv")
    dup = passages["passage_id"][passages["passage_id"].duplicated()]
    if len(dup):
        raise TableError(f"the passage id '{dup.iloc[0]}' is listed twice in passages.csv", path=path,
                         hint="give every passage its own id")
    bad = passages.loc[~passages["lang"].isin(["en", "es"]), "lang"]
    if len(bad):
        raise TableError(f"passages.csv has the language '{bad.iloc[0]}'", path=path, hint="write en or es")
    bad = passages.loc[~passages["split"].isin(["dev", "test", ""]), "split"]
    if len(bad):
        raise TableError(f"passages.csv has the split '{bad.iloc[0]}'", path=path, hint="write dev or test")
    given = passages["date"].str.strip()
    bad = passages.loc[(given != "") & ~given.str.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?"), "date"]
    if len(bad):
        raise TableError(f"passages.csv has a date that cannot be read: '{bad.iloc[0]}'", path=path,
                         hint="write dates as YYYY-MM-DD")
    ids = set(passages["passage_id"])
    out = {"passages": passages, "mentions": None, "quotes": None}
    for name, cols in (("mentions", ["passage_id", "actor", "surface"]), ("quotes", ["passage_id", "quote", "speaker"])):
        path = folder / f"{name}.csv"
        if not path.exists():
            continue
        t = read_table(path, required=cols, name=f"gold {name}")
        for c in cols:
            _blank(t, c, path, f"{name}.csv")
        unknown = t.loc[~t["passage_id"].isin(ids), "passage_id"]
        if len(unknown):
            raise TableError(f"{name}.csv names the passage '{unknown.iloc[0]}', which passages.csv lacks",
                             path=path, hint="add the passage or fix the id")
        out[name] = t
    return out


# --------------------------------------------------------------------------- normalising


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFD", str(text)) if not unicodedata.combining(c))
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def _quote_key(text: str) -> str:
    t = " ".join(str(text).replace("\u2019", "'").replace("\u2018", "'").split())
    return t.strip(" ,.;:")


def _surface_key(text: str) -> str:
    return " ".join(str(text).replace("\u2019", "'").split())


def _speaker_key(text: str) -> str:
    t = _fold(text)
    for a in _ARTICLES:
        if t.startswith(a):
            return t[len(a):]
    return t


# --------------------------------------------------------------------------- scoring


def _ratio(a: int, b: int) -> float:
    return a / b if b else np.nan


def _score_row(instrument, split, lang, n_passages, n_gold, n_found, n_right, agreement=np.nan):
    p, r = _ratio(n_right, n_found), _ratio(n_right, n_gold)
    if np.isnan(p) or np.isnan(r):
        f1 = np.nan
    else:
        f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return [instrument, split, lang, n_passages, n_gold, n_found, n_right, p, r, f1, agreement]


def _multiset_errors(instrument, gold: Counter, found: Counter, meta, errors):
    right = 0
    for key in sorted(set(gold) | set(found)):
        g, f = gold.get(key, 0), found.get(key, 0)
        right += min(g, f)
        pid = key[0]
        shown = " | ".join(key[1:])
        if g > f:
            errors.append([instrument, *meta[pid], pid, "missed", shown, "", g - f])
        elif f > g:
            errors.append([instrument, *meta[pid], pid, "false", "", shown, f - g])
    return right


def _speaker_right(gold_speaker: str, row, actor_names: set[str]) -> bool:
    actor, speaker = row
    if gold_speaker.strip().lower() == "unknown":
        return not actor and (not speaker or _fold(speaker) in _PRONOUNS)
    if gold_speaker in actor_names:
        return actor == gold_speaker
    return _speaker_key(speaker) == _speaker_key(gold_speaker) or (bool(actor) and actor == gold_speaker)


def _found_speaker(row) -> str:
    actor, speaker = row
    return actor or speaker or "(none)"


def evaluate_tables(passages: pd.DataFrame, mentions: pd.DataFrame | None = None,
                    quotes: pd.DataFrame | None = None, *, actors=None, frames=None) -> Evaluation:
    """Run the instruments on annotated passages and score them against the annotations.

    Parameters
    ----------
    passages : DataFrame
        ``passage_id, lang, text`` and optionally ``date`` (the article's date: roles are
        resolved at it), ``frame`` and ``split``.
    mentions, quotes : DataFrame, optional
        The gold mentions (``passage_id, actor, surface``) and quotes (``passage_id,
        quote, speaker``); None leaves that instrument out.
    actors : DataFrame, path, ActorMatcher or None
        The actor table (None: the kit's).
    frames : DataFrame or None
        The frame lexicon (None: the kit's).

    Returns
    -------
    Evaluation
        ``scores`` and ``errors``; the matching rules are in the module documentation.

    Examples
    --------
    >>> table = pd.DataFrame({"actor": ["Claudia Sheinbaum", "Mexico City"], "kind": ["person", "place"],
    ...                       "country": ["MX", "MX"], "aliases": ["Sheinbaum", ""]})
    >>> p = pd.DataFrame({"passage_id": ["p1", "p2"], "lang": ["en", "en"], "date": ["2025-03-01"] * 2,
    ...     "text": ['"No," Sheinbaum said in Mexico City.', 'Fans chanted "Viva" all night.']})
    >>> m = pd.DataFrame({"passage_id": ["p1", "p1"], "actor": ["Claudia Sheinbaum", "Mexico City"],
    ...                   "surface": ["Sheinbaum", "Mexico City"]})
    >>> q = pd.DataFrame({"passage_id": ["p1"], "quote": ["No,"], "speaker": ["Claudia Sheinbaum"]})
    >>> ev = evaluate_tables(p, m, q, actors=table)
    >>> ev.table()[["instrument", "split", "lang", "n_gold", "n_found", "precision", "recall"]].head(2)
      instrument split lang  n_gold  n_found  precision  recall
    0   mentions   all  all       2        2        1.0     1.0
    1   mentions   all   en       2        2        1.0     1.0
    """
    p = _checked_passages(passages)
    matcher = actor_matcher(actors)
    arts = _passage_articles(p)
    meta = {pid: (sp or "", lg) for pid, sp, lg in zip(p["passage_id"], p["split"], p["lang"])}
    errors: list[list] = []
    # per instrument and passage: counts (gold, found, right) that the groups (split x lang) add up
    per: dict[str, dict[str, list[int]]] = {}
    if mentions is not None:
        per["mentions"] = _mention_counts(arts, mentions, matcher, meta, errors)
    if quotes is not None:
        per["quotes"], per["quotes with speaker"] = _quote_counts(arts, quotes, matcher, meta, errors)
    per["frames"], agree = _frame_counts(arts, p, frames, meta, errors)
    per = {k: v for k, v in per.items() if v}  # an instrument with no passage to score is left out
    splits = ["all"] + sorted(s for s in set(p["split"]) if s)
    return Evaluation(scores=_score_table(per, agree, meta, splits), errors=_error_table(errors))


def _checked_passages(passages: pd.DataFrame) -> pd.DataFrame:
    """The passages with ``date, frame, split`` filled in ("" when absent) and text ids."""
    need = [c for c in ("passage_id", "lang", "text") if c not in passages.columns]
    if need:
        raise OptionError(f"evaluate needs the passage column(s) {', '.join(need)}",
                          hint="see coveragekit.evaluate for the gold set format")
    p = passages.copy()
    for c in ("date", "frame", "split"):
        if c not in p.columns:
            p[c] = ""
    p = p.fillna("")
    p["passage_id"] = p["passage_id"].astype(str)
    return p


def _passage_articles(p: pd.DataFrame) -> pd.DataFrame:
    """The passages as articles the instruments read (no title; dated when a date is given)."""
    return pd.DataFrame({
        "article_id": p["passage_id"], "title": "", "text": p["text"].astype(str), "lang": p["lang"],
        "published_at": pd.to_datetime(p["date"].where(p["date"].astype(str).str.strip() != ""),
                                       errors="coerce", utc=True, format="ISO8601"),
    })


def _mention_counts(arts, mentions, matcher, meta, errors) -> dict[str, list[int]]:
    """Per passage: gold mentions, mentions found and mentions right (actor and surface)."""
    with matcher.remembering():
        spans = mention_spans(arts, actors=matcher, title=None)
    found = Counter((a, b, _surface_key(c)) for a, b, c in zip(spans["article_id"], spans["actor"], spans["matched"]))
    g = mentions
    gold = Counter((str(a), b, _surface_key(c)) for a, b, c in zip(g["passage_id"], g["actor"], g["surface"]))
    counts = {}
    for pid in arts["article_id"]:
        gk = Counter({k: v for k, v in gold.items() if k[0] == pid})
        fk = Counter({k: v for k, v in found.items() if k[0] == pid})
        right = _multiset_errors("mentions", gk, fk, meta, errors)
        counts[pid] = [sum(gk.values()), sum(fk.values()), right]
    return counts


def _quote_counts(arts, quotes, matcher, meta, errors):
    """Per passage: gold quotes, quotes found and quotes right, once for the quote alone and
    once for the quote with its speaker."""
    actor_names = set(matcher.table["actor"])
    kit = find_quotes(arts, actors=matcher)
    found_q: dict[tuple, list] = defaultdict(list)
    for pid, quote, actor, speaker in zip(kit["article_id"], kit["quote"], kit["actor"], kit["speaker"]):
        found_q[(pid, _quote_key(quote))].append((actor or "", speaker or ""))
    gold_q: dict[tuple, list] = defaultdict(list)
    for pid, quote, speaker in zip(quotes["passage_id"], quotes["quote"], quotes["speaker"]):
        gold_q[(str(pid), _quote_key(quote))].append(speaker.strip())
    quoted, with_speaker = {}, {}
    for pid in arts["article_id"]:
        keys = sorted(k for k in set(gold_q) | set(found_q) if k[0] == pid)
        n_g = n_f = right = right_sp = 0
        for key in keys:
            gs, fs = gold_q.get(key, []), list(found_q.get(key, []))
            n_g, n_f = n_g + len(gs), n_f + len(fs)
            right += min(len(gs), len(fs))
            right_sp += _match_speakers(key, gs, fs, actor_names, meta, errors)
        quoted[pid] = [n_g, n_f, right]
        with_speaker[pid] = [n_g, n_f, right_sp]
    return quoted, with_speaker


def _match_speakers(key, gold_speakers, found, actor_names, meta, errors) -> int:
    """The copies of one quote in one passage: each gold speaker takes the first copy found
    with the right speaker; the rest are listed as wrong speakers, missed or false quotes.
    Returns how many had the right speaker."""
    pid, q = key
    fs = list(found)
    unmatched, right = [], 0
    for s in gold_speakers:
        hit = next((i for i, row in enumerate(fs) if _speaker_right(s, row, actor_names)), None)
        if hit is None:
            unmatched.append(s)
        else:
            fs.pop(hit)
            right += 1
    pairs = min(len(unmatched), len(fs))
    for s, row in zip(unmatched, fs):
        errors.append(["quotes with speaker", *meta[pid], pid, "wrong speaker",
                       f"{q} | {s}", f"{q} | {_found_speaker(row)}", 1])
    for s in unmatched[pairs:]:
        errors.append(["quotes", *meta[pid], pid, "missed", f"{q} | {s}", "", 1])
    for row in fs[pairs:]:
        errors.append(["quotes", *meta[pid], pid, "false", "", f"{q} | {_found_speaker(row)}", 1])
    return right


def _frame_counts(arts, p, frames, meta, errors):
    """For the passages with a gold frame: (gold, found, right) frames per passage, and
    whether the kit's dominant frame agrees ("none" for no frame counts as a frame here)."""
    framed = p[p["frame"].astype(str).str.strip() != ""]
    counts: dict[str, list[int]] = {}
    agree: dict[str, int] = {}
    if not len(framed):
        return counts, agree
    scored = add_frames(arts[arts["article_id"].isin(set(framed["passage_id"]))], lexicon=frames)
    kit_frame = dict(zip(scored["article_id"], scored["dominant_frame"].replace("", "none")))
    for pid, gframe in zip(framed["passage_id"], framed["frame"].str.strip()):
        kf = kit_frame.get(pid, "none")
        agree[pid] = int(kf == gframe)
        counts[pid] = [int(gframe != "none"), int(kf != "none"), int(kf == gframe != "none")]
        if kf != gframe:
            errors.append(["frames", *meta[pid], pid, "wrong frame", gframe, kf, 1])
    return counts, agree


def _score_table(per, agree, meta, splits) -> pd.DataFrame:
    """One row per instrument, split and language (each also as "all") that has passages."""
    rows = []
    for instrument in INSTRUMENTS:
        if instrument not in per:
            continue
        counts = per[instrument]
        for split in splits:
            for lang in ("all", "en", "es"):
                ids = [pid for pid in counts if (split == "all" or meta[pid][0] == split)
                       and (lang == "all" or meta[pid][1] == lang)]
                if not ids:
                    continue
                n_g = sum(counts[i][0] for i in ids)
                n_f = sum(counts[i][1] for i in ids)
                n_r = sum(counts[i][2] for i in ids)
                ag = _ratio(sum(agree[i] for i in ids), len(ids)) if instrument == "frames" else np.nan
                rows.append(_score_row(instrument, split, lang, len(ids), n_g, n_f, n_r, ag))
    scores = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    for c in ("n_passages", "n_gold", "n_found", "n_right"):
        scores[c] = scores[c].astype("int64")
    return scores


def _error_table(errors: list[list]) -> pd.DataFrame:
    err = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    err["n"] = err["n"].astype("int64")
    err = err.sort_values(["instrument", "passage_id", "error", "expected", "found"], kind="stable")
    return err.reset_index(drop=True)


def evaluate(gold=None, *, actors=None, frames=None) -> Evaluation:
    """Score the kit's instruments on a gold set folder (default: the bundled one).

    Parameters
    ----------
    gold : str or Path, optional
        A folder in the gold set format (module documentation); None reads ``data/gold/``.
    actors, frames
        As for :func:`evaluate_tables`.

    Returns
    -------
    Evaluation

    Examples
    --------
    >>> ev = evaluate()  # the bundled gold set
    >>> sorted(set(ev.scores["instrument"]))
    ['frames', 'mentions', 'quotes', 'quotes with speaker']
    >>> sorted(set(ev.scores["split"]))
    ['all', 'dev', 'test']
    """
    g = read_gold(gold)
    return evaluate_tables(g["passages"], g["mentions"], g["quotes"], actors=actors, frames=frames)

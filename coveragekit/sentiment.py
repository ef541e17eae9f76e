"""Sentiment per article, sentence and actor, with TextBlob's numbers, fast.

TextBlob's default analyser (``PatternAnalyzer``, from the pattern library) looks every
token up in a lexicon of about 2,900 English words (``en-sentiment.xml``, shipped in the
textblob wheel), and averages the polarity and subjectivity of the words it knows, after
adjusting for negation ("not good"), intensifiers ("very good"), exclamation marks and
emoticons. Words it does not know are ignored: a text with no lexicon word scores
exactly 0.0, the same as a balanced one.

This module re-implements that scoring so that it returns *the same floats* as
``TextBlob(text).sentiment`` — same tokenizer, same rules, same arithmetic in the same
order — about eight times faster on one core, and spreads the work over processes
(``bench/bench_sentiment.py``: 11 to 14 times the plain loop on 2 cores). The lexicon is read at
run time from the installed textblob package (:func:`lexicon_path`); it is never copied
into this repository. ``method="textblob"`` calls TextBlob itself, and the test suite
compares both on hundreds of texts.

How it is fast: the text is cut at whitespace exactly as pattern does, and each chunk
("said,", "(AP)") is tokenized once and cached with what the scorer needs to know about
it; the scorer then only walks the lexicon words, negations, "!" and emoticons, and skips
the words it would ignore in one step. When pattern would glue tokens back together into
an emoticon or a sarcasm mark (": )" -> ":)"), the text is scored the slow, literal way.

Worker processes are forked on Linux (they inherit the loaded lexicon and start in
milliseconds); elsewhere they are spawned, which costs about a second per call.

Which rows are scored, and by which instrument, is decided in one place,
:mod:`coveragekit.sentiment_policy`: English rows by TextBlob's arithmetic and lexicon
(``textblob-en``), Spanish rows by the kit's Spanish instrument (``coveragekit-es``,
:mod:`coveragekit.sentiment_es`: the same arithmetic with a Spanish lexicon); every other
row gets NaN and a ``sentiment_note`` that says why. The ``sentiment_instrument`` column
says which instrument made each number.
"""

from __future__ import annotations

import bisect
import importlib.util
import math
import multiprocessing
import os
import re
import string
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from ._frame import as_articles
from .errors import InputError, OptionError
from .sentiment_policy import (
    COVERAGEKIT_ES,
    SENTENCE_LANG,
    TEXTBLOB_EN,
    instrument_for,
    sentiment_plan,
)
from .text import _as_text, _require, split_sentences

__all__ = [
    "actor_sentiment",
    "add_sentiment",
    "add_vader",
    "assessments",
    "lexicon_path",
    "score_text",
    "sentence_sentiment",
    "sentiment_agreement",
]

_METHODS = ("fast", "textblob")

# =============================================================================
# pattern's constants (textblob/_text.py). Code, not data: the lexicon is read from the
# installed package. tests/test_sentiment.py checks that they equal textblob's own.
# =============================================================================
_PUNCTUATION = ".,;:!?()[]{}`''\"@#$^&*+-|=~_"
_LEAD = tuple(_PUNCTUATION.replace(".", ""))
_TRAIL = _LEAD + (".",)
_ABBREVIATIONS = frozenset(
    (
        "a.", "adj.", "adv.", "al.", "a.m.", "c.", "cf.", "comp.", "conf.", "def.", "ed.",
        "e.g.", "esp.", "etc.", "ex.", "f.", "fig.", "gen.", "id.", "i.e.", "int.", "l.",
        "m.", "Med.", "Mil.", "Mr.", "n.", "n.q.", "orig.", "pl.", "pred.", "pres.", "p.m.",
        "ref.", "v.", "vs.", "w/",
    )
)  # fmt: skip
_RE_ABBR1 = re.compile(r"^[A-Za-z]\.$")
_RE_ABBR2 = re.compile(r"^([A-Za-z]\.)+$")
_RE_ABBR3 = re.compile("^[A-Z][" + "|".join("bcdfghjklmnpqrstvwxz") + "]+.$")
_REPLACE = {
    "'d": " 'd", "'m": " 'm", "'s": " 's", "'ll": " 'll", "'re": " 're", "'ve": " 've",
    "n't": " n't",
}  # fmt: skip
# (label, polarity, emoticons), in pattern's order: where two emoticons share a start
# (":o" and ":o)"), the regular expression prefers the earlier group.
_EMOTICONS = (
    ("love", 1.00, ("<3", "♥")),
    ("grin", 1.00, (">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D")),
    ("taunt", 0.75, (">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)")),
    ("smile", 0.50, (">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)")),
    ("wink", 0.25, (">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)")),
    ("gasp", 0.05, (">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°")),
    ("worry", -0.25, (">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>")),
    ("frown", -0.75, (">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/")),
    ("cry", -1.00, (":'(", ":'''(", ";'(")),
)
_RE_EMOTICONS = re.compile(
    "({})($|\\s)".format(
        "|".join(r" ?".join(re.escape(ch) for ch in e) for _, _, group in _EMOTICONS for e in group)
    )
)
_RE_SARCASM = re.compile(r"\( ?\! ?\)")
_RE_LINEBREAK = re.compile(r"\n{2,}")
_EOS = "END-OF-SENTENCE"
_ENDERS = frozenset(("...", ".", "!", "?", _EOS))
_CLOSERS = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS))
_NEGATIONS = frozenset(("no", "not", "n't", "never"))
_MOOD, _IRONY = "mood", "irony"


def _emoticon_scores() -> dict[str, float]:
    # pattern lower-cases each emoticon and takes the first group that contains the token;
    # it only looks when the token is not alphabetic, at most 5 characters long and not
    # a substring of its punctuation string ("XD" is therefore never scored).
    scores: dict[str, float] = {}
    for _, p, group in _EMOTICONS:
        for e in group:
            scores.setdefault(e.lower(), p)
    return {
        k: v
        for k, v in scores.items()
        if k.isalpha() is False and len(k) <= 5 and k not in _PUNCTUATION
    }


_EMOTICON_SCORE = _emoticon_scores()
_SPECIAL = frozenset(_NEGATIONS | {"!", "(!)"} | set(_EMOTICON_SCORE))


# =============================================================================
# The lexicon
# =============================================================================
def lexicon_path() -> str:
    """Path of TextBlob's English sentiment lexicon (``en-sentiment.xml``) as installed.

    Found without importing textblob (which imports NLTK and takes a second or two).

    Examples
    --------
    >>> os.path.basename(lexicon_path())
    'en-sentiment.xml'
    """
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise OptionError(
            "textblob is not installed, and its lexicon is what the sentiment scores use",
            hint="pip install textblob",
        )
    path = os.path.join(next(iter(spec.submodule_search_locations)), "en", "en-sentiment.xml")
    if not os.path.exists(path):
        raise OptionError(f"TextBlob's lexicon is missing at {path}", hint="reinstall textblob")
    return path


def _avg(values) -> float:
    # pattern's avg(): builtin sum() (compensated from Python 3.12 on, like textblob's).
    return sum(values) / float(len(values) or 1)


def _read_lexicon(path: str | None = None) -> tuple[dict, dict]:
    """Read the XML as ``textblob.en.sentiment`` does: ``{word: {pos: [p, s, i]}}``, labels.

    Senses are averaged per part of speech, parts of speech averaged under the key None
    (the one used for plain text), and every adjective's adverb ("terrible" ->
    "terribly", "happy" -> "happily") is added as an "RB" entry with the adjective's
    scores — overwriting the None entry of an adverb already listed.
    """
    words: dict = {}
    labels: dict = {}
    root = ElementTree.parse(path or lexicon_path()).getroot()
    for w in root.findall("word"):
        form = w.attrib.get("form")
        pos = w.attrib.get("pos")
        psi = (
            float(w.attrib.get("polarity", 0.0)),
            float(w.attrib.get("subjectivity", 0.0)),
            float(w.attrib.get("intensity", 1.0)),
        )
        label = w.attrib.get("label")
        if form:
            words.setdefault(form, {}).setdefault(pos, []).append(psi)
        if form and label:
            labels[form] = label
    for w, senses in words.items():
        words[w] = {pos: [_avg(each) for each in zip(*psi)] for pos, psi in senses.items()}
    for w, pos in list(words.items()):
        words[w][None] = [_avg(each) for each in zip(*pos.values())]
    for w, pos in list(words.items()):
        if "JJ" in pos:
            if w.endswith("y"):
                w = w[:-1] + "i"
            w = w.removesuffix("le")
            p, s, i = pos["JJ"]
            entry = words.setdefault(w + "ly", {})
            entry["RB"] = entry[None] = (p, s, i)
    return words, labels


_LEX: dict | None = None  # word -> (polarity, subjectivity, intensity, is_modifier)
_LABELS: dict = {}


def _ensure_lexicon() -> None:
    global _LEX, _LABELS
    if _LEX is None:
        words, labels = _read_lexicon()
        _LABELS = labels
        _LEX = {w: (*pos[None], "RB" in pos) for w, pos in words.items()}


# =============================================================================
# pattern's tokenizer and scorer, faithfully (the reference path inside this module)
# =============================================================================
def _split_chunk(t: str) -> tuple[str, ...]:
    """Split one whitespace-delimited chunk as pattern's find_tokens() does."""
    tokens, tail = [], []
    while t.startswith(_LEAD) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_TRAIL) and t not in _REPLACE:
        if t.endswith(_LEAD):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if (
                t in _ABBREVIATIONS
                or _RE_ABBR1.match(t) is not None
                or _RE_ABBR2.match(t) is not None
                or _RE_ABBR3.match(t) is not None
            ):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


def _prepare(string: str, eos: str) -> str:
    """pattern's string replacements before splitting into chunks."""
    for a, b in _REPLACE.items():
        if a in string:
            string = string.replace(a, b)
    string = (
        string.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )
    if "\r\n" in string:
        string = string.replace("\r\n", "\n")
    if "\n\n" in string:
        string = eos(string)
    return string


def _eos_regex(string: str) -> str:
    return _RE_LINEBREAK.sub(f" {_EOS} ", string)


def _eos_replace(string: str) -> str:
    # Same tokens as the regex: a run of 3+ newlines may give two END-OF-SENTENCE marks
    # instead of one, and the marks are dropped from the words either way.
    return string.replace("\n\n", " END-OF-SENTENCE ")


def _emoticon_join(m: re.Match) -> str:
    return m.group(1).replace(" ", "") + m.group(2)


def _words(string: str) -> list[str]:
    """The lower-cased words pattern's Sentiment.__call__ assesses, exactly."""
    tokens: list[str] = []
    cache = _CHUNKS
    for chunk in _prepare(string, _eos_regex).split():
        e = cache.get(chunk)
        tokens.extend(_split_chunk(chunk) if e is None else e[3])
    sentences, i, j = [[]], 0, 0
    n = len(tokens)
    while j < n:
        if tokens[j] in _ENDERS:
            while j < n and tokens[j] in _CLOSERS:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    joined = [" ".join(s) for s in sentences if len(s) > 0]
    joined = [_RE_SARCASM.sub("(!)", s) for s in joined]
    joined = [_RE_EMOTICONS.sub(_emoticon_join, s) for s in joined]
    return [w.lower() for w in " ".join(joined).split()]


def _assess_words(words) -> list[list]:
    """pattern's Sentiment.assessments() for words without part-of-speech tags.

    Returns mutable entries ``[words, polarity, subjectivity, intensity, negated, label]``.
    """
    lex_get = _LEX.get
    labels = _LABELS
    a: list[list] = []
    m = None  # preceding modifier (a known adverb)
    n = None  # preceding negation
    for w in words:
        x = lex_get(w)
        if x is not None:
            p, s, i, mod = x
            if m is None:
                a.append([[w], p, s, i, 1, labels.get(w)])
            else:
                last = a[-1]
                last[0].append(w)
                last[1] = max(-1.0, min(p * last[3], +1.0))
                last[2] = max(-1.0, min(s * last[3], +1.0))
                last[3] = i
                last[5] = labels.get(w)
            if n is not None:
                last = a[-1]
                last[0].insert(0, n)
                last[3] = 1.0 / last[3]
                last[4] = -1
            m = w if mod else None
            n = w if w in _NEGATIONS else None
        else:
            if n is None and m is None and w not in _SPECIAL:
                continue  # an unknown word changes nothing in this state
            if w in _NEGATIONS:
                n = w
            elif n and len(w.strip("'")) > 1:
                n = None
            if n is not None and m is not None and m.endswith("ly"):
                last = a[-1]
                last[0].append(n)
                last[4] = -1
                n = None
            elif m and len(w) > 2:
                m = None
            if w == "!" and len(a) > 0:
                last = a[-1]
                last[0].append("!")
                last[1] = max(-1.0, min(last[1] * 1.25, +1.0))
            if w == "(!)":
                a.append([[w], 0.0, 1.0, 1.0, 1, _IRONY])
            p = _EMOTICON_SCORE.get(w)
            if p is not None:
                a.append([[w], p, 1.0, 1.0, 1, _MOOD])
    return a


# =============================================================================
# The fast path: the same state machine, fed from a cache of pre-split chunks
# =============================================================================
# pattern joins its tokens with spaces and then merges emoticons split over several
# tokens (": )" -> ":)", "2018 )" -> "2018)") and "( ! )" into "(!)". The fast path
# follows every merge that could happen; when one could change what is assessed (": )"
# becomes a smile), the text goes the faithful way. Merges that only glue unknown words
# together ("2018)") leave the assessments as they are and stay on the fast path.
def _merge_tables():
    starts: dict[str, set] = {}  # prefix E[:j] of a mergeable string -> remainders E[j:]
    prefixes: set[str] = set()  # every non-empty prefix of a remainder
    for e in [e for _, _, group in _EMOTICONS for e in group] + ["(!)"]:
        for j in range(1, len(e)):
            starts.setdefault(e[:j], set()).add(e[j:])
            for k in range(j + 1, len(e) + 1):
                prefixes.add(e[j:k])
    return {k: frozenset(v) for k, v in starts.items()}, frozenset(prefixes)


_MERGE_STARTS, _REM_PREFIXES = _merge_tables()
_MAX_PREFIX = max(map(len, _MERGE_STARTS))
_HIT = object()


def _merge_starts(t: str):
    for k in range(1, min(_MAX_PREFIX, len(t)) + 1):
        for r in _MERGE_STARTS.get(t[-k:], ()):
            yield r, (t,)


def _harmless(group: tuple[str, ...]) -> bool:
    """Whether merging these tokens into one leaves the assessments unchanged.

    True when neither the tokens nor the merged token are known or special words, and
    the merged token clears the same pending negation/modifier as the tokens did.
    """
    merged = "".join(group).lower()
    words = [t.lower() for t in group] + [merged]
    if any(w in _LEX or w in _SPECIAL for w in words):
        return False
    clears_n = any(len(w.strip("'")) > 1 for w in words[:-1])
    clears_m = any(len(w) > 2 for w in words[:-1])
    return clears_n == (len(merged.strip("'")) > 1) and clears_m == (len(merged) > 2)


def _walk(pending, tokens):
    """Follow possible merges through space-separated tokens.

    ``pending`` holds (rest of the mergeable string, tokens so far). A merge needs a token
    that ends with the start of an emoticon (or of "(!)"), followed by tokens that spell
    the rest exactly. Returns the pending merges after the tokens, or _HIT when a merge
    that matters completes.
    """
    for t in tokens:
        nxt = set()
        for r, group in pending:
            if t == r:
                if not _harmless(group + (t,)):
                    return _HIT
            elif r.startswith(t):
                nxt.add((r[len(t) :], group + (t,)))
        nxt.update(_merge_starts(t))
        pending = nxt
    return frozenset(pending) or None


# Chunk kinds. For an unknown word that is not a negation, "!", "(!)" or an emoticon,
# the state machine only looks at its length: 3+ characters clear a pending negation and
# modifier, 2 characters clear a pending negation, shorter ones change nothing (the state
# "negation pending after an -ly modifier" never outlives the word that created it).
_LONG, _MEDIUM, _NOTHING, _MARK, _SLOW, _WORDS = range(6)


def _chunk_entry(c: str) -> tuple:
    raw = _split_chunk(c)
    if _EOS in raw:
        kind = _MARK if raw == (_EOS,) else _SLOW
        return (kind, (), raw[0], raw, None)
    pending = _walk(frozenset(), raw)
    if pending is _HIT:
        return (_SLOW, (), raw[0], raw, None)
    seq = []
    plain = True
    longest = 0
    for t in raw:
        w = t.lower()
        if w in _LEX or w in _SPECIAL:
            seq.append(w)
            plain = False
            continue
        long_strip, long_len = len(w.strip("'")) > 1, len(w) > 2
        if not long_strip and not long_len:
            continue
        if long_strip and long_len:
            longest = 2
        elif long_strip:
            longest = max(longest, 1)
        else:
            plain = False
        seq.append(w)
    kind = (_NOTHING, _MEDIUM, _LONG)[longest] if plain else _WORDS
    return (kind, tuple(seq), raw[0], raw, pending)


_CHUNKS: dict[str, tuple] = {}
_CHUNK_CACHE_SIZE = 100_000  # about 35 MB at most


def _fast_assess(string: str):
    """Assessments as in :func:`_assess_words`, or None when the text needs the slow path."""
    string = _prepare(string, _eos_replace)
    cache = _CHUNKS
    if len(cache) > _CHUNK_CACHE_SIZE:
        cache.clear()
    get = cache.get
    lex_get = _LEX.get
    labels = _LABELS
    negations = _NEGATIONS
    emoticons = _EMOTICON_SCORE
    rem_prefixes = _REM_PREFIXES
    a: list[list] = []
    m = None
    n = None
    pending = None
    for c in string.split():
        e = get(c)
        if e is None:
            e = cache[c] = _chunk_entry(c)
        kind = e[0]
        if kind == _MARK:
            continue
        if pending is not None and e[2] in rem_prefixes:
            pending = _walk(pending, e[3])
            if pending is _HIT:
                return None
        else:
            pending = e[4]
        if kind == _LONG:
            n = None
            m = None
        elif kind == _MEDIUM:
            n = None
        elif kind == _NOTHING:
            pass
        elif kind == _SLOW:
            return None
        else:  # the loop of _assess_words(), inlined
            for w in e[1]:
                x = lex_get(w)
                if x is not None:
                    p, s, i, mod = x
                    if m is None:
                        a.append([[w], p, s, i, 1, labels.get(w)])
                    else:
                        last = a[-1]
                        last[0].append(w)
                        last[1] = max(-1.0, min(p * last[3], +1.0))
                        last[2] = max(-1.0, min(s * last[3], +1.0))
                        last[3] = i
                        last[5] = labels.get(w)
                    if n is not None:
                        last = a[-1]
                        last[0].insert(0, n)
                        last[3] = 1.0 / last[3]
                        last[4] = -1
                    m = w if mod else None
                    n = w if w in negations else None
                else:
                    if w in negations:
                        n = w
                    elif n and len(w.strip("'")) > 1:
                        n = None
                    if n is not None and m is not None and m.endswith("ly"):
                        last = a[-1]
                        last[0].append(n)
                        last[4] = -1
                        n = None
                    elif m and len(w) > 2:
                        m = None
                    if w == "!" and len(a) > 0:
                        last = a[-1]
                        last[0].append("!")
                        last[1] = max(-1.0, min(last[1] * 1.25, +1.0))
                    if w == "(!)":
                        a.append([[w], 0.0, 1.0, 1.0, 1, _IRONY])
                    p = emoticons.get(w)
                    if p is not None:
                        a.append([[w], p, 1.0, 1.0, 1, _MOOD])
    return a


def _assessments(text: str) -> list[list]:
    _ensure_lexicon()
    a = _fast_assess(text)
    if a is None:
        a = _assess_words(_words(text))
    return a


def _score(text: str) -> tuple[float, float]:
    a = _assessments(text)
    # pattern: avg() over (word, score) pairs, weight 1, in order.
    ps = 0
    ss = 0
    for x in a:
        ps += x[1] * -0.5 if x[4] < 0 else x[1]
        ss += x[2]
    k = float(len(a) or 1)
    return ps / k, ss / k


def _textblob_score(text: str) -> tuple[float, float]:
    from textblob import TextBlob

    s = TextBlob(text).sentiment
    return s.polarity, s.subjectivity


def score_text(text: str, *, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one string, as ``TextBlob(text).sentiment``.

    Parameters
    ----------
    text : str
    method : {"fast", "textblob"}, default "fast"
        "fast" is this module's re-implementation (same floats); "textblob" calls TextBlob.

    Examples
    --------
    >>> score_text("The food was good.")
    (0.7, 0.6000000000000001)

    A negated intensifier divides instead of multiplying ("very" is 1.3 times): "not very
    good" is -0.5 * 0.7 / 1.3.

    >>> score_text("The food was not very good.")
    (-0.26923076923076916, 0.46153846153846156)
    >>> score_text("The food was not very good.", method="textblob")
    (-0.26923076923076916, 0.46153846153846156)
    """
    _check_method(method)
    text = _as_text(text)
    return _textblob_score(text) if method == "textblob" else _score(text)


def assessments(text: str, *, method: str = "fast") -> pd.DataFrame:
    """The words and phrases TextBlob assessed in ``text``, one row each, in order.

    The same content as ``TextBlob(text).sentiment_assessments.assessments``; the
    article's polarity is the mean of the ``polarity`` column (0.0 when there is no
    row), its subjectivity the mean of ``subjectivity``. For teaching: which words drove
    a score, and which ones TextBlob never saw.

    Parameters
    ----------
    text : str
    method : {"fast", "textblob"}, default "fast"

    Returns
    -------
    DataFrame
        ``phrase`` (the words joined by spaces), ``words`` (the list TextBlob gives: a
        lexicon word with its negation, intensifier and "!" marks), ``polarity`` (after
        negation: "not good" is ``-0.5`` times "good"), ``subjectivity`` and ``label``
        (None, or "mood" for emoticons, "irony" for "(!)", "profanity").

    Examples
    --------
    >>> assessments("Not a great plan, but a very good team!")
            phrase            words  polarity  subjectivity label
    0    not great     [not, great]      -0.4          0.75  None
    1  very good !  [very, good, !]       1.0          0.78  None
    """
    _check_method(method)
    text = _as_text(text)
    if method == "textblob":
        from textblob import TextBlob

        rows = [tuple(r) for r in TextBlob(text).sentiment_assessments.assessments]
    else:
        rows = [(x[0], x[1] * -0.5 if x[4] < 0 else x[1], x[2], x[5]) for x in _assessments(text)]
    return pd.DataFrame(
        {
            "phrase": pd.array([" ".join(r[0]) for r in rows], dtype="string"),
            "words": pd.Series([list(r[0]) for r in rows], dtype=object),
            "polarity": pd.array([r[1] for r in rows], dtype="float64"),
            "subjectivity": pd.array([r[2] for r in rows], dtype="float64"),
            "label": pd.Series([r[3] for r in rows], dtype=object),
        }
    )


# =============================================================================
# Running over many strings, in parallel
# =============================================================================
_PARALLEL_MIN_CHARS = 400_000  # below this, starting processes costs more than it saves
_CHUNKS_PER_WORKER = 4


def _start_method():
    # Forked workers inherit the loaded lexicon and start in milliseconds; other start
    # methods re-import pandas and this module in every worker (about a second).
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _n_workers(n_jobs) -> int:
    if n_jobs is None or n_jobs == -1:
        return os.cpu_count() or 1
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer)):
        raise OptionError(f"n_jobs must be None, -1 or a positive integer, not {n_jobs!r}")
    if n_jobs < 1:
        raise OptionError(f"n_jobs must be None, -1 or a positive integer, not {n_jobs!r}")
    return int(n_jobs)


def _run_chunk(args):
    func, items = args
    return [func(x) for x in items]


def _map(func, items: list[str], *, n_jobs, min_chars: int | None = None) -> list:
    """``[func(x) for x in items]``, over processes when it pays; same result either way."""
    workers = min(_n_workers(n_jobs), max(1, len(items) // 2))
    if min_chars is None:
        min_chars = _PARALLEL_MIN_CHARS
    if workers <= 1 or sum(map(len, items)) < min_chars:
        return [func(x) for x in items]
    n_chunks = workers * _CHUNKS_PER_WORKER
    step = math.ceil(len(items) / n_chunks)
    chunks = [(func, items[i : i + step]) for i in range(0, len(items), step)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_start_method()) as pool:
            parts = list(pool.map(_run_chunk, chunks))
    except (OSError, BrokenProcessPool) as exc:  # no /dev/shm, a worker killed, ...
        warnings.warn(f"running on one core: worker processes failed ({exc})", stacklevel=3)
        return [func(x) for x in items]
    return [r for part in parts for r in part]


def _check_method(method: str) -> None:
    if method not in _METHODS:
        raise OptionError(f"method must be one of {', '.join(_METHODS)}, not {method!r}")


def _scores(strings: list[str], *, method: str, n_jobs) -> dict[str, tuple[float, float]]:
    """Score each distinct string once."""
    unique = list(dict.fromkeys(strings))
    if method == "textblob":
        return {s: _textblob_score(s) for s in unique}
    _ensure_lexicon()  # before forking: workers inherit it
    return dict(zip(unique, _map(_score, unique, n_jobs=n_jobs)))


def _spanish_score(lex, method, text):
    from .sentiment_es import _score_fast, _score_reference

    return _score_fast(lex, text) if method == "fast" else _score_reference(lex, text)


def _scores_es(strings: list[str], *, method: str, n_jobs, lexicon) -> dict[str, tuple[float, float]]:
    """Score each distinct Spanish string once with coveragekit-es ("textblob" asks for
    the reference: the plain Spanish scorer)."""
    import functools

    from .sentiment_es import load_lexicon, resolve_lexicon_option

    unique = list(dict.fromkeys(strings))
    if not unique:
        return {}
    path = resolve_lexicon_option(lexicon)
    lex = load_lexicon(path)  # read (and checked) here, once
    func = functools.partial(_spanish_score, lex, "fast" if method == "fast" else "reference")
    return dict(zip(unique, _map(func, unique, n_jobs=n_jobs)))


def _scores_by_instrument(strings, instruments, *, method, n_jobs, lexicon) -> dict:
    """``{(instrument, string): (polarity, subjectivity)}`` for each string to score."""
    en = [s for s, i in zip(strings, instruments) if i == TEXTBLOB_EN]
    es = [s for s, i in zip(strings, instruments) if i == COVERAGEKIT_ES]
    out = {}
    if en:
        out.update({(TEXTBLOB_EN, k): v for k, v in _scores(en, method=method, n_jobs=n_jobs).items()})
    if es:
        got = _scores_es(es, method=method, n_jobs=n_jobs, lexicon=lexicon)
        out.update({(COVERAGEKIT_ES, k): v for k, v in got.items()})
    return out


# =============================================================================
# Which rows are scored: coveragekit.sentiment_policy
# =============================================================================
def _plan(df: pd.DataFrame, text: str, title: str):
    """Per row: the basis, the string to score, the note and the instrument (see
    :func:`coveragekit.sentiment_policy.sentiment_plan`)."""
    return sentiment_plan(df, text, title)


def add_sentiment(
    df: pd.DataFrame,
    *,
    text: str = "text",
    title: str = "title",
    n_jobs: int | None = None,
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
) -> pd.DataFrame:
    """Add polarity and subjectivity to every English and Spanish article.

    English rows get exactly ``TextBlob(value).sentiment`` of the text cell
    (``textblob-en``); Spanish rows get the kit's Spanish instrument, the same arithmetic
    with a Spanish lexicon (``coveragekit-es``, :mod:`coveragekit.sentiment_es`). The
    two are different instruments: compare within one (the ``sentiment_instrument``
    column says which made each number). A record without text (title-only exports:
    Media Cloud, GDELT) is scored on its title and marked ``sentiment_basis="title"``: a
    headline is a different kind of evidence, keep the two apart when you compare.

    Which rows are scored (:mod:`coveragekit.sentiment_policy`): ``lang`` "en" or "es"
    (case and spaces ignored). A row with ``lang == "und"`` (or a missing ``lang``) is
    scored when :func:`coveragekit.clean.detect_language` reads the scored string (text,
    else title) as English or Spanish; short or mixed strings stay unscored. Any other
    language gets NaN and a note: a score from another language's lexicon is noise, not
    a measurement.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``lang`` and the ``text`` and ``title`` columns.
    text, title : str
        Column names.
    lang : str, default "lang"
        The column of language codes; a frame without one has it detected
        (:func:`coveragekit.clean.detect_language`) and the column added.
    n_jobs : int or None, default None
        Processes to use: None or -1 for ``os.cpu_count()``, 1 for none. Small inputs
        (under about 400,000 characters) are always scored in this process. The numbers do
        not depend on it.
    method : {"fast", "textblob"}, default "fast"
        "fast": this module's re-implementation of TextBlob's PatternAnalyzer (same
        floats, about eight times faster per core) and the Spanish fast kernel.
        "textblob": the references, row by row in this process: ``TextBlob(value).sentiment``
        for English, the plain Spanish scorer for Spanish (same numbers either way).
    lexicon : path or dict, optional
        ``{"es": path}`` (or a path): a Spanish lexicon CSV instead of the bundled
        ``data/lexicons/sentiment_es.csv`` (columns in ``data/README.md``).

    Returns
    -------
    DataFrame
        A copy of ``df`` with the columns (replaced if present):

        ``polarity`` (-1 to 1) and ``subjectivity`` (0 to 1)
            of the text, or of the title for title-only records; NaN when not scored.
            0.0 also means "no lexicon word found": see :func:`assessments`.
        ``title_polarity``
            polarity of the title (NaN when empty or not scored), by the row's instrument.
        ``sentiment_basis``
            "text", "title" or "" (not scored).
        ``sentiment_note``
            "" for scored rows, else why not (e.g. "no sentiment instrument for lang=fr:
            ...", "no text and no title").
        ``sentiment_instrument``
            "textblob-en", "coveragekit-es" or "" (not scored).

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "lang": ["en", "en", "fr"],
    ...     "title": ["Talks fail", "A very good day", "Un bon jour"],
    ...     "text": ["The plan is not good.", "", "Le plan est bon."]})
    >>> out = add_sentiment(df)
    >>> out[["polarity", "subjectivity", "title_polarity"]]
       polarity  subjectivity  title_polarity
    0     -0.35          0.60           -0.50
    1      0.91          0.78            0.91
    2       NaN           NaN             NaN
    >>> out["sentiment_basis"].tolist()
    ['text', 'title', '']
    >>> out["sentiment_instrument"].tolist()
    ['textblob-en', 'textblob-en', '']
    >>> out.loc[2, "sentiment_note"]
    "no sentiment instrument for lang=fr: TextBlob's lexicon is English and coveragekit-es's is Spanish"
    """
    df = as_articles(df, verb="add_sentiment()", text=text, title=title, lang=lang, need_id=False)
    _check_method(method)
    bases, strings, notes, instruments = _plan(df, text, title)
    heads = [_as_text(h) for h in df[title]]
    want_s = [s for s, b in zip(strings, bases) if b]
    want_i = [i for i, b in zip(instruments, bases) if b]
    want_s += [h for h, i in zip(heads, instruments) if i and h.strip()]
    want_i += [i for h, i in zip(heads, instruments) if i and h.strip()]
    scores = _scores_by_instrument(want_s, want_i, method=method, n_jobs=n_jobs, lexicon=lexicon)
    nan = (math.nan, math.nan)
    pol, subj, tpol = [], [], []
    for s, b, h, inst in zip(strings, bases, heads, instruments):
        p, q = scores[(inst, s)] if b else nan
        pol.append(p)
        subj.append(q)
        tpol.append(scores[(inst, h)][0] if inst and h.strip() else math.nan)
    out = df.copy()
    out["polarity"] = np.array(pol, dtype="float64")
    out["subjectivity"] = np.array(subj, dtype="float64")
    out["title_polarity"] = np.array(tpol, dtype="float64")
    out["sentiment_basis"] = pd.array(bases, dtype="string")
    out["sentiment_note"] = pd.array(notes, dtype="string")
    out["sentiment_instrument"] = pd.array(instruments, dtype="string")
    return out


# =============================================================================
# VADER, for a second opinion
# =============================================================================
_VADER = None


def _windowed_vader():
    """vaderSentiment's analyser with its two per-word checks given a window of words.

    ``_negation_check`` and ``_special_idioms_check`` lower-case the *whole* list of words
    on every call, and they are called for most sentiment words, so on an article (VADER
    was built for sentences) the time grows with the square of its length: about 10 ms
    for 500 words. Both only read the words from three before to two after the current
    one, so they are handed that window (with the position inside it): the same words at
    the same relative places, so the same result, in constant time. The rest of VADER
    runs unchanged; tests/test_sentiment.py compares the scores with the plain analyser.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, N_SCALAR, NEGATE, SentiText
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Plain

    negate = frozenset(NEGATE)  # compared with lower-cased words, as negated() does
    punct = string.punctuation

    class _Words(SentiText):
        # SentiText's words (each token stripped of punctuation unless that leaves two
        # characters or fewer) and its "some but not all words in capitals" flag, built
        # without a function call per word
        def __init__(self, text: str):
            self.text = text
            self.words_and_emoticons = words = [t if len(s := t.strip(punct)) <= 2 else s for t in text.split()]
            n_caps = sum(map(str.isupper, words))
            self.is_cap_diff = 0 < len(words) - n_caps < len(words)

    def _negated(word: str) -> bool:  # vaderSentiment.negated([word]) for one lower-cased word
        word = word.lower()
        return word in negate or "n't" in word

    class _Windowed(Plain):
        def polarity_scores(self, text):
            # VADER's own loop, in one pass: words outside its lexicon score 0 (as do
            # boosters and "kind" before "of") without a call each. Texts holding an
            # emoji (replaced by its description first) take VADER's own path.
            if not self._emoji_chars.isdisjoint(text):
                return super().polarity_scores(text)
            text = text.strip()
            sentitext = _Words(text)
            words = sentitext.words_and_emoticons
            lower = [w.lower() for w in words]
            sentiments = [0] * len(words)
            lexicon = self.lexicon
            last = len(words) - 1
            for i, low in enumerate(lower):
                if low in lexicon and low not in BOOSTER_DICT and not (low == "kind" and i < last
                                                                       and lower[i + 1] == "of"):
                    sentiments[i] = self.sentiment_valence(0, sentitext, words[i], i, [])[0]
            if "but" in lower:
                # VADER's "but" rule, which halves the scores before the first "but" and
                # raises those after by half, finds each score's place with
                # ``sentiments.index(value)`` (the first equal score, a quirk kept here).
                # Zeros stay zero wherever they are found, so only the others are walked.
                # ``at[v]``: the places now holding a score equal to v, ascending, kept up
                # to date as scores change, so each look-up is not a walk of the list.
                bi = lower.index("but")
                at: dict[float, list[int]] = {}
                for j, x in enumerate(sentiments):
                    if x != 0:
                        at.setdefault(x, []).append(j)
                for value in [x for x in sentiments if x != 0]:
                    si = at[value][0]  # sentiments.index(value)
                    if si == bi:
                        continue
                    new = value * 0.5 if si < bi else value * 1.5
                    sentiments[si] = new
                    del at[value][0]
                    if not at[value]:
                        del at[value]
                    bisect.insort(at.setdefault(new, []), si)
            return self.score_valence(sentiments, text)

        @staticmethod
        def _negation_check(valence, words_and_emoticons, start_i, i):
            # VADER's check, reading only the (up to) three words before word i, and its
            # negated([word]) as a set lookup: the word is one of NEGATE or holds "n't"
            w = words_and_emoticons
            w1 = w[i - 1].lower()
            if start_i == 0:
                if _negated(w1):
                    valence = valence * N_SCALAR
            if start_i == 1:
                w2 = w[i - 2].lower()
                if w2 == "never" and (w1 == "so" or w1 == "this"):
                    valence = valence * 1.25
                elif w2 == "without" and w1 == "doubt":
                    valence = valence
                elif _negated(w2):
                    valence = valence * N_SCALAR
            if start_i == 2:
                w2, w3 = w[i - 2].lower(), w[i - 3].lower()
                if w3 == "never" and (w2 == "so" or w2 == "this") or (w1 == "so" or w1 == "this"):
                    valence = valence * 1.25
                elif w3 == "without" and (w2 == "doubt" or w1 == "doubt"):
                    valence = valence
                elif _negated(w3):
                    valence = valence * N_SCALAR
            return valence

        @staticmethod
        def _special_idioms_check(valence, words_and_emoticons, i):
            lo = max(0, i - 3)  # reads i-3 .. i+2 (called when i > 2; i+1, i+2 if they exist)
            return Plain._special_idioms_check(valence, words_and_emoticons[lo:i + 3], i - lo)

    analyser = _Windowed()
    analyser._emoji_chars = frozenset(analyser.emojis)  # VADER compares one character at a time
    return analyser


def _vader_compound(text: str) -> float:
    global _VADER
    if _VADER is None:
        _VADER = _windowed_vader()
    return _VADER.polarity_scores(text)["compound"]


def add_vader(
    df: pd.DataFrame, *, text: str = "text", title: str = "title", n_jobs: int | None = None,
    lang: str = "lang",
) -> pd.DataFrame:
    """Add VADER's compound score (-1 to 1) to every English article.

    VADER (vaderSentiment's ``SentimentIntensityAnalyzer``, lexicon shipped in the wheel)
    is a second instrument built for social-media English: its own lexicon, rules for
    capitals, "but", degree words and punctuation. The rows :func:`add_sentiment` scores
    with ``textblob-en`` are scored, on the same string (the text, or the title of a
    title-only record); other rows (Spanish ones included: VADER's lexicon is English)
    get NaN.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``lang`` and the ``text`` and ``title`` columns.
    text, title : str
        Column names.
    lang : str, default "lang"
        The column of language codes; a frame without one has it detected
        (:func:`coveragekit.clean.detect_language`) and the column added.
    n_jobs : int or None, default None
        As in :func:`add_sentiment`.

    Returns
    -------
    DataFrame
        A copy of ``df`` with ``vader_compound`` (replaced if present).

    Examples
    --------
    >>> df = pd.DataFrame({"lang": ["en", "es"], "title": ["", ""],
    ...                    "text": ["A great, great win!", "Una gran victoria."]})
    >>> add_vader(df)["vader_compound"].tolist()
    [0.923, nan]
    """
    df = as_articles(df, verb="add_vader()", text=text, title=title, lang=lang, need_id=False)
    bases, strings, _, instruments = _plan(df, text, title)
    english = [bool(b) and i == TEXTBLOB_EN for b, i in zip(bases, instruments)]  # VADER is English
    unique = list(dict.fromkeys(s for s, e in zip(strings, english) if e))
    if unique:
        _vader_compound("")  # load the lexicon before forking
    scores = dict(zip(unique, _map(_vader_compound, unique, n_jobs=n_jobs)))
    out = df.copy()
    out["vader_compound"] = np.array(
        [scores[s] if e else math.nan for s, e in zip(strings, english)], dtype="float64"
    )
    return out


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


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
    columns are computed with :func:`add_sentiment` / :func:`add_vader` when missing.

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
    >>> df = pd.DataFrame({"polarity": [0.5, 0.2, -0.3, 0.0],
    ...                    "vader_compound": [0.8, -0.1, -0.6, 0.01]})
    >>> sentiment_agreement(df).round(3)
       n  pearson  spearman  sign_agreement  opposite_sign
    0  4    0.938       0.8            0.75           0.25
    """
    work = df
    if polarity not in work.columns:
        work = add_sentiment(work)
    if compound not in work.columns:
        work = add_vader(work)
    keys = [by] if isinstance(by, str) else list(by or [])
    _require(work, keys + [polarity, compound], "sentiment_agreement()")

    def summary(part: pd.DataFrame) -> dict:
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

    if not keys:
        rows = [summary(work)]
    else:
        rows = []
        for key, part in work.groupby(keys, sort=True, dropna=False):
            key = key if isinstance(key, tuple) else (key,)
            rows.append({**dict(zip(keys, key)), **summary(part)})
    out = pd.DataFrame(
        rows, columns=keys + ["n", "pearson", "spearman", "sign_agreement", "opposite_sign"]
    )
    out["n"] = out["n"].astype("int64")
    return out


# =============================================================================
# Sentences and actors
# =============================================================================
def _sentence_scores(text: str):
    return [(a, b, *_score(text[a:b])) for a, b in split_sentences(text, lang="en")]


def _sentence_scores_textblob(text: str):
    return [(a, b, *_textblob_score(text[a:b])) for a, b in split_sentences(text, lang="en")]


def sentence_sentiment(
    df: pd.DataFrame,
    *,
    text: str = "text",
    n_jobs: int | None = None,
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Polarity and subjectivity of every sentence of the English and Spanish articles.

    Sentences come from :func:`coveragekit.text.split_sentences` (English or Spanish
    rules, by the instrument); each is scored on its own, so a negation no longer reaches
    into the next sentence, and the mean of an article's sentence scores is not its
    article score (which averages words). Rows are chosen as in :func:`add_sentiment`
    (:mod:`coveragekit.sentiment_policy`), judged on the text; title-only articles and
    articles in other languages have no rows.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``article_id``, ``lang`` and the ``text`` column.
    text : str, default "text"
    n_jobs : int or None, default None
        As in :func:`add_sentiment`.
    method : {"fast", "textblob"}, default "fast"
        As in :func:`add_sentiment`.
    lexicon : path or dict, optional
        As in :func:`add_sentiment`.
    lang, id : str
        The columns of language codes and article ids; a frame without them has the
        language detected and ids made (:func:`coveragekit._frame.as_articles`).

    Returns
    -------
    DataFrame
        ``article_id``, ``sentence_no`` (from 1), ``start``, ``end`` (character offsets
        into the text column), ``polarity``, ``subjectivity``, ``sentiment_instrument``;
        in input order.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a", "b"], "lang": ["en", "fr"],
    ...                    "text": ["Dr. Lee was happy. It was not good.", "Très bien."]})
    >>> out = sentence_sentiment(df)
    >>> out[["article_id", "sentence_no", "start", "end", "polarity", "subjectivity"]]
      article_id  sentence_no  start  end  polarity  subjectivity
    0          a            1      0   18      0.80           1.0
    1          a            2     19   35     -0.35           0.6
    >>> out["sentiment_instrument"].tolist()
    ['textblob-en', 'textblob-en']
    """
    df = as_articles(df, verb="sentence_sentiment()", text=text, title=None, lang=lang, id=id)
    _check_method(method)
    ids, bodies, insts = [], [], []
    for aid, code, body in zip(df["article_id"].tolist(), df["lang"].tolist(), df[text].tolist()):
        body = _as_text(body)
        if body.strip():
            inst = instrument_for(code, body)[0]
            if inst:
                ids.append(_as_text(aid))
                bodies.append(body)
                insts.append(inst)
    results: list = [None] * len(bodies)
    en = [k for k, i in enumerate(insts) if i == TEXTBLOB_EN]
    if method == "textblob":
        for k in en:
            results[k] = _sentence_scores_textblob(bodies[k])
    elif en:
        _ensure_lexicon()
        for k, r in zip(en, _map(_sentence_scores, [bodies[k] for k in en], n_jobs=n_jobs)):
            results[k] = r
    es = [k for k, i in enumerate(insts) if i == COVERAGEKIT_ES]
    if es:
        spans = {k: split_sentences(bodies[k], lang="es") for k in es}
        wanted = [bodies[k][x:y] for k in es for x, y in spans[k]]
        scores = _scores_es(wanted, method=method, n_jobs=n_jobs, lexicon=lexicon)
        for k in es:
            results[k] = [(x, y, *scores[bodies[k][x:y]]) for x, y in spans[k]]
    cols: dict[str, list] = {
        k: [] for k in ("article_id", "sentence_no", "start", "end", "polarity", "subjectivity", "inst")
    }
    for aid, inst, rows in zip(ids, insts, results):
        for no, (a, b, p, s) in enumerate(rows, start=1):
            cols["article_id"].append(aid)
            cols["sentence_no"].append(no)
            cols["start"].append(a)
            cols["end"].append(b)
            cols["polarity"].append(p)
            cols["subjectivity"].append(s)
            cols["inst"].append(inst)
    return pd.DataFrame(
        {
            "article_id": pd.array(cols["article_id"], dtype="string"),
            "sentence_no": np.array(cols["sentence_no"], dtype="int64"),
            "start": np.array(cols["start"], dtype="int64"),
            "end": np.array(cols["end"], dtype="int64"),
            "polarity": np.array(cols["polarity"], dtype="float64"),
            "subjectivity": np.array(cols["subjectivity"], dtype="float64"),
            "sentiment_instrument": pd.array(cols["inst"], dtype="string"),
        }
    )


def _mean(values: list[float]) -> float:
    """``float(np.mean(values))``. Below eight values numpy adds them one after another,
    as Python's sum does, so the plain sum gives the same float without numpy's call cost."""
    if len(values) < 8:
        return sum(values) / len(values)
    return float(np.mean(values))


def actor_sentiment(
    df: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    text: str = "text",
    n_jobs: int | None = None,
    method: str = "fast",
    lexicon=None,
    lang: str = "lang",
    id: str = "article_id",
) -> pd.DataFrame:
    """Mean polarity of the sentences that mention each actor, per article.

    Each mention is placed in the sentence(s) its character span overlaps
    (:func:`coveragekit.text.split_sentences`, by the article's ``lang``). A sentence
    that names an actor twice counts once. Each sentence is scored on its own, as in
    :func:`sentence_sentiment`, by the article's instrument
    (:mod:`coveragekit.sentiment_policy`: TextBlob for English, coveragekit-es for
    Spanish); a sentence naming two actors counts for both — neither instrument can tell
    whom a word is about.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``article_id``, ``lang`` and the ``text`` column. When an
        ``article_id`` occurs twice, its first row is used.
    mentions : DataFrame
        One row per mention: ``article_id``, ``actor``, ``start``, ``end`` (character
        offsets into ``df[text]``, e.g. from ``coveragekit.actors``). Mentions of articles
        not in ``df`` are left out.
    text : str, default "text"
    n_jobs : int or None, default None
        As in :func:`add_sentiment`.
    method : {"fast", "textblob"}, default "fast"
    lexicon : path or dict, optional
        As in :func:`add_sentiment`.
    lang, id : str
        The columns of language codes and article ids; a frame without them has the
        language detected and ids made (:func:`coveragekit._frame.as_articles`).

    Returns
    -------
    DataFrame
        One row per (article, actor) with a mention: ``article_id``, ``actor``,
        ``n_sentences`` (distinct sentences mentioning the actor), ``polarity`` and
        ``subjectivity`` (their means; NaN for articles no instrument scores, as in
        :func:`add_sentiment`) and ``sentiment_instrument`` ("" for those). Articles in
        the order of ``df``, actors sorted.

    Raises
    ------
    InputError
        When a mention's offsets do not fit its article's text.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a"], "lang": ["en"],
    ...     "text": ["Lopez was happy. Smith was not happy. Lopez left."]})
    >>> mentions = pd.DataFrame({"article_id": ["a", "a", "a"],
    ...     "actor": ["Lopez", "Smith", "Lopez"], "start": [0, 17, 38], "end": [5, 22, 43]})
    >>> actor_sentiment(df, mentions)
      article_id  actor  n_sentences  polarity  subjectivity sentiment_instrument
    0          a  Lopez            2       0.4           0.5          textblob-en
    1          a  Smith            1      -0.4           1.0          textblob-en

    ("left" is in TextBlob's lexicon, with polarity 0: "Lopez left." scores 0.0.)
    """
    df = as_articles(df, verb="actor_sentiment()", text=text, title=None, lang=lang, id=id)
    missing = [c for c in ("article_id", "actor", "start", "end") if c not in mentions.columns]
    if missing:
        raise InputError(
            f"the mentions table lacks the column(s) {', '.join(missing)}",
            hint="it needs article_id, actor, start and end (character offsets into the text)",
        )
    _check_method(method)
    articles: dict[str, tuple[str, str]] = {}
    for aid, code, body in zip(df["article_id"].tolist(), df["lang"].tolist(), df[text].tolist()):
        articles.setdefault(_as_text(aid), (_as_text(code), _as_text(body)))
    order = {aid: i for i, aid in enumerate(articles)}
    inst_of: dict[str, str] = {}  # article -> its instrument ("" when none scores it)

    # (article, actor) -> set of sentence numbers
    hits: dict[tuple[str, str], set[int]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    starts_of: dict[str, list[int]] = {}
    rows = zip(*(mentions[c].tolist() for c in ("article_id", "actor", "start", "end")))  # lists: fast to walk
    for row_no, (aid, actor, start, end) in enumerate(rows):
        aid = _as_text(aid)
        if aid not in articles:
            continue
        lang, body = articles[aid]
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            start, end = -1, -1
        if not 0 <= start < end <= len(body):
            raise InputError(
                f"mention {row_no} ({_as_text(actor)!r} in article {aid}) has start={start}, "
                f"end={end}, outside the article's {text} ({len(body)} characters)",
                hint=f"compute the mentions on the same {text!r} column",
            )
        if aid not in spans:
            inst_of[aid] = instrument_for(lang, body)[0]
            spans[aid] = split_sentences(body, lang=SENTENCE_LANG.get(inst_of[aid], lang))
            starts_of[aid] = [a for a, _ in spans[aid]]
        sent = spans[aid]
        starts = starts_of[aid]
        found = hits.setdefault((aid, _as_text(actor)), set())
        k = max(bisect.bisect_right(starts, start) - 1, 0)
        while k < len(sent) and sent[k][0] < end:
            if sent[k][1] > start:
                found.add(k)
            k += 1

    # score each needed sentence of the scored articles once, by its article's instrument
    needed = sorted(
        {(aid, k) for (aid, _), ks in hits.items() if inst_of[aid] for k in ks},
        key=lambda t: (order[t[0]], t[1]),
    )
    strings = [articles[aid][1][slice(*spans[aid][k])] for aid, k in needed]
    insts = [inst_of[aid] for aid, _ in needed]
    scores = _scores_by_instrument(strings, insts, method=method, n_jobs=n_jobs, lexicon=lexicon)
    sentence_score = {key: scores[(i, s)] for key, i, s in zip(needed, insts, strings)}

    out_rows = []
    for (aid, actor), ks in sorted(hits.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        if inst_of[aid] and ks:
            ps = [sentence_score[(aid, k)] for k in sorted(ks)]
            p = _mean([x[0] for x in ps])
            s = _mean([x[1] for x in ps])
        else:
            p = s = math.nan
        out_rows.append((aid, actor, len(ks), p, s, inst_of[aid]))
    return pd.DataFrame(
        {
            "article_id": pd.array([r[0] for r in out_rows], dtype="string"),
            "actor": pd.array([r[1] for r in out_rows], dtype="string"),
            "n_sentences": np.array([r[2] for r in out_rows], dtype="int64"),
            "polarity": np.array([r[3] for r in out_rows], dtype="float64"),
            "subjectivity": np.array([r[4] for r in out_rows], dtype="float64"),
            "sentiment_instrument": pd.array([r[5] for r in out_rows], dtype="string"),
        }
    )

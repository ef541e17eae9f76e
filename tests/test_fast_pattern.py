"""The pattern kernel (coveragekit._fast.pattern) against its reference, TextBlob itself.

TextBlob is called at test time on hand-written tricky snippets, on seeded random texts
and on the demo corpus's English articles and titles; no output of it is stored here. The
same floats are expected, not close ones.
"""

from pathlib import Path

import pandas as pd
import pytest
from sentiment_texts import TRICKY, generated_texts, textblob_lexicon_words
from textblob import TextBlob

from coveragekit import load_demo
from coveragekit._fast import pattern as P
from coveragekit.sentiment import textblob as T

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lexicon_words():
    return textblob_lexicon_words()


def _reference(text):
    s = TextBlob(text).sentiment_assessments
    return s.polarity, s.subjectivity, [tuple(a) for a in s.assessments]


def _ours(text):
    p, s = T.score_text(text)
    a = T.assessments(text)
    rows = [
        (list(w), p_, s_, x)
        for w, p_, s_, x in zip(a["words"], a["polarity"], a["subjectivity"], a["label"])
    ]
    return p, s, rows


# ------------------------------------------------------------ same constants, same lexicon
def test_constants_are_textblobs_own():
    from textblob import _text
    from textblob.en import sentiment as pattern_sentiment

    assert P._PUNCTUATION == _text.PUNCTUATION
    assert P._ABBREVIATIONS == _text.ABBREVIATIONS
    assert P._REPLACE == _text.replacements
    assert P._EOS == _text.EOS
    assert P._NEGATIONS == set(pattern_sentiment.negations)
    assert (P._RE_ABBR1.pattern, P._RE_ABBR2.pattern, P._RE_ABBR3.pattern) == (
        _text.RE_ABBR1.pattern,
        _text.RE_ABBR2.pattern,
        _text.RE_ABBR3.pattern,
    )
    assert P._RE_SARCASM.pattern == _text.RE_SARCASM.pattern
    ours = {(label, p): set(group) for label, p, group in P._EMOTICONS}
    assert ours == _text.EMOTICONS
    assert [k for k in ours] == list(_text.EMOTICONS)  # group order decides ":o" vs ":o)"


def test_lexicon_is_read_from_the_installed_package_and_matches_textblob():
    from textblob.en import sentiment as pattern_sentiment

    len(pattern_sentiment)
    words, labels = P.read_lexicon(T.lexicon_path())
    theirs = {w: {k: tuple(v) for k, v in d.items()} for w, d in dict.items(pattern_sentiment)}
    ours = {w: {k: tuple(v) for k, v in d.items()} for w, d in words.items()}
    assert ours == theirs
    assert labels == pattern_sentiment.labeler
    assert Path(T.lexicon_path()).name == "en-sentiment.xml"
    copies = [
        p
        for top in REPO.iterdir()
        if top.name not in {".venv", ".git"}
        for p in (top.rglob("en-sentiment*") if top.is_dir() else [top])
        if p.name.startswith("en-sentiment")
    ]
    assert copies == []  # never copied into the repository


# --------------------------------------------------------------- equality with TextBlob
def test_identical_to_textblob_on_tricky_snippets():
    long_text = " ".join(TRICKY) * 20
    mismatches = []
    for text in TRICKY + [long_text]:
        if _ours(text) != _reference(text):
            mismatches.append(text)
        p, s = T.score_text(text)
        rp, rs = TextBlob(text).sentiment
        if (repr(p), repr(s)) != (repr(rp), repr(rs)):  # same floats, not just close
            mismatches.append(text)
    assert mismatches == []
    assert len(TRICKY) >= 150


def test_identical_to_textblob_ongenerated_texts(lexicon_words):
    texts = generated_texts(lexicon_words, 300, seed=20250220)
    assert len(set(texts)) > 290
    mismatches = [t for t in texts if _ours(t) != _reference(t)]
    assert mismatches == []


def test_textblob_method_is_the_reference():
    for text in ["not very good :)", "Great (!)", ""]:
        assert T.score_text(text, method="textblob") == tuple(TextBlob(text).sentiment)
        pd.testing.assert_frame_equal(T.assessments(text, method="textblob"), T.assessments(text))


def test_typical_news_text_takes_the_fast_path():
    text = (
        "WASHINGTON (AP) — Officials said on Monday that the plan, approved in 2019, was "
        '\u201cnot very good\u201d and would fail. "It\'s a terrible idea," he said.\n\n'
        "The U.S. Senate will vote again (probably in March). Critics were happy."
    )
    T.ensure_lexicon()
    assert P.fast_assess(text) is not None
    assert _ours(text) == _reference(text)


def test_identical_to_textblob_on_the_demo_articles_and_titles():
    demo = load_demo()
    texts = [t for t in demo["text"].tolist() + demo["title"].tolist() if isinstance(t, str)]
    assert len(texts) > 300
    T.ensure_lexicon()
    mismatches = [t for t in texts if _ours(t) != _reference(t)]
    assert mismatches == []
    # most of them take the fast path (the faithful one is for emoticon merges)
    assert sum(P.fast_assess(t) is not None for t in texts) > 0.9 * len(texts)


def test_the_faithful_path_gives_the_fast_paths_assessments(lexicon_words):
    T.ensure_lexicon()
    texts = generated_texts(lexicon_words, 200, seed=3)
    fast = [(t, P.fast_assess(t)) for t in texts]
    assert sum(a is not None for _, a in fast) >= 50  # the rest hold an emoticon merge
    for t, a in fast:
        if a is not None:
            assert a == P.assess_words(P.words(t)), t

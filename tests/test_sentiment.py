"""Tests for coveragekit.sentiment.

Two kinds of expectation: numbers worked out by hand from the lexicon entries quoted in
the comments (``good`` is listed twice, polarity 0.7 both times, subjectivity 0.4 and
0.8; ``very`` has intensity 1.3), and equality with TextBlob itself, called at test time
on hand-written tricky snippets and on seeded random texts — TextBlob is the reference,
no output of it is stored here.
"""

import copy
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from textblob import TextBlob

from coveragekit import sentiment as S
from coveragekit.errors import InputError, OptionError
from coveragekit.sentiment_es import read_spanish_lexicon

REPO = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- fixtures
_ES = Path(__file__).parent / "fixtures" / "sentiment_es"
# a small Spanish lexicon written for the tests ("bueno" 0.7/0.6, "feliz" absent...)
ES_LEXICON = read_spanish_lexicon(_ES / "small_lexicon.csv", rules=_ES / "small_rules.csv")


@pytest.fixture(scope="module")
def lexicon_words():
    """Words of TextBlob's own (loaded) lexicon, sorted."""
    from textblob.en import sentiment as pattern_sentiment

    len(pattern_sentiment)  # the lazy dict loads on first use
    return sorted(w for w in dict.keys(pattern_sentiment) if w)


# fmt: off
TRICKY = [
    # negation and intensifiers
    "not good", "not very good", "never bad", "no good", "isn't good", "don't like it",
    "It's not good.", "It’s not good.", "I can't say it was bad", "very very good",
    "really not good", "really really bad", "not a good idea", "not the good one",
    "not at all good", "definitely not bad", "extremely good", "seriously good",
    "Not bad at all", "NOT GOOD", "nOt gOOd", "not-good", "The policy is not. Good.",
    "not\n\ngood", "very\n\ngood", "badly", "terribly good", "happily ever after",
    "horribly wrong", "most excellent", "better than ever", "the best and the worst",
    "I'm not sure it's not good", "never, ever good",
    # exclamation marks, sarcasm, emoticons
    "Good!", "Good!!!", "bad!", "!good", "! ! !", "Great (!)", "terrible (!) movie",
    "( ! )", "(!) good", ":)", ":-)", ":(", ":o)", ":c)", ":o", ":c", "I love it :o) and :c) ok",
    "<3", "♥ it", "XD", "xD", "X D", "x D", ":-D", ":D", ":P", ":p", ":S", ":\\", ">:\\",
    "8)", "8-)", "(2018)", "in 1998) good", "to. O", "o.O", "o . O", ">.>", ":'(", ":'''(",
    ";'(", "°O°", "=D", "8-D", "good :) bad :(", "very :) good", "not :) good",
    ": ) good", "good : )", "x-D great", "Great;)", "great ;)",
    # case, hyphens, numbers, punctuation runs
    "GOOD", "Very GOOD", "well-known", "so-called experts", "state-of-the-art",
    "good-looking", "3.5 stars", "1,000 happy people", "50% better", "$5 good",
    "...", "Good... bad...", "good....", "?!?!", "good?!", "good;bad,ugly:", "#good @bad",
    "[good]", "{bad}", "a (very) good", "(good)", "--good--", "good|bad", "good/bad",
    "e.g. good", "etc. bad", "Mr. Good is bad.", "U.S. officials were happy",
    "A. Good, B. Bad", "Dr. Happy", "St. Good", "w/ good",
    # quotes
    "“Great,” she said.", "‘good’", 'He said "amazing" twice.', "'good'", "''good''",
    "\"good\" 'bad'", "it's good", "we've been good", "you'd be bad", "I'll be happy",
    # empty, whitespace, unicode
    "", " ", "   ", "\n\n", "\t good \n", "\r\n\r\ngood\r\n\r\nbad", "good\n\n\n\nbad",
    "END-OF-SENTENCE good", "İstanbul is beautiful", "ΑΣ good", "naïve café", "😀 good",
    "Σ", "good\u00a0day", "good\u2003bad", "good\u200bbad", "ＧＯＯＤ",
    # profanity labels and other lexicon entries
    "damn good", "fucking great", "hell", "left", "Lopez left.",
]
# fmt: on


PLAIN_WORDS = (
    "the of and to in a is that for on with as was by at from said he it they this "
    "government officials city week year people report police vote"
)


def _generated_texts(words, n, seed):
    """Seeded random texts mixing lexicon words, plain words and punctuation."""
    plain = PLAIN_WORDS.split()
    extras = [
        "not",
        "no",
        "never",
        "very",
        "really",
        "n't",
        "don't",
        "!",
        "!!",
        "?",
        ".",
        "...",
        ",",
        ";",
        ":)",
        ":(",
        "(",
        ")",
        '"',
        "'",
        "“",
        "”",
        "’",
        "\n\n",
        "\n",
        "2018",
        "3.5",
        "U.S.",
        "Mr.",
        "e.g.",
        "--",
        "(!)",
        ":o)",
        "8)",
        "XD",
        "-",
    ]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        out = []
        for _ in range(rng.randint(0, 80)):
            r = rng.random()
            w = (
                rng.choice(words)
                if r < 0.35
                else rng.choice(extras)
                if r < 0.55
                else rng.choice(plain)
            )
            r = rng.random()
            if r < 0.08:
                w = w.upper()
            elif r < 0.2:
                w = w.capitalize()
            elif r < 0.26:
                w += rng.choice(".,!?;:)\"'")
            out.append(w)
            out.append(rng.choice([" "] * 8 + ["", "\n", "  "]))
        texts.append("".join(out))
    return texts


def _reference(text):
    s = TextBlob(text).sentiment_assessments
    return s.polarity, s.subjectivity, [tuple(a) for a in s.assessments]


def _ours(text):
    p, s = S.score_text(text)
    a = S.assessments(text)
    rows = [
        (list(w), p_, s_, x)
        for w, p_, s_, x in zip(a["words"], a["polarity"], a["subjectivity"], a["label"])
    ]
    return p, s, rows


# ------------------------------------------------------------ same constants, same lexicon
def test_constants_are_textblobs_own():
    from textblob import _text
    from textblob.en import sentiment as pattern_sentiment

    assert S._PUNCTUATION == _text.PUNCTUATION
    assert S._ABBREVIATIONS == _text.ABBREVIATIONS
    assert S._REPLACE == _text.replacements
    assert S._EOS == _text.EOS
    assert S._NEGATIONS == set(pattern_sentiment.negations)
    assert (S._RE_ABBR1.pattern, S._RE_ABBR2.pattern, S._RE_ABBR3.pattern) == (
        _text.RE_ABBR1.pattern,
        _text.RE_ABBR2.pattern,
        _text.RE_ABBR3.pattern,
    )
    assert S._RE_SARCASM.pattern == _text.RE_SARCASM.pattern
    ours = {(label, p): set(group) for label, p, group in S._EMOTICONS}
    assert ours == _text.EMOTICONS
    assert [k for k in ours] == list(_text.EMOTICONS)  # group order decides ":o" vs ":o)"


def test_lexicon_is_read_from_the_installed_package_and_matches_textblob():
    from textblob.en import sentiment as pattern_sentiment

    len(pattern_sentiment)
    words, labels = S._read_lexicon()
    theirs = {w: {k: tuple(v) for k, v in d.items()} for w, d in dict.items(pattern_sentiment)}
    ours = {w: {k: tuple(v) for k, v in d.items()} for w, d in words.items()}
    assert ours == theirs
    assert labels == pattern_sentiment.labeler
    assert Path(S.lexicon_path()).name == "en-sentiment.xml"
    copies = [
        p
        for top in REPO.iterdir()
        if top.name not in {".venv", ".git"}
        for p in (top.rglob("en-sentiment*") if top.is_dir() else [top])
        if p.name.startswith("en-sentiment")
    ]
    assert copies == []  # never copied into the repository


# ------------------------------------------------------------------- hand-checked values
def test_hand_checked_scores():
    # good: polarity 0.7, subjectivity (0.4 + 0.8) / 2
    assert S.score_text("good") == pytest.approx((0.7, 0.6))
    # negation: -0.5 times the word
    assert S.score_text("not good") == pytest.approx((-0.35, 0.6))
    # intensifier: very (intensity 1.3) multiplies the next word
    assert S.score_text("very good") == pytest.approx((0.91, 0.78))
    # a negated intensifier divides: -0.5 * 0.7 / 1.3
    assert S.score_text("not very good") == pytest.approx((-0.5 * 0.7 / 1.3, 0.6 / 1.3))
    # "!" multiplies the previous assessment's polarity by 1.25
    assert S.score_text("good!") == pytest.approx((0.875, 0.6))
    # an emoticon is an assessment of its own: smile 0.5, subjectivity 1
    assert S.score_text(":)") == pytest.approx((0.5, 1.0))
    # average over assessments: happy (0.8, 1.0) and good
    assert S.score_text("happy and good") == pytest.approx((0.75, 0.8))
    # no lexicon word: exactly zero, like a balanced text
    assert S.score_text("The council met on Tuesday.") == (0.0, 0.0)
    assert S.score_text("") == (0.0, 0.0)
    # negation crosses sentence boundaries inside one text
    assert S.score_text("The policy is not. Good.")[0] == pytest.approx(-0.35)


def test_assessments_frame_shows_which_words_counted():
    a = S.assessments("Not a great plan, but a very good team!")
    assert list(a.columns) == ["phrase", "words", "polarity", "subjectivity", "label"]
    assert a["phrase"].tolist() == ["not great", "very good !"]
    # great: mean polarity 0.8, subjectivity 0.75; negated -> -0.4
    assert a["polarity"].tolist() == pytest.approx([-0.4, 1.0])  # 0.91 * 1.25 capped at 1
    assert a["subjectivity"].tolist() == pytest.approx([0.75, 0.78])
    assert a["label"].tolist() == [None, None]
    assert S.assessments(":)")["label"].tolist() == ["mood"]
    assert len(S.assessments("")) == 0


# --------------------------------------------------------------- equality with TextBlob
def test_identical_to_textblob_on_tricky_snippets():
    long_text = " ".join(TRICKY) * 20
    mismatches = []
    for text in TRICKY + [long_text]:
        if _ours(text) != _reference(text):
            mismatches.append(text)
        p, s = S.score_text(text)
        rp, rs = TextBlob(text).sentiment
        if (repr(p), repr(s)) != (repr(rp), repr(rs)):  # same floats, not just close
            mismatches.append(text)
    assert mismatches == []
    assert len(TRICKY) >= 150


def test_identical_to_textblob_on_generated_texts(lexicon_words):
    texts = _generated_texts(lexicon_words, 300, seed=20250220)
    assert len(set(texts)) > 290
    mismatches = [t for t in texts if _ours(t) != _reference(t)]
    assert mismatches == []


def test_textblob_method_is_the_reference():
    for text in ["not very good :)", "Great (!)", ""]:
        assert S.score_text(text, method="textblob") == tuple(TextBlob(text).sentiment)
        pd.testing.assert_frame_equal(S.assessments(text, method="textblob"), S.assessments(text))


def test_typical_news_text_takes_the_fast_path():
    text = (
        "WASHINGTON (AP) — Officials said on Monday that the plan, approved in 2019, was "
        '\u201cnot very good\u201d and would fail. "It\'s a terrible idea," he said.\n\n'
        "The U.S. Senate will vote again (probably in March). Critics were happy."
    )
    S._ensure_lexicon()
    assert S._fast_assess(text) is not None
    assert _ours(text) == _reference(text)


# -------------------------------------------------------------------------- add_sentiment
@pytest.fixture
def articles():
    """One case per row, named by what it exercises."""
    return pd.DataFrame(
        {
            "article_id": [
                "english",
                "title-only",
                "spanish",
                "und-english",
                "und-spanish",
                "nothing",
                "blank-text",
            ],
            "lang": ["en", "en", "es", "und", "und", "en", "en"],
            "title": ["Talks", "A very good day", "Un buen día", "", "", "", "Good news"],
            "text": [
                "The plan is not good.",
                "",
                "El plan es bueno y la gente está feliz.",
                "The plan is good and the people are happy with it.",
                "El gobierno de México dijo que no habrá una invasión.",
                "",
                "   \n",
            ],
            "outlet": ["w"] * 7,
        },
        index=[10, 11, 12, 13, 14, 15, 16],
    )


def test_add_sentiment_scores_rows_as_documented(articles):
    out = S.add_sentiment(articles, lexicon={"es": ES_LEXICON})
    by = out.set_index("article_id")
    # English text: "not good"
    assert by.loc["english", "polarity"] == pytest.approx(-0.35)
    assert by.loc["english", "subjectivity"] == pytest.approx(0.6)
    assert by.loc["english", "sentiment_basis"] == "text"
    assert by.loc["english", "title_polarity"] == 0.0  # "Talks" is not in the lexicon
    # title-only record: scored on the title ("very good" = 0.91) and marked
    assert by.loc["title-only", "polarity"] == pytest.approx(0.91)
    assert by.loc["title-only", "sentiment_basis"] == "title"
    assert by.loc["title-only", "title_polarity"] == by.loc["title-only", "polarity"]
    # whitespace-only text counts as no text
    assert by.loc["blank-text", "sentiment_basis"] == "title"
    assert by.loc["blank-text", "polarity"] == pytest.approx(0.7)
    # Spanish: the Spanish instrument, with the test lexicon: "bueno" 0.7 / 0.6 ("feliz"
    # is not in it); the title "Un buen día" has no word of it
    assert by.loc["spanish", "polarity"] == pytest.approx(0.7)
    assert by.loc["spanish", "subjectivity"] == pytest.approx(0.6)
    assert by.loc["spanish", "title_polarity"] == 0.0
    assert by.loc["spanish", "sentiment_basis"] == "text"
    assert by.loc["spanish", "sentiment_note"] == ""
    assert by.loc["spanish", "sentiment_instrument"] == "coveragekit-es"
    assert by.loc["english", "sentiment_instrument"] == "textblob-en"
    # und: scored by the instrument of the language the text reads as
    assert by.loc["und-english", "sentiment_basis"] == "text"
    assert by.loc["und-english", "polarity"] == pytest.approx((0.7 + 0.8) / 2)
    assert by.loc["und-english", "sentiment_instrument"] == "textblob-en"
    assert by.loc["und-spanish", "sentiment_instrument"] == "coveragekit-es"
    assert by.loc["und-spanish", "polarity"] == 0.0  # no word of the test lexicon
    # nothing to score
    assert math.isnan(by.loc["nothing", "polarity"])
    assert by.loc["nothing", "sentiment_note"] == "no text and no title"
    assert by.loc["nothing", "sentiment_instrument"] == ""
    # scored rows have no note
    assert by.loc["english", "sentiment_note"] == ""


def test_add_sentiment_returns_a_new_frame_and_never_mutates(articles):
    before = copy.deepcopy(articles)
    out = S.add_sentiment(articles, n_jobs=1)
    pd.testing.assert_frame_equal(articles, before)
    assert out is not articles
    assert list(out.columns) == list(articles.columns) + [
        "polarity",
        "subjectivity",
        "title_polarity",
        "sentiment_basis",
        "sentiment_note",
        "sentiment_instrument",
    ]
    assert out.index.equals(articles.index)
    pd.testing.assert_frame_equal(out[articles.columns], articles)
    assert out["polarity"].dtype == "float64"
    # running it again replaces the columns instead of duplicating them
    again = S.add_sentiment(out, n_jobs=1)
    assert list(again.columns) == list(out.columns)
    pd.testing.assert_frame_equal(again, out)


def test_add_sentiment_equals_textblob_per_row(articles, lexicon_words):
    extra = pd.DataFrame(
        {
            "article_id": [f"g{i}" for i in range(40)],
            "lang": "en",
            "title": "t",
            "text": _generated_texts(lexicon_words, 40, seed=5),
            "outlet": "w",
        }
    )
    df = pd.concat([articles, extra], ignore_index=True)
    out = S.add_sentiment(df)
    ref = S.add_sentiment(df, method="textblob")
    pd.testing.assert_frame_equal(out, ref)
    for text, p, s in zip(
        extra["text"],
        out["polarity"].iloc[len(articles) :],
        out["subjectivity"].iloc[len(articles) :],
    ):
        assert (p, s) == tuple(TextBlob(text).sentiment)


def test_n_jobs_does_not_change_the_numbers(monkeypatch, lexicon_words):
    texts = _generated_texts(lexicon_words, 60, seed=11) + TRICKY
    df = pd.DataFrame(
        {
            "article_id": [str(i) for i in range(len(texts))],
            "lang": "en",
            "title": "Good",
            "text": texts,
        }
    )
    pools = []

    class CountingPool(S.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(S, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(S, "_PARALLEL_MIN_CHARS", 0)  # use processes even for small input
    one = S.add_sentiment(df, n_jobs=1)
    assert pools == []
    two = S.add_sentiment(df, n_jobs=2)
    assert pools == [2]
    pd.testing.assert_frame_equal(one, two)
    assert np.array_equal(one["polarity"].to_numpy(), two["polarity"].to_numpy())


def test_bad_options_raise_errors_people_can_act_on(articles):
    with pytest.raises(InputError, match="body"):
        S.add_sentiment(articles, text="body")
    with pytest.raises(OptionError, match="n_jobs"):
        S.add_sentiment(articles, n_jobs=0)
    with pytest.raises(OptionError, match="method"):
        S.add_sentiment(articles, method="vader")


def test_missing_values_count_as_empty():
    df = pd.DataFrame({"lang": ["en", None], "title": [None, "good"], "text": [np.nan, None]})
    out = S.add_sentiment(df)
    assert math.isnan(out.loc[0, "polarity"])
    assert out.loc[0, "sentiment_note"] == "no text and no title"
    # missing lang is "und": a two-word title is too short to read as English
    assert math.isnan(out.loc[1, "polarity"])
    assert "lang=und" in out.loc[1, "sentiment_note"]


# --------------------------------------------------------------------------------- VADER
def test_add_vader_scores_english_rows_only(articles):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    before = copy.deepcopy(articles)
    out = S.add_vader(articles)
    pd.testing.assert_frame_equal(articles, before)
    by = out.set_index("article_id")["vader_compound"]
    vader = SentimentIntensityAnalyzer()
    assert by["english"] == vader.polarity_scores("The plan is not good.")["compound"]
    assert by["title-only"] == vader.polarity_scores("A very good day")["compound"]
    assert by["english"] < 0 < by["title-only"]
    assert math.isnan(by["spanish"]) and math.isnan(by["nothing"])


# Texts that reach every rule of VADER's word loop: negations one to three words back,
# "never so", "without doubt", "least"/"at least", boosters and dampeners (also in
# capitals), "kind of"/"sort of", "no" before a sentiment word, idioms, "but" (once and
# twice, with repeated scores before it), exclamation and question marks, emoji and
# emoticons, words glued to punctuation, and long articles where the windowed checks meet
# the start and the end of the text.
VADER_CASES = [
    "", "   ", "good", "not good", "isn't good", "not very good", "not at all good",
    "never so good", "never this bad", "without doubt good", "without any doubt bad",
    "the least good idea", "at least good", "very least bad", "it was kind of good",
    "sort of bad, kind of", "kind", "no good", "no, good", "no problem", "no or nor bad",
    "The plan is VERY GOOD but the outcome is bad", "GREAT", "Great great GREAT work",
    "good good but good good bad but good", "bad bad bad but but good good",
    "the bomb was the shit and a kiss of death", "cut the mustard", "yeah right",
    "Terrible!!!!!", "Terrible?", "Good??", "Good????", ":) :( :D <3", "I love it 😀",
    "😂😂 awful", "\"Good,\" he said; 'bad.'", "--good-- ..bad..", "a b c d e f good",
    "good a b c", "Nobody ever said war was GOOD, but peace is not easy either.",
    "it is so good", "a b this great", "never a so good", "without a doubt good", "a doubt without good",
    "aint good", "cannot good", "ISN'T good", "Never so GOOD", "won't be bad", "hardly good", "rarely bad",
    "NOT good", "nope good", "neither good nor bad", "uh never happy", "so so so happy",
    "ALL OF IT IS GOOD", "ALL OF IT IS GOOD, mostly", "!!! ?? ...", "a ab abc. 'ok' (fine) \"nice!\"",
    "\tgood\n\nbad\u00a0news", "GOOD :-) :-(",
]


def test_vader_in_one_pass_equals_vader():
    """The kit's VADER (one pass, windowed checks) gives exactly the package's scores."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from coveragekit import load_demo

    demo_articles = load_demo()
    plain, fast = SentimentIntensityAnalyzer(), S._windowed_vader()
    texts = VADER_CASES + [" ".join(VADER_CASES)] + demo_articles["text"].tolist()
    texts += demo_articles["title"].tolist()
    for t in texts:
        assert fast.polarity_scores(t) == plain.polarity_scores(t), t


def test_sentiment_agreement_reports_correlations_and_signs():
    df = pd.DataFrame(
        {
            "outlet": ["a", "a", "a", "b", "b", "b", "b"],
            "polarity": [0.1, 0.5, -0.4, 0.3, -0.2, 0.6, np.nan],
            "vader_compound": [0.2, 0.9, -0.8, -0.5, 0.4, 0.01, 0.7],
        }
    )
    both = S.sentiment_agreement(df, by="outlet")
    assert list(both.columns) == [
        "outlet",
        "n",
        "pearson",
        "spearman",
        "sign_agreement",
        "opposite_sign",
    ]
    a, b = both.iloc[0], both.iloc[1]
    # outlet a: same order, same signs
    assert (a["outlet"], a["n"], a["spearman"], a["sign_agreement"], a["opposite_sign"]) == (
        "a",
        3,
        pytest.approx(1.0),
        1.0,
        0.0,
    )
    assert a["pearson"] > 0.9
    # outlet b: the NaN row is left out; 0.01 is neutral (|x| <= 0.05); two opposite signs
    assert b["n"] == 3
    assert b["sign_agreement"] == 0.0
    assert b["opposite_sign"] == pytest.approx(2 / 3)
    assert b["spearman"] == pytest.approx(-0.5)
    overall = S.sentiment_agreement(df)
    assert overall.loc[0, "n"] == 6


def test_sentiment_agreement_computes_missing_scores(articles):
    out = S.sentiment_agreement(articles)
    # english, title-only, blank-text and und-english are scored by both instruments
    assert out.loc[0, "n"] == 4


# ------------------------------------------------------------------ sentences and actors
def test_sentence_sentiment_scores_each_sentence():
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "lang": ["en", "fr", "en"],
            "title": ["", "", "Title only"],
            "text": ["Dr. Lee was happy. It was not good.", "Très bien. Tout va bien.", ""],
        }
    )
    before = df.copy()
    out = S.sentence_sentiment(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == [
        "article_id",
        "sentence_no",
        "start",
        "end",
        "polarity",
        "subjectivity",
        "sentiment_instrument",
    ]
    assert out["article_id"].tolist() == ["a", "a"]
    assert out["sentiment_instrument"].tolist() == ["textblob-en", "textblob-en"]
    assert out["sentence_no"].tolist() == [1, 2]
    assert list(zip(out["start"], out["end"])) == [(0, 18), (19, 35)]
    assert out["polarity"].tolist() == pytest.approx([0.8, -0.35])  # happy; not good
    assert out["subjectivity"].tolist() == pytest.approx([1.0, 0.6])
    ref = S.sentence_sentiment(df, method="textblob")
    pd.testing.assert_frame_equal(out, ref)


def test_sentence_sentiment_is_the_same_with_processes(monkeypatch, lexicon_words):
    texts = _generated_texts(lexicon_words, 30, seed=8)
    df = pd.DataFrame({"article_id": [str(i) for i in range(30)], "lang": "en", "text": texts})
    monkeypatch.setattr(S, "_PARALLEL_MIN_CHARS", 0)
    pd.testing.assert_frame_equal(
        S.sentence_sentiment(df, n_jobs=1), S.sentence_sentiment(df, n_jobs=2)
    )


@pytest.fixture
def actor_articles():
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "es"],
            "lang": ["en", "en", "es"],
            "title": ["", "", ""],
            #        0         1         2         3         4         5         6
            #        0123456789012345678901234567890123456789012345678901234567890123456789
            "text": [
                "Lopez was happy. Smith was not happy. Lopez and Lopez left.",
                "Smith met Lopez. Both were\n\ngood.",
                "López está feliz.",
            ],
        }
    )


def test_actor_sentiment_averages_the_sentences_that_mention_each_actor(actor_articles):
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b", "b", "es", "elsewhere"],
            "actor": ["Lopez", "Smith", "Lopez", "Lopez", "Smith", "Lopez", "López", "Lopez"],
            "start": [0, 17, 38, 48, 0, 10, 0, 0],
            "end": [5, 22, 43, 53, 5, 15, 5, 5],
        }
    )
    before = (actor_articles.copy(), mentions.copy())
    out = S.actor_sentiment(actor_articles, mentions, lexicon={"es": ES_LEXICON})
    pd.testing.assert_frame_equal(actor_articles, before[0])
    pd.testing.assert_frame_equal(mentions, before[1])
    assert list(out.columns) == ["article_id", "actor", "n_sentences", "polarity", "subjectivity",
                                 "sentiment_instrument"]
    rows = {(r.article_id, r.actor): r for r in out.itertuples()}
    assert list(rows) == [
        ("a", "Lopez"),
        ("a", "Smith"),
        ("b", "Lopez"),
        ("b", "Smith"),
        ("es", "López"),
    ]
    # a/Lopez: "Lopez was happy." (0.8, 1.0) and "Lopez and Lopez left." (left: 0.0, 0.0),
    # the second sentence counted once although it names Lopez twice
    assert rows[("a", "Lopez")].n_sentences == 2
    assert rows[("a", "Lopez")].polarity == pytest.approx(0.4)
    assert rows[("a", "Lopez")].subjectivity == pytest.approx(0.5)
    # a/Smith: "Smith was not happy." -> -0.5 * 0.8
    assert rows[("a", "Smith")].polarity == pytest.approx(-0.4)
    # b: "Smith met Lopez." has no lexicon word
    assert rows[("b", "Smith")].polarity == 0.0
    # Spanish article: scored by the Spanish instrument ("feliz" is not in the test lexicon)
    assert rows[("es", "López")].n_sentences == 1
    assert rows[("es", "López")].polarity == 0.0
    assert rows[("es", "López")].sentiment_instrument == "coveragekit-es"
    assert rows[("a", "Lopez")].sentiment_instrument == "textblob-en"


def test_a_mention_across_a_boundary_counts_both_sentences(actor_articles):
    # "Lopez. Both" spans the end of sentence 1 and the start of sentence 2 in article b
    mentions = pd.DataFrame({"article_id": ["b"], "actor": ["X"], "start": [10], "end": [21]})
    out = S.actor_sentiment(actor_articles, mentions)
    assert out.loc[0, "n_sentences"] == 2
    # "Smith met Lopez." 0.0 and "Both were\n\ngood." -> paragraph break: "Both were" and
    # "good." are separate sentences; the mention reaches "Both were" only.
    assert out.loc[0, "polarity"] == 0.0


def test_actor_sentiment_rejects_offsets_outside_the_text(actor_articles):
    bad = pd.DataFrame({"article_id": ["a"], "actor": ["Lopez"], "start": [0], "end": [999]})
    with pytest.raises(InputError, match="outside"):
        S.actor_sentiment(actor_articles, bad)
    with pytest.raises(InputError, match="start"):
        S.actor_sentiment(actor_articles, bad.drop(columns="start"))


def test_mean_of_few_values_equals_numpy():
    rng = random.Random(7)
    for _ in range(20000):
        xs = [rng.uniform(-1, 1) * 10 ** rng.randint(-4, 4) for _ in range(rng.randint(1, 12))]
        assert S._mean(xs) == float(np.mean(xs))


def test_vader_but_rule_equals_vader_on_random_word_sequences():
    """VADER's "but" rule finds each score's place as ``list.index`` does (the first
    equal score, after earlier changes): random sequences of scored words, repeated
    words, several "but"s and negations, against the package itself."""
    import random

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    plain, fast = SentimentIntensityAnalyzer(), S._windowed_vader()
    vocab = ["good", "bad", "great", "awful", "nice", "sad", "happy", "hate", "love", "but", "but", "not",
             "very", "the", "plan", "GOOD", "war", "peace", "fine", "okay", "!", "kind", "of"]
    rng = random.Random(7)
    for _ in range(400):
        t = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 14)))
        assert fast.polarity_scores(t) == plain.polarity_scores(t), t

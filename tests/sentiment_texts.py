"""Texts for the sentiment tests, written for them: hand-picked snippets that reach
pattern's rules, and seeded random texts mixing lexicon words, plain words and marks."""

import random
from pathlib import Path

import pandas as pd

ES_FIXTURES = Path(__file__).parent / "fixtures" / "sentiment_es"


def textblob_lexicon_words():
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


def generated_texts(words, n, seed):
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


def mixed_articles():
    """Articles, one case per row, named by what it exercises."""
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

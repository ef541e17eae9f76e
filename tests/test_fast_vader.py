"""VADER in one pass (coveragekit._fast.vader) against vaderSentiment's own analyser."""

import random

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from coveragekit import load_demo
from coveragekit._fast import vader as V

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
    demo_articles = load_demo()
    plain, fast = SentimentIntensityAnalyzer(), V.WindowedAnalyzer()
    texts = VADER_CASES + [" ".join(VADER_CASES)] + demo_articles["text"].tolist()
    texts += demo_articles["title"].tolist()
    for t in texts:
        assert fast.polarity_scores(t) == plain.polarity_scores(t), t


def test_vader_but_rule_equals_vader_on_random_word_sequences():
    """VADER's "but" rule finds each score's place as ``list.index`` does (the first
    equal score, after earlier changes): random sequences of scored words, repeated
    words, several "but"s and negations, against the package itself."""
    plain, fast = SentimentIntensityAnalyzer(), V.WindowedAnalyzer()
    vocab = ["good", "bad", "great", "awful", "nice", "sad", "happy", "hate", "love", "but", "but", "not",
             "very", "the", "plan", "GOOD", "war", "peace", "fine", "okay", "!", "kind", "of"]
    rng = random.Random(7)
    for _ in range(400):
        t = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 14)))
        assert fast.polarity_scores(t) == plain.polarity_scores(t), t


def test_compound_is_vaders_compound():
    plain = SentimentIntensityAnalyzer()
    for t in ["A great, great win!", "A bad loss", "", "not good at all :("]:
        assert V.compound(t) == plain.polarity_scores(t)["compound"]

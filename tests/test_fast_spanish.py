"""The Spanish kernel (coveragekit._fast.spanish) against the plain reference scorer
(coveragekit.sentiment.spanish.assess_reference), on random and on real (demo) text."""

from __future__ import annotations

import random

import pytest
from sentiment_texts import ES_FIXTURES as HERE

import coveragekit as ck
from coveragekit._fast import spanish as K
from coveragekit.sentiment.spanish import assess_reference
from coveragekit.sentiment.spanish_lexicon import load_lexicon, read_spanish_lexicon

LEX = read_spanish_lexicon(HERE / "small_lexicon.csv", rules=HERE / "small_rules.csv")


# ------------------------------------------------------------- fast kernel vs reference
_WORDS = sorted(set(LEX.words) | {"no", "nunca", "jamás", "ni", "sin", "la", "una", "es", "fue", "ha",
                                  "sido", "derechos", "humanos", "duda", "condenarlo", "condenándolas",
                                  "BUENA", "Exito", "gobierno", "México", "dijo", "que", "2025"})
_MARKS = [".", ",", "!", "¡", "?", "¿", ";", ":", "«", "»", "(", ")", "—", "-", "\n\n"]


def _random_texts(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 40)):
            parts.append(rng.choice(_MARKS) if rng.random() < 0.2 else rng.choice(_WORDS))
        out.append(" ".join(parts) if rng.random() < 0.7 else "".join(parts))
    return out


def test_fast_kernel_equals_reference_on_random_text():
    for text in _random_texts(2000, seed=19):
        assert K.assess(LEX, text) == assess_reference(LEX, text), text


@pytest.fixture(scope="module")
def spanish_demo_texts():
    arts = ck.load(ck.datasets.demo_paths()).articles
    es = arts[arts["lang"] == "es"]
    return [t for t in es["title"].tolist() + es["text"].tolist() if t]


def test_fast_kernel_equals_reference_on_the_spanish_demo_articles(spanish_demo_texts):
    assert len(spanish_demo_texts) > 70
    bundled = load_lexicon()
    for lex in (LEX, bundled):
        lex.memo.clear()
        for text in spanish_demo_texts:
            assert K.assess(lex, text) == assess_reference(lex, text)


def test_the_memo_does_not_change_the_numbers(spanish_demo_texts):
    LEX.memo.clear()
    first = [K.assess(LEX, t) for t in spanish_demo_texts]
    again = [K.assess(LEX, t) for t in spanish_demo_texts]  # every token remembered now
    assert first == again

"""Term matching shared by the frame lexicon and keyness: folding and tokenising."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "tokenize", "SPANISH_STOP_WORDS", "stop_words"]

_COMBINING = re.compile(r"[\u0300-\u036f]")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)


def fold(text: str) -> str:
    """Lower-case and strip accents (``"Soberanía"`` → ``"soberania"``); not length-preserving."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text or "")).casefold()


def tokenize(text: str) -> list[str]:
    """Folded word tokens (letters, inner hyphens and apostrophes)."""
    return _TOKEN.findall(fold(text))


# Written for this kit from the closed classes of Spanish (articles, pronouns, prepositions,
# conjunctions, auxiliaries) plus the reporting verbs that fill news copy.
SPANISH_STOP_WORDS = frozenset(fold(w) for w in """
a al algo algún alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aquí
así aun aún bajo bien cada casi como con contra cual cuales cualquier cuando cuanto de del
desde donde dos durante e el él ella ellas ello ellos en entre era eran es esa esas ese eso
esos esta está estaba estaban estado estados están estar este esto estos fue fueron ha había
habían han hasta hay la las le les lo los más me mi mientras mismo muy nada ni no nos nosotros
nuestra nuestro o otra otras otro otros para pero poco por porque que qué quien quienes se
sea según ser será serán si sí sido sin sobre su sus también tan tanto te tiene tienen todo
todos tras tu un una unas uno unos y ya yo dijo afirmó señaló agregó añadió explicó indicó
aseguró sostuvo advirtió declaró informó dice dicen puede pueden hace hacer tener parte
además sólo solo ser sino vez veces otro cuya cuyo donde hoy ayer año años día días
""".split())

_EXTRA_ENGLISH = {"said", "says", "told", "also", "would", "could", "one", "two", "new", "like",
                  "according", "year", "years", "mr", "ms", "week", "last", "including", "since",
                  "us", "s", "t"}


def stop_words(langs=("en", "es")) -> list[str]:
    """Stop words for the given languages, sorted (scikit-learn's English list plus ours)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words: set[str] = set()
    if "en" in langs:
        words |= {fold(w) for w in ENGLISH_STOP_WORDS} | _EXTRA_ENGLISH
    if "es" in langs:
        words |= set(SPANISH_STOP_WORDS)
    return sorted(words)

"""Language detection: which language an article or a headline is written in.

:func:`detect_language` asks py3langid, restricted to the languages of
``data/languages.csv`` (:func:`detection_languages`); closed-class words
(:data:`FUNCTION_WORDS`) are a second opinion where it is unsure.
"""

from __future__ import annotations

import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ..datasets import data_dir, read_once, read_table
from ..errors import TableError

__all__ = ["detect_language", "detection_languages", "FUNCTION_WORDS", "DETECT_LANGS"]

# Closed-class words: frequent, topic-independent, and distinctive between languages.
FUNCTION_WORDS = {
    "en": set("the of and to in is that for it was on with as by at from his her they this be "
              "are have has had not but an which were would will said its their who been more "
              "after also than about could into over a an amid after what when will would says".split()),
    "es": set("el la los las de del que y en un una por con para es se su sus al lo como más "
              "pero fue son ha sobre este esta entre también sin desde porque dijo según ante "
              "hasta donde cuando muy le les nos tras ya hay está están hacia ayer dos años sólo solo "
              "mientras aunque".split()),
    "pt": set("o os as do da dos das que e em um uma por com para é se seu sua ao não mais "
              "mas foi são tem sobre este esta entre também sem desde porque disse até "
              "quando muito pelo pela".split()),
    "fr": set("le la les de des du que et en un une pour avec est se son sa au ne pas plus "
              "mais été sont sur ce cette entre aussi sans depuis parce dit selon jusqu "
              "quand très il elle ils".split()),
    "de": set("der die das den dem des und zu in ist dass für es war auf mit als von bei "
              "aus sein ihr sie nicht aber ein eine einer wurde werden hat hatte auch über "
              "nach wie noch".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.U)
# Letters and endings that mark one language's spelling.
_ORTHOGRAPHY = {
    "es": re.compile(r"ñ|¿|¡|ción\b|ciones\b|\wó\b"),
    "pt": re.compile(r"ã|õ|ç[ãõa]|ção\b|ções\b|lh[aeo]"),
    "fr": re.compile(r"[èêëçœ]|\bl'|\bd'|\bqu'"),
    "de": re.compile(r"ß|\b\w+ung\b|\b\w+keit\b"),
    "en": re.compile(r"\b\w+'s\b|\b\w+ing\b|\bth\w+|\w\wed\b"),
}
_WEIGHT: dict[str, float] = {}
for _vocab in FUNCTION_WORDS.values():
    for _w in _vocab:
        _WEIGHT[_w] = 1.0 / sum(_w in v for v in FUNCTION_WORDS.values())


# The languages detect_language chooses among when the table data/languages.csv cannot be
# read: the kit's two and the languages a coverage of the Americas meets beside them. Fewer
# candidates make short headlines far more reliable (a six-word English headline is
# otherwise taken for Frisian or Pidgin).
DETECT_LANGS = ("en", "es", "pt", "fr", "de", "it", "nl", "ca")
# Characters of a text the identifier reads: a headline and the first paragraph decide.
_DETECT_CHARS = 1000
_IDENTIFIERS: dict = {}


def _identifier(langs: tuple):
    """py3langid's identifier restricted to ``langs`` (loaded once per process, ~1.5 s)."""
    ident = _IDENTIFIERS.get(langs)
    if ident is None:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(langs))
        _IDENTIFIERS[langs] = ident
    return ident


def detection_languages() -> tuple:
    """The languages of ``data/languages.csv`` (a journalist adds a row for another
    language), read once per file version; :data:`DETECT_LANGS` when it cannot be read."""
    path = data_dir() / "languages.csv"
    try:
        return read_once(_languages_of, str(path), files=[path])
    except OSError:
        return DETECT_LANGS


def _languages_of(path: str) -> tuple:
    table = read_table(path, required=["lang"], name="languages")
    langs = tuple(dict.fromkeys(c.strip().lower() for c in table["lang"] if c.strip())) or DETECT_LANGS
    try:
        _identifier(langs)
    except ValueError as exc:  # a code py3langid's model does not know
        raise TableError(f"the languages table names a language the detector does not know ({exc})",
                         path=path, hint="use ISO 639-1 codes such as en, es, pt") from None
    return langs


def detect_language(text: str, *, langs=None, min_confidence: float = 0.35) -> str:
    """The language of ``text`` as an ISO 639-1 code; ``"und"`` for empty or unsure input.

    py3langid (Lui & Baldwin's langid.py model, offline, BSD) chooses among ``langs``
    (default: the languages of ``data/languages.csv``, :func:`detection_languages`) on the
    first 1,000 characters. Where it is not sure
    (probability under 0.9) and the closed-class words of another language win
    (:func:`_function_word_language`), those words decide. The answer is "und" when the
    text has no letters, when its best probability is under ``min_confidence``, or when
    it is one word that the identifier is not all but certain of (a name: "Sheinbaum").
    Measured on the hand-labelled headlines in ``tests/fixtures/lang``: at least 97% right.

    Parameters
    ----------
    text : str
        A headline, an article, or both joined.
    langs : sequence of str, optional
        The candidate languages (ISO 639-1 codes); default :func:`detection_languages`.
    min_confidence : float
        Below this probability the answer is "und".

    Returns
    -------
    str

    Examples
    --------
    >>> detect_language("El gobierno de México dijo que no habrá una invasión.")
    'es'
    >>> detect_language("The State Department said the designation was final.")
    'en'
    >>> detect_language("Navy destroys boat suspected of carrying drugs")
    'en'
    >>> detect_language("CJNG"), detect_language(""), detect_language("2025-03-01")
    ('und', 'und', 'und')

    On the headlines of a three-row frame:

    >>> import pandas as pd
    >>> df = pd.DataFrame({"title": ["México rechaza la designación de los cárteles",
    ...                              "Navy strike kills eleven on a boat", "Sheinbaum"]})
    >>> df["title"].map(detect_language).tolist()
    ['es', 'en', 'und']
    """
    if not text:
        return "und"
    sample = str(text)[:_DETECT_CHARS]
    words = _WORD.findall(sample.lower())
    if not words:
        return "und"
    langs = detection_languages() if langs is None else tuple(langs)
    best, p = _identifier(langs).classify(sample)
    by_words = _function_word_language(sample)
    if by_words != "und" and by_words != best and by_words in langs and p < 0.9:
        return by_words
    if p < min_confidence or (len(words) < 2 and p < 0.95):
        return "und"
    return best


def _function_word_language(text: str, *, min_score: float = 2.5) -> str:
    """The kit's first detector, kept as a second opinion for short texts: the closed-class
    words and spelling marks of English, Spanish, Portuguese, French and German.

    Offline and deterministic. Each closed-class word of a language's list
    (:data:`FUNCTION_WORDS`: English, Spanish, Portuguese, French, German) counts for that
    language, shared words ("de", "la") split their weight between the languages that have
    them; spelling marks (ñ, ¿, -ción; ã, -ção; è, ç; ß) add a point each. The best language
    must reach ``min_score`` (less for a headline-length text) and beat the runner-up by
    half again.

    >>> _function_word_language("El gobierno de México dijo que no habrá una invasión.")
    'es'
    """
    if not text:
        return "und"
    sample = text.lower()[:5000]
    words = _WORD.findall(sample)
    if not words:
        return "und"
    scores = dict.fromkeys(FUNCTION_WORDS, 0.0)
    for w in words:
        wt = _WEIGHT.get(w)
        if wt:
            for lang, vocab in FUNCTION_WORDS.items():
                if w in vocab:
                    scores[lang] += wt
    for lang, rx in _ORTHOGRAPHY.items():
        scores[lang] += 0.5 * min(len(rx.findall(sample)), 2 * len(words))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, s1), (_, s2) = ranked[0], ranked[1]
    need = min_score if len(words) >= 8 else 1.5
    if s1 >= need and s1 >= 1.5 * s2:
        return best
    return "und"

"""coveragekit-es, the Spanish instrument (coveragekit.sentiment.spanish): expectations
computed by hand from the small lexicon in tests/fixtures/sentiment_es/ (written for these
tests), each checked on the fast kernel and the plain reference."""

from __future__ import annotations

import pandas as pd
import pytest
from sentiment_texts import ES_FIXTURES as HERE

import coveragekit as ck
from coveragekit.sentiment import spanish as E
from coveragekit.sentiment.spanish_lexicon import load_lexicon, read_spanish_lexicon

# The fixture lexicon, in short: bueno/buena/buenos/buenas 0.7 (subjectivity 0.6);
# malo/mala/malos/malas -0.7 (0.7); clara/claro 0.3 (0.5); pésima -1.0 (1.0); éxito 0.6
# (0.5); problemas -0.4 (0.4); condenar, condenando -0.6 (0.7) as VB; muy (RB, intensity
# 1.3, subjectivity 0.3), sumamente (1.5, 0.4), poco (0.5, 0.2): pure modifiers;
# lamentablemente -0.5 (0.8) RB, intensity 1; phrases "derechos humanos" 0.2 (0.3) and
# "sin duda" 0.3 (0.6). Rules: negators no, nunca, jamás, ni, sin; transparent la, una,
# un, es, fue, ha, sido.
LEX = read_spanish_lexicon(HERE / "small_lexicon.csv", rules=HERE / "small_rules.csv")


def score(text):
    return E.score_spanish(text, lexicon=LEX)


def both(text):
    """Fast and reference must give the same numbers; return them."""
    fast = E.score_spanish(text, lexicon=LEX)
    ref = E.score_spanish(text, lexicon=LEX, method="reference")
    assert fast == ref
    return fast


# --------------------------------------------------------------------- hand-computed
def test_plain_words_and_inflection():
    assert both("La decisión es buena.") == (0.7, 0.6)
    for form in ("bueno", "buena", "buenos", "buenas"):
        assert both(f"Resultados {form}.") == (0.7, 0.6)
    for form in ("malo", "mala", "malos", "malas"):
        assert both(f"Unas cifras {form}.") == (-0.7, 0.7)
    # two assessments are averaged: (-0.7 + 0.7) / 2, subjectivity (0.7 + 0.6) / 2
    assert both("Malas noticias y buenas intenciones.") == pytest.approx((0.0, 0.65))
    # the lexicon lists forms; the scorer guesses none ("buenísima" is not in it)
    assert both("Una noticia buenísima.") == (0.0, 0.0)
    assert both("") == (0.0, 0.0)


def test_negation_reaches_across_transparent_words_only():
    # "no" ... "buena": -0.5 * 0.7
    assert both("La política no es buena.") == pytest.approx((-0.35, 0.6))
    # across "ha", "sido", "una" (all transparent)
    assert both("No ha sido una buena decisión.") == pytest.approx((-0.35, 0.6))
    # negating a negative word gives a slightly positive one: -0.5 * -0.7
    assert both("Nunca fue mala.") == pytest.approx((0.35, 0.7))
    assert both("jamas fue buena") == pytest.approx((-0.35, 0.6))  # the negator without its accent
    # "ni buena ni mala": -0.35 and +0.35
    assert both("Ni buena ni mala.") == pytest.approx((0.0, 0.65))
    # punctuation and any other word end the negation's reach
    assert both("No, la medida es buena.") == pytest.approx((0.7, 0.6))
    assert both("No creemos que sea buena.") == pytest.approx((0.7, 0.6))
    # only the first scored word after the negator is negated
    assert both("No es buena ni mala") == pytest.approx(((-0.35 + 0.35) / 2, 0.65))


def test_sin_negates_the_word_after_it_unless_it_starts_a_phrase():
    assert both("Terminó sin éxito.") == pytest.approx((-0.3, 0.5))  # -0.5 * 0.6
    assert both("Terminó sin problemas.") == pytest.approx((0.2, 0.4))  # -0.5 * -0.4
    # "sin duda" is a lexicon phrase (0.3, 0.6): it wins over the negator, and "buena"
    # is not negated: (0.3 + 0.7) / 2, (0.6 + 0.6) / 2
    assert both("Sin duda buena.") == pytest.approx((0.5, 0.6))


def test_intensifiers_and_diminishers_multiply():
    # adjective after the noun, intensifier before it: -0.7 * 1.3, 0.7 * 1.3
    assert both("Una decisión muy mala.") == pytest.approx((-0.91, 0.91))
    # a diminisher: 0.3 * 0.5, 0.5 * 0.5
    assert both("Una respuesta poco clara.") == pytest.approx((0.15, 0.25))
    # clipped at 1: 0.7 * 1.5 = 1.05 -> 1.0; subjectivity 0.6 * 1.5 = 0.9
    assert both("Una gestión sumamente buena.") == pytest.approx((1.0, 0.9))
    # a negated intensifier divides: -0.5 * 0.7 / 1.3, subjectivity 0.6 / 1.3
    assert both("La política no es muy buena.") == pytest.approx((-0.5 * 0.7 / 1.3, 0.6 / 1.3))
    # an intensifier that modifies no lexicon word is not an assessment
    assert both("El equipo está muy cansado.") == (0.0, 0.0)
    assert both("Muy, muy buena.") == pytest.approx((0.91, 0.78))
    # an adverb with its own polarity stays an assessment when it modifies nothing:
    # (-0.5 + 0.7) / 2, (0.8 + 0.6) / 2
    assert both("Lamentablemente, la respuesta fue buena.") == pytest.approx((0.1, 0.7))
    # ... and multiplies by its intensity (1) when it does
    assert both("Lamentablemente buena.") == pytest.approx((0.7, 0.6))
    # "!" raises the last assessment by a quarter: 0.7 * 1.25
    assert both("¡Es buena!") == pytest.approx((0.875, 0.6))


def test_accents_and_case_do_not_matter():
    assert both("LA POLÍTICA NO ES BUENA") == pytest.approx((-0.35, 0.6))
    assert both("Fue un exito.") == (0.6, 0.5)  # "éxito" written without its accent
    assert both("Una gestión PESIMA.") == (-1.0, 1.0)
    assert both("Un ÉXITO.") == (0.6, 0.5)


def test_a_capitalised_word_inside_a_sentence_is_a_name():
    assert both("Votó el diputado Juan Bueno.") == (0.0, 0.0)  # a surname, not "good"
    # at the start of the text, of a sentence or of a quotation it is a word
    assert both("Bueno, la decisión fue buena.") == pytest.approx((0.7, 0.6))
    assert both("Se fue. Buena suerte.") == (0.7, 0.6)
    assert both("Dijo: «Buena decisión».") == (0.7, 0.6)
    # in capitals throughout it is a word (headlines)
    assert both("LA DECISIÓN FUE BUENA") == (0.7, 0.6)
    # a negator keeps its role wherever it is
    assert both("Dijo que No es buena.") == pytest.approx((-0.35, 0.6))


def test_clitics_attached_to_a_verb():
    assert both("Decidió condenarlo.") == (-0.6, 0.7)  # condenar + lo
    assert both("Siguió condenándolas.") == (-0.6, 0.7)  # condenando + las, accent dropped
    assert both("Prefirió condenárselo.") == (-0.6, 0.7)  # condenar + se + lo
    # only verb forms the lexicon lists lose their pronouns: "buenalo" is no word
    assert both("buenalo") == (0.0, 0.0)


def test_phrases_match_on_words_with_or_without_accents():
    assert both("Los derechos humanos.") == (0.2, 0.3)
    assert both("Los DERECHOS humanos") == (0.2, 0.3)
    assert both("Los derechos de todos.") == (0.0, 0.0)  # half a phrase is nothing


def test_assessments_show_which_words_counted():
    a = E.spanish_assessments("Una respuesta poco clara; no es mala.", lexicon=LEX)
    assert a["phrase"].tolist() == ["poco clara", "no mala"]
    assert a["polarity"].tolist() == pytest.approx([0.15, 0.35])
    assert a["negated"].tolist() == [False, True]


@pytest.fixture(scope="module")
def spanish_demo_texts():
    arts = ck.load(ck.datasets.demo_paths()).articles
    es = arts[arts["lang"] == "es"]
    return [t for t in es["title"].tolist() + es["text"].tolist() if t]


def test_lexicon_coverage_counts_word_tokens():
    # 6 word tokens (the number and the marks are left out); scored: buena, and the
    # two words of "derechos humanos"
    cov = E.lexicon_coverage(["La medida es buena, 2025.", "Derechos humanos!"], lexicon=LEX)
    assert cov["tokens"] == 6
    assert cov["scored"] == 3
    assert cov["scored_share"] == 0.5


def test_the_bundled_lexicon_loads_and_scores_demo_text(spanish_demo_texts):
    lex = load_lexicon()
    assert len(lex.words) > 500
    scored = [E.score_spanish(t) for t in spanish_demo_texts[:20]]
    assert all(-1 <= p <= 1 and 0 <= s <= 1 for p, s in scored)
    assert pd.Series([p for p, _ in scored]).abs().sum() > 0

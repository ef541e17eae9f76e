"""The Spanish lexicon as a table (coveragekit.sentiment.spanish_lexicon): how its rows
become entries, and one-line errors for a bad table; expectations from the small lexicon in
tests/fixtures/sentiment_es/ (written for these tests)."""

from __future__ import annotations

import pytest
from sentiment_texts import ES_FIXTURES as HERE

from coveragekit.errors import OptionError, TableError
from coveragekit.sentiment import spanish_lexicon as E
from coveragekit.sentiment.spanish import score_spanish

# The fixture lexicon, in short: bueno/buena/buenos/buenas 0.7 (subjectivity 0.6);
# malo/mala/malos/malas -0.7 (0.7); clara/claro 0.3 (0.5); pésima -1.0 (1.0); éxito 0.6
# (0.5); problemas -0.4 (0.4); condenar, condenando -0.6 (0.7) as VB; muy (RB, intensity
# 1.3, subjectivity 0.3), sumamente (1.5, 0.4), poco (0.5, 0.2): pure modifiers;
# lamentablemente -0.5 (0.8) RB, intensity 1; phrases "derechos humanos" 0.2 (0.3) and
# "sin duda" 0.3 (0.6). Rules: negators no, nunca, jamás, ni, sin; transparent la, una,
# un, es, fue, ha, sido.
LEX = E.read_spanish_lexicon(HERE / "small_lexicon.csv", rules=HERE / "small_rules.csv")


# ------------------------------------------------------------------------- the lexicon
def test_lexicon_reads_words_phrases_and_modifiers():
    assert LEX.words["buena"] == (0.7, 0.6, 1.0, False, False)
    # an RB row with polarity 0 and intensity 1.3 is a pure intensifier
    assert LEX.words["muy"] == (0.0, 0.3, 1.3, True, True)
    # an RB row with a polarity of its own modifies, but is not "pure"
    assert LEX.words["lamentablemente"] == (-0.5, 0.8, 1.0, True, False)
    assert LEX.folded["exito"] == LEX.words["éxito"]
    assert "derechos humanos" not in LEX.words
    assert LEX.phrases["derechos"] == [(("derechos", "humanos"), (0.2, 0.3, 1.0, False, False))]
    assert LEX.negators == {"no", "nunca", "jamas", "ni", "sin"}


def test_a_word_listed_twice_gets_the_mean_of_its_parts_of_speech(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("word,polarity,subjectivity,intensity,pos\n"
                 "claro,0.4,0.6,1,JJ\nclaro,0.2,0.4,1,JJ\nclaro,0.0,0.2,1,RB\n", "utf-8")
    lex = E.read_spanish_lexicon(p, rules=HERE / "small_rules.csv")
    # JJ: mean of the two senses (0.3, 0.5); RB: (0.0, 0.2); the word: their mean
    p_, s_, i_, mod, pure = lex.words["claro"]
    assert (p_, s_, i_) == pytest.approx((0.15, 0.35, 1.0))
    assert mod is True and pure is False


def test_two_words_that_differ_by_accents_share_their_mean_without_them(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("word,polarity,subjectivity,intensity,pos\n"
                 "público,0.2,0.2,1,JJ\npublicó,-0.4,0.6,1,VB\n", "utf-8")
    lex = E.read_spanish_lexicon(p, rules=HERE / "small_rules.csv")
    assert score_spanish("público", lexicon=lex) == (0.2, 0.2)  # as written
    assert score_spanish("publicó", lexicon=lex) == (-0.4, 0.6)
    # written without accents: either word; the mean of both
    assert score_spanish("PUBLICO", lexicon=lex) == pytest.approx((-0.1, 0.4))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("word,polarity,subjectivity,intensity\nbuena,1.5,0.5,1\n", "row 2: polarity is '1.5'"),
        ("word,polarity,subjectivity,intensity\nbuena,0.5,x,1\n", "row 2: subjectivity is 'x'"),
        ("word,polarity,subjectivity,intensity\nbuena,0.5,0.5,0\n", "row 2: intensity is '0'"),
        ("word,polarity,subjectivity,intensity,pos\nbuena,0.5,0.5,1,ADJ\n", "row 2: pos is 'ADJ'"),
        ("word,polarity,subjectivity\nbuena,0.5,0.5\n", "lacks the column(s) intensity"),
        ("word,polarity,subjectivity,intensity\n,0.5,0.5,1\n", "row 2: the word cell is empty"),
    ],
)
def test_a_bad_lexicon_is_a_one_line_error_naming_the_row(tmp_path, content, message):
    p = tmp_path / "lex.csv"
    p.write_text(content, "utf-8")
    with pytest.raises(TableError) as err:
        E.read_spanish_lexicon(p)
    assert message in str(err.value)
    assert str(p) in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_lexicon_file_is_a_table_error(tmp_path):
    with pytest.raises(TableError, match="does not exist"):
        score_spanish("buena", lexicon={"es": tmp_path / "none.csv"})


def test_only_the_spanish_lexicon_can_be_replaced():
    with pytest.raises(OptionError, match="language\\(s\\) en"):
        E.resolve_lexicon_option({"en": "x.csv"})
    with pytest.raises(OptionError, match="method"):
        score_spanish("buena", method="textblob")

"""The English instrument (coveragekit.sentiment.textblob): numbers worked out by hand from
the lexicon entries quoted in the comments (``good`` is listed twice, polarity 0.7 both
times, subjectivity 0.4 and 0.8; ``very`` has intensity 1.3)."""

import pytest

from coveragekit.errors import OptionError
from coveragekit.sentiment import textblob as S


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


def test_an_unknown_method_is_an_option_error():
    with pytest.raises(OptionError, match="method must be one of fast, textblob"):
        S.score_text("good", method="vader")

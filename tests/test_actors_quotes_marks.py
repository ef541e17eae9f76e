"""Tests for coveragekit.actors.quotes.marks: where the quotations of a text are. Offsets
are counted by hand."""

from coveragekit.actors.quotes.marks import mask, nested, paragraphs, quote_spans


def _spans(text):
    return [(q.s, q.e, q.closed, q.para) for q in quote_spans(text)]


def test_straight_curly_and_guillemet_quotations():
    text = 'He said "no" and «sí» and “maybe”.'
    # "no" at 9-11, «sí» at 18-20, “maybe” at 27-32, all closed, paragraph 0
    assert _spans(text) == [(9, 11, True, 0), (18, 20, True, 0), (27, 32, True, 0)]


def test_a_mark_left_open_runs_to_the_end_of_its_paragraph():
    text = '“First part\n\n“Second part,” she said.'
    # paragraph 0 is 0-11 (its quotation 1-11, open); paragraph 1 starts at 13
    assert paragraphs(text) == [(0, 11), (13, 37)]
    assert _spans(text) == [(1, 11, False, 0), (14, 26, True, 1)]


def test_nested_guillemets_belong_to_the_outer_quotation():
    text = "«Dijo «basta» y se fue»."
    assert _spans(text) == [(1, 22, True, 0)]


def test_a_stray_closing_mark_opens_nothing():
    text = 'me," a stunned man said.'
    assert quote_spans(text) == []


def test_nested_quotations_and_the_mask():
    text = "«Mi hija me dijo: “ya basta”.»"
    outer = quote_spans(text)[0]
    assert [(q.s, q.e) for q in nested(outer, text)] == [(19, 27)]
    # the words inside the marks become X (spaces and the final period kept)
    assert mask(text, [outer]) == "«XX XXXX XX XXXXX XXX XXXXXX.»"

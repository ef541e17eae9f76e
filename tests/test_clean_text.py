"""Text normalisation (coveragekit.clean.text): what a scraped page leaves in a body or a
headline, and what the kit makes of it. (Idempotence on any text: tests/test_properties.py.)"""

import pandas as pd
import pytest

from coveragekit.clean import clean_text, clean_title


@pytest.mark.parametrize("raw, want", [
    ("<div><h2>Navy strike</h2><p>Eleven dead.</p></div>", "Navy strike\n\nEleven dead."),
    ("<p>Uno</p><style>p {color: red}</style><p>dos</p>", "Uno\n\ndos"),  # style content goes
    ("Line one\r\nstill one\r\n\r\nLine two", "Line one still one\n\nLine two"),
    ("Caf\u0065\u0301 con le\u00adche\u200b", "Caf\u00e9 con leche"),  # NFC, soft hyphen and zero width out
    ("a &amp;lt;b&amp;gt; c", "a c"),  # entities decoded twice make a tag, removed in turn
    ("Plain text, no markup.", "Plain text, no markup."),
    ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),  # comparisons are not tags
])
def test_clean_text(raw, want):
    assert clean_text(raw) == want
    assert clean_text(want) == want


@pytest.mark.parametrize("raw, want", [
    ("<b>Sheinbaum</b>: &quot;no invasion&quot;", 'Sheinbaum: "no invasion"'),
    ("  Two\n  lines  ", "Two lines"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # kept visible as text
    ("<<b>b>bold</b>", "bold"),  # removing the inner tag leaves one: removed too
])
def test_clean_title(raw, want):
    assert clean_title(raw) == want
    assert clean_title(want) == want


def test_missing_values_become_empty_strings():
    col = pd.Series(["x", None, float("nan")], dtype=object)
    assert col.map(clean_text).tolist() == ["x", "", ""]
    assert col.map(clean_title).tolist() == ["x", "", ""]

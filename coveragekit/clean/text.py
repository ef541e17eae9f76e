"""Text normalisation: article bodies and headlines as the kit reads them.

Both functions are row-local and idempotent: the boilerplate passes (HTML left over from a
scraped page, entities, zero-width characters, Unicode forms) are applied until the text
stops changing.
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_text", "clean_title"]

_SCRIPT = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BLOCK = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")
_INLINE = re.compile(r"</?(a|b|i|em|strong|span|u|small|sup|sub|font|abbr|cite|q|mark)\b[^<>]*>", re.I)
_ZW = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _looks_like_html(s: str) -> bool:
    return "<" in s and bool(_TAG.search(s))


def clean_text(value) -> str:
    """Normalise an article body.

    Unicode NFC; leftover HTML removed (script and style elements with their content,
    other tags unwrapped, entities decoded); spaces collapsed inside paragraphs; paragraphs
    separated by one blank line. Idempotent.

    Parameters
    ----------
    value : str or None
        The text as read; None or NaN give "".

    Returns
    -------
    str

    Examples
    --------
    >>> clean_text("<p>Uno&nbsp; dos</p><p>tres</p><script>x()</script>")
    'Uno dos\\n\\ntres'
    >>> clean_text("&lt;p&gt;Escaped twice&lt;/p&gt;")
    'Escaped twice'

    On a column of a three-row frame:

    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["<p>Navy&nbsp;strike</p>", None, "Sin   cambios"]})
    >>> df["text"].map(clean_text).tolist()
    ['Navy strike', '', 'Sin cambios']
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    s = _until_stable(_text_pass, str(value))
    paras = []
    for block in re.split(r"\n\s*\n", s):
        line = " ".join(block.split())
        if line:
            paras.append(line)
    return "\n\n".join(paras)


def clean_title(value) -> str:
    """Normalise a headline: one line, NFC, entities decoded, formatting tags unwrapped.

    Other angle-bracket text is kept as written, so that a hostile title such as
    ``<script>alert(1)</script>`` stays visible as text (the report escapes it). Idempotent.

    Parameters
    ----------
    value : str or None
        The headline as read; None or NaN give "".

    Returns
    -------
    str

    Examples
    --------
    >>> clean_title("  Mexico &amp; the <b>US</b>\\n agree ")
    'Mexico & the US agree'
    >>> clean_title("&lt;b&gt;Escaped&lt;/b&gt; &lt;script&gt;")
    'Escaped <script>'

    On a column of a three-row frame:

    >>> import pandas as pd
    >>> df = pd.DataFrame({"title": ["<i>No</i> invasion", "Two\\nlines", "<script>x</script>"]})
    >>> df["title"].map(clean_title).tolist()
    ['No invasion', 'Two lines', '<script>x</script>']
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return " ".join(_until_stable(_title_pass, str(value)).split())


def _text_pass(s: str) -> str:
    if _looks_like_html(s):
        s = _SCRIPT.sub(" ", s)
        s = _BLOCK.sub("\n\n", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))
    return _ZW.sub("", s).replace("\u00a0", " ")


def _title_pass(s: str) -> str:
    s = _INLINE.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    s = unicodedata.normalize("NFC", s)
    return _ZW.sub("", s).replace("\u00a0", " ")


def _until_stable(step, s: str) -> str:
    """Apply ``step`` until the text stops changing, so that cleaning is idempotent: decoding
    ``&lt;b&gt;`` makes a tag and removing the inner tag of ``<<b>b>`` leaves one. After the
    first pass, a pass changes the text only by removing a tag or decoding an entity, which
    shortens it, so this ends."""
    while (out := step(s)) != s:
        s = out
    return s

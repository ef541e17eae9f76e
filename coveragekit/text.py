"""Offline sentence splitting for English and Spanish news text.

TextBlob's ``.sentences`` needs NLTK's punkt data, which cannot be installed here, and
pattern's own tokenizer (used inside TextBlob's sentiment) splits text into tokens, losing
the character offsets. :func:`split_sentences` works on the original string and returns
character spans, so a sentence can always be traced back to the article
(``text[start:end]``), and mentions found by character offset can be matched to
sentences.

The rules, in order:

1. A blank line (``\\n\\n``, possibly with spaces between) always ends a sentence; a
   single line break does not.
2. A sentence ends after ``.``, ``!``, ``?``, ``...`` or ``…`` (and runs such as ``?!``),
   plus any closing quotes or brackets right after it (``."``, ``?»``, ``.)``), when
   whitespace follows.
3. ... unless the next word starts with a lower-case letter (``"We will win..." he said``;
   ``¡Basta! —dijo``), or the period belongs to an abbreviation:

   * titles and similar words that are followed by a name or number never end a sentence:
     Mr., Mrs., Dr., Sen., Rep., Gov., Gen., Adm., Lt., St., Sra., Lic., Ing., Gral. ...
   * ambiguous abbreviations that may also end a sentence — dotted acronyms (U.S., EE.UU.,
     N.Y., a.m., p.m.), single initials ("Frank L. Donovan"), months (Jan., ene.), Inc.,
     Jr. — end one only when the next word is a typical sentence opener ("The", "But",
     "El", "Pero" ...) or the next sentence opens with ``¿``/``¡``;
   * "No." and "núm." are abbreviations when a number follows ("No. 5").
4. Decimals (3.5), web addresses and ``U.S.-backed`` never split: a period must be
   followed by whitespace.
5. A dateline that ends with the agency in parentheses and a dash (``MADRID, 5 ene.
   (EFE). - El ...``) stays with the first sentence; ``(EFE).-`` never splits anyway.

These are heuristics: they are right for the usual wire and newspaper style and wrong
for some edge cases (a sentence ending in "U.S." followed by a name, lists numbered
"1." on their own lines).
"""

from __future__ import annotations

import re

import pandas as pd

from ._frame import as_articles, as_text

__all__ = ["SENTENCE_COLUMNS", "sentences", "split_sentences"]

SENTENCE_COLUMNS = ["article_id", "sentence_no", "start", "end", "sentence"]

# A candidate end: terminators, optional closing quotes/brackets, then whitespace or the end.
_END = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019\u00bb)\]]*)(?=\s|$)")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"[^\W\d_]+")
# Skipped when looking at what follows a candidate end: opening quotes, brackets, dashes.
_OPENERS = "\"'\u201c\u2018\u00ab\u00bf\u00a1([{\u2014\u2013-*"
_DASHES = "-\u2013\u2014"
_DOTTED = re.compile(r"^(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}$")  # U.S, EE.UU, a.m, N.Y


def _wordset(words: str) -> set[str]:
    return set(words.split())


# Followed by a name or a number: never the end of a sentence (compared lower-cased).
_TITLES = {
    "en": _wordset(
        "mr mrs ms messrs dr prof sen sens rep reps gov govs gen lt col maj capt cmdr adm sgt "
        "cpl pvt brig rev fr hon pres supt det insp st ste mt ft vs e.g i.e cf al approx dept "
        "fig vol pp"
    ),
    "es": _wordset(
        "sr sra srta sres sras dr dra dres lic licda ing arq mtro mtra prof profa gral gob "
        "pdte pte sto sta dña fdo ud uds vd vds av avda cnel tte sgto mons pbro vs aprox pág "
        "págs dpto depto ej p.ej e.g i.e cía"
    ),
}
# May end a sentence, so they end one only before a sentence opener. Compared as written,
# or in capitals ("JAN."): "sat." or "mar." in lower case are words, not abbreviations.
_MONTHS_ES = sorted(_wordset("ene feb abr jun jul sep sept oct nov dic lun mié jue vie sáb dom"))
_AMBIGUOUS = {
    "en": _wordset(
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs "
        "Fri Sat Sun Inc Corp Co Ltd LLC Bros Jr Sr etc Ave Blvd Rd Univ Assn Intl Natl Govt "
        "Ph.D"
    ),
    "es": {*_MONTHS_ES, *(m.capitalize() for m in _MONTHS_ES)}
    | _wordset("Mar etc Cía Ltda Jr art arts cap Art Cap tel Tel"),
}
# Abbreviations of "number": no end when a digit follows ("No. 5", "núm. 3").
_NUMBER_WORDS = {"No", "Nos", "NO", "nº", "Nº", "núm", "Núm", "num", "Num", "nro", "Nro"}
# Sentence openers after an ambiguous abbreviation.
_OPENER_WORDS = {
    "en": _wordset(
        "The A An But And Or So Yet In On At For From With By As After Before When While If "
        "Although Though Because Since Until Unless Despite During He She It They We I You "
        "His Her Its Their Our My Your This That These Those There Here Then Now However "
        "Meanwhile Still Also Some Many Most Several Such Both Each Every No Neither Nor "
        "What Who Why How Where Which Is Are Was Were Do Does Did Has Have Had Will Would "
        "Could Should Can May Might Must Last Next Earlier Later Today Yesterday Officials "
        "According Asked"
    ),
    "es": _wordset(
        "El La Los Las Lo Un Una Unos Unas Pero Y O En Con Por Para Sin Sobre Según Desde "
        "Hasta Tras Durante Ante Al Del De Este Esta Estos Estas Ese Esa Esos Esas Eso Esto "
        "Aquel Aquella Él Ella Ellos Ellas Nosotros Yo Tú Usted Ustedes Su Sus Mi Mis Se No "
        "Ya Así También Además Cuando Mientras Aunque Como Si Porque Pues Entonces Luego "
        "Después Antes Hoy Ayer Hay Es Fue Era Son Qué Quién Cómo Dónde Cuándo Otro Otra "
        "Todos Todas Cada Mañana Asimismo"
    ),
}
_ALL = ("en", "es")


def _rules(lang: str):
    langs = [lang] if lang in _ALL else list(_ALL)
    titles = set().union(*(_TITLES[x] for x in langs))
    ambiguous = {w for x in langs for w in _AMBIGUOUS[x] if w.lower() not in titles}
    openers = set().union(*(_OPENER_WORDS[x] for x in langs))
    return titles, ambiguous, openers


_RULES = {lang: _rules(lang) for lang in ("en", "es", "")}


def _strip_span(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def _is_end(text: str, m: re.Match, stop: int, rules) -> bool:
    """Decide whether the candidate end ``m`` ends a sentence."""
    titles, ambiguous, openers = rules
    end = m.end()
    j = end
    while j < stop and text[j].isspace():
        j += 1
    if j >= stop:
        return True
    k = j
    while k < stop and text[k] in _OPENERS:
        k += 1
    nxt = text[k] if k < stop else ""
    strong = text[j] in "\u00bf\u00a1" or (k > j and text[k - 1] in "\u00bf\u00a1")
    if nxt.islower() and not strong:
        return False  # '..." he said', 'etc. and', '¡Basta! —dijo'
    term, closers = m.group(1), m.group(2)
    if term != "." or closers:
        return True
    # The word the period closes, without opening punctuation: "(U.S." -> "U.S".
    w0 = m.start()
    while w0 > 0 and not text[w0 - 1].isspace():
        w0 -= 1
    word = text[w0 : m.start()].lstrip(_OPENERS)
    if not word:
        return True
    low = word.lower()
    if word.endswith(")") and text[j] in _DASHES:
        return False  # dateline: "MADRID, 5 ene. (EFE). - El ..."
    if word in _NUMBER_WORDS and (nxt.isdigit() or nxt == "#"):
        return False
    if low in titles:
        return False
    if word.isdigit() and (w0 == 0 or text[w0 - 1] == "\n"):
        return False  # "1. First point" at the start of a line
    if (
        word in ambiguous
        or (word.isupper() and word.capitalize() in ambiguous)
        or _DOTTED.match(word)
        or (len(word) == 1 and word.isupper())
    ):
        if strong:
            return True
        if nxt.isdigit():
            return False  # "Jan. 5", "U.S. 10-year notes"
        wm = _WORD.match(text, k)
        return bool(wm) and wm.group(0) in openers
    return True


def split_sentences(text: str, *, lang: str = "en") -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their character spans.

    Offline and deterministic (see the module documentation for the rules).

    Parameters
    ----------
    text : str
        The text, as stored in the article table. Missing values count as "".
    lang : str, default "en"
        "en" (English abbreviations), "es" (Spanish abbreviations, ``¿`` ``¡`` ``«»``);
        any other code uses the rules of both.

    Returns
    -------
    list of (start, end)
        Character offsets into ``text``: ``text[start:end]`` is the sentence without the
        whitespace around it. Every non-blank character belongs to exactly one sentence.

    Examples
    --------
    >>> t = "Sen. Ana L. Ruiz met U.S. envoys at 9 a.m. on Jan. 5. The talks failed."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Sen. Ana L. Ruiz met U.S. envoys at 9 a.m. on Jan. 5.', 'The talks failed.']
    >>> t = "¿Qué dijo la Sra. García? «No lo sé.» Llegó a EE.UU. el lunes."
    >>> [t[a:b] for a, b in split_sentences(t, lang="es")]
    ['¿Qué dijo la Sra. García?', '«No lo sé.»', 'Llegó a EE.UU. el lunes.']
    """
    text = as_text(text)
    if not text or text.isspace():
        return []
    key = (lang or "").strip().lower()
    rules = _RULES[key if key in _ALL else ""]
    spans: list[tuple[int, int]] = []
    para_start = 0
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    breaks.append((len(text), len(text)))
    for para_end, next_start in breaks:
        start = para_start
        for m in _END.finditer(text, para_start, para_end):
            if _is_end(text, m, para_end, rules):
                span = _strip_span(text, start, m.end())
                if span:
                    spans.append(span)
                start = m.end()
        span = _strip_span(text, start, para_end)
        if span:
            spans.append(span)
        para_start = next_start
    return spans


def sentences(df: pd.DataFrame, *, text: str = "text", lang: str = "lang", id: str = "article_id") -> pd.DataFrame:
    """One row per sentence of every article (long format).

    Each article is split with :func:`split_sentences`, using its ``lang`` ("es" gets
    the Spanish rules, "en" the English ones, anything else both). Articles with an empty
    text (title-only records) have no rows. The input is not modified.

    Parameters
    ----------
    df : DataFrame
        Articles with at least ``article_id``, ``lang`` and the ``text`` column.
    text : str, default "text"
        The column to split.

    Returns
    -------
    DataFrame
        Columns ``article_id``, ``sentence_no`` (1 for an article's first sentence),
        ``start`` and ``end`` (character offsets into the text column) and ``sentence``
        (``text[start:end]``), in the order of the input rows.

    Examples
    --------
    >>> df = pd.DataFrame({"article_id": ["a", "b", "c"], "lang": ["en", "es", "en"],
    ...                    "text": ["Dr. Lee spoke. Nobody listened.", "¿Y ahora? Nada.", ""]})
    >>> sentences(df)
      article_id  sentence_no  start  end          sentence
    0          a            1      0   14    Dr. Lee spoke.
    1          a            2     15   31  Nobody listened.
    2          b            1      0    9         ¿Y ahora?
    3          b            2     10   15             Nada.
    """
    df = as_articles(df, verb="sentences()", text=text, title=None, lang=lang, id=id)
    ids, nos, starts, ends, sents = [], [], [], [], []
    for aid, lang, value in zip(df["article_id"], df["lang"], df[text]):
        body = as_text(value)
        for no, (a, b) in enumerate(split_sentences(body, lang=as_text(lang)), start=1):
            ids.append(as_text(aid))
            nos.append(no)
            starts.append(a)
            ends.append(b)
            sents.append(body[a:b])
    return pd.DataFrame(
        {
            "article_id": pd.array(ids, dtype="string"),
            "sentence_no": pd.array(nos, dtype="int64"),
            "start": pd.array(starts, dtype="int64"),
            "end": pd.array(ends, dtype="int64"),
            "sentence": pd.array(sents, dtype="string"),
        }
    )

"""coveragekit-es: a Spanish sentiment instrument with TextBlob's arithmetic.

TextBlob's English score (pattern's ``Sentiment``) walks the words of a text, keeps the
ones its lexicon knows as *assessments*, and averages them. Three rules change an
assessment on the way:

* a known adverb before a known word (an *intensifier*, "very good") merges with it: the
  word's polarity and subjectivity are multiplied by the adverb's intensity (1.3 for
  "very"), clipped to [-1, 1];
* a negation before a known word ("not good") marks it negated and inverts the intensity
  it hands on; a negated assessment counts ``-0.5`` times its polarity ("not good" is
  slightly bad, "not bad" slightly good);
* "!" multiplies the polarity of the last assessment by 1.25.

The text's polarity is the mean of the assessments' polarities, its subjectivity the
mean of their subjectivities; a text with no assessment scores 0.0.

coveragekit-es keeps that arithmetic and changes what Spanish needs changed:

* **The lexicon** is a table, ``data/lexicons/sentiment_es.csv`` (one row per word form
  or phrase: ``word, polarity, subjectivity, intensity, pos, notes``), replaceable with
  ``lexicon=`` (``--lexicon es=FILE``). A word listed under several parts of speech gets
  their mean, as in pattern. A word with part of speech ``RB`` is a modifier, as in
  pattern; an ``RB`` row with polarity 0 and an intensity other than 1 (``muy``,
  ``bastante``, ``poco``) is a pure intensifier or diminisher.
* **Reach.** In English pattern lets a negation reach across words of one letter ("not
  a good plan") and a modifier across words of up to two ("really is a good"). Spanish
  puts the negation before the verb: "la política *no es* buena", "*no ha sido* una buena
  decisión". So a negator or a modifier reaches the next scored word across the words of
  the *transparent* list of ``data/lexicons/sentiment_es_rules.csv`` (articles, clitic
  pronouns, forms of ser, estar, haber, parecer) and stops at any other word, a number or
  punctuation. The same table lists the **negators**: no, nunca, jamás, tampoco, ni, sin,
  ningún/ninguno/-a/-os/-as, nada, nadie. "sin" is one: "sin éxito" is negative, "sin
  problemas" positive. A negator is a negator even when the lexicon lists the word.
* **A pure intensifier that modifies nothing is not an assessment.** pattern's "very"
  carries polarity 0.2 of its own and counts even when the next word is unknown; a
  Spanish intensifier with polarity 0 would only pull every text toward 0 in proportion
  to how often the writer says "muy" or "más", so it is dropped when it modifies no word.
* **Adjectives after the noun** need nothing special: the scorer reads the words in order,
  so "una decisión muy mala" and "una respuesta poco clara" merge the modifier with the
  adjective that follows it, wherever the noun is.
* **Accents and case.** Words are lower-cased; a word is looked up as written, then with
  its accents removed ("politica", "POLÍTICA" and "política" are the same word). When two
  lexicon words differ only by accents, a text written without them gets their mean.
* **Inflection** is in the lexicon: each gender and number form ("bueno, buena, buenos,
  buenas") and each -mente adverb is its own row. The scorer does not guess forms.
* **Clitics.** An infinitive or gerund with pronouns attached ("condenarlo",
  "apoyándolas", "criticarse") is looked up without them when the word itself is not in
  the lexicon and the lexicon lists the verb form (part of speech ``VB``).
* **Phrases.** A lexicon row of several words ("sin embargo", "derechos humanos") is
  matched on the words of the text, longest first, before single words and negators.
* **Names.** Spanish writes adjectives and nouns in lower case except at the start of a
  sentence, so a capitalised word inside a sentence is read as part of a name and not
  scored: "Nuevo León", "Casa Blanca", "Costa Rica", the surname "Leal" (TextBlob, which
  lower-cases everything, scores "New" in "New Mexico"). A word in capitals throughout
  ("ÉXITO") is scored: headlines and shouted words are written so.
* Emoticons and pattern's irony mark "(!)" are not read: this is news copy.

What it cannot see: irony, quotation (a quoted insult counts as the article's), who a
word is about, words outside the lexicon, negation that reaches further than the
transparent words, and meaning that lives in the verb phrase ("poco clara" is scored as
half as clear, not as unclear).

Two implementations, as for the English scores: :func:`_assess_reference` reads as the
method (tokenize, classify each token from scratch, walk the state machine);
:func:`coveragekit._spanish_kernel.assess` gives the same assessments several times
faster by remembering each token's class. ``tests/test_sentiment_es.py`` checks that they
agree on random and on real (demo corpus) text.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._lexicon import fold
from .datasets import read_once
from .errors import OptionError, TableError

__all__ = [
    "INSTRUMENT",
    "SpanishLexicon",
    "default_lexicon_path",
    "read_spanish_lexicon",
    "score_spanish",
    "spanish_assessments",
]

INSTRUMENT = "coveragekit-es"
LEXICON_COLUMNS = ["word", "polarity", "subjectivity", "intensity"]  # pos and notes optional
_POS = {"JJ", "RB", "VB", "NN", ""}

# A token: a word (letters and digits, inner hyphens and apostrophes) or one mark.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
# Pronouns attached to an infinitive or gerund, longest first.
_ENCLITICS = tuple(
    sorted(
        {
            a + b
            for a in ("", "me", "te", "se", "nos", "os", "le", "les")
            for b in ("", "lo", "la", "los", "las", "le", "les", "me", "te", "se", "nos", "os")
            if a + b
        },
        key=lambda s: (-len(s), s),
    )
)
_VERB_ENDINGS = ("ar", "er", "ir", "ando", "iendo", "yendo")

# token kinds
OTHER, WORD, NEGATOR, TRANSPARENT, BANG = range(5)
# After these marks (or at the start of the text) a capitalised word starts a sentence, a
# quotation or a clause; anywhere else it is taken to be part of a name.
_OPENERS = frozenset(".!?¿¡…:;«\"“‘'([—–-")


def default_lexicon_path() -> Path:
    """The bundled lexicon, ``data/lexicons/sentiment_es.csv`` (see ``data/README.md``)."""
    from .datasets import data_dir

    return data_dir() / "lexicons" / "sentiment_es.csv"


def _rules_path() -> Path:
    from .datasets import data_dir

    return data_dir() / "lexicons" / "sentiment_es_rules.csv"


@dataclass
class SpanishLexicon:
    """A Spanish lexicon ready to score with: words, phrases, negators, transparent words.

    ``words`` maps a lower-cased form to ``(polarity, subjectivity, intensity,
    is_modifier, is_pure_modifier)``; ``folded`` maps an accent-free form to the same (the
    mean of the words that fold to it); ``verbs`` is the folded forms listed as ``VB``;
    ``phrases`` maps the first folded word of each phrase to ``[(words, entry), ...]``,
    longest first. ``digest`` is a SHA-256 of the lexicon and rules files (a cache key).
    """

    words: dict
    folded: dict
    verbs: dict
    phrases: dict
    negators: frozenset
    transparent: frozenset
    digest: str
    path: str = ""
    _memo: dict = field(default_factory=dict, repr=False)  # the fast kernel's token classes

    def __getstate__(self):  # sent to worker processes without the memo
        return {**self.__dict__, "_memo": {}}

    def __repr__(self) -> str:
        return (f"SpanishLexicon({self.path!r}: {len(self.words):,} words, "
                f"{sum(map(len, self.phrases.values()))} phrases, digest {self.digest[:12]})")


def _number(value: str, column: str, row: int, path, lo=None, hi=None, positive=False) -> float:
    try:
        x = float(value)
    except ValueError:
        x = math.nan
    bad = math.isnan(x) or (lo is not None and not lo <= x <= hi) or (positive and not x > 0)
    if bad:
        want = f"a number from {lo:g} to {hi:g}" if lo is not None else "a number above 0"
        raise TableError(f"row {row + 2}: {column} is {value!r}, not {want}", path=path,
                         hint="fix the cell (leave intensity at 1 when the word intensifies nothing)")
    return x


def _avg(values) -> float:
    return sum(values) / float(len(values) or 1)


def read_spanish_lexicon(path=None, *, rules=None) -> SpanishLexicon:
    """Read a Spanish lexicon CSV (and the negator / transparent-word rules).

    Parameters
    ----------
    path : path-like, optional
        ``word, polarity, subjectivity, intensity[, pos, notes]``; default: the bundled
        ``data/lexicons/sentiment_es.csv``. Blank intensity counts as 1, blank pos as "".
    rules : path-like, optional
        ``word, role[, notes]`` with role ``negator`` or ``transparent``; default: the
        bundled ``data/lexicons/sentiment_es_rules.csv``.

    Raises
    ------
    TableError
        When a file is missing, lacks a column, or a cell is out of range (the message
        names the row).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "lex.csv"
    >>> _ = p.write_text("word,polarity,subjectivity,intensity,pos\\nbuena,0.7,0.6,1,JJ\\nmuy,0,0.3,1.3,RB\\n")
    >>> lex = read_spanish_lexicon(p)
    >>> lex.words["buena"], lex.words["muy"]
    ((0.7, 0.6, 1.0, False, False), (0.0, 0.3, 1.3, True, True))
    """
    from .datasets import read_table

    path = Path(default_lexicon_path() if path is None else path)
    rules = Path(_rules_path() if rules is None else rules)
    df = read_table(path, required=LEXICON_COLUMNS, name="Spanish sentiment lexicon")
    rf = read_table(rules, required=["word", "role"], name="Spanish sentiment rules")
    senses: dict[str, dict[str, list]] = {}
    pos_col = df["pos"].tolist() if "pos" in df.columns else [""] * len(df)
    for row, (w, p, s, i, pos) in enumerate(
        zip(df["word"], df["polarity"], df["subjectivity"], df["intensity"], pos_col)
    ):
        form = " ".join(tokenize(w))
        if not form:
            raise TableError(f"row {row + 2}: the word cell is empty", path=path,
                             hint="give each row a word or phrase, or delete the row")
        pos = pos.strip().upper()
        if pos not in _POS:
            raise TableError(f"row {row + 2}: pos is {pos!r}", path=path,
                             hint="use JJ, RB, VB, NN or leave it blank")
        psi = (
            _number(p.strip(), "polarity", row, path, -1.0, 1.0),
            _number(s.strip(), "subjectivity", row, path, 0.0, 1.0),
            _number(i.strip() or "1", "intensity", row, path, positive=True),
        )
        senses.setdefault(form, {}).setdefault(pos, []).append(psi)
    words = {}
    for form, by_pos in senses.items():
        per_pos = [[_avg(x) for x in zip(*psi)] for psi in by_pos.values()]
        p, s, i = (_avg(x) for x in zip(*per_pos))
        mod = "RB" in by_pos
        words[form] = (p, s, i, mod, mod and p == 0.0 and i != 1.0)
    verbs = {}
    grouped: dict[str, list] = {}
    for form, entry in words.items():
        key = fold(form)
        grouped.setdefault(key, []).append(entry)
        if "VB" in senses[form]:
            verbs.setdefault(key, []).append(entry)

    def merged(entries):
        if len(entries) == 1:
            return entries[0]
        p, s, i = (_avg([e[k] for e in entries]) for k in range(3))
        mod = any(e[3] for e in entries)
        return (p, s, i, mod, mod and p == 0.0 and i != 1.0)

    folded = {k: merged(v) for k, v in grouped.items()}
    verbs = {k: merged(v) for k, v in verbs.items()}
    phrases: dict[str, list] = {}
    for form, entry in words.items():
        parts = tuple(fold(form).split())
        if len(parts) > 1:
            phrases.setdefault(parts[0], []).append((parts, folded[" ".join(parts)]))
    for candidates in phrases.values():
        candidates.sort(key=lambda pe: (-len(pe[0]), pe[0]))
    roles = {"negator": set(), "transparent": set()}
    for row, (w, role) in enumerate(zip(rf["word"], rf["role"])):
        role = role.strip().lower()
        if role not in roles:
            raise TableError(f"row {row + 2}: role is {role!r}", path=rules,
                             hint="use negator or transparent")
        roles[role].add(fold(w.strip()))
    h = hashlib.sha256(path.read_bytes())
    h.update(b"\x1e")
    h.update(rules.read_bytes())
    return SpanishLexicon(
        words={w: e for w, e in words.items() if " " not in w},
        folded={w: e for w, e in folded.items() if " " not in w},
        verbs=verbs,
        phrases=phrases,
        negators=frozenset(roles["negator"]),
        transparent=frozenset(roles["transparent"] - roles["negator"]),
        digest=h.hexdigest(),
        path=str(path),
    )




def load_lexicon(path=None) -> SpanishLexicon:
    """The lexicon at ``path`` (default: the bundled one), read once per file version."""
    if isinstance(path, SpanishLexicon):
        return path
    p = Path(default_lexicon_path() if path is None else path)
    try:
        return read_once(read_spanish_lexicon, p, files=[p, _rules_path()])
    except OSError:
        return read_spanish_lexicon(p)  # raises the TableError that names the missing file


def lexicon_digest(path=None) -> str:
    """SHA-256 of the Spanish lexicon and rules files: changes when either file changes."""
    return load_lexicon(path).digest


def resolve_lexicon_option(lexicon):
    """The Spanish lexicon from a ``lexicon=`` option: None (the bundled one), a path, or
    ``{"es": path}``; a :class:`SpanishLexicon` already read is passed through."""
    if lexicon is None or isinstance(lexicon, SpanishLexicon):
        return lexicon
    if isinstance(lexicon, (str, os.PathLike)):
        return str(lexicon)
    if isinstance(lexicon, dict):
        unknown = sorted(str(k) for k in lexicon if k != "es")
        if unknown:
            raise OptionError(
                f"no lexicon can be replaced for language(s) {', '.join(unknown)}",
                hint="only the Spanish lexicon is a table: give lexicon={'es': path} (--lexicon es=FILE)",
            )
        value = lexicon.get("es")
        if isinstance(value, SpanishLexicon):
            return value
        return None if value is None or str(value) == "" else str(value)
    raise OptionError(f"lexicon must be a path or a dict such as {{'es': path}}, not {type(lexicon).__name__}")


# =============================================================================
# The reference scorer: plain and slow, the method as written above
# =============================================================================
def tokenize(text: str) -> list[str]:
    """Lower-cased tokens: words (with inner hyphens and apostrophes) and single marks."""
    return _TOKEN.findall((text or "").lower())


def _lookup(lex: SpanishLexicon, token: str):
    """The lexicon entry of one token: as written, without accents, then without clitics."""
    if token in lex.words:
        return lex.words[token]
    key = fold(token)
    if key in lex.folded:
        return lex.folded[key]
    for suffix in _ENCLITICS:
        stem = key[: -len(suffix)]
        if key.endswith(suffix) and stem.endswith(_VERB_ENDINGS) and stem in lex.verbs:
            return lex.verbs[stem]
    return None


def _classify(lex: SpanishLexicon, token: str):
    """(kind, entry) of one token (phrases are handled by the caller)."""
    key = fold(token)
    if key in lex.negators:
        return NEGATOR, None
    entry = _lookup(lex, token)
    if entry is not None:
        return WORD, entry
    if key in lex.transparent:
        return TRANSPARENT, None
    if token == "!":
        return BANG, None
    return OTHER, None


def _is_name(token: str, previous: str | None) -> bool:
    """A capitalised word (not all capitals) that does not start a sentence or quotation."""
    return (token[:1].isupper() and not token.isupper() and previous is not None
            and previous not in _OPENERS)


def _units(lex: SpanishLexicon, raw: list[str]):
    """The tokens (as written) with lexicon phrases joined, lower-cased, each as (text,
    kind, entry); a word read as part of a name is OTHER."""
    tokens = [t.lower() for t in raw]
    folded = [fold(t) for t in tokens]
    out = []
    j = 0
    while j < len(tokens):
        if _is_name(raw[j], raw[j - 1] if j else None):
            kind = _classify(lex, tokens[j])[0]
            # a name's word is not scored; a negator or transparent word keeps its role
            out.append((tokens[j], OTHER if kind == WORD else kind, None))
            j += 1
            continue
        for words, entry in lex.phrases.get(folded[j], ()):
            if tuple(folded[j : j + len(words)]) == words:
                out.append((" ".join(tokens[j : j + len(words)]), WORD, entry))
                j += len(words)
                break
        else:
            out.append((tokens[j], *_classify(lex, tokens[j])))
            j += 1
    return out


def _assess_reference(lex: SpanishLexicon, text: str) -> list[list]:
    """The assessments of ``text``: ``[words, polarity, subjectivity, intensity, negated, idle]``.

    ``idle`` marks an assessment made only of a pure intensifier: it is dropped when the
    intensifier turns out to modify nothing.
    """
    a: list[list] = []
    m = False  # the last assessment is a modifier waiting for the next scored word
    n = None  # a negator waiting for the next scored word
    for word, kind, entry in _units(lex, _TOKEN.findall(text or "")):
        if kind == WORD:
            p, s, i, is_mod, pure = entry
            if not m:
                a.append([[word], p, s, i, False, pure])
            else:  # "muy buena": the modifier's intensity multiplies the word's scores
                last = a[-1]
                last[0].append(word)
                last[1] = max(-1.0, min(p * last[3], 1.0))
                last[2] = max(-1.0, min(s * last[3], 1.0))
                last[3] = i
                last[5] = pure
            if n is not None:  # "no buena", "no muy buena": negated, the intensity inverted
                last = a[-1]
                last[0].insert(0, n)
                last[3] = 1.0 / last[3]
                last[4] = True
            m = is_mod
            n = None
        elif kind == NEGATOR:
            if m:  # "realmente no ...": the modifier's assessment is negated
                a[-1][0].append(word)
                a[-1][4] = True
            else:
                n = word
        elif kind == TRANSPARENT:
            pass  # "no es", "no ha sido una": the negator and the modifier reach across
        else:
            if m and a[-1][5]:
                a.pop()  # a pure intensifier that modified nothing
            m = False
            n = None
            if kind == BANG and a:
                last = a[-1]
                last[0].append("!")
                last[1] = max(-1.0, min(last[1] * 1.25, 1.0))
    if m and a and a[-1][5]:
        a.pop()
    return a


def _score_assessments(a: list[list]) -> tuple[float, float]:
    ps = 0.0
    ss = 0.0
    for x in a:
        ps += x[1] * -0.5 if x[4] else x[1]
        ss += x[2]
    k = float(len(a) or 1)
    return ps / k, ss / k


def _score_reference(lex: SpanishLexicon, text: str) -> tuple[float, float]:
    return _score_assessments(_assess_reference(lex, text))


def _score_fast(lex: SpanishLexicon, text: str) -> tuple[float, float]:
    from ._spanish_kernel import assess

    return _score_assessments(assess(lex, text))


def score_spanish(text: str, *, lexicon=None, method: str = "fast") -> tuple[float, float]:
    """``(polarity, subjectivity)`` of one Spanish string with coveragekit-es.

    Parameters
    ----------
    text : str
    lexicon : path-like or dict, optional
        A lexicon CSV (or ``{"es": path}``) instead of the bundled one.
    method : {"fast", "reference"}, default "fast"
        The fast kernel or the plain reference scorer (same numbers).

    Examples
    --------
    With a two-word lexicon: "buena" 0.7 (subjectivity 0.6), "muy" an intensifier (1.3).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "lex.csv"
    >>> _ = p.write_text("word,polarity,subjectivity,intensity,pos\\nbuena,0.7,0.6,1,JJ\\nmuy,0,0.3,1.3,RB\\n")
    >>> [round(x, 4) for x in score_spanish("La decisión es muy buena.", lexicon=p)]
    [0.91, 0.78]
    >>> [round(x, 4) for x in score_spanish("La política no es buena.", lexicon=p)]
    [-0.35, 0.6]
    """
    if method not in ("fast", "reference"):
        raise OptionError(f"method must be fast or reference, not {method!r}")
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    text = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    return _score_fast(lex, text) if method == "fast" else _score_reference(lex, text)


def spanish_assessments(text: str, *, lexicon=None) -> pd.DataFrame:
    """The words and phrases coveragekit-es assessed in ``text``, one row each, in order.

    The text's polarity is the mean of the ``polarity`` column (0.0 without rows), its
    subjectivity the mean of ``subjectivity``: which words drove a score, and which ones
    the lexicon never saw.

    Returns
    -------
    DataFrame
        ``phrase`` (the words joined by spaces, with their negator and intensifier),
        ``polarity`` (after negation: ``-0.5`` times), ``subjectivity``, ``negated``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "lex.csv"
    >>> _ = p.write_text("word,polarity,subjectivity,intensity,pos\\nclara,0.3,0.5,1,JJ\\npoco,0,0.2,0.5,RB\\n"
    ...                  "mala,-0.7,0.7,1,JJ\\n")
    >>> spanish_assessments("Una respuesta poco clara; no es mala.", lexicon=p)
           phrase  polarity  subjectivity  negated
    0  poco clara      0.15          0.25    False
    1     no mala      0.35          0.70     True
    """
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    rows = _assess_reference(lex, "" if text is None else str(text))
    return pd.DataFrame(
        {
            "phrase": pd.array([" ".join(x[0]) for x in rows], dtype="string"),
            "polarity": pd.array([x[1] * -0.5 if x[4] else x[1] for x in rows], dtype="float64"),
            "subjectivity": pd.array([x[2] for x in rows], dtype="float64"),
            "negated": pd.array([x[4] for x in rows], dtype="bool"),
        }
    )


def lexicon_coverage(texts, *, lexicon=None) -> dict:
    """How many of the word tokens of ``texts`` the lexicon scores (or treats as a rule).

    Returns ``{"tokens", "scored", "scored_share", "types", "scored_types"}``: word tokens
    (numbers and marks left out), those that are lexicon words or part of a lexicon phrase,
    and the same over distinct folded words.
    """
    lex = load_lexicon(resolve_lexicon_option(lexicon))
    tokens = scored = 0
    types: set[str] = set()
    scored_types: set[str] = set()
    for t in texts:
        for word, kind, _ in _units(lex, _TOKEN.findall(t or "")):
            parts = word.split()
            if not any(ch.isalpha() for ch in word):
                continue
            tokens += len(parts)
            types.update(fold(w) for w in parts)
            if kind == WORD:
                scored += len(parts)
                scored_types.update(fold(w) for w in parts)
    return {"tokens": tokens, "scored": scored, "scored_share": scored / tokens if tokens else math.nan,
            "types": len(types), "scored_types": len(scored_types)}

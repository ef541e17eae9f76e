"""The Spanish lexicon of coveragekit-es, read and checked, and the class of each token.

The lexicon is a table, ``data/lexicons/sentiment_es.csv`` (one row per word form or
phrase: ``word, polarity, subjectivity, intensity, pos, notes``; replaceable with
``lexicon=`` or ``--lexicon es=FILE``), and its rules another,
``data/lexicons/sentiment_es_rules.csv`` (``word, role``: the negators and the
transparent words a negation or a modifier reaches across). :func:`read_spanish_lexicon`
turns them into a :class:`SpanishLexicon`; :func:`classify` says what one token is to the
scorer (a lexicon word, a negator, a transparent word, "!", or nothing it reads).

Both the reference scorer (:mod:`coveragekit.sentiment.spanish`) and the fast kernel
(:mod:`coveragekit._fast.spanish`) read tokens through this module, so the two classify
every token alike. How the scorer uses them is told in :mod:`coveragekit.sentiment.spanish`.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .._fast.pattern import avg  # (the lexicon's entries are averaged as pattern averages them)
from .._lexicon import fold
from ..datasets import data_dir, read_once, read_table
from ..errors import OptionError, TableError

__all__ = [
    "BANG",
    "INSTRUMENT",
    "NEGATOR",
    "OPENERS",
    "OTHER",
    "TOKEN",
    "TRANSPARENT",
    "WORD",
    "SpanishLexicon",
    "classify",
    "default_lexicon_path",
    "is_name",
    "lexicon_digest",
    "load_lexicon",
    "read_spanish_lexicon",
    "resolve_lexicon_option",
    "tokenize",
]

INSTRUMENT = "coveragekit-es"
LEXICON_COLUMNS = ["word", "polarity", "subjectivity", "intensity"]  # pos and notes optional
_POS = {"JJ", "RB", "VB", "NN", ""}

# A token: a word (letters and digits, inner hyphens and apostrophes) or one mark.
TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
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
OPENERS = frozenset(".!?¿¡…:;«\"“‘'([—–-")


def default_lexicon_path() -> Path:
    """The bundled lexicon, ``data/lexicons/sentiment_es.csv`` (see ``data/README.md``)."""
    return data_dir() / "lexicons" / "sentiment_es.csv"


def _rules_path() -> Path:
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
    memo: dict = field(default_factory=dict, repr=False)  # the fast kernel's token classes

    def __getstate__(self):  # sent to worker processes without the memo
        return {**self.__dict__, "memo": {}}

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
    path = Path(default_lexicon_path() if path is None else path)
    rules = Path(_rules_path() if rules is None else rules)
    df = read_table(path, required=LEXICON_COLUMNS, name="Spanish sentiment lexicon")
    rf = read_table(rules, required=["word", "role"], name="Spanish sentiment rules")
    senses = _senses(df, path)
    words = {form: _entry(by_pos) for form, by_pos in senses.items()}
    folded, verbs = _folded(words, senses)
    roles = _roles(rf, rules)
    return SpanishLexicon(
        words={w: e for w, e in words.items() if " " not in w},
        folded={w: e for w, e in folded.items() if " " not in w},
        verbs=verbs,
        phrases=_phrases(words, folded),
        negators=frozenset(roles["negator"]),
        transparent=frozenset(roles["transparent"] - roles["negator"]),
        digest=_digest(path, rules),
        path=str(path),
    )


def _senses(df, path: Path) -> dict[str, dict[str, list]]:
    """``{form: {pos: [(polarity, subjectivity, intensity), ...]}}``, every cell checked."""
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
    return senses


def _entry(by_pos: dict) -> tuple:
    """One word's entry: the mean over its parts of speech of the mean of its senses; a
    modifier when listed as RB, a pure one when it has polarity 0 and an intensity."""
    per_pos = [[avg(x) for x in zip(*psi)] for psi in by_pos.values()]
    p, s, i = (avg(x) for x in zip(*per_pos))
    mod = "RB" in by_pos
    return (p, s, i, mod, mod and p == 0.0 and i != 1.0)


def _merged(entries: list) -> tuple:
    """The entry of the words that fold to one form (the mean of theirs)."""
    if len(entries) == 1:
        return entries[0]
    p, s, i = (avg([e[k] for e in entries]) for k in range(3))
    mod = any(e[3] for e in entries)
    return (p, s, i, mod, mod and p == 0.0 and i != 1.0)


def _folded(words: dict, senses: dict) -> tuple[dict, dict]:
    """The entries by accent-free form, of all words and of the verb forms (VB)."""
    verbs: dict[str, list] = {}
    grouped: dict[str, list] = {}
    for form, entry in words.items():
        key = fold(form)
        grouped.setdefault(key, []).append(entry)
        if "VB" in senses[form]:
            verbs.setdefault(key, []).append(entry)
    return {k: _merged(v) for k, v in grouped.items()}, {k: _merged(v) for k, v in verbs.items()}


def _phrases(words: dict, folded: dict) -> dict[str, list]:
    """``{first folded word: [(folded words, entry), ...]}`` of the phrases, longest first."""
    phrases: dict[str, list] = {}
    for form in words:
        parts = tuple(fold(form).split())
        if len(parts) > 1:
            phrases.setdefault(parts[0], []).append((parts, folded[" ".join(parts)]))
    for candidates in phrases.values():
        candidates.sort(key=lambda pe: (-len(pe[0]), pe[0]))
    return phrases


def _roles(rf, rules: Path) -> dict[str, set]:
    """The folded negators and transparent words of the rules table."""
    roles: dict[str, set] = {"negator": set(), "transparent": set()}
    for row, (w, role) in enumerate(zip(rf["word"], rf["role"])):
        role = role.strip().lower()
        if role not in roles:
            raise TableError(f"row {row + 2}: role is {role!r}", path=rules,
                             hint="use negator or transparent")
        roles[role].add(fold(w.strip()))
    return roles


def _digest(path: Path, rules: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(b"\x1e")
    h.update(rules.read_bytes())
    return h.hexdigest()


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
# Tokens and what they are to the scorer
# =============================================================================
def tokenize(text: str) -> list[str]:
    """Lower-cased tokens: words (with inner hyphens and apostrophes) and single marks."""
    return TOKEN.findall((text or "").lower())


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


def classify(lex: SpanishLexicon, token: str):
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


def is_name(token: str, previous: str | None) -> bool:
    """A capitalised word (not all capitals) that does not start a sentence or quotation."""
    return (token[:1].isupper() and not token.isupper() and previous is not None
            and previous not in OPENERS)



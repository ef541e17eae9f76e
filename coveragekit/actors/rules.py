"""The word rules of the actor and quote analyses, read from tables in ``data/rules/``.

The speech verbs, the phrases that introduce a source ("according to", "según") or a term
("so-called", "llamado"), the titles dropped from a speaker's name and the function words
the quote rules read are data a journalist may change, not constants in code. Each table
is a CSV file written with its accents (see ``data/README.md``, "Rules"); the words are
folded (accents removed, lower case) when they are loaded, as the quote rules read an
accent-folded copy of the text. Pronouns are the exception: they are compared with the
text as written, so that "él" (he) is a pronoun and "el" (the) is not.

The tables are found through :func:`coveragekit.datasets.data_dir` (``data/rules/``, or
``$COVERAGEKIT_DATA/rules/``): to change a rule, copy the folder, edit it and point
``COVERAGEKIT_DATA`` at the copy, as for the actor table.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .._fast.fold import fold_word
from ..datasets import data_dir, read_once, read_table
from ..errors import TableError

__all__ = ["WORD_LISTS", "Rules", "compiled_rules", "default_rules", "read_rules", "rules_digest"]

LANGS = ("en", "es")
_TABLES = ("speech_verbs.csv", "cue_phrases.csv", "titles.csv", "words.csv")

#: The lists of ``words.csv`` and what each one is for (also in data/README.md).
WORD_LISTS = {
    "abbreviation": "words ending in a period that do not end a name phrase (Sen., Sra.)",
    "preposition": "prepositions: a phrase opening with one names no speaker",
    "determiner": "articles, possessives and demonstratives",
    "singular_article": "a, an, the, un, una, el, la: a description that may be a speaker",
    "spanish_determiner": "what makes Spanish 'a' a preposition when it follows",
    "topic_preposition": "'For Quezada, ...', 'Para Cavazos, ...'",
    "phrase_end": "relative pronouns and conjunctions that end a name phrase",
    "auxiliary": "words skipped between a subject and its verb",
    "clitic": "Spanish pronouns before a verb ('lo resumió')",
    "negation": "a subject followed by one of these is not the speaker ('did not say')",
    "coordinator": "'... y resumió': the subject is omitted",
    "introducer": "words opening a sentence that are not its subject (However, Sin embargo)",
    "pronoun": "pronouns resolved to a person (compared as written, accents kept)",
    "other_pronoun": "pronouns kept as written (they, it, ellos)",
    "name_connector": "lower-case words inside a name (de la, van, bin)",
    "month_or_day": "month and day names (never a speaker)",
    "period_word": "words of a time phrase (yesterday, semana)",
    "time_word": "words of a trailing phrase that is no speaker ('in a statement')",
    "non_agent": "words that name nobody (everything, nada)",
    "role_noun": "nouns ending a description of a speaker ('US officials')",
    "not_a_name": "capitalised words at a sentence start that are nobody's name (Critics)",
    "organisation_word": "a name with one of these is an organisation or a place",
    "clause_word": "words opening a clause: the subject of a verb is after the last one",
    "personal_title": "abbreviated titles, without the period, case as written (Mr, Sra)",
    "role_modifier": "words allowed between a determiner and a role ('the outgoing US president')",
    "role_determiner": "a determiner before a role, kept in the mention ('the president', 'la mandataria')",
    "role_contraction": "Spanish contractions before a role, left out of the mention ('al secretario de Estado')",
    "role_not_holder": "a role right after one of these names no holder ('a president', 'the former president')",
    "role_after_not_holder": "a role right before one of these names no holder ('president of the cooperative')",
}
_AS_WRITTEN = {"pronoun", "other_pronoun"}  # compared with the text, lower case, accents kept
_CASE_KEPT = {"personal_title"}  # accents removed, case kept


@dataclass(frozen=True)
class Rules:
    """The loaded rule tables (folded as the quote rules read them).

    Attributes
    ----------
    speech_verbs : dict
        Language to the folded verbs.
    according_to, terms : tuple of str
        Regular-expression pieces (no groups) for the phrases of ``cue_phrases.csv``.
    modifiers, titles : tuple of str
        Regular-expression pieces for ``titles.csv`` (case-sensitive).
    words : dict
        List name (see :data:`WORD_LISTS`) to its set of words.
    words_by_lang : dict
        List name to language to its set of words (for the rules that depend on the
        language: Spanish "a" is a preposition, English "a" an article).
    folder : Path
        Where the tables were read.
    digest : str
        SHA-256 of the four tables' bytes as they were read.
    """

    speech_verbs: dict
    according_to: tuple
    terms: tuple
    modifiers: tuple
    titles: tuple
    words: dict
    words_by_lang: dict
    folder: Path
    digest: str = ""

    def verbs(self) -> set[str]:
        """Every speech verb, both languages."""
        return set().union(*self.speech_verbs.values())


def _lang_ok(df, path, name):
    bad = df.loc[~df["lang"].isin(LANGS), "lang"]
    if len(bad):
        raise TableError(
            f"the {name} table has the language '{bad.iloc[0]}'",
            path=path,
            hint="write en or es in the lang column",
        )


def _phrase_regex(phrase: str) -> str:
    """A phrase of ``cue_phrases.csv`` as a regular expression: words separated by any
    white space, ``*`` at a word's end for any ending, ``_`` for one optional word."""
    parts = []
    for word in fold_word(phrase).split():
        if word == "_":
            parts.append(r"(?:\w+\s+)?")
            continue
        piece = re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "")
        parts.append(piece + r"\s+")
    return "".join(parts)[: -len(r"\s+")] if parts else ""


def _title_regex(title: str) -> str:
    return r"\s+".join(re.escape(w) for w in fold_word(title, lower=False).split())


def _nonempty(df, column, path, name):
    empty = df.index[df[column].str.strip() == ""]
    if len(empty):
        raise TableError(
            f"line {empty[0] + 2} of the {name} table has an empty {column}",
            path=path,
            hint="fill it in or delete the row",
        )


def read_rules(folder=None) -> Rules:
    """Read the rule tables of ``folder`` (default ``data/rules/``).

    Parameters
    ----------
    folder : str or Path, optional
        A folder holding ``speech_verbs.csv``, ``cue_phrases.csv``, ``titles.csv`` and
        ``words.csv``.

    Returns
    -------
    Rules

    Raises
    ------
    TableError
        A table is missing or unreadable, lacks a column, has an empty cell, a language
        other than en/es, an unknown meaning, part or list name.

    Examples
    --------
    >>> r = read_rules()
    >>> "senalo" in r.speech_verbs["es"], "he" in r.words["pronoun"]
    (True, True)
    """
    folder = Path(data_dir() / "rules" if folder is None else folder)
    speech = _read_speech_verbs(folder / "speech_verbs.csv")
    according, terms = _read_cue_phrases(folder / "cue_phrases.csv")
    modifiers, titles = _read_titles(folder / "titles.csv")
    lists, by_lang = _read_words(folder / "words.csv")
    return Rules(speech_verbs=speech, according_to=according,
                 terms=terms, modifiers=modifiers, titles=titles, words=lists, words_by_lang=by_lang,
                 folder=folder, digest=_digest(folder))


def _read_speech_verbs(path: Path) -> dict:
    """Language to its folded speech verbs."""
    verbs = read_table(path, required=["lang", "verb"], name="speech verbs")
    _lang_ok(verbs, path, "speech verbs")
    _nonempty(verbs, "verb", path, "speech verbs")
    return {lang: {fold_word(v.strip()) for v in verbs.loc[verbs["lang"] == lang, "verb"]}
            for lang in LANGS}


def _read_cue_phrases(path: Path) -> tuple[tuple, tuple]:
    """The "according to" and "term" phrases as regular-expression pieces."""
    cues = read_table(path, required=["lang", "phrase", "meaning"], name="cue phrases")
    _lang_ok(cues, path, "cue phrases")
    _nonempty(cues, "phrase", path, "cue phrases")
    bad = cues.loc[~cues["meaning"].isin(["according to", "term"]), "meaning"]
    if len(bad):
        raise TableError(f"the cue phrases table has the meaning '{bad.iloc[0]}'", path=path,
                         hint="write 'according to' or 'term'")
    according = tuple(_phrase_regex(p) for p in cues.loc[cues["meaning"] == "according to", "phrase"])
    terms = tuple(_phrase_regex(p) for p in cues.loc[cues["meaning"] == "term", "phrase"])
    return according, terms


def _read_titles(path: Path) -> tuple[tuple, tuple]:
    """The modifiers and titles as regular-expression pieces, the longest first (so that
    "Secretary of State" is tried before "Secretary")."""
    titles = read_table(path, required=["lang", "part", "title"], name="titles")
    _lang_ok(titles, path, "titles")
    _nonempty(titles, "title", path, "titles")
    bad = titles.loc[~titles["part"].isin(["modifier", "title"]), "part"]
    if len(bad):
        raise TableError(f"the titles table has the part '{bad.iloc[0]}'", path=path,
                         hint="write 'modifier' (US, Former) or 'title' (President, Sen.)")
    return _longest_first(titles, "modifier"), _longest_first(titles, "title")


def _longest_first(titles, part: str) -> tuple:
    pieces = [_title_regex(t) for t in titles.loc[titles["part"] == part, "title"]]
    return tuple(sorted(dict.fromkeys(pieces), key=lambda p: (-len(p), p)))


def _read_words(path: Path) -> tuple[dict, dict]:
    """List name to its set of words, and list name to language to its set of words."""
    words = read_table(path, required=["list", "lang", "word"], name="rule words")
    _lang_ok(words, path, "rule words")
    _nonempty(words, "word", path, "rule words")
    unknown = sorted(set(words["list"]) - set(WORD_LISTS))
    if unknown:
        raise TableError(f"the rule words table has the unknown list '{unknown[0]}'", path=path,
                         hint=f"use one of {', '.join(WORD_LISTS)}")
    lists: dict[str, set[str]] = {name: set() for name in WORD_LISTS}
    by_lang: dict[str, dict[str, set[str]]] = {name: {lg: set() for lg in LANGS} for name in WORD_LISTS}
    for name, lang, word in zip(words["list"], words["lang"], words["word"]):
        word = " ".join(word.split())
        by_lang[name][lang].add(word.lower() if name in _AS_WRITTEN else fold_word(word))
        if name != "clause_word" and " " in word:
            # the lists are read one word at a time: "sin embargo" adds "sin" and "embargo"
            for part in word.split():
                lists[name].add(part.lower() if name in _AS_WRITTEN else fold_word(part))
            continue
        if name in _AS_WRITTEN:
            lists[name].add(word.lower())
        elif name in _CASE_KEPT:
            lists[name].add(fold_word(word, lower=False))
        else:
            lists[name].add(fold_word(word))
    return lists, by_lang


def _digest(folder: Path) -> str:
    """SHA-256 of the four tables' bytes."""
    h = hashlib.sha256()
    for name in _TABLES:
        h.update(name.encode("utf-8") + b"\x1e" + (folder / name).read_bytes() + b"\x1e")
    return h.hexdigest()


def default_rules() -> Rules:
    """The rules of ``data/rules/`` (read once while the files do not change)."""
    folder = data_dir() / "rules"
    try:
        return read_once(read_rules, str(folder), files=[folder / name for name in _TABLES])
    except OSError as exc:
        name = Path(exc.filename or "").name
        raise TableError(f"the rule table {name} does not exist", path=folder / name,
                         hint="restore data/rules/ or point COVERAGEKIT_DATA at a folder "
                         "with a rules/ folder") from None


@lru_cache(maxsize=1)
def compiled_rules() -> Rules:
    """The rules the quote and role finders use in this process: read once, when they are
    first needed (the first quote or role search, or the first cache key; importing the
    kit reads no table), so an edit of ``data/rules/`` takes effect in a new Python
    process (restart the kernel)."""
    return default_rules()


def rules_digest() -> str:
    """A digest of the rule tables the quote finder compiled (:func:`compiled_rules`), the role
    table and the context aliases (``data/roles.csv``, ``data/context_aliases.csv``, read on
    each call), for cache keys: it changes when a rule in use changes. The rule tables are
    hashed as they were read, not as they are now, so a key never names rules that the
    process does not apply."""
    h = hashlib.sha256(b"rules\x1e" + compiled_rules().digest.encode("ascii") + b"\x1e")
    folder = data_dir()
    for path in (folder / "roles.csv", folder / "context_aliases.csv"):
        h.update(path.name.encode("utf-8") + b"\x1e")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"(missing)")
        h.update(b"\x1e")
    return h.hexdigest()

"""The quote finder's rules, compiled once: speech verbs, cue phrases, titles, word lists.

The rules are tables in ``data/rules/`` (:mod:`coveragekit.actors.rules` and the data
README), written with their accents and folded when loaded: the quote rules read an
accent-folded copy of the text that keeps case and length
(:func:`coveragekit._fast.fold.fold_case`), and spans found in the copy are spans of the
original. :class:`QuoteRules` turns one :class:`~coveragekit.actors.rules.Rules` into the
patterns and word sets the finder reads; it is built when quotes are first looked for, not
when the kit is imported, and is handed down to every step of the finder.
"""

from __future__ import annotations

import os
import re

from ..._fast.trie import trie_pattern
from ...errors import OptionError
from ..rules import Rules, compiled_rules, read_rules

__all__ = ["QuoteRules", "caseless", "quote_rules"]


def caseless(pattern: str) -> str:
    """``pattern`` (lower-case ASCII letters and escapes such as ``\\s``) with every
    letter spelled out as a class, "[tT]": it matches what ``(?i:pattern)`` matches (the
    classes hold the other letters (?i) equates, "İ" and "ı" with i, "ſ" with s, the
    Kelvin sign with k), and the regex engine runs it faster than (?i:...).

    >>> caseless(r"que\\s")
    '[qQ][uU][eE]\\\\s'
    """
    special = {"i": "iIİı", "s": "sSſ", "k": "kK\u212a"}
    return re.sub(
        r"(?<!\\)[a-z]", lambda m: "[" + special.get(m[0], m[0] + m[0].upper()) + "]", pattern
    )


class QuoteRules:
    """The patterns and word sets of one set of rule tables, as the quote finder reads them.

    Parameters
    ----------
    rules : Rules
        The loaded tables (:func:`coveragekit.actors.rules.read_rules`).

    Attributes
    ----------
    cue_re, cue_start_re : Pattern
        A speech verb (lower case only: "United States" has no cue in it) anywhere, and
        right at a position (group ``cue``).
    according_re, according_start_re : Pattern
        "according to", "según"... anywhere, and right at a position.
    term_re : Pattern
        A phrase that introduces a term ("so-called", "la palabra") ending a text.
    title_re, personal_title_end : Pattern
        Leading titles dropped from a speaker's name ("Secretary of State Marco Rubio");
        an abbreviated title ("Ms.") ending a text.
    clause_re : Pattern
        Clause boundaries: the subject of a speech verb is in the last clause before it.
    abbreviations, prepositions, determiners, ... : frozenset of str
        The word lists of ``words.csv`` (the list names are documented there) and the
        unions of them the rules read.
    digest : str
        The digest of the tables (:attr:`Rules.digest`).

    Examples
    --------
    >>> r = QuoteRules(compiled_rules())
    >>> r.cue_re.search("as she said on Tuesday").group(), "el" in r.determiners
    ('said', True)
    """

    def __init__(self, rules: Rules):
        self.digest = rules.digest
        self._patterns(rules)
        self._word_lists(rules.words)

    def _patterns(self, rules: Rules) -> None:
        # Speech verbs as a trie (same matches: no verb followed by a non-letter is the start
        # of another), which the regex engine scans several times faster than a list of ~150
        # alternatives.
        verbs = sorted(rules.verbs(), key=len, reverse=True)
        cue = trie_pattern(verbs) + r"(?![\w'])"
        according = r"(?i:" + "|".join(rules.according_to) + r")(?!\w)"
        self.cue_re = re.compile(r"(?<![\w'-])" + cue)
        self.cue_start_re = re.compile(r"\s*(?P<cue>" + cue + r")")
        self.according_start_re = re.compile(r"\s*(?P<cue>" + according + r")")
        self.according_re = re.compile(r"(?<!\w)" + according)
        # A quotation right after these is a word being named, not a statement (scare quotes).
        self.term_re = re.compile(r"(?<!\w)(?i:" + "|".join(rules.terms) + r")[\s,]*$")
        self.title_re = re.compile(
            r"(?:(?:" + "|".join(rules.modifiers) + r")\s+)*"
            r"(?:" + "|".join(rules.titles) + r")\s+(?=[A-Z])"
        )
        personal = sorted(rules.words["personal_title"], key=lambda w: (-len(w), w))
        self.personal_title_end = re.compile(r"(?:" + "|".join(personal) + r")\.\s+$")
        # The clause words as a trie with their case spelled out, and every branch opening
        # with a character class: the matches of "(?i:that|que|...)", "\.?[—–]" and
        # "\s+-\s+", found faster.
        self.clause_re = re.compile(
            r"[;:]\s+|,\s+|[—–]\s*|\.[—–]\s*|\s\s*-\s+|(?<!\w)"
            + caseless(trie_pattern(rules.words["clause_word"]))
            + r"\s+"
        )

    def _word_lists(self, w: dict) -> None:
        self.abbreviations = w["abbreviation"]
        self.prepositions = w["preposition"]
        self.determiners = w["determiner"]
        self.singular_articles = w["singular_article"]
        self.spanish_determiners = w["spanish_determiner"]
        self.topic_prepositions = w["topic_preposition"]  # "Para Cavazos, ...", "For Quezada, ..."
        self.phrase_ends = w["phrase_end"]  # relative pronouns and conjunctions end a name phrase
        self.auxiliaries = w["auxiliary"]  # dropped between a subject and its verb (lower case only: not "May")
        self.clitics = w["clitic"]  # "Un marino retirado ... lo resumió"
        self.negations = w["negation"]  # "did not say", "has been told": the subject is not the speaker
        self.coordinators = w["coordinator"]  # "... y resumió": the subject is omitted
        self.introducers = w["introducer"]
        self.pronouns = w["pronoun"]  # compared with the text as written: "él", not "el"
        self.other_pronouns = w["other_pronoun"]
        self.name_connectors = w["name_connector"]
        self.months_days = w["month_or_day"]
        self.period_words = self.months_days | w["period_word"]
        self.time_words = self.period_words | w["time_word"]  # a trailing "on Tuesday", "in a statement"
        self.non_agents = self.months_days | w["non_agent"]
        self.role_nouns = w["role_noun"]  # "US officials", "Mexico's foreign ministry"
        self.not_names = w["not_a_name"]  # capitalised at the start of a sentence, but not anybody's name
        self.organisation_words = w["organisation_word"]  # an organisation or a place, not a person
        # unions of the lists, built once
        self.time_or_determiner = self.time_words | self.determiners
        self.subject_heads = self.determiners | self.pronouns | self.other_pronouns
        self.no_subject_end = self.prepositions | self.determiners | self.phrase_ends
        self.preposition_or_determiner = self.prepositions | self.determiners
        # a phrase opening with one of these names nobody ("and", "which", "March", "nothing")
        self.no_speaker = self.phrase_ends | (self.non_agents - {"it", "this", "that"})
        self.small_words = (self.prepositions | self.determiners | self.coordinators
                            | self.name_connectors | w["phrase_end"])

    def __repr__(self) -> str:
        return f"QuoteRules({self.digest[:12]})"


_COMPILED: dict[int, tuple[Rules, QuoteRules]] = {}  # id of a Rules: (it, its QuoteRules)


def _compiled(rules: Rules) -> QuoteRules:
    got = _COMPILED.get(id(rules))
    if got is None or got[0] is not rules:
        got = _COMPILED[id(rules)] = (rules, QuoteRules(rules))
    return got[1]


def quote_rules(rules=None) -> QuoteRules:
    """The quote rules for ``rules``: None, the kit's tables as this process applies them
    (:func:`coveragekit.actors.rules.compiled_rules`, whose digest the cache keys name); a
    folder of rule tables; a :class:`~coveragekit.actors.rules.Rules`; or a
    :class:`QuoteRules` (returned as it is). Compiled once per set of tables.

    >>> quote_rules() is quote_rules()
    True
    """
    if isinstance(rules, QuoteRules):
        return rules
    if rules is None:
        return _compiled(compiled_rules())
    if isinstance(rules, (str, os.PathLike)):
        rules = read_rules(rules)
    if not isinstance(rules, Rules):
        raise OptionError("rules= must be a folder of rule tables, a Rules object or None",
                          hint="see coveragekit.actors.rules.read_rules")
    return QuoteRules(rules)

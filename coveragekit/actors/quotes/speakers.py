"""Who is speaking: the name phrases before and after a speech verb.

The rules read the accent-folded copy ``ft`` of a text (case and length kept), and
``original``, the text as written, where accents matter (pronouns: "él", not "el"). A
speaker is a tuple ``(kind, start, end)``, kind one of "name", "descriptor" ("a
spokesperson for the Navy"), "pronoun" (he, she, él, ella) or "other" (they, it...); the
string "none" is an omitted subject ("«...», dijo."). Every function takes the compiled
rules (:class:`~coveragekit.actors.quotes.cues.QuoteRules`) first.
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

from ..matching import ActorMatcher, Mention
from .cues import QuoteRules

__all__ = ["PhraseMentions", "Word", "actor_of", "conjoined", "described_name", "is_name_word", "is_prep",
           "name_chunk", "name_chunks", "phrase_words", "pick", "speaker_after", "speaker_before",
           "strip_title", "word_before"]

_STRONG_RE = re.compile(r"[;:]\s+|\.?[—–]\s*|\s+-\s+")
_COMMA_RE = re.compile(r",\s*")
_WORD_RE = re.compile(r"\S+")
_INITIALS_RE = re.compile(r"(?:[A-Za-z]\.)+")
_QUOTE_CHARS = '"“”«»'
_EDGE = "\"'“”«»‘’()[]¿¡—–:;,.!?…"


class Word(NamedTuple):
    """One word of a phrase, in the folded copy of the text."""

    start: int
    end: int
    text: str  # as in the folded copy, without trailing punctuation
    low: str  # ``text.lower()``, computed once: the word lists are all in lower case


# Word((start, end, text, low)) without the Python-level __new__ of a NamedTuple
# (phrase_words makes hundreds of thousands of them).
_new_word = partial(tuple.__new__, Word)

# Opening marks stripped from a word, and what cuts a word short (a comma only when
# ``cut_commas``); compiled once, as these run on every word of every phrase.
_LEAD = "\"'“”«»‘’([¿¡"
_CUT_RE = re.compile(r"[\"“”«»()—–;:!?…]")
_CUT_COMMA_RE = re.compile(r"[\"“”«»()—–;:!?…]|,")


def _is_initials(w: str) -> bool:
    """"J.", "U.S.": letters each followed by a period (the cheap test first)."""
    return w[-1:] == "." and _INITIALS_RE.fullmatch(w) is not None


def is_name_word(w: str) -> bool:
    """A capitalised word or initials."""
    return bool(w) and (w[0].isupper() or _is_initials(w))


def phrase_words(rules: QuoteRules, ft: str, start: int, end: int, *, cut_commas: bool = True) -> list[Word] | None:
    """The words of ``ft[start:end]`` up to the first terminator (punctuation, quotation
    mark, relative pronoun or conjunction); None when they run past 12 words (no name
    phrase is that long)."""
    words: list[Word] = []
    cut_re = _CUT_COMMA_RE if cut_commas else _CUT_RE
    phrase_ends, abbreviations = rules.phrase_ends, rules.abbreviations  # read for every word
    for m in _WORD_RE.finditer(ft, start, end):
        s, e = m.span()
        raw = ft[s:e]
        if raw.isalpha():
            # the usual word: no mark to strip or cut, not an abbreviation (the general
            # case below gives the same)
            low = raw.lower()
            if low in phrase_ends and words:
                break
            words.append(_new_word((s, e, raw, low)))
            if len(words) > 12:
                return None
            continue
        if raw[0] in _LEAD:
            if words:
                break
            stripped = raw.lstrip(_LEAD)
            s += len(raw) - len(stripped)
            raw = stripped
            if not raw:
                continue
        low = raw.lower()
        if low in abbreviations or _is_initials(raw):
            words.append(_new_word((s, e, raw, low)))
            continue
        if low in phrase_ends and words:
            break
        core = raw.rstrip(_EDGE)
        cut = cut_re.search(core)
        if cut:
            core = core[: cut.start()]
        if core:
            low = low if len(core) == len(raw) else core.lower()
            words.append(_new_word((s, s + len(core), core, low)))
        if len(core) < len(raw):
            break
        if len(words) > 12:
            return None
    return words


def strip_title(rules, ft: str, s: int, e: int) -> int:
    """Where the name after the leading titles of ``ft[s:e]`` starts ("Sen. Tim Kaine")."""
    m = rules.title_re.match(ft, s, e)
    return m.end() if m and m.end() < e else s


def name_chunk(rules, words: list[Word], i: int) -> int:
    """Index after the name starting at ``words[i]`` ("Juan Ramón de la Fuente"); ``i`` when
    ``words[i]`` starts no name."""
    j = i
    while j < len(words):
        w = words[j]
        if is_name_word(w.text) and w.low not in rules.determiners:
            j += 1
        elif j > i and w.low in rules.name_connectors:
            k = j
            while k < len(words) and words[k].low in rules.name_connectors:
                k += 1
            if k < len(words) and k - j <= 2 and is_name_word(words[k].text):
                j = k
            else:
                break
        else:
            break
    return j


def name_chunks(rules, words: list[Word]) -> list[int]:
    """``name_chunk(rules, words, i)`` for every ``i``, in one pass from the end (:func:`pick`
    asks about every word of a phrase)."""
    n = len(words)
    runs = [n] * (n + 1)  # where a name that has reached words[j] ends
    out = [0] * n
    for j in range(n - 1, -1, -1):
        w = words[j]
        if is_name_word(w.text) and w.low not in rules.determiners:
            runs[j] = out[j] = runs[j + 1]
            continue
        out[j] = j
        runs[j] = j
        if w.low in rules.name_connectors:  # "de la" inside a name, not at its start
            k = j + 1
            while k < n and words[k].low in rules.name_connectors:
                k += 1
            if k < n and k - j <= 2 and is_name_word(words[k].text):
                runs[j] = runs[k]
    return out


def is_prep(rules, words: list[Word], i: int) -> bool:
    """English "a" is an article; Spanish "a" a preposition when a determiner follows."""
    w = words[i].low
    if w == "a":
        return i + 1 < len(words) and words[i + 1].low in rules.spanish_determiners
    return w in rules.prepositions


def described_name(rules, words: list[Word], i: int) -> bool:
    """Whether the name at ``words[i]`` follows a short description ("la economista",
    "Customs broker", "Para el antropólogo") or a topic preposition ("Para Cavazos")."""
    k = 1 if words[0].low in rules.topic_prepositions else 0
    if i == 1 and k == 1:
        return True
    before = words[i - 1]
    if not before.text[:1].islower() or before.low in rules.determiners or is_prep(rules, words, i - 1):
        return False
    if words[k].low in rules.singular_articles:  # "la especialista en seguridad nacional X"
        return i - k <= 7
    return i - k <= 3 and not any(is_prep(rules, words, j) for j in range(k, i))  # "Customs broker X"


def pick(rules: QuoteRules, words: list[Word] | None, ft: str, original: str):
    """The speaker in a phrase as ``(kind, start, end)``, kind one of "name",
    "descriptor", "pronoun" (he, she, él, ella) or "other" (they, it...); None if none.

    In this order: a pronoun; a name closing the phrase after a short description; nobody
    after a preposition; a name opening the phrase; a description.
    """
    if not words or words[0].low in rules.no_speaker:
        return None
    first = words[0]
    low = original[first.start : first.end].lower()
    if low in rules.pronouns:
        return ("pronoun", first.start, first.end)
    if low in rules.other_pronouns:
        return ("other", first.start, first.end)
    t_end = strip_title(rules, ft, first.start, words[-1].end)
    if t_end > first.start:  # "Secretary of State Marco Rubio": the name after the title
        words = [w for w in words if w.start >= t_end]
    chunks = name_chunks(rules, words)
    closing = _described_name_at_end(rules, words, chunks)
    if closing is not None:
        return _name(rules, ft, words, closing, len(words))
    if is_prep(rules, words, 0):
        return None
    if chunks[0] > 0:
        return _opening_name(rules, ft, words, chunks[0])
    return _description(rules, words)


def _name(rules: QuoteRules, ft: str, words: list[Word], i: int, j: int) -> tuple:
    """``words[i:j]`` as a name, without its titles or a possessive "'s" ("Claudia
    Sheinbaum's position")."""
    e = words[j - 1].end
    if ft[e - 2 : e] == "'s":
        e -= 2
    return ("name", strip_title(rules, ft, words[i].start, e), e)


def _described_name_at_end(rules: QuoteRules, words: list[Word], chunks: list[int]) -> int | None:
    """Where a name closing the phrase after a short description or a topic preposition
    starts: "la economista Regina Salcedo", "Customs broker Arturo Villegas", "dijo en
    conferencia Claudia Sheinbaum", "Para Cavazos". Not "a spokesperson for the Navy"."""
    n = len(words)
    for i in range(max(1, chunks[0]), n):
        if chunks[i] != n:
            continue
        return i if described_name(rules, words, i) else None
    return None


def _opening_name(rules: QuoteRules, ft: str, words: list[Word], lead: int):
    """The speaker of a phrase whose first ``lead`` words are a name: the name, or a
    description that opens with one ("Legal scholars", "Mexico's foreign ministry")."""
    first = words[0]
    if lead == 1 and first.low.removesuffix("'s") in rules.non_agents:
        return None
    rest = words[lead:]
    if lead == 1 and rest and rest[0].low in rules.not_names:
        return ("descriptor", first.start, rest[0].end)  # "Legal scholars"
    if (
        rest
        and len(rest) <= 2
        and rest[-1].low in rules.role_nouns
        and all(w.text[:1].islower() for w in rest)
    ):
        return ("descriptor", first.start, rest[-1].end)  # "Mexico's foreign ministry"
    return _name(rules, ft, words, 0, lead)


def _description(rules: QuoteRules, words: list[Word]):
    """A description, without a trailing time phrase: "a senior official (on Tuesday)";
    None when it ends in a preposition or an article."""
    n = len(words)
    k = n
    for i in range(1, n - 1):
        if is_prep(rules, words, i) and any(w.low.rstrip(".") in rules.time_words for w in words[i + 1 :]):
            k = i
            break
    if is_prep(rules, words, k - 1) or words[k - 1].low in rules.determiners:
        return None
    return ("descriptor", words[0].start, words[k - 1].end)


def speaker_after(rules, ft: str, original: str, start: int, end: int):
    """The speaker after a cue: "said Walter Hennig, who...", "explicó su presidenta, Sofía
    Elizondo". None when there is none (an omitted subject: "«...», dijo.")."""
    words = phrase_words(rules, ft, start, end)
    for i in range(1, len(words or ())):
        # "opinó la investigadora Carolina Uribe sobre la decisión...": the described name
        # ends the speaker where a preposition follows it
        j = name_chunk(rules, words, i)
        if j > i and j < len(words) and is_prep(rules, words, j) and described_name(rules, words, i):
            words = words[:j]
            break
    got = pick(rules, words, ft, original)
    if got and got[0] == "descriptor":
        after = words[-1].end
        m = _COMMA_RE.match(ft, after, end)
        if m:  # a name in apposition after the comma
            nxt = phrase_words(rules, ft, m.end(), end)
            if nxt and name_chunk(rules, nxt, 0) == len(nxt):
                return ("name", strip_title(rules, ft, nxt[0].start, nxt[-1].end), nxt[-1].end)
    return got


def speaker_before(rules: QuoteRules, ft: str, original: str, start: int, end: int):
    """The subject in ``ft[start:end]``, which ends right before a cue.

    A speaker tuple (see :func:`pick`), "none" for an omitted subject ("Entonces dijo",
    "... y resumió"), or None when the text does not read as a subject. The subject is
    after any quotation or strong break; with a comma before the verb it is the phrase in
    apposition, else the last noun phrase of the last clause.
    """
    nxt = ft[end : end + 12].split()[:1]
    gerund = bool(nxt) and nxt[0].endswith("ing")
    start = _subject_start(ft, start, end)
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(ft, start, end)]
    while words and (words[-1][2] in rules.auxiliaries or words[-1][2] in rules.clitics):
        words.pop()
    if words and words[-1][2].lower() in rules.negations:
        return None
    if not words or words[-1][2].lower() in rules.coordinators:
        return "none"
    end = words[-1][1]
    if ft[start:end].endswith(","):
        return _apposition_subject(rules, ft, original, start, end)
    clause = _last_clause(rules, ft, start, end)
    if not isinstance(clause, list):
        return clause
    if clause[-1].low in rules.no_subject_end:
        return None
    return pick(rules, _last_noun_phrase(rules, clause, gerund), ft, original)


def _subject_start(ft: str, start: int, end: int) -> int:
    """Where a subject before a cue may start: after a quotation that sits between the
    subject and the cue, and after the last strong break (";", ":", a dash)."""
    region = ft[start:end]
    if any(c in region for c in _QUOTE_CHARS):
        start += max(region.rfind(c) for c in _QUOTE_CHARS) + 1
    for m in _STRONG_RE.finditer(ft, start, end):
        start = m.end()
    return start


def _apposition_subject(rules: QuoteRules, ft: str, original: str, start: int, end: int):
    """The subject of an apposition: "Maria Lopez, a customs broker in El Paso, said";
    the first comma-separated piece that is not an introducer or a time ("On Tuesday,
    ...", "Sin embargo, ...", "Last week, ...")."""
    pos = start
    for m in _COMMA_RE.finditer(ft, start, end):
        seg = phrase_words(rules, ft, pos, m.start())
        pos = m.end()
        if seg is None:
            return None
        if not seg:
            continue
        if (
            seg[0].low in rules.introducers
            or is_prep(rules, seg, 0)
            or all(w.low in rules.time_or_determiner or w.text.isdigit() for w in seg)
        ):
            continue
        return pick(rules, seg, ft, original)
    return None


def _last_clause(rules: QuoteRules, ft: str, start: int, end: int):
    """The words of the last clause before the cue; when it opens with a verb ("un
    comerciante que pidió no ser nombrado resumió"), of the clause before the relative
    pronoun. "none" for an omitted subject, None when the clause is too long."""
    cuts = [start] + [m.end() for m in rules.clause_re.finditer(ft, start, end)]
    cuts += [m.end() for m in rules.cue_re.finditer(ft, cuts[-1], end)]
    words: list[Word] = []
    for cut in reversed(cuts):
        words = phrase_words(rules, ft, cut, end, cut_commas=False)
        if words is None or len(words) > 10:
            return None
        while words and words[0].low in rules.introducers:
            words = words[1:]
        if not words:
            return "none"
        head = words[0].text
        if cut == start or not head[:1].islower() or words[0].low in rules.subject_heads:
            break
        m = re.search(r"\S+\s*$", ft[start:cut])
        if not m or m.group(0).strip().lower() not in {"que", "that", "who", "quien", "which"}:
            break
        end = start + m.start()
    return words


def _last_noun_phrase(rules: QuoteRules, words: list[Word], gerund: bool) -> list[Word]:
    """"Earlier this month the Pentagon told", "a confidential notice saying": the last
    noun phrase before the verb, from its article."""
    for i in range(len(words) - 1, 0, -1):
        if (
            words[i].low in rules.singular_articles
            and not is_prep(rules, words, i - 1)
            and (gerund or any(w.low in rules.period_words for w in words[:i]))
        ):
            return words[i:]
    return words


class PhraseMentions(dict):
    """``matcher.find(phrase)`` for short phrases (speaker names), memoised: the same names
    come back article after article. Read it as ``phrases[phrase]``; do not modify the
    lists."""

    def __init__(self, matcher: ActorMatcher, limit: int = 50_000):
        super().__init__()
        self.matcher = matcher
        self.limit = limit

    def __missing__(self, phrase: str) -> list[Mention]:
        if len(self) >= self.limit:  # bounded memory on a very large corpus
            self.clear()
        found = self[phrase] = self.matcher.find(phrase)
        return found


def actor_of(phrase: str, phrases: PhraseMentions) -> tuple[str, str]:
    """(actor, kind) a speaker phrase names: a person if it names one, else the first
    actor that is not a place, else ("", "")."""
    found = [m for m in phrases[phrase] if m.kind != "place"]
    best = next((m for m in found if m.kind == "person"), found[0] if found else None)
    return (best.actor, best.kind) if best else ("", "")


_AND_RE = re.compile(r"\s+(?:and|y|e)\s+")


def conjoined(rules, ft: str, end: int, limit: int) -> list[tuple[int, int]]:
    """A second name joined to a speaker ending at ``end``: '"..." reply Burton and Nick',
    'said Dana Whitfield and Omar Haddad'. Its span, or nothing."""
    m = _AND_RE.match(ft, end, limit)
    if not m:
        return []
    words = phrase_words(rules, ft, m.end(), limit)
    if not words or words[0].low in rules.not_names or words[0].low in rules.determiners:
        return []
    j = name_chunk(rules, words, 0)
    if j == 0:
        return []
    e = words[j - 1].end
    if ft[e - 2 : e] == "'s":
        return []
    return [(strip_title(rules, ft, words[0].start, e), e)]


def word_before(ft: str, pos: int) -> str:
    """The last white-space-delimited word of ``ft[:pos]`` ("" when none), without
    splitting the whole prefix."""
    j = pos
    while j > 0 and ft[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and not ft[i - 1].isspace():
        i -= 1
    return ft[i:j]

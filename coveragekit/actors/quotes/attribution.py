"""Attribution: which quotations someone is said to have said, and who.

For each quotation of a text (:mod:`.marks`), in this order: a quotation that reads as a
name or a title is no speech; a dash aside gives its own cue; else the cue and speaker
right after it ("cue after", "according to") or before it in its sentence ("cue before");
then quotations without a cue continue an attributed one of the same sentence, of the
sentence before in the same paragraph, or of the next paragraph when left open; the
speaker's actor is the one the speaker phrase names; and pronouns and omitted subjects are
resolved to the subject of their sentence or the nearest candidate before them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..._fast.fold import fold_case
from ...text import split_sentences
from ..matching import ActorMatcher
from .cues import QuoteRules
from .marks import Quote, looks_like_a_name, mask, nested, paragraphs, quote_spans, split_asides
from .speakers import (
    PhraseMentions,
    actor_of,
    conjoined,
    described_name,
    is_name_word,
    is_prep,
    name_chunk,
    phrase_words,
    pick,
    speaker_after,
    speaker_before,
    strip_title,
    word_before,
)

__all__ = ["attribute", "candidates", "is_term", "quotes_of", "resolve"]

# "según sus palabras", "in his words": the subject's own words.
_OWN_WORDS = re.compile(r"(?i:su|sus|his|her|their)\s+(?i:palabras|words)$")
_LIKE_WORDS = {"as", "como"}
_SPEAKING = ("name", "descriptor")


# --------------------------------------------------------------------------- one quotation


def attribute(rules: QuoteRules, q: Quote, ft: str, text: str, pre: tuple[int, int], post: tuple[int, int]) -> None:
    """Find the cue and speaker of ``q`` in the text right after it (``post``) or before
    it in the same sentence (``pre``); a quotation introduced as a term gets none."""
    bs, be = pre
    if be > bs and is_term(rules, ft, bs, be):
        q.term = True
        return
    if _cue_after(rules, q, ft, text, post):
        return
    if be > bs:
        _cue_before(rules, q, ft, text, bs, be)


def _according_speaker(rules: QuoteRules, ft: str, text: str, start: int, end: int):
    """The source after "according to"; "none" for "in his words" (the subject's own)."""
    got = speaker_after(rules, ft, text, start, end)
    if got and got[0] == "descriptor" and _OWN_WORDS.match(ft, got[1], got[2]):
        return "none"
    return got


def _cue_after(rules: QuoteRules, q: Quote, ft: str, text: str, post: tuple[int, int]) -> bool:
    """A statement closed by its attribution: '"...," she said', '«...», dijo', '"...?" she
    asked', '"...," according to the Navy'. Whether ``q`` was attributed."""
    ps, pe = post
    lead = re.match(r"[\s,.;—–-]*", ft[ps:pe])
    closed_by_cue = text[q.s : q.e].rstrip()[-1:] in {",", "?", "!", "…", "—", "-", "–"} or any(
        c in lead.group(0) for c in ",—–"
    )
    if not closed_by_cue or pe <= ps:
        return False
    s = ps + lead.end()
    m = rules.according_start_re.match(ft, s, pe)
    if m:
        got = _according_speaker(rules, ft, text, m.end(), pe)
        if got:
            q.attribute(got, text[m.start("cue") : m.end("cue")], "according to")
            return True
    m = rules.cue_start_re.match(ft, s, pe)
    if m:  # '"...," said Walter Hennig' / '«...», dijo.'
        got = speaker_after(rules, ft, text, m.end(), pe)
        q.attribute(got or "none", text[m.start("cue") : m.end("cue")], "cue after")
        set_conjoined(rules, q, ft, pe)
        return True
    m = rules.cue_re.search(ft, s, min(pe, s + 160))
    if m:  # '"...," Sheinbaum said'
        head = phrase_words(rules, ft, s, m.start(), cut_commas=False)
        if not (head and (head[0].low in rules.phrase_ends or is_prep(rules, head, 0))):
            got = speaker_before(rules, ft, text, s, m.start())
            if got and got != "none":
                q.attribute(got, text[m.start() : m.end()], "cue after")
                set_conjoined(rules, q, ft, m.start())
                return True
    return False


def _cue_before(rules: QuoteRules, q: Quote, ft: str, text: str, bs: int, be: int) -> None:
    """The last cue before the quotation: 'Sheinbaum said: "..."', 'Sheinbaum has declared
    that there will be "no invasion"', 'Según la Secretaría de Marina, "..."'."""
    best = None
    for m in rules.cue_re.finditer(ft, bs, be):
        best = ("cue", m)
    for m in rules.according_re.finditer(ft, bs, be):
        if best is None or m.start() > best[1].start():
            best = ("according", m)
    if best is None:
        return
    kind, m = best
    cue = text[m.start() : m.end()]
    if kind == "according":
        got = _according_speaker(rules, ft, text, m.end(), be)
        if got:
            q.attribute(got, cue, "according to")
        return
    # the cue must govern the quotation: no clause break in between
    between = ft[m.end() : be].rstrip(" \t\n:,—–")  # a dash may introduce the quotation
    if re.search(r"[;:()\[\]—–]", between) or len(between.split()) > 30:
        return
    got = speaker_before(rules, ft, text, bs, m.start())
    if got is not None:
        q.attribute(got, cue, "cue before")
        set_conjoined(rules, q, ft, m.start())


def is_term(rules: QuoteRules, ft: str, bs: int, be: int) -> bool:
    """Whether the text before a quotation introduces it as a term or a title ("the
    so-called", "su libro", "Operation"); "as"/"como" only when no speech verb comes
    before them in the clause ("summed up the arrangement as", "lo resumió como": speech)."""
    m = rules.term_re.search(ft, bs, be)
    if m is None:
        return False
    if m.group().strip(" ,\t\n").lower() in _LIKE_WORDS:
        return rules.cue_re.search(ft, bs, m.start()) is None
    return True


def set_conjoined(rules: QuoteRules, q: Quote, ft: str, limit: int) -> None:
    """A second speaker of ``q`` joined to its named one ('said A and B')."""
    if q.kind == "name" and q.span is not None:
        q.also = conjoined(rules, ft, q.span[1], limit)


# --------------------------------------------------------------------------- antecedents


class _Pool:
    """The candidates met so far, by start: ``(end, kind, strong)``; a strong one (a
    speaker, a subject of a speech verb, a name after a topic preposition) replaces a weak
    one at the same start."""

    def __init__(self, quotes: list[Quote]):
        self.spans = [(q.open, q.close) for q in quotes]
        self.opens = [a for a, _ in self.spans]
        self.raw: dict[int, tuple[int, str, bool]] = {}

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.opens, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def add(self, s: int, e: int, kind: str, strong: bool) -> None:
        old = self.raw.get(s)
        if old is None or (strong and not old[2]):
            self.raw[s] = (e, kind, strong)


def candidates(
    rules: QuoteRules, text: str, ft: str, sents, quotes, matcher, phrases: PhraseMentions, until: int, people=()
) -> list[tuple[int, int, str, str]]:
    """People a pronoun or an omitted subject may point back to, in order of position:
    ``(position, paragraph, name as written, actor)``.

    Speakers of quotations and subjects of speech verbs (names, or descriptions opening
    with a/an/the/un/una/el/la), names opening a clause ("Mr. Olivas barely looked up",
    "la vocera Mónica Treviño informó", "Para Cavazos, ..."), and persons of the actor
    table that do not follow a preposition. A one-word name opening a clause counts only
    after a title ("Ms.", "Sr.") or when it is the surname of a name met before;
    organisations, places and words like "Critics" are left out.

    Only candidates before ``until`` (the last pronoun to resolve) are looked for: a
    candidate depends on earlier ones only, and later ones are never read.
    """
    pool = _Pool(quotes)
    for q in quotes:
        if q.how and q.source is None and q.kind in _SPEAKING:
            pool.add(*q.span, q.kind, True)
    for a, b in sents:
        if a >= until:  # whatever it adds starts at or after a
            break
        _clause_openers(rules, pool, text, ft, a, b)
        _verb_subjects(rules, pool, text, ft, a, b)
    _persons(rules, pool, ft, people, matcher.find(text), until)
    return _kept(rules, pool.raw, text, ft, phrases, until)


def _clause_openers(rules: QuoteRules, pool: _Pool, text: str, ft: str, a: int, b: int) -> None:
    """Names opening a clause of the sentence ``ft[a:b]``, or right after a short
    description at its start."""
    for cs in [a] + [m.end() for m in rules.clause_re.finditer(ft, a, b)]:
        if pool.in_quote(cs):
            continue
        words = phrase_words(rules, ft, cs, b)
        if not words or not any(is_name_word(w.text) for w in words):
            continue  # no capital or initials: no name here (the usual clause)
        got = pick(rules, words, ft, text)
        if got and got[0] == "name":
            pool.add(got[1], got[2], "name", words[0].low in rules.topic_prepositions)
            continue
        for i in range(1, min(len(words), 6)):
            j = name_chunk(rules, words, i)
            if j > i and described_name(rules, words, i):
                e = words[j - 1].end
                pool.add(strip_title(rules, ft, words[i].start, e), e, "name", False)
                break


def _verb_subjects(rules: QuoteRules, pool: _Pool, text: str, ft: str, a: int, b: int) -> None:
    """The subjects of the speech verbs of the sentence ``ft[a:b]`` (outside quotations)."""
    for m in rules.cue_re.finditer(ft, a, b):
        if not pool.in_quote(m.start()):
            got = speaker_before(rules, ft, text, a, m.start())
            if isinstance(got, tuple) and got[0] in _SPEAKING:
                pool.add(got[1], got[2], got[0], True)


def _persons(rules: QuoteRules, pool: _Pool, ft: str, people, names, until: int) -> None:
    """Persons of the role mentions ("la mandataria") and of the actor table, outside
    quotations; a name after a preposition or an article is left out."""
    for mention in people:
        if mention.start < until and mention.kind == "person" and not pool.in_quote(mention.start):
            pool.add(mention.start, mention.end, "name", False)
    for mention in names:
        if mention.start >= until:
            break
        if mention.kind == "person" and not pool.in_quote(mention.start):
            before = word_before(ft, mention.start)
            if not before or before.lower() not in rules.preposition_or_determiner:
                pool.add(mention.start, mention.end, "name", False)


def _kept(rules: QuoteRules, raw: dict, text: str, ft: str, phrases: PhraseMentions, until: int) -> list:
    """The candidates that may be a person, in order, with their paragraph and actor."""
    para_starts = [a for a, _ in paragraphs(text)]
    out = []
    surnames: set[str] = set()
    for s in sorted(raw):
        if s >= until:
            break
        e, kind, strong = raw[s]
        name = text[s:e]
        words = ft[s:e].split()  # ft keeps lengths: this is fold_case(name)
        actor, akind = actor_of(name, phrases)
        if kind == "descriptor":
            if words[0].lower() not in rules.singular_articles or any(w.lower() in rules.organisation_words for w in words):
                continue
        elif akind != "person":
            if phrases[name] or any(w.lower().removesuffix("'s") in rules.organisation_words for w in words):
                continue
            if len(words) == 1:
                titled = rules.personal_title_end.search(ft[max(0, s - 8) : s]) is not None
                if words[0].lower() in rules.not_names or not (strong or titled or words[0] in surnames):
                    continue
            else:
                surnames.update(words[1:])
        out.append((s, bisect_right(para_starts, s) - 1, name, actor))
    return out


def resolve(q: Quote, cands, sents, text: str) -> None:
    """Point a pronoun or an omitted subject at the subject of its sentence when there is
    one, else at the most recent candidate of the same or the two previous paragraphs."""
    ref = q.open if q.span is None else min(q.open, q.span[0])
    sent_start = sents[q.sent][0]
    best = None
    for pos, para, name, actor in cands:
        if pos >= ref:
            break
        if pos >= sent_start:
            if best is None or best[0] < sent_start:
                best = (pos, name, actor)
        elif para >= q.para - 2:
            best = (pos, name, actor)
    if best:
        q.resolved_from = "(omitted)" if q.span is None else text[q.span[0] : q.span[1]]
        q.kind, q.span, q.actor = "resolved", (best[0], best[0] + len(best[1])), best[2]


# --------------------------------------------------------------------------- one text


def quotes_of(
    rules: QuoteRules, text: str, lang: str, matcher: ActorMatcher, phrases: PhraseMentions | None = None, people=()
) -> list[Quote]:
    """The attributed quotations of one text (``phrases``: a memo shared between texts;
    ``people``: role mentions, candidates for pronouns and omitted subjects)."""
    if phrases is None:
        phrases = PhraseMentions(matcher)
    quotes = quote_spans(text)
    if not quotes:
        return []
    ft = fold_case(text)
    quotes = split_asides(rules, quotes, text, ft)
    key = (lang or "").strip().lower()
    sents = split_sentences(mask(text, quotes), lang=key if key in ("en", "es") else "")
    if not sents:
        return []
    s_starts = [a for a, _ in sents]
    for q in quotes:
        q.sent = max(0, bisect_right(s_starts, q.open) - 1)
    _attribute_each(rules, quotes, ft, text, sents)
    _continue_unattributed(quotes, text, sents)
    for q in quotes:
        if q.how and q.source is None and q.kind in _SPEAKING:
            q.actor = actor_of(text[q.span[0] : q.span[1]], phrases)[0]
    _resolve_pronouns(rules, quotes, text, ft, sents, matcher, phrases, people)
    for q in quotes:
        if q.source is not None:
            src = q.source
            q.kind, q.span, q.actor, q.cue, q.resolved_from, q.also = (
                src.kind, src.span, src.actor, src.cue, src.resolved_from, src.also)
    out = [q for q in quotes if q.how] + _nested_quotes(rules, quotes, ft, text, phrases)
    return sorted(out, key=lambda q: q.s)


def _attribute_each(rules: QuoteRules, quotes: list[Quote], ft: str, text: str, sents) -> None:
    """The cue and speaker of every quotation, looked for in its own sentence between its
    neighbours there; names and titles in quotation marks are terms."""
    for i, q in enumerate(quotes):
        if not text[q.s : q.e].strip() or looks_like_a_name(rules, text[q.s : q.e]):
            q.term = True
            continue
        if q.aside is not None:  # «A —dijo X—, B»
            cs, ce, ae = q.aside
            q.attribute(speaker_after(rules, ft, text, ce, ae) or "none", text[cs:ce], "cue after")
            set_conjoined(rules, q, ft, ae)
            continue
        a, b = sents[q.sent]
        prev = quotes[i - 1] if i > 0 and quotes[i - 1].sent == q.sent else None
        nxt = quotes[i + 1].open if i + 1 < len(quotes) and quotes[i + 1].sent == q.sent else b
        attribute(rules, q, ft, text, (prev.close if prev else a, q.open), (q.close, max(q.close, nxt)))
        if q.how and q.kind == "none" and prev is not None and prev.how:
            q.how = ""  # '... "x" and urged ... "y"': the speaker of "x" (continued below)


def _continue_unattributed(quotes: list[Quote], text: str, sents) -> None:
    """Continuations: the same sentence as an attributed quotation, the sentence right
    after one in the same paragraph, or a paragraph left open before an attributed one."""
    for i, q in enumerate(quotes):
        if q.how or q.term or i == 0:
            continue
        p = quotes[i - 1]
        if p.how and p.sent == q.sent:
            q.continue_from(p)
            continue
        opens_sentence = not text[sents[q.sent][0] : q.open].strip(" \t\n—–-")
        same_para = p.para == q.para or (p.para == q.para - 1 and not p.closed)
        if p.how and opens_sentence and same_para and p.sent >= q.sent - 1:
            q.continue_from(p)
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if not q.how and not q.term and not q.closed and nxt.how and nxt.para == q.para + 1:
            q.continue_from(nxt)


def _resolve_pronouns(rules: QuoteRules, quotes, text, ft, sents, matcher, phrases, people) -> None:
    """The pronouns and omitted subjects, each resolved to a candidate before it (or
    before its own span)."""
    pending = [q for q in quotes if q.how and q.source is None and q.kind in ("pronoun", "none")]
    if not pending:
        return
    until = max(q.open if q.span is None else min(q.open, q.span[0]) for q in pending)
    cands = candidates(rules, text, ft, sents, quotes, matcher, phrases, until, people)
    for q in pending:
        resolve(q, cands, sents, text)


def _nested_quotes(rules: QuoteRules, quotes: list[Quote], ft: str, text: str, phrases) -> list[Quote]:
    """Quotations nested in another, with their own cue and a named speaker: «Mi hija me
    dijo: “...”»."""
    out = []
    for q in quotes:
        for inner in nested(q, text):
            inner.sent = q.sent
            attribute(rules, inner, ft, text, (q.s, inner.open), (inner.close, q.e))
            if inner.how and inner.kind in _SPEAKING and not inner.term:
                inner.actor = actor_of(text[inner.span[0] : inner.span[1]], phrases)[0]
                out.append(inner)
    return out

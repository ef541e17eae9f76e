"""TextBlob's English sentiment score (pattern's ``Sentiment``), the same floats, faster.

TextBlob's default analyser (``PatternAnalyzer``, from the pattern library) looks every
token up in a lexicon of about 2,900 English words (``en-sentiment.xml``, shipped in the
textblob wheel), and averages the polarity and subjectivity of the words it knows, after
adjusting for negation ("not good"), intensifiers ("very good"), exclamation marks and
emoticons. Words it does not know are ignored: a text with no lexicon word scores
exactly 0.0, the same as a balanced one.

The reference is TextBlob itself (``TextBlob(text).sentiment``, called by
:func:`coveragekit.sentiment.textblob.score_text` with ``method="textblob"``);
``tests/test_fast_pattern.py`` compares the two on hand-written, random and demo texts.
This module renders pattern's method twice:

* the faithful path, :func:`assess_words` over :func:`words`: pattern's tokenizer, its
  sentence splitter and emoticon merges, and its state machine, step by step;
* the fast path, :func:`fast_assess`: the text is cut at whitespace exactly as pattern
  does, and each chunk ("said,", "(AP)") is tokenized once and remembered with what the
  state machine needs to know about it; the walk then feeds only the lexicon words,
  negations, "!" and emoticons to the same state machine, and skips the words it would
  ignore in one step. When pattern would glue tokens back together into an emoticon or a
  sarcasm mark (": )" -> ":)"), the fast path gives up and the text goes the faithful way.

The lexicon is read from the installed textblob package (:func:`load_lexicon`, given its
path); it is never copied into this repository.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

__all__ = ["assess", "avg", "assess_words", "clear_chunk_cache", "fast_assess", "in_lexicon", "lexicon_loaded",
           "load_lexicon", "read_lexicon", "score", "words"]

# =============================================================================
# pattern's constants (textblob/_text.py). Code, not data: the lexicon is read from the
# installed package. tests/test_fast_pattern.py checks that they equal textblob's own.
# =============================================================================
_PUNCTUATION = ".,;:!?()[]{}`''\"@#$^&*+-|=~_"
_LEAD = tuple(_PUNCTUATION.replace(".", ""))
_TRAIL = _LEAD + (".",)
_ABBREVIATIONS = frozenset(
    (
        "a.", "adj.", "adv.", "al.", "a.m.", "c.", "cf.", "comp.", "conf.", "def.", "ed.",
        "e.g.", "esp.", "etc.", "ex.", "f.", "fig.", "gen.", "id.", "i.e.", "int.", "l.",
        "m.", "Med.", "Mil.", "Mr.", "n.", "n.q.", "orig.", "pl.", "pred.", "pres.", "p.m.",
        "ref.", "v.", "vs.", "w/",
    )
)  # fmt: skip
_RE_ABBR1 = re.compile(r"^[A-Za-z]\.$")
_RE_ABBR2 = re.compile(r"^([A-Za-z]\.)+$")
_RE_ABBR3 = re.compile("^[A-Z][" + "|".join("bcdfghjklmnpqrstvwxz") + "]+.$")
_REPLACE = {
    "'d": " 'd", "'m": " 'm", "'s": " 's", "'ll": " 'll", "'re": " 're", "'ve": " 've",
    "n't": " n't",
}  # fmt: skip
# (label, polarity, emoticons), in pattern's order: where two emoticons share a start
# (":o" and ":o)"), the regular expression prefers the earlier group.
_EMOTICONS = (
    ("love", 1.00, ("<3", "♥")),
    ("grin", 1.00, (">:D", ":-D", ":D", "=-D", "=D", "X-D", "x-D", "XD", "xD", "8-D")),
    ("taunt", 0.75, (">:P", ":-P", ":P", ":-p", ":p", ":-b", ":b", ":c)", ":o)", ":^)")),
    ("smile", 0.50, (">:)", ":-)", ":)", "=)", "=]", ":]", ":}", ":>", ":3", "8)", "8-)")),
    ("wink", 0.25, (">;]", ";-)", ";)", ";-]", ";]", ";D", ";^)", "*-)", "*)")),
    ("gasp", 0.05, (">:o", ":-O", ":O", ":o", ":-o", "o_O", "o.O", "°O°", "°o°")),
    ("worry", -0.25, (">:/", ":-/", ":/", ":\\", ">:\\", ":-.", ":-s", ":s", ":S", ":-S", ">.>")),
    ("frown", -0.75, (">:[", ":-(", ":(", "=(", ":-[", ":[", ":{", ":-<", ":c", ":-c", "=/")),
    ("cry", -1.00, (":'(", ":'''(", ";'(")),
)
_RE_EMOTICONS = re.compile(
    "({})($|\\s)".format(
        "|".join(r" ?".join(re.escape(ch) for ch in e) for _, _, group in _EMOTICONS for e in group)
    )
)
_RE_SARCASM = re.compile(r"\( ?\! ?\)")
_RE_LINEBREAK = re.compile(r"\n{2,}")
_EOS = "END-OF-SENTENCE"
_ENDERS = frozenset(("...", ".", "!", "?", _EOS))
_CLOSERS = frozenset(("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS))
_NEGATIONS = frozenset(("no", "not", "n't", "never"))
_MOOD, _IRONY = "mood", "irony"


def _emoticon_scores() -> dict[str, float]:
    # pattern lower-cases each emoticon and takes the first group that contains the token;
    # it only looks when the token is not alphabetic, at most 5 characters long and not
    # a substring of its punctuation string ("XD" is therefore never scored).
    scores: dict[str, float] = {}
    for _, p, group in _EMOTICONS:
        for e in group:
            scores.setdefault(e.lower(), p)
    return {
        k: v
        for k, v in scores.items()
        if k.isalpha() is False and len(k) <= 5 and k not in _PUNCTUATION
    }


_EMOTICON_SCORE = _emoticon_scores()
_SPECIAL = frozenset(_NEGATIONS | {"!", "(!)"} | set(_EMOTICON_SCORE))


# =============================================================================
# The lexicon
# =============================================================================
def avg(values) -> float:
    # pattern's avg(): builtin sum() (compensated from Python 3.12 on, like textblob's).
    return sum(values) / float(len(values) or 1)


def read_lexicon(path: str) -> tuple[dict, dict]:
    """Read the XML as ``textblob.en.sentiment`` does: ``{word: {pos: [p, s, i]}}``, labels.

    Senses are averaged per part of speech, parts of speech averaged under the key None
    (the one used for plain text), and every adjective's adverb ("terrible" ->
    "terribly", "happy" -> "happily") is added as an "RB" entry with the adjective's
    scores — overwriting the None entry of an adverb already listed.
    """
    words: dict = {}
    labels: dict = {}
    root = ElementTree.parse(path).getroot()
    for w in root.findall("word"):
        form = w.attrib.get("form")
        pos = w.attrib.get("pos")
        psi = (
            float(w.attrib.get("polarity", 0.0)),
            float(w.attrib.get("subjectivity", 0.0)),
            float(w.attrib.get("intensity", 1.0)),
        )
        label = w.attrib.get("label")
        if form:
            words.setdefault(form, {}).setdefault(pos, []).append(psi)
        if form and label:
            labels[form] = label
    for w, senses in words.items():
        words[w] = {pos: [avg(each) for each in zip(*psi)] for pos, psi in senses.items()}
    for w, pos in list(words.items()):
        words[w][None] = [avg(each) for each in zip(*pos.values())]
    for w, pos in list(words.items()):
        if "JJ" in pos:
            if w.endswith("y"):
                w = w[:-1] + "i"
            w = w.removesuffix("le")
            p, s, i = pos["JJ"]
            entry = words.setdefault(w + "ly", {})
            entry["RB"] = entry[None] = (p, s, i)
    return words, labels


_LEX: dict | None = None  # word -> (polarity, subjectivity, intensity, is_modifier)
_LABELS: dict = {}


def in_lexicon(word: str) -> bool:
    """Whether pattern's lexicon lists ``word`` (lower-cased; the lexicon loaded)."""
    return word in _LEX


def lexicon_loaded() -> bool:
    """Whether :func:`load_lexicon` has run in this process."""
    return _LEX is not None


def load_lexicon(path: str) -> None:
    """Read pattern's lexicon at ``path`` for the scorer (worker processes forked after
    this inherit it)."""
    global _LEX, _LABELS
    words, labels = read_lexicon(path)
    _LABELS = labels
    _LEX = {w: (*pos[None], "RB" in pos) for w, pos in words.items()}


# =============================================================================
# pattern's state machine: one lexicon word, one other word, a run of words
# =============================================================================
def _known(a: list, w: str, x: tuple, m, n):
    """A lexicon word: a new assessment, or merged with the modifier before it ("very
    good": the modifier's intensity multiplies); negated when a negation is pending
    ("not good": the intensity handed on is inverted). Returns the new (modifier, negation)."""
    p, s, i, mod = x
    if m is None:
        a.append([[w], p, s, i, 1, _LABELS.get(w)])
    else:
        last = a[-1]
        last[0].append(w)
        last[1] = max(-1.0, min(p * last[3], +1.0))
        last[2] = max(-1.0, min(s * last[3], +1.0))
        last[3] = i
        last[5] = _LABELS.get(w)
    if n is not None:
        last = a[-1]
        last[0].insert(0, n)
        last[3] = 1.0 / last[3]
        last[4] = -1
    return (w if mod else None), (w if w in _NEGATIONS else None)


def _other(a: list, w: str, m, n):
    """A word the lexicon does not know: a negation waits for the next word; a word of two
    characters or more clears a pending negation, of three or more a pending modifier; "!"
    raises the last assessment by a quarter; "(!)" and emoticons are assessments of their
    own. Returns the new (modifier, negation)."""
    if w in _NEGATIONS:
        n = w
    elif n and len(w.strip("'")) > 1:
        n = None
    if n is not None and m is not None and m.endswith("ly"):
        last = a[-1]
        last[0].append(n)
        last[4] = -1
        n = None
    elif m and len(w) > 2:
        m = None
    if w == "!" and len(a) > 0:
        last = a[-1]
        last[0].append("!")
        last[1] = max(-1.0, min(last[1] * 1.25, +1.0))
    if w == "(!)":
        a.append([[w], 0.0, 1.0, 1.0, 1, _IRONY])
    p = _EMOTICON_SCORE.get(w)
    if p is not None:
        a.append([[w], p, 1.0, 1.0, 1, _MOOD])
    return m, n


def _feed(a: list, words, m, n):
    """Walk ``words`` through the state machine from state (m, n), appending to ``a``."""
    lex_get = _LEX.get
    for w in words:
        x = lex_get(w)
        if x is not None:
            m, n = _known(a, w, x, m, n)
        elif n is not None or m is not None or w in _SPECIAL:
            m, n = _other(a, w, m, n)  # (an unknown word changes nothing in state (None, None))
    return m, n


# =============================================================================
# pattern's tokenizer, faithfully (the faithful path)
# =============================================================================
def _split_chunk(t: str) -> tuple[str, ...]:
    """Split one whitespace-delimited chunk as pattern's find_tokens() does."""
    tokens, tail = [], []
    while t.startswith(_LEAD) and t not in _REPLACE:
        tokens.append(t[0])
        t = t[1:]
    while t.endswith(_TRAIL) and t not in _REPLACE:
        if t.endswith(_LEAD):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if (
                t in _ABBREVIATIONS
                or _RE_ABBR1.match(t) is not None
                or _RE_ABBR2.match(t) is not None
                or _RE_ABBR3.match(t) is not None
            ):
                break
            tail.append(t[-1])
            t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


def _prepare(string: str, eos: str) -> str:
    """pattern's string replacements before splitting into chunks."""
    for a, b in _REPLACE.items():
        if a in string:
            string = string.replace(a, b)
    string = (
        string.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )
    if "\r\n" in string:
        string = string.replace("\r\n", "\n")
    if "\n\n" in string:
        string = eos(string)
    return string


def _eos_regex(string: str) -> str:
    return _RE_LINEBREAK.sub(f" {_EOS} ", string)


def _eos_replace(string: str) -> str:
    # Same tokens as the regex: a run of 3+ newlines may give two END-OF-SENTENCE marks
    # instead of one, and the marks are dropped from the words either way.
    return string.replace("\n\n", " END-OF-SENTENCE ")


def _emoticon_join(m: re.Match) -> str:
    return m.group(1).replace(" ", "") + m.group(2)


def words(string: str) -> list[str]:
    """The lower-cased words pattern's Sentiment.__call__ assesses, exactly."""
    tokens: list[str] = []
    cache = _CHUNKS
    for chunk in _prepare(string, _eos_regex).split():
        e = cache.get(chunk)
        tokens.extend(_split_chunk(chunk) if e is None else e[3])
    sentences, i, j = [[]], 0, 0
    n = len(tokens)
    while j < n:
        if tokens[j] in _ENDERS:
            while j < n and tokens[j] in _CLOSERS:
                if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                    break
                j += 1
            sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
            sentences.append([])
            i = j
        j += 1
    sentences[-1].extend(tokens[i:j])
    joined = [" ".join(s) for s in sentences if len(s) > 0]
    joined = [_RE_SARCASM.sub("(!)", s) for s in joined]
    joined = [_RE_EMOTICONS.sub(_emoticon_join, s) for s in joined]
    return [w.lower() for w in " ".join(joined).split()]


def assess_words(words) -> list[list]:
    """pattern's Sentiment.assessments() for words without part-of-speech tags.

    Returns mutable entries ``[words, polarity, subjectivity, intensity, negated, label]``
    (``negated`` is -1 or 1).
    """
    a: list[list] = []
    _feed(a, words, None, None)
    return a


# =============================================================================
# The fast path: the same state machine, fed from a cache of pre-split chunks
# =============================================================================
# pattern joins its tokens with spaces and then merges emoticons split over several
# tokens (": )" -> ":)", "2018 )" -> "2018)") and "( ! )" into "(!)". The fast path
# follows every merge that could happen; when one could change what is assessed (": )"
# becomes a smile), the text goes the faithful way. Merges that only glue unknown words
# together ("2018)") leave the assessments as they are and stay on the fast path.
def _merge_tables():
    starts: dict[str, set] = {}  # prefix E[:j] of a mergeable string -> remainders E[j:]
    prefixes: set[str] = set()  # every non-empty prefix of a remainder
    for e in [e for _, _, group in _EMOTICONS for e in group] + ["(!)"]:
        for j in range(1, len(e)):
            starts.setdefault(e[:j], set()).add(e[j:])
            for k in range(j + 1, len(e) + 1):
                prefixes.add(e[j:k])
    return {k: frozenset(v) for k, v in starts.items()}, frozenset(prefixes)


_MERGE_STARTS, _REM_PREFIXES = _merge_tables()
_MAX_PREFIX = max(map(len, _MERGE_STARTS))
_HIT = object()


def _merge_starts(t: str):
    for k in range(1, min(_MAX_PREFIX, len(t)) + 1):
        for r in _MERGE_STARTS.get(t[-k:], ()):
            yield r, (t,)


def _harmless(group: tuple[str, ...]) -> bool:
    """Whether merging these tokens into one leaves the assessments unchanged.

    True when neither the tokens nor the merged token are known or special words, and
    the merged token clears the same pending negation/modifier as the tokens did.
    """
    merged = "".join(group).lower()
    words = [t.lower() for t in group] + [merged]
    if any(w in _LEX or w in _SPECIAL for w in words):
        return False
    clears_n = any(len(w.strip("'")) > 1 for w in words[:-1])
    clears_m = any(len(w) > 2 for w in words[:-1])
    return clears_n == (len(merged.strip("'")) > 1) and clears_m == (len(merged) > 2)


def _walk(pending, tokens):
    """Follow possible merges through space-separated tokens.

    ``pending`` holds (rest of the mergeable string, tokens so far). A merge needs a token
    that ends with the start of an emoticon (or of "(!)"), followed by tokens that spell
    the rest exactly. Returns the pending merges after the tokens, or _HIT when a merge
    that matters completes.
    """
    for t in tokens:
        nxt = set()
        for r, group in pending:
            if t == r:
                if not _harmless(group + (t,)):
                    return _HIT
            elif r.startswith(t):
                nxt.add((r[len(t) :], group + (t,)))
        nxt.update(_merge_starts(t))
        pending = nxt
    return frozenset(pending) or None


# Chunk kinds. For an unknown word that is not a negation, "!", "(!)" or an emoticon,
# the state machine only looks at its length: 3+ characters clear a pending negation and
# modifier, 2 characters clear a pending negation, shorter ones change nothing (the state
# "negation pending after an -ly modifier" never outlives the word that created it).
_LONG, _MEDIUM, _NOTHING, _MARK, _SLOW, _WORDS = range(6)


def _chunk_entry(c: str) -> tuple:
    raw = _split_chunk(c)
    if _EOS in raw:
        kind = _MARK if raw == (_EOS,) else _SLOW
        return (kind, (), raw[0], raw, None)
    pending = _walk(frozenset(), raw)
    if pending is _HIT:
        return (_SLOW, (), raw[0], raw, None)
    seq = []
    plain = True
    longest = 0
    for t in raw:
        w = t.lower()
        if w in _LEX or w in _SPECIAL:
            seq.append(w)
            plain = False
            continue
        long_strip, long_len = len(w.strip("'")) > 1, len(w) > 2
        if not long_strip and not long_len:
            continue
        if long_strip and long_len:
            longest = 2
        elif long_strip:
            longest = max(longest, 1)
        else:
            plain = False
        seq.append(w)
    kind = (_NOTHING, _MEDIUM, _LONG)[longest] if plain else _WORDS
    return (kind, tuple(seq), raw[0], raw, pending)


_CHUNKS: dict[str, tuple] = {}
_CHUNK_CACHE_SIZE = 100_000  # about 35 MB at most


def clear_chunk_cache() -> None:
    """Forget the chunks seen so far (a benchmark's cold start)."""
    _CHUNKS.clear()


def fast_assess(string: str):
    """Assessments as in :func:`assess_words`, or None when the text needs the faithful path."""
    cache = _CHUNKS
    if len(cache) > _CHUNK_CACHE_SIZE:
        cache.clear()
    get = cache.get
    rem_prefixes = _REM_PREFIXES
    a: list[list] = []
    m = n = pending = None
    for c in _prepare(string, _eos_replace).split():
        e = get(c)
        if e is None:
            e = cache[c] = _chunk_entry(c)
        kind = e[0]
        if kind == _MARK:
            continue
        if pending is not None and e[2] in rem_prefixes:  # a merge under way: follow it
            pending = _walk(pending, e[3])
            if pending is _HIT:
                return None
        else:
            pending = e[4]
        if kind == _WORDS:
            m, n = _feed(a, e[1], m, n)
        elif kind == _LONG:
            m = n = None
        elif kind == _MEDIUM:
            n = None
        elif kind == _SLOW:
            return None
    return a


def assess(text: str) -> list[list]:
    """pattern's assessments of ``text`` (the lexicon loaded: :func:`load_lexicon`)."""
    a = fast_assess(text)
    if a is None:
        a = assess_words(words(text))
    return a


def score(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` of ``text`` as ``TextBlob(text).sentiment``."""
    a = assess(text)
    # pattern: avg() over (word, score) pairs, weight 1, in order.
    ps = 0
    ss = 0
    for x in a:
        ps += x[1] * -0.5 if x[4] < 0 else x[1]
        ss += x[2]
    k = float(len(a) or 1)
    return ps / k, ss / k

"""The trie kernel (coveragekit._fast.trie) agrees with its plain reference, an alternation
of the escaped keys, longest first: the same matches at every position, on random keys and
text and on the demo corpus with the kit's aliases and speech verbs."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pandas as pd
import pytest

from coveragekit._fast.fold import fold, fold_case
from coveragekit._fast.trie import alternation_pattern, trie_pattern
from coveragekit.actors.rules import read_rules
from coveragekit.actors.table import alias_key, split_aliases

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "articles"


def _demo_texts() -> list[str]:
    out = []
    for path in sorted(DEMO.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line).get("text") or "")
    return out


def _every_match(pattern: str, text: str, *, before: str = "", after: str = "") -> list[tuple[int, int]]:
    """The span matched at every position where one starts (a lookahead, so that matches
    starting inside another are seen too)."""
    rx = re.compile(before + "(?=(" + pattern + ")" + after + ")")
    return [m.span(1) for m in rx.finditer(text)]


def test_a_small_trie_written_down_by_hand():
    keys = ["di", "dijo", "said", "united states"]
    text = "Ella dijo: united   states di said."
    # "dijo" at 5-9 (not "di"), "united states" at 11-26 across three spaces, "di" at
    # 27-29, "said" at 30-34
    expected = [(5, 9), (11, 26), (27, 29), (30, 34)]
    assert _every_match(trie_pattern(keys), text, after=r"(?!\w)") == expected
    assert _every_match(alternation_pattern(keys), text, after=r"(?!\w)") == expected


@pytest.mark.parametrize("seed", range(20))
def test_random_keys_and_texts(seed):
    rng = random.Random(seed)
    alphabet = "ab c"  # few letters: many shared prefixes, keys that extend one another
    keys = {"".join(rng.choice("abc") for _ in range(rng.randrange(1, 6))) for _ in range(rng.randrange(1, 30))}
    keys |= {k[:2] + " " + k[2:] for k in list(keys) if len(k) > 2}
    for _ in range(30):
        text = "".join(rng.choice(alphabet + "  ") for _ in range(rng.randrange(0, 60)))
        for after in ("", r"(?![a-z])", r"c"):
            trie = _every_match(trie_pattern(keys), text, after=after)
            plain = _every_match(alternation_pattern(keys), text, after=after)
            assert trie == plain, (sorted(keys), text, after)


def test_the_kit_aliases_on_the_demo_corpus():
    table = pd.read_csv(ROOT / "data" / "actors.csv", dtype=str, keep_default_na=False)
    keys = {alias_key(a) for actor, aliases in zip(table["actor"], table["aliases"])
            for a in split_aliases(actor, aliases)}
    assert len(keys) > 100
    trie, plain = trie_pattern(keys), alternation_pattern(keys)
    found = 0
    for text in _demo_texts():
        folded, _ = fold(text)
        got = _every_match(trie, folded, before=r"(?<![^\W_])", after=r"(?![^\W_])")
        assert got == _every_match(plain, folded, before=r"(?<![^\W_])", after=r"(?![^\W_])")
        found += len(got)
    assert found > 1000  # the demo names its actors often


def test_the_speech_verbs_on_the_demo_corpus():
    verbs = read_rules().verbs()
    trie, plain = trie_pattern(verbs), alternation_pattern(verbs)
    found = 0
    for text in _demo_texts():
        ft = fold_case(text)
        got = _every_match(trie, ft, before=r"(?<![\w'-])", after=r"(?![\w'])")
        assert got == _every_match(plain, ft, before=r"(?<![\w'-])", after=r"(?![\w'])")
        found += len(got)
    assert found > 300

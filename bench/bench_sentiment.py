"""Benchmark: TextBlob's plain loop against coveragekit.add_sentiment, in one process.

Builds deterministic (seeded) English texts of about 500 words: sentences that mix words
from TextBlob's own lexicon (read from the installed package at run time) with common
news words, negations and intensifiers, numbers, quotes, contractions, parentheses and
paragraph breaks. Times ``[TextBlob(t).sentiment for t in texts]`` and
``add_sentiment(df)`` on the same texts, and checks that the numbers are identical.

Run:  python bench/bench_sentiment.py [--n 2000] [--words 500] [--seed 0] [--n-jobs N]
                                      [--repeat 3]

Not a test: timings depend on the machine. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from xml.etree import ElementTree

import numpy as np
import pandas as pd

_COMMON = (
    "the of and to in a is that for on with as was by at from said he she it his her they "
    "this be are have has had but an which were would will its their who been more after "
    "also than about could into over government officials city state president minister "
    "police report week year people country party vote election court law plan budget "
    "company market prices workers council spokesman statement told reporters Monday "
    "Tuesday Friday Washington Mexico Congress there when while because since before "
    "during against between under new last first two three million percent according"
)
COMMON = _COMMON.split()
MODIFIERS = ["not", "never", "no", "very", "really", "don't", "isn't", "extremely", "quite"]
OPENERS = ["The", "A", "But", "In", "Officials", "He", "She", "It", "They", "Critics"]


def _with_jobs(n_jobs, func, *args):
    """``func(*args)`` with COVERAGEKIT_JOBS set to ``n_jobs`` (None: as it is)."""
    before = os.environ.get("COVERAGEKIT_JOBS")
    if n_jobs is not None:
        os.environ["COVERAGEKIT_JOBS"] = str(n_jobs)
    try:
        return func(*args)
    finally:
        if before is None:
            os.environ.pop("COVERAGEKIT_JOBS", None)
        else:
            os.environ["COVERAGEKIT_JOBS"] = before


def lexicon_words() -> list[str]:
    from coveragekit.sentiment import lexicon_path

    root = ElementTree.parse(lexicon_path()).getroot()
    return sorted(
        {w.attrib["form"] for w in root.findall("word") if w.attrib.get("form", "").isalpha()}
    )


def make_texts(n: int, *, words: int = 500, seed: int = 0) -> list[str]:
    """``n`` English-looking news texts of about ``words`` words each (deterministic)."""
    lex = lexicon_words()
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        paragraphs, para, count = [], [], 0
        while count < words:
            k = rng.randint(8, 28)
            sent = [rng.choice(OPENERS)]
            for _ in range(k - 1):
                r = rng.random()
                if r < 0.12:
                    sent.append(rng.choice(lex))
                elif r < 0.15:
                    sent.append(rng.choice(MODIFIERS))
                elif r < 0.17:
                    sent.append(rng.choice(["3.5", "2018", "1,200", "U.S.", "(AP)", "(2019)"]))
                elif r < 0.19:
                    sent.append(sent.pop() + ",")
                else:
                    sent.append(rng.choice(COMMON))
            s = " ".join(sent) + rng.choice([".", ".", ".", ".", "!", "?"])
            r = rng.random()
            if r < 0.08:
                s = f'"{s}" {rng.choice(["he", "she"])} said.'
            elif r < 0.12:
                s = f"\u201c{s}\u201d it's said."
            para.append(s)
            count += k
            if rng.random() < 0.25:
                paragraphs.append(" ".join(para))
                para = []
        if para:
            paragraphs.append(" ".join(para))
        texts.append("\n\n".join(paragraphs))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-jobs", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from textblob import TextBlob

    from coveragekit._fast.pattern import clear_chunk_cache, fast_assess
    from coveragekit.sentiment import add_sentiment
    from coveragekit.sentiment.textblob import ensure_lexicon

    t_import = time.perf_counter() - t0
    texts = make_texts(args.n, words=args.words, seed=args.seed)
    n_words = np.mean([len(t.split()) for t in texts])
    df = pd.DataFrame(
        {
            "article_id": [f"a{i:05d}" for i in range(len(texts))],
            "lang": "en",
            "title": "",
            "text": texts,
        }
    )
    # Warm-up: TextBlob loads its lexicon lazily on the first call, the kit on its first.
    t0 = time.perf_counter()
    _ = TextBlob("warm up").sentiment
    t_tb_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    ensure_lexicon()
    t_kit_load = time.perf_counter() - t0

    # Alternate the contenders; report medians. The kit's chunk cache is emptied before
    # each of its runs, so every run starts cold, like a fresh session.
    t_plain, t_kit, t_kit1 = [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        plain = [TextBlob(t).sentiment for t in texts]
        t_plain.append(time.perf_counter() - t0)

        clear_chunk_cache()
        t0 = time.perf_counter()
        out = _with_jobs(args.n_jobs, add_sentiment, df)
        t_kit.append(time.perf_counter() - t0)

        clear_chunk_cache()
        t0 = time.perf_counter()
        out1 = _with_jobs(1, add_sentiment, df)
        t_kit1.append(time.perf_counter() - t0)
    t_plain, t_kit, t_kit1 = (float(np.median(t)) for t in (t_plain, t_kit, t_kit1))

    pol = np.array([s.polarity for s in plain])
    subj = np.array([s.subjectivity for s in plain])
    d_pol = float(np.max(np.abs(out["polarity"].to_numpy() - pol)))
    d_subj = float(np.max(np.abs(out["subjectivity"].to_numpy() - subj)))
    same = bool(
        np.array_equal(out["polarity"].to_numpy(), pol)
        and np.array_equal(out["subjectivity"].to_numpy(), subj)
        and out[["polarity", "subjectivity"]].equals(out1[["polarity", "subjectivity"]])
    )
    slow = sum(fast_assess(t) is None for t in texts)

    print(f"cores                      {os.cpu_count()}")
    print(f"n                          {len(texts)}  (mean {n_words:.0f} words)")
    print(f"imports s                  {t_import:.2f}")
    print(f"lexicon load s             textblob {t_tb_load:.2f}  kit {t_kit_load:.2f}")
    print(f"repeats                    {args.repeat}  (medians below)")
    print(f"plain s                    {t_plain:.2f}  ({len(texts) / t_plain:.0f} articles/s)")
    print(f"kit s                      {t_kit:.2f}  ({len(texts) / t_kit:.0f} articles/s)")
    print(f"speed-up                   {t_plain / t_kit:.1f}x")
    print(f"kit n_jobs=1 s             {t_kit1:.2f}  ({t_plain / t_kit1:.1f}x)")
    print(f"texts on the faithful path {slow}  (emoticon or '( ! )' merges possible)")
    print(f"max abs diff polarity      {d_pol:.3g}")
    print(f"max abs diff subjectivity  {d_subj:.3g}")
    print(f"identical floats           {same}")


if __name__ == "__main__":
    main()

"""What fitting topics on a sample changes: TopicModel(fit_sample=20000) against a fit on
every article of the largest benchmark corpus.

Run:  python bench/topic_sample.py [--size 100k] [--topics 10] [--sample 20000]

Prints the time of each fit, how many top-10 terms the matched topics share (topics
matched one to one by their top-term overlap) and the share of articles whose top topic
is the matched one. Not part of `make bench` (the full fit alone takes minutes).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    from generate import OUT, parse_size, size_label
    from scipy.optimize import linear_sum_assignment

    import coveragekit as ck
    from coveragekit.topics import TopicModel, doc_texts

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="100k")
    ap.add_argument("--topics", type=int, default=10)
    ap.add_argument("--sample", type=int, default=20000)
    args = ap.parse_args(argv)
    path = OUT / f"articles-{size_label(parse_size(args.size))}.parquet"
    docs = doc_texts(ck.load(path, mark_duplicates=False).articles)
    out = {}
    for name, sample in (("sample", args.sample), ("full", None)):
        t0 = time.perf_counter()
        tm = TopicModel(n_topics=args.topics, random_state=0, fit_sample=sample).fit(docs)
        t_fit = time.perf_counter() - t0
        w = tm.transform(docs)
        out[name] = (tm, w, t_fit, time.perf_counter() - t0)
        print(f"{name}: fit on {tm.n_fit_docs_:,} documents in {t_fit:.0f} s, fit and transform "
              f"{out[name][3]:.0f} s, vocabulary {len(tm.terms_):,}", flush=True)
    a, b = out["sample"][0], out["full"][0]
    k = args.topics
    overlap = np.array([[len(set(x) & set(y)) for y in b.top_terms_] for x in a.top_terms_])
    rows, cols = linear_sum_assignment(-overlap)
    shared = overlap[rows, cols]
    mapping = dict(zip(rows, cols))
    top_a = out["sample"][1].argmax(axis=1)
    top_b = out["full"][1].argmax(axis=1)
    agree = float(np.mean([mapping[x] == y for x, y in zip(top_a, top_b)]))
    print(f"top-10 terms shared by matched topics: mean {shared.mean():.1f} of 10 (min {shared.min()}, "
          f"max {shared.max()}); topics with >= 7 shared: {(shared >= 7).sum()} of {k}")
    print(f"articles whose top topic is the matched topic: {agree:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

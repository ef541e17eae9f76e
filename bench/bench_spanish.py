"""Benchmark: the Spanish instrument (coveragekit-es) against TextBlob on the validation pairs.

Prints
  (a) Pearson and Spearman r between the coveragekit-es score of each Spanish passage and
      TextBlob's score of its English version (data/validation/sentiment_pairs.csv);
  (b) each instrument's agreement with the writers' labels on its own language, with one
      rule for both: |polarity| < 0.05 is neutral, otherwise its sign;
  (c) the Spanish lexicon's coverage of the Spanish demo corpus's word tokens;
  and the fast kernel's speed against the plain reference scorer on the demo articles.

Goals (issue 19): agreement within 5 points of TextBlob's, r >= 0.6. The lexicon was not
tuned on the pairs.

Run:  .venv/bin/python bench/bench_spanish.py [--lexicon FILE] [--neutral 0.05]
(also a section of `make bench`: python bench/run.py --only spanish)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {"r": 0.6, "agreement_gap": 0.05}


def measure(*, lexicon=None, neutral: float | None = None) -> dict:
    """Every figure of the benchmark, as a dict (bench/run.py and notebook 02 call this)."""
    from coveragekit._fast.spanish import assess
    from coveragekit.sentiment import spanish_lexicon as E
    from coveragekit.sentiment.spanish import assess_reference
    from coveragekit.sentiment.validation import NEUTRAL, demo_coverage, validate_instruments

    v = validate_instruments(neutral=NEUTRAL if neutral is None else neutral, lexicon=lexicon)
    cov = demo_coverage(lexicon=lexicon)
    # speed: the fast kernel against the reference on the Spanish demo texts (not a goal)
    import coveragekit as ck

    arts = ck.load(ck.datasets.demo_paths()).articles
    texts = [t for t in arts.loc[arts["lang"] == "es", "text"].astype(str).tolist() if t]
    lex = E.load_lexicon(E.resolve_lexicon_option(lexicon))
    # a diagnostic, not the instrument: only the lexicon rows that render pattern's English
    # entries (notes starting "en:"), the like-for-like subset of TextBlob's lexicon
    subset = None
    table = pd.read_csv(lex.path, dtype=str, keep_default_na=False)
    if "notes" in table.columns and table["notes"].str.startswith("en:").any():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sentiment_es_en_rows.csv"
            table[table["notes"].str.startswith("en:")].to_csv(path, index=False)
            subset = validate_instruments(neutral=v["neutral"], lexicon=path)
            subset["rows"] = int(table["notes"].str.startswith("en:").sum())
    t0 = time.perf_counter()
    ref = [assess_reference(lex, t) for t in texts]
    t_ref = time.perf_counter() - t0
    lex.memo.clear()
    t0 = time.perf_counter()
    fast = [assess(lex, t) for t in texts]
    t_fast = time.perf_counter() - t0  # the first pass fills the token memo
    t0 = time.perf_counter()
    again = [assess(lex, t) for t in texts]
    t_warm = time.perf_counter() - t0  # as on a long corpus, where most tokens were seen before
    words = sum(len(t.split()) for t in texts)
    # for comparison: the share of the English demo corpus's word tokens TextBlob's lexicon scores
    from coveragekit._fast import pattern
    from coveragekit.sentiment.textblob import ensure_lexicon

    ensure_lexicon()
    en_texts = [t for t in arts.loc[arts["lang"] == "en", "title"].astype(str).tolist()
                + arts.loc[arts["lang"] == "en", "text"].astype(str).tolist() if t]
    en_tokens = [w for t in en_texts for w in pattern.words(t) if any(ch.isalpha() for ch in w)]
    cov["textblob_en_share"] = sum(pattern.in_lexicon(w) for w in en_tokens) / len(en_tokens)
    return {"validation": v, "coverage": cov, "subset": subset,
            "speed": {"texts": len(texts), "words": words, "reference_s": t_ref, "fast_s": t_fast,
                      "warm_s": t_warm, "same": fast == ref and again == ref}}


def rows(m: dict) -> list[tuple[str, str, str, str]]:
    """(measure, figure, goal, met) rows."""
    v, cov, sp = m["validation"], m["coverage"], m["speed"]
    a_en, a_es = v["agreement"]["textblob-en"], v["agreement"]["coveragekit-es"]
    gap = a_en - a_es

    def yes(ok):
        return "yes" if ok else "**NO**"

    out = [
        (f"Pearson r, coveragekit-es (es) vs TextBlob (en), {v['n']} pairs", f"{v['pearson']:.3f}",
         f">= {GOALS['r']}", yes(v["pearson"] >= GOALS["r"])),
        (f"Spearman r, coveragekit-es (es) vs TextBlob (en), {v['n']} pairs", f"{v['spearman']:.3f}",
         f">= {GOALS['r']}", yes(v["spearman"] >= GOALS["r"])),
        (f"agreement with the labels, TextBlob on English (abs(polarity) < {v['neutral']} is neutral)", f"{a_en:.1%}", "", ""),
        (f"agreement with the labels, coveragekit-es on Spanish (abs(polarity) < {v['neutral']} is neutral)", f"{a_es:.1%}",
         f"within {100 * GOALS['agreement_gap']:.0f} points of TextBlob", yes(gap <= GOALS["agreement_gap"])),
    ]
    for lab, d in v["by_label"].items():
        out.append((f"  agreement on the {d['n']} pairs labelled {lab}: TextBlob / coveragekit-es",
                    f"{d['textblob-en']:.1%} / {d['coveragekit-es']:.1%}", "", ""))
    cov_measure = f"lexicon coverage of the Spanish demo corpus ({cov['articles']} articles, {cov['tokens']:,} word tokens)"
    cov_figure = (f"{cov['scored_share']:.1%} of tokens ({cov['scored_types']:,} of {cov['types']:,} distinct "
                  f"words); TextBlob on the English demo articles: {cov['textblob_en_share']:.1%}")
    out.append((cov_measure, cov_figure, "", ""))
    sub = m.get("subset")
    if sub is not None:
        sub_measure = (f"(diagnostic) only the {sub['rows']:,} lexicon rows rendering pattern's entries: "
                       "Pearson / Spearman / agreement")
        sub_figure = f"{sub['pearson']:.3f} / {sub['spearman']:.3f} / {sub['agreement']['coveragekit-es']:.1%}"
        out.append((sub_measure, sub_figure, "", ""))
    speed = (f"{sp['reference_s'] / sp['fast_s']:.1f}x / {sp['reference_s'] / sp['warm_s']:.1f}x "
             f"({sp['words'] / sp['warm_s']:,.0f} words/s); identical: {sp['same']}")
    out.append((f"fast kernel vs reference scorer, {sp['texts']} Spanish demo texts: first pass / memo warm",
                speed, "identical", yes(sp["same"])))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexicon", default=None, help="a Spanish lexicon CSV instead of the bundled one")
    ap.add_argument("--neutral", type=float, default=None, help="the neutral band (default 0.05)")
    args = ap.parse_args(argv)
    m = measure(lexicon=args.lexicon, neutral=args.neutral)
    print("coveragekit-es against TextBlob on the validation pairs")
    for measure_, figure, goal, met in rows(m):
        print(f"  {measure_:<92} {figure:<34} {goal:<24} {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

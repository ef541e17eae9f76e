"""Deterministic benchmark corpora, resampled from the demo corpus.

Every article is built from the demo corpus (:func:`coveragekit.load_demo`, whatever
``data/demo`` holds when it runs): its language, month and date come from a demo article
(the date moved by up to three days), its outlet (and that outlet's authors and sections)
from the demo outlets of that language, its headline from the demo headlines of a nearby
month, and its body of ~500 words (250-900) from sentences of demo articles in the same
language written within a month of it, drawn without replacement and grouped in
paragraphs of one to four sentences. Random articles in one language therefore share a
few sentences, as stories on one subject share phrases, but not whole passages.

Planted syndication: about 3% of the articles (``COPY_RATE``) are copies of an earlier
article from another outlet of the same language, published 1-48 hours later, with small
edits: a changed headline, one sentence dropped and one added (a second drop and add in
30% of copies), the last paragraph cut in 15%, a credit line in 20%. A copy of a copy is
a copy of its original. Ground truth: ``planted_cluster`` holds, for every member of a
planted cluster (the original and its copies), the original's index ("p0001234"); it is
empty for every other article. The loader keeps it as an extra column.

Article ``i`` depends only on the seed, ``i`` and the demo corpus, so the first ``n``
articles of a larger corpus are the corpus of size ``n``; the benchmark's incremental
run appends 1% new articles to the largest corpus (100,000-100,999 to the 100k one).

Run:  python bench/generate.py [--sizes 1k,10k,30k,100k] [--seed 0] [--force]

Files (under build/bench/, with a manifest that records what made them, so a second run
with the same generator, demo corpus and seed reuses them): ``articles-<size>.csv`` for
every size; ``articles-<largest>.jsonl`` and ``.parquet`` (the loading benchmark);
``articles-<largest>-new.csv``, the next 1% (the incremental run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
GENERATOR_VERSION = 1
COPY_RATE = 0.03
SIZES = {"1k": 1_000, "10k": 10_000, "30k": 30_000, "100k": 100_000}
NEW_SHARE = 0.01  # the incremental run appends this share of the largest corpus
COLUMNS = ["published_at", "outlet", "title", "text", "url", "lang", "author", "section", "planted_cluster"]

_SLUG = re.compile(r"[^a-z0-9]+")
_CREDITS = ["(Reporting by {a}; editing by {b})", "({o} contributed to this report.)",
            "Con información de {o}.", "(Additional reporting by {a})"]
_TITLE_EDITS = ["UPDATE 1-{t}", "{t} | {o}", "{t} (corrected)", "ANALYSIS-{t}", "{t}: what we know"]


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def parse_size(s: str) -> int:
    s = s.strip().lower()
    return int(float(s[:-1]) * 1000) if s.endswith("k") else int(s)


def _slug(s: str, n: int = 60) -> str:
    return _SLUG.sub("-", s.lower()).strip("-")[:n].rstrip("-")


@dataclass
class Pool:
    """What the generator resamples: the demo corpus cut into its parts."""

    articles: list  # (lang, month, published_at) of each demo article with text
    sentences: dict  # (lang, month) -> sentences of articles within a month of it
    titles: dict  # (lang, month) -> headlines of articles within a month of it
    outlets: dict  # lang -> (outlet names, cumulative weights)
    people: dict  # outlet -> (authors, sections)
    digest: str  # hash of the demo corpus content


def build_pool() -> Pool:
    from coveragekit import load_demo
    from coveragekit.text import split_sentences

    arts = load_demo(mark_duplicates=False)
    arts = arts[arts["text"].str.strip() != ""].sort_values(["published_at", "article_id"], kind="stable")
    h = hashlib.sha256()
    for col in ("published_at", "outlet", "title", "text", "lang"):
        h.update("\x1e".join(arts[col].astype(str)).encode("utf-8"))
    months = (arts["published_at"].dt.year * 12 + arts["published_at"].dt.month - 1).tolist()
    by_month: dict = {}
    titles_by_month: dict = {}
    seen: set = set()
    for lang, month, text, title in zip(arts["lang"], months, arts["text"], arts["title"]):
        for a, b in split_sentences(text, lang=lang):
            s = " ".join(text[a:b].split())
            if len(s.split()) >= 4 and s not in seen:
                seen.add(s)
                by_month.setdefault((lang, month), []).append(s)
        if title:
            titles_by_month.setdefault((lang, month), []).append(title)
    sentences, titles = {}, {}
    for lang, month in {(lg, m) for lg, m in zip(arts["lang"], months)}:
        near = [(lang, month + d) for d in (-1, 0, 1)]
        sentences[(lang, month)] = [s for k in near for s in by_month.get(k, [])]
        titles[(lang, month)] = [t for k in near for t in titles_by_month.get(k, [])] or ["(untitled)"]
    outlets = {}
    for lang, sub in arts.groupby("lang"):
        counts = sub["outlet"].value_counts().sort_index()
        cum, total = [], 0
        for c in counts:
            total += int(c)
            cum.append(total)
        outlets[lang] = (list(counts.index), cum)
    people = {}
    for outlet, sub in arts.groupby("outlet"):
        authors = sorted({a for a in sub.get("author", pd.Series([], dtype=str)).astype(str) if a}) or ["Staff"]
        sections = sorted({s for s in sub.get("section", pd.Series([], dtype=str)).astype(str) if s}) or ["news"]
        people[outlet] = (authors, sections)
    triples = list(zip(arts["lang"], months, (t.to_pydatetime() for t in arts["published_at"])))
    return Pool(articles=triples, sentences=sentences, titles=titles, outlets=outlets, people=people,
                digest=h.hexdigest())


def _pick_outlet(rng: random.Random, pool: Pool, lang: str, avoid: str | None = None) -> str:
    names, cum = pool.outlets[lang]
    for _ in range(20):
        o = rng.choices(names, cum_weights=cum)[0]
        if o != avoid or len(names) == 1:
            return o
    return next(x for x in names if x != avoid)


def _base_article(i: int, rng: random.Random, pool: Pool) -> dict:
    lang, month, date = pool.articles[rng.randrange(len(pool.articles))]
    published = date + timedelta(minutes=rng.randrange(-3 * 24 * 60, 3 * 24 * 60))
    outlet = _pick_outlet(rng, pool, lang)
    sents = pool.sentences[(lang, month)]
    target = min(900, max(250, int(rng.gauss(500, 90))))
    order = rng.sample(range(len(sents)), min(len(sents), 80))
    paragraphs, para, words, size = [], [], 0, rng.randint(1, 4)
    for k in order:
        s = sents[k]
        para.append(s)
        words += s.count(" ") + 1
        if words >= target:
            break
        if len(para) >= size:
            paragraphs.append(para)
            para, size = [], rng.randint(1, 4)
    if para:
        paragraphs.append(para)
    return {"i": i, "lang": lang, "month": month, "published_at": published, "outlet": outlet,
            "title": rng.choice(pool.titles[(lang, month)]), "paragraphs": paragraphs, "root": i}


def _copy_article(i: int, rng: random.Random, pool: Pool, orig: dict) -> dict:
    paragraphs = [list(p) for p in orig["paragraphs"]]
    outlet = _pick_outlet(rng, pool, orig["lang"], avoid=orig["outlet"])
    sents = pool.sentences[(orig["lang"], orig["month"])]
    for _ in range(2 if rng.random() < 0.3 else 1):
        flat = [(a, b) for a, p in enumerate(paragraphs) for b in range(len(p))]
        if len(flat) > 3:
            a, b = rng.choice(flat)
            del paragraphs[a][b]
            paragraphs = [p for p in paragraphs if p]
        a = rng.randrange(len(paragraphs))
        paragraphs[a].insert(rng.randint(0, len(paragraphs[a])), rng.choice(sents))
    if len(paragraphs) >= 5 and rng.random() < 0.15:
        paragraphs = paragraphs[:-1]
    authors, _ = pool.people[outlet]
    if rng.random() < 0.2:
        paragraphs.append([rng.choice(_CREDITS).format(a=rng.choice(authors), b=rng.choice(authors), o=outlet)])
    title = orig["title"]
    for _ in range(5):
        title = rng.choice(_TITLE_EDITS).format(t=orig["title"], o=outlet) if rng.random() < 0.6 else \
            rng.choice(pool.titles[(orig["lang"], orig["month"])])
        if title != orig["title"]:
            break
    published = orig["published_at"] + timedelta(minutes=rng.randrange(60, 48 * 60))
    return {"i": i, "lang": orig["lang"], "month": orig["month"], "published_at": published, "outlet": outlet,
            "title": title, "paragraphs": paragraphs, "root": orig["root"]}


def generate(n: int, *, seed: int = 0, start: int = 0, pool: Pool | None = None) -> pd.DataFrame:
    """Articles ``start`` to ``start + n - 1`` (columns :data:`COLUMNS`)."""
    pool = pool or build_pool()
    built: dict[int, dict] = {}

    def article(i: int) -> dict:
        if i in built:
            return built[i]
        rng = random.Random(f"coveragekit-bench:{seed}:{i}")
        if i > 0 and rng.random() < COPY_RATE:
            a = _copy_article(i, rng, pool, article(rng.randrange(i)))
        else:
            a = _base_article(i, rng, pool)
        built[i] = a
        return a

    rows = []
    for i in range(start, start + n):
        a = article(i)
        authors, sections = pool.people[a["outlet"]]
        rng = random.Random(f"coveragekit-bench-meta:{seed}:{i}")
        ts = a["published_at"]
        rows.append({
            "published_at": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "outlet": a["outlet"],
            "title": a["title"],
            "text": "\n\n".join(" ".join(p) for p in a["paragraphs"]),
            "url": f"https://{_slug(a['outlet'], 40)}.example/{ts:%Y/%m/%d}/{i:07d}-{_slug(a['title'])}",
            "lang": a["lang"],
            "author": rng.choice(authors),
            "section": rng.choice(sections),
            "_root": a["root"],
        })
    df = pd.DataFrame(rows)
    # Ground truth over the whole corpus 0..start+n-1: a root is planted when some article copies it.
    copied = {a["root"] for j, a in built.items() if a["root"] != j and j < start + n}
    roots = df["_root"].to_numpy()
    idx = range(start, start + n)
    df["planted_cluster"] = [f"p{r:07d}" if (r != i or r in copied) else "" for r, i in zip(roots, idx)]
    return df.drop(columns="_root")[COLUMNS]


def _key(seed: int) -> str:
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update(f"{GENERATOR_VERSION}:{seed}:{pd.__version__}".encode())
    return h.hexdigest()


def _write(df: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    if path.suffix == ".csv":
        df.to_csv(tmp, index=False, lineterminator="\n")
    elif path.suffix == ".jsonl":
        df.to_json(tmp, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(tmp, index=False)
    tmp.replace(path)


def corpus_paths(sizes, *, out: Path = OUT) -> dict:
    """Where each file lives: {(size, format): path}; ("new", "csv") is the next 1% of the
    largest corpus."""
    paths = {}
    for n in sizes:
        paths[(n, "csv")] = out / f"articles-{size_label(n)}.csv"
    big = max(sizes)
    paths[(big, "jsonl")] = out / f"articles-{size_label(big)}.jsonl"
    paths[(big, "parquet")] = out / f"articles-{size_label(big)}.parquet"
    paths[("new", "csv")] = out / f"articles-{size_label(big)}-new.csv"
    return paths


def ensure_corpora(sizes, *, seed: int = 0, out: Path = OUT, force: bool = False, log=print) -> dict:
    """Write (or reuse) the corpora for ``sizes``; return :func:`corpus_paths`."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "corpora.json"
    try:
        manifest = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    pool = build_pool()
    key = f"{_key(seed)}:{pool.digest}"
    if manifest.get("key") != key:
        manifest = {"key": key, "files": {}}
    paths = corpus_paths(sizes, out=out)
    missing = {k: p for k, p in paths.items() if force or p.name not in manifest["files"] or not p.exists()}
    if missing:
        biggest = max(n for n in sizes)
        t0 = time.perf_counter()
        full = generate(biggest, seed=seed, pool=pool)
        log(f"generated {len(full):,} articles in {time.perf_counter() - t0:.1f} s "
            f"({full['planted_cluster'].ne('').sum():,} in planted clusters)")
        for (n, fmt), p in sorted(missing.items(), key=lambda kv: str(kv[0])):
            if n == "new":
                df = generate(max(1, int(biggest * NEW_SHARE)), seed=seed, start=biggest, pool=pool)
            else:
                df = full.iloc[:n].copy()
                # a planted cluster whose copies all come later is no cluster in the prefix
                seen = df["planted_cluster"].value_counts()
                df.loc[df["planted_cluster"].map(seen).fillna(0).to_numpy() < 2, "planted_cluster"] = ""
            t0 = time.perf_counter()
            _write(df, p)
            log(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size / 1e6:.0f} MB, {time.perf_counter() - t0:.1f} s)")
            manifest["files"][p.name] = len(df)
            manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    return paths


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1k,10k,30k,100k", help="comma-separated sizes (1k, 10k, 30k, 100k)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true", help="write the files even when they are up to date")
    args = ap.parse_args(argv)
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    ensure_corpora(sizes, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

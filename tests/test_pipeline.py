"""`coveragekit analyze` and `report` end to end: outputs complete, byte-identical re-runs,
the cache, hostile strings in the report, atomic writes."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from coveragekit.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "io"
OUTPUTS = ["articles.csv", "mentions.csv", "quotes.csv", "topics.csv", "frames.csv", "timeline.csv",
           "rejected.csv", "summary.json"]


def _digests(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["analyze", "--demo", "--out", str(out), "--topics", "6", "--quiet"]) == 0
    return out


def test_analyze_writes_every_table_with_its_columns(demo_run):
    for name in OUTPUTS:
        assert (demo_run / name).exists(), name
    arts = pd.read_csv(demo_run / "articles.csv")
    for col in ["article_id", "published_at", "outlet", "title", "text", "url", "lang", "source", "n_words",
                "polarity", "subjectivity", "title_polarity", "topic", "topic_label", "dominant_frame", "dup_cluster"]:
        assert col in arts.columns, col
    assert list(pd.read_csv(demo_run / "mentions.csv").columns) == ["article_id", "actor", "kind", "n", "n_role"]
    assert list(pd.read_csv(demo_run / "quotes.csv").columns) == ["article_id", "speaker", "actor", "quote", "cue"]
    assert list(pd.read_csv(demo_run / "topics.csv").columns) == ["topic", "label", "terms", "n_articles"]
    assert list(pd.read_csv(demo_run / "frames.csv").columns) == ["article_id", "frame", "score"]
    assert list(pd.read_csv(demo_run / "timeline.csv").columns) == ["period", "metric", "group", "value", "n",
                                                                      "ci_low", "ci_high", "instrument"]
    summary = json.loads((demo_run / "summary.json").read_text())
    assert summary["counts"]["articles"] == len(arts)
    assert summary["parameters"]["n_topics"] == 6
    # each language scored by its own instrument (sentiment.policy), never TextBlob on Spanish
    assert arts.loc[arts["lang"] == "es", "polarity"].notna().all()
    assert arts.loc[arts["lang"] == "en", "polarity"].notna().all()
    assert set(arts.loc[arts["lang"] == "es", "sentiment_instrument"]) == {"coveragekit-es"}
    assert set(arts.loc[arts["lang"] == "en", "sentiment_instrument"]) == {"textblob-en"}
    assert arts.loc[arts["lang"] == "es", "vader_compound"].isna().all()  # VADER is English
    n_es, n_en = int((arts["lang"] == "es").sum()), int((arts["lang"] == "en").sum())
    assert summary["counts"]["scored_sentiment_by_instrument"] == {"coveragekit-es": n_es, "textblob-en": n_en}
    # the time series never averages the two instruments together
    tl = pd.read_csv(demo_run / "timeline.csv", keep_default_na=False)
    pol = tl[tl["metric"] == "polarity"]
    assert set(pol["instrument"]) == {"coveragekit-es", "textblob-en"}
    mexico = pol[(pol["group"] == "Mexico")]
    assert set(mexico["instrument"]) == {"coveragekit-es", "textblob-en"}  # Mexico Bulletin is English
    assert set(tl.loc[tl["metric"] == "vader_compound", "instrument"]) == {"vader-en"}
    assert set(tl.loc[tl["metric"] == "articles", "instrument"]) == {""}
    # keyness within each language, with the language named
    key = pd.read_csv(demo_run / "keyness.csv", keep_default_na=False)
    assert set(key["lang"]) == {"en", "es"}
    assert set(key.loc[key["lang"] == "es", "group"]) == {"Mexico", "Latin America"}
    spanish_stop = {"que", "los", "las", "del", "por", "para", "una", "con", "sus", "como"}
    assert not spanish_stop & set(key["word"])
    # actor sentiment names the instrument of each row
    asent = pd.read_csv(demo_run / "actor_sentiment.csv", keep_default_na=False)
    assert set(asent["sentiment_instrument"]) <= {"coveragekit-es", "textblob-en", ""}
    assert "coveragekit-es" in set(asent["sentiment_instrument"])


def test_same_input_same_bytes_even_with_another_hash_seed(demo_run, tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "coveragekit", "analyze", "--demo", "--out", str(out), "--topics", "6",
                    "--quiet"], check=True, env=env, cwd=ROOT)
    assert _digests(out) == _digests(demo_run)


def test_analyze_on_a_user_file_in_another_format(tmp_path):
    out = tmp_path / "mc"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), str(FIX / "gdelt_artlist.json"),
                 "--out", str(out), "--topics", "2", "--quiet"]) == 0
    arts = pd.read_csv(out / "articles.csv")
    assert len(arts) == 6  # 4 Media Cloud + 2 GDELT
    rejected = pd.read_csv(out / "rejected.csv")
    assert len(rejected) == 3


def test_report_escapes_hostile_strings_and_reuses_the_cache(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIX / "mediacloud_export.csv", src / "mc.csv")
    hostile = pd.DataFrame({
        "date": ["2025-09-02", "2025-09-03", "2025-09-04"],
        "outlet": ["<b>Evil</b> Outlet", "Wire", "Wire"],
        "title": ["<script>alert(1)</script>", "A normal title about the strikes", "Third story on tariffs"],
        "text": ["Body with <img src=x onerror=alert(2)> inside. The strike killed 11, Trump said.",
                 "Sheinbaum said there would be \"no invasion\" of Mexico, officials said.",
                 "Tariffs on Mexican steel rose, exporters warned."],
        "url": ["javascript:alert(3)", "https://wire.example/2", "https://wire.example/3"],
    })
    hostile.to_csv(src / "hostile.csv", index=False)
    out = tmp_path / "report"
    assert main(["report", str(src), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "<b>Evil</b>" not in html
    # the only scripts are the page's own: two JSON blocks, Vega and the explorer (no title breaks out)
    assert html.lower().count("<script") == 4
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html  # in the explorer's data, escaped
    assert "<img src=x" not in html
    static = tmp_path / "static"
    assert main(["report", str(src), "--out", str(static), "--topics", "2", "--quiet", "--static"]) == 0
    page = (static / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page.replace("http://www.w3.org", "") and "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    first = json.loads((out / "summary.json").read_text())["cache"]["stages"]
    assert all(v["hits"] == 0 for v in first.values())
    # a new article arrives: only it is scored
    extra = hostile.iloc[[1]].assign(url="https://wire.example/new", title="A new story",
                                     text="Rubio met Sheinbaum in Mexico City on Wednesday, officials said.")
    extra.to_csv(src / "new.csv", index=False)
    assert main(["report", str(src), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    second = json.loads((out / "summary.json").read_text())["cache"]["stages"]
    assert second["sentiment"] == {"hits": 7, "misses": 1}
    assert second["spans"]["misses"] == 1


def test_a_corrupt_cache_is_rebuilt_not_trusted(tmp_path):
    out = tmp_path / "r"
    args = ["report", str(FIX / "gdelt_artlist.json"), "--out", str(out), "--topics", "2", "--quiet"]
    assert main(args) == 0
    before = (out / "articles.csv").read_bytes()
    (cache,) = (out / ".coveragekit-cache").glob("sentiment-*.parquet")  # the stage's one file
    cache.write_bytes(b"PAR1 this is not a parquet file")
    assert main(args) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert any("sentiment" in p and "corrupt" in p for p in summary["cache"]["problems"])
    assert summary["cache"]["stages"]["sentiment"]["hits"] == 0
    assert (out / "articles.csv").read_bytes() == before


def test_an_interrupted_run_leaves_the_previous_outputs_intact(tmp_path):
    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "gdelt_artlist.json"), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    before = _digests(out)
    # kill a second run as soon as it starts writing: outputs are either old or complete, never half
    code = (
        "import os, sys, signal\n"
        "import coveragekit.output as o\n"
        "real = o.write_temp\n"
        "def dying(path, data):\n"
        "    if str(path).endswith('mentions.csv'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(path, data)\n"
        "o.write_temp = dying\n"
        "from coveragekit.cli import main\n"
        f"main(['analyze', {str(FIX / 'mediacloud_export.csv')!r}, '--out', {str(out)!r}, '--topics', '2', '--quiet'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT)
    assert proc.returncode != 0
    after = {name: digest for name, digest in _digests(out).items() if not name.startswith(".")}
    # every table as it was (complete tables wait in temporary files); the kit's own dot files
    # (the outputs' manifest) are compared by the last check
    assert after == {name: digest for name, digest in before.items() if not name.startswith(".")}
    # the next run clears what the killed one left
    assert main(["analyze", str(FIX / "gdelt_artlist.json"), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    assert _digests(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_run_failing_after_the_early_writes_leaves_the_previous_outputs(tmp_path, monkeypatch):
    # mentions, quotes, frames and actor sentiment are written by a worker while the
    # analysis goes on; a failure after that must not leave them new beside old articles
    import dataclasses

    from coveragekit.pipeline import outputs, stages

    out = tmp_path / "o"
    assert main(["analyze", str(FIX / "gdelt_artlist.json"), "--out", str(out), "--topics", "2", "--quiet"]) == 0
    before = _digests(out)
    monkeypatch.setattr(outputs, "_WRITE_WORKERS_FROM", 0)  # the early writes in a worker process
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")

    def failing(*args, **kwargs):
        raise RuntimeError("stopped after the per-article tables")

    at = [s.name for s in stages.ACROSS_ARTICLES].index("timeline")
    real = stages.ACROSS_ARTICLES[at]
    stages.ACROSS_ARTICLES[at] = dataclasses.replace(real, compute=failing)  # the time series fails
    try:
        with pytest.raises(RuntimeError):
            main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2", "--quiet"])
    finally:
        stages.ACROSS_ARTICLES[at] = real
    assert _digests(out) == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_writer_that_dies_leaves_no_temporary_files(tmp_path, monkeypatch):
    # a worker writing tables killed midway: the tables are written again here, and the
    # temporary files the other writers finished are not left in the output folder
    import multiprocessing

    from coveragekit import output
    from coveragekit.pipeline import outputs

    ref = tmp_path / "ref"
    assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(ref), "--topics", "2", "--quiet"]) == 0
    monkeypatch.setattr(outputs, "_WRITE_WORKERS_FROM", 0)
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    real = output.write_temp

    def dying(path, data):
        if str(path).endswith("quotes.csv") and multiprocessing.parent_process() is not None:
            os._exit(1)  # the worker process dies
        return real(path, data)

    monkeypatch.setattr(output, "write_temp", dying)
    out = tmp_path / "o"
    with pytest.warns(UserWarning, match="worker processes failed"):
        assert main(["analyze", str(FIX / "mediacloud_export.csv"), "--out", str(out), "--topics", "2",
                     "--quiet"]) == 0
    assert _digests(out) == _digests(ref)  # every table, and no temporary file beside them


def test_a_run_that_fails_stops_the_duplicate_marks(tmp_path, monkeypatch):
    from coveragekit import io
    from coveragekit.datasets import demo_paths
    from coveragekit.errors import OptionError
    from coveragekit.pipeline import analyze

    monkeypatch.setattr(io, "_BACKGROUND_MARKS_FROM", 10)
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")
    loaded = io.load_for_analysis(demo_paths())
    assert loaded.pending_marks is not None
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OptionError, match="is a file"):
        analyze(loaded, out=tmp_path / "a-file")
    assert loaded.pending_marks is None  # the worker stopped, not left running


def test_init_writes_a_project_file_that_report_reads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "project.toml"]) == 0
    text = (tmp_path / "project.toml").read_text()
    assert text.startswith("# coveragekit project file")
    shutil.copy(FIX / "gdelt_artlist.json", tmp_path / "g.json")
    (tmp_path / "p.toml").write_text('inputs = ["g.json"]\nout = "rep"\ntopics = 2\ntitle = "Test"\n')
    assert main(["report", "--config", "p.toml", "--quiet"]) == 0
    assert (tmp_path / "rep" / "report.html").exists()


def test_bad_project_file_is_one_line(tmp_path, capsys):
    p = tmp_path / "bad.toml"
    p.write_text("inputs = [unclosed\n")
    assert main(["report", "--config", str(p)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot be read" in err[0]


def test_nothing_loaded_is_one_line_and_the_reasons_are_written(tmp_path, capsys):
    src = tmp_path / "all_bad.csv"
    src.write_text("date,title\nnot-a-date,A\n2025-02-30,B\n", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["analyze", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no articles were loaded" in err[0] and "rejected.csv" in err[0]
    rejected = pd.read_csv(out / "rejected.csv")
    assert list(rejected["reason"]) == ["date 'not-a-date' could not be read",
                                        "date '2025-02-30' is not a real calendar date"]


def test_a_grown_corpus_rerun_with_the_cache_equals_a_fresh_run(tmp_path):
    """The journalist's loop: analyse, add a file, analyse again with the cache. Every
    table equals a run without any cache; the cache only saves work (loading, signatures,
    per-article stages, keyness counts)."""
    src = tmp_path / "in"
    src.mkdir()
    demo = ROOT / "data" / "demo" / "articles"
    for name in ("2025a-jan-mar.jsonl", "2025b-apr-aug.jsonl"):
        shutil.copy(demo / name, src / name)
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    opts = ["--topics", "4", "--quiet"]
    assert main(["analyze", str(src), "--out", str(cached), "--cache", *opts]) == 0
    shutil.copy(demo / "2025c-aug-sep.jsonl", src / "2025c-aug-sep.jsonl")  # new articles arrive
    assert main(["analyze", str(src), "--out", str(cached), "--cache", *opts]) == 0
    assert main(["analyze", str(src), "--out", str(fresh), *opts]) == 0
    summary = json.loads((cached / "summary.json").read_text())
    n_old = sum(1 for f in ("2025a-jan-mar.jsonl", "2025b-apr-aug.jsonl")
                for line in (demo / f).read_text("utf-8").splitlines() if line.strip())
    assert summary["cache"]["files"] == {"hits": 2, "misses": 1}
    assert summary["cache"]["stages"]["sentiment"]["hits"] == n_old
    assert summary["cache"]["stages"]["sentiment"]["misses"] == summary["counts"]["articles"] - n_old
    for f in sorted(p.name for p in fresh.iterdir() if p.is_file() and p.name != "summary.json"):
        assert (cached / f).read_bytes() == (fresh / f).read_bytes(), f


def test_reused_topics_keep_the_weights_of_articles_seen_before(tmp_path):
    out = tmp_path / "o"
    demo = ROOT / "data" / "demo" / "articles"
    assert main(["analyze", str(demo / "2025a-jan-mar.jsonl"), "--out", str(out), "--cache", "--topics", "3",
                 "--quiet"]) == 0
    first = pd.read_csv(out / "articles.csv").set_index("article_id")
    assert main(["analyze", str(demo / "2025a-jan-mar.jsonl"), str(demo / "2025d-oct.jsonl"), "--out", str(out),
                 "--cache", "--topics-mode", "reuse", "--quiet"]) == 0
    second = pd.read_csv(out / "articles.csv").set_index("article_id")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cache"]["stages"]["topic_weights"] == {"hits": len(first), "misses": len(second) - len(first)}
    cols = ["topic", "topic_weight", "topic_label"]
    pd.testing.assert_frame_equal(second.loc[first.index, cols], first[cols])
    assert set(second["topic_label"].dropna()) <= set(first["topic_label"].dropna())


def test_sorting_by_codes_equals_a_stable_sort():
    import numpy as np

    from coveragekit.cache import stably_sorted as _sorted

    rng = np.random.default_rng(1)
    n = 5000
    df = pd.DataFrame({"a": pd.array(rng.choice(["b", "a", "é", "Z", "aa", "ab", "", "ñ"], n), dtype="string"),
                       "f": pd.array(rng.choice(["text", "title"], n), dtype="string"),
                       "s": rng.integers(0, 5, n), "x": np.arange(n)})
    for by in (["a", "f", "s"], ["s", "a"], ["f"]):
        pd.testing.assert_frame_equal(_sorted(df, by), df.sort_values(by, kind="stable").reset_index(drop=True))
    with_na = df.assign(a=df["a"].where(df["s"] != 3))  # missing values: pandas' own sort
    pd.testing.assert_frame_equal(_sorted(with_na, ["a"]), with_na.sort_values(["a"], kind="stable").reset_index(drop=True))


def test_cached_rows_are_joined_as_a_merge_on_the_content_key():
    import numpy as np

    from coveragekit.cache import _rows_for

    rng = np.random.default_rng(0)
    for _ in range(300):  # repeated keys on both sides, keys with no stored rows, stored rows of no article
        n, m = int(rng.integers(0, 40)), int(rng.integers(1, 80))
        keys = rng.choice(list("abcdefgh"), n).astype(object)
        ids = np.array([f"id{i}" for i in range(n)], dtype=object)
        store = pd.DataFrame({"_key": pd.array(rng.choice(list("abcdefghij"), m), dtype="string"),
                              "v": rng.integers(0, 100, m), "f": rng.random(m),
                              "s": pd.array(rng.choice(["x", "y"], m), dtype="string")})
        merged = pd.DataFrame({"article_id": ids, "_key": keys}).merge(store, on="_key", how="inner")
        # the store in pieces, as the cache keeps it: read back (keys categorical) and new rows
        cut = int(rng.integers(0, m + 1))
        pieces = [store.iloc[:cut].astype({"_key": "category"}), store.iloc[cut:].reset_index(drop=True)]
        pieces = [p for p in pieces if len(p)]
        rows, where = _rows_for(ids, keys, pieces)
        pd.testing.assert_frame_equal(rows, merged.drop(columns="_key"))
        assert list(ids[where]) == list(merged["article_id"])
        # gathered in sorted order from rows stored sorted by the other columns (as the
        # cache stores them): as sorting the merge (ids ranked as strings)
        rank = pd.factorize(pd.Series(ids, dtype=object), sort=True)[0]
        with_na = store.assign(s=store["s"].where(store["v"] % 3 != 0))  # missing values sort last
        for table, by in ((store, ["article_id", "s", "v"]), (store, ["article_id", "f"]), (store, ["article_id"]),
                          (with_na, ["article_id", "s"])):
            want = (pd.DataFrame({"article_id": ids, "_key": keys}).merge(table, on="_key", how="inner")
                    .drop(columns="_key").sort_values(by, kind="stable").reset_index(drop=True))
            stored = table.sort_values(by[1:], kind="stable") if len(by) > 1 else table
            pieces = [stored.iloc[:cut].astype({"_key": "category"}), stored.iloc[cut:].reset_index(drop=True)]
            pieces = [p for p in pieces if len(p)]
            pd.testing.assert_frame_equal(_rows_for(ids, keys, pieces, order=(by, rank))[0], want)


def _in_workers(monkeypatch, workers: int, *, everything: bool = False):
    """Run the per-article pass in worker processes even on the small demo corpus (and
    with ``everything``, the duplicate marks, the early writes and the CSV formatting)."""
    from coveragekit import io, output
    from coveragekit.pipeline import outputs, run

    monkeypatch.setattr(run, "_WORKERS_FROM", 10)
    monkeypatch.setenv("COVERAGEKIT_JOBS", str(workers))
    if everything:
        monkeypatch.setattr(io, "_BACKGROUND_MARKS_FROM", 10)
        monkeypatch.setattr(outputs, "_WRITE_WORKERS_FROM", 0)
        monkeypatch.setattr(output, "_WORKERS_FROM", 1000)


def test_the_per_article_pass_in_workers_equals_one_process(demo_run, tmp_path, monkeypatch):
    """Sentiment, mentions, quotes, actor sentiment and frames computed in chunks by two
    worker processes (while the topics are fitted here), the duplicate marks computed by
    another meanwhile, the finished tables written by another while the analysis goes on,
    and the long tables formatted in pieces by workers, give the same files as the
    reference run, where the demo is too small for workers."""
    _in_workers(monkeypatch, 2, everything=True)
    out = tmp_path / "workers"
    assert main(["analyze", "--demo", "--out", str(out), "--topics", "6", "--quiet"]) == 0
    assert _digests(out) == _digests(demo_run)


def test_a_changed_actor_table_recomputes_only_the_actor_stages(tmp_path, monkeypatch):
    """With the cache, a new alias in the actor table makes the actor stages (mentions,
    quotes, actor sentiment) run again on every article while sentiment and frames come
    from the cache; the tables equal a run without the cache."""
    _in_workers(monkeypatch, 2)
    demo = ROOT / "data" / "demo" / "articles"
    inputs = [str(demo / "2025a-jan-mar.jsonl"), str(demo / "2025b-apr-aug.jsonl")]
    table = pd.read_csv(ROOT / "data" / "actors.csv", dtype=str, keep_default_na=False)
    row = table["actor"] == "Marco Rubio"
    assert table.loc[row, "aliases"].tolist() == ["Rubio"]
    table.loc[row, "aliases"] = "Rubio|secretary of state"  # 18 times in these two files
    changed = tmp_path / "actors.csv"
    table.to_csv(changed, index=False)
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    assert main(["analyze", *inputs, "--out", str(cached), "--cache", "--topics", "4", "--quiet"]) == 0
    before = pd.read_csv(cached / "mentions.csv")
    assert main(["analyze", *inputs, "--out", str(cached), "--cache", "--topics", "4", "--quiet",
                 "--actors", str(changed)]) == 0
    after = pd.read_csv(cached / "mentions.csv")
    rubio = [m.loc[m["actor"] == "Marco Rubio", "n"].sum() for m in (before, after)]
    assert rubio[1] > rubio[0]  # the new alias was found
    assert main(["analyze", *inputs, "--out", str(fresh), "--topics", "4", "--quiet", "--actors", str(changed)]) == 0
    stats = json.loads((cached / "summary.json").read_text())["cache"]["stages"]
    n = json.loads((fresh / "summary.json").read_text())["counts"]["articles"]
    for stage in ("spans", "quotes", "actor_sentiment"):
        assert stats[stage] == {"hits": 0, "misses": n}, stage
    for stage in ("sentiment", "frames"):
        assert stats[stage] == {"hits": n, "misses": 0}, stage
    for f in sorted(p.name for p in fresh.iterdir() if p.is_file() and p.name != "summary.json"):
        assert (cached / f).read_bytes() == (fresh / f).read_bytes(), f


def test_content_keys_hash_language_title_and_text():
    """Cache keys written by earlier runs stay valid: SHA-1 of language, title and text,
    each followed by the unit separator, in UTF-8."""
    from coveragekit.cache import content_keys

    df = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "outlet": ["X", "Y", "X", "X"],
                       "lang": ["en", "en", "es", "en"], "title": ["Título", "Título", "Título", "Título"],
                       "text": ["x", "x", "x", "x "]})
    keys = content_keys(df).tolist()
    assert keys[0] == hashlib.sha1("en\x1fTítulo\x1fx\x1f".encode()).hexdigest()
    assert keys[1] == keys[0]  # another id and outlet, the same content
    assert len({keys[0], keys[2], keys[3]}) == 3


def test_content_keys_from_arrow_columns_are_the_same_hashes():
    """Loaded articles have Arrow text columns, hashed from their UTF-8 bytes: the same
    keys as the definition, for columns in pieces, slices, empty texts and non-ASCII."""
    from coveragekit.cache import content_keys

    rows = [("en", "Título", "x"), ("es", "", "Sheinbaum: «no a la invasión»"), ("en", "T", ""),
            ("en", "Ωmega", "a\nb, \"c\""), ("", "", "")]
    want = [hashlib.sha1(f"{a}\x1f{b}\x1f{c}\x1f".encode()).hexdigest() for a, b, c in rows]
    df = pd.DataFrame(rows, columns=["lang", "title", "text"]).astype("string[pyarrow]")
    assert content_keys(df).tolist() == want
    pieces = pd.concat([df.iloc[:2], df.iloc[2:]], ignore_index=True)  # columns in two chunks
    assert pieces["text"].array.__arrow_array__().num_chunks == 2
    assert content_keys(pieces).tolist() == want
    assert content_keys(df.iloc[2:]).tolist() == want[2:]  # a slice: the rows start inside the buffers
    with_missing = df.copy()
    with_missing.loc[4, "title"] = None  # missing values: the plain way, as before ("<NA>")
    assert content_keys(with_missing).tolist()[:4] == want[:4]
    assert content_keys(with_missing).tolist()[4] == hashlib.sha1(b"\x1f<NA>\x1f\x1f").hexdigest()


def test_the_cache_adds_a_file_per_run_and_merges_them(tmp_path, monkeypatch):
    """Each re-run stores only the new articles' rows, in a new file per stage; past
    MAX_SEGMENTS files a stage is merged into one, and files no longer listed are
    deleted. The tables still equal a run without the cache."""
    from coveragekit import cache as cache_module

    monkeypatch.setattr(cache_module, "MAX_SEGMENTS", 2)
    demo = ROOT / "data" / "demo" / "articles"
    src = tmp_path / "in"
    src.mkdir()
    out, fresh = tmp_path / "cached", tmp_path / "fresh"
    store = out / ".coveragekit-cache"
    counts = []
    for name in ("2025a-jan-mar.jsonl", "2025b-apr-aug.jsonl", "2025c-aug-sep.jsonl"):
        shutil.copy(demo / name, src / name)  # one more file of new articles each time
        assert main(["analyze", str(src), "--out", str(out), "--cache", "--topics", "4", "--quiet"]) == 0
        manifest = json.loads((store / "manifest.json").read_text())
        listed = {seg["file"] for entry in manifest["stages"].values() for seg in entry["segments"]}
        on_disk = {p.name for p in store.glob("*-*.parquet")}
        assert on_disk == listed  # nothing left behind
        counts.append(len(manifest["stages"]["spans"]["segments"]))
    assert counts == [1, 2, 1]  # first run, one new file, then merged
    assert main(["analyze", str(src), "--out", str(fresh), "--topics", "4", "--quiet"]) == 0
    for f in sorted(p.name for p in fresh.iterdir() if p.is_file() and p.name != "summary.json"):
        assert (out / f).read_bytes() == (fresh / f).read_bytes(), f


def test_a_spanish_lexicon_given_with_lexicon_es_scores_the_spanish_articles_and_keys_the_cache(tmp_path):
    """--lexicon es=FILE replaces the Spanish lexicon; the sentiment stage's cache key
    changes with the file's content, so the Spanish scores are redone, not reused."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "data" / "demo" / "articles" / "2025a-jan-mar.jsonl", src / "a.jsonl")
    lex = tmp_path / "lex.csv"
    # one word: every Spanish article that says "soberanía" scores 0.5, the others 0.0
    lex.write_text("word,polarity,subjectivity,intensity,pos\nsoberanía,0.5,0.5,1,NN\n", "utf-8")
    out = tmp_path / "o"
    opts = ["--topics", "3", "--quiet", "--cache"]
    assert main(["analyze", str(src), "--out", str(out), "--lexicon", f"es={lex}", *opts]) == 0
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    es = arts[arts["lang"] == "es"]
    assert len(es) > 0
    says = es["text"].str.lower().str.contains("soberan[ií]a") | (
        (es["text"] == "") & es["title"].str.lower().str.contains("soberan[ií]a"))
    assert (es.loc[says, "polarity"].astype(float) == 0.5).all() and says.any()
    assert (es.loc[~says, "polarity"].astype(float) == 0.0).all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["parameters"]["lexicon_es"] == "lex.csv"
    # the same lexicon again: every score reused
    assert main(["analyze", str(src), "--out", str(out), "--lexicon", f"es={lex}", *opts]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cache"]["stages"]["sentiment"]["misses"] == 0
    # the file changed: the stage's key changed, every article scored again
    lex.write_text("word,polarity,subjectivity,intensity,pos\nsoberanía,-0.5,0.5,1,NN\n", "utf-8")
    assert main(["analyze", str(src), "--out", str(out), "--lexicon", f"es={lex}", *opts]) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cache"]["stages"]["sentiment"]["hits"] == 0
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert (arts.loc[(arts["lang"] == "es").to_numpy() & says.reindex(arts.index, fill_value=False).to_numpy(),
                     "polarity"].astype(float) <= 0).all()


def test_a_bad_lexicon_option_is_one_line(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["analyze", "--demo", "--out", str(out), "--lexicon", "en=x.csv"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "only the Spanish lexicon" in err[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("word,polarity,subjectivity,intensity\nbuena,2,0.5,1\n", "utf-8")
    assert main(["analyze", "--demo", "--out", str(out), "--lexicon", f"es={bad}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.csv" in err[0] and "row 2: polarity is '2'" in err[0]


def test_the_project_file_names_the_spanish_lexicon(tmp_path):
    from coveragekit.project import read_project

    (tmp_path / "p.toml").write_text('inputs = ["in"]\n[lexicon]\nes = "tables/lex.csv"\n', "utf-8")
    conf = read_project(tmp_path / "p.toml")
    assert conf["lexicon"] == {"es": str(tmp_path / "tables" / "lex.csv")}

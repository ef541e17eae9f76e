"""A stage's cache key covers the rules behind it, so a cached re-run after a rule changed
equals a fresh run (issue 15: the keys used to be fixed strings, and a re-run after the
speech verbs were edited still wrote the old quotes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import coveragekit as ck
from coveragekit import stages

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coveragekit"
DEMO = ROOT / "data" / "demo" / "articles"


def _copy_package(tmp_path: Path) -> Path:
    """A private copy of the kit's source to edit, importable through PYTHONPATH."""
    root = tmp_path / "src"
    shutil.copytree(PACKAGE, root / "coveragekit", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _analyze(src_root: Path | None, inputs: list[Path], out: Path, *, cache: bool, data: Path | None = None) -> dict:
    """``coveragekit analyze`` in a fresh interpreter running the kit from ``src_root``
    (default: the installed kit) with the data tables in ``data``."""
    env = dict(os.environ, COVERAGEKIT_DATA=str(data or ROOT / "data"), COVERAGEKIT_JOBS="1")
    if src_root is not None:
        env["PYTHONPATH"] = str(src_root)
    args = [sys.executable, "-m", "coveragekit", "analyze", *map(str, inputs), "--out", str(out),
            "--topics", "3", "--quiet"] + (["--cache"] if cache else [])
    done = subprocess.run(args, check=False, env=env, capture_output=True, text=True, cwd=out.parent)
    assert done.returncode == 0, done.stderr
    return json.loads((out / "summary.json").read_text())


def _same_tables(a: Path, b: Path) -> None:
    names = sorted(p.name for p in b.iterdir() if p.is_file() and p.name != "summary.json")
    assert names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), "utf-8")


def _copy_data(tmp_path: Path) -> Path:
    """A copy of the kit's data folder to edit, used through COVERAGEKIT_DATA."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


def test_a_removed_speech_verb_gives_the_quotes_of_a_fresh_run(tmp_path):
    data = _copy_data(tmp_path)
    inputs = [DEMO / "2025a-jan-mar.jsonl"]
    cached = tmp_path / "cached"
    first = _analyze(None, inputs, cached, cache=True, data=data)
    before = pd.read_csv(cached / "quotes.csv", keep_default_na=False)
    assert (before["cue"].str.lower() == "said").any()  # the demo's quotes use "said"

    # the speech verbs "said says say" removed from their table, as a journalist might try
    verbs = data / "rules" / "speech_verbs.csv"
    lines = verbs.read_text("utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if ln.strip() not in ("en,said", "en,says", "en,say")]
    assert len(kept) == len(lines) - 3
    verbs.write_text("".join(kept), "utf-8")
    again = _analyze(None, inputs, cached, cache=True, data=data)
    fresh = tmp_path / "fresh"
    _analyze(None, inputs, fresh, cache=False, data=data)
    _same_tables(cached, fresh)
    after = pd.read_csv(cached / "quotes.csv", keep_default_na=False)
    assert not (after["cue"].str.lower().isin(["said", "says", "say"])).any()
    assert len(after) < len(before)
    # the quote and mention stages were computed again; sentiment (no rule table) was not
    assert again["cache"]["stages"]["quotes"] == {"hits": 0, "misses": first["counts"]["articles"]}
    assert again["cache"]["stages"]["sentiment"]["misses"] == 0


def test_a_changed_sentiment_function_recomputes_the_sentiment_stage(tmp_path):
    src = _copy_package(tmp_path)
    inputs = [DEMO / "2025a-jan-mar.jsonl"]
    cached = tmp_path / "cached"
    n = _analyze(src, inputs, cached, cache=True)["counts"]["articles"]
    first = pd.read_csv(cached / "articles.csv", keep_default_na=False, na_values=[""])
    before = first["polarity"]
    # every polarity halved: a change inside one function of the sentiment module
    _edit(src / "coveragekit" / "sentiment.py", "return ps / k, ss / k", "return ps / k / 2, ss / k")
    again = _analyze(src, inputs, cached, cache=True)
    assert again["cache"]["stages"]["sentiment"] == {"hits": 0, "misses": n}
    assert again["cache"]["stages"]["spans"] == {"hits": n, "misses": 0}
    fresh = tmp_path / "fresh"
    _analyze(src, inputs, fresh, cache=False)
    _same_tables(cached, fresh)
    after = pd.read_csv(cached / "articles.csv")["polarity"]
    # TextBlob's scores halved (the Spanish instrument has a scorer of its own)
    scored = before.notna() & (before != 0) & (first["sentiment_instrument"] == "textblob-en")
    assert scored.sum() > 10
    pd.testing.assert_series_equal(after[scored], before[scored] / 2, rtol=1e-9)


def test_unchanged_rules_keep_every_stage_cached(tmp_path):
    src = _copy_package(tmp_path)
    inputs = [DEMO / "2025a-jan-mar.jsonl"]
    out = tmp_path / "o"
    n = _analyze(src, inputs, out, cache=True)["counts"]["articles"]
    again = _analyze(src, inputs, out, cache=True)
    for stage in ("sentiment", "spans", "quotes", "actor_sentiment", "frames"):
        assert again["cache"]["stages"][stage] == {"hits": n, "misses": 0}, stage


def _modules_run(call) -> set[str]:
    """The kit's modules whose functions run while ``call()`` does."""
    seen: set[str] = set()
    package = str(PACKAGE) + os.sep

    def hook(frame, event, arg):
        if event == "call":
            f = frame.f_code.co_filename
            if f.startswith(package):
                rel = Path(f).relative_to(PACKAGE).with_suffix("")
                parts = [p for p in rel.parts if p != "__init__"]
                seen.add(".".join(parts))

    sys.setprofile(hook)
    try:
        call()
    finally:
        sys.setprofile(None)
    return seen


@pytest.fixture(scope="module")
def few():
    arts = ck.load(DEMO / "2025e-nov-dec.jsonl").articles
    # English and Spanish articles, with quotes and mentions in them
    return pd.concat([arts[arts["lang"] == "en"].head(6), arts[arts["lang"] == "es"].head(4)], ignore_index=True)


def test_each_stage_lists_every_module_that_computes_it(few, monkeypatch):
    """The modules a stage lists (``coveragekit.stages``) must cover the code it runs, or
    an edit of an unlisted module would leave stale cached rows. Each per-article stage is
    computed here through the registry, as the pipeline computes it, in one process; the
    two stages that look across articles as the pipeline calls them."""
    monkeypatch.setenv("COVERAGEKIT_JOBS", "1")
    table = ck.default_actor_table()
    lexicon = ck.read_frames(None)
    from coveragekit.rules import rules_digest
    from coveragekit.sentiment_es import load_lexicon

    ctx = stages.Context(actor_table=table, matcher=ck.ActorMatcher(table), frame_lexicon=lexicon,
                         frame_scorer=ck.FrameScorer(lexicon), es_lexicon=load_lexicon(), rules=rules_digest())
    model = ck.TopicModel(n_topics=2, random_state=0).fit(ck.doc_texts(few))
    runs = {s.name: (lambda name=s.name: stages.compute_chunk(few, ctx, {name})) for s in stages.PER_ARTICLE}
    runs["topic_weights"] = lambda: model.transform(ck.doc_texts(few))
    runs["keyness"] = lambda: ck.keyness(few.assign(g=["a", "b"] * 5), by="g", top=5)
    assert set(runs) == {s.name for s in stages.PER_ARTICLE + stages.ACROSS_ARTICLES}
    # not rules: the table readers (the tables' content is in the key) and the worker pool
    # (how the work is spread, not what is computed: tests/test_parallel.py checks that
    # workers give the same rows)
    inputs = {"datasets", "io", "schema", "_parallel", "_memory"}
    for name, run in runs.items():
        ran = _modules_run(run) - inputs
        listed = set(stages.stage(name).modules)
        assert ran <= listed, f"{name}: {sorted(ran - listed)} run but not in its rules"
        assert {"sentiment", "actors", "frames", "topics", "timeseries"} & ran  # the tracer saw the method


def test_the_rules_digest_follows_the_source_of_a_module(tmp_path):
    code = textwrap.dedent("""
        import sys
        from coveragekit.cache import rules_digest
        print(rules_digest(modules=["actors"]), rules_digest(modules=["frames"]))
    """)
    src = _copy_package(tmp_path)

    def digests():
        env = dict(os.environ, PYTHONPATH=str(src), COVERAGEKIT_DATA=str(ROOT / "data"))
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path,
                              check=True).stdout.split()

    a1, f1 = digests()
    _edit(src / "coveragekit" / "actors.py", "def find_quotes(", "def _unused():\n    pass\n\n\ndef find_quotes(")
    a2, f2 = digests()
    assert a1 != a2 and f1 == f2


def test_within_one_process_the_key_names_the_rules_the_quote_finder_applies(tmp_path):
    """The quote finder compiles data/rules/ when it is imported: a speech verb removed from
    the table afterwards is still applied in that process, so the cache key must not change
    either (it would store the old rules' quotes under the new rules' key)."""
    data = _copy_data(tmp_path)
    code = textwrap.dedent("""
        import pathlib, sys
        import pandas as pd
        import coveragekit as ck
        from coveragekit.rules import rules_digest
        arts = pd.DataFrame({"article_id": ["a"], "lang": ["en"],
                             "text": ['"We will cooperate," said Ana Ruiz, a trade analyst.']})
        before = (rules_digest(), len(ck.find_quotes(arts)))
        verbs = pathlib.Path(sys.argv[1]) / "rules" / "speech_verbs.csv"
        verbs.write_text("".join(ln for ln in verbs.read_text("utf-8").splitlines(keepends=True)
                                 if ln.strip() != "en,said"), "utf-8")
        after = (rules_digest(), len(ck.find_quotes(arts)))
        print(before == after, before[1])
    """)
    env = dict(os.environ, COVERAGEKIT_DATA=str(data))
    done = subprocess.run([sys.executable, "-c", code, str(data)], env=env, capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "1"]  # the quote still found with "said", and the same key
    # a new process reads the edited table: another key, and "said" no longer a cue
    code2 = ("import pandas as pd, coveragekit as ck\nfrom coveragekit.rules import rules_digest\n"
             "arts = pd.DataFrame({'article_id': ['a'], 'lang': ['en'], "
             "'text': ['\"We will cooperate,\" said Ana Ruiz, a trade analyst.']})\n"
             "print(len(ck.find_quotes(arts)))\n")
    done = subprocess.run([sys.executable, "-c", code2], env=env, capture_output=True, text=True, cwd=tmp_path,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0"]

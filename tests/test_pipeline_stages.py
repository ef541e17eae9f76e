"""The stage registry (coveragekit.pipeline.stages)."""

from __future__ import annotations

import pandas as pd

import coveragekit as ck
from coveragekit._fast import pool
from coveragekit.pipeline import stages
from coveragekit.actors.rules import rules_digest
from coveragekit.sentiment.spanish_lexicon import load_lexicon


def _context():
    table = ck.default_actor_table()
    lexicon = ck.read_frames(None)
    return stages.Context(actor_table=table, matcher=ck.ActorMatcher(table), frame_lexicon=lexicon,
                          frame_scorer=ck.FrameScorer(lexicon), es_lexicon=load_lexicon(), rules=rules_digest())


def test_a_chunk_is_computed_in_the_process_that_computes_it(monkeypatch):
    """An engine gives a worker one chunk: the scorers inside must not start workers of
    their own, even on a chunk long enough for them to use processes elsewhere (a Dask
    worker started by `dask worker` is no pool's child, so only the guard says so)."""
    arts = ck.load(ck.datasets.demo_paths()).articles
    big = pd.concat([arts] * 3, ignore_index=True)
    n = len(big)
    # distinct texts (each is scored once), long enough together for the scorer's processes
    big = big.assign(article_id=[f"a{i}" for i in range(n)], text=[f"{t} Note {i}." for i, t in enumerate(big["text"])])
    assert big["text"].str.len().sum() > 400_000
    monkeypatch.setenv("COVERAGEKIT_JOBS", "2")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started inside a stage chunk")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    got = stages.compute_chunk(big, _context(), {"sentiment", "actor_sentiment"})
    assert len(got["sentiment"]) == len(big)
    # outside a chunk the same scorer does use processes for such a long input
    calls = []
    monkeypatch.setattr(pool, "ProcessPoolExecutor", lambda *a, **k: calls.append(1) or no_pool())
    try:
        ck.add_sentiment(big)
    except AssertionError:
        pass
    assert calls, "the threshold for worker processes was not reached: the test proves nothing"


def test_every_table_of_the_registry_is_a_field_of_the_analysis():
    import dataclasses

    fields = {f.name for f in dataclasses.fields(ck.Analysis)}
    assert {t.field for t in stages.TABLES} <= fields
    assert {s.field for s in stages.ACROSS_ARTICLES} <= fields

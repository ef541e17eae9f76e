"""Chunked runs in worker processes give what one call gives."""

import pandas as pd

import coveragekit as ck
from coveragekit._parallel import run_chunks
from coveragekit.frames import FrameScorer, score_frames


def test_chunks_in_workers_equal_one_call():
    arts = ck.load_demo(mark_duplicates=False).articles
    scorer = FrameScorer()
    whole = score_frames(arts, lexicon=scorer)
    parts = run_chunks(lambda a, b: score_frames(arts.iloc[a:b], lexicon=scorer), len(arts), min_rows=10,
                       workers=2)
    assert len(parts) > 1
    joined = pd.concat(parts, ignore_index=True).sort_values(["article_id", "frame"], kind="stable")
    pd.testing.assert_frame_equal(joined.reset_index(drop=True), whole)


def test_small_inputs_run_in_this_process():
    assert run_chunks(lambda a, b: (a, b), 5, min_rows=10) == [(0, 5)]
    assert run_chunks(lambda a, b: (a, b), 0) == []

"""The worker pool (coveragekit._fast.pool) gives what its plain reference gives: the same
chunks run one after another in this process (run_in_order), and what one call gives."""

import time

import pandas as pd

import coveragekit as ck
from coveragekit._fast.pool import chunk_bounds, run_chunks, run_in_order
from coveragekit.frames import FrameScorer, score_frames


def test_chunks_in_workers_equal_one_call():
    arts = ck.load_demo(mark_duplicates=False)
    scorer = FrameScorer()
    whole = score_frames(arts, lexicon=scorer)
    parts = run_chunks(lambda a, b: score_frames(arts.iloc[a:b], lexicon=scorer), len(arts), min_rows=10,
                       workers=2)
    assert len(parts) > 1
    joined = pd.concat(parts, ignore_index=True).sort_values(["article_id", "frame"], kind="stable")
    pd.testing.assert_frame_equal(joined.reset_index(drop=True), whole)


def test_workers_give_what_the_chunks_one_after_another_give_on_random_input():
    import numpy as np

    values = np.random.default_rng(4).normal(size=5_000)
    square_sums = lambda a, b: (a, b, float(np.sum(values[a:b] ** 2)))  # noqa: E731
    got = run_chunks(square_sums, len(values), min_rows=100, workers=2)
    assert len(got) == 8  # 2 workers x 4 chunks each
    assert got == run_in_order(square_sums, chunk_bounds(len(values), 2))
    started = start_chunks_result(square_sums, len(values), chunk_rows=700)
    assert started == run_in_order(square_sums, [(s, min(len(values), s + 700)) for s in range(0, len(values), 700)])


def test_workers_give_what_the_chunks_one_after_another_give_on_the_demo():
    arts = ck.load_demo(mark_duplicates=False)
    scorer = FrameScorer()
    chunk = lambda a, b: score_frames(arts.iloc[a:b], lexicon=scorer)  # noqa: E731
    got = run_chunks(chunk, len(arts), min_rows=10, workers=2)
    want = run_in_order(chunk, chunk_bounds(len(arts), 2))
    assert len(got) == len(want) > 1
    for g, w in zip(got, want):
        pd.testing.assert_frame_equal(g, w)


def start_chunks_result(func, n, *, chunk_rows):
    from coveragekit._fast.pool import start_chunks

    return start_chunks(func, n, chunk_rows=chunk_rows, min_rows=1, workers=2).result()


def test_small_inputs_run_in_this_process():
    assert run_chunks(lambda a, b: (a, b), 5, min_rows=10) == [(0, 5)]
    assert run_chunks(lambda a, b: (a, b), 0) == []


def test_started_chunks_run_in_workers_while_this_process_works():
    import os

    from coveragekit._fast import pool
    from coveragekit._fast.pool import start_chunks

    pending = start_chunks(lambda a, b: (time.sleep(0.5), (a, b, os.getpid()))[1], 10, chunk_rows=3, min_rows=1,
                           workers=2)
    # meanwhile, run_chunks does not start more workers: its chunks run here
    assert run_chunks(lambda a, b: (a, b, os.getpid()), 10, min_rows=1, workers=2) == [(0, 10, os.getpid())]
    got = pending.result()
    assert [(a, b) for a, b, _ in got] == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert os.getpid() not in {pid for _, _, pid in got}
    assert pool._BACKGROUND == []
    assert os.getpid() not in run_chunks(lambda a, b: os.getpid(), 10, min_rows=1, workers=2)  # workers again


def test_a_job_that_leaves_the_cores_or_has_finished_does_not_stop_workers():
    import os

    from coveragekit._fast.pool import start_chunks

    # a writer of files (holds_cores=False): run_chunks still uses its workers meanwhile
    writer = start_chunks(lambda a, b: time.sleep(1.0) or b, 2, chunk_rows=2, min_rows=1, workers=2,
                          holds_cores=False)
    assert os.getpid() not in run_chunks(lambda a, b: os.getpid(), 10, min_rows=1, workers=2)
    assert writer.result() == [2]
    # a job that has finished but is not yet collected no longer holds the cores
    done = start_chunks(lambda a, b: b, 2, chunk_rows=2, min_rows=1, workers=2)
    deadline = time.monotonic() + 30
    while done.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.getpid() not in run_chunks(lambda a, b: os.getpid(), 10, min_rows=1, workers=2)
    assert done.result() == [2]


def test_a_failing_chunk_raises_its_error_and_stops_the_workers():
    import pytest

    from coveragekit._fast import pool
    from coveragekit._fast.pool import start_chunks

    def chunk(a, b):
        if a == 4:
            raise ValueError("bad chunk")
        return a

    pending = start_chunks(chunk, 12, chunk_rows=2, min_rows=1, workers=2)
    with pytest.raises(ValueError, match="bad chunk"):
        pending.result()
    assert pool._BACKGROUND == []


def test_started_chunks_without_workers_run_when_asked():
    from coveragekit._fast.pool import start_chunks

    calls = []
    pending = start_chunks(lambda a, b: calls.append((a, b)) or b - a, 5, chunk_rows=2, min_rows=10)
    assert calls == []  # small input: nothing ran yet
    assert pending.result() == [2, 2, 1] and calls == [(0, 2), (2, 4), (4, 5)]
    cancelled = start_chunks(lambda a, b: a, 20, chunk_rows=5, min_rows=1, workers=2)
    cancelled.cancel()  # a caller that failed meanwhile
    from coveragekit._fast import pool

    assert pool._BACKGROUND == []


def test_cancel_stops_a_running_chunk_instead_of_waiting_for_it():
    # a caller that failed (or was interrupted) does not wait for a long job to finish
    from coveragekit._fast import pool
    from coveragekit._fast.pool import start_chunks

    pending = start_chunks(lambda a, b: time.sleep(60) or b, 2, chunk_rows=1, min_rows=1, workers=2)
    time.sleep(0.5)  # both chunks running
    t0 = time.monotonic()
    pending.cancel()
    assert time.monotonic() - t0 < 20
    assert pool._BACKGROUND == []

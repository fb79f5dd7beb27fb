"""Passes split over threads give the same model, bit for bit, as one thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from agents import threads
from agents.residents import FIELDS
from experiments.runner import run_model
from model.policies import CATALOGUE


def _split_finely(monkeypatch, count: int) -> None:
    """Ranges of 500+ residents over ``count`` threads, so a small town is split too."""
    monkeypatch.setattr(threads, "MIN_RANGE", 500)
    monkeypatch.setattr(threads, "_threads", count)


def test_ranges_cover_every_resident_once_in_order(monkeypatch) -> None:
    _split_finely(monkeypatch, 3)
    for n in (0, 1, 499, 1000, 1501, 60_001):
        parts = threads.ranges(n)
        covered = np.concatenate([np.arange(lo, hi) for lo, hi in parts])
        assert np.array_equal(covered, np.arange(n)), f"n={n}: ranges {parts}"
        assert len(parts) == max(1, min(3, n // 500)), f"n={n}: {len(parts)} ranges"


@pytest.mark.parametrize("lever", [None, "daycare_general"])
def test_a_run_in_three_threads_equals_the_run_in_one(monkeypatch, lever) -> None:
    config = {"residents": 4000, "years": 3, "rng": 5}
    if lever:
        config["policies"] = [CATALOGUE[lever]()]
    _split_finely(monkeypatch, 1)
    one_model, one = run_model(**config)
    _split_finely(monkeypatch, 3)
    assert len(threads.ranges(one_model.people.n)) == 3, "the run was not split"
    three_model, three = run_model(**config)
    assert one.equals(three), "the monthly results differ between one thread and three"
    for name in FIELDS:
        assert np.array_equal(one_model.people.view(name), three_model.people.view(name)), (
            f"residents' {name} differ between one thread and three"
        )


def test_a_failing_range_raises_after_every_range_has_finished(monkeypatch) -> None:
    _split_finely(monkeypatch, 3)
    finished: list[int] = []
    lock = threading.Lock()

    def kernel(lo: int, hi: int) -> None:
        if lo == 0:
            raise ValueError("first range")
        threading.Event().wait(0.05)
        with lock:
            finished.append(lo)

    with pytest.raises(ValueError, match="first range"):
        threads.split(kernel, 3000)
    assert sorted(finished) == [1000, 2000], "the other ranges had not finished"


def test_a_bad_thread_count_is_named(monkeypatch) -> None:
    monkeypatch.setenv("CARESCAPE_THREADS", "two")
    with pytest.raises(ValueError, match="CARESCAPE_THREADS = 'two'.*integer >= 1"):
        threads._default_threads()
    with pytest.raises(ValueError, match="threads = 0 .*integer >= 1"):
        threads.use(0)
    monkeypatch.setenv("CARESCAPE_THREADS", "1")
    assert threads._default_threads() == 1


def test_processes_running_models_side_by_side_take_their_share_of_the_cores(
    monkeypatch,
) -> None:
    """A pool of one process per core splits no pass; a lone model keeps every core."""
    from experiments.lifetime import worker_pool
    from experiments.sweep_run import execute_group

    monkeypatch.delenv("CARESCAPE_THREADS", raising=False)
    monkeypatch.setattr(threads, "_threads", threads._threads)  # restored afterwards
    cores = threads.cores()
    with worker_pool(2) as pool:
        seen = {pool.submit(threads.count).result() for _ in range(4)}
    assert seen == {max(1, min(cores // 2, threads.MAX_THREADS))}, f"pool of 2 on {cores} cores"
    threads.share(1)
    assert threads.count() == min(cores, threads.MAX_THREADS)
    execute_group([], per_core=True)  # a Dask task: Dask runs one per core
    assert threads.count() == 1
    monkeypatch.setenv("CARESCAPE_THREADS", "2")
    threads.use(2)  # as the variable set it when the process started
    threads.share(8)  # would be 1 thread on up to 15 cores
    assert threads.count() == 2, "the user's CARESCAPE_THREADS was overridden"

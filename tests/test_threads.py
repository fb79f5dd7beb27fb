"""Passes split over threads give the same model, bit for bit, as one thread."""

from __future__ import annotations

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


def test_a_kernel_without_a_parallel_driver_is_named(monkeypatch) -> None:
    _split_finely(monkeypatch, 3)

    def undriven(lo: int, hi: int) -> None:
        raise AssertionError("ran without a driver")

    with pytest.raises(LookupError, match=r"undriven has no driver \(agents.threads.drives\)"):
        threads.split(undriven, 3000)


def test_ranges_run_one_after_the_other_where_no_threading_layer_loads(monkeypatch) -> None:
    """The same results with the serial fallback as with numba's threads."""
    from agents.needs_kernels import carer_burden

    _split_finely(monkeypatch, 3)
    rng = np.random.default_rng(3)
    n = 3000
    given = np.where(rng.random(n) < 0.3, rng.random(n) * 30, 0.0)
    args = (
        given,
        given * 1.5,
        rng.random(n) < 0.95,
        rng.random(n) < 0.02,
        rng.integers(0, 95, n).astype(np.int16),
        rng.integers(0, 1200, n).astype(np.int32),
        rng.random(1200) < 0.05,
        3.0,
        (rng.random(n) * 20).astype(np.float32),
        rng.integers(-1, 4, n).astype(np.int8),
        2,
        1.2,
    )
    outputs = [(np.zeros(n, np.float32), np.zeros(n, np.bool_)) for _ in range(2)]
    parallel = threads.joined(carer_burden, n, *args, *outputs[0])
    monkeypatch.setattr(threads, "_serial_only", True)
    serial = threads.joined(carer_burden, n, *args, *outputs[1])
    assert len(parallel) > 50 and np.array_equal(parallel, serial), "the overburdened differ"
    assert all(np.array_equal(a, b) for a, b in zip(*outputs, strict=True)), "loads differ"


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


def test_two_models_split_side_by_side_in_two_threads_equal_their_runs_alone(
    monkeypatch,
) -> None:
    """The app runs models in threads: their split passes may run at the same time."""
    from concurrent.futures import ThreadPoolExecutor

    _split_finely(monkeypatch, 2)
    configs = [{"residents": 3000, "years": 2, "rng": seed} for seed in (7, 8)]
    alone = [run_model(**config)[1] for config in configs]
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda config: run_model(**config)[1], configs))
    for seed, (one, other) in enumerate(zip(alone, together, strict=True)):
        assert one.equals(other), f"model {seed} differs when run beside another"

"""`carescape compare` says how long it will take before it starts and as runs finish."""

from __future__ import annotations

import math

from experiments.estimate import estimate_seconds, remaining_seconds, said


def test_more_work_takes_longer_and_workers_share_it() -> None:
    base = estimate_seconds(20, 45_000, 10, 2)
    assert estimate_seconds(40, 45_000, 10, 2) > base, "twice the runs must take longer"
    assert estimate_seconds(20, 90_000, 10, 2) > base, "twice the residents must take longer"
    assert estimate_seconds(20, 45_000, 10, 1) > base, "one worker must take longer than two"
    assert 10 < base < 300, f"the headline comparison is estimated at {base:.0f} s"


def test_the_rest_is_estimated_from_the_runs_done() -> None:
    assert remaining_seconds(10.0, 5, 20) == 30.0, "15 runs left at 2 s each"
    assert math.isinf(remaining_seconds(1.0, 0, 20)), "no run done: no estimate yet"
    assert math.isinf(remaining_seconds(5.0, 1, 20, workers=2)), "the first of two parallel runs"
    assert remaining_seconds(5.0, 2, 20, workers=2) == 45.0, "two runs per 5 s, 18 left"


def test_durations_read_as_people_say_them() -> None:
    assert said(40.2) == "40 s"
    assert said(0.2) == "1 s"
    assert said(180) == "3 min"
    assert said(3900) == "1 h 5 min"

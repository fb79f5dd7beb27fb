"""How long a batch of runs will take, said before it starts and updated as runs finish.

Before the first run ends, the estimate comes from the work itself: runs x residents x
months (burn-in included) at the model's measured speed on the 2-core development
machine (``scripts/bench_speed.py``), spread over the worker processes. Once runs have
finished, the time they took says how long the rest will take on this machine.
"""

from __future__ import annotations

import math

from model.care_model import DEFAULT_BURN_IN_MONTHS

# Seconds per resident-month (setup, burn-in and run of a 45,000-resident model with a
# second run beside it on the 2-core development machine, December 2026: `make run`, 20
# runs, took 18 s); a slower machine only makes the first guess low.
SECONDS_PER_RESIDENT_MONTH = 2.0e-7
PROCESS_START_SECONDS = 2.0  # starting the worker processes and importing the model


def estimate_seconds(runs: int, residents: int, years: int, workers: int) -> float:
    """Seconds ``runs`` runs of ``residents`` for ``years`` take on ``workers`` processes."""
    months = DEFAULT_BURN_IN_MONTHS + 12 * years
    per_run = residents * months * SECONDS_PER_RESIDENT_MONTH
    rounds = math.ceil(runs / max(workers, 1))
    return PROCESS_START_SECONDS + rounds * per_run


def remaining_seconds(elapsed: float, done: int, total: int, workers: int = 1) -> float:
    """Seconds left when ``done`` of ``total`` runs took ``elapsed`` seconds.

    Infinite (no estimate yet) until each of the ``workers`` could have finished a run:
    the first runs end together, and one of them alone would halve the speed.
    """
    return elapsed / done * (total - done) if done >= max(workers, 1) else math.inf


def said(seconds: float) -> str:
    """A duration as people say it: '40 s', '3 min', '1 h 5 min'."""
    if seconds < 90:
        return f"{max(round(seconds), 1)} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"

"""Measure model speed against issue 14's targets: setup (construction incl. burn-in) and run.

Targets (issue 14, this 2-core machine): 100,000 residents x 120 months in at most 1 s;
the 45,000-resident default preset in at most 0.5 s; with ``--million``, 1,000,000
residents in at most 8 s and 1 GB peak memory (the process's peak, so the million runs
last). Imports and the compiled kernels' loading (a small warm-up run) are not timed.
Always exits 0: this is a measurement, not a test; it prints a verdict per case.

Usage: .venv/bin/python scripts/bench_speed.py [--million]   (or `make bench`)
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents import threads  # noqa: E402
from model.care_model import CareModel  # noqa: E402  (imports are not timed)


class Case(NamedTuple):
    label: str
    model: dict[str, Any]
    target_seconds: float
    target_peak_mb: float | None = None


CASES = (
    Case("100k residents", {"residents": 100_000}, 1.0),
    Case("default preset", {"preset": "default"}, 0.5),
)
MILLION = Case("1M residents", {"residents": 1_000_000}, 8.0, 1024.0)


def peak_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(case: Case) -> bool:
    """Build and run one case; print its times against its targets; True if within them."""
    started = time.perf_counter()
    model = CareModel(years=10, rng=1, **case.model)
    built = time.perf_counter()
    model.run()
    finished = time.perf_counter()
    setup, run = built - started, finished - built
    total = setup + run
    within = total <= case.target_seconds
    memory = ""
    if case.target_peak_mb is not None:
        peak = peak_mb()
        within = within and peak <= case.target_peak_mb
        memory = f", peak {peak:,.0f} MB (target {case.target_peak_mb:,.0f} MB)"
    residents = model.profile["population.residents"]
    print(
        f"{case.label:<16} {residents:>9,} x {model.years * 12} months: setup {setup:6.2f} s"
        f"  run {run:6.2f} s  total {total:6.2f} s = {total / case.target_seconds:4.2f} x "
        f"the {case.target_seconds:g} s target{memory}: {'within' if within else 'OVER'}"
    )
    return within


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark cases; return 0 whatever the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also 1,000,000 residents")
    args = parser.parse_args(argv)
    print(
        f"carescape speed: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.machine()}; setup includes the burn-in; passes split over "
        f"{threads.count()} threads from {2 * threads.MIN_RANGE:,} residents "
        "(CARESCAPE_THREADS)"
    )
    try:
        CareModel(residents=20_000, years=1, rng=1).run()  # loads the compiled kernels
        verdicts = [measure(case) for case in CASES + ((MILLION,) if args.million else ())]
    except Exception as exc:  # a measurement script reports, it does not fail the build
        print(f"benchmark failed: {type(exc).__name__}: {exc}")
        return 0
    print(f"{sum(verdicts)} of {len(verdicts)} cases within issue 14's targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Carescape against a Starsim reference of the same size, in one process (issue 14).

Carescape: the default profile at N residents for 10 years, setup (construction and
the 84-month burn-in) plus run. Starsim 3.7: N agents with two simple diseases (SIS,
SIR), a random network, births and deaths, monthly steps from 2000 to 2010 (121
steps), init plus run, after a small warm-up run so that its numba kernels are
compiled (carescape's are compiled by a warm-up too). Each side is timed ``--repeats``
times and the minimum is kept (the machine is shared); the script prints both
times, nanoseconds per resident-month and the ratio. The target is carescape at
least 3x faster per resident-month while doing far more per resident. The verdict
divides carescape's whole time (burn-in included) by the 120 months a user gets back;
a second line divides it by every month simulated (burn-in months included, in which
every mechanism runs), the engine's cost per resident-month, for information only.

Starsim is an optional benchmark dependency (``pip install -e '.[bench]'``); without
it the script says so and exits 0. Always exits 0: a measurement, not a test.

Usage: .venv/bin/python scripts/bench_starsim.py [--residents N] [--repeats R]
(or ``make bench-starsim``)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.care_model import CareModel  # noqa: E402  (imports are not timed)

YEARS = 10
TARGET_RATIO = 3.0


def time_carescape(residents: int) -> tuple[float, int, int]:
    """Seconds for one carescape run (setup incl. burn-in + run), its resident-months
    reported and the resident-months simulated (burn-in included)."""
    started = time.perf_counter()
    model = CareModel(residents=residents, years=YEARS, rng=1)
    model.run()
    seconds = time.perf_counter() - started
    reported = model.profile["population.residents"] * YEARS * 12
    simulated = reported * (YEARS * 12 + model.burn_in_months) // (YEARS * 12)
    return seconds, reported, simulated


def starsim_reference(ss, agents: int):
    """The reference simulation: SIS + SIR on a random network with births and deaths."""
    return ss.Sim(
        n_agents=agents,
        start=2000,
        stop=2000 + YEARS,
        dt=ss.month,
        rand_seed=1,
        verbose=0,
        diseases=[ss.SIS(), ss.SIR()],
        networks=ss.RandomNet(),
        demographics=[ss.Births(), ss.Deaths()],
    )


def time_starsim(ss, agents: int) -> tuple[float, int]:
    """Seconds for one Starsim run (init + run) and its agent-steps."""
    started = time.perf_counter()
    sim = starsim_reference(ss, agents)
    sim.init()
    sim.run()
    seconds = time.perf_counter() - started
    return seconds, agents * int(sim.t.npts)


def main(argv: list[str] | None = None) -> int:
    """Time both models, print the comparison; return 0 whatever the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("STARSIM_INSTALL_FONTS", "0")
    try:
        import starsim as ss
    except ImportError:
        print(
            "Starsim is not installed, so there is nothing to compare with: "
            "pip install -e '.[bench]' (starsim 3.7.2) and run again."
        )
        return 0
    print(
        f"carescape vs Starsim {ss.__version__}: {args.residents:,} residents/agents, "
        f"{YEARS} years monthly, min of {args.repeats} runs each"
    )
    CareModel(residents=2_000, years=1, rng=1).run()  # warm-up: compiled kernels, caches
    time_starsim(ss, 1_000)  # warm-up: Starsim's numba kernels
    ours = min(time_carescape(args.residents) for _ in range(args.repeats))
    theirs = min(time_starsim(ss, args.residents) for _ in range(args.repeats))
    ours_ns = ours[0] / ours[1] * 1e9
    theirs_ns = theirs[0] / theirs[1] * 1e9
    print(f"  carescape  {ours[0]:6.2f} s  {ours_ns:6.0f} ns per resident-month")
    print(f"  starsim    {theirs[0]:6.2f} s  {theirs_ns:6.0f} ns per agent-step")
    ratio = theirs_ns / ours_ns
    verdict = "meets" if ratio >= TARGET_RATIO else "below"
    print(
        f"  carescape is {ratio:.2f}x faster per resident-month "
        f"({verdict} the {TARGET_RATIO:.0f}x target)"
    )
    engine_ns = ours[0] / ours[2] * 1e9
    print(
        f"  per month simulated (burn-in included, for information): carescape "
        f"{engine_ns:.0f} ns per resident-month, {theirs_ns / engine_ns:.2f}x faster"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

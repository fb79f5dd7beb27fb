"""Where a month's time goes: milliseconds per month for each phase, the burn-in and recording.

Builds and runs the model with ``time_phases=True`` (the phase timer is off in normal
runs) for the 45,000-resident default preset and 100,000 residents x 120 months, and
prints one table per case: each phase's ms per month in the burn-in and in the run,
its share of the run, and what is outside the phases (construction before the
burn-in; Mesa's data collector). Below the table, the part of the run spent in the
compiled full-population passes (``agents.threads.split``: needs, informal care, ageing,
the end of stays, outcomes, the record's passes, the draws): the rest of a month is Python
around the organisations, the caseloads and the record. ``--residents 1000`` shows that
rest on its own (a month's cost that does not grow with the residents). A small warm-up
run first loads the compiled kernels (agents/kernels.py), a once-per-process cost printed
on its own, so that the table shows the month's steady state. Always exits 0: a
measurement, not a test.

Usage: .venv/bin/python scripts/bench_phases.py [--residents N] [--years Y] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents import threads  # noqa: E402
from model.care_model import CareModel  # noqa: E402  (imports are not timed)

CASES = (
    ("default preset", {"preset": "default"}),
    ("100k residents", {"residents": 100_000}),
)


@contextmanager
def timed_passes() -> Iterator[list[float]]:
    """Seconds spent in the split passes while active, in a one-item list (outermost calls).

    Wraps ``threads.split`` and ``threads.split_at`` wherever a module holds them, and puts
    them back on leaving.
    """
    spent = [0.0]
    depth = [0]
    originals = {"split": threads.split, "split_at": threads.split_at}

    def timing(original):
        def timed(*args, **kwargs):
            depth[0] += 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:
                    spent[0] += time.perf_counter() - started

        return timed

    holders = [
        (module, name)
        for module in list(sys.modules.values())
        for name, original in originals.items()
        if getattr(module, name, None) is original
    ]
    for module, name in holders:
        setattr(module, name, timing(originals[name]))
    try:
        yield spent
    finally:
        for module, name in holders:
            setattr(module, name, originals[name])


def profile(label: str, years: int, seed: int, **kwargs) -> None:
    """Build and run one model with the phase timer on; print its per-phase table."""
    started = time.perf_counter()
    model = CareModel(years=years, rng=seed, time_phases=True, **kwargs)
    built = time.perf_counter()
    burn_in = dict(model.phase_seconds or {})
    model.phase_seconds = {}
    with timed_passes() as in_passes:
        model.run()
    finished = time.perf_counter()
    run = model.phase_seconds
    burn_months, run_months = model.burn_in_months, model.years * 12
    setup, total_run = built - started, finished - built
    residents = model.profile["population.residents"]
    print(
        f"\n{label}: {residents:,} residents, burn-in {burn_months} + run {run_months} months; "
        f"setup {setup:.2f} s (build {setup - sum(burn_in.values()):.2f} s), run {total_run:.2f} s"
    )
    print(f"  {'phase':<16}{'burn-in ms/mo':>14}{'run ms/mo':>11}{'run share':>11}")
    names = list(dict.fromkeys([*burn_in, *run]))
    rows = [(name, burn_in.get(name, 0.0), run.get(name, 0.0)) for name in names]
    rows.append(("(other)", 0.0, total_run - sum(run.values())))
    for name, before, during in sorted(rows, key=lambda row: -row[2]):
        print(
            f"  {name:<16}{1000 * before / max(burn_months, 1):>14.2f}"
            f"{1000 * during / run_months:>11.2f}{during / total_run:>10.0%}"
        )
    per = total_run / (residents * run_months) * 1e9
    print(
        f"  total run {1000 * total_run / run_months:.2f} ms/month = "
        f"{per:.0f} ns per resident-month"
    )
    passes, rest = in_passes[0], total_run - in_passes[0]
    print(
        f"  of which in the compiled full-population passes {1000 * passes / run_months:.2f} "
        f"ms/month ({passes / total_run:.0%}); the rest {1000 * rest / run_months:.2f} ms/month"
    )


def main(argv: list[str] | None = None) -> int:
    """Profile each case; return 0 whatever the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, help="one case of this size instead of both")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cases = (
        CASES
        if args.residents is None
        else ((f"{args.residents:,}", {"residents": args.residents}),)
    )
    try:
        started = time.perf_counter()
        CareModel(residents=2_000, years=1, rng=args.seed).run()
        print(
            f"warm-up (loads the compiled kernels once per process, not timed below): "
            f"{time.perf_counter() - started:.2f} s"
        )
        for label, kwargs in cases:
            profile(label, args.years, args.seed, **kwargs)
    except Exception as exc:  # a measurement script reports, it does not fail the build
        print(f"profile failed: {type(exc).__name__}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

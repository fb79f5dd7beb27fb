"""Measure the workshop's month: scenario and baseline stepped together at 45,000 residents.

The budget (issue 12): one month with the baseline alongside in less than 0.5 s, so that
play feels live. Reports the build, the mean and worst step (snapshots included), a
rewind of five months, and the memory of one snapshot. Always exits 0: a measurement.

Usage: .venv/bin/python scripts/bench_workshop.py [residents] [months]
"""

from __future__ import annotations

import copy
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viz.workshop_session import WorkshopSession  # noqa: E402  (imports are not timed)

BUDGET_SECONDS = 0.5


def main() -> int:
    residents = int(sys.argv[1]) if len(sys.argv) > 1 else 45_000
    months = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    started = time.perf_counter()
    session = WorkshopSession(residents=residents, seed=1, years=10)
    build = time.perf_counter() - started
    times = []
    for month in range(months):
        if month == months // 2:
            session.switch("poh_ggz", True)
            session.switch("hh_norm", True)
        began = time.perf_counter()
        session.step()
        times.append(time.perf_counter() - began)
    began = time.perf_counter()
    session.rewind(months - 5)
    rewind = time.perf_counter() - began
    began = time.perf_counter()
    copy.deepcopy(session.model)
    snapshot = time.perf_counter() - began
    tracemalloc.start()
    kept = copy.deepcopy(session.model)
    size = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    del kept
    mean, worst = sum(times) / len(times), max(times)
    print(
        f"workshop, {residents:,} residents: build {build:.2f} s; one month with the baseline "
        f"alongside: mean {mean:.3f} s, worst {worst:.3f} s over {months} months "
        f"(budget {BUDGET_SECONDS} s: {'within' if worst < BUDGET_SECONDS else 'OVER'}); "
        f"rewind 5 months {rewind:.3f} s; one snapshot {snapshot:.3f} s, about {size:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

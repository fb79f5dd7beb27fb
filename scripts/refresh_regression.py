"""Refresh the regression baseline (tests/regression/baseline.csv) from the current code.

Run it only for an intended change of results, and say in the commit why they moved.
Prints which cells changed against the committed table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.regression.cases import (  # noqa: E402
    BASELINE_CSV,
    CASES,
    measure,
    read_baseline,
    write_baseline,
)


def main() -> None:
    old = read_baseline() if BASELINE_CSV.exists() else {}
    measured = {name: measure(name) for name in CASES}
    for case, values in measured.items():
        changed = [key for key, value in values.items() if old.get(case, {}).get(key) != value]
        print(f"{case:>14}: {len(changed)} of {len(values)} cells changed")
        for year, outcome in changed[:8]:
            before = old.get(case, {}).get((year, outcome))
            print(f"{'':>16}year {year} {outcome}: {before} -> {values[(year, outcome)]}")
    write_baseline(measured)
    print(f"wrote {BASELINE_CSV}")


if __name__ == "__main__":
    main()

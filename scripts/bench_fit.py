"""Benchmark: fit a municipality from its figures file, as a user would, and time it.

    python scripts/bench_fit.py [--figures FILE] [--trials N] [--seeds K] [--years Y]

Builds the profile (``carescape profile build``), then runs ``carescape calibrate
--profile`` in two parts - the first half of the trials, then the rest continuing the
same study (resumable) - and reports the wall time, the loss of the start (national
defaults) and of the fit, and how many of the municipality's own figures lie within
their band before and after. Target: a 25-45k municipality within 10 minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from experiments import figures  # noqa: E402
from experiments.calibrate import calibrate, progress_bar  # noqa: E402
from model.params import load_profile  # noqa: E402

TARGET_SECONDS = 600


def _local_within(result, local: set[str]) -> str:
    mine = [e for e in result.evaluations if e.target.name in local]
    return f"{sum(e.holds for e in mine)} of {len(mine)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", default=str(figures.figures_folder() / "default.toml"))
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--around", type=float, default=None, help="local search (fraction)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "town.toml"
        started = time.perf_counter()
        built = figures.build(args.figures, out)
        figures.write(built, out)
        local = set(load_profile(out).built_from["local_targets"])
        residents = int(built.profile["population.residents"])
        settings = dict(
            profile=out,
            seeds=tuple(range(1, args.seeds + 1)),
            years=args.years,
            out=Path(folder) / "fit",
            workers=args.workers,
            around=args.around,
        )
        first_half = args.trials // 2
        start = calibrate(trials=1, progress=None, **settings)
        part = calibrate(trials=first_half - 1, progress=progress_bar(first_half - 1), **settings)
        rest = args.trials - first_half
        result = calibrate(trials=rest, progress=progress_bar(rest), **settings)
        seconds = time.perf_counter() - started
        search = load_profile(result.profile_path).calibration["search"]
        assert part.trials == first_half and result.trials == args.trials, "resume failed"

    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    print(
        f"\nfit of {Path(args.figures).name} ({residents:,} residents): {args.trials} trials x "
        f"{args.seeds} seeds x {args.years} years"
        f", search {search}, resumed once "
        f"after {first_half} trials\n"
        f"  wall time {seconds:.0f} s ({verdict} the {TARGET_SECONDS} s target), "
        f"{seconds / args.trials:.1f} s per trial\n"
        f"  loss: start (national defaults) {start.loss:.3g} -> fitted {result.loss:.3g} "
        f"(best trial {result.best_trial})\n"
        f"  own figures within band: {_local_within(start, local)} -> "
        f"{_local_within(result, local)}; all targets "
        f"{sum(e.holds for e in start.evaluations)} -> "
        f"{sum(e.holds for e in result.evaluations)} of {len(result.evaluations)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

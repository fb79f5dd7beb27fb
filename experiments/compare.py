"""Scenario vs baseline with common random numbers, replicates and leave-one-out.

Every replicate runs the baseline and the scenario with the same seed; because each
model process draws from its own stream and decisions on subsets use keyed draws,
the two runs differ only where the policy acts (common random numbers), and the
paired difference per replicate is sharp. Replicates run in parallel processes.
For a package of several levers, the package is also run with each lever left out:
a lever's contribution is what the full package achieves beyond the package without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from experiments.lifetime import worker_pool
from experiments.output import result_set
from experiments.workers import worker_count
from model.aggregate import horizon, with_derived, yearly
from model.params import ConfigError
from model.results import NET_COST, is_district_column, kind_of  # NET_COST: re-exported
from model.scenarios import Scenario

if TYPE_CHECKING:
    from model.care_model import CareModel

# Two-sided 90% t quantiles (0.95) by degrees of freedom; 1.645 beyond 30.
_T95 = [
    6.314,
    2.920,
    2.353,
    2.132,
    2.015,
    1.943,
    1.895,
    1.860,
    1.833,
    1.812,
    1.796,
    1.782,
    1.771,
    1.761,
    1.753,
    1.746,
    1.740,
    1.734,
    1.729,
    1.725,
    1.721,
    1.717,
    1.714,
    1.711,
    1.708,
    1.706,
    1.703,
    1.701,
    1.699,
    1.697,
]


def t95(df: int) -> float:
    """The 95th percentile of Student's t (for a two-sided 90% interval)."""
    return _T95[df - 1] if 1 <= df <= len(_T95) else 1.645


@dataclass(frozen=True)
class RunSpec:
    """One model run of a comparison (picklable, for worker processes)."""

    arm: str  # "baseline", "scenario" or "without:<lever>"
    seed: int
    scenario: Scenario
    levers: tuple[str, ...] | None  # None: all levers of the scenario
    years: int
    preset: str | None
    residents: int | None


def run_one(spec: RunSpec) -> tuple[str, int, dict[str, np.ndarray]]:
    """Run one arm for one seed; returns its monthly columns, derived outcomes included.

    The district figures ride along as (months x districts) arrays under ``district.*``
    keys (``model.results.district_columns``); the replicates table leaves them out.
    """
    return _outcome(spec, _model(spec, _policies(spec)))


def run_seed(specs: Sequence[RunSpec]) -> list[tuple[str, int, dict[str, np.ndarray]]]:
    """Every arm of one seed from one built and burned-in model (``CareModel.branch``).

    The arms differ only from month 0 on, so one burn-in serves them all: the same
    results as ``run_one`` per arm (tests/test_branch.py), for the cost of one burn-in
    (84 of the 204 months of a 10-year run) instead of one per arm.
    """
    if len({_model_key(spec) for spec in specs}) != 1:
        return [run_one(spec) for spec in specs]
    base = _model(specs[0], ())
    return [_outcome(spec, base.branch(_policies(spec))) for spec in specs]


def _policies(spec: RunSpec) -> list:
    return spec.scenario.build_policies(set(spec.levers) if spec.levers is not None else None)


def _model_key(spec: RunSpec) -> tuple:
    """What the built model depends on (everything but the arm's policies)."""
    scenario = spec.scenario
    return (spec.seed, spec.years, spec.preset, spec.residents, scenario.start, scenario.profile)


def _model(spec: RunSpec, policies) -> CareModel:
    from model.care_model import CareModel

    scenario = spec.scenario
    return CareModel(
        preset=spec.preset if scenario.profile is None else None,
        profile=scenario.profile,
        residents=spec.residents,
        years=spec.years,
        rng=spec.seed,
        start=scenario.start,
        policies=policies,
    )


def _outcome(spec: RunSpec, model: CareModel) -> tuple[str, int, dict[str, np.ndarray]]:
    from model.results import district_columns, to_table

    model.run()
    table = to_table(model.records)
    columns = {name: table.column(name).to_numpy() for name in table.column_names}
    with_derived(columns)
    columns.update(district_columns(model.district_records, model.district_names))
    columns["date"] = np.asarray([d.isoformat() for d in table.column("date").to_pylist()])
    return spec.arm, spec.seed, columns


def refuse_empty(scenario: Scenario) -> None:
    """A scenario file without levers would compare the baseline with itself.

    External scenarios are in both arms, so they alone change nothing. The command line
    refuses it; the app shows the status quo for an empty choice of measures instead.
    """
    if not scenario.policies:
        raise ConfigError(
            f"scenario {scenario.name}: no [policies.*] table, so the comparison would run the "
            "baseline against itself; add a lever, e.g. [policies.poh_ggz] "
            "(`carescape scenarios` lists them)"
        )


def plan_runs(
    scenario: Scenario,
    seeds: Sequence[int],
    years: int,
    preset: str | None,
    residents: int | None,
    contributions: bool,
) -> list[RunSpec]:
    """All runs: baseline and scenario per seed, plus leave-one-out arms for packages.

    Refuses, before anything runs, a lever that starts after the last month.
    """
    scenario.check_horizon(years)
    arms: list[tuple[str, Scenario, tuple[str, ...] | None]] = [
        ("baseline", scenario.baseline(), None),
        ("scenario", scenario, None),
    ]
    levers = list(scenario.policies)
    if contributions and len(levers) > 1:
        for lever in levers:
            kept = tuple(name for name in levers if name != lever)
            arms.append((f"without:{lever}", scenario, kept))
    preset = preset or scenario.preset
    return [
        RunSpec(arm, seed, arm_scenario, kept, years, preset, residents)
        for seed in seeds
        for arm, arm_scenario, kept in arms
    ]


def run_all(
    specs: list[RunSpec], workers: int | None, progress: Callable[[int, int], None] | None = None
) -> dict[str, dict[int, dict[str, np.ndarray]]]:
    """Run specs in parallel processes (``workers``: see experiments.workers); by arm and seed."""
    workers = worker_count(workers)
    results: dict[str, dict[int, dict[str, np.ndarray]]] = {}
    by_seed: dict[int, list[RunSpec]] = {}
    for spec in specs:
        by_seed.setdefault(spec.seed, []).append(spec)
    done = 0

    def collect(batches: Iterable[list[tuple[str, int, dict[str, np.ndarray]]]]) -> None:
        nonlocal done
        for batch in batches:
            for arm, seed, columns in batch:
                results.setdefault(arm, {})[seed] = columns
            done += len(batch)
            if progress:
                progress(done, len(specs))

    if workers == 0:
        collect(map(run_seed, by_seed.values()))
        return results
    with worker_pool(workers, ["experiments.compare"]) as pool:
        collect(pool.map(run_seed, by_seed.values()))
    return results


def compare_table(
    results: dict[str, dict[int, dict[str, np.ndarray]]], arm: str = "scenario"
) -> pa.Table:
    """Per indicator and year: means of both arms and the paired difference (90% CI)."""
    seeds = sorted(results["baseline"])
    base = [yearly(results["baseline"][s]) for s in seeds]
    scen = [yearly(results[arm][s]) for s in seeds]
    names = [n for n in base[0] if n != "year"]
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "indicator",
            "kind",
            "year",
            "baseline_mean",
            "scenario_mean",
            "diff_mean",
            "diff_lo",
            "diff_hi",
            "replicates",
        )
    }
    n = len(seeds)
    for name in names:
        b = np.array([x[name] for x in base], dtype=float)
        s = np.array([x[name] for x in scen], dtype=float)
        diff = s - b
        mean = diff.mean(axis=0)
        half = t95(n - 1) * diff.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.zeros_like(mean)
        for y, year in enumerate(base[0]["year"]):
            rows["indicator"].append(name)
            rows["kind"].append(kind_of(name))
            rows["year"].append(int(year))
            rows["baseline_mean"].append(float(b[:, y].mean()))
            rows["scenario_mean"].append(float(s[:, y].mean()))
            rows["diff_mean"].append(float(mean[y]))
            rows["diff_lo"].append(float(mean[y] - half[y]))
            rows["diff_hi"].append(float(mean[y] + half[y]))
            rows["replicates"].append(n)
    return pa.table(rows)


def contributions_table(results: dict[str, dict[int, dict[str, np.ndarray]]]) -> pa.Table | None:
    """Each lever's contribution (full package minus package without it), horizon totals."""
    arms = [a for a in results if a.startswith("without:")]
    if not arms:
        return None
    seeds = sorted(results["baseline"])
    rows: dict[str, list[Any]] = {
        k: []
        for k in ("lever", "indicator", "contribution_mean", "contribution_lo", "contribution_hi")
    }
    for arm in arms:
        lever = arm.split(":", 1)[1]
        for name in CONTRIBUTION_INDICATORS:
            full = np.array([horizon(results["scenario"][s], name) for s in seeds])
            rest = np.array([horizon(results[arm][s], name) for s in seeds])
            diff = full - rest
            half = (
                t95(len(seeds) - 1) * diff.std(ddof=1) / np.sqrt(len(seeds))
                if len(seeds) > 1
                else 0.0
            )
            rows["lever"].append(lever)
            rows["indicator"].append(name)
            rows["contribution_mean"].append(float(diff.mean()))
            rows["contribution_lo"].append(float(diff.mean() - half))
            rows["contribution_hi"].append(float(diff.mean() + half))
    return pa.table(rows)


CONTRIBUTION_INDICATORS = (
    NET_COST,
    "spend_wmo_eur",
    "spend_youth_eur",
    "spend_staff_eur",
    "clients_hh",
    "clients_youth",
    "users_general",
    "unmet_need",
)


def replicates_table(results: dict[str, dict[int, dict[str, np.ndarray]]]) -> pa.Table:
    """All runs' monthly series in one long table (arm, seed, month, indicators)."""
    parts = []
    for arm, by_seed in results.items():
        for seed, columns in by_seed.items():
            size = len(columns["month"])
            data = {"arm": [arm] * size, "seed": np.full(size, seed)}
            data.update({k: v for k, v in columns.items() if not is_district_column(k)})
            parts.append(pa.table(data))
    return pa.concat_tables(parts)


COMPARE_FILES = (
    "comparison.parquet",
    "contributions.parquet",
    "replicates.parquet",
    "compare.json",
)


def write_comparison(
    out: Path,
    comparison: pa.Table,
    contributions: pa.Table | None,
    replicates: pa.Table,
    meta: dict[str, Any],
    identity: dict[str, Any],
) -> None:
    """comparison.parquet, contributions.parquet (packages), replicates.parquet, compare.json.

    One result set (``experiments.output``): the folder holds exactly these files of
    this comparison afterwards, or the previous result if writing failed.
    """
    with result_set(Path(out), identity) as files:
        files.parquet("comparison.parquet", comparison)
        if contributions is not None:
            files.parquet("contributions.parquet", contributions)
        files.parquet("replicates.parquet", replicates)
        files.json("compare.json", meta)

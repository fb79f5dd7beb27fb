"""`carescape compare`: scenario vs baseline with paired replicates, as a planner runs it.

The comparison must be trustworthy: intervals that bracket the mean, yearly figures
that are sums for flows and means for stocks (checked against the per-replicate series
written next to them), each lever's share in a package, and the same numbers whether
the replicates run in one process or in several.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from experiments.cli import main
from experiments.compare import CONTRIBUTION_INDICATORS, NET_COST, t95
from model.policies import CATALOGUE
from model.results import DERIVED, INDICATORS
from model.scenarios import load_scenario
from tests.helpers import carescape_command

REPLICATES = 3
YEARS = 2
REQUIRED_COLUMNS = (
    "indicator",
    "year",
    "baseline_mean",
    "scenario_mean",
    "diff_mean",
    "diff_lo",
    "diff_hi",
)
REQUIRED_SCENARIOS = (
    "poh-ggz",
    "hh-norm",
    "youth-demarcation",
    "front-door",
    "daycare-general",
    "case-management",
    "contribution-income",
)


def _compare(
    python,
    env,
    scenario: str,
    out: Path,
    workers: int,
    years: int = YEARS,
    replicates: int = REPLICATES,
) -> subprocess.CompletedProcess:
    args = [
        "compare",
        "--scenario",
        scenario,
        "--residents",
        "5000",
        "--years",
        str(years),
        "--replicates",
        str(replicates),
        "--workers",
        str(workers),
        "--out",
        str(out),
    ]
    return subprocess.run(
        [*carescape_command(python), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demarcation(tmp_path_factory, python, subprocess_env):
    """youth-demarcation vs baseline, 5,000 residents, 2 years, 3 replicates, 2 workers."""
    out = tmp_path_factory.mktemp("compare") / "youth-demarcation"
    child = _compare(python, subprocess_env, "youth-demarcation", out, workers=2)
    assert child.returncode == 0, f"carescape compare failed ({child.returncode}):\n{child.stderr}"
    return child, out


@pytest.fixture(scope="module")
def demarcation_one_worker(tmp_path_factory, python, subprocess_env):
    """The same comparison in a single process, under another string-hash seed."""
    out = tmp_path_factory.mktemp("compare1") / "youth-demarcation"
    env = {**subprocess_env, "PYTHONHASHSEED": "17"}
    child = _compare(python, env, "youth-demarcation", out, workers=1)
    assert child.returncode == 0, f"carescape compare failed ({child.returncode}):\n{child.stderr}"
    return out


@pytest.fixture(scope="module")
def front_door(tmp_path_factory, python, subprocess_env):
    """The front-door package (three levers) with leave-one-out contributions: 1 year, 2
    replicates (5 arms per seed)."""
    out = tmp_path_factory.mktemp("compare-fd") / "front-door"
    child = _compare(python, subprocess_env, "front-door", out, workers=2, years=1, replicates=2)
    assert child.returncode == 0, f"carescape compare failed ({child.returncode}):\n{child.stderr}"
    return out


def _rows(table: pa.Table, indicator: str) -> dict[str, list]:
    return table.filter(pc.equal(table["indicator"], indicator)).sort_by("year").to_pydict()


def _sorted(table: pa.Table) -> pa.Table:
    keys = [
        k for k in ("arm", "seed", "month", "indicator", "year", "lever") if k in table.schema.names
    ]
    return table.sort_by([(k, "ascending") for k in keys])


# -- what compare writes ----------------------------------------------------------------------
def test_compare_writes_the_comparison_the_replicates_and_its_settings(demarcation):
    _, out = demarcation
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "compare.json",
        "comparison.parquet",
        "manifest.json",
        "replicates.parquet",
    ], (
        f"a single-lever comparison should write exactly comparison.parquet, "
        f"replicates.parquet, compare.json and manifest.json (no contributions), not {written}"
    )
    meta = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert meta["seeds"] == [1, 2, 3], f"compare.json should list the paired seeds: {meta['seeds']}"
    assert meta["years"] == YEARS and meta["residents"] == 5000, f"settings not recorded: {meta}"
    assert "youth_demarcation" in meta["scenario"]["policies"], (
        f"compare.json should hold the scenario it ran: {meta['scenario']}"
    )


def test_comparison_has_the_required_columns_and_one_row_per_indicator_and_year(demarcation):
    _, out = demarcation
    table = pq.read_table(out / "comparison.parquet")
    missing = [c for c in REQUIRED_COLUMNS if c not in table.column_names]
    assert not missing, f"comparison.parquet lacks {missing}; has {table.column_names}"
    keys = list(zip(table["indicator"].to_pylist(), table["year"].to_pylist(), strict=True))
    assert len(keys) == len(set(keys)), "each (indicator, year) should appear once"
    assert set(table["year"].to_pylist()) == set(range(1, YEARS + 1)), (
        f"years should be 1..{YEARS}, not {sorted(set(table['year'].to_pylist()))}"
    )
    indicators = set(table["indicator"].to_pylist())
    for name in ("clients_youth", "users_general", "waiting_access", "spend_youth_eur", NET_COST):
        assert name in indicators, f"the comparison should report {name}"
    assert set(table["replicates"].to_pylist()) == {REPLICATES}, "every row rests on 3 replicates"


def test_every_interval_brackets_its_mean_difference(demarcation):
    _, out = demarcation
    data = pq.read_table(out / "comparison.parquet").to_pydict()
    bad = [
        (i, y, lo, m, hi)
        for i, y, lo, m, hi in zip(
            data["indicator"],
            data["year"],
            data["diff_lo"],
            data["diff_mean"],
            data["diff_hi"],
            strict=True,
        )
        if not (math.isfinite(lo) and math.isfinite(hi) and lo <= m <= hi)
    ]
    assert not bad, f"diff_lo <= diff_mean <= diff_hi should hold everywhere; broken: {bad[:5]}"


def test_the_mean_difference_is_the_difference_of_the_means(demarcation):
    _, out = demarcation
    data = pq.read_table(out / "comparison.parquet").to_pydict()
    for i, b, s, d in zip(
        data["indicator"],
        data["baseline_mean"],
        data["scenario_mean"],
        data["diff_mean"],
        strict=True,
    ):
        assert math.isclose(d, s - b, rel_tol=1e-9, abs_tol=1e-6), (
            f"{i}: the mean of paired differences {d} should equal scenario minus baseline "
            f"{s} - {b} = {s - b}"
        )


def test_the_kind_column_follows_the_results_schema(demarcation):
    _, out = demarcation
    data = pq.read_table(out / "comparison.parquet").to_pydict()
    wrong = {
        i: k
        for i, k in zip(data["indicator"], data["kind"], strict=True)
        if k != (DERIVED[i] if i in DERIVED else INDICATORS[i]).kind
    }
    assert not wrong, f"stock/flow labels disagree with model.results: {wrong}"


@pytest.mark.parametrize(
    ("indicator", "kind"), [("spend_youth_eur", "flow"), ("clients_youth", "stock")]
)
def test_yearly_figures_sum_flows_and_average_stocks_of_the_replicates(
    demarcation, indicator, kind
):
    _, out = demarcation
    assert INDICATORS[indicator].kind == kind, f"{indicator} should be a {kind}"
    series = pq.read_table(out / "replicates.parquet").to_pydict()
    yearly: dict[str, dict[int, list[float]]] = {"baseline": {}, "scenario": {}}
    for arm, seed, month, value in zip(
        series["arm"], series["seed"], series["month"], series[indicator], strict=True
    ):
        year = (month - 1) // 12
        by_seed = yearly[arm].setdefault(seed, [[] for _ in range(YEARS)])
        by_seed[year].append(value)
    reduce = np.sum if kind == "flow" else np.mean
    base = np.array(
        [[reduce(v) for v in yearly["baseline"][s]] for s in sorted(yearly["baseline"])]
    )
    scen = np.array(
        [[reduce(v) for v in yearly["scenario"][s]] for s in sorted(yearly["scenario"])]
    )
    diff = scen - base
    half = t95(REPLICATES - 1) * diff.std(axis=0, ddof=1) / np.sqrt(REPLICATES)
    rows = _rows(pq.read_table(out / "comparison.parquet"), indicator)
    for y in range(YEARS):
        expected = {
            "baseline_mean": base[:, y].mean(),
            "scenario_mean": scen[:, y].mean(),
            "diff_mean": diff[:, y].mean(),
            "diff_lo": diff[:, y].mean() - half[y],
            "diff_hi": diff[:, y].mean() + half[y],
        }
        for column, value in expected.items():
            assert math.isclose(rows[column][y], value, rel_tol=1e-9, abs_tol=1e-6), (
                f"{indicator} ({kind}) year {y + 1}: {column} should be the "
                f"{'yearly sum' if kind == 'flow' else 'yearly mean'} over the replicates, "
                f"{value}, not {rows[column][y]}"
            )


def test_replicates_hold_every_month_of_both_arms_for_every_seed(demarcation):
    _, out = demarcation
    table = pq.read_table(out / "replicates.parquet")
    runs = set(zip(table["arm"].to_pylist(), table["seed"].to_pylist(), strict=True))
    expected = {(arm, seed) for arm in ("baseline", "scenario") for seed in (1, 2, 3)}
    assert runs == expected, (
        f"replicates.parquet should hold {sorted(expected)}, not {sorted(runs)}"
    )
    assert table.num_rows == len(expected) * YEARS * 12, (
        f"{len(expected)} runs x {YEARS * 12} months should give {len(expected) * YEARS * 12} "
        f"rows, not {table.num_rows}"
    )


def test_demarcation_shows_as_less_youth_care_in_every_year(demarcation):
    _, out = demarcation
    rows = _rows(pq.read_table(out / "comparison.parquet"), "clients_youth")
    assert all(d < 0 for d in rows["diff_mean"]), (
        f"the youth-demarcation scenario should lower tailored youth-care clients every year: "
        f"differences {rows['diff_mean']}"
    )


def test_compare_prints_a_readable_yearly_table(demarcation):
    child, _ = demarcation
    for fragment in ("scenario - baseline, 90% interval", "Youth care clients", "2025", "2026"):
        assert fragment in child.stdout, f"the printed comparison lacks {fragment!r}"
    assert "Cumulative net saving" in child.stdout, "the printout should show the net saving"


def test_results_do_not_depend_on_the_number_of_worker_processes(
    demarcation, demarcation_one_worker
):
    _, two = demarcation
    for name in ("comparison.parquet", "replicates.parquet"):
        a = _sorted(pq.read_table(two / name))
        b = _sorted(pq.read_table(demarcation_one_worker / name))
        assert a.equals(b), (
            f"{name} differs between --workers 2 and --workers 1 (another process, another "
            f"hash seed): the paired seeds should fix every number"
        )


# -- packages: each lever's contribution --------------------------------------------------------
def test_a_package_reports_one_contribution_per_lever_and_indicator(front_door):
    levers = list(load_scenario("front-door").policies)
    table = pq.read_table(front_door / "contributions.parquet")
    keys = list(zip(table["lever"].to_pylist(), table["indicator"].to_pylist(), strict=True))
    expected = [(lever, name) for lever in levers for name in CONTRIBUTION_INDICATORS]
    assert sorted(keys) == sorted(expected), (
        f"contributions.parquet should have one row per lever and indicator "
        f"({len(expected)} rows); got {len(keys)}: {sorted(set(keys) ^ set(expected))[:6]}"
    )
    data = table.to_pydict()
    assert all(
        lo <= m <= hi
        for lo, m, hi in zip(
            data["contribution_lo"], data["contribution_mean"], data["contribution_hi"], strict=True
        )
    ), "every contribution interval should bracket its mean"
    arms = set(pq.read_table(front_door / "replicates.parquet")["arm"].to_pylist())
    assert arms == {"baseline", "scenario", *(f"without:{lever}" for lever in levers)}, (
        f"the package should also run once without each lever: arms {sorted(arms)}"
    )


def test_each_lever_of_the_front_door_contributes_where_it_acts(front_door):
    data = pq.read_table(front_door / "contributions.parquet").to_pydict()
    share = {
        (lever, name): m
        for lever, name, m in zip(
            data["lever"], data["indicator"], data["contribution_mean"], strict=True
        )
    }
    assert share[("hh_norm", "spend_wmo_eur")] < 0, (
        f"the HH norm framework should be what lowers Wmo spending in the package: "
        f"{share[('hh_norm', 'spend_wmo_eur')]:,.0f} EUR"
    )
    assert share[("youth_demarcation", "clients_youth")] < 0, (
        f"demarcation should be what lowers youth-care clients in the package: "
        f"{share[('youth_demarcation', 'clients_youth')]:.2f}"
    )
    assert share[("poh_ggz", "spend_staff_eur")] > 0, (
        "the POH's co-financing should show as the municipality's own cost"
    )


# -- listing ----------------------------------------------------------------------------------
def test_scenarios_lists_the_built_in_packages_and_every_policy(capsys):
    assert main(["scenarios"]) == 0, "carescape scenarios should succeed"
    listed = capsys.readouterr().out
    missing = [name for name in REQUIRED_SCENARIOS if name not in listed]
    assert not missing, f"carescape scenarios does not list {missing}:\n{listed}"
    unlisted = [name for name in CATALOGUE if name not in listed]
    assert not unlisted, f"carescape scenarios does not list the policies {unlisted}"


def test_compare_needs_at_least_two_replicates_for_an_interval(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["compare", "--scenario", "hh-norm", "--replicates", "1", "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code == 2, f"--replicates 1 should exit 2, not {code}"
    assert "replicates" in stderr, f"the message should name --replicates: {stderr!r}"
    assert not out.exists(), "nothing should be written"

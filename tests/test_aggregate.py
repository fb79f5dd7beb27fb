"""Months into years: one function, decided by the results schema, used everywhere.

A synthetic time series holding every indicator of the schema is aggregated and checked
against a plain per-year computation; derived outcomes against their definition; and
the comparison, the app's backend and the sweep analysis against the one function.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from experiments.analysis import run_values
from experiments.compare import compare_table, contributions_table
from model.aggregate import average_year, cumulative, horizon, last_year, with_derived, yearly
from model.results import (
    ARROW_SCHEMA,
    DERIVED,
    INDICATORS,
    NET_COST,
    OUTCOMES,
    REACHED,
    SCHEMA_INDICATORS,
    kind_of,
)
from viz import backend as ui_backend

MONTHS = 30  # two full years and half a third


def synthetic(seed: int, months: int = MONTHS) -> dict[str, np.ndarray]:
    """Random monthly columns for every indicator of the schema (month 1..months)."""
    rng = np.random.default_rng(seed)
    columns: dict[str, np.ndarray] = {"month": np.arange(1, months + 1, dtype=np.int32)}
    for indicator in SCHEMA_INDICATORS:
        if indicator.kind == "key":
            continue
        if pa.types.is_integer(indicator.dtype):
            columns[indicator.name] = rng.integers(0, 5000, months)
        else:
            columns[indicator.name] = rng.random(months) * 10.0 ** rng.integers(0, 7)
    columns["date"] = np.array(
        [f"{2025 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-01" for m in columns["month"]]
    )
    return columns


def as_table(columns: dict[str, np.ndarray]) -> pa.Table:
    data = dict(columns, date=[dt.date.fromisoformat(d) for d in columns["date"]])
    return pa.table(data, schema=ARROW_SCHEMA)


def by_hand(values: np.ndarray, kind: str, months: np.ndarray) -> list[float]:
    """Per year: the sum (flow) or the mean (stock) of that year's months, in a plain loop."""
    out = []
    for year in range(1, int(months.max() - 1) // 12 + 2):
        chosen = [
            float(v) for v, m in zip(values, months, strict=True) if (m - 1) // 12 + 1 == year
        ]
        out.append(sum(chosen) if kind == "flow" else sum(chosen) / len(chosen))
    return out


def test_yearly_sums_flows_and_averages_stocks_for_every_indicator():
    columns = synthetic(1)
    figures = yearly(as_table(columns))
    assert figures["year"].tolist() == [1, 2, 3], "two full years and a partial third"
    recorded = [i for i in SCHEMA_INDICATORS if i.kind != "key"]
    assert set(figures) == {"year", *(i.name for i in recorded), *DERIVED}, (
        "every recorded indicator and every derived outcome gets yearly figures"
    )
    for indicator in recorded:
        expected = by_hand(columns[indicator.name], indicator.kind, columns["month"])
        np.testing.assert_allclose(
            figures[indicator.name],
            expected,
            rtol=1e-12,
            err_msg=f"{indicator.name} is a {indicator.kind}: yearly "
            f"{'sum' if indicator.kind == 'flow' else 'mean'} expected",
        )


def test_derived_outcomes_equal_their_definition():
    columns = synthetic(2)
    figures = yearly(columns)
    months = columns["month"]
    net = columns["spend_total_eur"] + columns["spend_staff_eur"]
    reached = (
        columns["clients_wmo"]
        + columns["clients_youth"]
        + columns["users_general"]
        + columns["users_light_support"]
    )
    assert kind_of(NET_COST) == "flow" and kind_of(REACHED) == "stock"
    np.testing.assert_allclose(figures[NET_COST], by_hand(net, "flow", months), rtol=1e-12)
    np.testing.assert_allclose(figures[REACHED], by_hand(reached, "stock", months), rtol=1e-12)
    monthly = with_derived(dict(columns))
    assert np.array_equal(monthly[NET_COST], net) and np.array_equal(monthly[REACHED], reached)
    assert np.array_equal(cumulative(columns, NET_COST), np.cumsum(net)), "cumulated net cost"
    assert horizon(columns, NET_COST) == pytest.approx(net.sum(), rel=1e-12), "horizon total"
    assert horizon(columns, REACHED) == pytest.approx(reached.mean(), rel=1e-12), "horizon mean"


def test_a_table_and_a_mapping_give_the_same_figures_and_names_select():
    columns = synthetic(3)
    a, b = yearly(as_table(columns)), yearly(columns)
    assert list(a) == list(b) and all(np.array_equal(a[k], b[k]) for k in a)
    some = yearly(columns, ["births", REACHED])
    assert list(some) == ["year", "births", REACHED]
    assert np.array_equal(some[REACHED], a[REACHED])


def test_the_schema_decides_and_unknown_names_fail():
    for name, declared in OUTCOMES.items():
        assert kind_of(name) == declared.kind in ("stock", "flow"), name
    assert set(OUTCOMES) == {i.name for i in SCHEMA_INDICATORS if i.kind != "key"} | set(DERIVED)
    assert INDICATORS["places_general"].kind == "stock"
    assert INDICATORS["places_light_support"].kind == "stock"
    with pytest.raises(KeyError, match="not an outcome"):
        kind_of("spend_nothing_eur")
    with pytest.raises(ValueError, match="stock"):
        cumulative(synthetic(4), "clients_wmo")


# -- the users of the one function -------------------------------------------------------------
@pytest.fixture(scope="module")
def results() -> ui_backend.Results:
    """Synthetic paired runs of whole years, as compare.run_one returns them."""
    return {
        arm: {seed: with_derived(synthetic(100 * k + seed, 24)) for seed in (1, 2, 3)}
        for k, arm in enumerate(("baseline", "scenario", "without:x"))
    }


def test_the_comparison_table_is_the_one_yearly_function(results):
    table = compare_table(results).to_pydict()
    names = set(table["indicator"])
    assert {NET_COST, REACHED, "places_general"} <= names
    seeds = sorted(results["baseline"])
    for k, (name, year) in enumerate(zip(table["indicator"], table["year"], strict=True)):
        assert table["kind"][k] == kind_of(name)
        for arm, column in (("baseline", "baseline_mean"), ("scenario", "scenario_mean")):
            values = np.array([yearly(results[arm][s])[name][year - 1] for s in seeds])
            assert table[column][k] == values.mean(), f"{name} year {year} {arm}"
    contributions = contributions_table(results).to_pydict()
    for name, value in zip(
        contributions["indicator"], contributions["contribution_mean"], strict=True
    ):
        full = np.array([horizon(results["scenario"][s], name) for s in seeds])
        rest = np.array([horizon(results["without:x"][s], name) for s in seeds])
        assert value == (full - rest).mean(), name


def test_the_app_backend_uses_the_one_yearly_function(results):
    seeds = sorted(results["baseline"])
    comparison = compare_table(results).to_pydict()
    last = {
        name: comparison["baseline_mean"][k]
        for k, (name, year) in enumerate(
            zip(comparison["indicator"], comparison["year"], strict=True)
        )
        if year == 2
    }
    for name in (REACHED, NET_COST, "wait_weeks_access", "tailored_share", "places_general"):
        base, _, _ = ui_backend.final_year(results, name)
        assert base == np.mean([last_year(results["baseline"][s], name) for s in seeds]), name
        assert base == last[name], f"the app's final year of {name} is the comparison's last year"
    flows = ui_backend.flows(results, "scenario")
    for name in ui_backend.FLOW_COLUMNS:
        expected = np.mean([average_year(results["scenario"][s], name) for s in seeds])
        assert flows[name] == expected, name
    saving = ui_backend.series(results, ui_backend.CUMULATIVE_SAVINGS)
    base = np.array([cumulative(results["baseline"][s], NET_COST) for s in seeds])
    scen = np.array([cumulative(results["scenario"][s], NET_COST) for s in seeds])
    assert np.array_equal(saving.diff.mean, (base - scen).mean(axis=0)), "baseline minus scenario"


def test_the_sweep_analysis_uses_the_one_yearly_function(results):
    outputs = ["births", "clients_wmo", "spend_total_eur", "tailored_share"]
    frames = []
    for run, seed in enumerate(sorted(results["scenario"])):
        columns = results["scenario"][seed]
        frames.append(
            pd.DataFrame(
                {"run": run, "point": 0, "replicate": seed, "month": columns["month"]}
            ).assign(**{o: columns[o] for o in outputs})
        )
    monthly = pd.concat(frames, ignore_index=True)
    for year, pick in (("1", lambda v: v[0]), ("last", lambda v: v[-1]), ("all", np.mean)):
        values = run_values(monthly, outputs, 2, year)
        for run, seed in enumerate(sorted(results["scenario"])):
            figures = yearly(results["scenario"][seed], outputs)
            row = values[values["run"] == run].iloc[0]
            for name in outputs:
                assert row[name] == float(pick(figures[name])), f"{name} year={year} run {run}"

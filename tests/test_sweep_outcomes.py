"""Sweep outcomes: the schema's net cost as an ordinary output, and a spec's own outcomes."""

from __future__ import annotations

import io

import numpy as np
import pytest

from experiments.analysis import analyze, format_report
from experiments.compare import plan_runs, run_all
from experiments.sweep import parse_spec
from experiments.sweep_run import run_sweep
from model.aggregate import yearly
from model.params import ConfigError
from model.scenarios import load_scenario

SEEDS = [1, 2]
RESIDENTS = 3000


def staff_cost(figures):
    """A function outcome for the tests: the staff cost (access team, measures) in the window."""
    return float(np.sum(figures["spend_staff_eur"]))


def spec_of(**head):
    raw = {"sweep": {"name": "t", "years": 1, "seeds": SEEDS, **head}}
    raw["sweep"].setdefault("constants", {"population.residents": RESIDENTS})
    return parse_spec(raw, "test")


@pytest.fixture(scope="module")
def case_management(tmp_path_factory):
    """Case management off and on (same seeds), net cost and own outcomes stored."""
    out = tmp_path_factory.mktemp("outcomes") / "out"
    spec = spec_of(
        scenario="case-management",
        outputs=["net_cost_eur", "spend_total_eur"],
        vary=[{"path": "policies.case_management.enabled", "values": [False, True]}],
        outcomes=[
            {"name": "staff_by_expr", "expr": "sum(net_cost_eur) - sum(spend_total_eur)"},
            {
                "name": "staff_by_function",
                "function": "tests.test_sweep_outcomes:staff_cost",
                "inputs": ["spend_staff_eur"],
                "label": "Cost of the measures",
                "unit": "EUR",
            },
        ],
    )
    run_sweep(spec, out, workers=0, progress=False, log=io.StringIO())
    return out, analyze(out, plots=False)


def test_net_cost_from_a_sweep_equals_compares_net_cost_for_the_same_seeds(case_management):
    _, report = case_management
    scenario = load_scenario("case-management")
    runs = plan_runs(scenario, SEEDS, 1, None, RESIDENTS, contributions=False)
    results = run_all(runs, workers=0)
    values = report.summary.set_index(["policies.case_management.enabled", "output"])["mean"]
    for enabled, arm in ((False, "baseline"), (True, "scenario")):
        expected = np.mean(
            [yearly(results[arm][s], ["net_cost_eur"])["net_cost_eur"][0] for s in SEEDS]
        )
        got = values[(enabled, "net_cost_eur")]
        assert got == pytest.approx(expected, rel=1e-12), (
            f"net cost with case management {enabled}: sweep {got:,.0f} vs compare {expected:,.0f}"
        )


def test_net_cost_includes_the_measures_own_cost(case_management):
    _, report = case_management
    on = report.summary[report.summary["policies.case_management.enabled"]]
    by_output = on.set_index("output")["mean"]
    assert by_output["net_cost_eur"] > by_output["spend_total_eur"], (
        "with case management on, net cost should exceed care spending by the staff cost: "
        f"{by_output['net_cost_eur']:,.0f} vs {by_output['spend_total_eur']:,.0f}"
    )


def test_an_expression_outcome_and_a_function_outcome_agree(case_management):
    _, report = case_management
    table = report.summary.pivot(index="point", columns="output", values="mean")
    assert np.allclose(table["staff_by_expr"], table["staff_by_function"], rtol=1e-9), (
        f"net cost minus spending should be the staff cost:\n{table}"
    )
    assert table.loc[1, "staff_by_function"] > table.loc[0, "staff_by_function"], (
        f"case management's extra staff should cost money:\n{table}"
    )


def test_the_report_labels_a_spec_outcome_with_its_own_label(case_management):
    _, report = case_management
    text = format_report(report)
    assert "Cost of the measures (staff_by_function, EUR)" in text, text
    assert "Net cost including the measures" in text, f"the schema's label for net cost:\n{text}"


def test_the_expression_window_picks_its_years(tmp_path):
    out = tmp_path / "out"
    spec = spec_of(
        years=2,
        seeds=[1],
        outputs=["births"],
        outcomes=[
            {"name": "births_1", "expr": "sum(births)", "years": 1},
            {"name": "births_2", "expr": "last(births)", "years": [2, 2]},
            {"name": "births_both", "expr": "sum(births)"},
        ],
    )
    run_sweep(spec, out, workers=0, progress=False, log=io.StringIO())
    values = analyze(out, plots=False).summary.set_index("output")["mean"]
    first = analyze(out, year=1, plots=False).summary.set_index("output")["mean"]
    assert values["births_1"] == first["births"], "years = 1 is the first year's births"
    assert values["births_2"] == values["births"], "years = [2, 2] is the last year's births"
    assert values["births_both"] == values["births_1"] + values["births_2"], "all years summed"


@pytest.mark.parametrize(
    ("expr", "problem"),
    [
        ("__import__('os').system('true')", "is not allowed"),
        ("clients_youth.real", "is not allowed"),
        ("clients_youth", "one figure per year"),
        ("mean(clients_yuth)", "did you mean clients_youth"),
        ("clients_youth ** 2", "is not allowed"),
        ("mean(1)", "needs figures per year"),
        ("mean(clients_youth, clients_wmo)", "exactly one argument"),
        ("exp(mean(clients_youth))", "is not allowed"),
        ("mean(clients_youth", "not a valid expression"),
        ("2", "reads no indicator"),
    ],
)
def test_a_bad_expression_names_the_outcome_the_text_and_what_is_allowed(expr, problem):
    with pytest.raises(ConfigError) as caught:
        spec_of(outcomes=[{"name": "mine", "expr": expr}])
    message = str(caught.value)
    assert "'mine'" in message and repr(expr) in message, f"names outcome and text: {message}"
    assert problem in message, f"should say {problem!r}: {message}"
    if problem == "is not allowed":
        assert "allowed: indicator names" in message, f"should list what is allowed: {message}"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"name": "x", "function": "no_such_module_here:f"}, "cannot be imported"),
        ({"name": "x", "function": "numpy:no_such_function"}, "has no function"),
        ({"name": "x", "function": "numpy.mean"}, "module:function"),
        ({"name": "x", "expr": "mean(births)", "years": [2, 3]}, "the sweep's years"),
        ({"name": "x"}, "give expr"),
        ({"name": "net_cost_eur", "expr": "mean(births)"}, "is an indicator already"),
        ({"name": "x", "expr": "mean(births)", "inputs": ["births"]}, "inputs is for a function"),
    ],
)
def test_a_bad_outcome_entry_is_refused_with_the_reason(entry, problem):
    with pytest.raises(ConfigError, match=problem):
        spec_of(outcomes=[entry])


def test_derived_outcomes_are_valid_outputs_and_listed_by_default():
    spec = spec_of()
    assert {"net_cost_eur", "reached"} <= set(spec.outputs), "derived outcomes are outputs"
    assert "net_cost_eur" in spec.stored, "and stored in each run's part"

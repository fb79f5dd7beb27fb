"""The EMA Workbench adapter: inputs and outcomes from the registry; experiments and PRIM."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ema_workbench")

from ema_workbench import (  # noqa: E402
    BooleanParameter,
    CategoricalParameter,
    IntegerParameter,
    RealParameter,
    perform_experiments,
)
from ema_workbench.analysis import prim  # noqa: E402

from experiments.ema import (  # noqa: E402
    carescape_model,
    ema_name,
    ema_parameter,
    lever_paths,
    model_from_spec,
    prim_inputs,
    uncertainty_paths,
)
from experiments.sweep import parse_spec  # noqa: E402
from model.params import REGISTRY, ConfigError  # noqa: E402


def test_parameter_types_and_ranges_come_from_the_registry():
    real = ema_parameter("adult_needs.help_seeking")
    integer = ema_parameter("population.districts")
    choice = ema_parameter("contribution.regime")
    switch = ema_parameter("policies.hh_norm.enabled")
    spec = REGISTRY["adult_needs.help_seeking"]
    assert isinstance(real, RealParameter), f"a real parameter should be real: {real!r}"
    assert (real.lower_bound, real.upper_bound) == (spec.low, spec.high), (
        "without bounds the registry's range should be used"
    )
    assert isinstance(integer, IntegerParameter), f"districts are integers: {integer!r}"
    assert isinstance(choice, CategoricalParameter), f"a choice is categorical: {choice!r}"
    assert [c.value for c in choice.categories] == ["flat", "income"], "the registry's choices"
    assert isinstance(switch, BooleanParameter), f"enabled is a boolean: {switch!r}"


def test_all_assumptions_of_a_section_become_uncertainties():
    paths = uncertainty_paths(["network"], assumptions_only=True)
    expected = [n for n, p in REGISTRY.items() if n.startswith("network.") and p.is_assumption]
    assert paths == expected, f"the network section's assumptions expected: {paths}"
    model = carescape_model(uncertainties=paths, levers=lever_paths(["poh_ggz"]), years=1)
    assert len(model.uncertainties) == len(expected), "one EMA uncertainty per path"
    assert {lever.name for lever in model.levers} >= {"policies__poh_ggz__coverage"}, (
        "the POH lever's parameters should be levers"
    )


def test_names_are_identifiers_and_the_function_gets_dotted_paths():
    parameter = ema_parameter(("policies.poh_ggz.coverage", 0.2, 0.8))
    assert parameter.name == "policies__poh_ggz__coverage", f"EMA name: {parameter.name}"
    assert parameter.name.isidentifier(), "EMA 3 requires identifiers as names"
    assert parameter.variable_name == ["policies.poh_ggz.coverage"], (
        f"the model function should receive the dotted path: {parameter.variable_name}"
    )
    assert ema_name("a.b.c") == "a__b__c", "dots become double underscores"


@pytest.mark.parametrize(
    "entry, kind, fragment",
    [
        ("adult_needs.help_seeking", "lever", "is an uncertainty, not a lever"),
        (("adult_needs.help_seeking", 0.1, 2.0), None, "out of range"),
        (("adult_needs.help_seeking", 0.3, 0.1), None, "must be below"),
        ("adult_needs.help_seekin", None, "adult_needs.help_seeking"),
    ],
)
def test_bad_inputs_fail_with_the_registry_message(entry, kind, fragment):
    with pytest.raises(ConfigError) as caught:
        ema_parameter(entry, kind)
    assert fragment in str(caught.value), f"{entry!r}: expected {fragment!r} in {caught.value}"


def test_model_function_runs_carescape_and_returns_the_outcomes():
    model = carescape_model(
        uncertainties=["adult_needs.help_seeking"],
        outcomes=["clients_wmo", "clients_youth"],
        series=["clients_wmo"],
        residents=3000,
        years=1,
        seed=5,
    )
    result = model.function(**{"adult_needs.help_seeking": np.float64(0.2)})
    assert set(result) == {"clients_wmo", "clients_youth", "clients_wmo_series"}, (
        f"outcomes should be the chosen indicators and the series: {sorted(result)}"
    )
    assert result["clients_wmo_series"].shape == (12,), "one value per month for a series"
    assert result["clients_wmo"] == pytest.approx(result["clients_wmo_series"].mean()), (
        "a stock's scalar outcome is the last year's mean"
    )


def test_unknown_outcome_is_refused():
    with pytest.raises(ConfigError, match="not an indicator"):
        carescape_model(outcomes=["clients"], residents=3000, years=1)


def test_a_sweep_spec_becomes_an_ema_model_with_uncertainties_and_levers():
    spec = parse_spec(
        {
            "sweep": {
                "name": "front-door",
                "years": 1,
                "design": "lhs",
                "samples": 4,
                "outputs": ["clients_wmo"],
                "constants": {"population.residents": 3000},
                "vary": [
                    {"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3},
                    {"path": "policies.case_management.intensity", "low": 0.0, "high": 1.0},
                ],
            }
        },
        "inline",
    )
    model = model_from_spec(spec)
    assert [u.name for u in model.uncertainties] == ["adult_needs__help_seeking"], "uncertainties"
    assert [lever.name for lever in model.levers] == ["policies__case_management__intensity"], (
        "levers"
    )
    assert model.name.isidentifier(), f"the EMA model name must be an identifier: {model.name}"
    assert model.function.constants == {"population.residents": 3000}, "constants carried over"


@pytest.mark.slow
def test_perform_experiments_and_prim_run_on_carescape():
    model = carescape_model(
        uncertainties=[
            ("youth_needs.onset_rate", 0.04, 0.14),
            "adult_needs.help_seeking",
            ("population.districts", 2, 6),
        ],
        levers=["policies.poh_ggz.coverage"],
        outcomes=["clients_youth", "clients_wmo"],
        residents=3000,
        years=1,
        seed=3,
    )
    experiments, outcomes = perform_experiments(
        model,
        scenarios=16,
        policies=2,
        uncertainty_sampling_kwargs={"rng": 1},
        lever_sampling_kwargs={"rng": 2},
    )
    assert len(experiments) == 32, f"16 scenarios x 2 policies = 32 experiments: {len(experiments)}"
    youth = outcomes["clients_youth"]
    assert youth.shape == (32,) and np.isfinite(youth).all(), "one finite outcome per experiment"
    x = prim_inputs(experiments, model)
    assert all(x[c].dtype.kind == "f" for c in x.columns), f"PRIM inputs as floats: {x.dtypes}"
    high = youth > np.median(youth)
    analysis = prim.Prim(x, high)
    found = analysis.find_box()
    stats = analysis.stats_to_dataframe().iloc[-1]
    assert 0 < stats["coverage"] <= 1 and stats["density"] > high.mean(), (
        f"PRIM should find a box denser in high youth care than the whole sample: {stats}"
    )
    bounded = analysis.boxes_to_dataframe().index.get_level_values(0)
    assert "youth_needs__onset_rate" in bounded, (
        f"the onset of youth problems should bound the box of high youth care:\n"
        f"{found.box_lims[-1]}"
    )

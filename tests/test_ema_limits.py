"""The EMA adapter's limits lifted: policy uncertainties, seeds, replicates, arms, outcomes."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("ema_workbench")

from ema_workbench import (  # noqa: E402
    CategoricalParameter,
    IntegerParameter,
    perform_experiments,
)

from experiments.ema import arm_policies, carescape_model, ema_parameter, model_from_spec  # noqa: E402
from experiments.sweep import parse_spec  # noqa: E402
from model.aggregate import yearly  # noqa: E402
from model.care_model import CareModel  # noqa: E402
from model.params import ConfigError, resolve_profile  # noqa: E402
from model.policies import CATALOGUE  # noqa: E402
from model.results import to_table  # noqa: E402

RESIDENTS, YEARS = 4000, 1


def direct(seed: int, outputs: list[str], policies=(), **overrides) -> dict[str, float]:
    """The last year's figures of a plain CareModel run (the adapter's reference)."""
    model = CareModel(
        preset=None,
        profile=resolve_profile("default", None),
        years=YEARS,
        rng=seed,
        policies=[CATALOGUE[name](**params) for name, params in policies],
        overrides={"population.residents": RESIDENTS, **overrides},
    )
    model.run()
    figures = yearly(to_table(model.records), outputs)
    return {name: float(figures[name][-1]) for name in outputs}


def spec_of(**sweep) -> object:
    head = {
        "name": "ema-limits",
        "years": YEARS,
        "constants": {"population.residents": RESIDENTS},
        **sweep,
    }
    return parse_spec({"sweep": head}, "inline")


# -- a: a policy's own parameters as uncertainties ------------------------------------------
def test_a_policy_parameter_can_be_an_uncertainty_and_the_run_uses_its_value():
    model = carescape_model(
        uncertainties=[("policies.poh_ggz.coverage", 0.1, 0.9)],
        outcomes=["clients_wmo", "spend_staff_eur"],
        residents=RESIDENTS,
        years=YEARS,
        seed=4,
    )
    assert [u.name for u in model.uncertainties] == ["policies__poh_ggz__coverage"], (
        "a policy parameter given as an uncertainty should be an EMA uncertainty"
    )
    assert model.levers == [] or len(model.levers) == 0, "and not a lever"
    got = model.function(**{"policies.poh_ggz.coverage": np.float64(0.9)})
    want = direct(4, ["clients_wmo", "spend_staff_eur"], [("poh_ggz", {"coverage": 0.9})])
    assert got == pytest.approx(want, rel=0, abs=0), (
        f"the run should use coverage 0.9 exactly as a direct run does: {got} vs {want}"
    )


def test_a_profile_parameter_still_cannot_be_a_lever():
    with pytest.raises(ConfigError, match="is an uncertainty, not a lever"):
        ema_parameter("adult_needs.help_seeking", "lever")


def test_a_spec_can_declare_a_policy_parameter_an_uncertainty():
    spec = spec_of(
        design="lhs",
        samples=4,
        vary=[
            {"path": "policies.poh_ggz.coverage", "low": 0.2, "high": 0.8, "kind": "uncertainty"},
            {"path": "policies.case_management.intensity", "low": 0.0, "high": 1.0},
        ],
    )
    model = model_from_spec(spec)
    assert [u.name for u in model.uncertainties] == ["policies__poh_ggz__coverage"], (
        "kind = 'uncertainty' should make the policy parameter an EMA uncertainty"
    )
    assert [lever.name for lever in model.levers] == ["policies__case_management__intensity"], (
        "an undeclared policy parameter stays a lever"
    )


def test_a_profile_parameter_declared_a_lever_in_a_spec_is_refused():
    with pytest.raises(ConfigError, match="kind = 'lever' is not allowed"):
        spec_of(
            design="lhs",
            samples=4,
            vary=[{"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3, "kind": "lever"}],
        )


# -- b: seed as an uncertainty --------------------------------------------------------------
def test_seed_as_an_uncertainty_is_an_integer_range():
    bounded = ema_parameter(("seed", 1, 50))
    assert isinstance(bounded, IntegerParameter), f"seed is an integer: {bounded!r}"
    assert (bounded.lower_bound, bounded.upper_bound) == (1, 50), "the given range"
    assert bounded.variable_name == ["seed"], "the function receives 'seed'"
    assert isinstance(ema_parameter("seed"), IntegerParameter), "a bare seed works too"
    with pytest.raises(ConfigError, match="out of range"):
        ema_parameter(("seed", -5, 3))


def test_a_run_with_seed_s_equals_a_direct_run_with_rng_s():
    outputs = ["clients_wmo", "clients_youth", "spend_total_eur"]
    model = carescape_model(
        uncertainties=[("seed", 1, 100)], outcomes=outputs, residents=RESIDENTS, years=YEARS
    )
    experiments, outcomes = perform_experiments(
        model, scenarios=2, uncertainty_sampling_kwargs={"rng": 3}
    )
    for row, seed in enumerate(experiments["seed"]):
        want = direct(int(seed), outputs)
        got = {name: float(outcomes[name][row]) for name in outputs}
        assert got == want, f"seed {seed}: the EMA run should equal CareModel(rng={seed})"
    assert experiments["seed"].nunique() == 2, "two scenarios, two seeds"


def test_seed_as_a_constant():
    model = carescape_model(
        outcomes=["clients_wmo"], residents=RESIDENTS, years=YEARS, constants={"seed": 7}
    )
    assert model.function() == direct(7, ["clients_wmo"]), "constant seed 7 is rng=7"


# -- c: every seed of a spec ----------------------------------------------------------------
def test_two_seeds_give_the_mean_of_two_direct_runs_and_the_per_seed_figures():
    spec = spec_of(seeds=[3, 8], outputs=["clients_wmo", "net_cost_eur"])
    model = model_from_spec(spec)
    names = {o.name for o in model.outcomes}
    assert names == {"clients_wmo", "net_cost_eur", "clients_wmo_seeds", "net_cost_eur_seeds"}, (
        f"a mean and a per-seed outcome per output: {sorted(names)}"
    )
    got = model.function()
    runs = [direct(s, ["clients_wmo", "net_cost_eur"]) for s in (3, 8)]
    for name in ("clients_wmo", "net_cost_eur"):
        per_seed = [run[name] for run in runs]
        assert list(got[f"{name}_seeds"]) == per_seed, f"{name}: per-seed figures in seed order"
        assert got[name] == pytest.approx(np.mean(per_seed), rel=1e-12), (
            f"{name}: the outcome is the mean over the spec's seeds"
        )
    assert runs[0] != runs[1], "two seeds should give two different runs (else the test is moot)"


# -- d: arms --------------------------------------------------------------------------------
ARMS = [
    {"name": "status quo"},
    {"name": "same again"},  # identical to the reference
    {"name": "poh", "policies": {"poh_ggz": {"coverage": 0.9}}},
]


def test_arms_become_a_categorical_lever_and_policies():
    spec = spec_of(
        design="lhs",
        samples=2,
        vary=[
            {"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3},
            {"path": "policies.case_management.intensity", "low": 0.0, "high": 1.0},
        ],
        arms=ARMS,
    )
    model = model_from_spec(spec)
    (arm,) = model.levers
    assert isinstance(arm, CategoricalParameter) and arm.name == "arm", f"an arm lever: {arm!r}"
    assert [c.value for c in arm.categories] == ["status quo", "same again", "poh"], "arm names"
    assert {u.name for u in model.uncertainties} == {
        "adult_needs__help_seeking",
        "policies__case_management__intensity",
    }, "with arms every varied factor is a scenario input, as in the sweep"
    policies = arm_policies(spec)
    assert [p.name for p in policies] == ["status quo", "same again", "poh"], "one per arm"


@pytest.mark.slow
def test_an_arm_identical_to_the_reference_gives_identical_outcomes():
    spec = spec_of(
        seeds=[2, 5],
        outputs=["clients_wmo", "spend_total_eur", "net_cost_eur"],
        design="lhs",
        samples=2,
        vary=[{"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3}],
        arms=ARMS,
    )
    model = model_from_spec(spec)
    experiments, outcomes = perform_experiments(
        model, scenarios=2, policies=arm_policies(spec), uncertainty_sampling_kwargs={"rng": 1}
    )
    assert len(experiments) == 6, f"2 scenarios x 3 arms: {len(experiments)}"
    by_arm = {
        arm: np.flatnonzero(experiments["policy"] == arm)
        for arm in ("status quo", "same again", "poh")
    }
    for name in ("clients_wmo", "net_cost_eur_seeds"):
        reference, same = outcomes[name][by_arm["status quo"]], outcomes[name][by_arm["same again"]]
        assert np.array_equal(reference, same), (
            f"{name}: an arm identical to the reference must give identical outcomes "
            f"(same seeds): {reference} vs {same}"
        )
    staff = outcomes["net_cost_eur"][by_arm["poh"]] - outcomes["net_cost_eur"][by_arm["status quo"]]
    assert np.all(staff != 0), f"the POH arm should differ from the reference: {staff}"


def test_an_unknown_arm_is_refused():
    spec = spec_of(arms=ARMS, outputs=["clients_wmo"])
    with pytest.raises(ConfigError, match="is not an arm"):
        model_from_spec(spec).function(arm="nothing")


# -- e: derived and own outcomes --------------------------------------------------------------
def test_derived_and_own_outcomes_are_ema_outcomes():
    spec = spec_of(
        seeds=[4],
        outcomes=[
            {"name": "net_per_resident", "expr": "mean(net_cost_eur / residents)"},
            {"name": "distance", "function": "experiments.target_distance:distance"},
        ],
    )
    model = model_from_spec(spec)
    names = [o.name for o in model.outcomes]
    assert "net_cost_eur" in names and "reached" in names, (
        f"the derived outcomes should be EMA outcomes by default: {names}"
    )
    assert names[-2:] == ["net_per_resident", "distance"], f"the spec's own outcomes: {names}"
    got = model.function()
    figures = direct(4, ["net_cost_eur", "residents"])
    assert got["net_cost_eur"] == figures["net_cost_eur"], "net cost as a direct run gives it"
    assert got["net_per_resident"] == pytest.approx(
        figures["net_cost_eur"] / figures["residents"], rel=1e-12
    ), "the own outcome evaluated as analyze does (one recorded year: mean of one)"
    assert np.isfinite(got["distance"]) and got["distance"] >= 0, "a distance to the targets"


def test_an_unknown_outcome_of_a_spec_is_refused():
    with pytest.raises(ConfigError, match="neither an indicator nor an outcome"):
        model_from_spec(spec_of(), outcomes=["clients"])

"""Levers compose: two levers together give what each gives, and each costs once.

Every lever adds its own contribution (places, FTE, reviews, a decision rule, a shift
of a registry parameter) to the month's lever state, which starts from the status
quo every month; ``model/context.py`` combines contributions in one documented way.
The pair test below checks that rule for every pair of policies in the catalogue, in
the first month they act (when the two runs' worlds are still identical, so each
contribution is the same alone and together). Each lever at zero dose must equal the
baseline exactly.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

import pytest

from model.care_model import CareModel
from model.context import RULE_COMBINATION, Rules, _combine, rule_names
from model.params import ConfigError
from model.policies import CATALOGUE
from tests.helpers import run

FIRST_MONTH = {"preset": "default", "residents": 3000, "years": 1, "rng": 3, "burn_in_months": 2}
ZERO_DOSE_RUN = {"residents": 6000, "years": 2, "rng": 4}
COMBINE = RULE_COMBINATION


@functools.cache
def first_month(names: tuple[str, ...]) -> dict[str, Any]:
    """The lever state after the first month in which the policies act (from month 0)."""
    model = CareModel(**FIRST_MONTH, policies={name: {} for name in names})
    model.step()
    ctx = model.ctx
    return {
        "places": {f.kind.kind: f.extra_places for f in ctx.facilities.items},
        "light_places": ctx.light_support.extra_places,
        "team_fte": sum(team.extra_fte for team in ctx.teams),
        "poh_fte": sum(practice.extra_poh_fte for practice in ctx.practices),
        "rules": {name: getattr(ctx.rules, name) for name in rule_names()},
        "params": {k: v for k, v in ctx.params.items() if v != ctx.inputs[k]},
        "inputs": ctx.inputs,
        "cost": ctx.measures_cost,
        "spend_staff": model.records[0]["spend_staff_eur"],
    }


def same(got: Any, want: Any) -> bool:
    """Equal, numbers up to float rounding."""
    if isinstance(want, str) or isinstance(got, str):
        return got == want
    return got == pytest.approx(want, rel=1e-12)


def expected_together(base: dict, a: dict, b: dict) -> dict[str, Any]:
    """The documented combination of two levers' contributions."""
    rules = {}
    for name, how in COMBINE.items():
        default, one, two = base["rules"][name], a["rules"][name], b["rules"][name]
        if how == "sum":
            rules[name] = one + two - default
        elif how == "max":
            rules[name] = max(one, two)
        elif how == "any":
            rules[name] = one or two
        else:  # a choice: one owner
            rules[name] = two if one == default else one
    params = {}
    for key in set(a["params"]) | set(b["params"]):
        start = base["inputs"][key]
        one, two = a["params"].get(key, start), b["params"].get(key, start)
        params[key] = (
            (two if one == start else one) if isinstance(start, str) else one + two - start
        )
    return {
        "places": {k: a["places"][k] + b["places"][k] for k in base["places"]},
        "light_places": a["light_places"] + b["light_places"],
        "team_fte": a["team_fte"] + b["team_fte"],
        "poh_fte": a["poh_fte"] + b["poh_fte"],
        "rules": rules,
        "params": params,
        "cost": a["cost"] + b["cost"],
    }


PAIRS = list(itertools.combinations(CATALOGUE, 2))


@pytest.mark.parametrize(("one", "two"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_two_policies_together_give_what_each_gives(one: str, two: str) -> None:
    base, a, b = first_month(()), first_month((one,)), first_month((two,))
    together = first_month((one, two))
    expected = expected_together(base, a, b)
    for key, value in expected.items():
        got = together[key]
        if isinstance(value, dict):
            assert set(got) == set(value), f"{one}+{two}: {key} moved {sorted(got)}"
            for name, want in value.items():
                assert same(got[name], want), (
                    f"{one}+{two}: {key}.{name} is {got[name]!r}, alone they give "
                    f"{a[key].get(name)!r} and {b[key].get(name)!r}, so {want!r}"
                )
        else:
            assert same(got, value), (
                f"{one}+{two}: {key} is {got!r}, the sum of each alone is {value!r}"
            )
    booked = together["spend_staff"] - base["spend_staff"]
    assert booked == pytest.approx(a["cost"] + b["cost"], rel=1e-9, abs=1e-6), (
        f"{one}+{two}: the measures' cost is booked once each: "
        f"{a['cost']:.0f} + {b['cost']:.0f}, not {booked:.0f}"
    )


def test_the_pairs_that_share_a_resource_really_share_it() -> None:
    """The pair test has teeth: these pairs act on the same places and review budget."""
    day = first_month(("daycare_general", "voorveld"))["places"]["day_activities"]
    alone = [first_month((n,))["places"]["day_activities"] for n in ("daycare_general", "voorveld")]
    assert min(alone) > 0, f"both levers add day-activity places alone: {alone}"
    assert day == sum(alone), f"together they add {day} day-activity places, not {sum(alone)}"
    reviews = first_month(("indication_length", "reassessment_drive"))
    drive = first_month(("reassessment_drive",))["rules"]["extra_reviews_per_month"]
    assert drive > 0, "the drive adds reviews"
    assert reviews["rules"]["extra_reviews_per_month"] == drive + 0, (
        "indication_length at its default (short) adds no follow-up reviews"
    )


def test_indefinite_indications_and_a_drive_add_their_reviews() -> None:
    model_both = CareModel(
        **FIRST_MONTH,
        policies={"indication_length": {"mode": "indefinite"}, "reassessment_drive": {}},
    )
    model_both.step()
    singles = []
    for policies in ({"indication_length": {"mode": "indefinite"}}, {"reassessment_drive": {}}):
        model = CareModel(**FIRST_MONTH, policies=policies)
        model.step()
        singles.append(model.ctx.rules.extra_reviews_per_month)
    both = model_both.ctx.rules.extra_reviews_per_month
    assert min(singles) > 0 and both == sum(singles), (
        f"reviews added: {singles} alone, {both} together (should be the sum)"
    )


def test_rules_combine_as_each_rule_declares() -> None:
    rules = Rules()
    rules.apply("extra_reviews_per_month", 10, "a")
    rules.apply("extra_reviews_per_month", 5, "b")
    assert rules.extra_reviews_per_month == 15, "review budgets add"
    rules.apply("case_management", 0.4, "a")
    rules.apply("case_management", 0.7, "b")
    assert rules.case_management == 0.7, "strengths take the strongest"
    rules.apply("stop_stacking", True, "a")
    rules.apply("stop_stacking", False, "b")
    assert rules.stop_stacking, "a switch is on when any lever turns it on"
    rules.apply("hh_method", "norm", "a")
    rules.apply("hh_method", "norm", "b")
    with pytest.raises(ConfigError, match="both set the rule youth_refused_route"):
        rules.apply("youth_refused_route", "light", "a")
        rules.apply("youth_refused_route", "none", "b")
    with pytest.raises(AttributeError, match="not a decision rule"):
        rules.apply("allow_stacking", True, "a")


def test_shifts_of_a_registry_parameter_add_up_from_the_input() -> None:
    assert _combine("x", 0.6, [(0.8, 0.5, "a")]) == 0.6 + (0.8 - 0.6) * 0.5
    assert _combine("x", 0.6, [(0.8, None, "a")]) == 0.8, "a set is the target itself"
    assert _combine("x", 0.6, [(0.8, 1.0, "a"), (0.7, 1.0, "b")]) == pytest.approx(0.9)
    assert _combine("x", 36, [(12, 0.5, "a")]) == 24, "integers stay integers"
    assert _combine("x", "flat", [("income", 0.4, "a")]) == "flat", "a choice flips at half"
    with pytest.raises(ConfigError, match="different choices"):
        _combine("x", "a", [("b", 1.0, "p"), ("c", 1.0, "q")])


def test_a_combined_shift_out_of_range_is_refused() -> None:
    ctx = CareModel(**FIRST_MONTH, overrides={"general.reach": 0.6}).ctx
    ctx.reset_levers()
    ctx.shift("general.reach", 1.0, 1.0, "voorveld")
    ctx.shift("general.reach", 0.9, 1.0, "another reach lever")
    message = r"policies voorveld, another reach lever move general.reach = 1.3 is out of range"
    with pytest.raises(ConfigError, match=message):
        ctx.resolve_params()


# -- zero dose --------------------------------------------------------------------------------
ZERO = {n: c.ZERO_DOSE for n, c in CATALOGUE.items() if isinstance(c.ZERO_DOSE, dict)}


def test_every_policy_declares_its_zero_dose_or_why_it_has_none() -> None:
    undeclared = [n for n, c in CATALOGUE.items() if c.ZERO_DOSE == "not declared"]
    assert not undeclared, f"policies without a ZERO_DOSE declaration: {undeclared}"
    for name, dose in ZERO.items():
        CATALOGUE[name].check(dose, f"{name}.ZERO_DOSE: ")  # valid parameters


def test_a_status_quo_quoted_in_a_lever_text_is_its_zero_dose() -> None:
    """A unit text saying "(status quo 0.65)" where the model's status quo is 0.57 misleads."""
    quoted = {
        (name, key): float(found.group(1))
        for name, dose in ZERO.items()
        for key, parameter in CATALOGUE[name].PARAMS.items()
        if (found := re.search(r"status quo ([0-9.]+)", parameter.unit))
    }
    assert quoted, "no lever text quotes a status quo: the test has nothing to check"
    wrong = {f"{n}.{k}": v for (n, k), v in quoted.items() if v != ZERO[n][k]}
    assert not wrong, f"texts quote a status quo other than the zero dose: {wrong}"


@functools.cache
def baseline_table():
    return run(**ZERO_DOSE_RUN).table


@pytest.mark.parametrize("name", list(ZERO))
def test_a_policy_at_zero_dose_equals_the_baseline_exactly(name: str) -> None:
    dosed = run(**ZERO_DOSE_RUN, policies={name: ZERO[name]}).table
    base = baseline_table()
    moved = [c for c in base.column_names if not dosed.column(c).equals(base.column(c))]
    assert not moved, f"{name} at {ZERO[name]} should change nothing, but moved {moved}"


@pytest.mark.parametrize("name", list(ZERO))
def test_a_policy_at_its_default_dose_does_change_something(name: str) -> None:
    """Guards the zero-dose test: the same run with the default dose differs."""
    acted = run(**ZERO_DOSE_RUN, policies={name: {}}).table
    assert not acted.equals(baseline_table()), f"{name} at its default dose changed nothing"

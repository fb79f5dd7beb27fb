"""Workshop session plans: the three shipped ones load and fit; a bad field says what is wrong."""

from __future__ import annotations

import pytest

from model.params import ConfigError
from model.policies import LEVERS
from viz.workshop_plan import INDICATORS, parse_plan, shipped_plans

GOOD = """
[plan]
title = "Eigen sessie"
seed = 4
years = 2
focus = "unmet_need"
votes = ["poh_ggz"]

[[round]]
question = "Wat doet de POH?"
kind = "direction"
indicator = "clients_youth"
months = 6
switch_on = ["poh_ggz"]
[round.params.poh_ggz]
coverage = 0.5
"""


def test_three_shipped_plans_load_and_their_rounds_fit_the_horizon():
    plans = shipped_plans()
    assert {"de-voordeur-onder-druk", "de-poh-en-het-lek", "het-vaste-tarief"} <= set(plans)
    for name, plan in plans.items():
        assert plan.rounds, f"{name} has rounds"
        assert sum(r.months for r in plan.rounds) <= plan.years * 12, name
        assert plan.title and plan.title_en, f"{name} has a Dutch and an English title"
        assert all(r.question_en for r in plan.rounds), f"{name}: every question in English"
        assert set(plan.votes) <= set(LEVERS) and plan.focus in INDICATORS
    assert plans["het-vaste-tarief"].rounds[0].params["funding_model"]["model"] == "lump_sum"


def test_a_facilitators_own_plan_loads():
    plan = parse_plan(GOOD, "eigen.toml")
    assert plan.name == "eigen" and plan.preset == "default" and plan.residents is None
    assert plan.rounds[0].switch_on == ("poh_ggz",)
    assert plan.rounds[0].params == {"poh_ggz": {"coverage": 0.5}}
    assert plan.label("en") == "Eigen sessie", "no English title: the Dutch one"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kind = "direction"',
            'kind = "guess"',
            r"round 1: kind = 'guess' is not allowed; use one of direction, number",
        ),
        (
            'switch_on = ["poh_ggz"]',
            'switch_on = ["poh"]',
            r"round 1: switch_on = 'poh' is not allowed \(did you mean poh_ggz\?\); use one of",
        ),
        (
            "months = 6",
            "months = 30",
            r"round 1: months = 30 is not allowed; use a whole number in \[1, 24\]",
        ),
        ("coverage = 0.5", "coverage = 5.0", r"eigen.toml: round 1: .*coverage"),
        (
            'focus = "unmet_need"',
            'focus = "wachtlijst"',
            r"plan.focus = 'wachtlijst' is not allowed; use one of waiting_access",
        ),
        (
            "seed = 4",
            "sead = 4",
            r"plan.sead is not a field \(did you mean seed\?\); allowed: title",
        ),
        ('question = "Wat doet de POH?"', "", r"round 1: question is missing"),
        (
            "years = 2",
            'years = "2"',
            r"plan.years = '2' is not allowed; use a whole number in \[1, 15\]",
        ),
        (
            "[round.params.poh_ggz]",
            "[round.params.hh_norm]",
            r"params = 'hh_norm' is not allowed; use one of poh_ggz",
        ),
        ('title = "Eigen sessie"', 'title = "Eigen', r"eigen.toml: not valid TOML"),
    ],
)
def test_bad_fields_name_the_file_field_value_and_what_is_allowed(old, new, message):
    assert old in GOOD
    with pytest.raises(ConfigError, match=message):
        parse_plan(GOOD.replace(old, new), "eigen.toml")

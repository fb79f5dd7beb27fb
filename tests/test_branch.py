"""One burn-in for all arms of a comparison: a branched model runs exactly as a built one.

Levers and external developments act from the first recorded month on, so the 84
burn-in months are the same for every arm of a seed. ``CareModel.branch`` copies the
burned-in model and hands it other policies; ``experiments.compare.run_seed`` uses it
to run a seed's arms from one burn-in. If a policy ever acted during the burn-in,
these tests say which.
"""

from __future__ import annotations

import pytest

from experiments.compare import plan_runs, run_one, run_seed
from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE
from model.results import to_table
from model.scenarios import load_scenario

SIZE = {"preset": "small", "residents": 2000, "years": 1, "rng": 4}


@pytest.fixture(scope="module")
def burned_in():
    return CareModel(**SIZE, policies=())


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_a_branch_runs_exactly_as_a_model_built_with_the_policy(burned_in, name):
    branched = burned_in.branch({name: {}})
    built = CareModel(**SIZE, policies={name: {}})
    branched.run()
    built.run()
    assert to_table(branched.records).equals(to_table(built.records)), (
        f"{name} changes the burn-in: its arms cannot share one"
    )
    assert not burned_in.records, "branching leaves the burned-in model untouched"


def test_a_model_that_has_recorded_months_cannot_branch():
    model = CareModel(**SIZE, policies=())
    model.step()
    with pytest.raises(ConfigError, match="before its first recorded month"):
        model.branch({})


def test_a_seeds_arms_from_one_burn_in_equal_separate_runs():
    specs = plan_runs(load_scenario("front-door"), [2], 1, "small", 2000, contributions=True)
    assert len(specs) == 5, "baseline, package and three leave-one-out arms"
    shared = {arm: columns for arm, _, columns in run_seed(specs)}
    for spec in specs:
        arm, _, columns = run_one(spec)
        for name, values in columns.items():
            assert (shared[arm][name] == values).all(), f"{arm}: {name}"

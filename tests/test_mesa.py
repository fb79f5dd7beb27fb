"""CareModel is an ordinary Mesa model: tools that drive Mesa models can drive it."""

from __future__ import annotations

import mesa

from model.care_model import CareModel
from tests.helpers import run


def test_plain_step_loop_runs_to_the_horizon_and_stops():
    model = CareModel(residents=5000, years=1, rng=3)
    assert isinstance(model, mesa.Model), "CareModel should be a mesa.Model"
    assert model.running, "a fresh model should be running"
    steps = 0
    while model.running:
        model.step()
        steps += 1
        assert steps <= 12, "the model kept running past years * 12 months"
    assert steps == 12, f"a one-year model should stop after 12 steps, stopped after {steps}"
    assert model.month == 12, f"after 12 steps the model should be in month 12, not {model.month}"
    assert len(model.records) == 12, f"12 steps should record 12 months, got {len(model.records)}"


def test_running_stays_true_until_the_last_month():
    model = CareModel(residents=5000, years=2, rng=3)
    for month in range(1, 24):
        model.step()
        assert model.running, f"the model stopped early, after month {month} of 24"
    model.step()
    assert not model.running, "model.running should be False after years * 12 steps"


def test_step_loop_equals_run(small_run):
    from tests.helpers import SMALL

    model = CareModel(**SMALL)
    for _ in range(SMALL["years"] * 12):
        model.step()
    assert model.records == small_run.model.records, (
        "stepping by hand should give the same records as CareModel.run()"
    )


def test_datacollector_collects_one_row_per_month(small_run):
    model = small_run.model
    assert isinstance(model.datacollector, mesa.DataCollector), "no mesa DataCollector"
    frame = model.datacollector.get_model_vars_dataframe()
    months = small_run.model.years * 12
    assert len(frame) == months, f"the datacollector has {len(frame)} rows for {months} months"
    assert list(frame["clients_hh"]) == list(small_run.series["clients_hh"]), (
        "the datacollector's clients_hh should equal the results table's"
    )


def test_organisations_are_mesa_agents(small_run):
    model = small_run.model
    kinds = {type(agent).__name__ for agent in model.agents}
    expected = {"GPPractice", "AccessTeam", "GeneralFacility", "Provider", "Municipality"}
    assert expected <= kinds, f"agents of kinds {sorted(expected - kinds)} are not registered"
    districts = model.profile["population.districts"]
    assert len(model.access_teams) == districts, (
        f"one access team per district expected: {len(model.access_teams)} for {districts}"
    )


def test_batch_run_drives_the_model_with_keyword_arguments_and_rng():
    results = mesa.batch_run(
        CareModel,
        parameters={"residents": 3000, "years": 1},
        rng=[5],
        max_steps=12,
        number_processes=1,
        display_progress=False,
    )
    assert len(results) == 1, f"one configuration and one seed give one result, not {len(results)}"
    direct = run(residents=3000, years=1, rng=5)
    assert results[0]["clients_hh"] == direct.series["clients_hh"][-1], (
        "mesa.batch_run with rng=[5] should reproduce CareModel(rng=5) exactly"
    )

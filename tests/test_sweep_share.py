"""A sweep burns in once for runs that differ only in their policies, with the same numbers.

Runs of one seed whose profile overrides are equal (the arms of a point; points that vary
only a policy's parameters) share one built, burned-in model and branch from it
(``CareModel.branch``). Each run's part must equal a model built for that run alone.
"""

from __future__ import annotations

import dataclasses
import io

import pyarrow.parquet as pq
import pytest

from experiments.sweep import make_design, parse_spec
from experiments.sweep import plan_runs as plan_sweep
from experiments.sweep_run import (
    MAX_SHARED,
    execute_group,
    group_limit,
    group_tasks,
    make_tasks,
    part_path,
    run_sweep,
    simulate,
)

SPEC = {
    "sweep": {
        "name": "share",
        "years": 1,
        "seeds": [3, 4],
        "outputs": ["clients_wmo", "spend_total_eur", "net_cost_eur", "waiting_access"],
        "constants": {"population.residents": 2500},
        "vary": [
            {"path": "policies.poh_ggz.coverage", "values": [0.0, 1.0]},
            {"path": "adult_needs.help_seeking", "values": [0.12, 0.24]},
        ],
        "arms": [
            {"name": "zonder"},
            {"name": "casemanagement", "policies": {"case_management": {}}},
        ],
    }
}


@pytest.fixture(scope="module")
def tasks(tmp_path_factory):
    spec = parse_spec(SPEC, "share")
    design = make_design(spec)
    out = tmp_path_factory.mktemp("share")
    return make_tasks(spec, design, plan_sweep(spec, design), out, 5)


def test_runs_share_a_burn_in_only_when_all_but_their_policies_match(tasks):
    assert len(tasks) == 16, "4 points x 2 arms x 2 seeds"
    groups = group_tasks(tasks, 8)
    assert sorted(t.run for g in groups for t in g) == [t.run for t in tasks], "each run once"
    for group in groups:
        assert len({(t.seed, repr(sorted(t.overrides.items()))) for t in group}) == 1, (
            f"a group mixes seeds or overrides: {[t.run for t in group]}"
        )
    # help_seeking (a profile parameter) x seed = 4 keys; poh coverage and the arm vary within
    assert len(groups) == 4 and all(len(g) == 4 for g in groups), [len(g) for g in groups]
    assert all(len(g) <= 3 for g in group_tasks(tasks, 3)), "the limit holds"
    assert group_limit(16, 2) == 4 and group_limit(1000, 2) == MAX_SHARED
    assert group_limit(3, 8) == 1, "few runs on many workers: no sharing, all workers busy"


def test_a_shared_burn_in_gives_every_run_the_numbers_of_its_own_model(tasks):
    group = group_tasks(tasks, 8)[0]
    records = execute_group(group)
    assert [r["status"] for r in records] == ["done"] * len(group), records
    for task in group:
        alone, _ = simulate(task)
        stored = pq.read_table(part_path_of(task))
        assert stored.equals(alone), f"run {task.run} differs from a model built for it alone"
    arms = {task.arm: pq.read_table(part_path_of(task)) for task in group}
    assert len(arms) == 2 and not arms["zonder"].equals(arms["casemanagement"]), (
        "the arms of one burn-in still differ"
    )


def test_a_failing_run_fails_alone_and_a_failing_build_fails_its_group(tasks):
    group = group_tasks(tasks, 8)[1]
    broken = dataclasses.replace(group[1], policies=(("no_such_lever", {}),))
    records = execute_group([group[0], broken, *group[2:]])
    statuses = [r["status"] for r in records]
    assert statuses == ["done", "failed", *["done"] * (len(group) - 2)], records
    assert "no_such_lever" in records[1]["error"], records[1]
    bad_build = [dataclasses.replace(t, overrides={"population.residents": -5}) for t in group]
    records = execute_group(bad_build)
    assert all(r["status"] == "failed" for r in records), records
    assert "population.residents" in records[0]["error"], records[0]


def test_a_sweep_with_shared_burn_ins_matches_one_run_per_model(tmp_path):
    """The whole sweep (local worker processes) against runs built one by one."""
    spec = parse_spec(SPEC, "share")
    out = tmp_path / "out"
    outcome = run_sweep(spec, out, workers=2, progress=False, log=io.StringIO())
    assert outcome.failed == 0 and outcome.ran == 16, outcome
    design = make_design(spec)
    for task in make_tasks(spec, design, plan_sweep(spec, design), out, 5)[::5]:
        alone, _ = simulate(task)
        assert pq.read_table(part_path(out, task.run, 5)).equals(alone), f"run {task.run}"


def part_path_of(task):
    from pathlib import Path

    return part_path(Path(task.out), task.run, task.width)

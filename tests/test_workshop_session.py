"""The workshop's session engine: lockstep baseline, switches from a month on, rewind, branches.

The promises a facilitator relies on: before a switch the scenario is the baseline
(same residents, same random numbers); a measure switched on at month k acts from month
k + 1 on and not before; rewinding and stepping again replays the same months; a switch
after a rewind forks a branch and leaves the old one whole.
"""

from __future__ import annotations

import pytest

from model.care_model import CareModel
from model.params import ConfigError
from viz.workshop_session import WorkshopSession

SMALL = 4000
SEED = 3
INDICATORS = ("clients_youth", "waiting_access", "spend_total_eur", "unmet_need")


@pytest.fixture(scope="module")
def built() -> CareModel:
    """One small municipality at month 0 (sessions copy it, so it is built once)."""
    return CareModel(residents=SMALL, rng=SEED, years=3)


def session(built: CareModel, every: int = 4) -> WorkshopSession:
    import copy

    return WorkshopSession(model=copy.deepcopy(built), snapshot_every=every)


def series(rows, name):
    return [row[name] for row in rows]


def test_without_switches_the_scenario_is_the_baseline_month_by_month(built):
    s = session(built)
    for _ in range(5):
        assert s.step()
    for name in INDICATORS:
        assert series(s.scenario_rows(), name) == series(s.baseline_records, name), name
    assert s.month == 5 and s.measures() == {}


def test_a_measure_switched_at_month_k_acts_from_then_on_and_not_before(built):
    s = session(built)
    for _ in range(6):
        s.step()
    s.switch("poh_ggz", True)
    s.switch("youth_demarcation", True, {"strictness": 0.9})
    assert s.measures() == {"poh_ggz": {}, "youth_demarcation": {"strictness": 0.9}}
    for _ in range(10):
        s.step()
    scen, base = s.scenario_rows(), s.baseline_records
    for name in INDICATORS:
        assert series(scen, name)[:6] == series(base, name)[:6], f"{name} before the switch"
    changed = [n for n in INDICATORS if series(scen, n)[6:] != series(base, n)[6:16]]
    assert "spend_total_eur" in changed, f"the measures change the month after: {changed}"
    staff = series(scen, "spend_staff_eur")
    assert staff[:6] == series(base, "spend_staff_eur")[:6], "no measure cost before month 7"
    assert all(a > b for a, b in zip(staff[6:], series(base, "spend_staff_eur")[6:], strict=True))
    assert s.model.policies[0].params["start_month"] == 6, "the lever starts at the switch"
    assert min(r.month for r in s.model.policies[0].records) == 7, "first acting month is 7"


def test_switching_off_ends_the_measure_from_that_month(built):
    s = session(built)
    s.switch("case_management", True)
    for _ in range(3):
        s.step()
    s.switch("case_management", False)
    assert s.measures() == {} and s.model.policies == []
    s.step()
    assert [sw.on for sw in s.branch.switches] == [True, False]


def test_rewind_and_step_again_replays_the_same_months(built):
    s = session(built, every=4)
    s.step()
    s.switch("poh_ggz", True)
    for _ in range(9):
        s.step()
    first = [dict(r) for r in s.scenario_rows()]
    s.rewind(3)  # between snapshots (0, 4, 8): restored from 0 and replayed
    assert s.month == 3 and len(s.branches) == 1, "a rewind alone makes no branch"
    assert s.measures() == {"poh_ggz": {}}, "the measure switched at month 1 is still on"
    for _ in range(7):
        s.step()
    again = s.scenario_rows()
    for name in INDICATORS:
        assert series(again, name) == series(first, name), f"replay of {name}"


def test_a_switch_after_a_rewind_forks_a_branch_and_keeps_the_old_one(built):
    s = session(built, every=4)
    for _ in range(2):
        s.step()
    s.switch("poh_ggz", True)
    for _ in range(8):
        s.step()
    old_rows = [dict(r) for r in s.scenario_rows()]
    s.rewind(5)
    s.switch("poh_ggz", False)  # the other branch: the POH stops after month 5
    s.switch("hh_norm", True)
    assert [b.name for b in s.branches] == ["1", "2"] and s.branch.name == "2"
    assert s.measures() == {"hh_norm": {}}
    for _ in range(5):
        s.step()
    old, new = s.branches
    assert old.records == old_rows and old.cursor == 5, "the old branch is kept whole"
    assert series(new.records[:5], "clients_youth") == series(old_rows[:5], "clients_youth")
    assert len(new.records) == 10 and new.fork_month == 5
    notes = s.annotations()
    assert {(n["branch"], n["measure"], n["month"], n["on"]) for n in notes} >= {
        ("1", "poh_ggz", 2, True),
        ("2", "poh_ggz", 5, False),
        ("2", "hh_norm", 5, True),
    }
    s.select(0)  # back to the first branch, at its end
    assert s.branch.name == "1" and s.month == 10 and s.measures() == {"poh_ggz": {}}
    s.step()
    assert len(old.records) == 11, "the old branch runs on from where it stopped"
    rows = s.timeline(["clients_youth"])
    assert {r["branch"] for r in rows} == {"1", "2"}
    assert rows[0]["clients_youth_baseline"] == rows[0]["clients_youth_scenario"]


def test_bad_switches_and_months_are_refused_with_field_value_and_allowed(built):
    s = session(built)
    with pytest.raises(ConfigError, match="measure = 'pohggz' is not a lever; allowed: .*poh_ggz"):
        s.switch("pohggz", True)
    with pytest.raises(ConfigError, match="strictness"):
        s.switch("youth_demarcation", True, {"strictness": 7})
    s.step()
    with pytest.raises(ConfigError, match="month = 4 is not allowed; use 0 to 1"):
        s.rewind(4)
    with pytest.raises(ConfigError, match="branch = 9 is not allowed"):
        s.select(9)


def test_the_horizon_stops_the_run(built):
    s = session(built, every=12)
    for _ in range(36):
        assert s.step()
    assert s.done and not s.step()
    with pytest.raises(ConfigError, match="last month"):
        s.switch("poh_ggz", True)

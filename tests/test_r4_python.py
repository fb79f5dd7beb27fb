"""Compiled passes of the help-seeking, access and provider phases equal the numpy they replace.

Speed work changes no number (issue 14): each kernel here is compared, on random input
with the edge values the model has, with the numpy code it replaced (kept here, not in
the model).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.access_kernels import join_facilities


def _offer_numpy(residents, serves, aware, facility_serves, free, facility, until, month_end):
    """The facility-by-facility numpy loop ``Facilities.offer`` ran before its kernel."""
    joined = np.zeros(len(residents), dtype=bool)
    users = np.zeros(len(facility_serves), dtype=np.int64)
    away = np.zeros(len(facility_serves), dtype=np.int64)
    for k, kind in enumerate(facility_serves):
        wanting = (aware & ~joined & (serves == kind)).nonzero()[0]
        if len(wanting) == 0:
            continue
        taken = wanting[: free[k]]
        away[k] += len(wanting) - len(taken)
        facility[residents[taken]] = k
        until[residents[taken]] = month_end
        users[k] += len(taken)
        joined[taken] = True
    return joined, users, away


@pytest.mark.parametrize("size", [0, 1, 40, 3000])
@pytest.mark.parametrize("kinds", [(0, 1, 2, 3, 4), (3, 1, 3, 0)])
def test_facility_places_go_to_the_first_who_know_one_of_their_kind(size, kinds) -> None:
    """Who joins, each facility's users and turned-away counts, and the stays, as numpy."""
    rng = np.random.default_rng(size + len(kinds))
    population = 5000
    residents = rng.choice(population, size, replace=False).astype(np.int64)
    serves = rng.integers(0, 5, size).astype(np.int8)
    aware = rng.random(size) < 0.7
    facility_serves = np.array(kinds, dtype=np.int8)
    free = rng.integers(0, max(size // 8, 2), len(kinds)).astype(np.int64)
    fields = [np.full(population, -1, np.int16), np.full(population, -1, np.int32)]
    expected = _offer_numpy(residents, serves, aware, facility_serves, free, *fields, 17)
    got_fields = [np.full(population, -1, np.int16), np.full(population, -1, np.int32)]
    users, away = np.zeros(len(kinds), np.int64), np.zeros(len(kinds), np.int64)
    joined = join_facilities(
        residents, serves, aware, facility_serves, free.copy(), *got_fields, 17, users, away
    )
    assert np.array_equal(joined, expected[0]), "a different set of residents joined"
    assert np.array_equal(users, expected[1]), "users per facility differ"
    assert np.array_equal(away, expected[2]), "turned away per facility differ"
    for got, want in zip(got_fields, fields, strict=True):
        assert np.array_equal(got, want), "the residents' facility or stay end differ"
    if size > 1000:
        assert 0 < joined.sum() < size, "everyone or no one joined: the test compares little"


def _running_by_district_numpy(start, end, resident, district, districts, month, not_started):
    """``decisions.ReviewRows``'s numpy grouping before its kernel."""
    active = (start != not_started).nonzero()[0]
    of = district[resident[active]]
    rows = active[np.argsort(of, kind="stable")]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(of, minlength=districts))])
    due = end[active] <= month
    return rows, bounds, np.bincount(of[due], minlength=districts)


def _choose_reviews_numpy(rows, bounds, stopped, end, reviewed, teams, budgets, done, shares, exp):
    """``decisions.review_indications``'s team loop of one pass and product, before its kernel."""
    chosen = []
    for k, d in enumerate(teams):
        if budgets[k] <= 0 or done[k] >= budgets[k]:
            continue
        looked = rows[bounds[d] : bounds[d + 1]]
        looked = looked[~stopped[looked]]
        if exp:
            looked = looked[end[looked] <= 30]
        if len(looked) == 0:
            continue
        looked = looked[reviewed[looked].argsort(kind="stable")][
            : min(shares[k], budgets[k] - done[k])
        ]
        done[k] += len(looked)
        chosen.append(looked)
    return np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


@pytest.mark.parametrize("size", [0, 1, 50, 4000])
def test_reviews_choose_each_teams_longest_unreviewed_rows_as_the_team_loop(size) -> None:
    """Grouping by district and each pass's choice of rows equal the numpy code, team by team."""
    from agents.access_kernels import choose_reviews, running_by_district

    rng = np.random.default_rng(size)
    not_started, districts = np.iinfo(np.int32).min, 5
    start = np.where(rng.random(size) < 0.2, not_started, rng.integers(0, 30, size))
    start = start.astype(np.int32)
    end = rng.integers(20, 45, size).astype(np.int32)
    resident = rng.integers(0, 900, size).astype(np.int64)
    district = rng.integers(0, districts, 900).astype(np.int8)
    reviewed = rng.integers(0, 12, size).astype(np.int32)  # many ties: stability matters
    fields = (start, end, resident, district, districts, 30, not_started)
    grouped, expected = running_by_district(*fields), _running_by_district_numpy(*fields)
    for got, want, what in zip(grouped, expected, ("rows", "bounds", "expiring"), strict=True):
        assert np.array_equal(got, want), f"the {what} by district differ from numpy's"
    rows, bounds, _ = grouped
    stopped = rng.random(size) < 0.1
    teams = np.array([3, 0, 4, 1, 2], dtype=np.int64)
    budgets = rng.integers(-2, max(size // 20, 3), len(teams)).astype(np.int64)
    for only_expiring in (True, False):
        done = rng.integers(0, 3, len(teams)).astype(np.int64)
        shares = (budgets - done) // 3 + 1
        want_done = done.copy()
        want = _choose_reviews_numpy(
            rows, bounds, stopped, end, reviewed, teams, budgets, want_done, shares, only_expiring
        )
        got = choose_reviews(
            rows, bounds, stopped, end, reviewed, teams, budgets, done, shares, only_expiring, 30
        )
        assert np.array_equal(got, want), "the reviewed rows differ from the team loop's"
        assert np.array_equal(done, want_done), "the teams' review counts differ"
        if size > 1000:
            assert len(got) > 20, "hardly any rows chosen: the test compares little"


@pytest.mark.parametrize("method", ["judgement", "norm"])
def test_hh_hours_of_all_teams_at_once_equal_one_call_per_team(method) -> None:
    """One call with each team's pressure gives every grantee the hours of a call per team."""
    from model import decisions
    from model.care_model import CareModel

    model = CareModel(preset="default", residents=6000, years=1, rng=2)
    ctx = model.ctx
    ctx.rules.hh_method = method
    ctx.rules.hh_norm_exempt_age = 75
    people = ctx.people
    adults = np.flatnonzero(people.living() & (people.age_of(np.arange(people.n)) >= 18))
    who = adults[people.need_hh[adults] > 0.2][:400]
    team_of = np.sort(np.random.default_rng(1).integers(0, 4, len(who)))
    pressure = [0.0, 0.37, 1.0, 0.81]
    together = decisions.hh_hours(ctx, who, pressure=pressure, team_of=team_of)
    per_team = np.concatenate(
        [decisions.hh_hours(ctx, who[team_of == k], pressure=p) for k, p in enumerate(pressure)]
    )
    assert together.dtype == per_team.dtype, "the hours changed type"
    assert np.array_equal(together, per_team), "the hours differ from one call per team"
    assert len(np.unique(together)) > 5, "hardly any distinct hours: the test compares little"


@pytest.mark.parametrize("removed", [1, 13, 400])
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.float32, np.int8])
def test_closing_up_a_column_keeps_the_other_rows_in_their_order(removed, dtype) -> None:
    """The block moves of ``end_rows`` write what numpy's ``column[~rows]`` gives."""
    from agents.provider_kernels import _close_up

    rng = np.random.default_rng(removed)
    used = 3000
    column = rng.integers(-50, 50, used + 100).astype(dtype)
    rows = np.sort(rng.choice(used, removed, replace=False)).astype(np.int64)
    if removed == 13:
        rows[0], rows[-1] = 0, used - 1  # the first and the last row go
    kept = np.ones(used, dtype=bool)
    kept[rows] = False
    expected = column[:used][kept].copy()
    tail = column[used:].copy()
    _close_up(column, rows, used)
    assert np.array_equal(column[: used - removed], expected), "kept rows moved out of order"
    assert np.array_equal(column[used:], tail), "rows beyond the used ones were written"

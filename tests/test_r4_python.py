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

"""The January network kernels return exactly what the numpy sorts they replace returned.

``model.network.assign_carers`` pairs partners and picks each household's helper; a
moved partner or helper would change who cares for whom (issue 14: speed changes no
number). Each kernel is compared here with the numpy formulation it replaced, on
random households with ties in age, three-adult households and empty edge lists.
"""

from __future__ import annotations

import numpy as np

from agents.network_kernels import linked_helpers, partners, youngest_helpers

NO_ONE = -1


def _partners_numpy(adult: np.ndarray, household: np.ndarray) -> np.ndarray:
    adults = np.flatnonzero(adult)
    adults = adults[np.argsort(household[adults], kind="stable")]
    hh = household[adults]
    same_next = np.flatnonzero(hh[1:] == hh[:-1])
    partner = np.full(len(adult), NO_ONE, dtype=np.int32)
    partner[adults[same_next]] = adults[same_next + 1]
    partner[adults[same_next + 1]] = adults[same_next]
    return partner


def _helpers_numpy(able, household, age_m, n_households):
    helper = np.full(n_households, NO_ONE, dtype=np.int64)
    ids = np.flatnonzero(able)
    ids = ids[np.argsort(-age_m[ids], kind="stable")]
    helper[household[ids]] = ids
    return helper


def _linked_numpy(edges, helper, n_households):
    linked = np.full(n_households, NO_ONE, dtype=np.int64)
    a, b = edges[:, 0], edges[:, 1]
    linked[a] = np.where(helper[b] != NO_ONE, helper[b], linked[a])
    linked[b] = np.where(helper[a] != NO_ONE, helper[a], linked[b])
    return linked


def _households(n: int, seed: int):
    rng = np.random.default_rng(seed)
    households = max(n // 3, 1)
    household = rng.integers(0, households, n).astype(np.int32)
    # Few distinct ages, so that equal ages within a household are common.
    age_m = rng.integers(18 * 12, 18 * 12 + 40, n).astype(np.int16)
    return rng, household, age_m, households


def test_partners_and_helpers_are_the_numpy_sorts_bit_for_bit() -> None:
    for n, seed in ((0, 1), (1, 2), (7, 3), (5_000, 4)):
        rng, household, age_m, households = _households(n, seed)
        adult = rng.random(n) < 0.7
        able = adult & (rng.random(n) < 0.8)
        got = partners(adult, household, households)
        want = _partners_numpy(adult, household)
        assert got.dtype == want.dtype and np.array_equal(got, want), f"partners moved (n={n})"
        got = youngest_helpers(able, household, age_m, households)
        want = _helpers_numpy(able, household, age_m, households)
        assert np.array_equal(got, want), f"household helpers moved (n={n})"


def test_linked_helpers_are_the_numpy_passes_bit_for_bit() -> None:
    rng = np.random.default_rng(9)
    households = 400
    helper = np.where(rng.random(households) < 0.3, NO_ONE, rng.integers(0, 2_000, households))
    for edges in (
        np.zeros((0, 2), dtype=np.int64),
        rng.integers(0, households, (50, 2)),
        rng.integers(0, households, (3_000, 2)),  # many repeats: later edges must win
    ):
        got = linked_helpers(edges, helper, households)
        want = _linked_numpy(edges, helper, households)
        assert np.array_equal(got, want), f"linked helpers moved for {len(edges)} edges"


def test_household_pairs_are_numpys_row_wise_unique() -> None:
    """The network's ties, each once, as ``np.unique(axis=0)`` of the sorted pairs had them."""
    from model.network import _unique_pairs

    rng = np.random.default_rng(31)
    for n, households in ((0, 1), (1, 1), (7, 3), (200_000, 60_000)):
        edges = rng.integers(0, households, (n, 2))
        want = np.unique(np.sort(edges, axis=1), axis=0).astype(np.int64).reshape(-1, 2)
        got = _unique_pairs(edges)
        assert got.dtype == np.int64 and np.array_equal(got, want), f"{n} edges: other ties"

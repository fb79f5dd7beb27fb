"""Compiled loops for the January network refresh (``model.network.assign_carers``).

Each January the informal network becomes per-resident arrays again. The numpy
version sorted all adults by household (to pair partners) and all able adults by age
(to find each household's youngest helper): two stable sorts of the population, about
half of the refresh's 18 ms at 100,000 residents. One pass in resident order gives
the same answer, because a stable sort keeps resident order within a key and "the
last write wins" follows it; tests/test_network_kernels.py checks them against the
numpy formulations bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit

NO_ONE = -1


@njit(cache=True, nogil=True)
def partners(adult: np.ndarray, household: np.ndarray, n_households: int) -> np.ndarray:
    """Per resident the partner: the first two adults of a household pair up.

    As the sorted version wrote it: with adults m0 < m1 < ... of one household,
    m0's partner is m1 and every later adult's partner is the adult before them.
    """
    partner = np.full(len(adult), NO_ONE, dtype=np.int32)
    last = np.full(n_households, NO_ONE, dtype=np.int64)
    for i in range(len(adult)):
        if not adult[i]:
            continue
        h = household[i]
        before = last[h]
        if before != NO_ONE:
            if partner[before] == NO_ONE:
                partner[before] = i  # the household's first adult meets the second
            partner[i] = before
        last[h] = i
    return partner


@njit(cache=True, nogil=True)
def youngest_helpers(
    able: np.ndarray, household: np.ndarray, age_m: np.ndarray, n_households: int
) -> np.ndarray:
    """Per household the youngest able adult (of equal ages the highest resident id).

    The youngest age so far is kept per household (no gather of the current helper's
    age), and household ids index unsigned (a negative id wraps as numpy's would).
    """
    helper = np.full(n_households, NO_ONE, dtype=np.int64)
    youngest = np.full(n_households, np.iinfo(np.int16).max, dtype=np.int16)
    for i in range(len(able)):
        if able[i]:
            h = np.uint32(household[i] + n_households * (household[i] < 0))
            if age_m[i] <= youngest[h]:
                youngest[h] = age_m[i]
                helper[h] = i
    return helper


@njit(cache=True, nogil=True)
def linked_helpers(edges: np.ndarray, helper: np.ndarray, n_households: int) -> np.ndarray:
    """Per household the helper of one linked household, later edges winning.

    The numpy version assigned in two fancy-index passes (first ``a <- helper[b]``,
    then ``b <- helper[a]`` where that exists, else what the first pass left);
    this is the same two passes as loops.
    """
    linked = np.full(n_households, NO_ONE, dtype=np.int64)
    for e in range(len(edges)):
        linked[edges[e, 0]] = helper[edges[e, 1]]
    first = linked.copy()
    for e in range(len(edges)):
        b = edges[e, 1]
        h = helper[edges[e, 0]]
        linked[b] = h if h != NO_ONE else first[b]
    return linked

"""Compiled helpers for the monthly record (``model.recording``).

The record's three wellbeing means each selected the residents' wellbeing with a
boolean mask; with a mask that picks a random third of 100,000 residents numpy's
selection mispredicts a branch per resident and takes 0.5 ms. A branch-free copy in
one pass selects for all three masks at once; the means are then taken by numpy as
before, over the same values in the same order, so they are the same numbers
(tests/test_record_kernels.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _select_three(values, first, second, third):
    n = len(values)
    out = np.empty((3, n), dtype=values.dtype)
    a = b = c = 0
    for i in range(n):
        v = values[i]
        out[0, a] = v
        out[1, b] = v
        out[2, c] = v
        a += first[i]
        b += second[i]
        c += third[i]
    return out, a, b, c


def select_three(
    values: np.ndarray, first: np.ndarray, second: np.ndarray, third: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``values[first]``, ``values[second]``, ``values[third]`` (boolean masks) in one pass."""
    out, a, b, c = _select_three(values, first, second, third)
    return out[0, :a], out[1, :b], out[2, :c]


@njit(cache=True, nogil=True)
def caseload_by_district(
    start: np.ndarray,
    units: np.ndarray,
    provider: np.ndarray,
    resident: np.ndarray,
    district: np.ndarray,
    tariff: np.ndarray,
    not_started: int,
    districts: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One product's caseload per district: delivered value of active rows, waiting rows.

    The value is ``float64(units) * tariff[provider]`` summed in row order, as the
    weighted ``np.bincount`` of ``model.recording`` summed it; the waiting rows are
    counted (``start == not_started``).
    """
    value = np.zeros(districts, dtype=np.float64)
    waiting = np.zeros(districts, dtype=np.int64)
    for i in range(len(start)):
        d = district[resident[i]]
        if start[i] == not_started:
            waiting[d] += 1
        else:
            value[d] += np.float64(units[i]) * tariff[provider[i]]
    return value, waiting

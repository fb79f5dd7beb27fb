"""Compiled loops (numba) for the month's hottest full-population passes.

A month at 100,000 residents is a few hundred numpy passes over the residents'
arrays; each pass allocates a temporary and reads memory again. The kernels here
fuse such a chain into one loop, and return exactly what the numpy expressions they
replace returned: only integer arithmetic, comparisons and gathers, or float
arithmetic done in the same precision and order (checked in tests/test_kernels.py
against the numpy formulations). So no number the model records changes.

Compiled on first use and cached on disk (``cache=True``), so a fresh process pays
the compilation once per machine, not per run.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
# Shift counts as uint64: numba mixes a signed shift count and an unsigned value into float64.
_S11, _S27, _S30, _S31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)
_UNIT = 1.0 / 2**53


@njit(cache=True, nogil=True)
def keyed_uniform(residents: np.ndarray, base: np.uint64) -> np.ndarray:
    """``agents.streams.KeyedDraws.uniform`` after the key: splitmix64 of each resident id."""
    out = np.empty(len(residents), dtype=np.float64)
    for i in range(len(residents)):
        x = np.uint64(residents[i]) * _GOLDEN + base
        x ^= x >> _S30
        x *= _MIX1
        x ^= x >> _S27
        x *= _MIX2
        x ^= x >> _S31
        out[i] = np.float64(x >> _S11) * _UNIT
    return out

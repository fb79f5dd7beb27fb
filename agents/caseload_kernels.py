"""A compiled pass that takes rows out of a caseload column (``agents.caseload.Caseload.remove``).

Ending indications removes a few rows from each of a product's nine columns; numpy
did it with a boolean gather for the removed rows and a fancy-index copy for the
kept ones, 40 us for a table of 300 rows and 180 us for 4,000, some 30 times a
month. One loop per column does both in place: the kept rows move forward in their
order (exactly what ``column[:kept] = column[~rows]`` wrote), the removed ones are
returned in theirs (``column[rows]``). tests/test_caseload_kernels.py compares them.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def take_out(column: np.ndarray, rows: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` rows flagged in ``rows``; the others move to the front of ``column``."""
    removed = np.empty(count, dtype=column.dtype)
    kept = taken = 0
    for i in range(len(rows)):
        value = column[i]
        if rows[i]:
            removed[taken] = value
            taken += 1
        else:
            column[kept] = value
            kept += 1
    return removed

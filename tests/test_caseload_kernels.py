"""Removing caseload rows with the compiled pass leaves the table numpy left (issue 14).

``Caseload.remove`` must return the removed rows in their order and close up the kept
rows in theirs - row order is what admission (first come, first served) and reviews
(longest without a look first) read - so a speed change must not move one row.
"""

from __future__ import annotations

import numpy as np

from agents.caseload import NOT_STARTED, Caseload


def _remove_numpy(columns: dict[str, np.ndarray], used: int, rows: np.ndarray):
    """The numpy ``Caseload.remove`` the kernel replaced, on copies of the columns."""
    removed = {k: v[:used][rows] for k, v in columns.items()}
    keep = np.flatnonzero(~rows)
    for column in columns.values():
        column[: len(keep)] = column[keep]
    return removed, len(keep)


def test_removing_rows_is_the_numpy_gather_and_compaction_bit_for_bit() -> None:
    rng = np.random.default_rng(4)
    for size, share in ((0, 0.5), (1, 1.0), (40, 0.0), (300, 0.02), (3_000, 0.3), (500, 1.0)):
        caseload = Caseload()
        caseload.append(
            resident=rng.integers(0, 100_000, size),
            since=rng.integers(-50, 50, size).astype(np.int32),
            start=np.where(rng.random(size) < 0.2, NOT_STARTED, 3).astype(np.int32),
            end=rng.integers(0, 90, size).astype(np.int32),
            units=rng.random(size).astype(np.float32),
            referrer=rng.integers(-1, 5, size).astype(np.int8),
            reviewed=1,
            severity_at_start=rng.random(size).astype(np.float32),
        )
        columns = {k: v.copy() for k, v in caseload._cols.items()}
        rows = rng.random(size) < share
        want, kept = _remove_numpy(columns, size, rows)
        got = caseload.remove(rows)
        assert len(caseload) == kept, f"{size} rows: {len(caseload)} kept, numpy kept {kept}"
        for name, column in columns.items():
            assert got[name].dtype == want[name].dtype, f"{name}: removed rows changed dtype"
            assert np.array_equal(got[name], want[name]), f"{name}: removed rows moved"
            assert np.array_equal(caseload._cols[name], column), f"{name}: kept rows moved"

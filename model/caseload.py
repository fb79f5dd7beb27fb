"""Caseloads: the clients and waiting list of one tailored product, as small arrays.

Only a few percent of residents use a product, so its clients live in a compact table
(one row per indication) instead of full-population arrays; the month's admissions,
endings and billing then touch a few thousand rows. ``Residents.services`` and
``Residents.waiting`` mirror the table as bit flags for vectorised decisions; the
invariant tests check that the two always agree.
"""

from __future__ import annotations

import numpy as np

NOT_STARTED = np.iinfo(np.int32).min  # `start` of a waiting row (months can be negative)

COLUMNS: dict[str, type] = {
    "resident": np.int64,
    "provider": np.int32,  # -1 while waiting
    "since": np.int32,  # month the indication or referral was made
    "start": np.int32,  # month care started (NOT_STARTED while waiting)
    "end": np.int32,  # planned last month (indication end)
    "units": np.float32,  # hours or part-days per week; 1 for monthly tariffs
    "referrer": np.int8,
    "reviewed": np.int32,  # month of the last assessment or review
    "severity_at_start": np.float32,
}


class Caseload:
    """Indications of one product: waiting rows (start == NOT_STARTED) and active rows."""

    def __init__(self) -> None:
        self.cols: dict[str, np.ndarray] = {k: np.zeros(0, dtype=t) for k, t in COLUMNS.items()}

    def __len__(self) -> int:
        return len(self.cols["resident"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    @property
    def waiting(self) -> np.ndarray:
        """Mask of rows on the waiting list."""
        return self.cols["start"] == NOT_STARTED

    @property
    def active(self) -> np.ndarray:
        """Mask of rows receiving care."""
        return self.cols["start"] != NOT_STARTED

    def append(self, **values: np.ndarray | int | float) -> None:
        """Add rows; scalars broadcast to the length of ``resident``."""
        count = len(np.atleast_1d(values["resident"]))
        if count == 0:
            return
        for name, dtype in COLUMNS.items():
            value = np.asarray(values.get(name, -1), dtype=dtype)
            column = np.full(count, value, dtype=dtype) if value.ndim == 0 else value
            self.cols[name] = np.concatenate([self.cols[name], column])

    def remove(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Drop rows (boolean mask); return the removed rows."""
        removed = {k: v[rows] for k, v in self.cols.items()}
        keep = ~rows
        self.cols = {k: v[keep] for k, v in self.cols.items()}
        return removed

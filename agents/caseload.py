"""Caseloads: the clients and waiting list of one tailored product, as small arrays.

Only a few percent of residents use a product, so its clients live in a compact table
(one row per indication) instead of full-population arrays; the month's admissions,
endings and billing then touch a few thousand rows. ``Residents.services`` and
``Residents.waiting`` mirror the table as bit flags for vectorised decisions; the
invariant tests check that the two always agree.
"""

from __future__ import annotations

import numpy as np

from agents.caseload_kernels import take_out

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
    """Indications of one product: waiting rows (start == NOT_STARTED) and active rows.

    Columns are preallocated and grown by doubling, so adding the month's grants
    writes into free rows instead of copying the table.
    """

    def __init__(self, capacity: int = 256) -> None:
        self._cols = {k: np.zeros(capacity, dtype=t) for k, t in COLUMNS.items()}
        self._buffers = tuple(self._cols.values())  # COLUMNS order, for compiled passes
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, name: str) -> np.ndarray:
        """A column's used rows (a writable view)."""
        return self._cols[name][: self._n]

    @property
    def waiting(self) -> np.ndarray:
        """Mask of rows on the waiting list."""
        return self["start"] == NOT_STARTED

    @property
    def active(self) -> np.ndarray:
        """Mask of rows receiving care."""
        return self["start"] != NOT_STARTED

    def append(self, **values: np.ndarray | int | float) -> None:
        """Add rows; scalars broadcast to the length of ``resident``."""
        count = len(np.atleast_1d(values["resident"]))
        if count == 0:
            return
        end = self._n + count
        self._reserve(end)
        for name in COLUMNS:
            self._cols[name][self._n : end] = values.get(name, -1)
        self._n = end

    def _reserve(self, rows: int) -> None:
        """Grow the columns (at least doubling) so that they hold ``rows`` rows."""
        if rows > len(self._cols["resident"]):
            size = max(rows, 2 * len(self._cols["resident"]))
            for name, column in self._cols.items():
                grown = np.zeros(size, dtype=column.dtype)
                grown[: self._n] = column[: self._n]
                self._cols[name] = grown
            self._buffers = tuple(self._cols.values())

    def buffers(self, extra: int = 0) -> tuple[np.ndarray, ...]:
        """The whole columns in ``COLUMNS`` order, with room for ``extra`` rows after the used.

        For compiled passes (``agents.provider_kernels``) that read the used rows and
        write rows in place; they tell the table its new length with ``resize``.
        """
        if self._n + extra > len(self._buffers[0]):
            self._reserve(self._n + extra)
        return self._buffers

    def resize(self, rows: int) -> None:
        """Take the first ``rows`` rows as the used ones after a compiled pass wrote them."""
        if not 0 <= rows <= len(self._cols["resident"]):
            raise ValueError(f"a caseload of {len(self._cols['resident'])} rows cannot use {rows}")
        self._n = rows

    def remove(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Drop rows (boolean mask over the used rows); return the removed rows.

        The kept rows close up in their order, as ``column[~rows]`` would put them.
        """
        count = int(np.count_nonzero(rows))
        removed = {k: take_out(v[: self._n], rows, count) for k, v in self._cols.items()}
        self._n -= count
        return removed

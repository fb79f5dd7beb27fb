"""The record's per-district caseload values are numpy's bincounts, value for value.

The recorded spending per district must keep every bit (issue 14: speed changes no
number); tests/test_provider_kernels.py checks the record's resident tallies.
"""

from __future__ import annotations

import numpy as np


def test_caseload_by_district_is_the_numpy_bincounts_bit_for_bit() -> None:
    from agents.caseload import NOT_STARTED
    from agents.record_kernels import caseload_by_district

    rng = np.random.default_rng(12)
    districts = 5
    district = rng.integers(0, districts, 20_000).astype(np.int16)
    tariff = rng.random(4) * 60.0
    for rows in (0, 1, 300, 6_000):
        start = np.where(rng.random(rows) < 0.2, NOT_STARTED, 7).astype(np.int32)
        units = (rng.random(rows) * 8).astype(np.float32)
        provider = np.where(start == NOT_STARTED, -1, rng.integers(0, 4, rows)).astype(np.int32)
        resident = rng.integers(0, len(district), rows)
        active, waiting_rows = start != NOT_STARTED, start == NOT_STARTED
        value = units[active].astype(np.float64) * tariff[provider[active]]
        want_value = np.bincount(district[resident[active]], weights=value, minlength=districts)[
            :districts
        ]
        want_waiting = np.bincount(district[resident[waiting_rows]], minlength=districts)
        got_value, got_waiting = caseload_by_district(
            start, units, provider, resident, district, tariff, NOT_STARTED, districts
        )
        assert np.array_equal(got_value, want_value), f"{rows} rows: district values moved"
        assert np.array_equal(got_waiting, want_waiting.astype(np.int64)), (
            f"{rows} rows: waiting counts per district moved"
        )

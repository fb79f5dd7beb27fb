"""The record's wellbeing selections are numpy's boolean selections, value for value.

``model.recording.record_month`` takes three wellbeing means over masked residents;
the compiled selection must hand numpy the same values in the same order, so that
the recorded means keep every bit (issue 14: speed changes no number).
"""

from __future__ import annotations

import numpy as np

from agents.record_kernels import select_three


def test_three_selections_are_the_numpy_masks_bit_for_bit() -> None:
    rng = np.random.default_rng(8)
    for n in (0, 1, 17, 50_000):
        values = (rng.random(n) * 10).astype(np.float32)
        masks = [rng.random(n) < share for share in (0.97, 0.3, 0.0)]
        got = select_three(values, *masks)
        for picked, mask in zip(got, masks, strict=True):
            want = values[mask]
            assert picked.dtype == want.dtype, f"n={n}: selection changed dtype"
            assert np.array_equal(picked, want), f"n={n}: selection moved values"
            if len(want):
                assert np.mean(picked, dtype=np.float64) == np.mean(want, dtype=np.float64), (
                    f"n={n}: the mean of the selection moved"
                )


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

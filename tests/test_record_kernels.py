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

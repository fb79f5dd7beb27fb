"""The compiled PCG64 float32 draws are numpy's own numbers and leave numpy's state behind.

``Residents.uniform`` draws through ``agents.rng_kernels.random_float32``; a single
different bit would change every run, so each size class (empty, odd, even, the pair
loop's remainders, large), numpy's buffered half of a 64-bit output, and draws made
with numpy before and after are compared with ``Generator.random(n, dtype=float32)``.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.rng_kernels import random_float32

SIZES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 101, 1000, 4097, 100_000]


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**63 + 7])
def test_the_draws_and_the_state_after_them_are_numpys(seed):
    ours, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
    for size in SIZES + SIZES[::-1]:  # odd sizes leave numpy's buffered half in play
        expected = numpys.random(size, dtype=np.float32)
        drawn = random_float32(ours, size)
        assert drawn.dtype == np.float32 and drawn.shape == (size,)
        assert np.array_equal(drawn, expected), f"seed {seed}, size {size}"
        assert ours.bit_generator.state == numpys.bit_generator.state, f"state after {size}"
        # numpy's other draws continue the same stream afterwards
        assert ours.random() == numpys.random()
        assert ours.integers(0, 2**31, 3).tolist() == numpys.integers(0, 2**31, 3).tolist()
        assert np.array_equal(
            ours.random(size % 5, dtype=np.float32), numpys.random(size % 5, dtype=np.float32)
        )


def test_a_spawned_stream_and_a_large_draw_match():
    child = np.random.SeedSequence([7, 99]).spawn(2)[1]
    ours, numpys = np.random.default_rng(child), np.random.default_rng(child)
    for _ in range(3):
        assert np.array_equal(random_float32(ours, 250_001), numpys.random(250_001, np.float32))


def test_other_bit_generators_use_numpy():
    ours = np.random.Generator(np.random.Philox(3))
    numpys = np.random.Generator(np.random.Philox(3))
    assert np.array_equal(random_float32(ours, 11), numpys.random(11, dtype=np.float32))


@pytest.mark.parametrize("parts", [2, 3])
def test_draws_cut_into_parts_are_numpys_and_leave_its_state(monkeypatch, parts):
    """A large town's draws are filled in parts side by side (``agents.threads``)."""
    from agents import threads

    monkeypatch.setattr(threads, "MIN_RANGE", 3)
    monkeypatch.setattr(threads, "_threads", parts)
    ours, numpys = np.random.default_rng(2024), np.random.default_rng(2024)
    for size in [7, 8, 9, 10, 11, 1001, 100_000, 3, 6]:  # odd sizes bring the buffered half
        assert len(threads.ranges(size)) == min(parts, size // 3), "not cut into parts"
        expected = numpys.random(size, dtype=np.float32)
        assert np.array_equal(random_float32(ours, size), expected), f"size {size}"
        assert ours.bit_generator.state == numpys.bit_generator.state, f"state after {size}"

"""The compiled kernels return exactly what the numpy formulations they replace return.

Speed work must change no number (issue 14): each kernel in ``agents/kernels.py`` is
checked here, bit for bit, against the numpy code it replaced, on random inputs that
include the edge cases (empty, negative sentinels, dead and Wlz residents).
"""

from __future__ import annotations

import numpy as np

from agents.streams import KeyedDraws, _purpose_key, _splitmix_int


def _keyed_uniform_numpy(seed: int, purpose: str, tick: int, residents: np.ndarray) -> np.ndarray:
    """The numpy keyed draw as it was before the kernel (splitmix64 on uint64 arrays)."""
    key = (seed * 1_000_003 + _purpose_key(purpose)) * 10_007 + int(tick)
    x = residents.astype(np.uint64)
    x *= np.uint64(0x9E3779B97F4A7C15)
    x += np.uint64(_splitmix_int(key % 2**64))
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    x >>= np.uint64(11)
    return x.astype(np.float64) * (1.0 / 2**53)


def test_keyed_draws_are_the_numpy_splitmix_bit_for_bit() -> None:
    rng = np.random.default_rng(0)
    draws = KeyedDraws(12345)
    for residents in (
        np.zeros(0, dtype=np.int64),
        np.arange(5),
        rng.integers(0, 2_000_000, 10_000),
        rng.integers(0, 2_000_000, 500).astype(np.int32),
    ):
        for tick in (0, 7, 204):
            got = draws.uniform("burnout", tick, residents)
            want = _keyed_uniform_numpy(12345, "burnout", tick, residents)
            assert got.dtype == np.float64, f"keyed draws are float64, got {got.dtype}"
            assert np.array_equal(got, want), f"keyed draws moved for {len(residents)} residents"


def _population(n: int = 3_000, seed: int = 1):
    """Random resident fields with the model's dtypes and sentinels."""
    rng = np.random.default_rng(seed)
    return {
        "household": rng.integers(0, n // 2, n).astype(np.int32),
        "living": rng.random(n) < 0.95,
        "alive": rng.random(n) < 0.97,
        "in_wlz": rng.random(n) < 0.03,
        "age": rng.integers(0, 105, n).astype(np.int16),
        "need_hh": np.where(rng.random(n) < 0.3, rng.random(n), 0).astype(np.float32),
        "need_support": np.where(rng.random(n) < 0.3, rng.random(n), 0).astype(np.float32),
        "break_until": rng.integers(-1, 30, n).astype(np.int32),
        "carer": np.where(rng.random(n) < 0.4, -1, rng.integers(0, n, n)).astype(np.int32),
    }


def test_household_members_are_the_numpy_mask() -> None:
    from agents.kernels import flag_households, members_of_flagged

    f = _population()
    for members in (np.zeros(0, dtype=np.int64), np.arange(0, 3_000, 7), np.array([5, 5, 9])):
        flagged = np.zeros(int(f["household"].max()) + 1, dtype=bool)
        flagged[f["household"][members]] = True
        assert np.array_equal(flag_households(f["household"], members), flagged), "flags moved"
        for low, high in ((18, 67), (18, 2**15), (0, 18)):
            want = np.flatnonzero(
                flagged[f["household"]] & f["living"] & (f["age"] >= low) & (f["age"] < high)
            )
            got = members_of_flagged(f["household"], flagged, f["living"], f["age"], low, high)
            assert np.array_equal(got, want), f"members aged {low}-{high} moved"


def test_able_carers_are_the_numpy_mask() -> None:
    from agents.kernels import able_carers

    f = _population()
    carer, tick = f["carer"], 12
    ok = carer != -1
    idx = np.where(ok, carer, 0)
    want = (
        ok
        & f["alive"][idx]
        & ~f["in_wlz"][idx]
        & (f["need_hh"][idx] < 0.5)
        & (f["need_support"][idx] < 0.5)
        & (f["break_until"][idx] < tick)
    )
    got = able_carers(
        carer, f["alive"], f["in_wlz"], f["need_hh"], f["need_support"], f["break_until"], tick
    )
    assert np.array_equal(got, want), "able carers moved"

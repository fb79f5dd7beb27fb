"""The compiled passes of the providers, end-of-stay and recording phases are the numpy code.

Speed work changes no number (issue 14): each kernel is compared, bit for bit, with
the numpy formulation it replaced, on random residents that include the edge cases
(dead and Wlz residents, no district, empty populations).
"""

from __future__ import annotations

import numpy as np

from agents.products import WMO_MASK, YOUTH_MASK, Product
from agents.record_kernels import resident_codes, tally_codes

HH_BIT = 1 << Product.HH


def _residents(rng: np.random.Generator, n: int, districts: int, facilities: int) -> dict:
    """Random residents' fields with the record's dtypes; many zeros, as in the model."""

    def sparse(share: float, values: np.ndarray) -> np.ndarray:
        return np.where(rng.random(n) < share, values, np.zeros_like(values))

    return {
        "alive": rng.random(n) < 0.9,
        "in_wlz": rng.random(n) < 0.05,
        "services": sparse(0.2, rng.integers(0, 1 << 7, n)).astype(np.uint16),
        "waiting": sparse(0.05, rng.integers(0, 1 << 7, n)).astype(np.uint16),
        "access_waiting": rng.random(n) < 0.03,
        "used_youth_care_year": rng.random(n) < 0.04,
        "carer_load": sparse(0.2, rng.random(n) * 20).astype(np.float32),
        "overburdened": rng.random(n) < 0.1,
        "need_hh": sparse(0.2, rng.random(n)).astype(np.float32),
        "need_support": sparse(0.2, rng.random(n)).astype(np.float32),
        "youth_severity": sparse(0.1, rng.random(n)).astype(np.float32),
        "general_facility": np.where(
            rng.random(n) < 0.1, rng.integers(0, facilities, n), -1
        ).astype(np.int16),
        "light_until": np.where(rng.random(n) < 0.02, rng.integers(0, 30, n), -1).astype(np.int32),
        "poh_until": np.where(rng.random(n) < 0.02, rng.integers(0, 30, n), -1).astype(np.int32),
        "unmet": sparse(0.3, rng.random(n)).astype(np.float32),
        "income": rng.integers(0, 3, n).astype(np.int8),
        "district": rng.integers(-1, districts + 1, n).astype(np.int16),  # some outside
        "age": rng.integers(0, 106, n).astype(np.int16),
        "wellbeing": (rng.random(n) * 10).astype(np.float32),
    }


def _numpy_tallies(f: dict, threshold: np.float32, districts: int, facilities: int) -> tuple:
    """The record's counts as numpy masks (``model.recording`` before the kernels)."""
    living = f["alive"] & ~f["in_wlz"]
    bits = f["services"]
    hh = living & ((bits & HH_BIT) != 0)
    high = f["unmet"] > threshold
    with_need = living & ((f["need_hh"] > 0) | (f["need_support"] > 0) | (f["youth_severity"] > 0))
    in_contact = living & (
        f["access_waiting"]
        | (f["waiting"] != 0)
        | (bits != 0)
        | (f["general_facility"] >= 0)
        | (f["light_until"] >= 0)
        | (f["poh_until"] >= 0)
        | high
    )
    carers = living & (f["age"] >= 16) & (f["carer_load"] > 0)
    counts = [
        ((bits & WMO_MASK) != 0).sum(),
        ((bits & YOUTH_MASK) != 0).sum(),
        f["access_waiting"].sum(),
        carers.sum(),
        (carers & f["overburdened"]).sum(),
        (living & high).sum(),
    ]
    ages = int(f["age"].max()) + 1 if len(f["age"]) else 1
    by_age = np.array(
        [
            np.bincount(f["age"][mask], minlength=ages)
            for mask in (living, hh, living & f["used_youth_care_year"])
        ]
    ).reshape(3, ages)
    by_income = np.bincount(f["income"][hh], minlength=3)[:3]
    d = f["district"]
    inside = (d >= 0) & (d < districts)
    facility = f["general_facility"]

    def per_district(mask: np.ndarray) -> np.ndarray:
        return np.bincount(d[inside & mask], minlength=districts)

    table = [
        per_district(living),
        per_district((bits & WMO_MASK) != 0),
        per_district((bits & YOUTH_MASK) != 0),
        per_district(facility >= 0),
        per_district(f["access_waiting"]),
        per_district(f["light_until"] >= 0),
        *(per_district(facility == k) for k in range(facilities)),
    ]
    wellbeing = f["wellbeing"]
    selections = (wellbeing[living], wellbeing[with_need], wellbeing[in_contact])
    return np.array(counts), by_age, by_income, np.array(table).reshape(-1, districts), selections


def test_record_tallies_are_the_numpy_counts_bit_for_bit() -> None:
    rng = np.random.default_rng(14)
    threshold = np.float32(0.4)
    for n, districts, facilities in ((0, 1, 0), (1, 1, 1), (37, 3, 2), (60_000, 7, 5)):
        f = _residents(rng, n, districts, max(facilities, 1))
        if facilities == 0:
            f["general_facility"][:] = -1
        code, counts = resident_codes(
            *(f[k] for k in list(f)[:16]),
            f["district"],
            f["age"],
            threshold,
            WMO_MASK,
            YOUTH_MASK,
            HH_BIT,
            districts,
            facilities,
        )
        ages = int(f["age"].max()) + 1 if n else 1
        by_age, by_income, table, selected, *lengths = tally_codes(
            code, f["age"], f["wellbeing"], ages, districts, facilities
        )
        want = _numpy_tallies(f, threshold, districts, facilities)
        assert np.array_equal(counts, want[0]), f"n={n}: the record's counts moved"
        assert np.array_equal(by_age, want[1]), f"n={n}: counts by age moved"
        assert np.array_equal(by_income, want[2]), f"n={n}: HH clients by income moved"
        assert np.array_equal(table, want[3]), f"n={n}: the district counts moved"
        for row, length, values in zip(selected, lengths, want[4], strict=True):
            picked = row[:length]
            assert np.array_equal(picked, values), f"n={n}: a wellbeing selection moved"
            if length:
                assert np.mean(picked, dtype=np.float64) == np.mean(values, dtype=np.float64), (
                    f"n={n}: a wellbeing mean moved"
                )

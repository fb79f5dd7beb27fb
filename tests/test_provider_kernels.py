"""The compiled passes of the providers, end-of-stay and recording phases are the numpy code.

Speed work changes no number (issue 14): each kernel is compared, bit for bit, with
the numpy formulation it replaced, on random residents that include the edge cases
(dead and Wlz residents, no district, empty populations).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents import threads
from agents.caseload import COLUMNS, NOT_STARTED, Caseload
from agents.products import WMO_MASK, YOUTH_MASK, Product
from agents.provider_kernels import (
    delivered_by_provider,
    end_rows,
    grant_rows,
    need_gone,
    start_rows,
    stays_over,
    waiting_in_order,
    wmo_endings,
    youth_endings,
)
from agents.record_kernels import count_residents

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


@pytest.mark.parametrize("threads_used", [1, 3])
def test_record_tallies_are_the_numpy_counts_bit_for_bit(threads_used, monkeypatch) -> None:
    """One range or three (``agents.threads``, ranges of 10+ residents): the numpy counts."""
    monkeypatch.setattr(threads, "MIN_RANGE", 10)
    monkeypatch.setattr(threads, "_threads", threads_used)
    rng = np.random.default_rng(14)
    threshold = np.float32(0.4)
    for n, districts, facilities in ((0, 1, 0), (1, 1, 1), (37, 3, 2), (60_000, 7, 5)):
        f = _residents(rng, n, districts, max(facilities, 1))
        if facilities == 0:
            f["general_facility"][:] = -1
        counts, by_age, by_income, table, selections = count_residents(
            (*(f[k] for k in list(f)[:16]), f["district"]),
            f["age"],
            f["wellbeing"],
            threshold,
            (WMO_MASK, YOUTH_MASK, HH_BIT),
            districts,
            facilities,
        )
        want = _numpy_tallies(f, threshold, districts, facilities)
        assert np.array_equal(counts, want[0]), f"n={n}: the record's counts moved"
        assert np.array_equal(by_age, want[1]), f"n={n}: counts by age moved"
        assert np.array_equal(by_income, want[2]), f"n={n}: HH clients by income moved"
        assert np.array_equal(table, want[3]), f"n={n}: the district counts moved"
        for picked, values in zip(selections, want[4], strict=True):
            assert np.array_equal(picked, values), f"n={n}: a wellbeing selection moved"
            if len(picked):
                assert np.mean(picked, dtype=np.float64) == np.mean(values, dtype=np.float64), (
                    f"n={n}: a wellbeing mean moved"
                )


def _caseload(rng: np.random.Generator, rows: int, people: int, providers: int) -> Caseload:
    """A product's table: a fifth waiting, the rest with a provider, residents distinct."""
    caseload = Caseload(capacity=8)
    waiting = rng.random(rows) < 0.2
    caseload.append(
        resident=rng.permutation(people)[:rows],
        provider=np.where(waiting, -1, rng.integers(0, providers, rows)).astype(np.int32),
        since=rng.integers(-50, 50, rows).astype(np.int32),
        start=np.where(waiting, NOT_STARTED, rng.integers(-60, 30, rows)).astype(np.int32),
        end=rng.integers(0, 90, rows).astype(np.int32),
        units=rng.random(rows).astype(np.float32),
        referrer=rng.integers(-1, 5, rows).astype(np.int8),
        reviewed=rng.integers(-9, 30, rows).astype(np.int32),
        severity_at_start=rng.random(rows).astype(np.float32),
    )
    return caseload


def _end_numpy(
    caseload: Caseload, rows: np.ndarray, flags: dict, bit: int, month: int, providers: int
):
    """``ServiceSystem.end`` in numpy, as it was before the kernel (on copies)."""
    table = {name: caseload[name].copy() for name in COLUMNS}
    removed = {name: column[rows] for name, column in table.items()}
    kept = {name: column[~rows] for name, column in table.items()}
    residents = removed["resident"]
    flags["services"][residents] &= ~np.uint16(bit)
    flags["waiting"][residents] &= ~np.uint16(bit)
    flags["hh_hours"][residents] = 0.0
    active = removed["start"] != NOT_STARTED
    durations = month - removed["start"][active] + 1
    counts = np.bincount(removed["provider"][active], minlength=providers)
    months = np.bincount(removed["provider"][active], weights=durations, minlength=providers)
    return kept, residents, durations, counts, months.astype(np.int64)


def test_ending_rows_is_the_numpy_removal_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    people, providers, month = 5_000, 3, 31
    for rows, share in ((0, 0.5), (1, 1.0), (40, 0.0), (300, 0.05), (3_000, 0.4), (200, 1.0)):
        caseload = _caseload(rng, rows, people, providers)
        flags = {
            "services": rng.integers(0, 1 << 7, people).astype(np.uint16),
            "waiting": rng.integers(0, 1 << 7, people).astype(np.uint16),
            "hh_hours": rng.random(people).astype(np.float32),
        }
        want_flags = {k: v.copy() for k, v in flags.items()}
        ending = rng.random(rows) < share
        kept, residents, durations, counts, months = _end_numpy(
            caseload, ending, want_flags, 1 << 2, month, providers
        )
        got_residents, got_durations, by_provider = end_rows(
            ending,
            caseload.buffers(),
            flags["services"],
            flags["waiting"],
            flags["hh_hours"],
            1 << 2,
            True,
            month,
            NOT_STARTED,
            providers,
        )
        caseload.resize(rows - len(got_residents))
        for name in COLUMNS:
            assert caseload[name].dtype == kept[name].dtype, f"{name}: a column changed dtype"
            assert np.array_equal(caseload[name], kept[name]), f"{rows} rows: kept {name} moved"
        assert np.array_equal(got_residents, residents), f"{rows} rows: ended residents moved"
        assert got_durations.dtype == durations.dtype, "the durations changed dtype"
        assert np.array_equal(got_durations, durations), f"{rows} rows: durations moved"
        assert np.array_equal(by_provider[0], counts), f"{rows} rows: endings per provider moved"
        assert np.array_equal(by_provider[1], months), f"{rows} rows: months per provider moved"
        for name, values in flags.items():
            assert np.array_equal(values, want_flags[name]), f"{rows} rows: {name} moved"


def _grant_numpy(caseload: Caseload, flags: dict, residents, bit, month, units, months, referrer):
    """``ServiceSystem.grant`` in numpy, as it was before the kernel."""

    def select(value, keep):
        return value[keep] if isinstance(value, np.ndarray) and value.ndim else value

    fresh = (flags["services"][residents] | flags["waiting"][residents]) & np.uint16(bit) == 0
    granted = residents[fresh]
    if len(granted):
        end = month + np.maximum(np.rint(select(months, fresh)), 1).astype(np.int32) - 1
        caseload.append(
            resident=granted,
            since=month,
            start=NOT_STARTED,
            end=end,
            units=select(units, fresh),
            referrer=select(referrer, fresh),
            reviewed=month,
            severity_at_start=flags["youth_severity"][granted],
        )
        flags["waiting"][granted] |= np.uint16(bit)
        flags["private_help"][granted] = False
    return granted


def test_granting_is_the_numpy_filter_and_append_bit_for_bit() -> None:
    rng = np.random.default_rng(5)
    people, month = 4_000, 17
    for size in (0, 1, 25, 900):
        for scalars in (False, True):
            caseload = _caseload(rng, 300, people, 2)
            want_table = Caseload(capacity=8)  # the same starting table for numpy
            want_table.append(**{name: caseload[name].copy() for name in COLUMNS})
            flags = {
                "services": np.where(rng.random(people) < 0.1, 1 << 1, 0).astype(np.uint16),
                "waiting": np.where(rng.random(people) < 0.1, 1 << 1, 0).astype(np.uint16),
                "youth_severity": rng.random(people).astype(np.float32),
                "private_help": rng.random(people) < 0.5,
            }
            want_flags = {k: v.copy() for k, v in flags.items()}
            residents = rng.integers(0, people, size)
            units = 1.0 if scalars else rng.random(size) * 12
            months = 120 if scalars else rng.random(size) * 30 - 2  # some round below 1
            referrer = -1 if scalars else rng.integers(-1, 5, size)
            want = _grant_numpy(
                want_table, want_flags, residents, 1 << 1, month, units, months, referrer
            )
            used = len(caseload)
            added = grant_rows(
                residents,
                flags["services"],
                flags["waiting"],
                flags["youth_severity"],
                flags["private_help"],
                1 << 1,
                True,
                *_steps(units, np.float64),
                *_steps(months, np.float64),
                *_steps(referrer, np.int64),
                month,
                NOT_STARTED,
                caseload.buffers(size),
                used,
            )
            caseload.resize(used + added)
            assert np.array_equal(caseload["resident"][used:], want), f"{size}: granted moved"
            for name in COLUMNS:
                assert np.array_equal(caseload[name], want_table[name]), f"{size}: {name} moved"
            for name, values in flags.items():
                assert np.array_equal(values, want_flags[name]), f"{size}: {name} moved"


def _steps(value, dtype) -> tuple[np.ndarray, int]:
    return (value, 1) if isinstance(value, np.ndarray) else (np.full(1, value, dtype=dtype), 0)


def _stays_numpy(f: dict, month: int, facilities: int) -> tuple:
    """The end of stays in numpy, as ``Facilities``, ``LightSupport`` and the phase did it."""
    until, index = f["general_until"], f["general_facility"]
    ended = np.flatnonzero((until >= 0) & (until < month))
    ended = ended[index[ended] != -1]
    left = np.bincount(index[ended], minlength=facilities)
    index[ended] = -1
    until[ended] = -1
    seeking = np.flatnonzero((f["carer_load"] > 0) & (index < 0))
    light = f["light_until"]
    living = f["alive"] & ~f["in_wlz"]
    light[(light >= 0) & ((light < month) | ~living)] = -1
    f["poh_until"][f["poh_until"] < month] = -1
    return left, seeking, int((light >= 0).sum())


def test_ending_stays_is_the_numpy_masks_bit_for_bit() -> None:
    rng = np.random.default_rng(9)
    month, facilities = 20, 5
    for n in (0, 1, 50, 40_000):
        f = {
            "general_until": np.where(rng.random(n) < 0.2, rng.integers(0, 40, n), -1),
            "general_facility": np.where(rng.random(n) < 0.2, rng.integers(0, facilities, n), -1),
            "light_until": np.where(rng.random(n) < 0.1, rng.integers(0, 40, n), -1),
            "poh_until": np.where(rng.random(n) < 0.1, rng.integers(0, 40, n), -1),
            "carer_load": np.where(rng.random(n) < 0.3, rng.random(n) * 20, 0.0),
            "alive": rng.random(n) < 0.9,
            "in_wlz": rng.random(n) < 0.05,
        }
        dtypes = (np.int32, np.int16, np.int32, np.int32, np.float32, np.bool_, np.bool_)
        f = {k: v.astype(t) for (k, v), t in zip(f.items(), dtypes, strict=True)}
        want_fields = {k: v.copy() for k, v in f.items()}
        want = _stays_numpy(want_fields, month, facilities)
        left, seekers, light = stays_over(*f.values(), month, facilities, 0, n)
        assert np.array_equal(left, want[0]), f"n={n}: leavers per facility moved"
        assert np.array_equal(seekers, want[1]), f"n={n}: the carers who may ask moved"
        assert light == want[2], f"n={n}: light-support clients moved"
        for name, values in f.items():
            assert np.array_equal(values, want_fields[name]), f"n={n}: {name} moved"


def _wmo_endings_numpy(caseload: Caseload, need, draws, threshold, withdraws: bool, month: int):
    """Phase 7's Wmo endings in numpy, as they were (``draws``: one per row)."""
    residents, active = caseload["resident"], caseload.active
    ending = active & (caseload["end"] <= month)
    resolved = active & (need[residents] <= 0) & (draws < threshold)
    due = ending & ~resolved
    resolved |= caseload.waiting & (need[residents] <= 0) & withdraws
    return resolved, np.flatnonzero(due[~resolved])


def test_wmo_endings_are_the_numpy_masks_bit_for_bit() -> None:
    rng = np.random.default_rng(21)
    people, month, threshold = 3_000, 12, 0.4
    for rows in (0, 1, 30, 2_500):
        for withdraws in (True, False):
            caseload = _caseload(rng, rows, people, 3)
            need = np.where(rng.random(people) < 0.3, 0.0, rng.random(people)).astype(np.float32)
            draws = rng.random(rows)
            want_resolved, want_due = _wmo_endings_numpy(
                caseload, need, draws, threshold, withdraws, month
            )
            gone = need_gone(caseload["start"], caseload["resident"], need, NOT_STARTED)
            resolved, due = wmo_endings(
                caseload["start"],
                caseload["end"],
                caseload["resident"],
                need,
                gone[draws[gone] < threshold],  # the same draw for the rows asked
                withdraws,
                month,
                NOT_STARTED,
            )
            assert np.array_equal(resolved, want_resolved), f"{rows} rows: endings moved"
            assert np.array_equal(due, want_due), f"{rows} rows: renewals moved"


def _youth_endings_numpy(caseload: Caseload, severity, coordinated, on_result, improvement, month):
    """Phase 7's youth endings in numpy, as they were."""
    residents, active = caseload["resident"], caseload.active
    ending = active & (caseload["end"] <= month)
    level = severity[residents]
    reached = level < 0.15
    if on_result:
        goal = caseload["severity_at_start"] * (1.0 - improvement)
        ending |= active & (reached | (level <= goal))
    ending |= active & reached & coordinated[residents]
    ending |= active & (level <= 0)
    ending |= caseload.waiting & (level <= 0)
    return ending


def test_youth_endings_are_the_numpy_masks_bit_for_bit() -> None:
    rng = np.random.default_rng(22)
    people, month, improvement = 3_000, 12, 0.3
    for rows in (0, 1, 30, 2_500):
        for on_result in (True, False):
            caseload = _caseload(rng, rows, people, 3)
            severity = np.where(rng.random(people) < 0.2, 0.0, rng.random(people))
            severity = severity.astype(np.float32)
            severity[:50] = np.float32(0.15)  # on the threshold
            coordinated = rng.random(people) < 0.3
            want = _youth_endings_numpy(
                caseload, severity, coordinated, on_result, improvement, month
            )
            got = youth_endings(
                caseload["start"],
                caseload["end"],
                caseload["resident"],
                caseload["severity_at_start"],
                severity,
                coordinated,
                on_result,
                np.float32(1.0 - improvement),
                month,
                NOT_STARTED,
            )
            assert np.array_equal(got, want), f"{rows} rows, on result {on_result}: moved"


def test_delivered_units_are_the_numpy_bincounts_bit_for_bit() -> None:
    rng = np.random.default_rng(23)
    providers, month = 4, 3
    intensity = np.array([1.0, 0.9, 0.85, 1.0])
    for rows in (0, 1, 40, 4_000):
        for weeks in (0.0, 52.0 / 12.0):
            caseload = _caseload(rng, rows, 10_000, providers)
            caseload["start"][caseload.active & (rng.random(rows) < 0.1)] = month
            active = caseload.active
            provider = caseload["provider"][active]
            units = caseload["units"][active].astype(np.float64) * intensity[provider]
            if weeks:
                units = units * weeks
            want = np.bincount(provider, weights=units, minlength=providers)
            want_started = np.bincount(
                provider[caseload["start"][active] == month], minlength=providers
            )
            delivered, started = delivered_by_provider(
                caseload["start"],
                caseload["provider"],
                caseload["units"],
                intensity,
                weeks,
                month,
                NOT_STARTED,
                providers,
            )
            assert np.array_equal(delivered, want), f"{rows} rows: delivered units moved"
            assert np.array_equal(started, want_started), f"{rows} rows: starts moved"


def test_waiting_rows_in_order_are_numpys_stable_argsort() -> None:
    rng = np.random.default_rng(24)
    for rows in (0, 1, 50, 3_000):
        caseload = _caseload(rng, rows, 10_000, 3)
        caseload["since"][:] = rng.integers(0, 6, rows)  # many ties: the row order decides
        waiting = caseload.waiting.nonzero()[0]
        want = waiting[caseload["since"][waiting].argsort(kind="stable")]
        got = waiting_in_order(caseload["start"], caseload["since"], NOT_STARTED)
        assert np.array_equal(got, want), f"{rows} rows: the order of the waiting list moved"


def _start_numpy(caseload: Caseload, rows, slots, flags: dict, bit, month, providers):
    """``ServiceSystem.admit`` from the chosen rows on, in numpy, as it was (HH, youth)."""
    duration = caseload["end"][rows] - caseload["since"][rows]
    waited = float((month - caseload["since"][rows] + 0.5).sum())
    caseload["start"][rows] = month
    caseload["end"][rows] = month + duration
    caseload["provider"][rows] = slots
    residents = caseload["resident"][rows]
    flags["waiting"][residents] &= ~np.uint16(bit)
    flags["services"][residents] |= np.uint16(bit)
    flags["hh_hours"][residents] = caseload["units"][rows]
    referrers = caseload["referrer"][rows]
    flags["used_youth_care_year"][residents] = True
    return (
        np.bincount(slots, minlength=providers),
        np.bincount(referrers[referrers >= 0], minlength=5),
        waited,
    )


def test_starting_care_is_the_numpy_writes_bit_for_bit() -> None:
    rng = np.random.default_rng(25)
    people, providers, month = 8_000, 4, 40
    for size in (0, 1, 60, 3_000):
        caseload = _caseload(rng, size, people, providers)
        want_table = Caseload(capacity=8)
        want_table.append(**{name: caseload[name].copy() for name in COLUMNS})
        waiting = waiting_in_order(caseload["start"], caseload["since"], NOT_STARTED)
        rows = waiting[: len(waiting) * 2 // 3]
        slots = np.sort(rng.integers(0, providers, len(rows)))
        flags = {
            "services": rng.integers(0, 1 << 7, people).astype(np.uint16),
            "waiting": rng.integers(0, 1 << 7, people).astype(np.uint16),
            "hh_hours": rng.random(people).astype(np.float32),
            "used_youth_care_year": rng.random(people) < 0.1,
        }
        want_flags = {k: v.copy() for k, v in flags.items()}
        want = _start_numpy(want_table, rows, slots, want_flags, 1 << 4, month, providers)
        counts, referrers, waited = start_rows(
            rows,
            slots,
            caseload.buffers(),
            *flags.values(),
            1 << 4,
            True,
            True,
            month,
            providers,
        )
        assert np.array_equal(counts, want[0]), f"{size} rows: starts per provider moved"
        assert np.array_equal(referrers, want[1]), f"{size} rows: starts per referrer moved"
        assert waited == want[2], f"{size} rows: the months waited moved"
        for name in COLUMNS:
            assert np.array_equal(caseload[name], want_table[name]), f"{size}: {name} moved"
        for name, values in flags.items():
            assert np.array_equal(values, want_flags[name]), f"{size} rows: {name} moved"

"""Compiled passes for the monthly record (``model.recording``).

The month's row and the district row count residents by age, income, district and a
dozen states, and take three wellbeing means over masked residents. One fused loop
over the residents doing all the counting ran at 16 ns a resident: counting into
small tables (by age, by district) keeps the loop from running on vector units. Two
passes do it in 5: ``resident_codes`` packs each resident's states into the bits of
one number and sums the scalar counts (a loop without stores to tables, which the
compiler vectorises); ``tally_codes`` then counts the codes into one table by age
and one by district (one increment each) and copies the wellbeing of the three
groups the means are over. The means are taken by numpy over the same values in the
same order as before, so they are the same numbers (tests/test_provider_kernels.py
compares everything with the numpy formulation).

Bits of a resident's code: 0 living (alive, not in the Wlz), 1 Wmo client, 2 youth
client, 3 waiting for access, 4 in light support, 5 living with a need, 6 living and
in contact with the system, 7 HH client, 8 used youth care this year, 9-12 general
facility (0 none, index + 1, 15 an index past the last facility), 13-14 income (3
outside 0-2), 16-31 district (0xFFFF outside 0 to ``districts`` - 1).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from agents.threads import PARALLEL, concatenated, drives, split

LIVING, WMO, YOUTH, ACCESS, LIGHT, NEED, CONTACT, HH, USED_YOUTH = range(9)
FACILITY_SHIFT, INCOME_SHIFT, DISTRICT_SHIFT = 9, 13, 16
MAX_FACILITIES = 14  # four bits: none, 14 facilities, one past the last
NO_DISTRICT = 0xFFFF


def count_residents(
    columns: tuple[np.ndarray, ...],
    age: np.ndarray,
    wellbeing: np.ndarray,
    threshold: np.float32,
    masks: tuple[int, int, int],
    districts: int,
    facilities: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """Both passes over ranges of residents (``agents.threads``), joined in resident order.

    ``columns``: the first 17 arrays of ``resident_codes`` (alive ... district);
    ``masks``: Wmo, youth, HH bit. Returns the counts, by age, by income, the district
    table and the wellbeing of the living, of those with a need and of those in contact.
    """
    n = len(age)
    code = np.empty(n, dtype=np.uint32)
    counts = split(resident_codes, n, *columns, age, threshold, *masks, districts, facilities, code)
    ages = int(age.max()) + 1 if n else 1
    parts = split(tally_codes, n, code, age, wellbeing, ages, districts, facilities)
    selections = tuple(
        concatenated([part[3][row, : part[4 + row]] for part in parts]) for row in range(3)
    )
    return (
        sum(counts[1:], counts[0]),
        sum((part[0] for part in parts[1:]), parts[0][0]),
        sum((part[1] for part in parts[1:]), parts[0][1]),
        sum((part[2] for part in parts[1:]), parts[0][2]),
        selections,
    )


@njit(cache=True, nogil=True)
def resident_codes(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    services: np.ndarray,
    waiting: np.ndarray,
    access_waiting: np.ndarray,
    used_youth_care_year: np.ndarray,
    carer_load: np.ndarray,
    overburdened: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    youth_severity: np.ndarray,
    general_facility: np.ndarray,
    light_until: np.ndarray,
    poh_until: np.ndarray,
    unmet: np.ndarray,
    income: np.ndarray,
    district: np.ndarray,
    age: np.ndarray,
    threshold: np.float32,
    wmo_mask: int,
    youth_mask: int,
    hh_bit: int,
    districts: int,
    facilities: int,
    code: np.ndarray,
    lo: int,
    hi: int,
) -> np.ndarray:
    """Each resident's code (bits in the module docstring, into ``code``); the scalar counts.

    Counts: Wmo clients, youth clients, waiting for access (all three over every
    slot, as the record counted them), living informal carers (16+), of whom
    overburdened, living residents with unmet need above ``threshold``. Residents
    ``lo`` to ``hi`` (``agents.threads``).
    """
    wmo = youth = queued = carers = burdened = unmet_count = 0
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    alive, in_wlz, services, waiting = alive[lo:hi], in_wlz[lo:hi], services[lo:hi], waiting[lo:hi]
    access_waiting, used_youth_care_year = access_waiting[lo:hi], used_youth_care_year[lo:hi]
    carer_load, overburdened = carer_load[lo:hi], overburdened[lo:hi]
    need_hh, need_support, youth_severity = (
        need_hh[lo:hi],
        need_support[lo:hi],
        youth_severity[lo:hi],
    )
    general_facility, light_until, poh_until = (
        general_facility[lo:hi],
        light_until[lo:hi],
        poh_until[lo:hi],
    )
    unmet, income, district, age, code = (
        unmet[lo:hi],
        income[lo:hi],
        district[lo:hi],
        age[lo:hi],
        code[lo:hi],
    )
    for i in range(hi - lo):
        bits = np.int64(services[i])
        w = np.int64((bits & wmo_mask) != 0)
        y = np.int64((bits & youth_mask) != 0)
        queue = np.int64(access_waiting[i])
        wmo += w
        youth += y
        queued += queue
        live = np.int64(alive[i] > in_wlz[i])
        place = np.int64(general_facility[i])
        facility = place + 1 if place < facilities else MAX_FACILITIES + 1
        facility = facility if place >= 0 else 0
        light = np.int64(light_until[i] >= 0)
        need = np.int64((need_hh[i] > 0) | (need_support[i] > 0) | (youth_severity[i] > 0))
        high = np.int64(unmet[i] > threshold)
        contact = (
            queue
            | np.int64(waiting[i] != 0)
            | np.int64(bits != 0)
            | np.int64(place >= 0)
            | light
            | np.int64(poh_until[i] >= 0)
            | high
        )
        hh = live & np.int64((bits & hh_bit) != 0)
        carer = live & np.int64(age[i] >= 16) & np.int64(carer_load[i] > 0)
        carers += carer
        burdened += carer & np.int64(overburdened[i])
        unmet_count += live & high
        group = np.int64(income[i])
        group = group if (group >= 0) & (group < 3) else 3
        d = np.int64(district[i])
        d = d if (d >= 0) & (d < districts) else NO_DISTRICT
        code[i] = (
            live
            | (w << WMO)
            | (y << YOUTH)
            | (queue << ACCESS)
            | (light << LIGHT)
            | ((live & need) << NEED)
            | ((live & contact) << CONTACT)
            | (hh << HH)
            | ((live & np.int64(used_youth_care_year[i])) << USED_YOUTH)
            | (facility << FACILITY_SHIFT)
            | (group << INCOME_SHIFT)
            | (d << DISTRICT_SHIFT)
        )
    return np.array([wmo, youth, queued, carers, burdened, unmet_count], dtype=np.int64)


@drives(resident_codes)
@njit(**PARALLEL)
def _resident_codes_ranges(bounds: np.ndarray, *args: object) -> list:
    """``resident_codes`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [resident_codes(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = resident_codes(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True)
def tally_codes(
    code: np.ndarray,
    age: np.ndarray,
    wellbeing: np.ndarray,
    ages: int,
    districts: int,
    facilities: int,
    lo: int,
    hi: int,
):
    """Counts by age, by income and by district from the codes; the three wellbeing selections.

    Returns ``by_age`` (rows: living, living HH clients, living youth-care users this
    year, per year of age below ``ages``), ``by_income`` (living HH clients, low, mid,
    high), the district table (rows: living, Wmo clients, youth clients, users of a
    general facility, waiting for access, light support, then the users of each
    facility) and the wellbeing of the living, of those with a need and of those in
    contact, in resident order (``(3, hi - lo)`` with the three lengths); of residents
    ``lo`` to ``hi`` (``agents.threads``).
    """
    span = (MAX_FACILITIES + 2) * 32
    by_code_age = np.zeros(ages * 32, dtype=np.int64)
    by_code_district = np.zeros(districts * span, dtype=np.int64)
    selected = np.empty((3, hi - lo), dtype=wellbeing.dtype)
    living = needing = contact = 0
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    code, age, wellbeing = code[lo:hi], age[lo:hi], wellbeing[lo:hi]
    for i in range(hi - lo):
        c = np.int64(code[i])
        value = wellbeing[i]
        selected[0, living] = value
        selected[1, needing] = value
        selected[2, contact] = value
        living += c & 1
        needing += (c >> NEED) & 1
        contact += (c >> CONTACT) & 1
        # living, HH, used youth care, income: bits 0, 7, 8, 13-14 -> 0, 1, 2, 3-4
        by_code_age[
            (np.int64(age[i]) << 5)
            | (c & 1)
            | ((c >> (HH - 1)) & 6)
            | ((c >> (INCOME_SHIFT - 3)) & 24)
        ] += 1
        d = c >> DISTRICT_SHIFT
        if d < districts:
            # general facility and bits 0-4 (living, Wmo, youth, access, light)
            by_code_district[d * span + (((c >> FACILITY_SHIFT) & 15) << 5 | (c & 31))] += 1
    by_age = np.zeros((3, ages), dtype=np.int64)
    by_income = np.zeros(3, dtype=np.int64)
    for key in range(ages * 32):
        count = by_code_age[key]
        if count == 0 or (key & 1) == 0:
            continue
        hh = (key >> 1) & 1
        group = (key >> 3) & 3
        by_age[0, key >> 5] += count
        by_age[1, key >> 5] += count * hh
        by_age[2, key >> 5] += count * ((key >> 2) & 1)
        if group < 3:
            by_income[group] += count * hh
    table = np.zeros((6 + facilities, districts), dtype=np.int64)
    for key in range(districts * span):
        count = by_code_district[key]
        if count == 0:
            continue
        d, facility = key // span, (key % span) >> 5
        for row in range(5):
            # bits 0-4 of the code: rows 0, 1, 2, 4, 5 of the table
            table[row if row < 3 else row + 1, d] += count * ((key >> row) & 1)
        if facility > 0:
            table[3, d] += count
            if facility <= facilities:
                table[5 + facility, d] += count
    return by_age, by_income, table, selected, living, needing, contact


@drives(tally_codes)
@njit(**PARALLEL)
def _tally_codes_ranges(bounds: np.ndarray, *args: object) -> list:
    """``tally_codes`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [tally_codes(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = tally_codes(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True)
def caseload_by_district(
    start: np.ndarray,
    units: np.ndarray,
    provider: np.ndarray,
    resident: np.ndarray,
    district: np.ndarray,
    tariff: np.ndarray,
    not_started: int,
    districts: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One product's caseload per district: delivered value of active rows, waiting rows.

    The value is ``float64(units) * tariff[provider]`` summed in row order, as the
    weighted ``np.bincount`` of ``model.recording`` summed it; the waiting rows are
    counted (``start == not_started``).
    """
    value = np.zeros(districts, dtype=np.float64)
    waiting = np.zeros(districts, dtype=np.int64)
    for i in range(len(start)):
        d = district[resident[i]]
        if start[i] == not_started:
            waiting[d] += 1
        else:
            value[d] += np.float64(units[i]) * tariff[provider[i]]
    return value, waiting

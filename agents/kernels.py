"""Compiled loops (numba) for the month's hottest full-population passes.

A month at 100,000 residents is a few hundred numpy passes over the residents'
arrays; each pass allocates a temporary and reads memory again. The kernels here
fuse such a chain into one loop, and return exactly what the numpy expressions they
replace returned: only integer arithmetic, comparisons and gathers, or float
arithmetic done in the same precision and order (checked in tests/test_kernels.py
against the numpy formulations). So no number the model records changes.

Kernels that select residents return a mask (a loop without a loop-carried count
vectorises; numpy's flatnonzero then finds the few ids), which measured 2x faster
than numpy's chain of masks and 4x faster than compacting ids inside the loop.

Compiled on first use and cached on disk (``cache=True``), so a fresh process pays
the compilation once per machine, not per run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
# Shift counts as uint64: numba mixes a signed shift count and an unsigned value into float64.
_S11, _S27, _S30, _S31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)
_UNIT = 1.0 / 2**53


def ids_where(mask_kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """The ids where a compiled mask kernel is true (same arguments as the kernel).

    Selecting kernels return a mask rather than compacting ids inside the loop: numpy's
    flatnonzero over the mask measured 4x faster than appending ids in the compiled loop.
    """

    @functools.wraps(mask_kernel)
    def ids(*args: Any) -> np.ndarray:
        return np.flatnonzero(mask_kernel(*args))

    return ids


@njit(cache=True, nogil=True)
def keyed_uniform(residents: np.ndarray, base: np.uint64) -> np.ndarray:
    """``agents.streams.KeyedDraws.uniform`` after the key: splitmix64 of each resident id."""
    out = np.empty(len(residents), dtype=np.float64)
    for i in range(len(residents)):
        x = np.uint64(residents[i]) * _GOLDEN + base
        x ^= x >> _S30
        x *= _MIX1
        x ^= x >> _S27
        x *= _MIX2
        x ^= x >> _S31
        out[i] = np.float64(x >> _S11) * _UNIT
    return out


def flag_households(household: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Per household id (0..max), whether any of ``members`` (ids) lives in it.

    ``household`` is the used part of the field; a negative id indexes from the end,
    as numpy's fancy indexing did.
    """
    flagged = np.zeros(int(household.max()) + 1, dtype=np.bool_)
    flagged[household[members]] = True
    return flagged


@njit(cache=True, nogil=True)
def _members_of_flagged(
    household: np.ndarray,
    flagged: np.ndarray,
    living: np.ndarray,
    age: np.ndarray,
    low: int,
    high: int,
) -> np.ndarray:
    """Mask of living residents aged ``low <= age < high`` in a flagged household."""
    size = len(flagged)
    out = np.empty(len(household), dtype=np.bool_)
    for i in range(len(household)):
        h = household[i]
        h += size * (h < 0)
        a = age[i]
        out[i] = living[i] & (a >= low) & (a < high) & flagged[h]
    return out


members_of_flagged = ids_where(_members_of_flagged)


@njit(cache=True, nogil=True)
def able_carers(
    carer: np.ndarray,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    break_until: np.ndarray,
    tick: int,
) -> np.ndarray:
    """Carers who exist, live, have no large need of their own and have not broken down."""
    out = np.zeros(len(carer), dtype=np.bool_)
    for i in range(len(carer)):
        c = carer[i]
        if c < 0:
            continue
        out[i] = (
            alive[c]
            and not in_wlz[c]
            and need_hh[c] < 0.5
            and need_support[c] < 0.5
            and break_until[c] < tick
        )
    return out


_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_F07 = np.float32(0.7)  # numpy casts a Python float to the array's float32: so do we
_F06 = np.float32(0.6)
_F1E6 = np.float32(1e-6)


@njit(cache=True, nogil=True)
def age_one_month(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age_m: np.ndarray,
    draw: np.ndarray,
    monthly: np.ndarray,
    wlz: np.float32,
    age_years: np.ndarray,
) -> np.ndarray:
    """Everyone alive ages a month; who dies (``model.demography.age_and_die``).

    Writes the new whole-year ages into ``age_years`` and flags the dead; returns
    the mask of who died this month. The chance is the age's (float32), at least ``wlz`` in the Wlz.
    """
    died = np.empty(len(alive), dtype=np.bool_)
    for i in range(len(alive)):
        living = alive[i]
        age_m[i] += living
        years = age_m[i] // 12
        age_years[i] = years
        chance = monthly[years]
        if in_wlz[i]:
            chance = max(chance, wlz)
        dies = living & (draw[i] < chance)
        died[i] = dies
        alive[i] = living & ~dies
    return died


_F001 = np.float32(0.01)
_F03 = np.float32(0.3)
_F05 = np.float32(0.5)


@njit(cache=True, nogil=True)
def _adult_candidates(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    services: np.ndarray,
    waiting: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    informal_hh_hours: np.ndarray,
    access_waiting: np.ndarray,
    light_until: np.ndarray,
    general_facility: np.ndarray,
    full_household_hours: np.float32,
    hh_min_hours: np.float32,
    support_threshold: np.float32,
    aids_threshold: np.float32,
    hh_bit: int,
    support_bits: int,
    aids_bit: int,
) -> np.ndarray:
    """Mask of adults outside the adult pathway who want HH, support or aids.

    ``model.pathways.adult_help_seeking``'s candidates in one pass; thresholds are
    float32 because numpy compared the float32 needs with float32 casts of them.
    """
    out = np.empty(len(alive), dtype=np.bool_)
    for i in range(len(alive)):
        held = services[i] | waiting[i]
        unmet_hours = need_hh[i] * full_household_hours - informal_hh_hours[i]
        wants = (
            ((unmet_hours >= hh_min_hours) & ((held & hh_bit) == 0))
            | ((need_support[i] >= support_threshold) & ((held & support_bits) == 0))
            | ((need_hh[i] >= aids_threshold) & ((held & aids_bit) == 0))
        )
        in_pathway = access_waiting[i] | (light_until[i] >= 0) | (general_facility[i] >= 0)
        out[i] = alive[i] & ~in_wlz[i] & (age[i] >= 18) & wants & ~in_pathway
    return out


adult_candidates = ids_where(_adult_candidates)


@njit(cache=True, nogil=True)
def _voorveld_walkers(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    access_waiting: np.ndarray,
    light_until: np.ndarray,
    general_facility: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    overburdened: np.ndarray,
    mild_limit: np.float32,
) -> np.ndarray:
    """Mask of adults outside the adult pathway with a mild need or an overburdened carer."""
    out = np.empty(len(alive), dtype=np.bool_)
    for i in range(len(alive)):
        hh, support = need_hh[i], need_support[i]
        mild = ((hh > 0) | (support > 0)) & (max(hh, support) < mild_limit)
        in_pathway = access_waiting[i] | (light_until[i] >= 0) | (general_facility[i] >= 0)
        out[i] = alive[i] & ~in_wlz[i] & (age[i] >= 18) & ~in_pathway & (mild | overburdened[i])
    return out


voorveld_walkers = ids_where(_voorveld_walkers)


@njit(cache=True, nogil=True)
def _unhelped_youths(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    severity: np.ndarray,
    services: np.ndarray,
    waiting: np.ndarray,
    youth_mask: int,
    access_waiting: np.ndarray,
    poh_until: np.ndarray,
    general_facility: np.ndarray,
    light_until: np.ndarray,
) -> np.ndarray:
    """Mask of living under-18s with a problem and no help, queue or place yet."""
    out = np.empty(len(alive), dtype=np.bool_)
    for i in range(len(alive)):
        busy = (
            (((services[i] | waiting[i]) & youth_mask) != 0)
            | access_waiting[i]
            | (poh_until[i] >= 0)
            | (general_facility[i] >= 0)
            | (light_until[i] >= 0)
        )
        out[i] = alive[i] & ~in_wlz[i] & (age[i] < 18) & (severity[i] > 0) & ~busy
    return out


unhelped_youths = ids_where(_unhelped_youths)


_F09 = np.float32(0.9)


@njit(cache=True, nogil=True)
def permanent_need(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    threshold: np.float32,
) -> np.ndarray:
    """Mask of living adults whose need is permanent (``model.demography.move_to_wlz``)."""
    out = np.empty(len(alive), dtype=np.bool_)
    for i in range(len(alive)):
        support = need_support[i]
        frail = (support > 0) | (age[i] >= 90)
        permanent = ((need_hh[i] >= threshold) & frail) | (support >= _F09)
        out[i] = alive[i] & ~in_wlz[i] & (age[i] >= 18) & permanent
    return out


@njit(cache=True, nogil=True, inline="always")
def _maximum(a, b):
    """``np.maximum`` of two scalars (the second when equal, e.g. 0.0 for (-0.0, 0.0))."""
    return a if (a > b or a != a) else b


@njit(cache=True, nogil=True, inline="always")
def _minimum(a, b):
    """``np.minimum`` of two scalars (the second when equal)."""
    return a if (a < b or a != a) else b


@njit(cache=True, nogil=True)
def informal_flows(
    needy: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    hh_hours: np.ndarray,
    sources: np.ndarray,
    network_hours: np.ndarray,
    able: np.ndarray,
    overburdened: np.ndarray,
    full_household_hours: np.float32,
    support_hours: np.float32,
    personal_hours: np.float32,
    partner_hours: np.float32,
    neighbour_hours: np.float32,
    kin_share: np.float32,
    cutback: np.float32,
    informal_hours: np.ndarray,
    informal_hh_hours: np.ndarray,
    given_load: np.ndarray,
    asked_load: np.ndarray,
) -> None:
    """The care partners, kin and neighbours give and are asked (``model.needs.informal_care``).

    ``sources`` holds each needy resident's partner, kin carer and neighbour carer (3 x
    needy), ``able`` whether each can care. Carers' hours are added to the float64
    ``given_load``/``asked_load`` source by source in the needy order, the order numpy's
    bincount added them, so every sum is the same to the last bit.
    """
    count = len(needy)
    demand = np.empty(count, dtype=np.float32)
    wmo_part = np.empty(count, dtype=np.float32)
    for j in range(count):
        i = needy[j]
        hh_need = need_hh[i] * full_household_hours
        wmo_demand = _maximum(hh_need + need_support[i] * support_hours - hh_hours[i], _F0)
        personal = _maximum(need_hh[i], need_support[i]) * personal_hours
        demand[j] = wmo_demand + personal
        wmo_part[j] = wmo_demand / _maximum(demand[j], _F1E6)
    given_total = np.zeros(count, dtype=np.float32)
    asked_total = np.zeros(count, dtype=np.float32)
    housework = np.zeros(count, dtype=np.float32)
    for source in range(3):
        for j in range(count):
            ok = able[source, j]
            if source == 0:
                hours = partner_hours
            elif source == 1:
                hours = network_hours[needy[j]]
            else:
                hours = neighbour_hours
            full = hours if ok else _F0
            asked = _minimum(demand[j] - asked_total[j], full)
            asked_total[j] += asked
            available = full
            if ok:
                available *= cutback if overburdened[sources[source, j]] else _F1
            given = _minimum(demand[j] - given_total[j], available)
            given_total[j] += given
            share = _F1 if source == 0 else kin_share * wmo_part[j]
            housework[j] += given if source == 0 else share * given
            if ok:
                carer = sources[source, j]
                given_load[carer] += np.float64(given)
                asked_load[carer] += np.float64(asked)
    for j in range(count):
        i = needy[j]
        informal_hours[i] = given_total[j] * wmo_part[j]
        hh_need = need_hh[i] * full_household_hours
        informal_hh_hours[i] = _minimum(_maximum(hh_need - hh_hours[i], _F0), housework[j])

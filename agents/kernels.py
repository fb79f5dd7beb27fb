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
from numba import njit, prange

from agents.threads import PARALLEL, drives

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


@njit(cache=True, nogil=True)
def age_one_month(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age_m: np.ndarray,
    draw: np.ndarray,
    monthly: np.ndarray,
    wlz: np.float32,
    age_years: np.ndarray,
    lo: int,
    hi: int,
) -> np.ndarray:
    """Everyone alive ages a month; who dies (``model.demography.age_and_die``).

    Writes the new whole-year ages into ``age_years`` and flags the dead; returns
    the ids of who died this month among residents ``lo`` to ``hi`` (``agents.threads``).
    The chance is the age's (float32), at least ``wlz`` in the Wlz.
    """
    died = np.empty(hi - lo, dtype=np.int64)
    count = 0
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    alive, in_wlz, age_m = alive[lo:hi], in_wlz[lo:hi], age_m[lo:hi]
    draw, age_years = draw[lo:hi], age_years[lo:hi]
    for i in range(hi - lo):
        living = alive[i]
        # Unsigned age: no floor-division sign fix and no negative-index check (2x faster).
        months = np.uint32(age_m[i] + living)
        age_m[i] = months
        years = months // np.uint32(12)
        age_years[i] = years
        chance = monthly[years]
        if in_wlz[i]:
            chance = max(chance, wlz)
        dies = living & (draw[i] < chance)
        died[count] = lo + i  # branch-free: deaths are rare and unpredictable
        count += dies
        alive[i] = living & ~dies
    return died[:count].copy()


@drives(age_one_month)
@njit(**PARALLEL)
def _age_one_month_ranges(bounds: np.ndarray, *args: object) -> list:
    """``age_one_month`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [age_one_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = age_one_month(*args, bounds[part], bounds[part + 1])
    return results


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


RANK_BLOCK = 512  # residents per block of ``count_living``'s running counts


@njit(cache=True, nogil=True, inline="always")
def _counted(alive, in_wlz, age, i, youngest, span) -> tuple[np.int64, np.int64]:
    """(living, living and ``youngest``-``youngest + span`` years old) for resident ``i``.

    Integers (alive > in the Wlz; one unsigned comparison for the age), so that the
    compiler does not turn the conditions into branches that random ages mispredict.
    """
    living = np.int64(alive[i] > in_wlz[i])
    return living, living & np.int64(np.uint64(np.int64(age[i]) - youngest) <= span)


@njit(cache=True, nogil=True)
def count_living(
    alive: np.ndarray, in_wlz: np.ndarray, age: np.ndarray, youngest: int, oldest: int
) -> tuple[np.ndarray, np.ndarray]:
    """Running counts, per block of ``RANK_BLOCK`` residents, of the living and those of age.

    Living: alive and not in the Wlz; of age: living and ``youngest``-``oldest`` years.
    For ``model.demography.births_and_migration``: the last entries are the counts, and
    ``living_at_ranks`` finds the k-th resident from them, without numpy's masks and a
    list of every parent's (and every living resident's) id.
    """
    blocks = (len(alive) + RANK_BLOCK - 1) // RANK_BLOCK
    living = np.zeros(blocks + 1, dtype=np.int64)
    within = np.zeros(blocks + 1, dtype=np.int64)
    span = np.uint64(oldest - youngest)
    for b in range(blocks):
        here = of_age = 0
        # A block's slices, indexed from 0: no negative-index checks, so the loop vectorises.
        lo, hi = b * RANK_BLOCK, min((b + 1) * RANK_BLOCK, len(alive))
        block_alive, block_wlz, block_age = alive[lo:hi], in_wlz[lo:hi], age[lo:hi]
        for i in range(hi - lo):
            one, other = _counted(block_alive, block_wlz, block_age, i, youngest, span)
            here += one
            of_age += other
        living[b + 1] = living[b] + here
        within[b + 1] = within[b] + of_age
    return living, within


@njit(cache=True, nogil=True)
def living_at_ranks(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    youngest: int,
    oldest: int,
    counts: np.ndarray,
    ranks: np.ndarray,
) -> np.ndarray:
    """``np.flatnonzero(living & (youngest <= age <= oldest))[ranks]`` without the id list.

    ``counts``: ``count_living``'s running counts for these ages (the living, or those
    of age). Each rank (any order, repeats allowed) is looked up in its block: a binary
    search and at most ``RANK_BLOCK`` residents, whatever the town's size.
    """
    out = np.empty(len(ranks), dtype=np.int64)
    span = np.uint64(oldest - youngest)
    for r in range(len(ranks)):
        rank = ranks[r]
        if rank < 0 or rank >= counts[-1]:
            raise IndexError("a rank is not below the number of residents counted")
        block = np.searchsorted(counts, rank, side="right") - 1
        lo = block * RANK_BLOCK
        hi = min(lo + RANK_BLOCK, len(alive))
        block_alive, block_wlz, block_age = alive[lo:hi], in_wlz[lo:hi], age[lo:hi]
        seen = counts[block]
        found = False
        for i in range(hi - lo):
            seen += _counted(block_alive, block_wlz, block_age, i, youngest, span)[1]
            if seen > rank:
                out[r] = lo + i
                found = True
                break
        if not found:
            raise ValueError("the counts are not count_living's for these residents and ages")
    return out


@njit(cache=True, nogil=True)
def extreme_per_group(
    group: np.ndarray, values: np.ndarray, groups: int, start: float, largest: bool
) -> np.ndarray:
    """Per group the largest (or smallest) of its values and ``start``, as float64.

    ``np.maximum.at(np.full(groups, start), group, values)`` (``np.minimum.at`` when not
    ``largest``) in one loop: numpy's unbuffered ``ufunc.at`` took 0.17 s of a
    1,000,000-resident build. A maximum is the same in any order, so are the numbers.
    """
    out = np.full(groups, start, dtype=np.float64)
    for i in range(len(group)):
        value = np.float64(values[i])
        g = group[i]
        out[g] = max(out[g], value) if largest else min(out[g], value)
    return out

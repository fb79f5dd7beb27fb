"""Compiled loops (numba) of the help-seeking phase: who might ask for help, in one pass.

The phase used to pass over every resident four times: adults who want tailored help
(``kernels.adult_candidates``), households still believing in an old contribution
regime (``pathways.learn_regime``), adults who might walk into a general facility
(``kernels.voorveld_walkers``) and youths with a problem and no help yet
(``kernels.unhelped_youths``). ``help_seeking_groups`` answers all four in one loop
over the residents, with the same comparisons in the same precision, so the groups
are exactly what the four passes found (tests/test_access_kernels.py checks this
against those kernels and numpy's comparison). The walkers are found before the
adults' requests change who is in the adult pathway; ``model.pathways`` drops the
adults who entered it since.

The loop writes four masks rather than one code per resident: one numpy flatnonzero
per mask measured faster than one over a code array followed by splitting the
flagged ids by group (at 100,000 residents the fused pass and its four flatnonzero
take about 0.6 ms against 1.0 ms for the four passes).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange

from agents.threads import PARALLEL, drives, split

CANDIDATE, STALE, WALKER, YOUTH = range(4)  # the groups: rows of the kernel's masks
GROUPS = (CANDIDATE, STALE, WALKER, YOUTH)


def help_seeking_groups(*fields: Any) -> dict[int, np.ndarray]:
    """The ids in each help-seeking group (in id order): ``group_masks``'s arguments.

    A large town's masks are written in ranges side by side (``agents.threads``).
    """
    n = len(fields[0])
    masks = np.empty((4, n), dtype=np.bool_)
    split(group_masks, n, *fields, masks)
    return {group: np.flatnonzero(masks[group]) for group in GROUPS}


@njit(cache=True, nogil=True)
def group_masks(
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
    overburdened: np.ndarray,
    severity: np.ndarray,
    poh_until: np.ndarray,
    believed_regime: np.ndarray,
    regime: int,
    thresholds: np.ndarray,
    hh_bit: int,
    support_bits: int,
    aids_bit: int,
    youth_mask: int,
    out: np.ndarray,
    lo: int,
    hi: int,
) -> None:
    """Four masks over residents ``lo`` to ``hi`` in ``out``, a row per group (``GROUPS``).

    ``thresholds`` (float32, as numpy compared the float32 needs with float32 casts):
    full household hours, minimum HH hours, support threshold (x0.8), aids threshold,
    mild limit. Every slot is checked for ``STALE``, as ``learn_regime`` did.
    """
    full_hours, hh_min, support_min = thresholds[0], thresholds[1], thresholds[2]
    aids_min, mild_limit = thresholds[3], thresholds[4]
    for i in range(np.uint64(lo), np.uint64(hi)):  # branch-free: the loop vectorises
        living = alive[i] & ~in_wlz[i]
        held = services[i] | waiting[i]
        in_pathway = access_waiting[i] | (light_until[i] >= 0) | (general_facility[i] >= 0)
        adult = living & (age[i] >= 18) & ~in_pathway
        hh, support = need_hh[i], need_support[i]
        unmet_hours = hh * full_hours - informal_hh_hours[i]
        wants = (
            ((unmet_hours >= hh_min) & ((held & hh_bit) == 0))
            | ((support >= support_min) & ((held & support_bits) == 0))
            | ((hh >= aids_min) & ((held & aids_bit) == 0))
        )
        mild = ((hh > 0) | (support > 0)) & (max(hh, support) < mild_limit)
        busy = (
            ((held & youth_mask) != 0)
            | access_waiting[i]
            | (poh_until[i] >= 0)
            | (general_facility[i] >= 0)
            | (light_until[i] >= 0)
        )
        youth = living & (age[i] < 18) & (severity[i] > 0) & ~busy
        out[CANDIDATE, i] = adult & wants
        out[STALE, i] = believed_regime[i] != regime
        out[WALKER, i] = adult & (mild | overburdened[i])
        out[YOUTH, i] = youth


@drives(group_masks)
@njit(**PARALLEL)
def _group_masks_ranges(bounds: np.ndarray, *args: object) -> list:
    """``group_masks`` on each range between ``bounds``, side by side (``agents.threads``)."""
    for part in prange(len(bounds) - 1):
        group_masks(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(cache=True, nogil=True)
def join_facilities(
    residents: np.ndarray,
    serves: np.ndarray,
    aware: np.ndarray,
    facility_serves: np.ndarray,
    free: np.ndarray,
    general_facility: np.ndarray,
    general_until: np.ndarray,
    until: int,
    users: np.ndarray,
    turned_away: np.ndarray,
) -> np.ndarray:
    """Residents who know a facility of their kind join it while places last, in order.

    ``serves``: each resident's kind (an integer code); ``facility_serves``: each
    facility's. A resident asks the facilities of their kind in facility order and joins
    the first with a free place (``free``, counted down); each full one counts them as
    turned away. So every facility takes the first of those still wanting, as a pass per
    facility did. Writes the joined residents' facility and stay end, adds them to
    ``users``; returns the mask of who joined.
    """
    joined = np.zeros(len(residents), dtype=np.bool_)
    for i in range(len(residents)):
        if not aware[i]:
            continue
        for k in range(len(facility_serves)):
            if facility_serves[k] != serves[i]:
                continue
            if free[k] > 0:
                free[k] -= 1
                users[k] += 1
                general_facility[residents[i]] = k
                general_until[residents[i]] = until
                joined[i] = True
                break
            turned_away[k] += 1
    return joined


@njit(cache=True, nogil=True)
def running_by_district(
    start: np.ndarray,
    end: np.ndarray,
    resident: np.ndarray,
    district: np.ndarray,
    districts: int,
    month: int,
    not_started: int,
):
    """A caseload's running rows grouped by their resident's district, in row order.

    Returns the rows (district by district), each district's start in them (and the
    end, last), and per district the running rows whose indication expires
    (``end <= month``): a stable sort of the running rows by district, in two passes.
    """
    bounds = np.zeros(districts + 1, dtype=np.int64)
    for i in range(len(start)):
        if start[i] != not_started:
            bounds[district[resident[i]] + 1] += 1
    for d in range(districts):
        bounds[d + 1] += bounds[d]
    rows = np.empty(bounds[districts], dtype=np.int64)
    filled = bounds[:districts].copy()
    expiring = np.zeros(districts, dtype=np.int64)
    for i in range(len(start)):
        if start[i] != not_started:
            d = district[resident[i]]
            rows[filled[d]] = i
            filled[d] += 1
            expiring[d] += end[i] <= month
    return rows, bounds, expiring


@njit(cache=True, nogil=True)
def choose_reviews(
    rows: np.ndarray,
    bounds: np.ndarray,
    stopped: np.ndarray,
    end: np.ndarray,
    reviewed: np.ndarray,
    team_district: np.ndarray,
    budgets: np.ndarray,
    done: np.ndarray,
    shares: np.ndarray,
    only_expiring: bool,
    month: int,
) -> np.ndarray:
    """The rows each team reviews of one product in one pass, teams in order.

    A team with budget left looks at its district's running rows (``rows`` between
    ``bounds``) that no review stopped (and, ``only_expiring``, whose indication ends
    by ``month``), longest unreviewed first (a stable sort by ``reviewed``), and takes
    at most its share and what its budget leaves; ``done`` counts them up.
    """
    chosen = np.empty(len(rows), dtype=np.int64)
    count = 0
    for k in range(len(team_district)):
        budget = budgets[k]
        if budget <= 0 or done[k] >= budget:
            continue
        d = team_district[k]
        looked = np.empty(bounds[d + 1] - bounds[d], dtype=np.int64)
        found = 0
        for j in range(bounds[d], bounds[d + 1]):
            row = rows[j]
            if stopped[row] or (only_expiring and end[row] > month):
                continue
            looked[found] = row
            found += 1
        if found == 0:
            continue
        looked = looked[:found]
        order = np.argsort(reviewed[looked], kind="mergesort")
        take = min(min(shares[k], budget - done[k]), found)
        for j in range(take):
            chosen[count + j] = looked[order[j]]
        count += take
        done[k] += take
    return chosen[:count]

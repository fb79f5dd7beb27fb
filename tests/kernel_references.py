"""Compiled loops the model no longer runs, kept as references for the kernels that replaced them.

The needs round (issue 14) fused these into ``agents/needs_kernels.py``; the tests check
the new kernels against these bit for bit, and these against their numpy formulas
(tests/test_kernels.py), so the chain back to the readable numpy stays unbroken.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from agents.kernels import ids_where
from agents.needs_kernels import _F0, _F1, _F1E6, _maximum, _minimum


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

"""Compiled passes for the per-resident phases: needs change, informal care, outcomes.

Each of these phases used to be a chain of numpy passes over the whole population
(masks, ``nonzero``, gathers, temporaries), about 6.5 ms a month at 100,000
residents. Here each phase is a few loops over the residents that do all of one
resident's updates at once and collect the few ids the rest of the phase needs
(new youth problems, parents of unsafe children, overburdened carers).

Every float step is done in the precision and order numpy used (float32 where numpy
had float32 arrays and weak Python scalars, float64 where a float64 array took
part), so no number the model records changes; tests/test_needs_kernels.py checks
each kernel against the numpy code it replaced, bit for bit.

Keyed draws (``agents.streams.KeyedDraws``) are pure functions of the resident id,
so a loop computes them inline from the month's ``base`` (``keyed_base``) instead of
gathering ids first.

The per-resident helpers (``_keyed``, ``_onset``, ``_evolve``) take scalars
only: numba reference-counts an array handed to a function, even an inlined one,
which made a first version of the adult pass four times slower than the numpy chain.
Selections are compacted inside the loop when they are rare (a predictable branch)
and branch-free (store every id, advance the count by the test) when they are not.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from agents.streams import KeyedDraws, _purpose_key, _splitmix_int
from agents.threads import PARALLEL, drives

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_S11, _S27, _S30, _S31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)
_UNIT = 1.0 / 2**53

_F0 = np.float32(0.0)
_F1 = np.float32(1.0)
_F001 = np.float32(0.01)
_F03 = np.float32(0.3)
_F04 = np.float32(0.4)
_F005 = np.float32(0.05)
_F05 = np.float32(0.5)
_F055 = np.float32(0.55)
_F06 = np.float32(0.6)
_F07 = np.float32(0.7)
_F1E6 = np.float32(1e-6)


def keyed_base(draws: KeyedDraws, purpose: str, tick: int) -> np.uint64:
    """The month's key of ``draws.uniform(purpose, tick, ...)``: ``keyed(i, base)`` is its draw."""
    key = (draws.seed * 1_000_003 + _purpose_key(purpose)) * 10_007 + int(tick)
    return np.uint64(_splitmix_int(key % 2**64))


@njit(cache=True, nogil=True, inline="always")
def _keyed(resident, base):
    """``KeyedDraws.uniform`` of one resident id (splitmix64, top 53 bits)."""
    x = np.uint64(resident) * _GOLDEN + base
    x ^= x >> _S30
    x *= _MIX1
    x ^= x >> _S27
    x *= _MIX2
    x ^= x >> _S31
    return np.float64(x >> _S11) * _UNIT


@njit(cache=True, nogil=True, inline="always")
def _onset(level, u, p, base, span):
    """A new limitation if u < p (with none yet); its level reuses the draw (u / p is uniform)."""
    if level == 0 and u < p:
        return base + span * u / p
    return level


@njit(cache=True, nogil=True, inline="always")
def _evolve(
    hh,
    support,
    u,
    helped_by_service,
    light,
    general,
    slowdown,
    unmet,
    improvement,
    progression_met,
    progression_unmet,
    recovery_household,
    recovery_support,
):
    """One resident's limitations a month on (``model.needs.evolve_adult_needs``).

    ``slowdown`` applies to users of a general facility (numpy had a float64 array of
    ``general_helped * slowdown``); the worsening is summed in float64, then float32.
    """
    down = slowdown if general else slowdown * 0.0
    helped = helped_by_service or light or down > 0
    improve = improvement if helped else _F0
    worsen = np.float32(progression_met + np.float64(progression_unmet * unmet) * (1.0 - down))
    if hh > 0:
        hh = min(hh + worsen, _F1)
        if u < recovery_household:
            hh = _F0 if hh < _F03 else hh * _F05
    if support > 0:
        support = min(support + worsen, _F1)
        support = max(support - improve, _F001)
        if 1.0 - u < recovery_support:
            support = _F0 if support < _F03 else support * _F05
    return hh, support


@njit(cache=True, nogil=True)
def evolve_needy(
    n: int,
    recover_base: np.uint64,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    services: np.ndarray,
    helped_bits: int,
    light_until: np.ndarray,
    general_helped: np.ndarray,
    slowdown: float,
    unmet: np.ndarray,
    improvement: np.float32,
    progression_met: float,
    progression_unmet: np.float32,
    recovery_household: float,
    recovery_support: float,
) -> None:
    """Evolve the limitations of every resident with one (``model.needs.evolve_adult_needs``)."""
    for i in range(n):
        hh, support = need_hh[i], need_support[i]
        if hh > 0 or support > 0:
            need_hh[i], need_support[i] = _evolve(
                hh,
                support,
                _keyed(i, recover_base),
                (services[i] & helped_bits) != 0,
                light_until[i] >= 0,
                general_helped[i],
                slowdown,
                unmet[i],
                improvement,
                progression_met,
                progression_unmet,
                recovery_household,
                recovery_support,
            )


@njit(cache=True, nogil=True)
def adult_needs_month(
    draw_hh: np.ndarray,
    draw_support: np.ndarray,
    hazard_hh: np.ndarray,
    hazard_support: np.ndarray,
    onset_levels: np.ndarray,
    recover_base: np.uint64,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    services: np.ndarray,
    helped_bits: int,
    light_until: np.ndarray,
    general_facility: np.ndarray,
    slowdown: float,
    unmet: np.ndarray,
    improvement: np.float32,
    progression_met: float,
    progression_unmet: np.float32,
    recovery_household: float,
    recovery_support: float,
    household: np.ndarray,
    struggling: np.ndarray,
    draw_youth: np.ndarray,
    youth_severity: np.ndarray,
    youth_highest: np.ndarray,
    lo: int,
    hi: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Adult needs arise and evolve; flags struggling households; youth onset candidates.

    One pass does, per resident, what ``arise_adult_needs``, ``evolve_adult_needs`` and
    the selections of ``arise_youth_needs`` did in turn: onset of each limitation
    (``onset_levels``: base and span of the household, then the self-direction level),
    then progression and recovery of whoever has a limitation, then the household flag
    of a living adult whose self-direction limitation makes them a struggling parent
    (``struggling``, per household id, zeroed by the caller). Returns the ids of living
    under-18s without a problem whose draw lies below ``youth_highest`` of their age
    (the highest onset chance they can have): the only ones who can get a problem;
    and the ids of living residents with a limitation after the month's change (who
    ask their informal network for care, ``model.needs.informal_care``). Residents ``lo``
    to ``hi`` (``agents.threads``).
    """
    n = hi - lo
    size = len(struggling)
    base_hh, span_hh, base_support, span_support = onset_levels
    candidates = np.empty(n, dtype=np.int64)
    count = 0
    needy = np.empty(n, dtype=np.int64)
    needing = 0
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    draw_hh, draw_support, draw_youth = draw_hh[lo:hi], draw_support[lo:hi], draw_youth[lo:hi]
    alive, in_wlz, age, household = alive[lo:hi], in_wlz[lo:hi], age[lo:hi], household[lo:hi]
    need_hh, need_support, unmet = need_hh[lo:hi], need_support[lo:hi], unmet[lo:hi]
    services, light_until = services[lo:hi], light_until[lo:hi]
    general_facility, youth_severity = general_facility[lo:hi], youth_severity[lo:hi]
    for i in range(n):
        u_hh, u_support = draw_hh[i], draw_support[i]
        hh, support = need_hh[i], need_support[i]
        a = age[i]
        age_index = np.uint32(a)  # unsigned: no negative-index check on the tables
        p_hh, p_support = hazard_hh[age_index], hazard_support[age_index]
        # Most residents have no limitation and draws above their age's hazards: nothing
        # changes, nothing more is read and nothing is written.
        if (u_hh < p_hh) | (u_support < p_support) | (hh > 0) | (support > 0):
            if alive[i] and not in_wlz[i]:
                hh = _onset(hh, u_hh, p_hh, base_hh, span_hh)
                support = _onset(support, u_support, p_support, base_support, span_support)
            if hh > 0 or support > 0:
                hh, support = _evolve(
                    hh,
                    support,
                    _keyed(lo + i, recover_base),
                    (services[i] & helped_bits) != 0,
                    light_until[i] >= 0,
                    general_facility[i] >= 0,
                    slowdown,
                    unmet[i],
                    improvement,
                    progression_met,
                    progression_unmet,
                    recovery_household,
                    recovery_support,
                )
            need_hh[i], need_support[i] = hh, support
            if (hh > 0 or support > 0) and alive[i] and not in_wlz[i]:
                needy[needing] = lo + i
                needing += 1
        # model.needs.PARENT_NEED_THRESHOLD in float32: a struggling parent flags the home.
        if support >= _F03 and alive[i] and not in_wlz[i] and a >= 18:
            h = household[i]
            struggling[np.uint32(h + size * (h < 0))] = True
        if draw_youth[i] < youth_highest[age_index]:  # rare, as for the adults
            if alive[i] and not in_wlz[i] and a < 18 and youth_severity[i] == 0:
                candidates[count] = lo + i
                count += 1
    return candidates[:count].copy(), needy[:needing].copy()


@drives(adult_needs_month)
@njit(**PARALLEL)
def _adult_needs_month_ranges(bounds: np.ndarray, *args: object) -> list:
    """``adult_needs_month`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [adult_needs_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = adult_needs_month(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True)
def youth_needs_month(
    resolve_base: np.uint64,
    severity: np.ndarray,
    services: np.ndarray,
    youth_mask: int,
    coordinated: np.ndarray,
    general_facility: np.ndarray,
    poh_until: np.ndarray,
    light_until: np.ndarray,
    care_factor: float,
    coordinated_factor: float,
    progression: np.float32,
    light_factor: np.float32,
    resolution: float,
    resolution_heavy: float,
    safety: np.ndarray,
    disorder: np.ndarray,
    cannot_cope: np.ndarray,
    cannot_participate: np.ndarray,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    household: np.ndarray,
    unsafe: np.ndarray,
    caring_parents: np.ndarray,
    lo: int,
    hi: int,
) -> np.ndarray:
    """Youth problems a month on (``model.needs.evolve_youth_needs``); parents of unsafe homes.

    In care a problem shrinks by ``care_factor`` (``coordinated_factor`` with one
    coordinator; float64 factors, the result float32 as numpy stored it); with light
    or general help or the POH-GGZ it shrinks by ``light_factor``; alone it worsens by
    ``progression``. Outside care it resolves with the keyed draw (``resolution``, for
    a heavy problem ``resolution_heavy``) or when below 0.05; a resolved problem
    clears its attributes. Returns the ids of living 18-66-year-olds in a household
    flagged in ``unsafe`` (empty: none), whose parents' needs the caller then draws.
    Flags in ``caring_parents`` (per household id, zeroed by the caller) the households
    of living under-18s with a disorder or a serious problem (severity 0.4 or more)
    after the month's change, as ``informal_needy`` would. Residents ``lo`` to ``hi``
    (``agents.threads``).
    """
    n = hi - lo
    adults = np.empty(n + 1 if len(unsafe) else 0, dtype=np.int64)
    count = 0
    size = len(unsafe)
    caring_size = len(caring_parents)
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    severity, services, coordinated = severity[lo:hi], services[lo:hi], coordinated[lo:hi]
    general_facility, poh_until = general_facility[lo:hi], poh_until[lo:hi]
    light_until, safety, disorder = light_until[lo:hi], safety[lo:hi], disorder[lo:hi]
    cannot_cope, cannot_participate = cannot_cope[lo:hi], cannot_participate[lo:hi]
    alive, in_wlz, age, household = alive[lo:hi], in_wlz[lo:hi], age[lo:hi], household[lo:hi]
    for i in range(n):
        if size:
            h = household[i]
            if unsafe[np.uint32(h + size * (h < 0))]:  # a few households a month
                a = age[i]
                if alive[i] & ~in_wlz[i] & (a >= 18) & (a < 67):
                    adults[count] = lo + i
                    count += 1
        s = severity[i]
        if s > 0:
            in_care = (services[i] & youth_mask) != 0
            if in_care:
                s = np.float32(s * (coordinated_factor if coordinated[i] else care_factor))
            elif general_facility[i] >= 0 or poh_until[i] >= 0 or light_until[i] >= 0:
                s = s * light_factor
            else:
                s = min(s + progression, _F1)
            gone = not in_care and (
                _keyed(lo + i, resolve_base) < (resolution if s < _F04 else resolution_heavy)
                or s < _F005
            )
            if gone:
                s = _F0
                safety[i] = disorder[i] = cannot_cope[i] = False
            severity[i] = s
            cannot_participate[i] = s > _F055
        # Parents of a living child with a disorder or a serious problem are carers
        # (``model.needs.informal_care``): the state after this month's change.
        if disorder[i] | (s >= _F04):
            if alive[i] & ~in_wlz[i] & (age[i] < 18):
                h = household[i]
                caring_parents[np.uint32(h + caring_size * (h < 0))] = True
    return adults[:count].copy()


@drives(youth_needs_month)
@njit(**PARALLEL)
def _youth_needs_month_ranges(bounds: np.ndarray, *args: object) -> list:
    """``youth_needs_month`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [youth_needs_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = youth_needs_month(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True)
def informal_needy(
    n: int,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    youth_disorder: np.ndarray,
    youth_severity: np.ndarray,
    household: np.ndarray,
    caring_parents: np.ndarray,
    informal_hours: np.ndarray,
    informal_hh_hours: np.ndarray,
    given_load: np.ndarray,
    asked_load: np.ndarray,
) -> np.ndarray:
    """The first pass of ``model.needs.informal_care``: who asks, whose parents care.

    Returns the ids of living residents with a need; clears last month's informal
    hours and this month's load sums; flags (``caring_parents``, per household id,
    zeroed by the caller) the households of living under-18s with a disorder or a
    serious problem (severity 0.4 or more), whose parents count as carers.
    """
    needy = np.empty(n + 1, dtype=np.int64)
    count = 0
    size = len(caring_parents)
    for i in range(n):
        informal_hours[i] = _F0
        informal_hh_hours[i] = _F0
        given_load[i] = 0.0
        asked_load[i] = 0.0
        live = alive[i] & ~in_wlz[i]
        needy[count] = i  # branch-free: who has a need is unpredictable
        count += live & ((need_hh[i] > 0) | (need_support[i] > 0))
        if live & (youth_disorder[i] | (youth_severity[i] >= _F04)) & (age[i] < 18):
            h = household[i]
            caring_parents[np.uint32(h + size * (h < 0))] = True
    return needy[:count].copy()


@njit(cache=True, nogil=True, inline="always")
def _maximum(a, b):
    """``np.maximum`` of two scalars (the second when equal, e.g. 0.0 for (-0.0, 0.0))."""
    return a if (a > b or a != a) else b


@njit(cache=True, nogil=True, inline="always")
def _minimum(a, b):
    """``np.minimum`` of two scalars (the second when equal)."""
    return a if (a < b or a != a) else b


CANNOT_CARE, CARES, CARES_OVERBURDENED = 0, 1, 2  # ``carer_states``' bytes


@njit(cache=True, nogil=True)
def carer_states(
    alive: np.ndarray,
    in_wlz: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    break_until: np.ndarray,
    tick: int,
    overburdened: np.ndarray,
    state: np.ndarray,
    lo: int,
    hi: int,
) -> None:
    """Who can care this month, one byte per resident ``lo`` to ``hi`` (``informal_flows``).

    Able to care: alive, not in the Wlz, no large need of their own (both limitations
    below 0.5) and not broken down (``break_until`` before ``tick``); ``CARES_OVERBURDENED``
    if able and overburdened last month. Branch-free, so the loop runs on vector units.
    """
    alive, in_wlz = alive[lo:hi], in_wlz[lo:hi]  # sliced: no negative-index checks
    need_hh, need_support, break_until = need_hh[lo:hi], need_support[lo:hi], break_until[lo:hi]
    overburdened, state = overburdened[lo:hi], state[lo:hi]
    for i in range(hi - lo):
        able = (
            (alive[i] > in_wlz[i])
            & (need_hh[i] < 0.5)
            & (need_support[i] < 0.5)
            & (break_until[i] < tick)
        )
        state[i] = np.uint8(able) * (np.uint8(CARES) + np.uint8(overburdened[i]))


@drives(carer_states)
@njit(**PARALLEL)
def _carer_states_ranges(bounds: np.ndarray, *args: object) -> list:
    """``carer_states`` on each range between ``bounds``, side by side (``agents.threads``)."""
    for part in prange(len(bounds) - 1):
        carer_states(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(cache=True, nogil=True)
def informal_flows(
    needy: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    hh_hours: np.ndarray,
    partner: np.ndarray,
    kin_carer: np.ndarray,
    neighbour_carer: np.ndarray,
    network_hours: np.ndarray,
    carer_state: np.ndarray,
    full_household_hours: np.float32,
    support_hours: np.float32,
    personal_hours: np.float32,
    partner_hours: np.float32,
    neighbour_hours: np.float32,
    kin_share: np.float32,
    cutback: np.float32,
    informal_hours: np.ndarray,
    informal_hh_hours: np.ndarray,
    carers: np.ndarray,
    given: np.ndarray,
    asked: np.ndarray,
    lo: int,
    hi: int,
) -> None:
    """The care partners, kin and neighbours give and are asked (``model.needs.informal_care``).

    Each needy resident (``needy[lo:hi]``, ``agents.threads``) asks their partner, then
    their kin carer, then their neighbour carer, if able, and gets their hours. What
    each of the three gives and is asked goes to ``carers``/``given``/``asked`` (3 x
    needy; carer -1: not able) for ``add_loads``, which sums them per carer in numpy's
    order: a carer helps several residents, so the sums are not split over threads.
    Nothing read here is written here (a carer's state is last month's), so the
    residents' order does not matter until the sums. ``carer_state`` (``carer_states``)
    says in one byte per resident who can care and who is overburdened: one read per
    carer instead of six arrays at random places (at 1,000,000 residents the flows
    took 11.3 ms a month in one thread, 6.0 ms with the byte, whose pass costs 1-2 ms).
    """
    needy = needy[lo:hi]  # sliced: a loop from 0 drops negative-index checks
    carers, given, asked = carers[:, lo:hi], given[:, lo:hi], asked[:, lo:hi]
    for j in range(hi - lo):
        i = np.uint64(needy[j])  # unsigned: no negative-index checks
        hh_need = need_hh[i] * full_household_hours
        wmo_demand = _maximum(hh_need + need_support[i] * support_hours - hh_hours[i], _F0)
        personal = _maximum(need_hh[i], need_support[i]) * personal_hours
        demand = wmo_demand + personal
        wmo_part = wmo_demand / _maximum(demand, _F1E6)
        given_total = asked_total = housework = _F0
        for source in range(3):
            if source == 0:
                carer, hours = partner[i], partner_hours
            elif source == 1:
                carer, hours = kin_carer[i], network_hours[i]
            else:
                carer, hours = neighbour_carer[i], neighbour_hours
            c = np.uint32(carer if carer >= 0 else 0)  # unsigned index; read only if carer >= 0
            state = carer_state[c] if carer >= 0 else CANNOT_CARE
            ok = state != CANNOT_CARE
            full = hours if ok else _F0
            asks = _minimum(demand - asked_total, full)
            asked_total += asks
            available = full
            if ok:
                available *= cutback if state == CARES_OVERBURDENED else _F1
            gives = _minimum(demand - given_total, available)
            given_total += gives
            housework += gives if source == 0 else (kin_share * wmo_part) * gives
            carers[source, j] = carer if ok else -1
            given[source, j], asked[source, j] = gives, asks
        informal_hours[i] = given_total * wmo_part
        informal_hh_hours[i] = _minimum(_maximum(hh_need - hh_hours[i], _F0), housework)


@drives(informal_flows)
@njit(**PARALLEL)
def _informal_flows_ranges(bounds: np.ndarray, *args: object) -> list:
    """``informal_flows`` on each range between ``bounds``, side by side (``agents.threads``)."""
    for part in prange(len(bounds) - 1):
        informal_flows(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(cache=True, nogil=True)
def add_loads(
    carers: np.ndarray,
    given: np.ndarray,
    asked: np.ndarray,
    given_load: np.ndarray,
    asked_load: np.ndarray,
) -> None:
    """Carers' float64 load sums from ``informal_flows``: source by source, in needy order.

    The order numpy's bincount added them, so every sum is the same to the last bit.
    """
    for source in range(3):
        for j in range(carers.shape[1]):
            c = carers[source, j]
            if c >= 0:
                given_load[np.uint64(c)] += np.float64(given[source, j])
                asked_load[np.uint64(c)] += np.float64(asked[source, j])


@njit(cache=True, nogil=True)
def carer_burden(
    given_load: np.ndarray,
    asked_load: np.ndarray,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    age: np.ndarray,
    household: np.ndarray,
    caring_parents: np.ndarray,
    parent_hours: float,
    carer_tolerance: np.ndarray,
    general_facility: np.ndarray,
    carer_support: int,
    relief: float,
    carer_load: np.ndarray,
    overburdened: np.ndarray,
    lo: int,
    hi: int,
) -> np.ndarray:
    """The last pass of ``model.needs.informal_care``: carers' loads and who is overburdened.

    Living adults of a flagged household (``caring_parents``) add ``parent_hours`` to
    what they give and are asked, after the network's hours (numpy's order of sums).
    The load given is stored (float32); a living carer asked more than their tolerance
    (raised by ``relief`` with informal-carer support) is overburdened. Returns their ids
    among residents ``lo`` to ``hi`` (``agents.threads``).

    Three loops, so that the middle one, the arithmetic, runs on vector units: the
    household flags are gathered first, and the overburdened (a few percent) are listed
    after. One loop doing all three took twice as long (a gather or a store to a list
    keeps a loop off the vector units). Adding 0 hours to a load of +0 or more leaves it
    as it was, so the loads are the numbers the branch gave.
    """
    size = len(caring_parents)
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    given_load, asked_load = given_load[lo:hi], asked_load[lo:hi]
    alive, in_wlz, age, household = alive[lo:hi], in_wlz[lo:hi], age[lo:hi], household[lo:hi]
    carer_tolerance, general_facility = carer_tolerance[lo:hi], general_facility[lo:hi]
    carer_load, overburdened = carer_load[lo:hi], overburdened[lo:hi]
    flagged = np.empty(hi - lo, dtype=np.uint8)
    for i in range(hi - lo):
        h = household[i]
        flagged[i] = caring_parents[np.uint32(h + size * (h < 0))]
    count = 0
    for i in range(hi - lo):
        live = alive[i] > in_wlz[i]
        extra = parent_hours if (live & (age[i] >= 18) & (flagged[i] != 0)) else 0.0
        given = given_load[i] + extra
        asked = asked_load[i] + extra
        carer_load[i] = np.float32(given)
        factor = relief if general_facility[i] == carer_support else 1.0
        burdened = (asked > 0) & live & (asked > np.float64(carer_tolerance[i]) * factor)
        overburdened[i] = burdened
        count += burdened
    at_risk = np.empty(count, dtype=np.int64)
    listed = 0
    for i in range(hi - lo):
        if overburdened[i]:  # rare: the branch is predicted
            at_risk[listed] = lo + i
            listed += 1
    return at_risk


@drives(carer_burden)
@njit(**PARALLEL)
def _carer_burden_ranges(bounds: np.ndarray, *args: object) -> list:
    """``carer_burden`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [carer_burden(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = carer_burden(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True, inline="always")
def _unmet_share(
    live,
    hh,
    support,
    severity,
    bits,
    informal,
    hh_hours,
    private,
    light,
    general,
    poh,
    full_household_hours,
    support_hours,
    support_bit,
    daycare_bit,
    youth_mask,
):
    """One resident's unmet share (float32, numpy's steps): the larger of adults' and youths'.

    Adults: the hours not covered by formal, informal, private and general or light help;
    youths: the severity, unless in care, at a general facility or the POH-GGZ.
    """
    share = _F0
    if live:
        if hh > 0 or support > 0:
            hh_need = hh * full_household_hours
            support_need = support * support_hours
            total = hh_need + support_need
            covered = informal + hh_hours
            covered += support_need if bits & support_bit else _F0
            covered += support_need * _F07 if bits & daycare_bit else _F0
            covered += hh_need if private else _F0
            covered += total * _F06 if general or light else _F0
            share = _F1 - covered / max(total, _F1E6)
            share = min(max(share, _F0), _F1)
        if severity > 0:
            helped = (bits & youth_mask) != 0 or general or poh
            share = max(share, _F0 if helped else severity)
    return share


@njit(cache=True, nogil=True, inline="always")
def _wellbeing(
    wellbeing,
    unmet,
    hh,
    support,
    severity,
    helped,
    waits,
    burdened,
    threshold,
    level,
    need_weight,
    relief,
    unmet_weight,
    waiting_weight,
    overburden_weight,
    youth_weight,
    adjustment,
):
    """One resident's wellbeing a month on, with numpy's precision at every step.

    Weights that meet a float32 array are float32 (numpy casts a Python float to the
    array's type); those that meet a boolean are float64; the target is float64.
    """
    need = max(max(hh, support), severity)
    fitting = 1.0 if helped and need > 0 and unmet < threshold else 0.0
    target = (
        level
        - np.float64(need_weight * need) * (1.0 - relief * fitting)
        - np.float64(unmet_weight * unmet)
        - waiting_weight * (1.0 if waits else 0.0)
        - overburden_weight * (1.0 if burdened else 0.0)
    )
    youth = youth_weight * severity
    target = target - np.float64(youth if unmet > 0 else youth * _F0)
    target = min(max(target, 1.0), 10.0)
    return wellbeing + adjustment * (np.float32(target) - wellbeing)


@njit(cache=True, nogil=True)
def outcomes_pass(
    with_unmet: bool,
    with_wellbeing: bool,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    general_helped: np.ndarray,
    need_hh: np.ndarray,
    need_support: np.ndarray,
    youth_severity: np.ndarray,
    services: np.ndarray,
    informal_hours: np.ndarray,
    hh_hours: np.ndarray,
    private_help: np.ndarray,
    light_until: np.ndarray,
    poh_until: np.ndarray,
    access_waiting: np.ndarray,
    waiting: np.ndarray,
    overburdened: np.ndarray,
    full_household_hours: np.float32,
    support_hours: np.float32,
    support_bit: int,
    daycare_bit: int,
    youth_mask: int,
    threshold: np.float32,
    level: float,
    need_weight: np.float32,
    relief: float,
    unmet_weight: np.float32,
    waiting_weight: float,
    overburden_weight: float,
    youth_weight: np.float32,
    adjustment: np.float32,
    unmet: np.ndarray,
    wellbeing: np.ndarray,
    lo: int,
    hi: int,
) -> None:
    """Unmet need, then wellbeing, of every used slot (``model.needs.outcomes``).

    ``with_unmet``/``with_wellbeing`` select the steps (``unmet_need`` and
    ``update_wellbeing`` alone use one each); with both, one pass does both. Residents
    ``lo`` to ``hi`` (``agents.threads``).
    """
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    alive, in_wlz, general_helped = alive[lo:hi], in_wlz[lo:hi], general_helped[lo:hi]
    need_hh, need_support = need_hh[lo:hi], need_support[lo:hi]
    youth_severity, services = youth_severity[lo:hi], services[lo:hi]
    informal_hours, hh_hours = informal_hours[lo:hi], hh_hours[lo:hi]
    private_help, light_until, poh_until = private_help[lo:hi], light_until[lo:hi], poh_until[lo:hi]
    access_waiting, waiting = access_waiting[lo:hi], waiting[lo:hi]
    overburdened, unmet, wellbeing = overburdened[lo:hi], unmet[lo:hi], wellbeing[lo:hi]
    for i in range(hi - lo):
        hh, support, severity = need_hh[i], need_support[i], youth_severity[i]
        bits = services[i]
        general, light, poh = general_helped[i], light_until[i] >= 0, poh_until[i] >= 0
        left = unmet[i]
        if with_unmet:
            left = _unmet_share(
                alive[i] and not in_wlz[i],
                hh,
                support,
                severity,
                bits,
                informal_hours[i],
                hh_hours[i],
                private_help[i],
                light,
                general,
                poh,
                full_household_hours,
                support_hours,
                support_bit,
                daycare_bit,
                youth_mask,
            )
            unmet[i] = left
        if with_wellbeing:
            wellbeing[i] = _wellbeing(
                wellbeing[i],
                left,
                hh,
                support,
                severity,
                bits != 0 or light or general or poh,
                access_waiting[i] or waiting[i] != 0,
                overburdened[i],
                threshold,
                level,
                need_weight,
                relief,
                unmet_weight,
                waiting_weight,
                overburden_weight,
                youth_weight,
                adjustment,
            )


@drives(outcomes_pass)
@njit(**PARALLEL)
def _outcomes_pass_ranges(bounds: np.ndarray, *args: object) -> list:
    """``outcomes_pass`` on each range between ``bounds``, side by side (``agents.threads``)."""
    for part in prange(len(bounds) - 1):
        outcomes_pass(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(cache=True, nogil=True)
def life_course_year(
    level: np.ndarray,
    draw: np.ndarray,
    growth: np.float32,
    recovery: float,
    onset_above: float,
) -> np.ndarray:
    """A year of ``model.needs.seed_initial_needs``'s life courses, for the ``len(draw)`` oldest.

    A limitation grows by ``growth`` (clipped to 0.01-1, float32) and recovers when the
    draw lies below ``recovery`` (a small one goes, a large one halves); one without a
    limitation gets one when the draw lies above ``onset_above``. ``recovery`` and
    ``onset_above`` come in the precision numpy compared the float32 draws in (float32
    for a Python float, float64 for a numpy one). Returns the ids of the new ones, whose
    levels the caller draws.
    """
    count = len(draw)
    new = np.empty(count, dtype=np.int64)
    found = 0
    for i in range(count):
        x = level[i]
        u = draw[i]
        if x > 0:
            x = min(max(x + growth, _F001), _F1)
            if u < recovery:
                x = _F0 if x < _F03 else x * _F05
            level[i] = x
        elif u > onset_above:
            new[found] = i
            found += 1
    return new[:found].copy()

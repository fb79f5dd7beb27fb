"""Needs: how they arise, worsen when unmet, improve with help; informal care.

Adults have two limitations (0-1): household tasks (drives HH and aids) and
self-direction (drives individual support and day care). Youths have a problem
severity with the three demarcation attributes of the Commissie van Wijzen. Informal
care from the household partner, kin and neighbours absorbs part of adult need; a
carer whose load exceeds what they can bear is overburdened, cuts back, and may
develop a need of their own (BRIEF pattern 6).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from agents import threads
from agents.general_facility import CARER_SUPPORT_INDEX
from agents.needs_kernels import (
    add_loads,
    adult_needs_month,
    carer_burden,
    carer_states,
    evolve_needy,
    informal_flows,
    informal_needy,
    keyed_base,
    life_course_year,
    outcomes_pass,
    youth_needs_month,
)
from agents.products import YOUTH_MASK, Product
from agents.residents import Residents
from agents.rng_kernels import random_float32


def _monthly(rate_per_year: np.ndarray | float) -> np.ndarray:
    return 1.0 - np.exp(-np.asarray(rate_per_year) / 12.0)


AGES = np.arange(0, 128, dtype=np.float64)  # lookup tables by whole year of age


def household_onset_by_age(values: Mapping[str, Any]) -> np.ndarray:
    """Yearly hazard of a new household-task limitation, by age (adults only)."""
    rate = values["adult_needs.household_onset_at_80"] * np.exp2(
        (AGES - 80.0) / values["adult_needs.household_onset_doubling_years"]
    )
    return np.where(AGES >= 18, np.minimum(rate, 0.6), 0.0)


def support_onset_by_age(values: Mapping[str, Any]) -> np.ndarray:
    """Yearly hazard of a new self-direction limitation, by age (adults only)."""
    elderly = values["adult_needs.support_onset_at_85"] * np.exp2((AGES - 85.0) / 7.0)
    rate = np.where(AGES < 65, values["adult_needs.support_onset_adult"], elderly)
    return np.where(AGES >= 18, rate, 0.0)


def _youth_onset_by_month(values: Mapping[str, Any], onset_factor: float) -> np.ndarray:
    """Monthly chance (float32) of a new youth problem by age, before the parents' factor."""
    rate = np.where(AGES < 4, 0.3, 1.0) * values["youth_needs.onset_rate"]
    rate = rate * onset_factor
    return _monthly(rate).astype(np.float32)


PARENT_NEED_THRESHOLD = 0.3  # a self-direction limitation of this size counts as a parent's problem
_HALF = np.float32(0.5)  # the highest monthly chance of a new youth problem


def change_needs(
    people: Residents,
    values: Mapping[str, Any],
    adult_rng: np.random.Generator,
    youth_rng: np.random.Generator,
    slowdown: float,
    onset_factor: float = 1.0,
) -> Askers:
    """A month of needs: adult needs arise and evolve, youth problems arise and evolve.

    Adults: one draw per resident and limitation decides onset (u < p, hazards by age);
    the level reuses the same draw rescaled (u / p is uniform given onset). Then unmet
    needs worsen, met needs grow slowly with age, some resolve (see ``_evolve`` in
    ``agents.needs_kernels``); users of a general facility worsen ``slowdown`` times
    less.

    Youths: new problems with severity and the three demarcation attributes of the
    Commissie van Wijzen (``onset_factor`` multiplies the onset, an external shock
    such as Covid); children of struggling parents (an adult of the household with a
    self-direction limitation of ``PARENT_NEED_THRESHOLD``) get problems, and an unsafe
    home, ``youth_needs.parent_problem_factor`` times as often (Trimbos KOPP/KVO).
    Problems in care improve; unhelped ones may pass on their own or worsen.

    Two compiled passes over the residents do it all (``adult_needs_month``,
    ``youth_needs_month``); numpy handles only the few new youth problems between them.
    The same passes find who will ask for informal care this month (``Askers``, for
    ``informal_care``), so that phase needs no pass of its own to find them.
    """
    n = people.n
    draw_hh, draw_support = people.uniform(adult_rng), people.uniform(adult_rng)
    draw_youth = people.uniform(youth_rng)  # its own stream: drawing it first changes nothing
    household = people.view("household")
    households = int(household.max()) + 1 if n else 1
    struggling = np.zeros(households, dtype=np.bool_)
    hazard_hh, hazard_support, monthly, highest = _onset_tables(
        tuple(float(values[key]) for key in _ONSET_KEYS), float(onset_factor)
    )
    parts = threads.split(
        adult_needs_month,
        n,
        draw_hh,
        draw_support,
        hazard_hh,
        hazard_support,
        ONSET_LEVELS,
        keyed_base(people.keyed, "recover", people.tick),
        people.alive,
        people.in_wlz,
        people.age_years,
        people.need_hh,
        people.need_support,
        people.services,
        HELPED_BITS,
        people.light_until,
        people.general_facility,
        float(slowdown),
        people.unmet,
        *_evolve_rates(values),
        household,
        struggling,
        draw_youth,
        people.youth_severity,
        highest,
    )
    candidates, needy = (threads.concatenated(ids) for ids in zip(*parts, strict=True))
    unsafe = _youth_onset(
        people, values, candidates, draw_youth, struggling[household[candidates]], monthly
    )
    flags = np.zeros(households if len(unsafe) else 0, dtype=np.bool_)
    flags[household[unsafe]] = True
    caring_parents = np.zeros(households, dtype=np.bool_)
    improvement = values["youth_needs.improvement_in_care"]
    resolution = values["youth_needs.natural_resolution"]
    adults = threads.joined(
        youth_needs_month,
        n,
        keyed_base(people.keyed, "youth.resolve", people.tick),
        people.youth_severity,
        people.services,
        YOUTH_MASK,
        people.coordinated,
        people.general_facility,
        people.poh_until,
        people.light_until,
        1.0 - improvement * 1.0,
        1.0 - improvement * 1.5,
        np.float32(values["youth_needs.progression_unmet"]),
        np.float32(1.0 - improvement * 0.5),
        resolution * 1.0,
        resolution * 0.3,
        people.youth_safety,
        people.youth_disorder,
        people.environment_cannot_cope,
        people.cannot_participate,
        people.alive,
        people.in_wlz,
        people.age_years,
        household,
        flags,
        caring_parents,
    )
    struck = parents_struggle(people, values, adults)
    if len(struck):  # living adults with a self-direction limitation now: they ask too
        needy = _merged(needy, struck)
    return Askers(needy, caring_parents)


def _merged(ids: np.ndarray, more: np.ndarray) -> np.ndarray:
    """The sorted ids with the sorted ``more`` added once (``np.union1d`` hashes: 10x slower)."""
    at = np.searchsorted(ids, more)
    known = ids[np.minimum(at, len(ids) - 1)] == more if len(ids) else np.zeros(len(more), bool)
    return np.insert(ids, at[~known], more[~known])


_ONSET_KEYS = (
    "adult_needs.household_onset_at_80",
    "adult_needs.household_onset_doubling_years",
    "adult_needs.support_onset_at_85",
    "adult_needs.support_onset_adult",
    "youth_needs.onset_rate",
    "youth_needs.parent_problem_factor",
)


@functools.lru_cache(maxsize=16)
def _onset_tables(key: tuple[float, ...], onset_factor: float) -> tuple[np.ndarray, ...]:
    """Monthly onset chances by age (float32), computed once per set of parameter values.

    ``key``: the values of ``_ONSET_KEYS``. Returns the household and self-direction
    hazards, the youth onset before the parents' factor, and the highest youth onset
    (with or without the factor). Shared between months: never written to.
    """
    values = dict(zip(_ONSET_KEYS, key, strict=True))
    monthly = _youth_onset_by_month(values, onset_factor)
    factor = np.float32(values["youth_needs.parent_problem_factor"])
    return (
        _monthly(household_onset_by_age(values)).astype(np.float32),
        _monthly(support_onset_by_age(values)).astype(np.float32),
        monthly,
        np.maximum(np.minimum(monthly, _HALF), np.minimum(monthly * factor, _HALF)),
    )


ONSET_LEVELS = np.array([0.1, 0.5, 0.15, 0.55], dtype=np.float32)  # base, span: household, support
HELPED_BITS = (1 << Product.SUPPORT) | (1 << Product.DAYCARE)  # help that improves self-direction


def _evolve_rates(values: Mapping[str, Any]) -> tuple:
    """The progression and recovery rates in the types numpy used them in."""
    return (
        np.float32(values["adult_needs.improvement_with_help"]),
        float(values["adult_needs.progression_met"]),
        np.float32(values["adult_needs.progression_unmet"]),
        float(values["adult_needs.recovery_household"]),
        float(values["adult_needs.recovery_support"]),
    )


def evolve_adult_needs(
    people: Residents,
    values: Mapping[str, Any],
    rng: np.random.Generator | None,
    general_helped: np.ndarray,
    slowdown: float,
) -> None:
    """Unmet needs worsen, met needs grow slowly with age, some resolve (no onset).

    ``change_needs`` does this in the same pass as the onset; this is the step alone.
    Users of a general facility (``general_helped``) worsen ``slowdown`` times less.
    Recovery: a light limitation passes; a heavier one halves (partial recovery, e.g.
    after rehabilitation), which a review of running care can pick up. Both recoveries
    are rare, so one keyed draw serves both ends (u for household, 1 - u for support).
    """
    evolve_needy(
        people.n,
        keyed_base(people.keyed, "recover", people.tick),
        people.need_hh,
        people.need_support,
        people.services,
        HELPED_BITS,
        people.light_until,
        general_helped,
        float(slowdown),
        people.unmet,
        *_evolve_rates(values),
    )


def _youth_onset(
    people: Residents,
    values: Mapping[str, Any],
    candidates: np.ndarray,
    draw: np.ndarray,
    kopp: np.ndarray,
    monthly: np.ndarray,
) -> np.ndarray:
    """New youth problems among the candidates; returns the ids of those with an unsafe home.

    ``kopp``: whether each candidate's household has a struggling parent.
    """
    risk = np.where(kopp, np.float32(values["youth_needs.parent_problem_factor"]), np.float32(1))
    p_onset = np.minimum(monthly[people.age_years[candidates]] * risk, _HALF)
    onset = draw[candidates] < p_onset
    new = candidates[onset]
    risk, p_onset = risk[onset], p_onset[onset]
    mean = values["youth_needs.severity_mean"]
    level = draw[new] / p_onset  # uniform given onset
    severity = np.clip(-np.log1p(-level * 0.999) * mean * 0.8 + 0.05, 0.05, 1.0)
    people.youth_severity[new] = severity
    safety = (
        people.draw("youth.safety", new)
        < values["youth_needs.safety_share"] * (0.4 + 1.2 * severity) * risk
    )
    disorder = people.draw("youth.disorder", new) < values["youth_needs.disorder_share"]
    cope = people.draw("youth.cope", new) < values["youth_needs.environment_cannot_cope"] * (
        0.5 + severity
    )
    people.youth_safety[new] = safety
    people.youth_disorder[new] = disorder
    people.environment_cannot_cope[new] = disorder & cope
    return new[safety]


def parents_struggle(
    people: Residents, values: Mapping[str, Any], adults: np.ndarray
) -> np.ndarray:
    """An unsafe home for a child usually means parents with problems of their own.

    ``adults``: the 18-66-year-olds living with a child whose safety concerns arose
    this month. Each gets a self-direction limitation with chance
    ``youth_needs.safety_parent_need_share`` (or keeps a larger one). Together with the
    higher risk of the children of struggling parents this makes problems cluster in a
    few households that use youth care and Wmo support at once (BRIEF pattern 9,
    multi-problem households). Returns the adults struck.
    """
    if len(adults) == 0:
        return adults
    struck = adults[
        people.draw("youth.parents", adults) < values["youth_needs.safety_parent_need_share"]
    ]
    level = np.float32(0.3) + np.float32(0.3) * people.draw("youth.parents.level", struck)
    people.need_support[struck] = np.maximum(people.need_support[struck], level)
    return struck


def clear_youth_need(people: Residents, who: np.ndarray) -> None:
    """The youth problem has resolved (``who``: resident ids or a mask over used slots)."""
    if who.dtype == np.bool_:
        who = np.flatnonzero(who)
    for name in ("youth_safety", "youth_disorder", "environment_cannot_cope", "cannot_participate"):
        getattr(people, name)[who] = False
    people.youth_severity[who] = 0.0


def household_need_hours(people: Residents, values: Mapping[str, Any]) -> np.ndarray:
    """Hours/week of household work a resident cannot do."""
    return people.view("need_hh") * np.float32(values["adult_needs.full_household_hours"])


def unmet_household_hours(
    people: Residents, values: Mapping[str, Any], residents: np.ndarray
) -> np.ndarray:
    """Hours/week of household work these residents cannot do and informal carers do not do."""
    hours = people.need_hh[residents] * np.float32(values["adult_needs.full_household_hours"])
    return hours - people.informal_hh_hours[residents]


class Askers(NamedTuple):
    """Who asks for informal care this month, as the needs phase left them (``change_needs``).

    ``needy``: ids of living residents with a limitation, in resident order;
    ``caring_parents``: per household id, whether a living child has a disorder or a
    serious problem (severity 0.4 or more), which makes its adults carers.
    """

    needy: np.ndarray
    caring_parents: np.ndarray


def informal_care(
    people: Residents,
    values: Mapping[str, Any],
    rng: np.random.Generator,
    breakdowns: bool = True,
    askers: Askers | None = None,
) -> int:
    """Informal care given this month, carers' loads, overburden and breakdowns.

    A resident with a need asks the network for the Wmo-like part (housework and
    self-direction hours not covered by formal help) plus personal care, supervision,
    company and transport (``network.personal_care_hours_at_full_need``), which no Wmo
    product replaces. The partner is asked first, then a kin carer, then a neighbour.
    Parents of a child with a disorder or a serious problem are carers too (CBS
    definition): ``PARENT_CARE_HOURS`` a week.

    A carer's burden is what the network *asks* of them (not what they still give):
    asked hours above their tolerance make them heavily burdened (CBS: 19% of carers
    in 2022). A heavily burdened carer cuts back (``network.burnout_cutback``), and
    each month breaks down with ``network.burnout_hazard``: they stop caring for
    ``network.breakdown_months`` and develop a self-direction need of their own. Both
    leave their care recipient's need unmet, so it appears as help seeking at the
    front door (BRIEF pattern 6). Informal-carer support (a general facility) raises
    the load a carer bears (``network.carer_support_relief``).

    Three compiled passes (``agents.needs_kernels``): who asks and whose parents care
    (``askers``, when the needs phase found them in its own passes, saves this one),
    the flows on the needy (a few percent of residents), then every carer's load and
    overburden. Returns the number of carers who broke down this month
    (``breakdowns=False`` at the initial state, which has no past month).
    """
    n = people.n
    household = people.view("household")
    if askers is not None:
        needy, caring_parents = askers
        people.informal_hours[:n] = 0.0
        people.informal_hh_hours[:n] = 0.0
        given_load = np.zeros(n, dtype=np.float64)
        asked_load = np.zeros(n, dtype=np.float64)
    else:
        needy, caring_parents, given_load, asked_load = _askers(people, household)
    # Kin and neighbours spread their hours over the tasks, a share of the Wmo-like
    # part being housework; a partner does the housework first.
    carers = np.empty((3, len(needy)), dtype=people.partner.dtype)
    given, asked = np.empty((2, 3, len(needy)), dtype=np.float32)
    carer_state = np.empty(n, dtype=np.uint8)
    threads.split(
        carer_states,
        n,
        people.alive,
        people.in_wlz,
        people.need_hh,
        people.need_support,
        people.carer_break_until,  # broken down: not caring now
        people.tick,
        people.overburdened,
        carer_state,
    )
    threads.split(
        informal_flows,
        len(needy),
        needy,
        people.need_hh,
        people.need_support,
        people.hh_hours,
        people.partner,
        people.kin_carer,
        people.neighbour_carer,
        people.network_hours,
        carer_state,
        np.float32(values["adult_needs.full_household_hours"]),
        np.float32(values["adult_needs.support_hours_at_full_need"]),
        np.float32(values["network.personal_care_hours_at_full_need"]),
        np.float32(values["network.partner_hours"]),
        np.float32(values["network.neighbour_hours"] * 2),
        np.float32(values["network.kin_housework_share"]),
        np.float32(values["network.burnout_cutback"]),
        people.informal_hours,
        people.informal_hh_hours,
        carers,
        given,
        asked,
        cost=8.0,  # a needy resident's flows cost about 8 residents' passes
    )
    add_loads(carers, given, asked, given_load, asked_load)
    at_risk = threads.joined(
        carer_burden,
        n,
        given_load,
        asked_load,
        people.alive,
        people.in_wlz,
        people.age_years,
        household,
        caring_parents,
        float(np.float32(PARENT_CARE_HOURS)),
        people.carer_tolerance,
        people.general_facility,
        CARER_SUPPORT_INDEX,
        float(values["network.carer_support_relief"]),
        people.carer_load,
        people.overburdened,
    )
    if not breakdowns:
        return 0
    broke = at_risk[people.draw("burnout", at_risk) < values["network.burnout_hazard"]]
    people.carer_break_until[broke] = people.tick + int(values["network.breakdown_months"])
    people.need_support[broke] = np.maximum(people.need_support[broke], np.float32(0.3))
    people.overburdened[broke] = False  # no longer caring: the burden has moved to the need
    return len(broke)


def _askers(
    people: Residents, household: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``informal_needy``'s pass: the askers, and the loads and hours cleared for the month."""
    n = people.n
    caring_parents = np.zeros(int(household.max()) + 1 if n else 1, dtype=np.bool_)
    given_load = np.empty(n, dtype=np.float64)
    asked_load = np.empty(n, dtype=np.float64)
    needy = informal_needy(
        n,
        people.alive,
        people.in_wlz,
        people.age_years,
        people.need_hh,
        people.need_support,
        people.youth_disorder,
        people.youth_severity,
        household,
        caring_parents,
        people.informal_hours,
        people.informal_hh_hours,
        given_load,
        asked_load,
    )
    return needy, caring_parents, given_load, asked_load


PARENT_CARE_HOURS = (
    3.0  # assumption: extra weekly care by parents of a child with a disorder or serious problem
)


def unmet_need(
    people: Residents, values: Mapping[str, Any], general_helped: np.ndarray
) -> np.ndarray:
    """Share of each resident's need left unmet (0-1) after formal, informal and general help.

    ``general_helped``: users of a general facility. ``outcomes`` does this in the same
    pass as the wellbeing; this is the step alone.
    """
    _outcomes(people, values, general_helped, True, False)
    return people.view("unmet")


def update_wellbeing(people: Residents, values: Mapping[str, Any]) -> None:
    """Wellbeing (1-10) drifts towards a level set by need, help, waiting and care burden.

    ``outcomes`` does this in the same pass as the unmet need; this is the step alone.
    See ``outcomes`` for the target.
    """
    _outcomes(people, values, people.view("general_facility") >= 0, False, True)


def outcomes(people: Residents, values: Mapping[str, Any]) -> None:
    """Unmet need and wellbeing at the end of the month, in one compiled pass.

    Unmet need: the share of each resident's need left unmet (0-1) after formal,
    informal, private and general or light help (adults' hours); for youths the
    severity left without help. The larger of the two counts.

    Wellbeing (1-10) drifts towards a level set by need, help, waiting and care
    burden. The target starts from the level of residents without problems and loses:
    - the limitation itself (``wellbeing.need_weight`` per unit of the largest need),
      of which fitting help (formal, light or general help that leaves less than
      ``outcomes.unmet_threshold`` of the need unmet) gives back a share
      (``wellbeing.fitting_help_relief``);
    - the unmet share of the need (``wellbeing.unmet_weight``) and, for youths, the
      unmet severity (``wellbeing.youth_severity_weight``);
    - waiting for an assessment or a provider (``wellbeing.waiting_weight``);
    - an informal carer's overburden (``wellbeing.overburden_weight``).
    The range is set on the Overbetuwe pilot: multi-problem households without fitting
    help rated their wellbeing 2.9, with an integrated approach 7.6.

    Scale of lever effects (12,000 residents, seeds 1-3, years 3-5): residents with
    unmet need average about 5.1, clients about 7.0, so a resident who loses or gains
    fitting help moves about 2 points. But a realistic lever changes the situation of
    a few dozen of the ~1,200 residents in contact with the system (indicator
    ``wellbeing_in_contact``), so the mean moves by hundredths: no general facilities
    -0.028 (unmet +6.5), the front-door package -0.068 (unmet +35), POH-GGZ +0.009,
    access staff 3.5 -> 2.5 or 1.75 per 10,000 (+6 or +22 waiting) about 0 (heavier
    grants under overload offset the wait). Tenths would need either a lever touching
    5-10% of the group or per-resident losses beyond the Overbetuwe range.
    """
    _outcomes(people, values, people.view("general_facility") >= 0, True, True)


def _outcomes(
    people: Residents,
    values: Mapping[str, Any],
    general_helped: np.ndarray,
    with_unmet: bool,
    with_wellbeing: bool,
) -> None:
    """Run ``agents.needs_kernels.outcomes_pass`` on the used slots with the month's values."""
    threads.split(
        outcomes_pass,
        people.n,
        with_unmet,
        with_wellbeing,
        people.alive,
        people.in_wlz,
        general_helped,
        people.need_hh,
        people.need_support,
        people.youth_severity,
        people.services,
        people.informal_hours,
        people.hh_hours,
        people.private_help,
        people.light_until,
        people.poh_until,
        people.access_waiting,
        people.waiting,
        people.overburdened,
        np.float32(values["adult_needs.full_household_hours"]),
        np.float32(values["adult_needs.support_hours_at_full_need"]),
        1 << Product.SUPPORT,
        1 << Product.DAYCARE,
        YOUTH_MASK,
        np.float32(values["outcomes.unmet_threshold"]),
        float(values["wellbeing.level_without_need"]),
        np.float32(values["wellbeing.need_weight"]),
        float(values["wellbeing.fitting_help_relief"]),
        np.float32(values["wellbeing.unmet_weight"]),
        float(values["wellbeing.waiting_weight"]),
        float(values["wellbeing.overburden_weight"]),
        np.float32(values["wellbeing.youth_severity_weight"]),
        np.float32(values["wellbeing.adjustment_per_month"]),
        people.view("unmet"),
        people.wellbeing,
    )


SUPPORT_HELPED_SHARE = 0.25  # assumption: share of life with a self-direction need spent helped


def seed_initial_needs(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator
) -> None:
    """Give adults the need histories of their age: a life course by year of age.

    Each adult's household and self-direction limitations are simulated from 18 to
    their current age in yearly steps with the model's own onset, progression and
    (partial) recovery, vectorised over all adults per year of age. Needs that last
    for years then start at their long-run prevalence, and the burn-in only has to
    settle services and queues, not decades of need accumulation. The highest
    household limitation reached is kept for the initial caseload (aids stay).
    """
    n = people.n
    age = people.age_years
    adults = np.flatnonzero(age >= 18)
    order = adults[np.argsort(-age[adults], kind="stable")]  # oldest first
    ages_sorted = age[order]
    met = values["adult_needs.progression_met"]
    # Self-direction needs are mostly met with support that also improves them.
    improve = values["adult_needs.improvement_with_help"] * SUPPORT_HELPED_SHARE
    courses = (
        ("need_hh", household_onset_by_age(values), 0.1, 0.5, "recovery_household", met),
        (
            "need_support",
            support_onset_by_age(values),
            0.15,
            0.55,
            "recovery_support",
            met - improve,
        ),
    )
    for name, onset, first, spread, recovery_key, drift in courses:
        level = np.zeros(len(order), dtype=np.float32)
        peak = np.zeros(len(order), dtype=np.float32)
        yearly_recovery = 1.0 - (1.0 - values[f"adult_needs.{recovery_key}"]) ** 12
        growth = np.float32(12 * drift)
        recovery = np.result_type(np.float32, yearly_recovery).type(yearly_recovery)
        for year in range(18, int(age.max()) if len(order) else 18):
            # Oldest first: those older than `year` are a prefix (views, no copies).
            alive = int(np.searchsorted(-ages_sorted, -year, side="left"))
            if alive == 0:
                break
            draw = random_float32(rng, alive)
            current = level[:alive]
            p_onset = 1.0 - np.exp(-onset[year])
            new = life_course_year(current, draw, growth, recovery, 1.0 - p_onset)
            current[new] = first + spread * rng.random(len(new), dtype=np.float32)
            np.maximum(peak[:alive], current, out=peak[:alive])
        getattr(people, name)[order] = level
        if name == "need_hh":
            people.initial_peak_hh = np.zeros(n, dtype=np.float32)
            people.initial_peak_hh[order] = peak
    youth = (age >= 4) & (age < 18)
    youth_prev = values["youth_needs.onset_rate"] / (values["youth_needs.onset_rate"] + 0.5)
    has_youth = youth & (rng.random(n) < youth_prev)
    people.youth_severity[:n][has_youth] = (0.05 + 0.6 * rng.random(int(has_youth.sum()))).astype(
        np.float32
    )

"""Needs: how they arise, worsen when unmet, improve with help; informal care.

Adults have two limitations (0-1): household tasks (drives HH and aids) and
self-direction (drives individual support and day care). Youths have a problem
severity with the three demarcation attributes of the Commissie van Wijzen. Informal
care from the household partner, kin and neighbours absorbs part of adult need; a
carer whose load exceeds what they can bear is overburdened, cuts back, and may
develop a need of their own (BRIEF pattern 6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from model.population import NO_ONE, Residents
from model.products import YOUTH_MASK, Product

SUPPORT_HOURS_AT_FULL_NEED = 6.0  # assumption: informal hours/week a full self-direction need asks
# Assumption: kin and neighbours mostly help with other things than housework; the Wmo
# 'usual help' (gebruikelijke hulp) rule only expects housework from household members.
KIN_HOUSEWORK_SHARE = 0.25


def _monthly(rate_per_year: np.ndarray | float) -> np.ndarray:
    return 1.0 - np.exp(-np.asarray(rate_per_year) / 12.0)


def arise_adult_needs(people: Residents, values: Mapping[str, Any], rng: np.random.Generator) -> None:
    """New adult limitations, with age-dependent hazards."""
    draw_hh, draw_support, level = (people.uniform(rng) for _ in range(3))
    living = people.living()
    age = people.age_years.astype(np.float32)
    adult = living & (age >= 18)
    hh_rate = values["adult_needs.household_onset_at_80"] * np.exp2(
        (age - 80.0) / values["adult_needs.household_onset_doubling_years"]
    )
    new_hh = adult & (people.view("need_hh") == 0) & (draw_hh < _monthly(np.minimum(hh_rate, 0.6)))
    people.need_hh[: people.n][new_hh] = 0.1 + 0.5 * level[new_hh]
    elderly_rate = values["adult_needs.support_onset_at_85"] * np.exp2((age - 85.0) / 7.0)
    support_rate = np.where(age < 65, values["adult_needs.support_onset_adult"], elderly_rate)
    new_support = adult & (people.view("need_support") == 0) & (draw_support < _monthly(support_rate))
    people.need_support[: people.n][new_support] = 0.15 + 0.55 * level[new_support]


def evolve_adult_needs(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator, slowdown: np.ndarray
) -> None:
    """Unmet needs worsen, met needs grow slowly with age, some resolve."""
    n = people.n
    recover_hh, recover_support = people.uniform(rng), people.uniform(rng)
    unmet = people.view("unmet")
    worsen = (
        values["adult_needs.progression_met"]
        + values["adult_needs.progression_unmet"] * unmet * (1.0 - slowdown)
    ).astype(np.float32)
    for name, recover, rate in (
        ("need_hh", recover_hh, values["adult_needs.recovery_household"]),
        ("need_support", recover_support, values["adult_needs.recovery_support"]),
    ):
        need = getattr(people, name)[:n]
        has = need > 0
        need[has] = np.minimum(need[has] + worsen[has], 1.0)
        need[has & (recover < rate)] = 0.0


def arise_youth_needs(people: Residents, values: Mapping[str, Any], rng: np.random.Generator) -> None:
    """New youth problems with severity and the three demarcation attributes."""
    draw, severity_draw, safety_draw, disorder_draw, cope_draw = (
        people.uniform(rng) for _ in range(5)
    )
    age = people.age_years
    youth = people.living() & (age < 18) & (people.view("youth_severity") == 0)
    rate = values["youth_needs.onset_rate"] * np.where(age < 4, 0.3, 1.0)
    new = youth & (draw < _monthly(rate))
    mean = values["youth_needs.severity_mean"]
    severity = np.clip(-np.log1p(-severity_draw * 0.999) * mean * 0.8 + 0.05, 0.05, 1.0)
    people.youth_severity[: people.n][new] = severity[new]
    safety = safety_draw < values["youth_needs.safety_share"] * (0.4 + 1.2 * severity)
    disorder = disorder_draw < values["youth_needs.disorder_share"]
    cope = cope_draw < values["youth_needs.environment_cannot_cope"] * (0.5 + severity)
    people.youth_safety[: people.n][new] = safety[new]
    people.youth_disorder[: people.n][new] = disorder[new]
    people.environment_cannot_cope[: people.n][new] = (disorder & cope)[new]
    update_participation(people, new)


def update_participation(people: Residents, who: np.ndarray) -> None:
    """Criterion 3: without help the child cannot take part in school and social life."""
    people.cannot_participate[: people.n][who] = people.view("youth_severity")[who] > 0.55


def evolve_youth_needs(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator, helped: np.ndarray
) -> None:
    """Problems in care improve; unhelped ones may pass on their own or worsen."""
    n = people.n
    resolve = people.uniform(rng)
    severity = people.youth_severity[:n]
    has = severity > 0
    in_care = ((people.view("services") & YOUTH_MASK) != 0) & has
    severity[in_care] *= 1.0 - values["youth_needs.improvement_in_care"]
    alone = has & ~in_care & ~helped
    severity[alone] = np.minimum(severity[alone] + values["youth_needs.progression_unmet"], 1.0)
    light = has & ~in_care & helped
    severity[light] *= 1.0 - values["youth_needs.improvement_in_care"] * 0.5
    gone = has & ~in_care & (
        (resolve < values["youth_needs.natural_resolution"] * np.where(severity < 0.4, 1.0, 0.3))
        | (severity < 0.05)
    )
    clear_youth_need(people, gone)
    update_participation(people, has)


def clear_youth_need(people: Residents, who: np.ndarray) -> None:
    """The youth problem has resolved."""
    n = people.n
    for name in ("youth_safety", "youth_disorder", "environment_cannot_cope", "cannot_participate"):
        getattr(people, name)[:n][who] = False
    people.youth_severity[:n][who] = 0.0


def household_need_hours(people: Residents, values: Mapping[str, Any]) -> np.ndarray:
    """Hours/week of household work a resident cannot do."""
    return people.view("need_hh") * np.float32(values["adult_needs.full_household_hours"])


def informal_care(people: Residents, values: Mapping[str, Any], rng: np.random.Generator) -> None:
    """Informal care given this month, carers' loads, overburden and burnout."""
    n = people.n
    burnout_draw = people.uniform(rng)
    living = people.living()
    need_hours = household_need_hours(people, values) + people.view("need_support") * np.float32(
        SUPPORT_HOURS_AT_FULL_NEED
    )
    formal = people.view("hh_hours")
    demand = np.where(living, np.maximum(need_hours - formal, 0.0), 0.0).astype(np.float32)
    partner = people.view("partner")
    kin = people.view("kin_carer")
    partner_ok = _able_carer(people, partner)
    kin_ok = _able_carer(people, kin)
    neighbour = people.view("neighbour_carer")
    neighbour_ok = _able_carer(people, neighbour)
    cutback = np.float32(values["network.burnout_cutback"])
    partner_hours = np.where(partner_ok, values["network.partner_hours"], 0.0).astype(np.float32)
    partner_hours[partner_ok] *= np.where(people.overburdened[partner[partner_ok]], cutback, 1.0)
    kin_hours = np.where(kin_ok, people.view("network_hours"), 0.0).astype(np.float32)
    kin_hours[kin_ok] *= np.where(people.overburdened[kin[kin_ok]], cutback, 1.0)
    neighbour_hours = np.where(neighbour_ok, values["network.neighbour_hours"] * 2, 0.0).astype(np.float32)
    given_partner = np.minimum(demand, partner_hours)
    given_kin = np.minimum(demand - given_partner, kin_hours)
    given_other = np.minimum(demand - given_partner - given_kin, neighbour_hours)
    people.informal_hours[:n] = given_partner + given_kin + given_other
    hh_demand = np.maximum(household_need_hours(people, values) - formal, 0.0)
    people.informal_hh_hours[:n] = np.minimum(
        hh_demand, given_partner + KIN_HOUSEWORK_SHARE * (given_kin + given_other)
    )
    load = np.bincount(partner[partner_ok], weights=given_partner[partner_ok], minlength=n)
    load += np.bincount(kin[kin_ok], weights=given_kin[kin_ok], minlength=n)
    load += np.bincount(neighbour[neighbour_ok], weights=given_other[neighbour_ok], minlength=n)
    load[:n] += _parent_care_hours(people, living)
    people.carer_load[:n] = load[:n]
    over = living & (load[:n] > people.view("carer_tolerance"))
    people.overburdened[:n] = over
    burnout = over & (people.view("need_support") == 0) & (burnout_draw < values["network.burnout_hazard"])
    people.need_support[:n][burnout] = 0.3


PARENT_CARE_HOURS = 3.0  # assumption: extra weekly care by parents of a child with a disorder or serious problem


def _parent_care_hours(people: Residents, living: np.ndarray) -> np.ndarray:
    """Parents of a child with a disorder or serious problem are informal carers too (CBS definition)."""
    household = people.view("household")
    child = living & (people.age_years < 18) & (
        people.view("youth_disorder") | (people.view("youth_severity") >= 0.4)
    )
    flagged = np.zeros(int(household.max()) + 1, dtype=bool)
    flagged[household[child]] = True
    parent = living & (people.age_years >= 18) & flagged[household]
    return np.where(parent, PARENT_CARE_HOURS, 0.0)


def _able_carer(people: Residents, carer: np.ndarray) -> np.ndarray:
    """Carers who exist, live, and have no large need of their own."""
    ok = carer != NO_ONE
    idx = np.where(ok, carer, 0)
    return (
        ok
        & people.alive[idx]
        & ~people.in_wlz[idx]
        & (people.need_hh[idx] < 0.5)
        & (people.need_support[idx] < 0.5)
    )


def unmet_need(people: Residents, values: Mapping[str, Any], general_helped: np.ndarray) -> np.ndarray:
    """Share of each resident's need left unmet (0-1) after formal, informal and general help."""
    n = people.n
    services = people.view("services")
    hh_need = household_need_hours(people, values)
    support_need = people.view("need_support") * np.float32(SUPPORT_HOURS_AT_FULL_NEED)
    total = hh_need + support_need
    covered = people.view("informal_hours") + people.view("hh_hours")
    covered = covered + np.where(services & (1 << Product.SUPPORT), support_need, 0.0)
    covered = covered + np.where(services & (1 << Product.DAYCARE), support_need * 0.7, 0.0)
    covered = covered + np.where(people.view("private_help"), hh_need, 0.0)
    covered = covered + np.where(general_helped | (people.view("light_until") >= 0), total * 0.6, 0.0)
    adult_unmet = np.where(total > 0, np.clip(1.0 - covered / np.maximum(total, 1e-6), 0, 1), 0.0)
    youth = people.view("youth_severity")
    youth_helped = ((services & YOUTH_MASK) != 0) | general_helped | (people.view("poh_until") >= 0)
    youth_unmet = np.where(youth_helped, 0.0, youth)
    unmet = np.maximum(adult_unmet, youth_unmet).astype(np.float32)
    unmet[~people.living()] = 0.0
    people.unmet[:n] = unmet
    return unmet


def seed_initial_needs(people: Residents, values: Mapping[str, Any], rng: np.random.Generator) -> None:
    """Start from roughly stationary need prevalence (onset / (onset + recovery + death)).

    Only a starting point: the burn-in months then let services, queues and levels
    settle under the model's own dynamics.
    """
    n = people.n
    age = people.age_years.astype(np.float64)
    adult = age >= 18
    death = values["demography.mortality_at_80"] * np.exp2((age - 80) / values["demography.mortality_doubling_years"])
    hh_rate = np.minimum(
        values["adult_needs.household_onset_at_80"]
        * np.exp2((age - 80) / values["adult_needs.household_onset_doubling_years"]),
        0.6,
    )
    hh_prev = hh_rate / (hh_rate + 12 * values["adult_needs.recovery_household"] + death)
    support_rate = np.where(
        age < 65,
        values["adult_needs.support_onset_adult"],
        values["adult_needs.support_onset_at_85"] * np.exp2((age - 85) / 7.0),
    )
    support_prev = support_rate / (support_rate + 12 * values["adult_needs.recovery_support"] + death)
    has_hh = adult & (rng.random(n) < hh_prev)
    has_support = adult & (rng.random(n) < support_prev)
    people.need_hh[:n][has_hh] = (0.1 + 0.7 * rng.random(int(has_hh.sum()))).astype(np.float32)
    people.need_support[:n][has_support] = (0.15 + 0.6 * rng.random(int(has_support.sum()))).astype(
        np.float32
    )
    youth = (age >= 4) & (age < 18)
    youth_prev = values["youth_needs.onset_rate"] / (values["youth_needs.onset_rate"] + 0.5)
    has_youth = youth & (rng.random(n) < youth_prev)
    people.youth_severity[:n][has_youth] = (0.05 + 0.6 * rng.random(int(has_youth.sum()))).astype(np.float32)

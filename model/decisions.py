"""Access-team decisions at the kitchen table (keukentafelgesprek) and reviews.

For each assessed resident the team decides, vectorised over the month's batch:
answer with a general facility or its own light support ("as light as possible"), or
grant tailored services (HH with hours from an assessment, individual support, day
care, aids; for youths a tailored youth product). Team pressure shifts the balance
towards heavier and longer grants (BRIEF pattern 1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.access_team import AccessTeam
from model.needs import unmet_household_hours
from model.pathways import refer_to_youth_care
from model.products import WMO_PRODUCTS, Product, Referrer

if TYPE_CHECKING:
    from model.care_model import CareModel


def assess(model: CareModel, team: AccessTeam, residents: np.ndarray) -> None:
    """Decide for a batch of assessed residents (adults and youths)."""
    young = model.people.age_of(residents) < 18
    assess_youths(model, team, residents[young])
    assess_adults(model, team, residents[~young])


def light_solution(
    model: CareModel, team: AccessTeam, residents: np.ndarray, serves: np.ndarray
) -> np.ndarray:
    """Try a general facility, then the team's own light support; mask of who got one."""
    helped = model.facilities.offer(residents, serves, model)
    rest = np.flatnonzero(~helped)
    helped[rest] = model.light_support.offer(residents[rest], model.tick)
    return helped


def hh_hours(model: CareModel, residents: np.ndarray) -> np.ndarray:
    """HH hours/week from the assessment (status quo: generous judgement of unmet hours)."""
    people, values = model.people, model.profile
    unmet = unmet_household_hours(people, values, residents)
    hours = np.maximum(unmet, 0.0) * values["access.hh_generosity"]
    return np.maximum(np.round(hours * 2) / 2, 1.0)


def assess_adults(model: CareModel, team: AccessTeam, residents: np.ndarray) -> None:
    """Adults: light where possible, tailored where needed, longer when overloaded."""
    if len(residents) == 0:
        return
    people, values = model.people, model.profile
    draw = people.draw("access.adult", residents)
    need_hh, need_support = people.need_hh[residents], people.need_support[residents]
    age = people.age_of(residents)
    unmet_hh = unmet_household_hours(people, values, residents)
    eligible = {
        Product.HH: unmet_hh >= values["access.hh_min_hours"],
        Product.SUPPORT: need_support >= values["access.support_threshold"],
        Product.DAYCARE: (need_support >= values["access.daycare_threshold"]) & (age >= 60),
        Product.AIDS: need_hh >= values["adult_needs.aids_threshold"],
    }
    light_chance = values["access.light_solution_share"] * (
        1 - values["access.overload_effect"] * team.pressure
    )
    mild = np.maximum(need_hh, need_support) < values["general.mild_limit"]
    moderate = ~mild & (np.maximum(need_hh, need_support) < 0.6)
    try_light = mild | (moderate & (draw < light_chance))
    serves = model.facilities.need_kind(residents)
    helped_lightly = np.zeros(len(residents), dtype=bool)
    helped_lightly[try_light] = light_solution(model, team, residents[try_light], serves[try_light])
    months = values["access.indication_months_wmo"] * (
        1 + values["access.overload_duration_factor"] * team.pressure
    )
    for product in WMO_PRODUCTS:
        grant = eligible[product] & ~helped_lightly
        if product == Product.AIDS:
            grant = eligible[product]  # aids are granted alongside light help
        if not grant.any():
            continue
        who = residents[grant]
        units = hh_hours(model, who) if product == Product.HH else _units(model, product, who)
        aids_months = 120 if product == Product.AIDS else months
        model.services.grant(product, who, model.tick, units=units, months=aids_months)
        if product == Product.HH:
            people.hh_hours[who] = units
    model.flows["access_light"] += int(helped_lightly.sum())


def _units(model: CareModel, product: Product, residents: np.ndarray) -> np.ndarray | float:
    values = model.profile
    if product == Product.SUPPORT:
        level = model.people.need_support[residents]
        return np.round(values["providers.support_hours_week"] * level / 0.6 * 2) / 2 + 0.5
    if product == Product.DAYCARE:
        return values["providers.daycare_partdays_week"]
    return 1.0


def assess_youths(model: CareModel, team: AccessTeam, residents: np.ndarray) -> None:
    """Youths: general facility or light support for light problems, else tailored care."""
    if len(residents) == 0:
        return
    people, values = model.people, model.profile
    draw = people.draw("access.youth", residents)
    severity = people.youth_severity[residents]
    light_chance = values["access.light_solution_share"] * (
        1 - values["access.overload_effect"] * team.pressure
    )
    below = severity < values["access.youth_tailored_threshold"]
    try_light = below | ((severity < 0.5) & (draw < light_chance))
    helped_lightly = np.zeros(len(residents), dtype=bool)
    helped_lightly[try_light] = light_solution(
        model, team, residents[try_light], np.full(int(try_light.sum()), "youth")
    )
    tailored = ~helped_lightly & ~below
    factor = 1 + values["access.overload_duration_factor"] * team.pressure
    refer_to_youth_care(model, residents[tailored], Referrer.ACCESS, duration_factor=factor)
    model.flows["access_light"] += int(helped_lightly.sum())


def review_indications(model: CareModel, team: AccessTeam) -> None:
    """Leftover capacity reviews the oldest running Wmo indications of the district."""
    budget = team.review_budget
    if budget <= 0:
        return
    people = model.people
    for product in (Product.HH, Product.SUPPORT, Product.DAYCARE):
        caseload = model.services.caseloads[product]
        rows = np.flatnonzero(
            caseload.active & (people.district[caseload["resident"]] == team.district)
        )
        if len(rows) == 0 or budget <= 0:
            continue
        rows = rows[np.argsort(caseload["reviewed"][rows], kind="stable")][: budget // 3 + 1]
        budget -= len(rows)
        model.flows["reviews"] += len(rows)
        residents = caseload["resident"][rows]
        if product == Product.HH:
            current = hh_hours(model, residents)
            needed = unmet_household_hours(people, model.profile, residents)
            stop = needed < model.profile["access.hh_min_hours"]
            lower = ~stop & (current < caseload["units"][rows])
            caseload["units"][rows[lower]] = current[lower]
            people.hh_hours[residents[lower]] = current[lower]
        else:
            stop = people.need_support[residents] < model.profile["access.support_threshold"] * 0.7
        caseload["reviewed"][rows[~stop]] = model.tick
        mask = np.zeros(len(caseload), dtype=bool)
        mask[rows[stop]] = True
        model.services.end(product, mask, model.tick)

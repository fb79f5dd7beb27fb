"""Demography: ageing, deaths, births, migration, the 18th birthday and moves to the Wlz."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from agents import threads
from agents.kernels import age_one_month, count_living, living_at_ranks, permanent_need
from agents.products import WMO_MASK, YOUTH_MASK
from agents.residents import INCOME_HIGH, INCOME_LOW, NO_ONE, Residents
from model.needs import clear_youth_need

ADULT_MONTHS = 18 * 12
EXTENDED_YOUTH_CARE_END_MONTHS = 23 * 12
PARENT_AGES = (22, 42)  # assumption: mothers' ages (years, inclusive) for births
ANY_AGE = (-(2**15), 2**15 - 1)  # every age an int16 holds


@dataclass
class DemographyEvents:
    """Residents who left or changed status this month (for the other phases)."""

    died: np.ndarray
    to_wlz: np.ndarray
    turned_18: np.ndarray
    left_youth_care: np.ndarray  # 18-year-olds whose care ends, and 23-year-olds
    born: int = 0
    immigrated: int = 0


def annual_mortality(age: np.ndarray, values: Mapping[str, Any]) -> np.ndarray:
    """Gompertz mortality per person-year (assumption fitted to Dutch life tables)."""
    gompertz = values["demography.mortality_at_80"] * np.exp2(
        (age - 80.0) / values["demography.mortality_doubling_years"]
    )
    slower_ageing = np.where(age >= 65, 1.0 / values["demography.ageing_speed"], 1.0)
    return np.minimum(0.0004 + gompertz * slower_ageing, 0.9)


def age_and_die(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator
) -> np.ndarray:
    """Everyone ages a month; deaths by age (and higher in the Wlz)."""
    draw = people.uniform(rng)
    ages = np.arange(128, dtype=np.float64)
    monthly = (1.0 - np.exp(-annual_mortality(ages, values) / 12.0)).astype(np.float32)
    wlz = np.float32(1.0 - np.exp(-values["demography.wlz_mortality"] / 12.0))
    years = np.empty(people.n, dtype=people.age_m.dtype)
    # One compiled pass: age, the chance of death at the new age (Wlz: at least
    # ``wlz``), the draw; it also hands the new whole-year ages to the cache.
    died = threads.joined(
        age_one_month,
        people.n,
        people.alive,
        people.in_wlz,
        people.age_m,
        draw,
        monthly,
        wlz,
        years,
    )
    people.ages_changed(years)
    return died


def move_to_wlz(
    people: Residents,
    values: Mapping[str, Any],
    rng: np.random.Generator,
    application: float | None = None,
) -> np.ndarray:
    """Residents whose need has become permanent move to the Wlz (out of municipal cost).

    ``application`` overrides the monthly chance (the initial state moves everyone
    whose need is already permanent: they would have moved years ago).
    """
    # Permanent: a high household limitation with any self-direction limitation (or in
    # very old age), or a near-total self-direction limitation (e.g. advanced dementia).
    eligible = np.flatnonzero(
        permanent_need(
            people.view("alive"),
            people.view("in_wlz"),
            people.age_years,
            people.view("need_hh"),
            people.view("need_support"),
            np.float32(values["adult_needs.permanent_threshold"]),  # compared in float32
        )
    )
    chance = values["adult_needs.wlz_application"] if application is None else application
    moved = eligible[people.draw("wlz", eligible) < chance]
    people.in_wlz[moved] = True
    return moved


def wmo_clients_among(people: Residents, residents: np.ndarray) -> int:
    """How many of these residents use a Wmo product (or wait for one)."""
    return int((((people.services[residents] | people.waiting[residents]) & WMO_MASK) != 0).sum())


def eighteenth_birthday(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Youth care ends at 18 unless extended (to 23 at most); needs carry over to adulthood.

    Returns the residents who turned 18 and those whose youth care ends now.
    """
    age_m = people.view("age_m")
    living = people.living()
    turned = np.flatnonzero(living & (age_m == ADULT_MONTHS))
    in_care = ((people.services[turned] | people.waiting[turned]) & YOUTH_MASK) != 0
    extended = in_care & (
        people.draw("extend18", turned) < values["youth_needs.extension_18_share"]
    )
    ending = turned[~extended]
    aged_out = np.flatnonzero(living & (age_m == EXTENDED_YOUTH_CARE_END_MONTHS))
    severity = people.youth_severity[ending]
    carries = ending[severity > values["youth_needs.adult_reentry_threshold"]]
    people.need_support[carries] = np.maximum(
        people.need_support[carries], people.youth_severity[carries]
    )
    clear_youth_need(people, ending)
    return turned, np.concatenate([ending, aged_out])


def births_and_migration(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Newborns join families; immigrant households arrive. Returns (born, new households)."""
    # Counted and picked by rank in compiled passes, before anyone is added: numpy's
    # rng.choice(ids, k) is ids[rng.integers(0, len(ids), k)], so no list of every
    # living resident (or parent) is made. Newcomers settle among the residents counted.
    fields = (people.view("alive"), people.view("in_wlz"), people.age_years)
    living, of_age = count_living(*fields, *PARENT_AGES)
    residents, parents = int(living[-1]), int(of_age[-1])
    births = rng.poisson(values["demography.birth_rate_per_1000"] * residents / 12000.0)
    born = np.zeros(0, dtype=np.int64)
    if births and parents:
        mother = living_at_ranks(*fields, *PARENT_AGES, of_age, rng.integers(0, parents, births))
        born = people.add(births)
        _copy_household(people, born, mother)
    migrants = rng.poisson(values["demography.net_migration_per_1000"] * residents / 12000.0)
    new_households = np.zeros(0, dtype=np.int64)
    if migrants:
        arrivals = people.add(migrants)
        people.age_m[arrivals] = (18 * 12 + rng.random(migrants) * 27 * 12).astype(np.int16)
        people.ages_changed()
        first_household = int(people.view("household").max()) + 1
        new_households = first_household + np.arange(migrants)
        people.household[arrivals] = new_households
        draw = rng.random(migrants)
        people.income[arrivals] = np.where(
            draw < values["population.income_low_share"],
            INCOME_LOW,
            np.where(draw > 1 - values["population.income_high_share"], INCOME_HIGH, 1),
        )
        # Newcomers settle near someone: they take a random resident's district and GP.
        ranks = rng.integers(0, residents, migrants)
        neighbour = living_at_ranks(*fields, *ANY_AGE, living, ranks)
        people.district[arrivals] = people.district[neighbour]
        people.gp[arrivals] = people.gp[neighbour]
        people.carer_tolerance[arrivals] = values["network.carer_tolerance_hours"] * rng.lognormal(
            0, 0.5, migrants
        )
    return born, new_households


def _copy_household(people: Residents, newborn: np.ndarray, parent: np.ndarray) -> None:
    for name in ("household", "district", "income", "gp", "kin_carer", "network_hours"):
        getattr(people, name)[newborn] = getattr(people, name)[parent]
    people.partner[newborn] = NO_ONE
    people.age_m[newborn] = 0
    people.ages_changed()

"""Residents as a struct of arrays, and the synthetic population of a municipality.

Residents number 40k-1M, so their state is a set of preallocated numpy arrays with
one slot per resident (Starsim/LASER layout): the dead are flagged, not deleted, and
newborns and immigrants take fresh slots at the end. ``Residents.uniform`` draws one
number per used slot so that a resident's luck does not depend on who else was
eligible (common random numbers across scenarios).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from agents.kernels import extreme_per_group
from agents.products import YOUTH_MASK
from agents.rng_kernels import random_float32
from agents.streams import KeyedDraws

NO_ONE = -1
INCOME_LOW, INCOME_MIDDLE, INCOME_HIGH = 0, 1, 2

# name -> (dtype, fill value) for every per-resident array.
FIELDS: dict[str, tuple[Any, Any]] = {
    "alive": (np.bool_, False),
    "in_wlz": (np.bool_, False),  # moved to the national long-term care act
    "age_m": (np.int16, 0),  # age in months
    "household": (np.int32, NO_ONE),
    "district": (np.int16, 0),
    "income": (np.int8, INCOME_MIDDLE),
    "gp": (np.int16, 0),
    "partner": (np.int32, NO_ONE),  # another adult in the household (informal carer)
    "kin_carer": (np.int32, NO_ONE),  # an adult in a kin household
    "neighbour_carer": (np.int32, NO_ONE),  # an adult in a neighbour household
    "network_hours": (np.float32, 0.0),  # structural informal hours/week (kin, neighbours)
    "carer_tolerance": (np.float32, 0.0),  # hours/week a carer bears before overburden
    "carer_load": (np.float32, 0.0),  # informal hours/week given this month
    "overburdened": (np.bool_, False),
    "carer_break_until": (np.int32, -1),  # a carer who broke down gives no care until then
    "believed_regime": (np.int8, 0),  # contribution regime the household believes applies
    "need_hh": (np.float32, 0.0),  # adult household-task limitation 0-1
    "need_support": (np.float32, 0.0),  # adult self-direction limitation 0-1
    "youth_severity": (np.float32, 0.0),  # youth problem severity 0-1
    "youth_safety": (np.bool_, False),  # demarcation criterion 1
    "youth_disorder": (np.bool_, False),  # criterion 2 (with environment_cannot_cope)
    "environment_cannot_cope": (np.bool_, False),
    "cannot_participate": (np.bool_, False),  # criterion 3
    "services": (np.uint16, 0),  # bit per Product: receiving it
    "waiting": (np.uint16, 0),  # bit per Product: on a provider's waiting list
    "access_waiting": (np.bool_, False),  # in an access team's queue
    "poh_until": (np.int32, -1),  # month until which the POH-GGZ is seeing this youth
    "general_facility": (np.int16, NO_ONE),  # index of the general facility used
    "general_until": (np.int32, -1),
    "light_until": (np.int32, -1),  # light support by the access team itself
    "hh_hours": (np.float32, 0.0),  # HH hours/week granted
    "informal_hours": (np.float32, 0.0),  # informal care received, hours/week
    "informal_hh_hours": (np.float32, 0.0),  # of which counted against household tasks
    "private_help": (np.bool_, False),  # household need met by privately paid help
    "unmet": (np.float32, 0.0),  # unmet need 0-1 this month
    "wellbeing": (np.float32, 7.5),
    "used_youth_care_year": (np.bool_, False),  # any youth care this calendar year
    "coordinated": (np.bool_, False),  # household with one coordinator (integrated approach)
}


class Residents:
    """All residents' state: one array per field, one slot per resident."""

    def __init__(self, capacity: int, seed: int = 0) -> None:
        self.capacity = int(capacity)
        self.n = 0  # slots in use (alive or dead)
        self.keyed = KeyedDraws(seed)
        self._age_years: np.ndarray | None = None
        self._household_sizes: tuple[int, np.ndarray] | None = None
        self.tick = 0  # the model's month, set by the model; keys the draws
        for name, (dtype, fill) in FIELDS.items():
            setattr(self, name, np.full(self.capacity, fill, dtype=dtype))

    # -- slots -------------------------------------------------------------------
    def add(self, count: int) -> np.ndarray:
        """Reserve ``count`` fresh slots (growing the arrays if needed); return their ids."""
        if self.n + count > self.capacity:
            self._grow(max(self.capacity * 2, self.n + count))
        ids = np.arange(self.n, self.n + count)
        self.n += count
        self.alive[ids] = True
        self.ages_changed()
        return ids

    def _grow(self, capacity: int) -> None:
        for name, (dtype, fill) in FIELDS.items():
            old = getattr(self, name)
            new = np.full(capacity, fill, dtype=dtype)
            new[: self.capacity] = old
            setattr(self, name, new)
        self.capacity = capacity

    def view(self, name: str) -> np.ndarray:
        """The used part of a field."""
        return getattr(self, name)[: self.n]

    def uniform(self, rng: np.random.Generator) -> np.ndarray:
        """One U(0,1) draw per used slot (float32, fast); index it by resident id.

        numpy's ``rng.random(n, dtype=np.float32)`` numbers, from a compiled loop
        (``agents.rng_kernels``): four of these a month were 8% of a month's time.
        """
        return random_float32(rng, self.n)

    def draw(self, purpose: str, residents: np.ndarray) -> np.ndarray:
        """U(0,1) per resident for a decision on a subset, the same in every scenario."""
        return self.keyed.uniform(purpose, self.tick, residents)

    def normal(self, purpose: str, residents: np.ndarray) -> np.ndarray:
        """Standard normal per resident (Box-Muller on two keyed uniforms)."""
        u1 = self.draw(purpose + ".1", residents)
        u2 = self.draw(purpose + ".2", residents)
        return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)

    # -- derived views -----------------------------------------------------------------
    @property
    def age_years(self) -> np.ndarray:
        """Ages in whole years of the used slots (cached until ages change)."""
        if self._age_years is None or len(self._age_years) != self.n:
            self._age_years = self.age_m[: self.n] // 12
        return self._age_years

    def ages_changed(self, years: np.ndarray | None = None) -> None:
        """Call after writing ``age_m`` so that ``age_years`` is recomputed.

        ``years``: the new whole-year ages of the used slots, when the caller has them.
        """
        self._age_years = years

    def household_size(self, residents: np.ndarray) -> np.ndarray:
        """Living members of these residents' households (counted once per month)."""
        if self._household_sizes is None or self._household_sizes[0] != self.tick:
            household = self.household[: self.n][self.living()]
            self._household_sizes = (self.tick, np.bincount(household))
        sizes = self._household_sizes[1]
        household = self.household[residents]
        return np.where(household < len(sizes), sizes[np.minimum(household, len(sizes) - 1)], 0)

    def age_of(self, residents: np.ndarray) -> np.ndarray:
        """Ages in whole years of some residents."""
        return self.age_m[residents] // 12

    def living(self) -> np.ndarray:
        """Mask of residents counted as municipal residents (alive, not in the Wlz)."""
        return self.alive[: self.n] & ~self.in_wlz[: self.n]

    def in_youth_care(self) -> np.ndarray:
        """Mask of residents receiving any tailored youth care."""
        return (self.services[: self.n] & YOUTH_MASK) != 0


def _age_sampler(
    values: Mapping[str, Any],
    rng: np.random.Generator,
    count: int,
    mortality: np.ndarray | None = None,
) -> np.ndarray:
    """Ages in months from an age pyramid matching the profile's shares.

    Each band gets its share; below 65 ages are uniform within a band. From 65 on,
    ages follow survival under ``mortality`` (yearly death rate by year of age, the
    model's own) times a cohort factor exp(-g (age - 65)), with g solved so that the
    80+ share comes out as the profile says: older cohorts are smaller (born before the
    baby boom and thinned by mortality). The old pyramid, uniform bands up to 101,
    put too many residents in their late nineties and a step at 80; they died or
    moved to the Wlz in the first years, a start-up artefact (the 85+ dipped until
    2027, then rose steeply). Without ``mortality`` the old uniform bands are used.
    """
    youth = values["population.share_0_17"]
    old = values["population.share_65_plus"]
    very_old = values["population.share_80_plus"]
    top = 106
    weight = np.zeros(top)
    rest = 1 - youth - old
    weight[0:18] = youth / 18
    weight[18:45] = rest * 0.55 / 27
    weight[45:65] = rest * 0.45 / 20
    if mortality is None:
        weight[65:80] = (old - very_old) / 15
        weight[80:90] = very_old * 0.75 / 10
        weight[90:101] = very_old * 0.25 / 11
    else:
        survival = np.exp(-np.concatenate([[0.0], np.cumsum(mortality[65 : top - 1])]))
        offset = np.arange(top - 65)
        target = very_old / old
        low, high = -0.2, 0.5  # cohort shrinkage per year of age: bisection on g
        for _ in range(60):
            g = (low + high) / 2
            shape = survival * np.exp(-g * offset)
            if shape[15:].sum() / shape.sum() > target:
                low = g
            else:
                high = g
        weight[65:] = old * shape / shape.sum()
    years = rng.choice(top, size=count, p=weight / weight.sum())
    return (years * 12 + rng.random(count) * 12).astype(np.int16)


def build_population(
    values: Mapping[str, Any],
    rng: np.random.Generator,
    months: int,
    seed: int = 0,
    mortality: np.ndarray | None = None,
    district_shares: np.ndarray | None = None,
) -> Residents:
    """Create the residents of a municipality: ages, households, districts, incomes.

    Households are placed in districts with the given shares (None: equally likely).

    Households are formed so that children live with adults of parental age, and the
    remaining adults are split into singles (preferably the oldest and youngest) and
    couples of similar age, hitting the profile's household size and single share.
    """
    count = int(values["population.residents"])
    growth = 1.0 + months / 12.0 * 0.025  # room for births and immigrants
    people = Residents(int(count * growth) + 1000, seed)
    ids = people.add(count)
    ages = _age_sampler(values, rng, count, mortality)
    people.age_m[ids] = ages
    people.ages_changed()
    household = _form_households(values, rng, ages // 12)
    people.household[ids] = household
    _assign_districts_and_incomes(people, values, rng, household, ages // 12, district_shares)
    return people


def _form_households(values: Mapping[str, Any], rng: np.random.Generator, years: np.ndarray):
    count = len(years)
    household = np.full(count, NO_ONE, dtype=np.int32)
    kids = np.flatnonzero(years < 18)
    adults = np.flatnonzero(years >= 18)
    target_households = count / values["population.household_size_mean"]
    # Families: about 1.8 children per family, 15% single parents (assumption).
    families = max(1, int(round(len(kids) / 1.8)))
    pool = adults[(years[adults] >= 25) & (years[adults] <= 55)]
    pool = rng.permutation(pool)
    two_parent = rng.random(families) >= 0.15
    parents_needed = int(families + two_parent.sum())
    parents = pool[: min(parents_needed, len(pool))]
    first = parents[:families]
    household[first] = np.arange(len(first))
    second_slots = np.flatnonzero(two_parent[: len(first)])
    second = parents[families : families + len(second_slots)]
    household[second] = second_slots[: len(second)]
    # Children, sorted by age, go to families sorted by parent age.
    family_order = np.argsort(years[first], kind="stable")
    kid_order = kids[np.argsort(years[kids], kind="stable")]
    slot = (np.arange(len(kid_order)) * len(first)) // max(1, len(kid_order))
    household[kid_order] = family_order[slot]
    next_id = len(first)
    # Remaining adults: singles, weighted towards the very old and the young.
    rest = adults[household[adults] == NO_ONE]
    singles_target = int(values["population.single_household_share"] * target_households)
    singles_target = min(singles_target, len(rest))
    age_rest = years[rest]
    weight = np.where(age_rest >= 75, 3.0, np.where(age_rest < 30, 2.0, 1.0))
    singles = rng.choice(rest, size=singles_target, replace=False, p=weight / weight.sum())
    household[singles] = next_id + np.arange(len(singles))
    next_id += len(singles)
    couples = rest[household[rest] == NO_ONE]
    couples = couples[np.argsort(years[couples] + rng.normal(0, 3, len(couples)), kind="stable")]
    household[couples] = next_id + np.arange(len(couples)) // 2
    return household


def _assign_districts_and_incomes(
    people: Residents,
    values: Mapping[str, Any],
    rng: np.random.Generator,
    household: np.ndarray,
    years: np.ndarray,
    district_shares: np.ndarray | None = None,
) -> None:
    n_households = int(household.max()) + 1
    districts = int(values["population.districts"])
    if district_shares is None:
        hh_district = rng.integers(0, districts, n_households)
    else:
        hh_district = rng.choice(districts, size=n_households, p=district_shares)
    ids = np.arange(len(household))
    people.district[ids] = hh_district[household]
    # Income class per household; households of only 75+ are more often low income.
    youngest = extreme_per_group(household, years, n_households, 200.0, largest=False)
    low = np.full(n_households, values["population.income_low_share"])
    low[youngest >= 75] = (
        min(0.9, low[youngest >= 75].mean() * 1.6) if (youngest >= 75).any() else 0
    )
    high_share = values["population.income_high_share"]
    draw = rng.random(n_households)
    income = np.where(draw < low, INCOME_LOW, np.where(draw > 1 - high_share, INCOME_HIGH, 1))
    people.income[ids] = income[household].astype(np.int8)
    # GP practices: located in districts, sized by the patients-per-practice norm.
    per_practice = values["population.patients_per_gp_practice"]
    counts = np.bincount(hh_district, weights=np.bincount(household), minlength=districts)
    practices = np.maximum(1, np.round(counts / per_practice)).astype(int)
    first_practice = np.concatenate([[0], np.cumsum(practices)[:-1]])
    hh_gp = first_practice[hh_district] + (
        rng.random(n_households) * practices[hh_district]
    ).astype(int)
    people.gp[ids] = hh_gp[household]

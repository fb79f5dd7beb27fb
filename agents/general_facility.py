"""General facilities (algemene voorzieningen) in the voorveld, and how places are handed out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from agents.access_kernels import join_facilities
from agents.residents import NO_ONE, Residents


@dataclass(frozen=True)
class FacilityType:
    """What a kind of general facility is for; its share of places is a registry parameter."""

    kind: str
    serves: str  # "household", "support", "elderly_support", "youth" or "carer"
    dutch: str

    @property
    def share_param(self) -> str:
        """The registry parameter with this kind's share of the municipality's places."""
        return f"general.place_share_{self.kind}"


# Types from the BRIEF (section 2).
FACILITY_TYPES: tuple[FacilityType, ...] = (
    FacilityType("wash_iron", "household", "was- en strijkservice"),
    FacilityType("community_centre", "support", "buurthuis / ontmoeting"),
    FacilityType("day_activities", "elderly_support", "algemene dagbesteding"),
    FacilityType("youth_work", "youth", "jongerenwerk / inloop"),
    FacilityType("carer_support", "carer", "mantelzorgsteunpunt"),
)
CARER_SUPPORT_INDEX = next(i for i, t in enumerate(FACILITY_TYPES) if t.serves == "carer")

# The kinds of need a facility serves, as the integer codes residents' requests carry
# (``Facilities.need_kind``, ``Facilities.offer``): cheaper to compare than strings.
SERVES = ("household", "support", "elderly_support", "youth", "carer")
HOUSEHOLD, SUPPORT, ELDERLY_SUPPORT, YOUTH, CARER = range(len(SERVES))


def place_shares(values: Mapping[str, Any]) -> list[float]:
    """Each kind's share of the general places: its weight, normalised over the kinds.

    Weights that already add up to 1 are used as they are, so that the shares of the
    presets are exact.
    """
    weights = [float(values[kind.share_param]) for kind in FACILITY_TYPES]
    total = sum(weights)
    return weights if abs(total - 1.0) < 1e-9 else [w / total for w in weights]


class GeneralFacility(mesa.Agent):
    """A freely accessible facility with limited places and a fixed subsidy.

    When full, the need it would have met returns as demand for tailored services or
    as unmet need (BRIEF pattern 10). Levers add places (``extra_places``, summed over
    levers and reset every month); the status-quo places stay in ``base_places``.
    """

    def __init__(
        self, model: mesa.Model, index: int, kind: FacilityType, places: int, budget: float
    ) -> None:
        super().__init__(model)
        self.index = index
        self.kind = kind
        self.base_places = places  # status quo, before any lever
        self.extra_places = 0  # added by levers this month
        self.users = 0
        self.turned_away = 0  # cumulative
        self.budget_per_place = budget

    @property
    def places(self) -> int:
        """Places this month: the status quo plus what levers added."""
        return self.base_places + self.extra_places

    @property
    def free(self) -> int:
        """Places left."""
        return max(self.places - self.users, 0)

    @property
    def monthly_cost(self) -> float:
        """Status-quo subsidy per month: a cost per place, whether or not it is used.

        Welfare organisations are subsidised for the places (groups, staff hours) they
        run, so the cost grows with places, not with the month's use; more users need
        more places once a facility is full (pattern 10). Places a lever adds are paid
        by that lever and count as its own cost (the measures' cost), so that no place
        is paid twice.
        """
        return self.base_places * self.budget_per_place


class Facilities:
    """All general facilities; residents join one at a time for a few months."""

    def __init__(self, model: mesa.Model, people: Residents, values: Mapping[str, Any]) -> None:
        total = values["general.places_per_1000"] * values["population.residents"] / 1000.0
        budget = float(values["general.budget_eur_per_place_month"])
        self.shares = place_shares(values)
        self.items = [
            GeneralFacility(model, i, kind, int(round(total * share)), budget)
            for i, (kind, share) in enumerate(zip(FACILITY_TYPES, self.shares, strict=True))
        ]
        self.reach = float(values["general.reach"])
        self._serves = np.array([SERVES.index(f.kind.serves) for f in self.items], dtype=np.int8)
        self.stay_months = int(values["general.stay_months"])
        self.people = people

    def reset_levers(self) -> None:
        """Back to the status-quo places; active levers add theirs again this month."""
        for facility in self.items:
            facility.extra_places = 0

    def by_kind(self, kind: str) -> GeneralFacility:
        """The facility of one type."""
        return next(f for f in self.items if f.kind.kind == kind)

    def need_kind(self, residents: np.ndarray) -> np.ndarray:
        """Which kind of general facility fits each resident's main need (``SERVES`` codes)."""
        people = self.people
        support = people.need_support[residents] >= people.need_hh[residents]
        kind = np.where(people.age_of(residents) >= 65, ELDERLY_SUPPORT, SUPPORT)
        return np.where(support, kind, HOUSEHOLD).astype(np.int8)

    def offer(self, residents: np.ndarray, serves: np.ndarray | int, month: int) -> np.ndarray:
        """Residents who know a fitting facility join it while places last.

        ``serves``: the kind each resident needs, or one kind for all (``SERVES`` codes).
        Each facility takes, in order, those of its kind who know it (``reach``) and
        turns the rest away. Returns a mask over ``residents``: True for those who joined.
        """
        if len(residents) == 0:
            return np.zeros(0, dtype=bool)
        aware = self.people.draw("facility.aware", residents) < self.reach
        if np.ndim(serves) == 0:
            serves = np.full(len(residents), serves, dtype=np.int8)
        items = self.items
        free = np.array([facility.free for facility in items], dtype=np.int64)
        users = np.zeros(len(items), dtype=np.int64)
        turned_away = np.zeros(len(items), dtype=np.int64)
        joined = join_facilities(
            residents,
            serves,
            aware,
            self._serves,
            free,
            self.people.general_facility,
            self.people.general_until,
            month + self.stay_months,
            users,
            turned_away,
        )
        for facility, joining, away in zip(
            items, users.tolist(), turned_away.tolist(), strict=True
        ):
            facility.users += joining
            facility.turned_away += away
        return joined

    def join(self, facility: GeneralFacility, residents: np.ndarray, month: int) -> None:
        """Register users of a facility for a stay."""
        self.people.general_facility[residents] = facility.index
        self.people.general_until[residents] = month + self.stay_months
        facility.users += len(residents)

    def leave(self, residents: np.ndarray) -> None:
        """Residents leave their facility (stay over, death, Wlz)."""
        index = self.people.general_facility[residents]
        residents = residents[index != NO_ONE]
        counts = np.bincount(self.people.general_facility[residents], minlength=len(self.items))
        for facility, count in zip(self.items, counts, strict=True):
            facility.users -= int(count)
        self.people.general_facility[residents] = NO_ONE
        self.people.general_until[residents] = -1

    def carers_seek_support(
        self, month: int, min_load: float, chance: float, candidates: np.ndarray | None = None
    ) -> int:
        """Carers with a heavy load look for informal-carer support (mantelzorgsteunpunt).

        Each month a carer who is not using a facility asks with probability ``chance``
        (full at ``min_load`` hours a week of care or more, in proportion below it);
        they join while places last and the rest are turned away (counted). Overburdened
        carers also walk in through
        the voorveld (``pathways.voorveld_use``). Movisie/SCP: 13% of carers received
        information or advice, about 1 in 10 use respite care. ``candidates``: the
        carers not in a facility, when the caller has them. Returns who joined.
        """
        people = self.people
        load = people.view("carer_load")
        if candidates is None:
            candidates = np.flatnonzero((load > 0) & (people.view("general_facility") < 0))
        weight = np.minimum(load[candidates] / max(min_load, 1e-9), 1.0)
        askers = candidates[people.draw("carer.support", candidates) < chance * weight]
        facility = self.items[CARER_SUPPORT_INDEX]
        taken = askers[: facility.free]
        facility.turned_away += len(askers) - len(taken)
        self.join(facility, taken, month)
        return len(taken)

    def stays_ended(self, left: np.ndarray) -> None:
        """Count out the users whose stays a compiled pass ended (one count per facility)."""
        for facility, count in zip(self.items, left, strict=True):
            facility.users -= int(count)

    def users(self) -> int:
        """Residents using any general facility."""
        return sum(f.users for f in self.items)

    def places(self) -> int:
        """Places in all general facilities together this month."""
        return sum(f.places for f in self.items)

    def monthly_cost(self) -> float:
        """Subsidies paid this month."""
        return sum(f.monthly_cost for f in self.items)

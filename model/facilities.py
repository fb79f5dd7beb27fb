"""The general facilities of the municipality and how places are handed out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from agents.general_facility import FACILITY_TYPES, GeneralFacility
from model.population import NO_ONE

if TYPE_CHECKING:
    from model.care_model import CareModel


class Facilities:
    """All general facilities; residents join one at a time for a few months."""

    def __init__(self, model: CareModel) -> None:
        values = model.profile
        total = values["general.places_per_1000"] * values["population.residents"] / 1000.0
        self.items = [
            GeneralFacility(model, i, kind, int(round(total * kind.place_share)))
            for i, kind in enumerate(FACILITY_TYPES)
        ]
        self.reach = float(values["general.reach"])
        self.stay_months = int(values["general.stay_months"])
        self.people = model.people

    def by_kind(self, kind: str) -> GeneralFacility:
        """The facility of one type."""
        return next(f for f in self.items if f.kind.kind == kind)

    def need_kind(self, residents: np.ndarray) -> np.ndarray:
        """Which kind of general facility fits each resident's main need."""
        people = self.people
        support = people.need_support[residents] >= people.need_hh[residents]
        elderly = people.age_of(residents) >= 65
        kind = np.where(elderly, "elderly_support", "support")
        return np.where(support, kind, "household")

    def offer(self, residents: np.ndarray, serves: np.ndarray, model: CareModel) -> np.ndarray:
        """Residents who know a fitting facility join it while places last.

        Returns a mask over ``residents``: True for those who joined.
        """
        joined = np.zeros(len(residents), dtype=bool)
        if len(residents) == 0:
            return joined
        aware = self.people.draw("facility.aware", residents) < self.reach
        for facility in self.items:
            wanting = np.flatnonzero(aware & ~joined & (serves == facility.kind.serves))
            if len(wanting) == 0:
                continue
            taken = wanting[: facility.free]
            facility.turned_away += len(wanting) - len(taken)
            self.join(facility, residents[taken], model.tick)
            joined[taken] = True
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

    def end_stays(self, month: int) -> None:
        """Stays that are over end this month."""
        until = self.people.view("general_until")
        self.leave(np.flatnonzero((until >= 0) & (until < month)))

    def users(self) -> int:
        """Residents using any general facility."""
        return sum(f.users for f in self.items)

    def monthly_cost(self) -> float:
        """Subsidies paid this month."""
        return sum(f.monthly_cost for f in self.items)

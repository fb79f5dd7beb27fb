"""General facilities (algemene voorzieningen) in the voorveld."""

from __future__ import annotations

from dataclasses import dataclass

import mesa


@dataclass(frozen=True)
class FacilityType:
    """What a kind of general facility is for."""

    kind: str
    serves: str  # "household", "support", "elderly_support", "youth" or "carer"
    place_share: float  # assumption: share of the municipality's general places
    dutch: str


# Types from the BRIEF (section 2); the split of places is an assumption.
FACILITY_TYPES: tuple[FacilityType, ...] = (
    FacilityType("wash_iron", "household", 0.20, "was- en strijkservice"),
    FacilityType("community_centre", "support", 0.25, "buurthuis / ontmoeting"),
    FacilityType("day_activities", "elderly_support", 0.15, "algemene dagbesteding"),
    FacilityType("youth_work", "youth", 0.25, "jongerenwerk / inloop"),
    FacilityType("carer_support", "carer", 0.15, "mantelzorgsteunpunt"),
)
CARER_SUPPORT_INDEX = next(i for i, t in enumerate(FACILITY_TYPES) if t.serves == "carer")


class GeneralFacility(mesa.Agent):
    """A freely accessible facility with limited places and a fixed subsidy.

    When full, the need it would have met returns as demand for tailored services or
    as unmet need (BRIEF pattern 10).
    """

    def __init__(self, model: mesa.Model, index: int, kind: FacilityType, places: int) -> None:
        super().__init__(model)
        self.index = index
        self.kind = kind
        self.places = places
        self.base_places = places  # status quo, before any policy
        self.users = 0
        self.turned_away = 0  # cumulative
        self.budget_per_place = float(model.profile["general.budget_eur_per_place_month"])

    @property
    def free(self) -> int:
        """Places left."""
        return max(self.places - self.users, 0)

    @property
    def monthly_cost(self) -> float:
        """Status-quo subsidy per month: fixed, whatever the use.

        Places a policy adds are paid by that policy and count as its own cost (the
        measures' cost), so that no place is paid twice.
        """
        return self.base_places * self.budget_per_place

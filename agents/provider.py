"""Care providers (zorgaanbieders) of tailored products, and how funding shapes them."""

from __future__ import annotations

from dataclasses import dataclass

import mesa

from model.products import Product


@dataclass(frozen=True)
class FundingEffect:
    """How a funding model changes provider behaviour (VNG overview of funding systems).

    All magnitudes are assumptions (labelled): the direction follows the VNG overview
    and BRIEF pattern 4; PxQ is the calibrated status quo, so it is neutral.
    """

    duration: float  # multiplier on planned trajectory length
    intensity: float  # multiplier on units per week
    elastic: bool  # capacity grows while clients wait (open house, paid per unit)
    ends_on_result: bool  # trajectories end when the result is reached
    avoid_hard_cases: float  # chance a severe case is not admitted this month
    billing: str  # "units", "budget" (fixed monthly amount) or "trajectory" (fee per case)


FUNDING_EFFECTS: dict[str, FundingEffect] = {
    "pxq": FundingEffect(1.0, 1.0, True, False, 0.0, "units"),
    "lump_sum": FundingEffect(0.85, 0.9, False, False, 0.0, "budget"),
    "population": FundingEffect(0.8, 0.85, False, False, 0.0, "budget"),
    "result": FundingEffect(1.0, 1.0, False, True, 0.3, "trajectory"),
}


class Provider(mesa.Agent):
    """A contracted provider of one product: places, tariff and a funding model."""

    def __init__(
        self,
        model: mesa.Model,
        product: Product,
        places: float,
        tariff: float,
        funding_model: str,
    ) -> None:
        super().__init__(model)
        self.product = product
        self.contracted_places = places
        self.places = places
        self.tariff = tariff
        self.funding_model = funding_model
        self.budget_month: float | None = None  # fixed under lump-sum / population funding
        self.clients = 0
        self.admitted = 0  # cumulative
        self.ended = 0  # cumulative
        self.ended_months = 0  # cumulative duration of ended trajectories

    @property
    def funding(self) -> FundingEffect:
        """The behaviour that comes with the funding model."""
        return FUNDING_EFFECTS[self.funding_model]

    def free_places(self, staff_availability: float) -> int:
        """Places that can be staffed and are not taken."""
        return max(int(self.places * staff_availability) - self.clients, 0)

    def adjust_capacity(self, unplaced: int, growth: float, ceiling: float) -> None:
        """Open house: new capacity joins while clients cannot be placed; shrinks back slowly.

        Growth stops at ``ceiling`` times the contracted places: new providers need staff
        from the same shrinking labour market.
        """
        if not self.funding.elastic:
            return
        if unplaced > 0:
            self.places = min(self.places * (1.0 + growth), self.contracted_places * ceiling)
        elif self.places > self.contracted_places:
            self.places = max(self.contracted_places, self.places * (1.0 - growth / 4))

"""Access-team capacity with active case management (actieve casusregie)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import FTE_SOURCE, Policy, param


class CaseManagement(Policy):
    """Access-team capacity with active case management (actieve casusregie).

    Mechanism: extra FTE raises assessment capacity (shorter queues, less pressure);
    case management steers at the front and during the trajectory: more light
    solutions, pressure weighs less on decisions, and part of the capacity goes to
    reviews that scale down or stop indications.
    """

    name = "case_management"
    rank = 6
    label = "Access-team FTE with active case management"
    dutch = "extra formatie toegang met actieve casusregie"
    mechanism_nl = (
        "Extra fte voor de toegang: kortere wachtlijst, minder werkdruk. Actieve "
        "casusregie stuurt aan de voorkant en tijdens het traject: meer lichte "
        "oplossingen, werkdruk weegt minder mee in besluiten, en een deel van de tijd "
        "gaat naar herbeoordelingen die afschalen of stoppen."
    )
    ZERO_DOSE = {"extra_fte_per_10000": 0.0, "intensity": 0.0}
    PARAMS = {
        "extra_fte_per_10000": param(
            0.9,
            "extra FTE per 10,000 residents",
            "municipal plan of approach 2020 (~44k residents): 4 FTE structural",
            0.0,
            10.0,
            nl="extra fte toegang per 10.000 inwoners",
        ),
        "intensity": param(
            1.0,
            "strength of case management 0-1",
            "policy choice",
            0.0,
            1.0,
            nl="sterkte van de casusregie (0-1)",
        ),
        "fte_cost_year": param(
            75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000, nl="EUR per fte per jaar"
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add FTE to the teams and switch case management on."""
        extra = self.for_population(ctx, self.params["extra_fte_per_10000"], 10000, intensity)
        ctx.teams.add_fte(extra)
        self.rule(ctx, "case_management", self.params["intensity"] * intensity)
        return extra * self.params["fte_cost_year"] / 12.0

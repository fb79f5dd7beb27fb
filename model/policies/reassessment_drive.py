"""A re-assessment drive on running indications (herindicatie)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import FTE_COST, Policy, param


class ReassessmentDrive(Policy):
    """A re-assessment drive on running indications (herindicatie).

    Mechanism: dedicated staff review the oldest running indications: HH hours are
    re-assessed to current need, indications whose need has gone are stopped.
    """

    name = "reassessment_drive"
    rank = 7
    label = "Re-assessment drive"
    dutch = "herindicatie lopende indicaties"
    mechanism_nl = (
        "Extra medewerkers beoordelen de oudste lopende indicaties opnieuw: uren HH worden "
        "aangepast aan de huidige behoefte, indicaties zonder behoefte stoppen."
    )
    mechanism_en = (
        "Extra staff re-assess the oldest running indications: household-help hours are set to "
        "the current need, indications without need stop."
    )
    ZERO_DOSE = {"fte": 0.0}
    PARAMS = {
        "fte": param(
            0.5,
            "FTE for the drive",
            "municipal practice: one municipality used 0.5 FTE",
            0,
            20,
            nl="fte voor de herindicatie",
            source_nl="praktijk van gemeenten: één gemeente zette 0,5 fte in",
        ),
        "reviews_per_fte_month": param(
            30.0,
            "reviews per FTE per month",
            "assumption",
            1,
            200,
            nl="herbeoordelingen per fte per maand",
        ),
        "duration_months": param(
            12, "months the drive runs", "policy choice", 1, 120, nl="maanden dat de actie loopt"
        ),
        "fte_cost_year": FTE_COST,
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add reviews while the drive runs."""
        p = self.params
        if ctx.month >= p["start_month"] + p["duration_months"]:
            return 0.0
        self.rule(
            ctx, "extra_reviews_per_month", int(p["fte"] * p["reviews_per_fte_month"] * intensity)
        )
        return p["fte"] * p["fte_cost_year"] / 12.0

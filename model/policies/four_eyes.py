"""Four-eyes principle for costly decisions (vier-ogenprincipe)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import FTE_COST, Policy, param


class FourEyes(Policy):
    """Four-eyes principle for costly decisions (vier-ogenprincipe).

    Mechanism: tailored Wmo decisions above a monthly cost get a second consultant, who
    makes part of them lighter (``access.four_eyes_lighter_share``), as many a month as
    the lever's FTE can look at (``looks_per_fte_month``); the FTE is its cost.
    """

    name = "four_eyes"
    rank = 10
    label = "Four-eyes principle for costly decisions"
    dutch = "vier-ogenprincipe"
    mechanism_nl = (
        "Wmo-besluiten boven een maandbedrag krijgen een tweede consulent, die een deel "
        "lichter maakt, zoveel als de ingezette fte per maand kan bekijken; dat kost "
        "consulenttijd."
    )
    mechanism_en = (
        "Wmo decisions above a monthly amount get a second consultant, who makes part of them "
        "lighter, as many as the FTE deployed can look at a month; this costs consultant time."
    )
    ZERO_DOSE = {"threshold_eur_month": 0.0, "fte": 0.0}
    PARAMS = {
        "threshold_eur_month": param(
            500.0,
            "EUR/month above which a second look is needed",
            "policy choice",
            0,
            20000,
            nl="EUR per maand vanaf waar een tweede blik nodig is",
        ),
        "fte": param(
            0.3, "FTE for second looks", "assumption", 0, 10, nl="fte voor de tweede blik"
        ),
        "looks_per_fte_month": param(
            60.0,
            "second looks per FTE per month",
            "assumption: about two hours a look, 120 productive hours a month",
            1,
            500,
            nl="tweede blikken per fte per maand",
            source_nl="aanname: ongeveer twee uur per blik, 120 productieve uren per maand",
        ),
        "fte_cost_year": FTE_COST,
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Set the threshold and the second looks the staff can give this month."""
        p = self.params
        self.rule(ctx, "four_eyes_eur_month", p["threshold_eur_month"])
        self.rule(ctx, "four_eyes_looks_month", p["fte"] * p["looks_per_fte_month"] * intensity)
        return p["fte"] * p["fte_cost_year"] / 12.0

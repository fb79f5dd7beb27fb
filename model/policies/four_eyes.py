"""Four-eyes principle for costly decisions (vier-ogenprincipe)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import FTE_SOURCE, Policy, param


class FourEyes(Policy):
    """Four-eyes principle for costly decisions (vier-ogenprincipe).

    Mechanism: tailored decisions above a monthly cost get a second consultant, who
    makes part of them lighter (``access.four_eyes_lighter_share``); costs consultant
    time.
    """

    name = "four_eyes"
    rank = 10
    label = "Four-eyes principle for costly decisions"
    dutch = "vier-ogenprincipe"
    mechanism_nl = (
        "Besluiten boven een maandbedrag krijgen een tweede consulent, die een deel lichter "
        "maakt; dat kost consulenttijd."
    )
    mechanism_en = (
        "Decisions above a monthly amount get a second consultant, who makes part of them "
        "lighter; this costs consultant time."
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
        "fte_cost_year": param(
            75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000, nl="EUR per fte per jaar"
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Set the threshold."""
        self.rule(ctx, "four_eyes_eur_month", self.params["threshold_eur_month"])
        return self.params["fte"] * self.params["fte_cost_year"] / 12.0

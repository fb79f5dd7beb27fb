"""Short, long, or indefinite-with-follow-up Wmo indications."""

from __future__ import annotations

from agents.products import PRODUCTS
from model.context import Context
from model.policies.base import FTE_COST, Policy, param

MODES = {
    "short": ("kort (12 maanden)", "short (12 months)"),
    "long": ("lang (36 maanden)", "long (36 months)"),
    "indefinite": ("onbepaald, jaarlijkse opvolging", "indefinite, yearly follow-up"),
}


class IndicationLength(Policy):
    """Short, long, or indefinite-with-follow-up Wmo indications.

    Mechanism: the planned length of new Wmo indications; at its end a re-assessment
    stops care whose need has gone. Indefinite indications come with a yearly
    follow-up review of every running indication (added to the teams' reviews), done by
    staff the lever pays for (``follow_ups_per_fte_month``): a follow-up is work, and
    without its cost the indefinite mode was a free saving.
    """

    name = "indication_length"
    rank = 8
    label = "Length of Wmo indications"
    dutch = "indicatieduur"
    mechanism_nl = (
        "De geplande duur van nieuwe Wmo-indicaties: kort (12 maanden), lang (36) of "
        "onbepaald met jaarlijkse opvolging. Aan het eind stopt een herbeoordeling de zorg "
        "als de behoefte weg is."
    )
    mechanism_en = (
        "The planned length of new Wmo indications: short (12 months), long (36) or indefinite "
        "with a yearly follow-up. At the end a review stops the care when the need is gone."
    )
    ZERO_DOSE = {"mode": "long"}
    PARAMS = {
        "mode": param(
            "short",
            "short (12 months), long (36), indefinite (yearly follow-up)",
            "policy choice",
            choices=tuple(MODES),
            nl="duur van nieuwe Wmo-indicaties",
            choice_labels=MODES,
        ),
        "follow_ups_per_fte_month": param(
            30.0,
            "yearly follow-ups per FTE per month (indefinite indications)",
            "assumption (as the re-assessment drive's reviews per FTE)",
            1,
            200,
            nl="jaarlijkse opvolgingen per fte per maand (onbepaalde indicaties)",
            source_nl="aanname (zoals de herbeoordelingen per fte van de herindicatie)",
        ),
        "fte_cost_year": FTE_COST,
    }
    MONTHS = {"short": 12, "long": 36, "indefinite": 120}

    def act(self, ctx: Context, intensity: float) -> float:
        """Set the indication length; for indefinite ones the follow-ups and their staff."""
        p = self.params
        self.shift(ctx, "access.indication_months_wmo", self.MONTHS[p["mode"]], intensity)
        if p["mode"] != "indefinite":
            return 0.0
        running = sum(ctx.services.clients(q) for q in PRODUCTS if PRODUCTS[q].domain == "wmo")
        follow_ups = int(running / 12)
        self.rule(ctx, "extra_reviews_per_month", follow_ups)
        return follow_ups / p["follow_ups_per_fte_month"] * p["fte_cost_year"] / 12.0

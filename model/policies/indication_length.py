"""Short, long, or indefinite-with-follow-up Wmo indications."""

from __future__ import annotations

from agents.products import PRODUCTS
from model.context import Context
from model.policies.base import Policy, param

MODES = {
    "short": ("kort (12 maanden)", "short (12 months)"),
    "long": ("lang (36 maanden)", "long (36 months)"),
    "indefinite": ("onbepaald, jaarlijkse opvolging", "indefinite, yearly follow-up"),
}


class IndicationLength(Policy):
    """Short, long, or indefinite-with-follow-up Wmo indications.

    Mechanism: the planned length of new Wmo indications; at its end a re-assessment
    stops care whose need has gone. Indefinite indications come with a yearly
    follow-up review of every running indication (added to the teams' reviews).
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
    }
    MONTHS = {"short": 12, "long": 36, "indefinite": 120}

    def act(self, ctx: Context, intensity: float) -> float:
        """Set the indication length (and follow-up reviews for indefinite ones)."""
        mode = self.params["mode"]
        self.shift(ctx, "access.indication_months_wmo", self.MONTHS[mode], intensity)
        if mode == "indefinite":
            running = sum(ctx.services.clients(p) for p in PRODUCTS if PRODUCTS[p].domain == "wmo")
            self.rule(ctx, "extra_reviews_per_month", int(running / 12))
        return 0.0

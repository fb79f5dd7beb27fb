"""The Wmo personal contribution regime (eigen bijdrage)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param

REGIMES = {
    "flat": ("vast abonnementstarief", "flat fee (abonnementstarief)"),
    "income": ("inkomensafhankelijk", "income-dependent"),
}


class Contribution(Policy):
    """The Wmo personal contribution regime (eigen bijdrage).

    Mechanism: the price a household expects to pay weighs on applying for household
    help, less so the higher its income (``pathways.price_deters``); under an income-
    and volume-dependent regime middle and high incomes pay more, and part of them buy
    help privately instead ("price matters", BRIEF pattern 2). A price cut (the flat
    fee) draws new demand in only as the news spreads (``contribution.learning_months``);
    a price rise deters applicants at once, since they hear it at the kitchen table.
    Running clients keep their help and price until their indication ends (they are
    not re-priced), so going back to an income-dependent contribution acts on new
    demand only and the HH stock falls slowly. Introducing the flat fee from the income
    regime reproduces the CBS gradient after 2019: after four years HH clients with
    high and middle incomes about +60-80%, low incomes unchanged (tests/test_people.py).
    """

    name = "contribution"
    rank = 15
    label = "Personal contribution regime"
    dutch = "eigen bijdrage Wmo"
    mechanism_nl = (
        "De verwachte eigen bijdrage weegt mee bij het aanvragen van huishoudelijke hulp. "
        "Bij een inkomens- en volumeafhankelijke bijdrage betalen midden- en hoge inkomens "
        "meer, en een deel koopt de hulp dan zelf in plaats van het abonnementstarief."
    )
    mechanism_en = (
        "The expected personal contribution weighs on applying for household help. Under an "
        "income- and volume-dependent contribution middle and high incomes pay more, and part "
        "of them buy help privately instead of the flat fee."
    )
    ZERO_DOSE = {"regime": "flat", "flat_eur_month": 21.0, "income_rate_eur_hour": 25.0}
    PARAMS = {
        "regime": param(
            "income",
            "flat fee or income-dependent",
            "Wmo 2015",
            choices=tuple(REGIMES),
            nl="vast abonnementstarief of inkomensafhankelijk",
            source_nl="Wmo 2015",
            choice_labels=REGIMES,
        ),
        "flat_eur_month": param(
            21.0,
            "EUR per household per month",
            "abonnementstarief 2025",
            0,
            200,
            nl="EUR per huishouden per maand",
            source_nl="abonnementstarief 2025",
        ),
        "income_rate_eur_hour": param(
            25.0,
            "EUR per hour for the highest income class",
            "assumption: an hourly rate for the highest income class",
            0,
            60,
            nl="EUR per uur voor de hoogste inkomens",
            source_nl="aanname: een uurtarief voor de hoogste inkomensklasse",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Change the regime and its prices."""
        self.shift(ctx, "contribution.regime", self.params["regime"], intensity)
        self.set(ctx, "contribution.flat_eur_month", self.params["flat_eur_month"])
        self.set(ctx, "contribution.income_rate_eur_hour", self.params["income_rate_eur_hour"])
        return 0.0

"""Funding model per product and the number of contracted providers."""

from __future__ import annotations

from agents.products import PRODUCTS
from model.context import Context
from model.policies.base import Policy, param

MODELS = {
    "pxq": ("PxQ (prijs × aantal)", "PxQ (price × quantity)"),
    "lump_sum": ("lumpsum / budget", "lump sum / budget"),
    "population": ("populatiebekostiging", "population-based"),
    "result": ("resultaatbekostiging", "result-based"),
}
DOMAINS = {"youth": ("jeugd", "youth"), "wmo": ("Wmo", "Wmo"), "all": ("alle", "all")}


class FundingModel(Policy):
    """Funding model per product and the number of contracted providers.

    Mechanism: providers behave by how they are paid (VNG overview): PxQ lengthens
    and intensifies, lump sums and population budgets shorten and cap capacity (waiting
    lists when demand exceeds it), result funding ends at the result and avoids hard
    cases. Fewer contracted providers lower the municipality's contract management.
    A budget is contracted at the providers' production at the switch (``budget_share``
    of it: below 1 the municipality contracts a cut); it then stays fixed in volume, so
    spending stops following demand and the waiting list takes the difference.
    """

    name = "funding_model"
    rank = 11
    label = "Funding model and number of providers"
    dutch = "bekostigingsmodel en aantal aanbieders"
    mechanism_nl = (
        "Aanbieders gedragen zich naar hoe ze betaald worden (VNG): PxQ verlengt en "
        "intensiveert, lumpsum en populatiebekostiging verkorten en begrenzen de capaciteit "
        "(wachtlijsten als de vraag groter is), resultaatbekostiging stopt bij het "
        "resultaat en mijdt moeilijke casussen. Het budget is de productie bij de overstap "
        "(of het aandeel daarvan dat de gemeente contracteert) en groeit niet mee met de "
        "vraag. Minder gecontracteerde aanbieders betekent minder contractbeheer."
    )
    mechanism_en = (
        "Providers behave as they are paid (VNG): fee-for-service (PxQ) lengthens and "
        "intensifies, lump sum and population funding shorten and cap capacity (waiting lists "
        "when demand is larger), outcome funding stops at the result and avoids hard cases. "
        "The budget is the production at the switch (or the share of it the municipality "
        "contracts) and does not grow with demand. Fewer contracted providers means less "
        "contract management."
    )
    ZERO_DOSE = {"model": "pxq", "domain": "all", "providers": 4}
    PARAMS = {
        "model": param(
            "lump_sum",
            "funding model",
            "VNG overview of funding systems",
            choices=tuple(MODELS),
            nl="bekostigingsmodel",
            source_nl="VNG-overzicht van bekostigingsmodellen",
            choice_labels=MODELS,
        ),
        "domain": param(
            "youth",
            "which products",
            "policy choice",
            choices=tuple(DOMAINS),
            nl="welke producten",
            choice_labels=DOMAINS,
        ),
        "providers": param(
            2,
            "contracted providers per product",
            "policy choice",
            1,
            300,
            nl="gecontracteerde aanbieders per product",
        ),
        "budget_share": param(
            1.0,
            "lump sum or population budget as a share of the providers' production at the switch",
            "policy choice",
            0.5,
            1.5,
            nl="budget als aandeel van de productie van de aanbieders bij de overstap",
        ),
        "admin_eur_per_provider_year": param(
            8000.0,
            "municipal contract management per provider",
            "assumption",
            0,
            100000,
            nl="EUR contractbeheer per aanbieder per jaar",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Switch providers' funding (a contract, kept from then on); count contract management."""
        p = self.params
        before = int(ctx.inputs["providers.count_per_product"])
        products = [q for q, i in PRODUCTS.items() if p["domain"] in ("all", i.domain)]
        for product in products:
            for provider in ctx.services.providers[product]:
                provider.funding_model = p["model"]
                provider.budget_share = p["budget_share"]
        change = (p["providers"] - before) * len(products)
        return change * p["admin_eur_per_provider_year"] / 12.0

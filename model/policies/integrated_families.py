"""Integrated approach for multi-problem families (één gezin, één plan)."""

from __future__ import annotations

import numpy as np

from agents.products import WMO_MASK, YOUTH_MASK
from model.context import Context
from model.policies.base import Policy, param


class IntegratedFamilies(Policy):
    """Integrated approach for multi-problem families (één gezin, één plan).

    Mechanism: the households with the most services at once (youth care plus Wmo)
    get one coordinator; their youth care improves faster and ends when its goal is
    reached, and their Wmo indications are reviewed every month.
    """

    name = "integrated_families"
    rank = 12
    label = "Integrated approach for multi-problem families"
    dutch = "integrale aanpak multiprobleemgezinnen"
    mechanism_nl = (
        "De huishoudens met de meeste voorzieningen tegelijk (jeugdhulp plus Wmo) krijgen "
        "één regisseur (één gezin, één plan): hun jeugdhulp verbetert sneller en stopt als "
        "het doel bereikt is, hun Wmo-indicaties worden elke maand bekeken."
    )
    mechanism_en = (
        "The households with the most services at once (youth care plus Wmo) get one "
        "coordinator (one family, one plan): their youth care improves faster and stops when "
        "the goal is reached, their Wmo indications are reviewed every month."
    )
    ZERO_DOSE = {"families": 0}
    PARAMS = {
        "families": param(
            20,
            "households with a coordinator",
            "municipal practice: a pilot with about 20 families",
            0,
            5000,
            nl="huishoudens met een regisseur",
            source_nl="praktijk van gemeenten: een pilot met ongeveer 20 gezinnen",
        ),
        "cost_per_family_year": param(
            6000.0,
            "EUR per family per year",
            "assumption",
            0,
            100000,
            nl="EUR per gezin per jaar",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Pick the households with most services and coordinate them."""
        people = ctx.people
        families = int(round(self.params["families"] * intensity))
        services = people.view("services")
        living = people.living()
        household = people.view("household")
        bits = np.unpackbits(services.view(np.uint8).reshape(-1, 2), axis=1).sum(axis=1)
        size = int(household.max()) + 1
        load = np.bincount(household[living], weights=bits[living], minlength=size)
        youth = np.bincount(
            household[living], weights=((services & YOUTH_MASK) != 0)[living], minlength=size
        )
        wmo = np.bincount(
            household[living], weights=((services & WMO_MASK) != 0)[living], minlength=size
        )
        eligible = np.flatnonzero((youth > 0) & ((wmo > 0) | (youth > 1)))
        chosen = eligible[np.argsort(-load[eligible], kind="stable")][:families]
        flagged = np.zeros(size, dtype=bool)
        flagged[chosen] = True
        people.coordinated[: people.n] = flagged[household] & living
        self.counts["families"] = len(chosen)
        return len(chosen) * self.params["cost_per_family_year"] / 12.0

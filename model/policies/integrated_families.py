"""Integrated approach for multi-problem families (één gezin, één plan)."""

from __future__ import annotations

from typing import Any

import numpy as np

from agents.products import WMO_MASK, YOUTH_MASK
from model.context import Context
from model.policies.base import Policy, param


class IntegratedFamilies(Policy):
    """Integrated approach for multi-problem families (één gezin, één plan).

    Mechanism: the households with the most services at once (youth care plus Wmo)
    get one coordinator, who stays with the family while it has youth care; a place
    that frees up goes to the household with the most services then. Their youth care
    improves faster and ends when its goal is reached. (The selection was once redone
    every month: "20 families" were 137 different households in three years.)
    """

    name = "integrated_families"
    rank = 12
    label = "Integrated approach for multi-problem families"
    dutch = "integrale aanpak multiprobleemgezinnen"
    mechanism_nl = (
        "De huishoudens met de meeste voorzieningen tegelijk (jeugdhulp plus Wmo) krijgen "
        "één regisseur (één gezin, één plan), die blijft zolang het gezin jeugdhulp heeft: "
        "hun jeugdhulp verbetert sneller en stopt als het doel bereikt is."
    )
    mechanism_en = (
        "The households with the most services at once (youth care plus Wmo) get one "
        "coordinator (one family, one plan), who stays while the family has youth care: their "
        "youth care improves faster and stops when the goal is reached."
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

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self.households = np.zeros(0, dtype=np.int64)  # coordinated now, in order taken on

    def act(self, ctx: Context, intensity: float) -> float:
        """Keep the coordinated families that still have youth care; fill free places."""
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
        kept = self.households[youth[self.households] > 0][:families]
        eligible = np.flatnonzero((youth > 0) & ((wmo > 0) | (youth > 1)))
        eligible = eligible[~np.isin(eligible, kept)]
        taken = eligible[np.argsort(-load[eligible], kind="stable")][: families - len(kept)]
        self.households = np.concatenate([kept, taken])
        flagged = np.zeros(size, dtype=bool)
        flagged[self.households] = True
        people.coordinated[: people.n] = flagged[household] & living
        self.counts["families"] = len(self.households)
        return len(self.households) * self.params["cost_per_family_year"] / 12.0

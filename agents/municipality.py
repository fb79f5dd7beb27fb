"""The municipality: budgets per domain, its own staff costs, and its dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np

MAX_LAG_MONTHS = 36


def declaration_lag_shares(mean_lag: float) -> np.ndarray:
    """Share of a month's delivered care declared k months later (geometric, 0..36)."""
    if mean_lag <= 0:
        shares = np.zeros(MAX_LAG_MONTHS + 1)
        shares[0] = 1.0
        return shares
    p = 1.0 / (1.0 + mean_lag)
    shares = p * (1 - p) ** np.arange(MAX_LAG_MONTHS + 1)
    return shares / shares.sum()


class Municipality(mesa.Agent):
    """Pays for care and sees it late: true spending vs declared (invoiced) spending.

    Providers declare with a lag of months to years (BRIEF pattern 8); the ledger
    spreads each month's true spending over future months, so cumulative declared plus
    outstanding always equals cumulative true spending.
    """

    def __init__(self, model: mesa.Model, profile: Mapping[str, Any]) -> None:
        super().__init__(model)
        self.lag_shares = declaration_lag_shares(float(profile["providers.declaration_lag_months"]))
        self.pending = np.zeros(MAX_LAG_MONTHS + 1)
        self.declared_total = 0.0
        self.true_total = 0.0
        self.budget_growth = float(profile["finance.budget_growth_per_year"])
        self.budget_year = {
            "wmo": float(profile["finance.budget_wmo_eur_per_resident_year"]),
            "youth": float(profile["finance.budget_youth_eur_per_resident_year"]),
        }

    def book(self, invoiced_spending: float) -> float:
        """Book this month's provider spending; return what is declared this month."""
        self.pending += invoiced_spending * self.lag_shares
        declared = float(self.pending[0])
        self.pending = np.roll(self.pending, -1)
        self.pending[-1] = 0.0
        self.true_total += invoiced_spending
        self.declared_total += declared
        return declared

    @property
    def outstanding(self) -> float:
        """Delivered but not yet declared."""
        return float(self.pending.sum())

    def monthly_budget(self, domain: str, residents: int, year_index: int) -> float:
        """The budget of this month for a domain (per resident, growing yearly)."""
        growth = (1 + self.budget_growth) ** year_index
        return self.budget_year[domain] * residents * growth / 12.0

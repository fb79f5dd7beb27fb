"""The municipality: budgets per domain, its own staff costs, and its dashboard.

Spending is recorded by IV3 line (model/recording.py): 6.1 the modelled general
facilities, 6.2 the access teams' status-quo staff, 6.6 aids and adaptations, 6.71 HH,
support and day care, 6.72 ambulant youth care and youth GGZ, 6.82 residential youth
care. IV3 6.81 (sheltered living and shelter for adults) is not modelled.
"""

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
        # Spending per domain and internal year (tick // 12), as the accounts know it.
        self.realised: dict[tuple[str, int], float] = {}

    def book(self, invoiced_spending: float) -> float:
        """Book this month's provider spending; return what is declared this month."""
        self.pending += invoiced_spending * self.lag_shares
        declared = float(self.pending[0])
        self.pending[:-1] = self.pending[1:]  # a month on (numpy copies overlapping views safely)
        self.pending[-1] = 0.0
        self.true_total += invoiced_spending
        self.declared_total += declared
        return declared

    @property
    def outstanding(self) -> float:
        """Delivered but not yet declared."""
        return float(self.pending.sum())

    def realise(self, domain: str, tick: int, amount: float) -> None:
        """Add this month's spending of a domain to its year's accounts."""
        key = (domain, tick // 12)
        self.realised[key] = self.realised.get(key, 0.0) + amount

    def monthly_budget(self, domain: str, residents: int, tick: int) -> float:
        """The month's budget of a domain: the last closed accounts, indexed.

        A municipality sets next year's budget in the autumn from the last closed
        accounts, two years old, raised by the index the Rijk pays on the fund
        (``finance.budget_growth_per_year``; in the model's constant prices about 0).
        Spending that grows in volume, or with tariffs that follow care wages faster
        than the index (``providers.tariff_growth_per_year``), therefore runs ahead of
        the budget: the status quo overspends (Jeugdautoriteit 2023: three in four
        municipalities spend more on youth care than budgeted). Before two full years
        of accounts exist (the start of the burn-in) the budget is the per-resident
        amount (``finance.budget_*_eur_per_resident_year``).
        """
        year = tick // 12
        known = self.realised.get((domain, year - 2))
        if known is None:
            return self.budget_year[domain] * residents / 12.0
        return known * (1 + self.budget_growth) ** 2 / 12.0

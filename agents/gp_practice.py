"""GP practices (huisartsenpraktijken) with their POH-GGZ jeugd."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np


class GPPractice(mesa.Agent):
    """A GP practice: a direct referrer to youth care, optionally with a POH-GGZ jeugd.

    The POH (praktijkondersteuner GGZ) sees youths with mild and moderate problems for
    a few consultations; a share is helped without referral. Its capacity is new cases
    per month from FTE; when it is full, the GP decides alone (refers or advises).
    """

    def __init__(
        self,
        model: mesa.Model,
        index: int,
        district: int,
        patients: int,
        values: Mapping[str, Any],
    ) -> None:
        super().__init__(model)
        self.index = index
        self.district = district
        self.patients = patients
        self.referral_propensity = float(values["gp.referral_propensity"])
        # Status quo POH-GGZ jeugd (none in the default municipality).
        self.base_poh_fte = float(values["gp.poh_youth_fte_per_10000"]) * patients / 10000.0
        self.base_cases_per_fte_month = float(values["gp.poh_cases_per_fte_month"])
        # What a lever adds this month (reset every month): FTE at its own caseload.
        self.extra_poh_fte = 0.0
        self.extra_cases_per_fte_month = 0.0
        self.poh_free = 0
        self.poh_credit = 0.0
        self.seek_threshold: float | None = None  # a POH lowers the threshold to seek help
        self.seen_by_poh = 0  # cumulative youths seen
        self.helped_by_poh = 0  # cumulative youths helped without referral
        self.referred = 0  # cumulative referrals to tailored youth care

    @property
    def poh_fte(self) -> float:
        """POH-GGZ jeugd staff this month: the status quo plus what a lever added."""
        return self.base_poh_fte + self.extra_poh_fte

    @property
    def poh_capacity(self) -> float:
        """New POH cases the practice can take per month (may be fractional)."""
        return (
            self.base_poh_fte * self.base_cases_per_fte_month
            + self.extra_poh_fte * self.extra_cases_per_fte_month
        )

    def reset_levers(self) -> None:
        """Back to the status quo; active levers add their POH and threshold again."""
        self.extra_poh_fte = 0.0
        self.extra_cases_per_fte_month = 0.0
        self.seek_threshold = None

    def start_month(self) -> None:
        """Add the month's POH capacity; a part-time POH's fractions carry over a month."""
        carried = min(self.poh_credit - self.poh_free, self.poh_capacity)
        self.poh_credit = max(carried, 0.0) + self.poh_capacity
        self.poh_free = math.floor(self.poh_credit + 1e-9)  # int(np.floor()), without numpy

    def take_poh_cases(self, youths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Split arriving youths into those the POH sees and those who see only the GP."""
        taken = youths[: self.poh_free]
        self.poh_free -= len(taken)
        self.poh_credit -= len(taken)
        self.seen_by_poh += len(taken)
        return taken, youths[len(taken) :]

"""Municipal access teams (toegang / sociaal wijkteam), one per district."""

from __future__ import annotations

import mesa
import numpy as np


class AccessTeam(mesa.Agent):
    """The front door of a district: a queue, a fixed FTE, and a workload.

    Capacity decides quality (BRIEF pattern 1): ``pressure`` rises with the backlog
    relative to capacity; an overloaded team gives fewer light solutions, longer
    indications and has no time left for reviews of running indications.
    """

    def __init__(self, model: mesa.Model, district: int, fte: float) -> None:
        super().__init__(model)
        self.district = district
        self.fte = fte
        self.base_fte = fte  # status quo, before any policy
        self.assessments_per_fte = float(model.profile["access.assessments_per_fte_month"])
        self.reviews_per_assessment = float(model.profile["access.reviews_per_assessment"])
        self.overload_speedup = float(model.profile["access.overload_speedup"])
        self.queue = np.zeros(0, dtype=np.int64)
        self.queued_since = np.zeros(0, dtype=np.int32)
        self.pressure = 0.0
        self.assessed_this_month = 0
        self.review_budget = 0
        self.wait_months_sum = 0.0

    @property
    def capacity(self) -> int:
        """Assessments per month."""
        return int(round(self.fte * self.assessments_per_fte))

    def enqueue(self, residents: np.ndarray, month: int) -> None:
        """Residents ask for a kitchen-table conversation."""
        self.queue = np.concatenate([self.queue, residents.astype(np.int64)])
        self.queued_since = np.concatenate(
            [self.queued_since, np.full(len(residents), month, dtype=np.int32)]
        )

    def drop(self, residents: np.ndarray) -> None:
        """Remove residents who left (death, Wlz, moved) from the queue."""
        keep = ~np.isin(self.queue, residents)
        self.queue, self.queued_since = self.queue[keep], self.queued_since[keep]

    def take_for_assessment(self, month: int) -> tuple[np.ndarray, np.ndarray]:
        """First come, first served up to capacity; returns residents and their waits.

        Under pressure the team works off its queue faster with quick assessments
        (``overload_speedup``): throughput rises, but the decisions that month are made
        under that pressure (fewer light solutions, longer indications, no reviews).
        """
        base = max(self.capacity, 0)
        backlog = len(self.queue)
        self.pressure = float(np.clip((backlog - base) / max(base, 1), 0.0, 1.0))
        capacity = int(round(base * (1.0 + self.overload_speedup * self.pressure)))
        taken, since = self.queue[:capacity], self.queued_since[:capacity]
        self.queue, self.queued_since = self.queue[capacity:], self.queued_since[capacity:]
        self.assessed_this_month = len(taken)
        leftover = base - len(taken)
        self.review_budget = int(leftover * self.reviews_per_assessment)
        # Applications arrive through the month and are handled through the next: a
        # resident assessed in the month they asked waited half a month on average.
        waits = (month - since).astype(np.float64) + 0.5
        self.wait_months_sum += float(waits.sum())
        return taken, waits

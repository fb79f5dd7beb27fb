"""Municipal access teams (toegang / sociaal wijkteam), one per district, and their light support.

The teams hold the queue and the capacity; what they decide at the kitchen table is
``model/decisions.py`` (called once a month for each team's assessed residents).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import mesa
import numpy as np

from agents.residents import Residents


class AccessTeam(mesa.Agent):
    """The front door of a district: a queue, a staffing level in FTE, and a workload.

    Capacity decides quality (BRIEF pattern 1): ``pressure`` rises with the backlog
    relative to capacity; an overloaded team gives fewer light solutions, longer
    indications and has no time left for reviews of running indications. Levers add
    FTE (``extra_fte``, summed over levers and reset every month).
    """

    def __init__(
        self, model: mesa.Model, district: int, fte: float, values: Mapping[str, Any]
    ) -> None:
        super().__init__(model)
        self.district = district
        self.base_fte = fte  # status quo, before any lever
        self.extra_fte = 0.0  # added by levers this month
        self.assessments_per_fte = float(values["access.assessments_per_fte_month"])
        self.reviews_per_assessment = float(values["access.reviews_per_assessment"])
        self.overload_speedup = float(values["access.overload_speedup"])
        self.queue = np.zeros(0, dtype=np.int64)
        self.queued_since = np.zeros(0, dtype=np.int32)
        self.pressure = 0.0
        self.assessed_this_month = 0
        self.review_budget = 0
        self.wait_months_sum = 0.0

    @property
    def fte(self) -> float:
        """Staff this month: the status quo plus what levers added."""
        return self.base_fte + self.extra_fte

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


class AccessTeams:
    """The district teams together: where residents queue, by their district."""

    def __init__(self, teams: list[AccessTeam], people: Residents) -> None:
        self.teams = teams
        self.people = people

    def __iter__(self) -> Iterator[AccessTeam]:
        return iter(self.teams)

    def __len__(self) -> int:
        return len(self.teams)

    def __getitem__(self, index: int) -> AccessTeam:
        return self.teams[index]

    def start_month(self) -> None:
        """Back to the status-quo FTE (levers add theirs again); fresh wait counters."""
        for team in self.teams:
            team.extra_fte = 0.0
            team.wait_months_sum = 0.0

    def add_fte(self, fte: float) -> None:
        """A lever's extra FTE, spread evenly over the districts."""
        for team in self.teams:
            team.extra_fte += fte / len(self.teams)

    def fte(self) -> float:
        """Staff of all teams this month (status quo plus what levers added)."""
        return sum(team.fte for team in self.teams)

    def base_fte(self) -> float:
        """The teams' status-quo staff: the municipality's own cost (levers book theirs)."""
        return sum(team.base_fte for team in self.teams)

    def enqueue(self, residents: np.ndarray, month: int) -> None:
        """Residents join the queue of their district's team."""
        if len(residents) == 0:
            return
        self.people.access_waiting[residents] = True
        districts = self.people.district[residents]
        for team in self.teams:
            team.enqueue(residents[districts == team.district], month)

    def drop(self, residents: np.ndarray) -> None:
        """Residents who left are taken out of every queue."""
        gone = residents[self.people.access_waiting[residents]]
        if len(gone):
            for team in self.teams:
                team.drop(gone)
            self.people.access_waiting[gone] = False


class LightSupport:
    """Short, light help by the access team's own staff, within a number of places.

    Levers add places (``extra_places``, summed over levers and reset every month).
    """

    def __init__(self, people: Residents, places: int, months: int) -> None:
        self.people = people
        self.base_places = places  # status quo, before any lever
        self.extra_places = 0  # added by levers this month
        self.months = months
        self.clients = 0

    @property
    def places(self) -> int:
        """Places this month: the status quo plus what levers added."""
        return self.base_places + self.extra_places

    def offer(self, residents: np.ndarray, month: int) -> np.ndarray:
        """Take residents while places last; returns a mask of who was taken."""
        taken = np.zeros(len(residents), dtype=bool)
        taken[: max(self.places - self.clients, 0)] = True
        self.people.light_until[residents[taken]] = month + self.months
        self.clients += int(taken.sum())
        return taken

    def end(self, month: int) -> None:
        """Light support that is over (or whose client left) ends."""
        until = self.people.view("light_until")
        over = (until >= 0) & ((until < month) | ~self.people.living())
        self.people.light_until[: self.people.n][over] = -1
        self.clients = int((self.people.view("light_until") >= 0).sum())

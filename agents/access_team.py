"""Municipal access teams (toegang / sociaal wijkteam), one per district, and their light support.

The teams hold the queue and the capacity; what they decide at the kitchen table is
``model/decisions.py`` (called once a month for each team's assessed residents).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from agents.residents import Residents

# Wmo 2015: a decision within 8 weeks of the request (6 to investigate, 2 to decide); a
# resident who has queued two whole months (8.7 weeks or more) is past it.
OVERDUE_MONTHS = 2


class AccessTeam(mesa.Agent):
    """The front door of a district: a queue, a staffing level in FTE, and one budget of time.

    Team time is counted in assessment-equivalents (the time one kitchen-table
    assessment with its report takes). Every month the team's casework time goes, in
    this order, to the light support it gives itself (each running client costs
    ``access.light_support_load``), to the reviews case managers reserve, to
    assessments from the queue, and what is left to reviews of running indications.
    So the queue, the light support and the reviews compete for the same hours
    (BRIEF pattern 1): a team with a backlog reviews nothing and grants under pressure.

    ``pressure`` is the backlog carried over from earlier months relative to the
    month's assessment time; levers add FTE (``extra_fte``, reset every month).
    """

    def __init__(
        self, model: mesa.Model, district: int, fte: float, values: Mapping[str, Any]
    ) -> None:
        super().__init__(model)
        self.district = district
        self.base_fte = fte  # status quo, before any lever
        self.extra_fte = 0.0  # added by levers this month
        self.reserved_review_fte = 0.0  # case managers' time kept for reviews this month
        self.assessments_per_fte = float(values["access.assessments_per_fte_month"])
        self.casework_share = float(values["access.casework_share"])
        self.reviews_per_assessment = float(values["access.reviews_per_assessment"])
        self.overload_speedup = float(values["access.overload_speedup"])
        self.light_support_load = float(values["access.light_support_load"])
        self.queue = np.zeros(0, dtype=np.int64)
        self.queued_since = np.zeros(0, dtype=np.int32)
        self.pressure = 0.0
        self.assessed_this_month = 0
        self.review_budget = 0
        # The fraction of a review a month's time left over: a small team's reviews were
        # truncated to none month after month (0.8 of a review is 0), now they add up.
        self.review_carry = 0.0
        self.time = TeamTime()

    @property
    def fte(self) -> float:
        """Staff this month: the status quo plus what levers added."""
        return self.base_fte + self.extra_fte

    @property
    def capacity(self) -> float:
        """Casework time per month, in assessment-equivalents."""
        return self.fte * self.casework_share * self.assessments_per_fte

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

    def take_for_assessment(
        self, month: int, light_clients: int, expiring: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """First come, first served within the time left; returns residents and months queued.

        Light support, indications that expire this month (they need a new decision
        by law) and the reviews case managers reserve are served first - unless residents
        in the queue are past the legal term (``OVERDUE_MONTHS``): their time comes before
        the expiring indications' reviews (not the case managers', whose time a lever
        pays for), and expiring indications the team then has no time for are renewed
        on paper (a team does not let applicants wait ever longer to re-assess clients
        whose care simply continues; without this a lever tripling the expiries stalled
        the queue for two years). Under pressure the team
        works off its queue faster with quick assessments (``overload_speedup``):
        throughput rises, but the decisions that month are made under that pressure
        (fewer light solutions, heavier and longer indications, stacking missed).
        """
        self.time = TeamTime(capacity=self.capacity)
        self.time.light = min(light_clients * self.light_support_load, self.time.capacity)
        # The case managers' review time is theirs (a lever pays for it); the expiring
        # indications' reviews give way to applicants past the legal term.
        managers = self.reserved_review_fte * self.casework_share * self.assessments_per_fte
        after_light = self.time.capacity - self.time.light
        overdue = int((self.queued_since <= month - OVERDUE_MONTHS).sum())
        expiring_time = min(
            expiring / max(self.reviews_per_assessment, 1e-9),
            max(after_light - managers - overdue, 0.0),
        )
        self.time.reserved = min(managers + expiring_time, after_light)
        available = self.time.capacity - self.time.light - self.time.reserved
        carried = int((self.queued_since < month).sum())
        self.pressure = min(max(carried / max(available, 1.0), 0.0), 1.0)  # np.clip, scalar
        throughput = int(round(available * (1.0 + self.overload_speedup * self.pressure)))
        taken, since = self.queue[:throughput], self.queued_since[:throughput]
        self.queue, self.queued_since = self.queue[throughput:], self.queued_since[throughput:]
        self.assessed_this_month = len(taken)
        self.time.assessments = float(len(taken))
        leftover = max(available - len(taken), 0.0) + self.time.reserved
        budget = leftover * self.reviews_per_assessment + self.review_carry
        self.review_budget = int(budget)
        self.review_carry = budget - self.review_budget
        return taken, (month - since).astype(np.int32)

    def spend_on_reviews(self, reviews: int) -> None:
        """Book the time of the reviews done this month."""
        self.review_budget -= reviews
        self.time.reviews += reviews / max(self.reviews_per_assessment, 1e-9)


@dataclass
class TeamTime:
    """Where a team's casework time went this month (assessment-equivalents).

    ``reserved`` is kept before the queue (expiring indications, case managers'
    reviews); whatever of it reviews did not use is not counted in ``reviews``.
    """

    capacity: float = 0.0
    light: float = 0.0
    reserved: float = 0.0
    assessments: float = 0.0
    reviews: float = 0.0


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
            team.reserved_review_fte = 0.0

    def add_fte(self, fte: float, reserved_for_reviews: float = 0.0) -> None:
        """A lever's extra FTE, spread evenly over the districts.

        ``reserved_for_reviews`` is the part of it case managers keep for reviews of
        running indications, whatever the queue.
        """
        for team in self.teams:
            team.extra_fte += fte / len(self.teams)
            team.reserved_review_fte += reserved_for_reviews / len(self.teams)

    def fte_for_light_clients(self, clients: float) -> float:
        """The FTE that many light-support clients take from the teams' casework time."""
        team = self.teams[0]
        return clients * team.light_support_load / (team.casework_share * team.assessments_per_fte)

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
        # Grouped by district once (stable: each queue keeps the residents' order).
        order = np.argsort(districts, kind="stable")
        bounds = np.searchsorted(districts[order], [team.district for team in self.teams])
        ends = np.searchsorted(districts[order], [team.district for team in self.teams], "right")
        for team, start, end in zip(self.teams, bounds, ends, strict=True):
            team.enqueue(residents[order[start:end]], month)

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

    def clients_in(self, district: np.ndarray, districts: int) -> np.ndarray:
        """Running light-support clients per district (they take the team's time)."""
        running = self.people.view("light_until") >= 0
        return np.bincount(district[running], minlength=districts)

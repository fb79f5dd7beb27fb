"""The workshop's session engine: a scenario and its baseline in lockstep, switches, branches.

A facilitator steps one municipality month by month and switches measures on and off
while it runs. Two models are kept: the *scenario* (the measures the room chose) and
the *baseline* (the same municipality, same seed, never a measure). Both start from one
built model (the baseline is a copy of it at month 0), so they share the residents and
the random streams: until the first switch the two lines are identical, and after it the
gap is the measures' effect, not chance (common random numbers).

A switch acts from the current month on: the policy is added with ``start_month`` equal
to the number of months already recorded, so ``Policy.apply`` leaves every earlier month
alone. Rewinding moves the cursor of the current branch back; stepping on without a new
switch replays the same months (the model is deterministic). A switch before the end of
a branch forks a new branch from that month; the old branch is kept with all its months,
so the two can be compared. Snapshots (deep copies of the scenario model, every
``snapshot_every`` months) make rewinding cheap: restore the nearest one and replay.

Nothing here knows Solara: the presenter page (``viz.workshop``) drives this object, and
the tests drive it directly.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE, LEVERS

DEFAULT_SNAPSHOT_EVERY = 6  # months; about 8 MB a snapshot at 45,000 residents
Observer = Callable[[CareModel], Any]


@dataclass(frozen=True)
class Switch:
    """A measure switched on or off before month ``month + 1`` is run (0-based month)."""

    month: int
    measure: str
    on: bool
    params: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        """Plain data for export."""
        return {"month": self.month, "measure": self.measure, "on": self.on, **self.params}


@dataclass
class Branch:
    """One line of history: its months, its switches and its snapshots.

    ``records`` may run beyond ``cursor`` after a rewind (the months already seen);
    ``observed`` holds the observer's value per month (the stories' residents).
    """

    id: int
    name: str
    parent: int | None
    fork_month: int
    switches: list[Switch] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    observed: list[Any] = field(default_factory=list)
    snapshots: dict[int, CareModel] = field(default_factory=dict)
    cursor: int = 0

    def switches_at(self, month: int) -> list[Switch]:
        """The switches made at ``month``, in the order they were made."""
        return [s for s in self.switches if s.month == month]

    def measures_at(self, month: int) -> dict[str, dict[str, Any]]:
        """The measures on (with their parameters) while month ``month + 1`` runs."""
        on: dict[str, dict[str, Any]] = {}
        for switch in self.switches:
            if switch.month > month:
                break
            if switch.on:
                on[switch.measure] = dict(switch.params)
            else:
                on.pop(switch.measure, None)
        return on


class WorkshopSession:
    """A scenario model and its baseline stepped together, with switches and branches."""

    def __init__(
        self,
        preset: str = "default",
        residents: int | None = None,
        seed: int = 1,
        years: int = 10,
        start: str = "2025-01",
        snapshot_every: int = DEFAULT_SNAPSHOT_EVERY,
        observe: Observer | None = None,
        model: CareModel | None = None,
    ) -> None:
        if snapshot_every < 1:
            raise ConfigError(f"snapshot_every = {snapshot_every} is not allowed; use 1 or more")
        built = model or CareModel(
            preset=preset, residents=residents, years=years, rng=seed, start=start
        )
        if built.policies or built.records:
            raise ConfigError("a workshop starts from a model without policies at month 0")
        self.snapshot_every = int(snapshot_every)
        self.observe = observe
        self.baseline = copy.deepcopy(built)  # same residents, same streams: lockstep
        self.model = built
        self.baseline_observed: list[Any] = []
        first = Branch(0, "1", None, 0, snapshots={0: copy.deepcopy(built)})
        self.branches: list[Branch] = [first]
        self.branch = first

    # -- where the run is ------------------------------------------------------------------
    @property
    def horizon(self) -> int:
        """Months in the run."""
        return self.model.years * 12

    @property
    def month(self) -> int:
        """Months recorded on the current branch up to the cursor (0 before the first)."""
        return self.branch.cursor

    @property
    def done(self) -> bool:
        """True when the horizon is reached."""
        return self.month >= self.horizon

    @property
    def baseline_records(self) -> list[dict[str, Any]]:
        """The baseline's months (shared by all branches)."""
        return self.baseline.records

    def measures(self) -> dict[str, dict[str, Any]]:
        """The measures on now (acting on the next month)."""
        return self.branch.measures_at(self.month)

    def scenario_rows(self, branch: Branch | None = None) -> list[dict[str, Any]]:
        """The months of a branch up to its cursor (the current branch by default)."""
        branch = branch or self.branch
        return branch.records[: branch.cursor]

    def value(self, indicator: str, month: int | None = None) -> tuple[float, float]:
        """(baseline, scenario) of an indicator in a month (1-based; default: the latest)."""
        month = self.month if month is None else month
        if month < 1:
            raise ValueError("no month recorded yet")
        return (
            float(self.baseline_records[month - 1][indicator]),
            float(self.branch.records[month - 1][indicator]),
        )

    # -- stepping ---------------------------------------------------------------------------
    def step(self) -> bool:
        """Run one month of the scenario (and of the baseline if it is not there yet).

        Returns False at the horizon (nothing is run).
        """
        if self.done:
            return False
        branch, month = self.branch, self.month
        while len(self.baseline.records) <= month:
            self.baseline.step()
            if self.observe is not None:
                self.baseline_observed.append(self.observe(self.baseline))
        self.model.step()
        row = self.model.records[-1]
        observed = self.observe(self.model) if self.observe is not None else None
        if month < len(branch.records):  # a replay after a rewind: the same month again
            branch.records[month] = row
            branch.observed[month] = observed
        else:
            branch.records.append(row)
            branch.observed.append(observed)
        branch.cursor = month + 1
        if branch.cursor % self.snapshot_every == 0 and branch.cursor not in branch.snapshots:
            branch.snapshots[branch.cursor] = copy.deepcopy(self.model)
        return True

    # -- switches ---------------------------------------------------------------------------
    def switch(self, measure: str, on: bool, params: Mapping[str, Any] | None = None) -> Switch:
        """Switch a measure on or off from the current month on.

        Before the end of the branch (after a rewind) this forks a new branch: the
        months already seen stay on the old one.
        """
        if measure not in LEVERS:
            raise ConfigError(f"measure = {measure!r} is not a lever; allowed: {', '.join(LEVERS)}")
        if self.done:
            raise ConfigError(f"the run has reached its last month ({self.horizon})")
        checked = dict(params or {})
        checked.pop("start_month", None)
        CATALOGUE[measure].check(checked, f"measure {measure}: ")  # names the bad field
        month = self.month
        if month < len(self.branch.records):
            self._fork(month)
        change = Switch(month, measure, bool(on), checked)
        self.branch.switches.append(change)
        self._apply(self.model, change)
        return change

    @staticmethod
    def _apply(model: CareModel, change: Switch) -> None:
        """Add (or remove) the policy in the live model, acting from ``change.month``."""
        model.policies = [p for p in model.policies if p.name != change.measure]
        if change.on:
            policy = CATALOGUE[change.measure](**change.params, start_month=change.month)
            policy.validate(model.ctx, model.years * 12)
            model.policies.append(policy)

    # -- rewinding and branches -------------------------------------------------------------
    def rewind(self, month: int) -> None:
        """Go back to the end of ``month`` (0: the start) on the current branch."""
        if not 0 <= month <= self.month:
            raise ConfigError(f"month = {month} is not allowed; use 0 to {self.month}")
        self._restore(self.branch, month)

    def select(self, branch_id: int) -> None:
        """Continue on another branch, at the last month it reached."""
        ids = [b.id for b in self.branches]
        if branch_id not in ids:
            raise ConfigError(f"branch = {branch_id} is not allowed; use one of {ids}")
        branch = self.branches[ids.index(branch_id)]
        self._restore(branch, len(branch.records))

    def _fork(self, month: int) -> None:
        """A new branch from the current one at ``month``; the current one is kept whole."""
        old = self.branch
        new = Branch(
            id=len(self.branches),
            name=str(len(self.branches) + 1),
            parent=old.id,
            fork_month=month,
            switches=[s for s in old.switches if s.month <= month],
            records=old.records[:month],
            observed=old.observed[:month],
            snapshots={m: s for m, s in old.snapshots.items() if m <= month},
            cursor=month,
        )
        self.branches.append(new)
        self.branch = new

    def _restore(self, branch: Branch, month: int) -> None:
        """The live model of ``branch`` at the end of ``month``: nearest snapshot, replayed."""
        start = max(m for m in branch.snapshots if m <= month)
        model = copy.deepcopy(branch.snapshots[start])
        for m in range(start, month + 1):
            for change in branch.switches_at(m):
                self._apply(model, change)
            if m < month:
                model.step()
        self.model = model
        self.branch = branch
        branch.cursor = month

    # -- the timeline -----------------------------------------------------------------------
    def timeline(self, indicators: list[str]) -> list[dict[str, Any]]:
        """Every branch's months with the baseline alongside (for export)."""
        rows = []
        for branch in self.branches:
            for index, row in enumerate(branch.records):
                base = self.baseline_records[index] if index < len(self.baseline_records) else {}
                out = {"branch": branch.name, "month": index + 1, "date": str(row["date"])}
                for name in indicators:
                    out[f"{name}_baseline"] = base.get(name)
                    out[f"{name}_scenario"] = row[name]
                rows.append(out)
        return rows

    def annotations(self) -> list[dict[str, Any]]:
        """Every branch's switches, with where the branch came from (for export)."""
        return [
            {"branch": b.name, "forked_from": self._name(b.parent), **s.describe()}
            for b in self.branches
            for s in b.switches
        ]

    def _name(self, branch_id: int | None) -> str:
        return "" if branch_id is None else self.branches[branch_id].name

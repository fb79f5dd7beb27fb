"""What a phase or a lever sees of the model: a small, typed context (not the whole model).

The context holds the residents' arrays, the organisations, the month's parameters,
the run's decision rules, the month's flow counters and the clock. It is also where
lever state lives: the *inputs* (the validated profile) never change during a run;
every month the rules and the organisations' lever contributions are reset to the
status quo, the active levers add their contributions, and the month's effective
parameters are resolved from the inputs plus the levers' adjustments.

How contributions combine (the one documented way):

* capacities add: extra places (facilities, light support), extra FTE (access teams,
  POH), extra reviews per month - each lever adds its own;
* strengths (0-1 intensities, multipliers) take the strongest lever's value; a switch
  is on when any lever turns it on;
* a choice (the HH assessment method, where refused youths go, the four-eyes
  threshold) has one owner: two levers choosing differently is an error;
* a registry parameter moved by levers becomes its input value plus the sum of each
  lever's shift (target minus input, times the lever's phase-in intensity), checked
  against the parameter's range; a choice-valued parameter must not be moved by two
  levers to different choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from agents.access_team import AccessTeams, LightSupport
from agents.general_facility import Facilities
from agents.gp_practice import GPPractice
from agents.municipality import Municipality
from agents.provider import ServiceSystem
from agents.residents import Residents
from agents.streams import Streams
from model.network import InformalNetwork
from model.params import REGISTRY, ConfigError, shown

Combine = Literal["sum", "max", "any", "choice"]


def _rule(default: Any, combine: Combine, meaning: str) -> Any:
    return field(default=default, metadata={"combine": combine, "meaning": meaning})


@dataclass
class Rules:
    """The decision rules levers change: the status quo unless an active lever says otherwise.

    Run state, never registry parameters: reset to these defaults at the start of
    every month, then set by the active levers through ``apply`` (which combines two
    levers' contributions as the field declares).
    """

    hh_method: str = _rule("judgement", "choice", "how HH hours are assessed (or 'norm')")
    hh_norm_exempt_age: int = _rule(200, "choice", "age from which the old HH method stays")
    hh_norm_at_review: bool = _rule(False, "any", "reviews re-assess HH hours by the norm")
    hh_fortnightly_share: float = _rule(0.0, "max", "share of light HH clients helped fortnightly")
    youth_demarcation: float = _rule(0.0, "max", "chance the demarcation criteria are applied")
    youth_refused_route: str = _rule("general", "choice", "where refused youths go")
    gp_demarcation_compliance: float = _rule(0.0, "max", "share of GP referrals following them")
    daycare_as_general: bool = _rule(False, "any", "day care offered as a general facility first")
    stop_stacking: bool = _rule(False, "any", "one main tailored service per resident")
    four_eyes_eur_month: float = _rule(0.0, "choice", "EUR/month above which a second look")
    four_eyes_looks_month: float = _rule(0.0, "sum", "second looks the staff can give a month")
    case_management: float = _rule(0.0, "max", "intensity of active case management")
    youth_onset_factor: float = _rule(1.0, "max", "multiplier on new youth problems")
    extra_reviews_per_month: int = _rule(0, "sum", "reviews of running indications added")
    _set_by: dict[str, str] = field(default_factory=dict, repr=False)

    def apply(self, name: str, value: Any, lever: str) -> None:
        """A lever's contribution to one rule, combined with other levers' this month."""
        combine = RULE_COMBINATION.get(name)
        if combine is None:
            raise AttributeError(f"{name} is not a decision rule; rules are {rule_names()}")
        current = getattr(self, name)
        if combine == "sum":
            value = current + value
        elif combine == "max":
            value = max(current, value)
        elif combine == "any":
            value = bool(current or value)
        elif name in self._set_by and value != current:
            raise ConfigError(
                f"policies {self._set_by[name]} and {lever} both set the rule {name} "
                f"({current!r} and {value!r}); leave one of them out"
            )
        self._set_by.setdefault(name, lever)
        setattr(self, name, value)


RULE_COMBINATION: dict[str, Combine] = {
    f.name: f.metadata["combine"] for f in fields(Rules) if f.metadata
}


def rule_names() -> list[str]:
    """The decision rules levers may set."""
    return list(RULE_COMBINATION)


@dataclass
class Clock:
    """Months since the start of the burn-in (``tick``) and the recorded calendar."""

    start_date: dt.date
    burn_in_months: int
    tick: int = 0

    @property
    def month(self) -> int:
        """Recorded months completed (negative during the burn-in); levers start by it."""
        return self.tick - self.burn_in_months

    @property
    def date(self) -> dt.date:
        """The calendar date of the current month's start."""
        months = self.start_date.month - 1 + max(self.month - 1, 0)
        return dt.date(self.start_date.year + months // 12, months % 12 + 1, 1)

    @property
    def is_january(self) -> bool:
        """The month that starts a calendar year."""
        return (self.start_date.month - 1 + self.month) % 12 == 0


# Years a run may start in: the registry's figures describe the Netherlands of the 2020s,
# and a calendar far from them (a start in 1800) is a typo rather than a question.
START_YEARS = (2000, 2100)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_start(value: Any, label: str = "start") -> dt.date:
    """The first recorded month from ``YYYY-MM`` text, or ConfigError naming ``label``.

    One check for every reader (scenario files, sweep files, the model, the app).
    """
    match = _MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ConfigError(f"{label} = {shown(value)} is not a month; use YYYY-MM, e.g. 2025-01")
    year = int(match.group(1))
    if not START_YEARS[0] <= year <= START_YEARS[1]:
        raise ConfigError(
            f"{label} = {shown(value)} is out of range; use a month from {START_YEARS[0]}-01 "
            f"to {START_YEARS[1]}-12"
        )
    return dt.date(year, int(match.group(2)), 1)


@dataclass
class Context:
    """The narrow interface of phases and levers: state, organisations, rules, flows, clock."""

    people: Residents
    inputs: Mapping[str, Any]  # the validated profile: never changed during a run
    clock: Clock
    streams: Streams
    network: InformalNetwork
    practices: list[GPPractice]
    teams: AccessTeams
    facilities: Facilities
    light_support: LightSupport
    services: ServiceSystem
    municipality: Municipality
    params: dict[str, Any] = field(default_factory=dict)  # this month's effective values
    rules: Rules = field(default_factory=Rules)
    flows: Counter[str] = field(default_factory=Counter)
    measures_cost: float = 0.0  # the active levers' own cost this month
    # Who asks for informal care, found by the needs phase and used (then cleared) by
    # the informal-care phase of the same month (``model.needs.Askers``).
    askers: Any = None
    _shifts: dict[str, list[tuple[Any, float | None, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.params = dict(self.inputs)

    @property
    def tick(self) -> int:
        """Months since the start of the burn-in (keys the residents' draws)."""
        return self.clock.tick

    @property
    def month(self) -> int:
        """Recorded months completed (negative during the burn-in)."""
        return self.clock.month

    @property
    def residents(self) -> float:
        """The municipality's size as configured (levers scale their dose by it)."""
        return self.inputs["population.residents"]

    # -- the month's lever state --------------------------------------------------------
    def reset_levers(self) -> None:
        """Back to the status quo before the active levers act again this month."""
        self.rules = Rules()
        self._shifts = {}
        self.measures_cost = 0.0
        self.teams.start_month()
        self.light_support.extra_places = 0
        self.facilities.reset_levers()
        for practice in self.practices:
            practice.reset_levers()

    def shift(self, name: str, target: Any, intensity: float | None, lever: str) -> None:
        """A lever moves a registry parameter from its input value towards ``target``.

        ``intensity`` is how far along (the lever's phase-in); ``None`` sets the target.
        """
        if name not in REGISTRY:
            raise ConfigError(f"policy {lever}: {name} is not a registry parameter")
        self._shifts.setdefault(name, []).append((target, intensity, lever))

    def resolve_params(self) -> None:
        """The month's effective parameters: inputs plus the levers' combined shifts."""
        params = dict(self.inputs)
        for name, shifts in self._shifts.items():
            levers = ", ".join(lever for _, _, lever in shifts)
            params[name] = REGISTRY[name].validate(
                _combine(name, self.inputs[name], shifts), f"policies {levers} move "
            )
        self.params = params
        self.facilities.reach = float(params["general.reach"])


def _combine(name: str, start: Any, shifts: list[tuple[Any, float | None, str]]) -> Any:
    """Input value plus each lever's shift (one lever: its own point on the way)."""
    weights = [1.0 if intensity is None else intensity for _, intensity, _ in shifts]
    if isinstance(start, str):
        chosen = {
            target if weight >= 0.5 else start
            for (target, _, _), weight in zip(shifts, weights, strict=True)
        }
        if len(chosen - {start}) > 1:
            levers = ", ".join(lever for _, _, lever in shifts)
            raise ConfigError(f"policies {levers} move {name} to different choices {chosen}")
        return next(iter(chosen - {start}), start)
    if len(shifts) == 1:
        target, intensity, _ = shifts[0]
        value = target if intensity is None else start + (target - start) * intensity
    else:
        value = start + sum(
            (target - start) * weight
            for (target, _, _), weight in zip(shifts, weights, strict=True)
        )
    if isinstance(start, int) and not isinstance(start, bool):
        value = int(round(value))
    return value

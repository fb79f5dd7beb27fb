"""The policy base class: one declaration per lever, uniform hooks (Starsim's interventions).

A lever is one module in this package holding one ``Policy`` subclass that declares,
in one place: its name, English and Dutch titles, its mechanism in Dutch (the class
docstring is the English one), its parameters (default, unit, range or choices,
source, Dutch label) and ``act``. Subclasses register themselves in ``CATALOGUE``
when their module is imported; the app, the workshop, sweeps and the EMA adapter all
read the catalogue.

Every month the model resets the context's lever state to the status quo and calls
``apply`` on each policy; from its start month (optionally phased in) a policy adds
its own contribution - extra places or FTE, a decision rule, a shift of a registry
parameter - through the context, which combines the contributions of several levers
in one documented way (``model/context.py``). A policy never scales an output, and
it returns its own monthly cost to the municipality (FTE, co-financing, subsidies).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from model.context import Context
from model.params import ConfigError, Parameter, suggest

FTE_SOURCE = "assumption: municipal salary scale 10-11 including overhead, as for the access team"
FTE_SOURCE_NL = (
    "aanname: gemeentelijke salarisschaal 10-11 inclusief overhead, zoals voor de toegang"
)
# Dutch for the sources many declarations share; any other source names its own source_nl.
SOURCE_NL = {
    "policy choice": "keuze van de gemeente",
    "scenario": "aanname van het scenario",
    "assumption": "aanname",
    FTE_SOURCE: FTE_SOURCE_NL,
}

CATALOGUE: dict[str, type[Policy]] = {}


def param(
    default: Any,
    unit: str,
    source: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    nl: str = "",
    choice_labels: Mapping[str, tuple[str, str]] | None = None,
    source_nl: str = "",
) -> Parameter:
    """Declare a lever parameter (the registry's type), with its Dutch label and source.

    ``source`` and ``source_nl`` are read by people in the app: plain sentences, no
    parameter names. A shared source (``policy choice``, ``scenario``, ``assumption``,
    the FTE cost) gets its Dutch from ``SOURCE_NL``.
    """
    return Parameter(
        "",
        default,
        unit,
        source,
        low,
        high,
        choices,
        nl,
        choice_labels,
        source_nl or SOURCE_NL.get(source, ""),
    )


COMMON: dict[str, Parameter] = {
    "start_month": param(
        0,
        "start, months after the beginning of the horizon",
        "policy choice",
        0,
        600,
        nl="start, maanden na het begin van de looptijd",
    ),
    "phase_in_months": param(
        0,
        "months to full strength",
        "policy choice",
        0,
        120,
        nl="maanden tot volledige invoering",
    ),
}


# The cost of a lever's staff: one declaration shared by every lever that hires FTE.
FTE_COST = param(75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000, nl="EUR per fte per jaar")


@dataclass
class PolicyRecord:
    """What a policy did in one month (its own bookkeeping)."""

    month: int
    intensity: float
    cost_eur: float


class Policy:
    """Base class: subclasses set the class attributes below and ``act``."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "lever"  # or "external": a scenario the municipality does not control
    rank: ClassVar[int] = 100  # position in the catalogue (menus); new levers go last
    label: ClassVar[str] = ""  # English title
    dutch: ClassVar[str] = ""  # Dutch title, lower case (as in a sentence)
    mechanism_nl: ClassVar[str] = ""  # the mechanism in plain Dutch, for the app
    mechanism_en: ClassVar[str] = ""  # the same in plain English (the docstring is for developers)
    PARAMS: ClassVar[dict[str, Parameter]] = {}
    # Parameters at which the lever does nothing in the default municipality (its
    # status-quo values), or why no such dose exists; the tests hold it to that claim.
    ZERO_DOSE: ClassVar[dict[str, Any] | str] = "not declared"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            if cls.name in CATALOGUE:
                raise TypeError(f"two policies are named {cls.name!r}")
            CATALOGUE[cls.name] = cls

    def __init__(self, **values: Any) -> None:
        self.params = self.check(values, f"policy {self.name}: ")
        self.records: list[PolicyRecord] = []
        self.counts: Counter[str] = Counter()
        self._cost_month = 0.0

    @classmethod
    def declared(cls) -> dict[str, Parameter]:
        """All parameters of this policy, common ones included, each named."""
        return {key: replace(spec, name=key) for key, spec in {**COMMON, **cls.PARAMS}.items()}

    @classmethod
    def check(cls, values: Mapping[str, Any], where: str) -> dict[str, Any]:
        """Validate values against the declaration; unknown keys list the allowed ones."""
        declared = cls.declared()
        checked = {key: spec.default for key, spec in declared.items()}
        for key, value in values.items():
            if key not in declared:
                allowed = ", ".join(sorted(declared))
                raise ConfigError(
                    f"{where}{key} is not a parameter of {cls.name}"
                    f"{suggest(key, list(declared))}; allowed: {allowed}"
                )
            checked[key] = declared[key].validate(value, where)
        return checked

    # -- hooks the model calls ------------------------------------------------------------
    @classmethod
    def check_horizon(cls, params: Mapping[str, Any], horizon: int, where: str) -> None:
        """Refuse a start month at or past the run's last month (the lever would never act).

        Called on files before any run (scenario, sweep design points) and by ``validate``.
        """
        start = params.get("start_month", 0)
        if start >= horizon:
            raise ConfigError(
                f"{where}start_month = {start} is beyond the horizon of {horizon} months; use a "
                f"start month in [0, {horizon - 1}] or more years"
            )

    def validate(self, ctx: Context, horizon: int) -> None:
        """Check the policy fits this run; subclasses extend it for their own checks."""
        self.check_horizon(self.params, horizon, f"policy {self.name}: ")

    def apply(self, ctx: Context) -> float:
        """Monthly hook: act with the phase-in intensity from the start month on."""
        self._cost_month = 0.0
        month = ctx.month  # 0 = the first recorded month
        if month < self.params["start_month"]:
            return 0.0
        intensity = self.intensity(month)
        self._cost_month = self.act(ctx, intensity)
        if month >= 0:
            self.records.append(PolicyRecord(month + 1, intensity, self._cost_month))
        return self._cost_month

    def intensity(self, month: int) -> float:
        """0-1: how far the policy is phased in."""
        phase = self.params["phase_in_months"]
        if phase <= 0:
            return 1.0
        return min(1.0, (month - self.params["start_month"] + 1) / phase)

    def act(self, ctx: Context, intensity: float) -> float:
        """Add this lever's contribution for the month; return its own cost this month."""
        raise NotImplementedError

    def monthly_cost(self) -> float:
        """The policy's own cost to the municipality this month (FTE, subsidies...)."""
        return self._cost_month

    def describe(self) -> dict[str, Any]:
        """Name and parameters, for run.json and reports."""
        return {"policy": self.name, **self.params}

    # -- helpers for subclasses ---------------------------------------------------------------
    def for_population(self, ctx: Context, rate: float, per: int, intensity: float) -> float:
        """A rate per ``per`` residents, scaled to this municipality and the phase-in."""
        return rate * ctx.residents / per * intensity

    def shift(self, ctx: Context, name: str, target: Any, intensity: float) -> None:
        """Move a registry parameter from its input value towards ``target``."""
        ctx.shift(name, target, intensity, self.name)

    def set(self, ctx: Context, name: str, value: Any) -> None:
        """Set a registry parameter for this month (combined with other levers' shifts)."""
        ctx.shift(name, value, None, self.name)

    def rule(self, ctx: Context, name: str, value: Any) -> None:
        """Contribute to a decision rule (combined with other levers' contributions)."""
        ctx.rules.apply(name, value, self.name)

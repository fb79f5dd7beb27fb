"""The policy base class: uniform hooks for every lever (Starsim's interventions).

A policy declares its parameters once (default, unit, range or choices, source),
validates them when built and again against the model, acts from its start month
(optionally phased in over some months) by changing capacities, decision rules,
thresholds or prices, keeps its own records, and reports its own monthly cost to the
municipality. The model calls the same hooks for every policy and never asks which
policy it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from model.params import ConfigError, Parameter, suggest

if TYPE_CHECKING:
    from model.care_model import CareModel


def param(
    default: Any,
    unit: str,
    source: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
) -> Parameter:
    """Declare a policy parameter (the same type the registry uses)."""
    return Parameter("", default, unit, source, low, high, choices)


COMMON: dict[str, Parameter] = {
    "start_month": param(0, "months after the start of the run", "policy choice", 0, 600),
    "phase_in_months": param(0, "months to reach full strength", "policy choice", 0, 120),
}


@dataclass
class PolicyRecord:
    """What a policy did in one month (its own bookkeeping)."""

    month: int
    intensity: float
    cost_eur: float


class Policy:
    """Base class: subclasses set ``name``, ``label``, ``dutch``, ``PARAMS`` and ``act``."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "lever"
    label: ClassVar[str] = ""
    dutch: ClassVar[str] = ""
    PARAMS: ClassVar[dict[str, Parameter]] = {}

    def __init__(self, **values: Any) -> None:
        self.params = self.check(values, f"policy {self.name}: ")
        self.records: list[PolicyRecord] = []
        self.counts: Counter[str] = Counter()
        self._cost_month = 0.0
        self._status_quo: dict[str, Any] = {}

    @classmethod
    def declared(cls) -> dict[str, Parameter]:
        """All parameters of this policy, common ones included."""
        return {**COMMON, **cls.PARAMS}

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
            spec = Parameter(key, *_spec_fields(declared[key]))
            checked[key] = spec.validate(value, where)
        return checked

    # -- hooks the model calls ------------------------------------------------------------
    def validate(self, model: CareModel) -> None:
        """Check the policy fits this model; subclasses extend it for their own checks."""
        horizon = model.years * 12
        if self.params["start_month"] >= horizon:
            raise ConfigError(
                f"policy {self.name}: start_month = {self.params['start_month']} is beyond the "
                f"horizon of {horizon} months; use a start month in [0, {horizon - 1}]"
            )

    def apply(self, model: CareModel) -> None:
        """Monthly hook: act with the phase-in intensity from the start month on."""
        self._cost_month = 0.0
        month = model.month  # 0 = the first recorded month
        if month < self.params["start_month"]:
            return
        intensity = self.intensity(month)
        self._cost_month = self.act(model, intensity)
        if month >= 0:
            self.records.append(PolicyRecord(month + 1, intensity, self._cost_month))

    def intensity(self, month: int) -> float:
        """0-1: how far the policy is phased in."""
        phase = self.params["phase_in_months"]
        if phase <= 0:
            return 1.0
        return min(1.0, (month - self.params["start_month"] + 1) / phase)

    def act(self, model: CareModel, intensity: float) -> float:
        """Change behaviour for this month; return the policy's own cost this month."""
        raise NotImplementedError

    def monthly_cost(self, model: CareModel) -> float:
        """The policy's own cost to the municipality this month (FTE, subsidies...)."""
        return self._cost_month

    def describe(self) -> dict[str, Any]:
        """Name and parameters, for run.json and reports."""
        return {"policy": self.name, **self.params}

    # -- helpers for subclasses ---------------------------------------------------------------
    def for_population(self, model: CareModel, rate: float, per: int, intensity: float) -> float:
        """A rate per ``per`` residents, scaled to this municipality and the phase-in."""
        return rate * model.profile["population.residents"] / per * intensity

    def shift_param(self, model: CareModel, name: str, target: Any, intensity: float) -> None:
        """Move a model parameter from its status quo towards ``target`` by ``intensity``."""
        if name not in self._status_quo:
            self._status_quo[name] = model.profile[name]
        start = self._status_quo[name]
        if isinstance(target, str) or isinstance(start, str):
            value = target if intensity >= 0.5 else start
        else:
            value = start + (target - start) * intensity
            if isinstance(start, int) and not isinstance(start, bool):
                value = int(round(value))
        model.set_param(name, value)


def _spec_fields(spec: Parameter) -> tuple:
    return (spec.default, spec.unit, spec.source, spec.low, spec.high, spec.choices)

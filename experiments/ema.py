"""carescape for the EMA Workbench: uncertainties, levers and outcomes from the registry.

```python
from ema_workbench import perform_experiments
from ema_workbench.analysis import prim
from experiments.ema import carescape_model

model = carescape_model(
    uncertainties=["adult_needs.help_seeking", ("youth_needs.onset_rate", 0.06, 0.12)],
    levers=["policies.poh_ggz.coverage"],
    outcomes=["clients_youth", "spend_total_eur"],
    residents=20000, years=5,
)
experiments, outcomes = perform_experiments(model, scenarios=100, policies=4)
x = experiments[[u.name for u in model.uncertainties]].astype(float)  # PRIM: floats
box = prim.Prim(x, outcomes["clients_youth"] > 900).find_box()
```

``uncertainty_paths(["adult_needs"], assumptions_only=True)`` and ``lever_paths(["poh_ggz"])``
list the registry's and the policies' parameters as paths. Inputs use the sweep paths
(see ``experiments.sweep``): profile parameters and
``external.<name>.<param>`` are uncertainties, ``policies.<lever>.<param>`` are levers.
Their type, default and range come from the parameter registry or the policy's
declaration, so a range outside the registry fails here and not in run 537. EMA names
must be Python identifiers, so ``a.b.c`` is called ``a__b__c`` in EMA's tables; the
model function receives the dotted paths (EMA's ``variable_name``). A scalar outcome is
the indicator's figure in the last recorded year (stocks: yearly mean; flows: yearly
sum); a series outcome (``<name>_series``) is the monthly values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from experiments.sweep import (
    LEVER,
    OUTPUTS,
    UNCERTAINTY,
    Factor,
    SweepSpec,
    check_value,
    resolve_path,
    split_inputs,
)
from model.care_model import DEFAULT_BURN_IN_MONTHS
from model.params import REGISTRY, ConfigError, Profile, resolve_profile
from model.policies import LEVERS
from model.scenarios import Scenario, load_scenario

HEADLINE_OUTCOMES = ("clients_wmo", "clients_youth", "spend_total_eur", "unmet_need")
InputSpec = str | tuple | Mapping[str, Any] | Factor


def ema_name(path: str) -> str:
    """The EMA name (a Python identifier) of a dotted path."""
    return path.replace(".", "__")


def uncertainty_paths(
    sections: Sequence[str] | None = None, assumptions_only: bool = False
) -> list[str]:
    """Registry parameters as uncertainty paths, e.g. every assumption in some sections.

    Args:
        sections: registry sections to include (``adult_needs``, ``network``...); all if None.
        assumptions_only: keep only parameters whose source says "assumption".
    """
    return [
        name
        for name, parameter in REGISTRY.items()
        if (sections is None or name.split(".")[0] in sections)
        and (parameter.is_assumption or not assumptions_only)
    ]


def lever_paths(levers: Sequence[str] | None = None) -> list[str]:
    """The levers' own parameters as paths (``policies.<lever>.<param>``; not the timing)."""
    chosen = sorted(LEVERS) if levers is None else list(levers)
    unknown = [name for name in chosen if name not in LEVERS]
    if unknown:
        raise ConfigError(f"{unknown[0]!r} is not a lever; use one of {', '.join(sorted(LEVERS))}")
    return [f"policies.{name}.{key}" for name in chosen for key in LEVERS[name].PARAMS]


def ema_parameter(entry: InputSpec, kind: str | None = None):
    """An EMA parameter for a path, a (path, low, high) tuple, a dict or a sweep Factor.

    Args:
        entry: the input; a tuple or dict may give ``low``/``high`` or ``values``.
        kind: "uncertainty" or "lever" to insist on; None accepts either.

    Returns:
        A RealParameter, IntegerParameter, CategoricalParameter or BooleanParameter whose
        ``variable_name`` is the dotted path.
    """
    from ema_workbench import (
        BooleanParameter,
        CategoricalParameter,
        IntegerParameter,
        RealParameter,
    )

    factor = entry if isinstance(entry, Factor) else _factor(entry)
    if kind is not None and factor.kind != kind:
        label = {LEVER: "a lever", UNCERTAINTY: "an uncertainty"}
        raise ConfigError(
            f"{factor.path} is {label[factor.kind]}, not {label.get(kind, kind)}: profile and "
            "external.* parameters are uncertainties, policies.* parameters are levers"
        )
    name, path = ema_name(factor.path), factor.path
    if factor.dtype == "bool" and factor.values in (None, (False, True), (True, False)):
        return BooleanParameter(name, variable_name=path)
    if factor.values is not None:
        return CategoricalParameter(name, list(factor.values), variable_name=path)
    if factor.dtype == "int":
        return IntegerParameter(name, int(factor.low), int(factor.high), variable_name=path)
    return RealParameter(name, float(factor.low), float(factor.high), variable_name=path)


def _factor(entry: InputSpec) -> Factor:
    if isinstance(entry, str):
        entry = {"path": entry}
    elif isinstance(entry, tuple):
        if len(entry) != 3:
            raise ConfigError(f"{entry!r}: give a path or (path, low, high)")
        entry = dict(zip(("path", "low", "high"), entry, strict=True))
    path = entry.get("path")
    kind, spec = resolve_path(path, "")
    if spec.choices is not None or "values" in entry:
        values = tuple(check_value(spec, v, "values: ") for v in entry.get("values", spec.choices))
        return Factor(path, kind, spec, values)
    low = check_value(spec, entry.get("low", spec.low), "low: ")
    high = check_value(spec, entry.get("high", spec.high), "high: ")
    if not low < high:
        raise ConfigError(f"{path}: low = {low} must be below high = {high}")
    return Factor(path, kind, spec, None, low, high)


def _plain(value: Any) -> Any:
    """Plain Python values for numpy scalars from EMA's samplers (the registry checks types)."""
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


@dataclass(frozen=True)
class CarescapeFunction:
    """The function EMA calls: inputs by dotted path in, outcomes by name out (picklable)."""

    profile: Profile
    scenario: Scenario
    years: int
    seed: int
    outputs: tuple[str, ...]
    series: tuple[str, ...] = ()
    constants: Mapping[str, Any] = field(default_factory=dict)
    start: str = "2025-01"
    burn_in_months: int = DEFAULT_BURN_IN_MONTHS

    def __call__(self, **inputs: Any) -> dict[str, Any]:
        """Run one model with these inputs; the last year's figures and monthly series."""
        from model.aggregate import monthly, yearly
        from model.care_model import CareModel
        from model.policies import CATALOGUE
        from model.results import to_table

        values = {**self.constants, **{k: _plain(v) for k, v in inputs.items()}}
        seed = int(values.pop("seed", self.seed))
        overrides, policies = split_inputs(self.scenario, values)
        model = CareModel(
            preset=None,
            profile=self.profile,
            years=self.years,
            rng=seed,
            start=self.start,
            policies=[CATALOGUE[name](**params) for name, params in policies],
            overrides=overrides,
            burn_in_months=self.burn_in_months,
        )
        model.run()
        table = to_table(model.records)
        figures = yearly(table, self.outputs)
        result: dict[str, Any] = {name: float(figures[name][-1]) for name in self.outputs}
        for name in self.series:
            result[f"{name}_series"] = monthly(table, name).astype(float)
        return result


def carescape_model(
    uncertainties: Iterable[InputSpec] = (),
    levers: Iterable[InputSpec] = (),
    outcomes: Sequence[str] = HEADLINE_OUTCOMES,
    series: Sequence[str] = (),
    preset: str | None = None,
    profile: str | Path | None = None,
    scenario: str | Path | Scenario | None = None,
    residents: int | None = None,
    years: int = 10,
    seed: int = 1,
    constants: Mapping[str, Any] | None = None,
    name: str = "carescape",
):
    """An ``ema_workbench.Model`` of carescape with these inputs and outcomes.

    Args:
        uncertainties: paths (or (path, low, high), dicts, Factors) of uncertain inputs;
            ranges default to the registry's.
        levers: paths of policy parameters (``policies.<lever>.<param>``).
        outcomes: indicators reported as the last recorded year's figure.
        series: indicators reported as monthly arrays (``<name>_series``).
        preset: a built-in municipality (default: the scenario's, else "default").
        profile: a profile file, instead of a preset.
        scenario: a built-in scenario or scenario file whose policies are the baseline.
        residents: override of ``population.residents``.
        years: recorded years per run.
        seed: the seed of every run (EMA varies the inputs; an uncertainty or constant
            named ``seed`` varies it too).
        constants: fixed path = value inputs.
        name: the EMA model name.
    """
    base = scenario if isinstance(scenario, Scenario) else None
    if base is None:
        base = load_scenario(scenario) if scenario is not None else Scenario("ema", preset=None)
    if preset is not None or profile is not None:
        chosen = resolve_profile(preset if profile is None else None, profile)
    else:
        chosen = resolve_profile(base.preset if base.profile is None else None, base.profile)
    fixed = dict(constants or {})
    if residents is not None:
        fixed["population.residents"] = residents
    for path, value in fixed.items():
        _, spec = resolve_path(path, "constants: ")
        fixed[path] = check_value(spec, value, "constants: ")
    function = CarescapeFunction(
        chosen, base, int(years), int(seed), tuple(outcomes), tuple(series), fixed, base.start
    )
    return _model(name, function, uncertainties, levers)


def model_from_spec(spec: SweepSpec, outcomes: Sequence[str] | None = None, name: str = ""):
    """The EMA model of a sweep spec: its factors split into uncertainties and levers."""
    schema = tuple(o for o in spec.outputs if o in OUTPUTS)  # a spec's own outcomes: analyze
    chosen = tuple(outcomes or (schema if spec.outputs_chosen else HEADLINE_OUTCOMES))
    function = CarescapeFunction(
        spec.profile,
        spec.scenario,
        spec.years,
        spec.seeds[0],
        chosen,
        (),
        dict(spec.constants),
        spec.start,
        spec.burn_in_months,
    )
    uncertainties = [f for f in spec.factors if f.kind == UNCERTAINTY]
    levers = [f for f in spec.factors if f.kind == LEVER]
    return _model(name or _identifier(spec.name), function, uncertainties, levers)


def _model(
    name: str,
    function: CarescapeFunction,
    uncertainties: Iterable[InputSpec],
    levers: Iterable[InputSpec],
):
    from ema_workbench import ArrayOutcome, Model, ScalarOutcome

    for output in (*function.outputs, *function.series):
        if output not in OUTPUTS:
            raise ConfigError(
                f"outcome {output!r} is not an indicator; use one of {', '.join(OUTPUTS)}"
            )
    model = Model(name, function=function)
    model.uncertainties = [ema_parameter(u, UNCERTAINTY) for u in uncertainties]
    model.levers = [ema_parameter(lever, LEVER) for lever in levers]
    model.outcomes = [ScalarOutcome(o, variable_name=o) for o in function.outputs] + [
        ArrayOutcome(f"{s}_series", variable_name=f"{s}_series") for s in function.series
    ]
    return model


def _identifier(text: str) -> str:
    name = "".join(c if c.isalnum() else "_" for c in text)
    return name if name.isidentifier() else f"carescape_{name}"


def prim_inputs(experiments, model) -> Any:
    """The experiments' input columns ready for PRIM: numbers as floats (pandas 3 needs it)."""
    names = [p.name for p in (*model.uncertainties, *model.levers)]
    x = experiments[names].copy()
    for column in names:
        if x[column].dtype.kind in "iub":
            x[column] = x[column].astype(float)
    return x

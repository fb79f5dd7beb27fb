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
A policy's own parameter may be an uncertainty too (``uncertainties=
["policies.poh_ggz.coverage"]``: a measure's reach the municipality cannot set; in a
spec, ``kind = "uncertainty"`` in its ``[[sweep.vary]]`` entry); a profile parameter is
never a lever. Their type, default and range come from the parameter registry or the
policy's declaration, so a range outside the registry fails here and not in run 537. EMA
names must be Python identifiers, so ``a.b.c`` is called ``a__b__c`` in EMA's tables;
the model function receives the dotted paths (EMA's ``variable_name``).

Outcomes: a scalar outcome is the indicator's figure in the last recorded year (stocks:
yearly mean; flows: yearly sum), for recorded indicators and the derived outcomes
(``net_cost_eur``...); a series outcome (``<name>_series``) is the monthly values; a
spec's own outcomes (``[[sweep.outcomes]]``, ``experiments.outcomes``) are one figure
per run over their own window, as ``carescape analyze`` computes them.

Seeds: ``seed`` is an input like any other: an uncertainty (``("seed", 1, 1000)``, an
integer range; bare ``"seed"`` spans 0 .. 2^31 - 1) or a constant, and a run with seed
``s`` is the run ``CareModel(..., rng=s)``. Replicates (``seeds=[1, 2, 3]``, and every
seed of a spec in ``model_from_spec``) run each experiment once per seed with the same
inputs: each scalar outcome is the **mean over the seeds**, and ``<name>_seeds`` holds
the per-seed figures (an array outcome, in seed order) so that seed noise stays
visible; series are averaged over the seeds. A ``seed`` input overrides the replicates.

Arms: a spec with ``[[sweep.arms]]`` becomes a model whose only lever is ``arm`` (a
categorical over the arms' names) and whose uncertainties are all of the spec's varied
factors, as in the sweep, where every design point runs under every arm. Run it with
``perform_experiments(model, scenarios=n, policies=arm_policies(spec))``: every
scenario under every arm, with the same seeds (common random numbers), so the
difference of two arms per scenario is paired.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from experiments.arms import Arm, arm_scenario
from experiments.outcomes import SpecOutcome
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
from model.params import REGISTRY, ConfigError, Parameter, Profile, resolve_profile
from model.policies import LEVERS
from model.results import DERIVED
from model.scenarios import Scenario, load_scenario

HEADLINE_OUTCOMES = ("clients_wmo", "clients_youth", "spend_total_eur", "unmet_need")
InputSpec = str | tuple | Mapping[str, Any] | Factor
SEED, ARM = "seed", "arm"
SEED_PARAMETER = Parameter(SEED, 1, "seed", "the run's random stream (CareModel rng)", 0, 2**31 - 1)


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
    if kind == LEVER and not factor.path.startswith("policies."):
        raise ConfigError(
            f"{factor.path} is an uncertainty, not a lever: profile and external.* "
            "parameters (and the seed) are uncertainties, policies.* parameters are levers "
            "(or uncertainties)"
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
    kind, spec = _resolve(path, "")
    if spec.choices is not None or "values" in entry:
        values = tuple(check_value(spec, v, "values: ") for v in entry.get("values", spec.choices))
        return Factor(path, kind, spec, values)
    low = check_value(spec, entry.get("low", spec.low), "low: ")
    high = check_value(spec, entry.get("high", spec.high), "high: ")
    if not low < high:
        raise ConfigError(f"{path}: low = {low} must be below high = {high}")
    return Factor(path, kind, spec, None, low, high)


def _resolve(path: Any, where: str) -> tuple[str, Parameter]:
    """A path's kind and declaration, ``seed`` included (an integer uncertainty)."""
    if path == SEED:
        return UNCERTAINTY, SEED_PARAMETER
    return resolve_path(path, where)


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
    """The function EMA calls: inputs by dotted path in, outcomes by name out (picklable).

    ``seeds`` are the replicates (empty: ``seed`` alone); ``arms`` the spec's packages
    (input ``arm`` picks one by name; without it the first, the reference); ``own`` the
    spec's own outcomes.
    """

    profile: Profile
    scenario: Scenario
    years: int
    seed: int
    outputs: tuple[str, ...]
    series: tuple[str, ...] = ()
    constants: Mapping[str, Any] = field(default_factory=dict)
    start: str = "2025-01"
    burn_in_months: int = DEFAULT_BURN_IN_MONTHS
    seeds: tuple[int, ...] = ()
    arms: tuple[Arm, ...] = ()
    own: tuple[SpecOutcome, ...] = ()

    @property
    def scalars(self) -> tuple[str, ...]:
        """The names of the scalar outcomes: indicators, then the spec's own."""
        return (*self.outputs, *(o.name for o in self.own))

    @property
    def replicated(self) -> bool:
        """True when every experiment runs several seeds (``<name>_seeds`` outcomes)."""
        return len(self.seeds) > 1

    def __call__(self, **inputs: Any) -> dict[str, Any]:
        """Run the inputs once per seed; the last year's figures (mean over the seeds)."""
        values = {**self.constants, **{k: _plain(v) for k, v in inputs.items()}}
        seeds = (int(values.pop(SEED)),) if SEED in values else (self.seeds or (self.seed,))
        scenario, settings = self._arm(values.pop(ARM, None))
        overrides, policies = split_inputs(scenario, {**settings, **values})
        runs = [self.run_one(seed, overrides, policies) for seed in seeds]
        result: dict[str, Any] = {}
        for name in self.scalars:
            per_seed = np.array([run[name] for run in runs], dtype=float)
            result[name] = float(per_seed.mean())
            if self.replicated:
                result[f"{name}_seeds"] = per_seed
        for name in self.series:
            key = f"{name}_series"
            result[key] = np.mean([run[key] for run in runs], axis=0)
        return result

    def _arm(self, name: Any) -> tuple[Scenario, Mapping[str, Any]]:
        """The scenario and settings of the arm called ``name`` (None: the first arm)."""
        if not self.arms:
            if name is not None:
                raise ConfigError(f"arm = {name!r}: this model has no arms")
            return self.scenario, {}
        chosen = (
            self.arms[0] if name is None else next((a for a in self.arms if a.name == name), None)
        )
        if chosen is None:
            names = ", ".join(a.name for a in self.arms)
            raise ConfigError(f"arm = {name!r} is not an arm of this model; use one of {names}")
        return arm_scenario(chosen, self.scenario), chosen.settings

    def run_one(
        self, seed: int, overrides: Mapping[str, Any], policies: list[tuple[str, dict]]
    ) -> dict[str, Any]:
        """One model run with one seed: its scalar outcomes and monthly series."""
        from model.aggregate import monthly, with_derived, yearly
        from model.care_model import CareModel
        from model.policies import CATALOGUE
        from model.results import to_table

        model = CareModel(
            preset=None,
            profile=self.profile,
            years=self.years,
            rng=int(seed),
            start=self.start,
            policies=[CATALOGUE[name](**params) for name, params in policies],
            overrides=dict(overrides),
            burn_in_months=self.burn_in_months,
        )
        model.run()
        table = to_table(model.records)
        figures = yearly(table, None if self.own else self.outputs)
        result: dict[str, Any] = {name: float(figures[name][-1]) for name in self.outputs}
        if self.own:
            from experiments.targets import series_of

            columns = with_derived(series_of(table))
            for outcome in self.own:
                result[outcome.name] = outcome.evaluate(figures, columns)
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
    seeds: Sequence[int] = (),
):
    """An ``ema_workbench.Model`` of carescape with these inputs and outcomes.

    Args:
        uncertainties: paths (or (path, low, high), dicts, Factors) of uncertain inputs;
            ranges default to the registry's; ``policies.*`` parameters and ``seed`` too.
        levers: paths of policy parameters (``policies.<lever>.<param>``).
        outcomes: indicators and derived outcomes reported as the last recorded year's
            figure.
        series: indicators reported as monthly arrays (``<name>_series``).
        preset: a built-in municipality (default: the scenario's, else "default").
        profile: a profile file, instead of a preset.
        scenario: a built-in scenario or scenario file whose policies are the baseline.
        residents: override of ``population.residents``.
        years: recorded years per run.
        seed: the seed of every run (an uncertainty or constant named ``seed`` varies it).
        constants: fixed path = value inputs (``seed`` included).
        name: the EMA model name.
        seeds: replicates: each experiment runs every seed; outcomes are the mean over
            them, ``<name>_seeds`` the per-seed figures (see the module docstring).
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
        _, spec = _resolve(path, "constants: ")
        fixed[path] = check_value(spec, value, "constants: ")
    replicates = tuple(int(check_value(SEED_PARAMETER, s, "seeds: ")) for s in seeds)
    function = CarescapeFunction(
        chosen,
        base,
        int(years),
        int(seed),
        tuple(outcomes),
        tuple(series),
        fixed,
        base.start,
        seeds=replicates,
    )
    return _model(name, function, uncertainties, levers)


def model_from_spec(spec: SweepSpec, outcomes: Sequence[str] | None = None, name: str = ""):
    """The EMA model of a sweep spec: its factors split into uncertainties and levers.

    Every seed of the spec is a replicate; the spec's own outcomes and the derived
    outcomes are outcomes; with arms, ``arm`` is the lever (see the module docstring).

    Args:
        spec: the validated spec.
        outcomes: the outcomes (indicators, derived, the spec's own); default: the
            spec's chosen outputs, else the headline indicators, the derived outcomes
            and the spec's own.
        name: the EMA model name (default: the spec's name as an identifier).
    """
    own = {o.name: o for o in spec.outcomes}
    if outcomes is None:
        default = (*HEADLINE_OUTCOMES, *DERIVED, *own)
        outcomes = spec.outputs if spec.outputs_chosen else default
    unknown = [o for o in outcomes if o not in OUTPUTS and o not in own]
    if unknown:
        raise ConfigError(
            f"outcome {unknown[0]!r} is neither an indicator nor an outcome of the spec; use "
            f"one of {', '.join([*OUTPUTS, *own])}"
        )
    function = CarescapeFunction(
        spec.profile,
        spec.scenario,
        spec.years,
        spec.seeds[0],
        tuple(o for o in outcomes if o not in own),
        (),
        dict(spec.constants),
        spec.start,
        spec.burn_in_months,
        seeds=tuple(spec.seeds),
        arms=tuple(spec.arms),
        own=tuple(own[o] for o in outcomes if o in own),
    )
    if spec.arms:  # the design is the scenarios, the arms the policies (as in the sweep)
        uncertainties, levers = list(spec.factors), []
    else:
        uncertainties = [f for f in spec.factors if f.kind == UNCERTAINTY]
        levers = [f for f in spec.factors if f.kind == LEVER]
    return _model(name or _identifier(spec.name), function, uncertainties, levers)


def arm_policies(spec: SweepSpec) -> list[Any]:
    """One EMA policy (a ``Sample`` named after the arm) per arm of the spec, in order."""
    from ema_workbench import Sample

    if not spec.arms:
        raise ConfigError(f"{spec.origin}: the spec declares no [[sweep.arms]]")
    return [Sample(arm.name, **{ARM: arm.name}) for arm in spec.arms]


def _model(
    name: str,
    function: CarescapeFunction,
    uncertainties: Iterable[InputSpec],
    levers: Iterable[InputSpec],
):
    from ema_workbench import ArrayOutcome, CategoricalParameter, Model, ScalarOutcome

    for output in (*function.outputs, *function.series):
        if output not in OUTPUTS:
            raise ConfigError(
                f"outcome {output!r} is not an indicator; use one of {', '.join(OUTPUTS)}"
            )
    model = Model(name, function=function)
    model.uncertainties = [ema_parameter(u, UNCERTAINTY) for u in uncertainties]
    model.levers = [ema_parameter(lever, LEVER) for lever in levers]
    if function.arms:
        model.levers = [*model.levers, CategoricalParameter(ARM, [a.name for a in function.arms])]
    scalars = function.scalars
    seeds = [f"{o}_seeds" for o in scalars] if function.replicated else []
    model.outcomes = (
        [ScalarOutcome(o, variable_name=o) for o in scalars]
        + [ArrayOutcome(s, variable_name=s) for s in seeds]
        + [ArrayOutcome(f"{s}_series", variable_name=f"{s}_series") for s in function.series]
    )
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

"""Sweep specifications: a TOML file, validated on load, and the design of runs it implies.

```toml
[sweep]
name = "poh-coverage"
preset = "default"          # or profile = "my-town.toml" (relative to this file)
scenario = "poh-ggz"        # optional: a built-in scenario or a scenario file
years = 10
replicates = 5              # seeds 1..5 (first_seed = 1), or seeds = [11, 12, 13]
design = "grid"             # grid | lhs | sobol | morris
samples = 64                # lhs: points; sobol: base samples (power of 2); morris: trajectories
outputs = ["clients_youth", "net_cost_eur"]  # default: all indicators and derived outcomes

[sweep.constants]           # fixed inputs for every run (EMA's constants)
"population.residents" = 20000

[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 0.5, 1.0]    # or low = 0.0, high = 1.0 (and levels = 3 for a grid)

[[sweep.outcomes]]          # an outcome of the spec's own (experiments.outcomes)
name = "youth_per_resident"
expr = "mean(clients_youth / youth_residents)"
years = [3, 10]
```

Outputs are the results schema's recorded indicators and its derived outcomes (the net
cost including the measures' own cost, the residents reached); a spec's own outcomes
are added to them.

Inputs are addressed by dotted path. A profile parameter from the registry
(``adult_needs.help_seeking``) and an external scenario's parameter
(``external.covid_shock.onset_factor``) are *uncertainties*: the municipality does not
control them. A policy parameter (``policies.poh_ggz.coverage``) is a *lever*, unless
its ``[[sweep.vary]]`` entry says ``kind = "uncertainty"`` (a measure's reach or effect
the municipality cannot set; only the EMA adapter, ``experiments.ema``, reads the kind).
``policies.<lever>.enabled`` (and ``external.<name>.enabled``) switches a policy on or
off. Naming a policy that the scenario does not contain adds it with its defaults.

Every value, bound and combination is checked here, before anything is written: an
unknown path fails with the valid ones at that level, a value outside the registry's
range fails with the range, and every design point's profile is checked for
consistency (e.g. the 80+ share below the 65+ share).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from experiments.arms import Arm, arm_scenario, parse_arms
from experiments.outcomes import SCHEMA_OUTPUTS, SpecOutcome, parse_outcomes
from model.care_model import DEFAULT_BURN_IN_MONTHS
from model.context import parse_start
from model.params import (
    REGISTRY,
    ConfigError,
    Parameter,
    Profile,
    flatten,
    read_toml,
    resolve_profile,
    shown,
    suggest,
    text_field,
)
from model.policies import EXTERNALS, LEVERS
from model.scenarios import Scenario, load_scenario

DESIGNS = ("grid", "lhs", "sobol", "morris")
SWEEP_KEYS = (
    "name",
    "description",
    "preset",
    "profile",
    "scenario",
    "years",
    "start",
    "burn_in_months",
    "replicates",
    "first_seed",
    "seeds",
    "design",
    "samples",
    "levels",
    "second_order",
    "sample_seed",
    "outputs",
    "outcomes",
    "constants",
    "vary",
    "arms",
)
VARY_KEYS = ("path", "values", "low", "high", "levels", "kind")
OUTPUTS = SCHEMA_OUTPUTS
UNCERTAINTY, LEVER = "uncertainty", "lever"
ENABLED = Parameter("enabled", True, "switch", "sweep", choices=(False, True))


@dataclass(frozen=True)
class Factor:
    """One varied input: its path, whether it is an uncertainty or a lever, and its range.

    Sampled designs draw a number ``u`` in [0, 1) per factor and map it with
    ``from_unit``: a listed set of ``values`` is picked from uniformly, an integer range
    uniformly over its integers, a real range linearly.
    """

    path: str
    kind: str
    spec: Parameter
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None

    @property
    def dtype(self) -> str:
        """The value type: 'bool', 'str', 'int' or 'float'."""
        if isinstance(self.spec.default, bool):
            return "bool"
        if self.spec.choices is not None:
            return "str"
        return "int" if isinstance(self.spec.default, int) else "float"

    def from_unit(self, u: float) -> Any:
        """The value for a unit-interval draw ``u``."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.dtype == "int":
            span = int(self.high) - int(self.low)
            return int(self.low) + min(int(math.floor(u * (span + 1))), span)
        return float(self.low + u * (self.high - self.low))

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description (for sweep.json)."""
        out: dict[str, Any] = {"path": self.path, "kind": self.kind, "dtype": self.dtype}
        if self.values is not None:
            out["values"] = list(self.values)
        else:
            out["low"], out["high"] = self.low, self.high
        return out


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: the municipality, the horizon, the seeds and the factors."""

    name: str
    origin: str
    profile: Profile
    scenario: Scenario
    years: int
    start: str
    burn_in_months: int
    seeds: tuple[int, ...]
    design: str
    samples: int | None
    levels: int | None
    second_order: bool
    sample_seed: int
    outputs: tuple[str, ...]
    outputs_chosen: bool
    factors: tuple[Factor, ...]
    constants: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    outcomes: tuple[SpecOutcome, ...] = ()
    arms: tuple[Arm, ...] = ()  # every point runs under every arm, same seeds
    text: str = ""  # the spec file's text (sweep.json keeps it; not in the fingerprint)

    @property
    def stored(self) -> tuple[str, ...]:
        """The schema outputs each run's part holds: the chosen ones and the outcomes' inputs.

        A function outcome without ``inputs`` reads every stored output.
        """
        names = [o for o in self.outputs if o in SCHEMA_OUTPUTS]
        names += [name for o in self.outcomes for name in o.inputs]
        return tuple(dict.fromkeys(names))

    def problem(self) -> dict[str, Any]:
        """The SALib problem: every factor on the unit interval."""
        return {
            "num_vars": len(self.factors),
            "names": [f.path for f in self.factors],
            "bounds": [[0.0, 1.0]] * len(self.factors),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything that determines the runs, JSON-ready (sweep.json, the fingerprint)."""
        data = {
            "name": self.name,
            "description": self.description,
            "origin": self.origin,
            "profile": {"name": self.profile.name, "values": dict(self.profile.values)},
            "scenario": self.scenario.to_toml_dict(),
            "years": self.years,
            "start": self.start,
            "burn_in_months": self.burn_in_months,
            "seeds": list(self.seeds),
            "design": self.design,
            "samples": self.samples,
            "levels": self.levels,
            "second_order": self.second_order,
            "sample_seed": self.sample_seed,
            "outputs": list(self.outputs),
            "outputs_chosen": self.outputs_chosen,
            "constants": self.constants,
            "factors": [f.describe() for f in self.factors],
        }
        if self.outcomes:  # only when declared: older sweeps keep their fingerprint
            data["outcomes"] = [o.describe() for o in self.outcomes]
            data["stored"] = list(self.stored)
        if self.arms:
            data["arms"] = [a.describe() for a in self.arms]
        return data

    def fingerprint(self) -> str:
        """A hash of everything that determines the runs (not the file's comments or name)."""
        from experiments.provenance import fingerprint

        data = {k: v for k, v in self.to_dict().items() if k not in ("origin", "description")}
        return fingerprint(data)


@dataclass(frozen=True)
class Design:
    """The design points (one value per factor) and, for sampled designs, the unit sample."""

    points: list[dict[str, Any]]
    unit: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.points)


@dataclass(frozen=True)
class PlannedRun:
    """One run: a design point under one arm with one seed."""

    run: int
    point: int
    replicate: int
    seed: int
    arm: int = 0  # index into spec.arms (0 when the spec declares none)


# -- paths -------------------------------------------------------------------------------
def resolve_path(path: Any, where: str, entry: str | None = None) -> tuple[str, Parameter]:
    """Whether ``path`` is an uncertainty or a lever, and its declared parameter.

    Raises:
        ConfigError: for an unknown path, listing the valid ones at the level that failed.
    """
    entry = entry or f"path = {path!r}"  # how the message shows the entry that names it
    if not isinstance(path, str) or not path:
        raise ConfigError(f"{where}{entry} must be a dotted name such as 'a.b'")
    head, _, rest = path.partition(".")
    if head in ("policies", "external"):
        return _resolve_policy_path(path, head, rest, where, entry)
    if path in REGISTRY:
        return UNCERTAINTY, REGISTRY[path]
    sections = sorted({name.split(".")[0] for name in REGISTRY})
    if head in sections:
        keys = [name for name in REGISTRY if name.startswith(head + ".")]
        raise ConfigError(
            f"{where}{entry} is not a known parameter{suggest(path, keys)}; "
            f"valid paths in {head}: {', '.join(keys)}"
        )
    raise ConfigError(
        f"{where}{entry} is not a known parameter{suggest(head, sections)}; valid "
        f"paths are <section>.<name> with section one of {', '.join(sections)} "
        "(`carescape params` lists them all), policies.<lever>.<param> with lever one of "
        f"{', '.join(sorted(LEVERS))}, or external.<name>.<param> with name one of "
        f"{', '.join(sorted(EXTERNALS))}"
    )


def _resolve_policy_path(
    path: str, head: str, rest: str, where: str, entry: str
) -> tuple[str, Parameter]:
    table = LEVERS if head == "policies" else EXTERNALS
    what = "lever" if head == "policies" else "external scenario"
    name, _, key = rest.partition(".")
    if name not in table:
        raise ConfigError(
            f"{where}{entry}: {name!r} is not a known {what}"
            f"{suggest(name, list(table))}; valid: {head}.<name>.<param> with name one of "
            f"{', '.join(sorted(table))}"
        )
    declared = {**table[name].declared(), "enabled": ENABLED}
    if key not in declared:
        valid = [f"{head}.{name}.{k}" for k in sorted(declared)]
        raise ConfigError(
            f"{where}{entry}: {key!r} is not a parameter of {name}"
            f"{suggest(key, list(declared))}; valid paths: {', '.join(valid)}"
        )
    spec = dataclasses.replace(declared[key], name=path)
    return (LEVER if head == "policies" else UNCERTAINTY), spec


def check_value(spec: Parameter, value: Any, where: str) -> Any:
    """A value checked against its declaration (bool switches must be true or false).

    ``where`` says where the value stands (file, table); the message adds the path itself.
    """
    if isinstance(spec.default, bool):
        if not isinstance(value, bool):
            raise ConfigError(
                f"{where}{spec.name} = {shown(value)} is not allowed; use true or false"
            )
        return value
    return spec.validate(value, where)


# -- loading -----------------------------------------------------------------------------
def load_spec(path: str | Path) -> SweepSpec:
    """Read and validate a sweep file; raises ConfigError naming the field and the fix."""
    path = Path(path)
    raw = read_toml(path, "sweep")
    text = path.read_text(encoding="utf-8-sig")
    return parse_spec(raw, str(path), path.resolve().parent, text)


def parse_spec(
    raw: Mapping[str, Any], origin: str, base: Path | None = None, text: str = ""
) -> SweepSpec:
    """Validate a parsed sweep TOML; ``base`` is the folder relative paths start from.

    ``text`` is the file's text, kept in sweep.json so that the sweep can be read (and
    rerun) without the file.
    """
    unknown = sorted(set(raw) - {"sweep"})
    if unknown or "sweep" not in raw:
        raise ConfigError(f"{origin}: a sweep file holds one [sweep] table, not {unknown or '{}'}")
    head = dict(raw["sweep"])
    bad = sorted(set(head) - set(SWEEP_KEYS))
    if bad:
        raise ConfigError(
            f"{origin}: sweep.{bad[0]} is not allowed{suggest(bad[0], list(SWEEP_KEYS))}; "
            f"use {', '.join(SWEEP_KEYS)}"
        )
    where = f"{origin}: sweep."
    design = _choice(head.get("design", "grid"), DESIGNS, f"{where}design")
    scenario = _scenario(head, base, where)
    profile = _profile(head, scenario, base, where)
    constants = _constants(head.get("constants", {}), where)
    factors = _factors(head.get("vary", []), design, where)
    overlap = sorted(set(constants) & {f.path for f in factors})
    if overlap:
        raise ConfigError(f"{where}constants: {overlap[0]!r} is also varied; keep one of them")
    outputs, chosen = _outputs(head.get("outputs"), where)
    years = _integer(head.get("years", 10), 1, 50, f"{where}years")
    outcomes = parse_outcomes(head.get("outcomes"), years, where)
    outputs += tuple(o.name for o in outcomes)
    samples, levels = _sampling(head, design, len(factors), where)
    arms = parse_arms(
        head.get("arms"),
        where,
        lambda name, at: _scenario({"scenario": name}, base, at),
        resolve_path,
        check_value,
    )
    fixed = set(constants) | {f.path for f in factors}
    for arm in arms:
        both = sorted(set(arm.settings) & fixed)
        if both:
            raise ConfigError(
                f"{where}arms: {arm.name!r} sets {both[0]!r}, which constants or vary set too; "
                "set it in the arms or in constants/vary, not both"
            )
    spec = SweepSpec(
        name=text_field(head, "name", Path(origin).stem, where),
        origin=origin,
        profile=profile,
        scenario=scenario,
        years=years,
        start=_start(head.get("start", scenario.start), f"{where}start"),
        burn_in_months=_integer(
            head.get("burn_in_months", DEFAULT_BURN_IN_MONTHS), 0, 600, f"{where}burn_in_months"
        ),
        seeds=_seeds(head, where),
        design=design,
        samples=samples,
        levels=levels,
        second_order=_bool(head.get("second_order", False), f"{where}second_order"),
        sample_seed=_integer(head.get("sample_seed", 1), 0, 2**32 - 1, f"{where}sample_seed"),
        outputs=outputs,
        outputs_chosen=chosen,
        factors=factors,
        constants=constants,
        description=text_field(head, "description", "", where),
        outcomes=outcomes,
        arms=arms,
        text=text,
    )
    check_points(spec, make_design(spec))
    return spec


def _scenario(head: Mapping[str, Any], base: Path | None, where: str) -> Scenario:
    name = head.get("scenario")
    if name is None:
        return Scenario("sweep", preset=None)
    if not isinstance(name, str):
        raise ConfigError(f"{where}scenario = {name!r} must be a scenario name or file")
    candidate = base / name if base is not None and name.endswith(".toml") else Path(name)
    return load_scenario(candidate if candidate.exists() else name)


def _profile(head: Mapping[str, Any], scenario: Scenario, base: Path | None, where: str):
    preset, profile = head.get("preset"), head.get("profile")
    if preset is not None and profile is not None:
        raise ConfigError(f"{where}preset and {where}profile: give one of them, not both")
    if profile is not None:
        path = Path(str(profile))
        path = base / path if base is not None and not path.is_absolute() else path
        return resolve_profile(None, path)
    if preset is not None:
        return resolve_profile(str(preset), None)
    if scenario.profile is not None:
        return resolve_profile(None, scenario.profile)
    return resolve_profile(scenario.preset or "default", None)


def _constants(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}constants must be a table of path = value")
    checked = {}
    for path, value in flatten(raw).items():
        _, spec = resolve_path(path, f"{where}constants: ", f"{path} = {shown(value)}")
        checked[path] = check_value(spec, value, f"{where}constants: ")
    return checked


def _factors(raw: Any, design: str, where: str) -> tuple[Factor, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}vary must be an array of tables ([[sweep.vary]])")
    factors = [_factor(entry, design, f"{where}vary[{i}].") for i, entry in enumerate(raw)]
    paths = [f.path for f in factors]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    if twice:
        raise ConfigError(f"{where}vary: {twice[0]!r} is varied twice; give each path once")
    return tuple(factors)


def _factor(entry: Any, design: str, where: str) -> Factor:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where[:-1]} must be a table with path and values or low/high")
    bad = sorted(set(entry) - set(VARY_KEYS))
    if bad:
        raise ConfigError(f"{where}{bad[0]} is not allowed; use {', '.join(VARY_KEYS)}")
    kind, spec = resolve_path(entry.get("path"), where)
    kind = _kind(entry, kind, where)
    label = f"{where}{entry['path']}"
    if "values" in entry:
        if any(k in entry for k in ("low", "high", "levels")):
            raise ConfigError(f"{label}: give values or low/high, not both")
        values = _values(entry["values"], spec, f"{where}values: ")
        return Factor(entry["path"], kind, spec, values)
    if spec.choices is not None:
        if any(k in entry for k in ("low", "high", "levels")):
            raise ConfigError(f"{label} takes values = [...], not low/high ({spec.allowed()})")
        return Factor(entry["path"], kind, spec, tuple(spec.choices))
    return _range_factor(entry, kind, spec, design, where)


def _kind(entry: Mapping[str, Any], kind: str, where: str) -> str:
    """The factor's kind: a policy parameter may be declared an uncertainty (``kind``).

    Only the EMA adapter reads the kind (uncertainties vs levers); runs are the same.
    """
    if "kind" not in entry or entry["kind"] == kind:
        return kind
    if entry["kind"] == UNCERTAINTY and kind == LEVER:
        return UNCERTAINTY
    raise ConfigError(
        f"{where}{entry['path']}: kind = {shown(entry['kind'])} is not allowed; a policy "
        'parameter may be declared kind = "uncertainty", profile and external.* '
        "parameters are always uncertainties"
    )


def _range_factor(
    entry: Mapping[str, Any], kind: str, spec: Parameter, design: str, where: str
) -> Factor:
    label = f"{where}{entry['path']}"
    if design == "grid" and "levels" not in entry:
        raise ConfigError(
            f"{label}: a grid needs values = [...] or low, high and levels = N (points)"
        )
    low = check_value(spec, entry.get("low", spec.low), f"{where}low: ")
    high = check_value(spec, entry.get("high", spec.high), f"{where}high: ")
    if not low < high:
        raise ConfigError(f"{label}: low = {low} must be below high = {high}")
    if design != "grid":
        if "levels" in entry:
            raise ConfigError(f"{label}: levels is only for a grid design")
        return Factor(entry["path"], kind, spec, None, low, high)
    levels = _integer(entry["levels"], 2, 1000, f"{label} levels")
    grid = np.linspace(low, high, levels)
    if isinstance(spec.default, int):
        grid = np.unique(np.round(grid).astype(int))
    values = tuple(check_value(spec, _tidy(v.item()), f"{where}levels: ") for v in grid)
    return Factor(entry["path"], kind, spec, values)


def _tidy(value: int | float) -> int | float:
    """Drop binary noise from a grid value (0.30000000000000004 -> 0.3)."""
    return value if isinstance(value, int) else float(f"{value:.12g}")


def _values(raw: Any, spec: Parameter, where: str) -> tuple[Any, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}{spec.name} = {shown(raw)}: values must be a non-empty list")
    values = tuple(check_value(spec, v, where) for v in raw)
    if len(set(values)) != len(values):
        raise ConfigError(f"{where}{spec.name} = {shown(raw)} repeats a value; list each once")
    return values


def _outputs(raw: Any, where: str) -> tuple[tuple[str, ...], bool]:
    if raw is None:
        return OUTPUTS, False
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{where}outputs must be a non-empty list of indicator names")
    for name in raw:
        if name not in OUTPUTS:
            raise ConfigError(
                f"{where}outputs: {name!r} is not an indicator{suggest(str(name), list(OUTPUTS))}"
                f"; valid: {', '.join(OUTPUTS)} (a spec's own outcomes go in [[sweep.outcomes]])"
            )
    if len(set(raw)) != len(raw):
        raise ConfigError(f"{where}outputs lists a name twice")
    return tuple(raw), True


def _sampling(
    head: Mapping[str, Any], design: str, dims: int, where: str
) -> tuple[int | None, int | None]:
    if design == "grid":
        for key in ("samples", "levels", "second_order"):
            if key in head:
                raise ConfigError(f"{where}{key} is for lhs/sobol/morris designs, not a grid")
        return None, None
    if dims == 0:
        raise ConfigError(f"{where}design = {design!r} needs at least one [[sweep.vary]] entry")
    if "samples" not in head:
        raise ConfigError(f"{where}design = {design!r} needs samples = N")
    samples = _integer(head["samples"], 1, 10**6, f"{where}samples")
    if design == "sobol" and samples & (samples - 1):
        below = 2 ** int(math.log2(samples))
        raise ConfigError(
            f"{where}samples = {samples} must be a power of 2 for a Sobol design "
            f"(e.g. {below} or {below * 2})"
        )
    if design != "morris" and "levels" in head:
        raise ConfigError(f"{where}levels is for a morris design (grid levels go in vary)")
    if design != "sobol" and "second_order" in head:
        raise ConfigError(f"{where}second_order is for a sobol design")
    levels = _integer(head.get("levels", 4), 2, 100, f"{where}levels")
    if design == "morris" and levels % 2:
        raise ConfigError(f"{where}levels = {levels} must be even for a Morris design")
    return samples, (levels if design == "morris" else None)


def _seeds(head: Mapping[str, Any], where: str) -> tuple[int, ...]:
    if "seeds" in head:
        if "replicates" in head or "first_seed" in head:
            raise ConfigError(f"{where}seeds: give seeds = [...] or replicates = N, not both")
        seeds = head["seeds"]
        if not isinstance(seeds, list) or not seeds:
            raise ConfigError(f"{where}seeds must be a non-empty list of integers")
        checked = tuple(_integer(s, 0, 2**63 - 1, f"{where}seeds") for s in seeds)
        if len(set(checked)) != len(checked):
            raise ConfigError(f"{where}seeds {seeds} repeat a seed; list each once")
        return checked
    replicates = _integer(head.get("replicates", 1), 1, 100000, f"{where}replicates")
    first = _integer(head.get("first_seed", 1), 0, 2**62, f"{where}first_seed")
    return tuple(range(first, first + replicates))


def _integer(value: Any, low: int, high: int, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"{label} = {shown(value)} is not allowed; use an integer in [{low}, {high}]"
        )
    return int(value)


def _bool(value: Any, label: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{label} = {shown(value)} is not allowed; use true or false")
    return value


def _choice(value: Any, choices: Sequence[str], label: str) -> str:
    if value not in choices:
        raise ConfigError(
            f"{label} = {shown(value)} is not allowed; use one of {', '.join(choices)}"
        )
    return value


def _start(value: Any, label: str) -> str:
    parse_start(value, label)
    return value.strip()


# -- the design ----------------------------------------------------------------------------
def make_design(spec: SweepSpec) -> Design:
    """The design points: a full grid, or a SALib sample mapped onto the factors' ranges."""
    if spec.design == "grid":
        combos = itertools.product(*[f.values for f in spec.factors])
        return Design([dict(zip([f.path for f in spec.factors], c, strict=True)) for c in combos])
    unit = _unit_sample(spec)
    points = [
        {f.path: f.from_unit(float(u)) for f, u in zip(spec.factors, row, strict=True)}
        for row in unit
    ]
    return Design(points, unit)


def _unit_sample(spec: SweepSpec) -> np.ndarray:
    from SALib.sample import latin, morris, sobol

    problem = spec.problem()
    if spec.design == "lhs":
        return latin.sample(problem, spec.samples, seed=spec.sample_seed)
    if spec.design == "sobol":
        return sobol.sample(
            problem, spec.samples, calc_second_order=spec.second_order, seed=spec.sample_seed
        )
    return morris.sample(problem, spec.samples, num_levels=spec.levels, seed=spec.sample_seed)


def plan_runs(spec: SweepSpec, design: Design) -> list[PlannedRun]:
    """Every design point under every arm with every seed; the same seeds everywhere.

    Runs are numbered point by point, arm by arm within a point, seed by seed within an
    arm; without arms that is point by point, seed by seed.
    """
    reps, arms = len(spec.seeds), max(len(spec.arms), 1)
    return [
        PlannedRun((p * arms + a) * reps + r, p, r, seed, a)
        for p in range(len(design))
        for a in range(arms)
        for r, seed in enumerate(spec.seeds)
    ]


def point_inputs(
    spec: SweepSpec, point: Mapping[str, Any], arm: int = 0
) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """Profile overrides and policies (name, parameters) for one design point and arm."""
    chosen = spec.arms[arm] if spec.arms else None
    settings = chosen.settings if chosen is not None else {}
    scenario = arm_scenario(chosen, spec.scenario)
    return split_inputs(scenario, {**settings, **spec.constants, **point})


def split_inputs(
    scenario: Scenario, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """Turn path = value inputs into profile overrides and the scenario's policies, changed.

    ``policies.<lever>.<param>`` and ``external.<name>.<param>`` set a parameter of that
    policy (adding it to the scenario's if absent); ``.enabled = false`` removes it.
    """
    overrides: dict[str, Any] = {}
    tables = {
        "policies": {k: dict(v) for k, v in scenario.policies.items()},
        "external": {k: dict(v) for k, v in scenario.external.items()},
    }
    switched_off = set()
    for path, value in values.items():
        head, _, rest = path.partition(".")
        if head not in tables:
            overrides[path] = value
            continue
        name, _, key = rest.partition(".")
        params = tables[head].setdefault(name, {})
        if key != "enabled":
            params[key] = value
        elif not value:
            switched_off.add((head, name))
    policies = [
        (name, params)
        for head in ("policies", "external")
        for name, params in tables[head].items()
        if (head, name) not in switched_off
    ]
    return overrides, policies


def check_points(spec: SweepSpec, design: Design) -> None:
    """Check every design point's profile and policies before any run starts."""
    seen: set[str] = set()
    arms = range(max(len(spec.arms), 1))
    for (index, point), arm in itertools.product(enumerate(design.points), arms):
        overrides, policies = point_inputs(spec, point, arm)
        key = json.dumps([overrides, policies], sort_keys=True, default=str)
        if key in seen:
            continue
        seen.add(key)
        under = f", arm {spec.arms[arm].name!r}" if spec.arms else ""
        where = f"{spec.origin}: design point {index} ({_short(point)}){under}: "
        spec.profile.with_overrides(overrides, where)
        for name, params in policies:
            policy = LEVERS.get(name) or EXTERNALS[name]
            checked = policy.check(params, where + f"{name}: ")
            # A start past the horizon fails every run at that point: refuse it here.
            policy.check_horizon(checked, spec.years * 12, where + f"{name}: ")


def _short(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{k} = {v!r}" for k, v in point.items()) or "no factors"

"""Calibration targets as data: real figures, how the model measures them, and the band.

A target file (``model/presets/targets/<preset>.toml``) lists real-world figures, each
with its value, tolerance band (low, high), unit, source and labels in English and
Dutch, plus a *measure*: how to compute the same figure from the recorded monthly
indicators (``model.results``). Measures only read recorded columns, so a target can
be evaluated from any run's time series (a worker process, a Parquet file) without
the model object, and a missing column is an error that names the target and column.

A preset's file may ``extends = "common.toml"``: it inherits every target and
constant of that file and overrides targets field by field (``[targets.NAME]``) or
drops them (``drop = [...]``). Constants (``[constants.NAME]`` with value and source)
hold stated conversion factors such as the price index; a target with
``price_index = "NAME"`` gives value, low and high in the index's base-year prices and
is multiplied by the constant.

Measure vocabulary (``measure = ...``; ``of`` and ``per`` are a column or a list of
columns, summed):

* ``per_1000``: mean over months of of / per * 1000 (stocks; per defaults to residents)
* ``stock_ratio``: mean over months of of / per * scale
* ``total_ratio``: sum over months of ``of`` / sum over months of ``per``, * scale
  (shares of flows, mean durations, a share of stocks weighted by month)
* ``per_year``: yearly sum of a flow / mean of a stock (per, default residents) * scale
  (EUR per inhabitant a year, moves per client a year)
* ``year_end_ratio``: of / per in December rows only * scale (calendar-year counters)
* ``mean``: mean over months of one column * scale
* ``growth``: mean yearly growth in % of of (or of / per): yearly values (stocks
  averaged, flows summed, by the schema's kind), geometric mean of the year-on-year
  changes over the recorded years
* ``excess``: (sum of ``of`` / sum of ``per`` - 1) * scale (spending over budget)

Simulated values are computed per seed; a target's simulated value is the mean over
seeds and its band is the 5-95% range of the seeds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from model.params import ConfigError, suggest
from model.results import INDICATORS

MEASURES = (
    "per_1000",
    "stock_ratio",
    "total_ratio",
    "per_year",
    "year_end_ratio",
    "mean",
    "growth",
    "excess",
)
# Measures whose denominator defaults to the resident count.
_PER_RESIDENTS = ("per_1000", "per_year", "stock_ratio")
REQUIRED = ("value", "low", "high", "unit", "source", "label", "label_nl", "measure", "of")
OPTIONAL = ("per", "scale", "price_index", "weight", "note")
FIELDS = REQUIRED + OPTIONAL
FILE_KEYS = ("description", "extends", "constants", "targets", "drop")
CONSTANT_FIELDS = ("value", "source", "note")


class MissingIndicator(ConfigError):
    """A target needs a column the results do not have."""


@dataclass(frozen=True)
class Target:
    """A real-world figure the baseline must reproduce, and how the model measures it."""

    name: str
    label: str
    label_nl: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    measure: str
    of: tuple[str, ...]
    per: tuple[str, ...] = ()
    scale: float = 1.0
    weight: float = 1.0
    price_index: str = ""
    note: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        """Every recorded column the measure reads."""
        extra = ("residents",) if self.measure == "per_year" and not self.per else ()
        return (*self.of, *self.per, *extra)

    def holds(self, simulated: float) -> bool:
        """Within the tolerance band."""
        return self.low <= simulated <= self.high

    def error(self, simulated: float) -> float:
        """Signed deviation in units of the band's half-width on that side.

        (simulated - value) / (high - value) above the value, / (value - low) below:
        the relative error divided by the relative tolerance; |error| <= 1 inside the band.
        """
        side = (self.high - self.value) if simulated >= self.value else (self.value - self.low)
        return (simulated - self.value) / side if side > 0 else math.inf

    def compute(self, series: Mapping[str, np.ndarray]) -> float:
        """The simulated figure from one run's monthly columns."""
        missing = [c for c in self.columns if c not in series]
        if missing:
            raise MissingIndicator(
                f"target {self.name!r} ({self.label}) needs the recorded indicator "
                f"{missing[0]!r}, which these results do not have"
                + (f" (also missing: {', '.join(missing[1:])})" if missing[1:] else "")
                + "; add it to model/results.py and model/recording.py, or drop the target"
            )
        return _MEASURE_FUNCS[self.measure](self, series)


@dataclass(frozen=True)
class TargetSet:
    """A parsed target file: its targets in order, the constants, and where it came from."""

    name: str
    path: str
    description: str
    targets: tuple[Target, ...]
    constants: Mapping[str, tuple[float, str]] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def names(self) -> list[str]:
        """Target names, in file order."""
        return [t.name for t in self.targets]

    def missing_columns(self, available: Sequence[str] | None = None) -> dict[str, list[str]]:
        """Targets whose columns are not recorded (default: the results schema) -> columns."""
        known = set(INDICATORS if available is None else available)
        out = {}
        for target in self.targets:
            missing = [c for c in target.columns if c not in known]
            if missing:
                out[target.name] = missing
        return out

    def subset(self, names: Sequence[str]) -> TargetSet:
        """Only the named targets (unknown names are an error)."""
        unknown = [n for n in names if n not in self.names()]
        if unknown:
            raise ConfigError(
                f"target {unknown[0]!r} is not in {self.path}"
                f"{suggest(unknown[0], self.names())}; targets are {', '.join(self.names())}"
            )
        keep = tuple(t for t in self.targets if t.name in set(names))
        return TargetSet(self.name, self.path, self.description, keep, self.constants)

    def evaluable(self, available: Sequence[str] | None = None) -> TargetSet:
        """The targets whose columns are all recorded."""
        missing = self.missing_columns(available)
        keep = tuple(t for t in self.targets if t.name not in missing)
        return TargetSet(self.name, self.path, self.description, keep, self.constants)


# -- measures ---------------------------------------------------------------------------


def _sum(series: Mapping[str, np.ndarray], columns: Sequence[str]) -> np.ndarray:
    return np.sum([np.asarray(series[c], dtype=float) for c in columns], axis=0)


def _den(target: Target, series: Mapping[str, np.ndarray]) -> np.ndarray:
    return _sum(series, target.per or ("residents",))


def _div(num: float, den: float) -> float:
    return float(num / den) if den else math.nan


def _stock_ratio(target: Target, series) -> float:
    num, den = _sum(series, target.of), _den(target, series)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return float(np.nanmean(ratio) * target.scale) if np.isfinite(ratio).any() else math.nan


def _per_1000(target: Target, series) -> float:
    return _stock_ratio(target, series) * 1000.0 / target.scale


def _total_ratio(target: Target, series) -> float:
    return _div(_sum(series, target.of).sum(), _den(target, series).sum()) * target.scale


def _years(series) -> float:
    return len(next(iter(series.values()))) / 12.0


def _per_year(target: Target, series) -> float:
    yearly = _sum(series, target.of).sum() / _years(series)
    return _div(yearly, _den(target, series).mean()) * target.scale


def _december(series) -> np.ndarray:
    dates = series.get("date")
    if dates is not None:
        months = np.asarray([int(str(d)[5:7]) for d in dates])
        return months == 12
    month = np.asarray(series["month"])  # month index 1.. from a January start
    return month % 12 == 0


def _year_end_ratio(target: Target, series) -> float:
    rows = _december(series)
    if not rows.any():
        return math.nan
    num, den = _sum(series, target.of)[rows], _den(target, series)[rows]
    return _div(num.sum(), den.sum()) * target.scale


def _mean(target: Target, series) -> float:
    return float(np.mean(_sum(series, target.of)) * target.scale)


def _yearly(series, columns: Sequence[str]) -> np.ndarray:
    from model.results import kind_of

    months = len(series[columns[0]])
    years = months // 12
    values = _sum(series, columns)[: years * 12].reshape(years, 12)
    return values.mean(axis=1) if kind_of(columns[0]) == "stock" else values.sum(axis=1)


def _growth(target: Target, series) -> float:
    values = _yearly(series, target.of)
    if target.per:
        values = values / _yearly(series, target.per)
    if len(values) < 2 or values[0] <= 0 or values[-1] <= 0:
        return math.nan
    return float(((values[-1] / values[0]) ** (1.0 / (len(values) - 1)) - 1.0) * target.scale)


def _excess(target: Target, series) -> float:
    return (_div(_sum(series, target.of).sum(), _den(target, series).sum()) - 1.0) * target.scale


_MEASURE_FUNCS = {
    "per_1000": _per_1000,
    "stock_ratio": _stock_ratio,
    "total_ratio": _total_ratio,
    "per_year": _per_year,
    "year_end_ratio": _year_end_ratio,
    "mean": _mean,
    "growth": _growth,
    "excess": _excess,
}


# -- parsing ----------------------------------------------------------------------------


def _number(where: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where}: {key} = {value!r} is not a number; give a finite number")
    return float(value)


def _text(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} = {value!r} must be a non-empty text")
    return value


def _columns(where: str, key: str, value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(c, str) for c in items):
        raise ConfigError(
            f"{where}: {key} = {value!r} must be an indicator name or a list of them "
            "(see model/results.py)"
        )
    return tuple(items)


def parse_target(
    name: str, spec: Mapping[str, Any], where: str, constants: Mapping[str, tuple[float, str]]
) -> Target:
    """One ``[targets.NAME]`` table -> Target, or ConfigError naming field, value, allowed."""
    where = f"{where}: target {name!r}"
    if not isinstance(spec, Mapping):
        raise ConfigError(f"{where} must be a table of fields ({', '.join(REQUIRED)})")
    for key, value in spec.items():
        if key not in FIELDS:
            raise ConfigError(
                f"{where}: {key} = {value!r}: field {key!r} is not allowed{suggest(key, FIELDS)}; "
                f"allowed fields are {', '.join(FIELDS)}"
            )
    for key in REQUIRED:
        if key not in spec:
            raise ConfigError(f"{where}: field {key!r} is missing; required: {', '.join(REQUIRED)}")
    measure = spec["measure"]
    if measure not in MEASURES:
        raise ConfigError(
            f"{where}: measure = {measure!r} is not allowed{suggest(str(measure), MEASURES)}; "
            f"use one of {', '.join(MEASURES)}"
        )
    value, low, high = (_number(where, k, spec[k]) for k in ("value", "low", "high"))
    index_name = spec.get("price_index", "")
    if index_name:
        if index_name not in constants:
            raise ConfigError(
                f"{where}: price_index = {index_name!r} is not a constant of this file"
                f"{suggest(index_name, list(constants))}; constants are "
                f"{', '.join(constants) or 'none'}"
            )
        factor = constants[index_name][0]
        value, low, high = value * factor, low * factor, high * factor
    if not low <= value <= high or low == high:
        raise ConfigError(
            f"{where}: the band low = {spec['low']!r}, high = {spec['high']!r} must satisfy "
            f"low <= value ({spec['value']!r}) <= high with low < high"
        )
    scale = _number(where, "scale", spec.get("scale", 1.0))
    weight = _number(where, "weight", spec.get("weight", 1.0))
    if weight < 0:
        raise ConfigError(f"{where}: weight = {weight!r} is negative; use a number >= 0")
    per = _columns(where, "per", spec["per"]) if "per" in spec else ()
    if measure in ("total_ratio", "year_end_ratio", "excess") and not per:
        raise ConfigError(f"{where}: measure = {measure!r} needs field 'per' (the denominator)")
    return Target(
        name=name,
        label=_text(where, "label", spec["label"]),
        label_nl=_text(where, "label_nl", spec["label_nl"]),
        value=value,
        low=low,
        high=high,
        unit=_text(where, "unit", spec["unit"]),
        source=_text(where, "source", spec["source"]),
        measure=measure,
        of=_columns(where, "of", spec["of"]),
        per=per,
        scale=scale,
        weight=weight,
        price_index=str(index_name),
        note=str(spec.get("note", "")),
    )


def _read(path: Path) -> dict[str, Any]:
    from model.params import read_toml

    return read_toml(path, kind="targets")


def _merge(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The file's raw content with its ``extends`` chain merged in (child wins per field)."""
    if path in seen:
        raise ConfigError(f"{path}: extends loops back to itself ({' -> '.join(map(str, seen))})")
    raw = _read(path)
    for key in raw:
        if key not in FILE_KEYS:
            raise ConfigError(
                f"{path}: top-level key {key!r} is not allowed{suggest(key, FILE_KEYS)}; "
                f"allowed are {', '.join(FILE_KEYS)}"
            )
    base: dict[str, Any] = {"constants": {}, "targets": {}}
    if "extends" in raw:
        parent = path.parent / _text(str(path), "extends", raw["extends"])
        base = _merge(parent, (*seen, path))
    constants = {**base.get("constants", {}), **raw.get("constants", {})}
    targets = {name: dict(spec) for name, spec in base.get("targets", {}).items()}
    for name, spec in raw.get("targets", {}).items():
        if not isinstance(spec, Mapping):
            raise ConfigError(f"{path}: target {name!r} must be a table of fields")
        targets.setdefault(name, {}).update(spec)
    drop = raw.get("drop", [])
    if not isinstance(drop, list):
        raise ConfigError(f"{path}: drop = {drop!r} must be a list of target names")
    for name in drop:
        if name not in targets:
            raise ConfigError(
                f"{path}: drop names {name!r}, which is not a target{suggest(name, list(targets))}"
            )
        del targets[name]
    return {
        "description": raw.get("description", base.get("description", "")),
        "constants": constants,
        "targets": targets,
    }


def parse_constants(raw: Mapping[str, Any], where: str) -> dict[str, tuple[float, str]]:
    """``[constants.NAME]`` tables -> name: (value, source)."""
    out = {}
    for name, spec in raw.items():
        here = f"{where}: constant {name!r}"
        if not isinstance(spec, Mapping):
            raise ConfigError(f"{here} must be a table with value and source")
        for key in spec:
            if key not in CONSTANT_FIELDS:
                raise ConfigError(
                    f"{here}: field {key!r} is not allowed{suggest(key, CONSTANT_FIELDS)}; "
                    f"allowed fields are {', '.join(CONSTANT_FIELDS)}"
                )
        if "value" not in spec or "source" not in spec:
            raise ConfigError(f"{here} needs both value and source")
        out[name] = (_number(here, "value", spec["value"]), _text(here, "source", spec["source"]))
    return out


def load_targets(path: str | Path) -> TargetSet:
    """Parse a target file (and what it extends); every error names field, value, allowed."""
    path = Path(path)
    merged = _merge(path)
    constants = parse_constants(merged["constants"], str(path))
    targets = tuple(
        parse_target(name, spec, str(path), constants) for name, spec in merged["targets"].items()
    )
    if not targets:
        raise ConfigError(f"{path}: no targets; add [targets.NAME] tables")
    return TargetSet(path.stem, str(path), str(merged["description"]), targets, constants)


def targets_folder() -> Path:
    """Where the built-in target files live."""
    return Path(str(resources.files("model.presets").joinpath("targets")))


def target_set_names() -> list[str]:
    """Built-in target sets (the preset names plus shared files)."""
    return sorted(p.stem for p in targets_folder().glob("*.toml"))


def resolve_targets(preset: str | None = None, targets: str | Path | None = None) -> TargetSet:
    """A target file by path, or the built-in set of a preset (default: default)."""
    if targets is not None:
        candidate = Path(targets)
        if candidate.suffix != ".toml" and not candidate.exists():
            names = target_set_names()
            if str(targets) not in names:
                raise ConfigError(
                    f"targets = {str(targets)!r} is neither a file nor a built-in target set; "
                    f"use a TOML path or one of {', '.join(names)}"
                )
            candidate = targets_folder() / f"{targets}.toml"
        return load_targets(candidate)
    name = preset or "default"
    path = targets_folder() / f"{name}.toml"
    if not path.is_file():
        raise ConfigError(
            f"preset {name!r} has no target file {path}; give --targets "
            f"(built-in sets: {', '.join(target_set_names())})"
        )
    return load_targets(path)


# -- evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """One target over several seeds."""

    target: Target
    per_seed: tuple[float, ...]

    @property
    def mean(self) -> float:
        """Mean over seeds (NaN seeds ignored; NaN if all are)."""
        finite = [v for v in self.per_seed if math.isfinite(v)]
        return float(np.mean(finite)) if finite else math.nan

    @property
    def band(self) -> tuple[float, float]:
        """5-95% range over the seeds."""
        finite = [v for v in self.per_seed if math.isfinite(v)]
        if not finite:
            return math.nan, math.nan
        return float(np.percentile(finite, 5)), float(np.percentile(finite, 95))

    @property
    def holds(self) -> bool:
        """The seeds' mean lies within the target's band."""
        return math.isfinite(self.mean) and self.target.holds(self.mean)

    @property
    def loss(self) -> float:
        """Weighted squared error (deviation over the band's half-width on that side)."""
        if not math.isfinite(self.mean):
            return LOSS_OF_NAN * self.target.weight
        return self.target.weight * self.target.error(self.mean) ** 2


# A target the run cannot compute (e.g. no December in the run, no growth with one year)
# counts as 10 band-widths off: bad, but finite so the optimiser can still rank trials.
LOSS_OF_NAN = 100.0

LOSS_DOC = (
    "loss = sum over targets of weight * e^2, where e = (simulated mean over seeds - value) "
    "/ (high - value) above the value and / (value - low) below it: the relative error "
    "divided by the relative tolerance on that side, so |e| <= 1 inside the band"
)


def evaluate(
    target_set: TargetSet | Sequence[Target], runs: Sequence[Mapping[str, np.ndarray]]
) -> list[Evaluation]:
    """Every target on every run (one run per seed); missing columns raise MissingIndicator."""
    return [
        Evaluation(target, tuple(target.compute(series) for series in runs))
        for target in target_set
    ]


def total_loss(evaluations: Sequence[Evaluation]) -> float:
    """The calibration loss (LOSS_DOC)."""
    return float(sum(e.loss for e in evaluations))


def series_of(table) -> dict[str, np.ndarray]:
    """Columns of a results table as numpy arrays (dates as ISO text)."""
    out = {name: table.column(name).to_numpy() for name in table.column_names}
    if "date" in out:
        out["date"] = np.asarray([d.isoformat() for d in table.column("date").to_pylist()])
    return out


def format_table(evaluations: Sequence[Evaluation]) -> str:
    """A plain-text table: target, real value, simulated mean, band, verdict, source."""
    lines = [f"{'target':<52} {'real':>9} {'model':>9} {'band':>19}  ok  source"]
    for e in evaluations:
        t = e.target
        band = f"{t.low:.3g}-{t.high:.3g}"
        ok = "yes" if e.holds else "NO "
        lines.append(
            f"{t.label[:52]:<52} {t.value:>9.3g} {e.mean:>9.3g} {band:>19}  {ok} {t.source}"
        )
    return "\n".join(lines)

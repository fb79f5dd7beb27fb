"""The parameter registry and validated configurations (profiles and presets).

Every parameter is declared once, in ``parameters.toml`` next to this module, with
default, unit, allowed range or choices, and source. A *profile* is a TOML file that
overrides some of them by section; a *preset* is a built-in profile. Loading a profile
validates everything before anything is written, so a typo never turns into a silently
ignored setting.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """Bad input: names the field, the value and what is allowed."""


@dataclass(frozen=True)
class Parameter:
    """One registered parameter."""

    name: str
    default: Any
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    label_nl: str = ""  # what it means, in Dutch (lever parameters shown in the app)
    choice_labels: Mapping[str, tuple[str, str]] | None = None  # choice -> (Dutch, English)

    @property
    def is_assumption(self) -> bool:
        """True when no cited figure backs the value."""
        return self.source.lower().startswith("assumption")

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = "an integer" if isinstance(self.default, int) else "a number"
        return f"{kind} in [{self.low}, {self.high}]"

    def validate(self, value: Any, where: str = "") -> Any:
        """Return ``value`` coerced to the parameter's type, or raise ConfigError."""
        label = f"{where}{self.name}"
        if self.choices is not None:
            if value not in self.choices:
                raise ConfigError(f"{label} = {value!r} is not allowed; use {self.allowed()}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{label} = {value!r} is not a number; use {self.allowed()}")
        if isinstance(self.default, int) and not float(value).is_integer():
            raise ConfigError(f"{label} = {value!r} must be {self.allowed()}")
        if not (self.low <= value <= self.high):
            raise ConfigError(f"{label} = {value!r} is out of range; use {self.allowed()}")
        return int(value) if isinstance(self.default, int) else float(value)


def _load_registry() -> dict[str, Parameter]:
    text = resources.files("model").joinpath("parameters.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    registry: dict[str, Parameter] = {}
    for section, entries in raw.items():
        for key, spec in entries.items():
            name = f"{section}.{key}"
            low, high = spec.get("range", (None, None))
            choices = tuple(spec["choices"]) if "choices" in spec else None
            registry[name] = Parameter(
                name, spec["default"], spec["unit"], spec["source"], low, high, choices
            )
    return registry


REGISTRY: dict[str, Parameter] = _load_registry()


def suggest(name: str, options: list[str]) -> str:
    """A 'did you mean' hint for a misspelt name."""
    close = difflib.get_close_matches(name, options, n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Turn nested TOML tables into dotted names: {'a': {'b': 1}} -> {'a.b': 1}."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def validate_overrides(overrides: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """Check dotted-name overrides against the registry; return coerced values."""
    checked: dict[str, Any] = {}
    for name, value in overrides.items():
        if name not in REGISTRY:
            sections = sorted({n.split(".")[0] for n in REGISTRY})
            hint = suggest(name, list(REGISTRY))
            raise ConfigError(
                f"{where}{name} = {value!r}: {name} is not a known parameter{hint}; sections are "
                f"{', '.join(sections)} (run `carescape params` for the full list)"
            )
        checked[name] = REGISTRY[name].validate(value, where)
    return checked


@dataclass(frozen=True)
class Profile:
    """A complete, validated set of parameter values for one municipality."""

    name: str
    description: str
    values: Mapping[str, Any]
    # Provenance of a calibrated profile ([calibration] table: targets, seeds, loss, date).
    calibration: Mapping[str, Any] | None = None

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def section(self, section: str) -> dict[str, Any]:
        """The values of one section, keyed by the short name."""
        prefix = section + "."
        return {k[len(prefix) :]: v for k, v in self.values.items() if k.startswith(prefix)}

    def with_overrides(self, overrides: Mapping[str, Any], where: str = "") -> Profile:
        """A copy with some values replaced (validated)."""
        merged = dict(self.values)
        merged.update(validate_overrides(overrides, where))
        _check_consistency(merged, where)
        return Profile(self.name, self.description, merged, self.calibration)


def _check_consistency(values: Mapping[str, Any], where: str) -> None:
    weights = {k: v for k, v in values.items() if k.startswith("general.place_share_")}
    if sum(weights.values()) <= 0:
        raise ConfigError(
            f"{where}the general.place_share_* weights are all 0; give at least one kind "
            "of general facility a positive weight"
        )
    if values["population.share_80_plus"] >= values["population.share_65_plus"]:
        raise ConfigError(
            f"{where}population.share_80_plus = {values['population.share_80_plus']} must be "
            f"below population.share_65_plus = {values['population.share_65_plus']}"
        )
    if values["population.share_0_17"] + values["population.share_65_plus"] >= 0.8:
        raise ConfigError(
            f"{where}population.share_0_17 + population.share_65_plus must stay below 0.8"
        )
    low, high = values["population.income_low_share"], values["population.income_high_share"]
    if low + high > 0.95:
        raise ConfigError(
            f"{where}population.income_low_share + income_high_share = {low + high} "
            "must be at most 0.95"
        )


def parse_profile(raw: Mapping[str, Any], origin: str) -> Profile:
    """Build a Profile from parsed TOML: optional [profile] name/description + sections."""
    raw = dict(raw)
    meta = raw.pop("profile", {})
    calibration = raw.pop("calibration", None)  # provenance, written by `carescape calibrate`
    unknown_meta = set(meta) - {"name", "description"}
    if unknown_meta:
        raise ConfigError(
            f"{origin}: [profile] {sorted(unknown_meta)[0]} is not allowed; use name, description"
        )
    where = f"{origin}: "
    values = {name: p.default for name, p in REGISTRY.items()}
    values.update(validate_overrides(flatten(raw), where))
    _check_consistency(values, where)
    name = str(meta.get("name", Path(origin).stem))
    return Profile(name, str(meta.get("description", "")), values, calibration)


def read_toml(path: Path, kind: str = "profile") -> dict[str, Any]:
    """Read a TOML file, turning I/O and syntax problems into ConfigError."""
    if path.is_dir():
        raise ConfigError(f"{kind} file {str(path)!r} is a folder; give a TOML file")
    if not path.is_file():
        raise ConfigError(f"{kind} file {str(path)!r} does not exist")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not a UTF-8 text file; save the {kind} as UTF-8 TOML") from exc


# TOML files beside the presets that are not presets (what the calibration fits).
NOT_PRESETS = frozenset({"calibration"})


def preset_names() -> list[str]:
    """Built-in presets, by name."""
    folder = resources.files("model.presets")
    return sorted(
        p.name[:-5]
        for p in folder.iterdir()
        if p.name.endswith(".toml") and p.name[:-5] not in NOT_PRESETS
    )


def load_preset(name: str) -> Profile:
    """A built-in municipality profile."""
    names = preset_names()
    if name not in names:
        raise ConfigError(f"preset = {name!r} is not known; use one of {', '.join(names)}")
    text = resources.files("model.presets").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return parse_profile(tomllib.loads(text), f"preset {name}")


def load_profile(path: str | Path) -> Profile:
    """A profile from a user's TOML file."""
    path = Path(path)
    return parse_profile(read_toml(path), str(path))


def resolve_profile(preset: str | None = None, profile: str | Path | None = None) -> Profile:
    """The profile the user asked for: a file, a preset, or the default preset."""
    if preset is not None and profile is not None:
        raise ConfigError("give either preset or profile, not both")
    if profile is not None:
        return load_profile(profile)
    return load_preset(preset or "default")

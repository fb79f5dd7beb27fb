"""The parameter registry and validated configurations (profiles and presets).

Every parameter is declared once, in ``parameters.toml`` next to this module, with
default, unit, allowed range or choices, and source. A *profile* is a TOML file that
overrides some of them by section; a *preset* is a built-in profile. Loading a profile
validates everything before anything is written, so a typo never turns into a silently
ignored setting.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np


class ConfigError(ValueError):
    """Bad input: names the field, the value and what is allowed."""


def shown(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a 400-digit number stays one short line.

    Python refuses to print an integer of more than 4300 digits; that case is described
    by its size instead of raising.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return (
        text
        if len(text) <= limit
        else f"{text[: limit - 12]}...{text[-8:]} ({len(text)} characters)"
    )


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
    label_nl: str = ""  # what it means, in Dutch (every registry and lever parameter)
    choice_labels: Mapping[str, tuple[str, str]] | None = None  # choice -> (Dutch, English)
    source_nl: str = ""  # the source in Dutch, written for people (lever parameters in the app)

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
        label = f"{where}{self.name} = {shown(value)}"
        if self.choices is not None:
            if value not in self.choices:
                raise ConfigError(f"{label} is not allowed; use {self.allowed()}")
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{label} is not a number; use {self.allowed()}")
        # No float() before the range check: an integer beyond 1e308 does not fit a float.
        if isinstance(self.default, int) and isinstance(value, float) and not value.is_integer():
            raise ConfigError(f"{label} must be {self.allowed()}")
        if not (self.low <= value <= self.high):  # also false for nan
            raise ConfigError(f"{label} is out of range; use {self.allowed()}")
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
                name,
                spec["default"],
                spec["unit"],
                spec["source"],
                low,
                high,
                choices,
                spec.get("label_nl", ""),
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
                f"{where}{name} = {shown(value)}: {name} is not a known parameter{hint}; "
                f"sections are {', '.join(sections)} (run `carescape params` for the full list)"
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
    # Which local figures a built profile came from ([built_from], `carescape profile build`).
    built_from: Mapping[str, Any] | None = None
    # The municipality's districts (wijken), name -> residents ([profile.districts]); their
    # sizes set where households live and how the access-team FTE are divided.
    districts: Mapping[str, float] | None = None

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
        return Profile(
            self.name, self.description, merged, self.calibration, self.built_from, self.districts
        )

    def district_shares(self) -> tuple[list[str], np.ndarray | None]:
        """District names and their shares of the residents (None: equal sizes).

        Names and sizes apply while the number of districts is the profile's own; a run
        that overrides ``population.districts`` gets equal, numbered districts.
        """
        count = int(self.values["population.districts"])
        named = self.districts or {}
        if len(named) != count:
            return [f"{n + 1}" for n in range(count)], None
        sizes = np.asarray(list(named.values()), dtype=np.float64)
        return list(named), sizes / sizes.sum()


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
    if not isinstance(meta, Mapping):
        raise ConfigError(
            f"{origin}: profile = {shown(meta)} must be a table; use [profile] with name, "
            "description"
        )
    built_from = raw.pop("built_from", None)  # provenance, written by `carescape profile build`
    for key, table in (("calibration", calibration), ("built_from", built_from)):
        if table is not None and not isinstance(table, Mapping):
            raise ConfigError(f"{origin}: {key} = {shown(table)} must be a table")
    unknown_meta = set(meta) - {"name", "description", "districts"}
    if unknown_meta:
        raise ConfigError(
            f"{origin}: [profile] {sorted(unknown_meta)[0]} is not allowed; use name, "
            "description, districts"
        )
    where = f"{origin}: "
    values = {name: p.default for name, p in REGISTRY.items()}
    values.update(validate_overrides(flatten(raw), where))
    _check_consistency(values, where)
    name = text_field(meta, "name", Path(origin).stem, f"{where}profile.")
    description = text_field(meta, "description", "", f"{where}profile.")
    districts = _districts(meta.get("districts"), values["population.districts"], where)
    return Profile(name, description, values, calibration, built_from, districts)


def _districts(table: Any, count: int, where: str) -> dict[str, float] | None:
    """[profile.districts]: district name = residents, one per district, all positive."""
    if table is None:
        return None
    if not isinstance(table, Mapping) or not table:
        raise ConfigError(
            f"{where}profile.districts = {shown(table)} must be a table of district name = "
            "residents, e.g. [profile.districts] with Centrum = 12000"
        )
    problems = [
        f"{name} = {shown(size)}"
        for name, size in table.items()
        if isinstance(size, bool) or not isinstance(size, int | float) or not 0 < size < 1e9
    ]
    if problems:
        raise ConfigError(
            f"{where}profile.districts: {'; '.join(problems)} - each district's residents "
            "must be a number above 0"
        )
    if len(table) != count:
        raise ConfigError(
            f"{where}profile.districts names {len(table)} districts but population.districts "
            f"= {count}; give one entry per district"
        )
    return {str(k): float(v) for k, v in table.items()}


def text_field(table: Mapping[str, Any], key: str, default: Any, where: str) -> Any:
    """A text entry of a file's head table (a name, a description), or ConfigError.

    TOML gives numbers and lists as such; ``name = 5`` is a mistake, not the name "5".
    """
    if key not in table:
        return default
    value = table[key]
    if not isinstance(value, str):
        raise ConfigError(
            f'{where}{key} = {shown(value)} is not text; use a quoted string, e.g. {key} = "..."'
        )
    return value


def read_toml(path: Path, kind: str = "profile") -> dict[str, Any]:
    """Read a TOML file, turning I/O, encoding and syntax problems into ConfigError.

    A UTF-8 byte-order mark (Windows editors write one) is accepted; a file that is not
    text is called what it is rather than asked to be re-saved.
    """
    path = Path(path)
    label = f"{kind} file {str(path)!r}"
    if path.is_dir():
        raise ConfigError(f"{label} is a folder; give a TOML file")
    if not path.exists():
        raise ConfigError(f"{label} does not exist")
    if not path.is_file():
        raise ConfigError(
            f"{label} is not a regular file (a device, pipe or socket); give a TOML file"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{label} cannot be read ({exc.strerror or exc})") from exc
    return parse_toml_bytes(data, str(path), kind)


def parse_toml_bytes(data: bytes, origin: str, kind: str = "profile") -> dict[str, Any]:
    """Parse the bytes of a TOML file (read from disk or uploaded), or raise ConfigError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ConfigError(f"{origin}: UTF-16 text; save the {kind} file as UTF-8 TOML")
    if b"\x00" in data:
        raise ConfigError(f"{origin}: a binary file, not a TOML {kind} file (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")  # -sig: drop a leading byte-order mark
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{origin}: not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start}); "
            f"a {kind} file is TOML text in UTF-8"
        ) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML ({exc})") from exc
    except ValueError as exc:  # Python reads no integer of more than 4300 digits
        raise ConfigError(f"{origin}: {_too_long(text)}") from exc


def _too_long(text: str) -> str:
    """Name the entry whose integer Python refused to read (tomllib does not say which)."""
    table, key = "", "?"
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        table = f"{header.group(1)}." if header else table
        entry = re.match(r"\s*([^=\s\[]+)\s*=", line)
        key = entry.group(1) if entry else key  # an array's items follow its key
        match = re.search(r"(?<![\w.])[+-]?([0-9_]{4300,})", line)
        if match:
            digits = len(match.group(1).replace("_", ""))
            return (
                f"{table}{key} = an integer of {digits} digits (line {number}) is too "
                "long to read; use a value in the allowed range (`carescape params` lists them)"
            )
    return "an integer of more than 4300 digits is too long to read; use a shorter number"


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

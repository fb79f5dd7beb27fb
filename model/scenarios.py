"""Scenario files: a preset or profile, a start date, policies and external scenarios.

```toml
[scenario]
name = "front-door"
description = "..."
preset = "default"          # or profile = "my-municipality.toml"
start = "2025-01"

[policies.poh_ggz]          # a lever from the catalogue, with its parameters
coverage = 1.0

[external.covid_shock]      # an external scenario (not a lever)
onset_factor = 1.5
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from model.context import parse_start
from model.params import ConfigError, read_toml, shown, suggest, text_field
from model.policies import CATALOGUE, EXTERNALS, LEVERS, Policy

SCENARIO_KEYS = ("name", "description", "preset", "profile", "start")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: which policies with which parameters, on which municipality."""

    name: str
    description: str = ""
    preset: str | None = "default"
    profile: str | None = None
    start: str = "2025-01"
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    external: dict[str, dict[str, Any]] = field(default_factory=dict)

    def build_policies(self, only: set[str] | None = None) -> list[Policy]:
        """Fresh policy objects (one set per model run); ``only`` keeps a subset of levers."""
        levers = [
            CATALOGUE[name](**values)
            for name, values in self.policies.items()
            if only is None or name in only
        ]
        return levers + [CATALOGUE[name](**values) for name, values in self.external.items()]

    def without(self, lever: str) -> Scenario:
        """The same scenario with one lever left out (for contributions)."""
        rest = {k: v for k, v in self.policies.items() if k != lever}
        return Scenario(
            self.name + f"-without-{lever}",
            self.description,
            self.preset,
            self.profile,
            self.start,
            rest,
            dict(self.external),
        )

    def baseline(self) -> Scenario:
        """The baseline: same municipality and external scenarios, no levers."""
        return Scenario(
            "baseline",
            "no measures",
            self.preset,
            self.profile,
            self.start,
            {},
            dict(self.external),
        )

    def check_horizon(self, years: int) -> None:
        """Every policy starts inside a run of ``years``: refused before any run, not in one."""
        for table, entries in (("policies", self.policies), ("external", self.external)):
            for name, params in entries.items():
                where = f"scenario {self.name}: [{table}.{name}] "
                CATALOGUE[name].check_horizon(params, years * 12, where)

    def to_toml_dict(self) -> dict[str, Any]:
        """The scenario as a TOML-ready dict (for saving)."""
        head = {
            k: v
            for k, v in (
                ("name", self.name),
                ("description", self.description),
                ("preset", self.preset),
                ("profile", self.profile),
                ("start", self.start),
            )
            if v is not None
        }
        out: dict[str, Any] = {"scenario": head}
        if self.policies:
            out["policies"] = self.policies
        if self.external:
            out["external"] = self.external
        return out


def _check_table(
    raw: Mapping[str, Any], allowed: Mapping[str, type[Policy]], table: str, origin: str
) -> dict[str, dict[str, Any]]:
    checked = {}
    for name, values in raw.items():
        if name not in allowed:
            hint = suggest(name, list(allowed))
            what = "policy" if table == "policies" else "external scenario"
            raise ConfigError(
                f"{origin}: [{table}.{name}] is not a known {what}{hint}; "
                f"allowed: {', '.join(sorted(allowed))}"
            )
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"{origin}: [{table}.{name}] = {shown(values)} must be a table of parameters"
            )
        allowed[name].check(values, f"{origin}: [{table}.{name}] ")
        checked[name] = dict(values)
    return checked


def parse_scenario(raw: Mapping[str, Any], origin: str) -> Scenario:
    """Validate a parsed scenario TOML (unknown policies, parameters, ranges)."""
    unknown = set(raw) - {"scenario", "policies", "external"}
    if unknown:
        raise ConfigError(
            f"{origin}: [{sorted(unknown)[0]}] is not allowed; "
            "use [scenario], [policies.*], [external.*]"
        )
    for table in ("scenario", "policies", "external"):
        if table in raw and not isinstance(raw[table], Mapping):
            raise ConfigError(
                f"{origin}: {table} = {raw[table]!r} must be a table ([{table}] or [{table}.NAME])"
            )
    head = dict(raw.get("scenario", {}))
    bad = set(head) - set(SCENARIO_KEYS)
    if bad:
        raise ConfigError(
            f"{origin}: scenario.{sorted(bad)[0]} is not allowed; use {', '.join(SCENARIO_KEYS)}"
        )
    policies = _check_table(raw.get("policies", {}), LEVERS, "policies", origin)
    external = _check_table(raw.get("external", {}), EXTERNALS, "external", origin)
    where = f"{origin}: scenario."
    profile = text_field(head, "profile", None, where)
    preset = text_field(head, "preset", None, where)
    if profile is not None and preset is not None:
        raise ConfigError(
            f"{origin}: scenario.preset = {preset!r} and scenario.profile = {profile!r} "
            "both given; use one of them"
        )
    start = head.get("start", "2025-01")
    parse_start(start, f"{where}start")
    return Scenario(
        name=text_field(head, "name", Path(origin).stem, where),
        description=text_field(head, "description", "", where),
        preset=preset if preset is not None or profile else "default",
        profile=profile,
        start=start.strip(),
        policies=policies,
        external=external,
    )


def scenario_names() -> list[str]:
    """Built-in scenarios."""
    folder = resources.files("model.scenario_files")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_scenario(name_or_file: str | Path) -> Scenario:
    """A built-in scenario by name, or a scenario file."""
    name = str(name_or_file)
    if name in scenario_names():
        path = Path(str(resources.files("model.scenario_files").joinpath(f"{name}.toml")))
        return parse_scenario(read_toml(path, "scenario"), f"scenario {name}")
    path = Path(name)
    if not path.suffix == ".toml" and not path.exists():
        raise ConfigError(
            f"scenario = {name!r} is neither a built-in scenario nor a file; "
            f"built-in: {', '.join(scenario_names())}"
        )
    scenario = parse_scenario(read_toml(path, "scenario"), str(path))
    if scenario.profile and not Path(scenario.profile).is_absolute():
        resolved = str((path.parent / scenario.profile).resolve())
        scenario = Scenario(
            scenario.name,
            scenario.description,
            None,
            resolved,
            scenario.start,
            scenario.policies,
            scenario.external,
        )
    return scenario

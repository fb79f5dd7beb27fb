"""A sweep's arms: the policy packages every design point is run under, with the same seeds.

```toml
[[sweep.arms]]
name = "status quo"                 # the first arm is the reference of the contrasts

[[sweep.arms]]
name = "case management"
scenario = "case-management"        # optional: this scenario's policies and externals
[sweep.arms.policies.case_management]
extra_fte_per_10000 = 2.0           # optional: policy settings, as in a scenario file
```

This is EMA's scenarios x policies: the design points vary what the municipality does
not control (and levers), the arms are the packages compared at every point. An arm
without ``scenario`` starts from the sweep's own scenario; its ``policies`` and
``external`` tables set parameters (adding the policy with its defaults if absent,
``enabled = false`` removing it). The municipality, start and horizon are the sweep's.
Because every arm runs a point with the same seeds, the difference of two arms per seed
is sharp (common random numbers); ``carescape analyze`` reports those paired
differences in ``contrasts.parquet``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from model.params import ConfigError, Parameter, flatten, shown
from model.scenarios import Scenario

ARM_KEYS = ("name", "scenario", "policies", "external")


@dataclass(frozen=True)
class Arm:
    """One package: a name, the scenario it starts from, and the settings on top."""

    name: str
    scenario: Scenario | None = None  # None: the sweep's scenario
    scenario_name: str | None = None  # as the spec wrote it
    settings: dict[str, Any] = field(default_factory=dict)  # path = value

    def describe(self) -> dict[str, Any]:
        """JSON-ready (sweep.json, the fingerprint)."""
        out: dict[str, Any] = {"name": self.name, "settings": dict(self.settings)}
        if self.scenario is not None:
            out["scenario"] = self.scenario_name
            out["scenario_policies"] = {
                "policies": self.scenario.policies,
                "external": self.scenario.external,
            }
        return out


def parse_arms(
    raw: Any,
    where: str,
    load: Callable[[str, str], Scenario],
    resolve: Callable[[str, str, str], tuple[str, Parameter]],
    check: Callable[[Parameter, Any, str], Any],
) -> tuple[Arm, ...]:
    """Validate ``[[sweep.arms]]``.

    Args:
        raw: the array of tables (None: no arms).
        where: the message prefix (file and table).
        load: scenario name or file -> Scenario (relative to the spec's folder).
        resolve: (path, where, entry) -> (kind, declared parameter), as for [[sweep.vary]].
        check: (parameter, value, where) -> the checked value.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) < 2:
        raise ConfigError(
            f"{where}arms must list at least two [[sweep.arms]] tables: a reference and an arm "
            "to compare with it"
        )
    arms = tuple(
        _arm(entry, f"{where}arms[{i}]", load, resolve, check) for i, entry in enumerate(raw)
    )
    names = [a.name for a in arms]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"{where}arms: {twice[0]!r} is named twice; name each arm once")
    return arms


def _arm(entry: Any, where: str, load, resolve, check) -> Arm:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where} must be a table with a name")
    bad = sorted(set(entry) - set(ARM_KEYS))
    if bad:
        raise ConfigError(f"{where}: {bad[0]} is not allowed; use {', '.join(ARM_KEYS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: name = {shown(name)} must be a non-empty text")
    where = f"{where} {name!r}: "
    scenario = None
    if "scenario" in entry:
        if not isinstance(entry["scenario"], str):
            text = shown(entry["scenario"])
            raise ConfigError(f"{where}scenario = {text} must be a scenario name or file")
        scenario = load(entry["scenario"], where)
    settings: dict[str, Any] = {}
    for head in ("policies", "external"):
        table = entry.get(head, {})
        if not isinstance(table, Mapping):
            raise ConfigError(f"{where}{head} must be a table such as [{head}.<name>]")
        for path, value in flatten(table, head + ".").items():
            _, spec = resolve(path, where, f"{path} = {shown(value)}")
            settings[path] = check(spec, value, where)
    return Arm(name.strip(), scenario, entry.get("scenario"), settings)


def arm_scenario(arm: Arm | None, base: Scenario) -> Scenario:
    """The scenario an arm's runs start from."""
    if arm is None or arm.scenario is None:
        return base
    return Scenario(
        base.name,
        base.description,
        base.preset,
        base.profile,
        base.start,
        {k: dict(v) for k, v in arm.scenario.policies.items()},
        {k: dict(v) for k, v in arm.scenario.external.items()},
    )

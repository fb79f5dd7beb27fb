"""Every problem of an uploaded profile or scenario file at once, in a form any language can say.

The model's parsers (``model.params.parse_profile``, ``model.scenarios.parse_scenario``)
stop at the first problem and speak English: right for the command line, wrong for a
strategist who uploads a file in the app. This module walks the same rules over the
whole file and returns a list of :class:`FileProblem` (the field, the value, what is
wrong and what is allowed); ``viz.i18n.file_problem`` says each in Dutch or English.
The model's parser still reads the file afterwards and stays the authority: a file it
refuses for a reason not listed here is shown with the parser's own text.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from typing import Any

from model.context import START_YEARS, parse_start
from model.params import REGISTRY, ConfigError, Parameter, flatten, parse_toml_bytes, preset_names
from model.policies import EXTERNALS, LEVERS, Policy
from model.scenarios import SCENARIO_KEYS
from viz.backend import MAX_UPLOAD_BYTES, UploadTooLarge, upload_name

PROFILE_META = ("name", "description", "districts")
SCENARIO_TABLES = ("scenario", "policies", "external")


@dataclasses.dataclass(frozen=True)
class FileProblem:
    """One problem of an uploaded file: ``code`` says what is wrong, ``details`` what is allowed."""

    code: str
    field: str = ""
    value: Any = None
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class UploadError(ConfigError):
    """A refused upload with all its problems (the English text is for logs and the CLI)."""

    def __init__(self, filename: str, problems: list[FileProblem]) -> None:
        text = "; ".join(f"{p.code} {p.field} = {p.value!r}" for p in problems)
        super().__init__(f"{filename}: {len(problems)} problem(s): {text}")
        self.filename = filename
        self.problems = tuple(problems)


def close_names(name: str, options: list[str]) -> list[str]:
    """Up to three known names close to a misspelt one."""
    return difflib.get_close_matches(name, options, n=3)


def read(data: bytes, filename: str, kind: str) -> dict[str, Any]:
    """The parsed TOML, or an UploadError whose one problem says where the syntax breaks."""
    upload_name(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(filename)
    try:
        return parse_toml_bytes(data, filename, kind)
    except ConfigError as exc:
        where = re.search(r"at line (\d+), column (\d+)", str(exc))
        if where:
            problem = FileProblem(
                "syntax", details={"line": int(where[1]), "column": int(where[2])}
            )
        else:
            problem = FileProblem("unreadable", details={"kind": kind})
        raise UploadError(filename, [problem]) from exc


def value_problems(spec: Parameter, value: Any, name: str) -> list[FileProblem]:
    """What is wrong with one value against its declaration (empty: nothing)."""
    try:
        spec.validate(value, "")
    except ConfigError:
        pass
    else:
        return []
    if spec.choices is not None:
        return [FileProblem("choice", name, value, {"choices": spec.choices})]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [FileProblem("not_number", name, value, {"low": spec.low, "high": spec.high})]
    whole = isinstance(spec.default, int)
    if whole and isinstance(value, float) and not value.is_integer():
        return [FileProblem("whole", name, value, {"low": spec.low, "high": spec.high})]
    return [FileProblem("range", name, value, {"low": spec.low, "high": spec.high})]


def _text(table: Mapping[str, Any], key: str, where: str) -> list[FileProblem]:
    if key in table and not isinstance(table[key], str):
        return [FileProblem("text", f"{where}{key}", table[key])]
    return []


# -- profiles ---------------------------------------------------------------------------------
def profile_problems(raw: Mapping[str, Any]) -> list[FileProblem]:
    """Every problem of a parsed profile: unknown keys, values out of range, inconsistencies."""
    raw = dict(raw)
    problems: list[FileProblem] = []
    meta = raw.pop("profile", {})
    for key in ("calibration", "built_from"):
        table = raw.pop(key, None)
        if table is not None and not isinstance(table, Mapping):
            problems.append(FileProblem("table", key, table))
    if isinstance(meta, Mapping):
        for key in meta:
            if key not in PROFILE_META:
                problems.append(
                    FileProblem(
                        "unknown_meta", f"profile.{key}", meta[key], {"allowed": PROFILE_META}
                    )
                )
        problems += _text(meta, "name", "profile.") + _text(meta, "description", "profile.")
    else:
        problems.append(FileProblem("table", "profile", meta))
        meta = {}
    values = {name: spec.default for name, spec in REGISTRY.items()}
    bad: set[str] = set()
    for name, value in flatten(raw).items():
        if name not in REGISTRY:
            close = close_names(name, list(REGISTRY))
            problems.append(FileProblem("unknown", name, value, {"close": close}))
            continue
        found = value_problems(REGISTRY[name], value, name)
        problems += found
        if found:
            bad.add(name)
        else:
            values[name] = REGISTRY[name].validate(value, "")
    problems += consistency_problems(values, bad)
    problems += district_problems(meta.get("districts"), values["population.districts"])
    return problems


def consistency_problems(values: Mapping[str, Any], bad: set[str]) -> list[FileProblem]:
    """The profile's cross-field rules (as ``model.params``) on fields valid by themselves."""
    problems = []
    shares = [k for k in values if k.startswith("general.place_share_")]
    if not bad & set(shares) and sum(values[k] for k in shares) <= 0:
        problems.append(FileProblem("place_shares", "general.place_share_*", 0))
    pairs = (
        ("population.share_80_plus", "population.share_65_plus"),
        ("population.share_0_17", "population.share_65_plus"),
        ("population.income_low_share", "population.income_high_share"),
    )
    (old, older), (young, _), (low, high) = pairs
    if not bad & {old, older} and values[old] >= values[older]:
        problems.append(
            FileProblem("below", old, values[old], {"other": older, "limit": values[older]})
        )
    if not bad & {young, older} and values[young] + values[older] >= 0.8:
        total = values[young] + values[older]
        problems.append(FileProblem("sum_below", f"{young} + {older}", total, {"limit": 0.8}))
    if not bad & {low, high} and values[low] + values[high] > 0.95:
        total = values[low] + values[high]
        problems.append(FileProblem("sum_at_most", f"{low} + {high}", total, {"limit": 0.95}))
    return problems


def district_problems(table: Any, count: int) -> list[FileProblem]:
    """[profile.districts]: one positive size per district."""
    if table is None:
        return []
    if not isinstance(table, Mapping) or not table:
        return [FileProblem("districts_table", "profile.districts", table)]
    problems = [
        FileProblem("district_size", f"profile.districts.{name}", size)
        for name, size in table.items()
        if isinstance(size, bool) or not isinstance(size, int | float) or not 0 < size < 1e9
    ]
    if len(table) != count:
        problems.append(
            FileProblem("district_count", "profile.districts", len(table), {"count": count})
        )
    return problems


# -- scenarios --------------------------------------------------------------------------------
def scenario_problems(raw: Mapping[str, Any]) -> list[FileProblem]:
    """Every problem of a parsed scenario: tables, head keys, measures and their parameters."""
    problems = [
        FileProblem("unknown_table", key, None, {"allowed": SCENARIO_TABLES})
        for key in raw
        if key not in SCENARIO_TABLES
    ]
    tables = {}
    for key in SCENARIO_TABLES:
        table = raw.get(key, {})
        if isinstance(table, Mapping):
            tables[key] = table
        else:
            problems.append(FileProblem("table", key, table))
            tables[key] = {}
    head = tables["scenario"]
    for key, value in head.items():
        if key not in SCENARIO_KEYS:
            problems.append(
                FileProblem("unknown_head", f"scenario.{key}", value, {"allowed": SCENARIO_KEYS})
            )
    for key in ("name", "description", "preset", "profile"):
        problems += _text(head, key, "scenario.")
    if "preset" in head and "profile" in head:
        problems.append(FileProblem("preset_and_profile", "scenario.preset", head["preset"]))
    preset = head.get("preset")
    if isinstance(preset, str) and preset not in preset_names():
        problems.append(
            FileProblem("preset", "scenario.preset", preset, {"allowed": tuple(preset_names())})
        )
    if "start" in head:
        try:
            parse_start(head["start"])
        except ConfigError:
            problems.append(
                FileProblem("start", "scenario.start", head["start"], {"years": START_YEARS})
            )
    problems += measure_problems(tables["policies"], LEVERS, "policies")
    problems += measure_problems(tables["external"], EXTERNALS, "external")
    return problems


def measure_problems(
    table: Mapping[str, Any], allowed: Mapping[str, type[Policy]], kind: str
) -> list[FileProblem]:
    """Unknown measures, and unknown or invalid parameters of the known ones."""
    problems = []
    for name, values in table.items():
        where = f"[{kind}.{name}]"
        if name not in allowed:
            close = close_names(name, list(allowed))
            problems.append(FileProblem(f"unknown_{kind}", where, None, {"close": close}))
            continue
        if not isinstance(values, Mapping):
            problems.append(FileProblem("table", where, values))
            continue
        declared = allowed[name].declared()
        for key, value in values.items():
            field_name = f"{where} {key}"
            if key not in declared:
                close = close_names(key, list(declared))
                problems.append(FileProblem("unknown_param", field_name, value, {"close": close}))
            else:
                problems += value_problems(declared[key], value, field_name)
    return problems


def check_profile(data: bytes, filename: str) -> None:
    """Raise UploadError with every problem of an uploaded profile (nothing: it looks valid)."""
    problems = profile_problems(read(data, filename, "profile"))
    if problems:
        raise UploadError(filename, problems)


def check_scenario(data: bytes, filename: str) -> None:
    """Raise UploadError with every problem of an uploaded scenario file."""
    problems = scenario_problems(read(data, filename, "scenario"))
    if problems:
        raise UploadError(filename, problems)

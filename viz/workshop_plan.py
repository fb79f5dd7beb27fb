"""Workshop session plans: the municipality, the questions and the measures, in order.

A plan is a small TOML file (three ship in ``viz/workshop_plans/``; a facilitator may
write their own and load it on the presenter page):

.. code-block:: toml

    [plan]
    title = "De voordeur onder druk"       # title_en, intro, intro_en optional
    preset = "default"                      # a built-in municipality
    residents = 45000                       # optional: the preset's own size otherwise
    seed = 1
    years = 5
    focus = "waiting_access"                # the indicator of the big gap number
    votes = ["case_management", "hh_norm"]  # the measures the room votes on

    [[round]]                               # one per question, in order
    question = "Wat gebeurt er met de wachtlijst?"   # question_en optional
    kind = "direction"                      # or "number": guess the value itself
    indicator = "waiting_access"
    months = 12                             # months run before the reveal
    switch_on = ["case_management"]         # at the start of the round; switch_off too
    [round.params.case_management]          # optional parameters of a measure
    extra_fte_per_10000 = 0.5

Every bad field is refused with one line naming the file, the field, the value and what
is allowed (the developer guide's rule for input).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from model.params import ConfigError, preset_names, suggest
from model.policies import CATALOGUE, LEVERS

# The indicators a plan may ask about (and the presenter page can show), with a derived
# one: everything the municipality pays, its measures included.
INDICATORS = (
    "waiting_access",
    "clients_youth",
    "clients_wmo",
    "unmet_need",
    "users_general",
    "overburdened_carers",
    "waiting_youth",
    "spend_youth_eur",
    "spend_wmo_eur",
    "cost_all_eur",
)
MONEY = {"spend_youth_eur", "spend_wmo_eur", "cost_all_eur"}
KINDS = ("direction", "number")
MAX_YEARS = 15
PLAN_KEYS = ("title", "title_en", "intro", "intro_en", "preset", "residents", "seed", "years")
PLAN_KEYS += ("focus", "votes")
ROUND_KEYS = ("question", "question_en", "kind", "indicator", "months", "switch_on")
ROUND_KEYS += ("switch_off", "params")


def row_value(row: dict[str, Any], name: str) -> float:
    """An indicator's value in a month's row (``cost_all_eur`` is care plus own staff)."""
    if name == "cost_all_eur":
        return float(row["spend_total_eur"]) + float(row["spend_staff_eur"])
    return float(row[name])


@dataclass(frozen=True)
class Round:
    """One question of a session: what is switched, what is asked, how long it runs."""

    question: str
    question_en: str
    kind: str
    indicator: str
    months: int
    switch_on: tuple[str, ...] = ()
    switch_off: tuple[str, ...] = ()
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        """The question in the language (Dutch when there is no English)."""
        return self.question_en if lang == "en" and self.question_en else self.question


@dataclass(frozen=True)
class Plan:
    """A session plan: the municipality and its rounds."""

    name: str
    title: str
    title_en: str
    intro: str
    intro_en: str
    preset: str
    residents: int | None
    seed: int
    years: int
    focus: str
    votes: tuple[str, ...]
    rounds: tuple[Round, ...]

    def label(self, lang: str) -> str:
        """The title in the language."""
        return self.title_en if lang == "en" and self.title_en else self.title

    def introduction(self, lang: str) -> str:
        """The intro in the language."""
        return self.intro_en if lang == "en" and self.intro_en else self.intro


def _unknown(where: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            raise ConfigError(
                f"{where}{key} is not a field{suggest(key, list(allowed))}; "
                f"allowed: {', '.join(allowed)}"
            )


def _text(where: str, table: dict[str, Any], key: str, required: bool = False) -> str:
    value = table.get(key, "")
    if required and key not in table:
        raise ConfigError(f'{where}{key} is missing; write {key} = "..."')
    if not isinstance(value, str) or (required and not value.strip()):
        raise ConfigError(f"{where}{key} = {value!r} is not allowed; use a non-empty text")
    return value


def _int(where: str, table: dict[str, Any], key: str, low: int, high: int, default=None) -> int:
    if key not in table:
        if default is None:
            raise ConfigError(f"{where}{key} is missing; use a whole number in [{low}, {high}]")
        return default
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"{where}{key} = {value!r} is not allowed; use a whole number in [{low}, {high}]"
        )
    return value


def _choice(where: str, key: str, value: Any, allowed: tuple[str, ...] | list[str]) -> str:
    if value not in allowed:
        hint = suggest(str(value), list(allowed))
        raise ConfigError(
            f"{where}{key} = {value!r} is not allowed{hint}; use one of {', '.join(allowed)}"
        )
    return value


def _measures(where: str, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}{key} = {value!r} is not allowed; use a list of measures")
    return tuple(_choice(where, key, name, tuple(LEVERS)) for name in value)


def _round(where: str, table: Any, horizon_left: int) -> Round:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}is not a table; write [[round]] with its fields")
    _unknown(where, table, ROUND_KEYS)
    switch_on = _measures(where, table, "switch_on")
    params = table.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"{where}params = {params!r} is not allowed; use [round.params.<name>]")
    checked: dict[str, dict[str, Any]] = {}
    for name, values in params.items():
        _choice(where, "params", name, switch_on or ("(a measure in switch_on)",))
        if not isinstance(values, dict):
            raise ConfigError(f"{where}params.{name} = {values!r} is not allowed; use a table")
        CATALOGUE[name].check({k: v for k, v in values.items() if k != "start_month"}, where)
        checked[name] = {k: v for k, v in values.items() if k != "start_month"}
    return Round(
        question=_text(where, table, "question", required=True),
        question_en=_text(where, table, "question_en"),
        kind=_choice(where, "kind", table.get("kind", "direction"), KINDS),
        indicator=_choice(where, "indicator", table.get("indicator", ""), INDICATORS),
        months=_int(where, table, "months", 1, max(horizon_left, 1)),
        switch_on=switch_on,
        switch_off=_measures(where, table, "switch_off"),
        params=checked,
    )


def parse_plan(data: bytes | str, name: str) -> Plan:
    """A plan from TOML text; ``name`` (the file name) starts every error message."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    try:
        tree = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML ({exc})") from None
    _unknown(f"{name}: ", tree, ("plan", "round"))
    head = tree.get("plan")
    if not isinstance(head, dict):
        raise ConfigError(f"{name}: [plan] is missing; it holds title, preset, seed, years")
    where = f"{name}: plan."
    _unknown(where, head, PLAN_KEYS)
    years = _int(where, head, "years", 1, MAX_YEARS, default=5)
    rounds_raw = tree.get("round", [])
    if not isinstance(rounds_raw, list) or not rounds_raw:
        raise ConfigError(f"{name}: round is missing; write at least one [[round]] with a question")
    rounds, used = [], 0
    for index, table in enumerate(rounds_raw, 1):
        got = _round(f"{name}: round {index}: ", table, years * 12 - used)
        used += got.months
        rounds.append(got)
    if used > years * 12:
        raise ConfigError(
            f"{name}: the rounds run {used} months, beyond years = {years}; "
            f"use fewer months or more years"
        )
    votes = _measures(where, head, "votes")
    return Plan(
        name=name.removesuffix(".toml"),
        title=_text(where, head, "title", required=True),
        title_en=_text(where, head, "title_en"),
        intro=_text(where, head, "intro"),
        intro_en=_text(where, head, "intro_en"),
        preset=_choice(where, "preset", head.get("preset", "default"), preset_names()),
        residents=_int(where, head, "residents", 1000, 200_000, default=0) or None,
        seed=_int(where, head, "seed", 0, 2**31 - 1, default=1),
        years=years,
        focus=_choice(where, "focus", head.get("focus", "waiting_access"), INDICATORS),
        votes=votes,
        rounds=tuple(rounds),
    )


def shipped_plans() -> dict[str, Plan]:
    """The ready-made plans, by file name without ``.toml``, in name order."""
    folder = resources.files("viz.workshop_plans")
    files = sorted(p for p in folder.iterdir() if p.name.endswith(".toml"))
    return {p.name[:-5]: parse_plan(p.read_bytes(), p.name) for p in files}

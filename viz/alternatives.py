"""Named alternatives: several packages of measures against one baseline, side by side.

A strategist preparing a council evening compares more than one package with doing
nothing. This module keeps, per browser session, the user's named alternatives (the
switched-on measures with all their parameters, at most ``MAX_ALTERNATIVES``), lists
them next to the built-in scenarios for the scenario picker, and runs the baseline and
every alternative as ONE batch of the shared workers with the same seeds: per replicate
all arms draw the same random numbers (common random numbers), so each alternative's
paired difference with the baseline is sharp and the alternatives are comparable.

The municipality, start month and external developments are the page's own choices and
hold for the baseline and every alternative; an alternative is only its measures.
The summaries (final-year table, yearly differences) are plain functions of the results.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import solara
import solara.lab

from experiments.compare import RunSpec, t95
from model.aggregate import yearly
from model.params import ConfigError
from model.policies import CATALOGUE, EXTERNALS, LEVERS
from model.results import NET_COST
from model.scenarios import Scenario, load_scenario, scenario_names
from viz import state
from viz.backend import (
    Cancelled,
    Results,
    WorkTooLarge,
    build_scenario,
    check_work,
    run_streaming,
    run_work,
)
from viz.i18n import TEXT, money_mln, number, policy_label, t

MAX_ALTERNATIVES = 6
BUILTIN_PREFIX = "builtin:"  # the picker's value of a built-in scenario: builtin:front-door
_KEYS = itertools.count(1)  # alternative keys (arm names) are never reused in a process


@dataclass(frozen=True)
class Alternative:
    """A named package of measures the user saved: lever -> all its parameter values."""

    key: str  # the arm's name in a comparison ("alt-3"); stays when the user renames
    name: str
    measures: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class CompareState:
    """Progress and (partial) results of the latest comparison of alternatives."""

    running: bool = False
    done: int = 0
    total: int = 0
    results: Results | None = None
    arms: tuple[str, ...] = ()  # the alternatives' keys, in the order they were compared
    names: tuple[str, ...] = ()  # their names when compared (shown if one is removed since)
    seeds: tuple[int, ...] = ()
    years: int = 0
    start: str = ""
    version: int = 0
    error: str = ""
    place: int = 0
    sharing: int = 0
    seconds: float | None = None
    cancel: threading.Event = field(default_factory=threading.Event)


alternatives = solara.reactive(())  # tuple[Alternative, ...], this session's
draft_name = solara.reactive("")  # the name field; empty: the next default name
problem = solara.reactive(None)  # (TEXT key, values) of the last refused action, or None
compare_state = solara.reactive(CompareState())


# -- the built-in scenarios ---------------------------------------------------------------------
@cache
def builtin_scenarios() -> dict[str, Scenario]:
    """The built-in scenarios of ``carescape compare --scenario``, by their registry key."""
    return {name: load_scenario(name) for name in scenario_names()}


def _text_key(key: str, part: str) -> str:
    return f"scn_{key.replace('-', '_')}_{part}"


def builtin_name(key: str, lang: str) -> str:
    """A built-in scenario's name for people (never its key); a new one: its measures' names."""
    text_key = _text_key(key, "name")
    if text_key in TEXT:
        return t(text_key, lang)
    scenario = builtin_scenarios()[key]
    return " + ".join(policy_label(n, lang) for n in scenario.policies)


def builtin_description(key: str, lang: str) -> str:
    """A built-in scenario's one-line description (the file's own, English, when untranslated)."""
    text_key = _text_key(key, "desc")
    return t(text_key, lang) if text_key in TEXT else builtin_scenarios()[key].description


def full_measures(policies: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Levers with every declared parameter (defaults filled in): equal packages compare equal."""
    return {
        name: {
            k: dict(chosen).get(k, spec.default) for k, spec in CATALOGUE[name].declared().items()
        }
        for name, chosen in policies.items()
        if name in LEVERS
    }


def picker_items() -> list[tuple[str, Mapping[str, Mapping[str, Any]]]]:
    """(picker value, measures) of every built-in scenario, then of every saved alternative."""
    items: list[tuple[str, Mapping[str, Mapping[str, Any]]]] = [
        (BUILTIN_PREFIX + key, scenario.policies) for key, scenario in builtin_scenarios().items()
    ]
    return items + [(alt.key, alt.measures) for alt in alternatives.value]


def current_choice() -> str | None:
    """The picker value whose measures are the ones switched on now (None: no exact match)."""
    current = full_measures(state.current_measures())
    if not current:
        return None
    return next((v for v, m in picker_items() if full_measures(m) == current), None)


def pick(value: str) -> None:
    """Set the measures switches to a built-in scenario's or a saved alternative's measures."""
    if value.startswith(BUILTIN_PREFIX):
        state.apply_measures(builtin_scenarios()[value[len(BUILTIN_PREFIX) :]].policies)
        return
    chosen = by_key(value)
    if chosen is not None:
        state.apply_measures(chosen.measures)


# -- the session's alternatives -----------------------------------------------------------------
def by_key(key: str) -> Alternative | None:
    """One of the session's alternatives."""
    return next((a for a in alternatives.value if a.key == key), None)


def default_name(lang: str) -> str:
    """The next free default name: Alternatief A, B, C, ... (Alternative A, ... in English)."""
    taken = {a.name.casefold() for a in alternatives.value}
    for letter in (chr(c) for c in range(ord("A"), ord("Z") + 1)):
        name = t("alt_default", lang, letter=letter)
        if name.casefold() not in taken:
            return name
    return t("alt_default", lang, letter=len(alternatives.value) + 1)


def _refuse(key: str, **values: object) -> bool:
    problem.value = (key, values)
    return False


def add_alternative(name: str, lang: str) -> bool:
    """Keep the switched-on measures under ``name`` (empty: the next default name).

    Refused, with the reason in ``problem``: no measure on (that is the baseline), a
    field in red, ``MAX_ALTERNATIVES`` kept already, or a name in use.
    """
    measures = state.current_measures()
    name = " ".join((name or "").split()) or default_name(lang)
    if not measures:
        return _refuse("alt_need_measure")
    if any(k.split(".")[0] in measures for k in state.field_errors.value):
        return _refuse("fix_fields")
    if len(alternatives.value) >= MAX_ALTERNATIVES:
        return _refuse("alt_full", n=MAX_ALTERNATIVES)
    if any(a.name.casefold() == name.casefold() for a in alternatives.value):
        return _refuse("alt_name_taken", name=name)
    alternatives.value = (*alternatives.value, Alternative(f"alt-{next(_KEYS)}", name, measures))
    draft_name.value = ""
    problem.value = None
    return True


def remove_alternative(key: str) -> None:
    """Forget an alternative (a comparison already on screen keeps its column)."""
    alternatives.value = tuple(a for a in alternatives.value if a.key != key)
    problem.value = None


def rename_alternative(key: str, name: str) -> bool:
    """Give an alternative another name; an empty name or one in use is refused."""
    name = " ".join((name or "").split())
    if not name:
        return _refuse("alt_name_empty")
    if any(a.name.casefold() == name.casefold() and a.key != key for a in alternatives.value):
        return _refuse("alt_name_taken", name=name)
    alternatives.value = tuple(
        replace(a, name=name) if a.key == key else a for a in alternatives.value
    )
    problem.value = None
    return True


def shown_name(key: str) -> str:
    """An arm's name in a comparison: the alternative's current name, else its name then."""
    chosen = by_key(key)
    if chosen is not None:
        return chosen.name
    run = compare_state.value
    return run.names[run.arms.index(key)] if key in run.arms else key


# -- the comparison -----------------------------------------------------------------------------
def scenario_of(alternative: Alternative) -> Scenario:
    """An alternative on the page's municipality, start and external developments."""
    chosen = state.profile.value
    external = {n: state.policy_values(n) for n in state.enabled.value if n in EXTERNALS}
    return build_scenario(
        alternative.name,
        None if chosen else state.preset_name(),
        chosen.path if chosen else None,
        state.start.value,
        alternative.measures,
        external,
    )


def plan(
    scenarios: Mapping[str, Scenario], seeds: Sequence[int], years: int, residents: int | None
) -> list[RunSpec]:
    """The baseline and every alternative per seed: one batch, the same seeds for every arm.

    The runs are ordered seed by seed, so the first replicate of all arms is done first
    (the table shows up early). A measure starting after the horizon is refused first.
    """
    if not scenarios:
        raise ConfigError("no alternatives to compare: save one first")
    for scenario in scenarios.values():
        scenario.check_horizon(years)
    arms = {"baseline": next(iter(scenarios.values())).baseline(), **scenarios}
    return [
        RunSpec(arm, seed, scenario, None, years, scenario.preset, residents)
        for seed in seeds
        for arm, scenario in arms.items()
    ]


def run_size() -> tuple[int, int]:
    """(resident-months comparing the alternatives asks, the most one run may ask)."""
    try:
        chosen = state.residents() or state.base_residents()
    except (ValueError, ConfigError):
        chosen = state.base_residents()
    runs = state.replicates.value * (1 + len(alternatives.value))
    return run_work(chosen, state.years.value, runs), state.run_size()[1]


def _publish(**changes: Any) -> None:
    compare_state.value = replace(compare_state.value, **changes)


@solara.lab.task(prefer_threaded=True)
def compare() -> None:
    """Baseline and every alternative with the same seeds; publishes each complete replicate."""
    previous = compare_state.value
    previous.cancel.set()
    chosen = alternatives.value
    seeds = tuple(range(1, state.replicates.value + 1))
    years = state.years.value
    fresh = CompareState(version=previous.version + 1)
    try:
        scenarios = {a.key: scenario_of(a) for a in chosen}
        specs = plan(scenarios, seeds, years, state.residents())
        check_work(state.residents() or state.base_residents(), years, len(specs))
    except WorkTooLarge as exc:
        text = state.work_text("work_too_large", exc.asked, exc.limit, state.lang.value)
        compare_state.value = replace(fresh, error=text)
        return
    except ConfigError as exc:
        compare_state.value = replace(fresh, error=str(exc))
        return
    cancel = threading.Event()
    started = time.perf_counter()
    compare_state.value = replace(
        fresh,
        running=True,
        total=len(specs),
        arms=tuple(a.key for a in chosen),
        names=tuple(a.name for a in chosen),
        seeds=seeds,
        years=years,
        start=state.start.value,
        cancel=cancel,
    )

    def on_progress(done: int, total: int) -> None:
        if not cancel.is_set():
            _publish(done=done, total=total)

    def on_pairs(results: Results) -> None:
        if cancel.is_set():
            raise Cancelled
        _publish(results=results, version=compare_state.value.version + 1)

    def on_queue(place: int, sharing: int) -> None:
        if not cancel.is_set():
            _publish(place=place, sharing=sharing)

    session = state.alternatives_session(state.session_id())
    try:
        run_streaming(specs, state.WORKERS, on_pairs, on_progress, cancel, session, on_queue)
    except Cancelled:
        if compare_state.value.cancel is cancel:
            _publish(running=False, place=0)
        return
    except Exception as exc:  # shown in the page; the app keeps working
        _publish(running=False, error=f"{type(exc).__name__}: {exc}")
        return
    _publish(
        running=False,
        place=0,
        sharing=0,
        seconds=round(time.perf_counter() - started, 1),
        version=compare_state.value.version + 1,
    )


def stop() -> None:
    """Stop the running comparison (the replicates done so far stay on screen)."""
    compare_state.value.cancel.set()
    _publish(running=False)


# -- summaries ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    """A row of the table: a headline indicator, summed over ``parts`` (one or more outcomes)."""

    key: str  # TEXT key alt_row_<key> names it
    parts: tuple[str, ...]
    better_when: int  # +1 higher is better, -1 lower is better, 0 neither (a shift, not a goal)
    kind: str  # money, count, weeks, score


# The indicators of the Headline and the four arrows: cost, use (tailored vs general),
# waiting, unmet need, wellbeing and the carers.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(NET_COST, (NET_COST,), -1, "money"),
    Indicator("tailored", ("clients_wmo", "clients_youth"), 0, "count"),
    Indicator("users_general", ("users_general",), 0, "count"),
    Indicator("wait_weeks_access", ("wait_weeks_access",), -1, "weeks"),
    Indicator("unmet_need", ("unmet_need",), -1, "count"),
    Indicator("wellbeing_in_contact", ("wellbeing_in_contact",), +1, "score"),
    Indicator("overburdened_carers", ("overburdened_carers",), -1, "count"),
)


@dataclass(frozen=True)
class Interval:
    """A mean over replicates with its 90% interval (lo = hi = mean with one replicate)."""

    mean: float
    lo: float
    hi: float
    n: int

    @property
    def verdict(self) -> int:
        """+1 the interval lies above zero, -1 below, 0 it contains zero."""
        return 1 if self.lo > 0 else (-1 if self.hi < 0 else 0)


def interval(values: np.ndarray) -> Interval:
    """Mean and 90% t-interval of per-replicate values."""
    values = np.asarray(values, dtype=float)
    mean = float(values.mean())
    if len(values) < 2:
        return Interval(mean, mean, mean, len(values))
    half = float(t95(len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values)))
    return Interval(mean, mean - half, mean + half, len(values))


def per_year(results: Results, arm: str, indicator: Indicator) -> np.ndarray:
    """Replicates x years of an indicator (flows summed per year, stocks averaged)."""
    runs = results[arm]
    return np.array(
        [sum(yearly(runs[s], indicator.parts)[p] for p in indicator.parts) for s in sorted(runs)]
    )


@dataclass(frozen=True)
class Row:
    """One indicator: the baseline's final year and each alternative's paired difference."""

    indicator: Indicator
    baseline: float
    diffs: tuple[Interval, ...]


def table_rows(results: Results, arms: Sequence[str]) -> list[Row]:
    """Per indicator the baseline's final-year level and each arm's paired difference."""
    rows = []
    for indicator in INDICATORS:
        base = per_year(results, "baseline", indicator)[:, -1]
        diffs = tuple(interval(per_year(results, arm, indicator)[:, -1] - base) for arm in arms)
        rows.append(Row(indicator, float(base.mean()), diffs))
    return rows


def yearly_differences(results: Results, arm: str, indicator: Indicator) -> list[Interval]:
    """Each year's paired difference of one arm with the baseline."""
    diff = per_year(results, arm, indicator) - per_year(results, "baseline", indicator)
    return [interval(diff[:, year]) for year in range(diff.shape[1])]


def year_labels(results: Results) -> list[str]:
    """Calendar years of the model years: 2025, ... (2025/26, ... for a start after January)."""
    first = results["baseline"][min(results["baseline"])]
    dates = [str(d) for d in first["date"][::12]]
    if dates and dates[0][5:7] != "01":
        return [f"{d[:4]}/{(int(d[:4]) + 1) % 100:02d}" for d in dates]
    return [d[:4] for d in dates]


# -- numbers as the table shows them ------------------------------------------------------------
DIGITS = {"count": 0, "weeks": 1, "score": 2}


def level_text(value: float, kind: str, lang: str) -> str:
    """A baseline level: money in millions, counts whole, weeks and scores with decimals."""
    if kind == "money":
        return money_mln(value, lang)
    return number(value, lang, DIGITS[kind])


def difference_text(diff: Interval, kind: str, lang: str) -> str:
    """A paired difference with its sign: ``EUR -1,2 mln``, ``+35``, ``-0,4``."""
    if kind == "money":
        return money_mln(diff.mean, lang, signed=True)
    return number(diff.mean, lang, DIGITS[kind], signed=True)


def interval_text(diff: Interval, kind: str, lang: str) -> str:
    """The 90% interval of a difference, e.g. ``90%: -1,5 tot -0,9`` (money in millions)."""
    if diff.n < 2:
        return t("alt_no_interval", lang)
    scale, digits = (1e6, 2) if kind == "money" else (1.0, DIGITS[kind])
    lo = number(diff.lo / scale, lang, digits, signed=True)
    hi = number(diff.hi / scale, lang, digits, signed=True)
    if kind == "money":
        hi += " mln" if lang == "nl" else " M"
    return t("alt_interval", lang, lo=lo, hi=hi)

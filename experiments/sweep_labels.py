"""What a sweep figure writes on its axes and in its note: labels, units, scales, n.

A published figure must not show ``policies.case_management.extra_fte_per_10000`` or
EUR with a ``1e6`` offset. Labels come from the declarations: outcomes from the results
schema (``model.results``) or the spec's own outcome, lever and external-scenario
parameters from the policy's title and the parameter's declared meaning, registry
parameters from their section and name spelt out with their registry unit. Money is
shown in EUR mln, shares in percent. The note under every figure says which year and
aggregation a figure is (a stock's mean over the year's months, a flow's sum over the
year) and how many runs it rests on.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from experiments.outcomes import SpecOutcome, label_of
from model.params import REGISTRY
from model.policies import EXTERNALS, LEVERS
from model.results import OUTCOMES


@dataclass(frozen=True)
class Scale:
    """How an output is shown: divide by ``divisor``, and the unit text that then applies."""

    divisor: float
    unit: str


def output_scale(name: str, outcomes: Mapping[str, SpecOutcome] | None = None) -> Scale:
    """EUR in millions, shares in percent, everything else as declared."""
    _, unit = label_of(name, outcomes)
    if unit == "EUR":
        return Scale(1e6, "EUR mln")
    if unit == "share":
        return Scale(0.01, "%")
    return Scale(1.0, unit)


def output_label(name: str, outcomes: Mapping[str, SpecOutcome] | None = None) -> str:
    """The output's label with its shown unit: 'Net cost including the measures (EUR mln)'."""
    label, _ = label_of(name, outcomes)
    unit = output_scale(name, outcomes).unit
    return f"{label} ({unit})" if unit else label


def output_kind(name: str, outcomes: Mapping[str, SpecOutcome] | None = None) -> str:
    """'stock', 'flow' or 'own' (a spec's outcome: one figure over its own window)."""
    if outcomes and name in outcomes:
        return "own"
    return OUTCOMES[name].kind if name in OUTCOMES else "own"


@dataclass(frozen=True)
class FactorLabel:
    """A factor as a reader sees it: what it is, its unit, and how its values read."""

    label: str
    unit: str
    dtype: str
    choices: Mapping[str, str] = field(default_factory=dict)  # value -> English label

    def axis(self, width: int = 42) -> str:
        """The axis title, wrapped: 'label (unit)'."""
        text = f"{self.label} ({self.unit})" if self.unit else self.label
        return textwrap.fill(text, width)

    def value(self, value: Any) -> str:
        """A factor value as a tick label: on/off for switches, numbers without noise."""
        if self.dtype == "bool" or isinstance(value, bool):
            return "on" if bool(value) else "off"
        if isinstance(value, float):
            return f"{value:.4g}"
        return self.choices.get(str(value), str(value).replace("_", " "))


def factor_label(factor: Mapping[str, Any]) -> FactorLabel:
    """The label of a sweep factor (an entry of sweep.json's ``factors``), never its path."""
    path, dtype = factor["path"], factor.get("dtype", "float")
    head, _, rest = path.partition(".")
    if head in ("policies", "external"):
        table = LEVERS if head == "policies" else EXTERNALS
        name, _, key = rest.partition(".")
        policy = table.get(name)
        title = policy.label if policy is not None else _spelt(name)
        if key == "enabled":
            return FactorLabel(title, "", "bool")  # its values read off / on
        declared = policy.declared() if policy is not None else {}
        meaning = declared[key].unit if key in declared else _spelt(key)
        named = (declared[key].choice_labels or {}) if key in declared else {}
        choices = {value: pair[1] for value, pair in named.items()}
        return FactorLabel(f"{title}: {meaning}", "", dtype, choices)
    section, _, key = path.partition(".")
    unit = REGISTRY[path].unit if path in REGISTRY else ""
    if unit.startswith(_spelt(key)):  # 'districts (wijken)' already says what it is
        return FactorLabel(f"{_spelt(section).capitalize()}: {unit}", "", dtype)
    return FactorLabel(f"{_spelt(section).capitalize()}: {_spelt(key)}", unit, dtype)


def _spelt(key: str) -> str:
    return key.replace("_", " ")


# -- the note under every figure -------------------------------------------------------------
def year_text(meta: Mapping[str, Any], year: str) -> str:
    """'year 2 of 2 (2026)' or 'all 3 years (2025-2027)', by the sweep's start month."""
    years = int(meta["years"])
    start = _start(meta)
    if year == "all":
        return f"mean of all {years} years ({_span(start, 1)}-{_span(start, years, end=True)})"
    number = years if year == "last" else int(year)
    return f"year {number} of {years} ({_span(start, number)})"


def _start(meta: Mapping[str, Any]) -> dt.date:
    text = str(meta.get("start") or "2025-01")
    year, month = (int(part) for part in text.split("-")[:2])
    return dt.date(year, month, 1)


def _span(start: dt.date, number: int, end: bool = False) -> str:
    """The calendar span of recorded year ``number``: '2026', or '2025-07 to 2026-06'."""
    first = dt.date(start.year + number - 1, start.month, 1)
    if start.month == 1:
        return str(first.year)
    last = _add_months(first, 11)
    if end:
        return f"{last:%Y-%m}"
    return f"{first:%Y-%m} to {last:%Y-%m}"


def _add_months(date: dt.date, months: int) -> dt.date:
    total = date.year * 12 + date.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def month_dates(meta: Mapping[str, Any], months: pd.Series | list[int]) -> list[dt.date]:
    """The calendar month of each recorded month index (month 1 is the sweep's start)."""
    start = _start(meta)
    return [_add_months(start, int(m) - 1) for m in months]


def aggregation_text(kind: str, year: str) -> str:
    """How one run's figure is made from its months, for a stock, a flow or an own outcome."""
    if kind == "own":
        return "the spec's own outcome over its own window of years"
    if year == "all":
        return (
            "mean of the yearly means of the months"
            if kind == "stock"
            else "sum over each year's months, averaged over the years"
        )
    return "mean over the year's months" if kind == "stock" else "sum over the year's months"


def count_text(values: pd.DataFrame) -> str:
    """'n = 48 runs: 6 design points x 2 arms x 4 replicates' (what the figure rests on)."""
    points = values["point"].nunique()
    replicates = values["replicate"].nunique()
    arms = values["arm"].nunique() if "arm" in values.columns else 0
    parts = [_plural(points, "design point")] + ([_plural(arms, "arm")] if arms else [])
    parts.append(_plural(replicates, "replicate") + " (seeds)")
    return f"n = {len(values)} runs: " + " x ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def readable(text: str, factors: list[Mapping[str, Any]]) -> str:
    """A message with every factor path replaced by the factor's label (for captions)."""
    for factor in sorted(factors, key=lambda f: -len(f["path"])):
        text = text.replace(factor["path"], factor_label(factor).label)
    return text


def figure_note(
    meta: Mapping[str, Any],
    year: str,
    kind: str,
    values: pd.DataFrame,
    extra: str = "",
) -> str:
    """The note every figure carries: year, aggregation, n (and what the bars mean)."""
    when = "own window" if kind == "own" else year_text(meta, year)
    text = (
        f"{meta.get('name', 'sweep')} ({meta.get('design', '')} design). Figure per run: "
        f"{when}, {aggregation_text(kind, year)}. {count_text(values)}."
    )
    return f"{text} {extra}".strip()

"""Months into years, decided by the results schema: the one place that aggregates.

A run's monthly columns (an Arrow table or a mapping of arrays, both with ``month``)
become per-year figures: flows summed over the year's months, stocks averaged, for
every recorded indicator present and every derived outcome whose inputs are present
(``model.results.DERIVED_OUTCOMES``). Nothing is guessed from a column's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
import pyarrow as pa

from model.results import (
    DERIVED,
    DERIVED_OUTCOMES,
    DISTRICT,
    INDICATORS,
    district_column,
    kind_of,
    outcome,
)

Columns = pa.Table | Mapping[str, np.ndarray]


def _reader(data: Columns) -> tuple[list[str], Callable[[str], np.ndarray]]:
    if isinstance(data, pa.Table):
        return list(data.column_names), lambda name: data.column(name).to_numpy()
    return list(data), lambda name: np.asarray(data[name])


def _available(names: list[str]) -> list[str]:
    """Outcomes the data can give: recorded columns in their order, then derived ones."""
    present = set(names)
    recorded = [n for n in names if n in INDICATORS and INDICATORS[n].kind != "key"]
    derived = [d.name for d in DERIVED_OUTCOMES if d.name in present or set(d.inputs) <= present]
    return recorded + derived


def monthly(data: Columns, name: str) -> np.ndarray:
    """One outcome month by month: a recorded column, or a derived one from its inputs."""
    names, read = _reader(data)
    if name in names:
        return read(name)
    derived = DERIVED.get(name)
    if derived is None:
        outcome(name)  # unknown names fail with the schema's message
        raise KeyError(f"the data lack the recorded outcome {name!r}")
    return derived.compute({n: read(n) for n in derived.inputs})


def with_derived(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The monthly columns plus every derived outcome's monthly series (added in place)."""
    for derived in DERIVED_OUTCOMES:
        if derived.name not in columns:
            columns[derived.name] = derived.compute({n: columns[n] for n in derived.inputs})
    return columns


def yearly(data: Columns, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Per recorded year (``year`` = 1, 2, ...): flows summed, stocks averaged, per the schema.

    ``names`` limits the outcomes (recorded or derived); by default every outcome the
    data can give: the recorded indicators in column order, then the derived outcomes.
    """
    columns, read = _reader(data)
    year = (read("month").astype(np.int64) - 1) // 12
    counts = np.bincount(year)
    out: dict[str, np.ndarray] = {"year": np.unique(year) + 1}
    for name in _available(columns) if names is None else names:
        values = monthly(data, name).astype(float)
        sums = np.bincount(year, weights=values)
        out[name] = sums if kind_of(name) == "flow" else sums / counts
    return out


def last_year(data: Columns, name: str) -> float:
    """The figure of the last recorded year."""
    return float(yearly(data, (name,))[name][-1])


def average_year(data: Columns, name: str) -> float:
    """The mean of the yearly figures over the horizon (a flow per year, a stock's level)."""
    return float(np.mean(yearly(data, (name,))[name]))


def horizon(data: Columns, name: str) -> float:
    """Over the whole horizon: a flow's total, a stock's mean level."""
    values = monthly(data, name).astype(float)
    return float(values.sum() if kind_of(name) == "flow" else values.mean())


def cumulative(data: Columns, name: str) -> np.ndarray:
    """A flow summed from the first month up to each month (stocks cannot be cumulated)."""
    if kind_of(name) != "flow":
        raise ValueError(f"{name!r} is a stock; only flows can be cumulated")
    return np.cumsum(monthly(data, name).astype(float))


def district_yearly(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A run's district figures per recorded year: (years x districts), by the district schema.

    ``columns`` are a run's monthly columns with the ``district.*`` arrays
    (``experiments.compare.run_one``); flows are summed over a year's months, stocks
    averaged, as ``yearly`` does for the municipal series.
    """
    year = (np.asarray(columns["month"]).astype(np.int64) - 1) // 12
    counts = np.bincount(year)[:, None]
    out: dict[str, np.ndarray] = {"year": np.unique(year) + 1}
    for indicator in DISTRICT.values():
        if indicator.kind == "key":
            continue
        values = np.asarray(columns[district_column(indicator.name)], dtype=float)
        sums = np.zeros((len(counts), values.shape[1]))
        np.add.at(sums, year, values)
        out[indicator.name] = sums if indicator.kind == "flow" else sums / counts
    return out

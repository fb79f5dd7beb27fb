"""Readable yearly summaries of a run's time series, for the terminal."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from model.results import INDICATORS

SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("residents", "residents"),
    ("clients_hh", "HH"),
    ("clients_support", "support"),
    ("clients_daycare", "daycare"),
    ("clients_youth", "youth"),
    ("users_general", "general"),
    ("tailored_share", "tailored%"),
    ("waiting_access", "wait.acc"),
    ("wait_weeks_access", "wk.acc"),
    ("waiting_providers", "wait.prov"),
    ("spend_total_eur", "spend M€"),
    ("declared_total_eur", "declared M€"),
    ("unmet_need", "unmet"),
    ("wellbeing_mean", "wellbeing"),
)


def yearly(table: pa.Table) -> dict[str, np.ndarray]:
    """Yearly figures: stocks averaged, flows summed, per recorded year."""
    months = table.column("month").to_numpy()
    year = (months - 1) // 12
    out: dict[str, np.ndarray] = {"year": np.unique(year) + 1}
    for name in table.column_names:
        indicator = INDICATORS.get(name)
        if indicator is None or indicator.kind == "key":
            continue
        values = table.column(name).to_numpy().astype(float)
        sums = np.bincount(year, weights=values)
        counts = np.bincount(year)
        out[name] = sums if indicator.kind == "flow" else sums / counts
    return out


def format_yearly(table: pa.Table, first_year: int) -> str:
    """A compact table with one line per year."""
    data = yearly(table)
    header = f"{'year':>5} " + " ".join(f"{label:>11}" for _, label in SUMMARY_COLUMNS)
    lines = [header]
    for i, year in enumerate(data["year"]):
        cells = []
        for name, _ in SUMMARY_COLUMNS:
            value = data[name][i]
            if name.endswith("_eur"):
                cells.append(f"{value / 1e6:>11.2f}")
            elif name == "tailored_share":
                cells.append(f"{value * 100:>11.1f}")
            elif name in ("wait_weeks_access", "wellbeing_mean"):
                cells.append(f"{value:>11.1f}")
            else:
                cells.append(f"{value:>11.0f}")
        lines.append(f"{first_year + int(year) - 1:>5} " + " ".join(cells))
    return "\n".join(lines)

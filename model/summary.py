"""Readable yearly summaries of a run's time series, for the terminal."""

from __future__ import annotations

import pyarrow as pa

from model.aggregate import yearly
from model.results import outcome

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


def format_yearly(table: pa.Table, first_year: int) -> str:
    """A compact table with one line per year (flows: sums, stocks: means; see model.aggregate)."""
    data = yearly(table, [name for name, _ in SUMMARY_COLUMNS])
    header = f"{'year':>5} " + " ".join(f"{label:>11}" for _, label in SUMMARY_COLUMNS)
    lines = [header]
    for i, year in enumerate(data["year"]):
        cells = []
        for name, _ in SUMMARY_COLUMNS:
            value, unit = data[name][i], outcome(name).unit
            if unit == "EUR":
                cells.append(f"{value / 1e6:>11.2f}")
            elif unit == "share":
                cells.append(f"{value * 100:>11.1f}")
            elif unit in ("weeks", "score"):
                cells.append(f"{value:>11.1f}")
            else:
                cells.append(f"{value:>11.0f}")
        lines.append(f"{first_year + int(year) - 1:>5} " + " ".join(cells))
    return "\n".join(lines)

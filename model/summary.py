"""Readable yearly summaries of a run's time series, for the terminal."""

from __future__ import annotations

import pyarrow as pa

from model.aggregate import yearly
from model.results import outcome

# (outcomes added into the column, its heading)
SUMMARY_COLUMNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("residents",), "residents"),
    (("clients_hh",), "HH"),
    (("clients_support",), "support"),
    (("clients_daycare",), "daycare"),
    (("clients_youth",), "youth"),
    (("users_general",), "general"),
    (("tailored_share",), "tailored%"),
    (("waiting_access",), "wait.acc"),
    (("wait_weeks_access",), "wk.acc"),
    (("waiting_providers",), "wait.prov"),
    # Care spending next to what providers have declared of it (the dashboard's lag);
    # the facilities' subsidies are never declared, so they are a column of their own.
    (("spend_wmo_eur", "spend_youth_eur"), "care"),
    (("declared_total_eur",), "declared"),
    (("spend_general_eur",), "facilities"),
    (("unmet_need",), "unmet"),
    (("wellbeing_with_need",), "wellb.need"),
)
FOOTNOTE = (
    "care: tailored Wmo and youth care; declared: what providers invoiced of it; "
    "facilities: general facilities' subsidies (EUR M a year); "
    "wellb.need: mean wellbeing (0-10) of residents with a need"
)


def format_yearly(table: pa.Table, first_year: int) -> str:
    """A compact table with one line per year (flows: sums, stocks: means; see model.aggregate)."""
    data = yearly(table, [name for names, _ in SUMMARY_COLUMNS for name in names])
    header = f"{'year':>5} " + " ".join(f"{label:>11}" for _, label in SUMMARY_COLUMNS)
    lines = [header]
    for i, year in enumerate(data["year"]):
        cells = []
        for names, _ in SUMMARY_COLUMNS:
            value, unit = sum(data[name][i] for name in names), outcome(names[0]).unit
            if unit == "EUR":
                cells.append(f"{value / 1e6:>11.2f}")
            elif unit == "share":
                cells.append(f"{value * 100:>11.1f}")
            elif unit in ("weeks", "score"):
                cells.append(f"{value:>11.2f}" if unit == "score" else f"{value:>11.1f}")
            else:
                cells.append(f"{value:>11.0f}")
        lines.append(f"{first_year + int(year) - 1:>5} " + " ".join(cells))
    lines.append(FOOTNOTE)
    return "\n".join(lines)

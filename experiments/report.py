"""Readable terminal tables for a comparison."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from experiments.compare import NET_COST

HEADLINE: tuple[tuple[str, str, float], ...] = (  # column, label, divisor
    ("clients_hh", "HH clients", 1),
    ("clients_support", "Individual support clients", 1),
    ("clients_daycare", "Day care clients", 1),
    ("clients_youth", "Youth care clients", 1),
    ("clients_youth_ggz", "  of which youth GGZ", 1),
    ("users_general", "General facility users", 1),
    ("tailored_share", "Tailored share (%-points)", 0.01),
    ("hh_hours_mean", "HH hours/week per client", 1),
    ("waiting_access", "Waiting for access team", 1),
    ("wait_weeks_access", "Wait for assessment (weeks)", 1),
    ("waiting_providers", "Waiting for a provider", 1),
    ("youth_referrals_gp", "GP referrals to youth care", 1),
    ("spend_wmo_eur", "Spending Wmo (k EUR)", 1000),
    ("spend_youth_eur", "Spending youth (k EUR)", 1000),
    ("spend_general_eur", "Spending general (k EUR)", 1000),
    ("spend_staff_eur", "Own staff + measures (k EUR)", 1000),
    (NET_COST, "Net cost incl. measures (k EUR)", 1000),
    ("unmet_need", "Residents with unmet need", 1),
    ("wellbeing_with_need", "Wellbeing of those with a need", 1),
)


def _cell(mean: float, lo: float, hi: float, divisor: float) -> str:
    m, h = mean / divisor, (hi - lo) / 2 / divisor
    digits = 2 if abs(m) < 10 and divisor <= 1 and h < 10 else 0
    if digits and abs(m) < 0.1 and h < 0.1:
        digits = 3
    return f"{m:+.{digits}f}±{h:.{digits}f}"


def format_comparison(table: pa.Table, first_year: int) -> str:
    """Paired differences (scenario - baseline) per year with the 90% interval half-width."""
    data = table.to_pydict()
    years = sorted(set(data["year"]))
    index = {
        (i, y): k for k, (i, y) in enumerate(zip(data["indicator"], data["year"], strict=True))
    }
    width = 14
    lines = [
        f"{'scenario - baseline, 90% interval':<34}"
        + "".join(f"{first_year + y - 1:>{width}}" for y in years)
    ]
    for column, label, divisor in HEADLINE:
        if (column, years[0]) not in index:
            continue
        cells = []
        for y in years:
            k = index[(column, y)]
            cells.append(
                _cell(data["diff_mean"][k], data["diff_lo"][k], data["diff_hi"][k], divisor)
            )
        lines.append(f"{label:<34}" + "".join(f"{c:>{width}}" for c in cells))
    base = [data["baseline_mean"][index[(NET_COST, y)]] for y in years]
    diff = [data["diff_mean"][index[(NET_COST, y)]] for y in years]
    saved = -np.cumsum(diff)
    lines.append(
        f"{'Cumulative net saving (k EUR)':<34}" + "".join(f"{s / 1000:>{width}.0f}" for s in saved)
    )
    lines.append(
        f"{'Baseline net cost (k EUR)':<34}" + "".join(f"{b / 1000:>{width}.0f}" for b in base)
    )
    return "\n".join(lines)


def format_contributions(table: pa.Table) -> str:
    """Each lever's contribution over the whole horizon."""
    data = table.to_pydict()
    levers = list(dict.fromkeys(data["lever"]))
    shown = (
        (NET_COST, "net cost (k EUR, total)", 1000),
        ("clients_youth", "youth clients (mean)", 1),
        ("clients_hh", "HH clients (mean)", 1),
        ("users_general", "general users (mean)", 1),
        ("unmet_need", "unmet need (mean)", 1),
    )
    lines = [
        f"{'contribution of each lever':<28}" + "".join(f"{label:>26}" for _, label, _ in shown)
    ]
    for lever in levers:
        cells = []
        for column, _, divisor in shown:
            k = next(
                i
                for i, (lv, ind) in enumerate(zip(data["lever"], data["indicator"], strict=True))
                if lv == lever and ind == column
            )
            cells.append(
                _cell(
                    data["contribution_mean"][k],
                    data["contribution_lo"][k],
                    data["contribution_hi"][k],
                    divisor,
                )
            )
        lines.append(f"{lever:<28}" + "".join(f"{c:>26}" for c in cells))
    return "\n".join(lines)

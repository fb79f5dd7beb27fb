"""Calibration targets: real figures, how the model measures them, and the tolerance.

Tolerances are stated per target and justified: the targets are national averages
(a single municipality of 45,000 deviates from them by 10-20% in CBS's own municipal
tables), some are provisional CBS figures (*), and a 45k run has Poisson noise of
several percent on small flows. We therefore accept a relative deviation of 20% on
stocks and 25% on shares of flows, and ranges where the source gives a range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from model.results import to_table

if TYPE_CHECKING:
    from model.care_model import CareModel


@dataclass(frozen=True)
class Target:
    """A real-world figure the baseline must reproduce."""

    name: str
    label: str
    low: float
    high: float
    value: float  # the figure itself
    unit: str
    source: str
    measure: Callable[[CareModel, dict[str, np.ndarray]], float]

    def holds(self, simulated: float) -> bool:
        """Within the tolerance band."""
        return self.low <= simulated <= self.high


def _band(value: float, rel: float) -> tuple[float, float]:
    return value * (1 - rel), value * (1 + rel)


def _per_1000(column: str) -> Callable:
    def measure(model: CareModel, series: dict[str, np.ndarray]) -> float:
        return float(np.mean(series[column] / series["residents"]) * 1000)

    return measure


def _referral_share(column: str) -> Callable:
    def measure(model: CareModel, series: dict[str, np.ndarray]) -> float:
        total = sum(
            series[c].sum()
            for c in (
                "youth_referrals_gp",
                "youth_referrals_access",
                "youth_referrals_none",
                "youth_referrals_gi",
                "youth_referrals_specialist",
            )
        )
        return float(series[column].sum() / max(total, 1) * 100)

    return measure


def _ended_share(column: str) -> Callable:
    def measure(model: CareModel, series: dict[str, np.ndarray]) -> float:
        return float(series[column].sum() / max(series["youth_ended"].sum(), 1) * 100)

    return measure


def _youth_users(max_age: int) -> Callable:
    """Share of residents under ``max_age`` who used youth care in the last calendar year."""

    def measure(model: CareModel, series: dict[str, np.ndarray]) -> float:
        people = model.people
        living = people.alive[: people.n]  # includes those who left for the Wlz: still young
        young = living & (people.age_years < max_age)
        return float(people.used_youth_care_year[: people.n][young].mean() * 100)

    return measure


def _hh_use(group: str) -> Callable:
    """HH clients as a share of an age group, averaged over all recorded months."""

    def measure(model: CareModel, series: dict[str, np.ndarray]) -> float:
        clients = series[f"clients_hh_{group}"].sum()
        return float(clients / max(series[f"residents_{group}"].sum(), 1) * 100)

    return measure


def _carers(model: CareModel, series: dict[str, np.ndarray]) -> float:
    return float(np.mean(series["informal_carers"] / (series["residents"] * 0.83)) * 100)


def _wlz_outflow(model: CareModel, series: dict[str, np.ndarray]) -> float:
    yearly_moves = series["wlz_moves_wmo"].sum() / (len(series["month"]) / 12)
    return float(yearly_moves / np.mean(series["clients_wmo"]) * 100)


REL_STOCK, REL_SHARE = 0.20, 0.25

TARGETS: tuple[Target, ...] = (
    Target(
        "youth_users_u18",
        "Youth-care users, % of under-18s (year)",
        *_band(12.1, REL_STOCK),
        12.1,
        "%",
        "CBS 2019: 411k of 3.4M under-18s (about 1 in 8)",
        _youth_users(18),
    ),
    Target(
        "youth_users_u23",
        "Youth-care users, % of under-23s (year)",
        *_band(10.6, REL_STOCK),
        10.6,
        "%",
        "CBS Jeugdmonitor 2024 (2023*): 474k = 10.6% of under-23s",
        _youth_users(23),
    ),
    Target(
        "referrer_gp",
        "Youth trajectories via GP, %",
        *_band(35.5, REL_SHARE),
        35.5,
        "%",
        "CBS StatLine 85097NED, H1 2023*",
        _referral_share("youth_referrals_gp"),
    ),
    Target(
        "referrer_access",
        "Youth trajectories via access team, %",
        *_band(32.8, REL_SHARE),
        32.8,
        "%",
        "CBS StatLine 85097NED, H1 2023*",
        _referral_share("youth_referrals_access"),
    ),
    Target(
        "referrer_none",
        "Youth trajectories without referrer, %",
        *_band(14.7, REL_SHARE),
        14.7,
        "%",
        "CBS StatLine 85097NED, H1 2023*",
        _referral_share("youth_referrals_none"),
    ),
    Target(
        "referrer_gi",
        "Youth trajectories via a GI, %",
        *_band(8.5, 0.4),
        8.5,
        "%",
        "CBS StatLine 85097NED, H1 2023* (small flow: 40% band)",
        _referral_share("youth_referrals_gi"),
    ),
    Target(
        "referrer_specialist",
        "Youth trajectories via specialist / youth doctor, %",
        *_band(7.6, 0.4),
        7.6,
        "%",
        "CBS StatLine 85097NED, H1 2023*: medical specialist 4.5% + youth doctor 3.1% "
        "(small flow: 40% band)",
        _referral_share("youth_referrals_specialist"),
    ),
    Target(
        "ended_under_3m",
        "Ended youth trajectories < 3 months, %",
        *_band(16.0, REL_SHARE),
        16.0,
        "%",
        "CBS StatLine 85096NED, 2021*",
        _ended_share("youth_ended_under_3m"),
    ),
    Target(
        "ended_over_12m",
        "Ended youth trajectories > 1 year, %",
        *_band(37.1, REL_SHARE),
        37.1,
        "%",
        "CBS StatLine 85096NED, 2021*",
        _ended_share("youth_ended_over_12m"),
    ),
    Target(
        "wmo_per_1000",
        "Wmo clients per 1,000",
        *_band(72.0, REL_STOCK),
        72.0,
        "per 1,000",
        "CBS StatLine 86050NED, 2024*",
        _per_1000("clients_wmo"),
    ),
    Target(
        "hh_per_1000",
        "HH clients per 1,000",
        *_band(31.0, REL_STOCK),
        31.0,
        "per 1,000",
        "CBS StatLine 86050NED, 2024*",
        _per_1000("clients_hh"),
    ),
    Target(
        "support_per_1000",
        "Individual support clients per 1,000",
        *_band(12.0, REL_STOCK),
        12.0,
        "per 1,000",
        "CBS StatLine 86050NED, 2024*",
        _per_1000("clients_support"),
    ),
    Target(
        "hh_75_84",
        "HH use among 75-84, %",
        *_band(14.7, REL_STOCK),
        14.7,
        "%",
        "Gemeentelijke Monitor Sociaal Domein 2022",
        _hh_use("75_84"),
    ),
    Target(
        "hh_85_plus",
        "HH use among 85+, %",
        *_band(29.3, REL_STOCK),
        29.3,
        "%",
        "Gemeentelijke Monitor Sociaal Domein 2022",
        _hh_use("85_plus"),
    ),
    Target(
        "informal_carers",
        "Informal carers, % of 16+",
        10.0,
        16.0,
        13.0,
        "%",
        "CBS / RIVM VZinfo, Mantelzorg: 13% (2022), 12.9% (2024); band 10-16%",
        _carers,
    ),
    Target(
        "wlz_outflow",
        "Wmo clients moving to the Wlz per year, %",
        3.3 * 0.8,
        5.0 * 1.2,
        4.15,
        "%",
        "CBS 85985NED, 2022->2023: 3.3-5.0% (range widened by 20%)",
        _wlz_outflow,
    ),
)


def series_of(table: pa.Table) -> dict[str, np.ndarray]:
    """Columns of a results table as numpy arrays."""
    return {name: table.column(name).to_numpy() for name in table.column_names}


def measure_all(model: CareModel) -> list[tuple[Target, float]]:
    """Each target with its simulated value, from a finished run."""
    series = series_of(to_table(model.records))
    return [(target, target.measure(model, series)) for target in TARGETS]


def calibration_report(results: list[tuple[Target, float]]) -> str:
    """A readable table: target, simulated, band, verdict, source."""
    lines = [f"{'indicator':<52} {'target':>8} {'model':>8} {'band':>15}  ok  source"]
    for target, value in results:
        band = f"{target.low:.1f}-{target.high:.1f}"
        ok = "yes" if target.holds(value) else "NO "
        lines.append(
            f"{target.label:<52} {target.value:>8.1f} {value:>8.1f} {band:>15}  {ok} "
            f"{target.source}"
        )
    return "\n".join(lines)

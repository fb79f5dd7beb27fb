"""The results schema (declared once), the monthly recorder, and the one reader.

Each indicator is a stock (a level at the end of the month; yearly figures average
it) or a flow (counted over the month; yearly figures sum it). Derived outcomes (the
net cost, the residents reached) are declared here too, as functions of the recorded
monthly columns with their own kind. Comparison tables, the UI and sweeps all read
this declaration; ``model.aggregate`` turns months into years by it. Files are written by
``experiments.output`` (whole result sets, atomically, stamped with their run's identity).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from agents.general_facility import FACILITY_TYPES


@dataclass(frozen=True)
class Indicator:
    """One column of the monthly time series."""

    name: str
    label: str
    kind: str  # "stock", "flow", or "key" (month, date)
    unit: str
    dtype: pa.DataType = pa.float64()


FLOAT = pa.float64()


def _i(name: str, label: str, kind: str, unit: str, dtype: pa.DataType = FLOAT) -> Indicator:
    return Indicator(name, label, kind, unit, dtype)


SCHEMA_INDICATORS: tuple[Indicator, ...] = (
    _i("month", "Month index", "key", "month", pa.int32()),
    _i("date", "Month", "key", "date", pa.date32()),
    _i("residents", "Residents", "stock", "residents", pa.int64()),
    _i("youth_residents", "Residents aged 0-17", "stock", "residents", pa.int64()),
    _i("residents_65_plus", "Residents aged 65+", "stock", "residents", pa.int64()),
    _i("clients_hh", "Housekeeping help (HH) clients", "stock", "clients", pa.int64()),
    _i("residents_75_84", "Residents aged 75-84", "stock", "residents", pa.int64()),
    _i("clients_hh_75_84", "HH clients aged 75-84", "stock", "clients", pa.int64()),
    _i("residents_85_plus", "Residents aged 85+", "stock", "residents", pa.int64()),
    _i("clients_hh_85_plus", "HH clients aged 85+", "stock", "clients", pa.int64()),
    _i("clients_support", "Individual support clients", "stock", "clients", pa.int64()),
    _i("clients_daycare", "Indicated day care clients", "stock", "clients", pa.int64()),
    _i("clients_aids", "Aids and adaptations clients", "stock", "clients", pa.int64()),
    _i("clients_wmo", "Wmo clients (any tailored product)", "stock", "clients", pa.int64()),
    _i("clients_youth", "Tailored youth care clients", "stock", "clients", pa.int64()),
    _i("clients_youth_ambulant", "Ambulant youth care clients", "stock", "clients", pa.int64()),
    _i("clients_youth_ggz", "Youth mental health (GGZ) clients", "stock", "clients", pa.int64()),
    _i(
        "clients_youth_residential",
        "Residential youth care clients",
        "stock",
        "clients",
        pa.int64(),
    ),
    _i("users_general", "General facility users", "stock", "users", pa.int64()),
    _i("users_light_support", "Light support by own teams", "stock", "clients", pa.int64()),
    *(
        _i(
            f"users_{t.kind}",
            f"General facility users: {t.kind.replace('_', ' ')}",
            "stock",
            "users",
            pa.int64(),
        )
        for t in FACILITY_TYPES
    ),
    _i("places_general", "Places in all general facilities", "stock", "places", pa.int64()),
    _i("places_light_support", "Places for light support", "stock", "places", pa.int64()),
    _i("tailored_share", "Tailored share of use", "stock", "share"),
    _i("hh_hours_mean", "Mean HH hours/week per client", "stock", "hours/week"),
    _i("inflow_tailored", "Inflow into tailored services", "flow", "clients", pa.int64()),
    _i("outflow_tailored", "Outflow from tailored services", "flow", "clients", pa.int64()),
    _i("waiting_access", "Waiting for an access-team assessment", "stock", "residents", pa.int64()),
    _i("wait_weeks_access", "Mean weeks from request to decision", "stock", "weeks"),
    _i("access_requests", "Requests to the access team", "flow", "residents", pa.int64()),
    _i("access_assessed", "Decisions by the access team", "flow", "residents", pa.int64()),
    _i("access_decided_late", "Decisions after the 8-week term", "flow", "residents", pa.int64()),
    _i("access_wait_weeks", "Weeks from request to decision (sum)", "flow", "weeks"),
    *(
        _i(f"access_time_{part}", f"Access-team time: {label}", "flow", "assessment-equivalents")
        for part, label in (
            ("capacity", "casework capacity"),
            ("light", "own light support"),
            ("assessments", "assessments"),
            ("reviews", "reviews"),
        )
    ),
    _i("renewed_unreviewed", "Expiries renewed unreviewed", "flow", "indications", pa.int64()),
    _i("access_pressure", "Access-team pressure (0-1)", "stock", "share"),
    _i("waiting_providers", "Waiting for a provider", "stock", "residents", pa.int64()),
    _i("waiting_youth", "Youths waiting for a provider", "stock", "residents", pa.int64()),
    _i(
        "waiting_providers_hh",
        "Waiting for an HH provider after the decision",
        "stock",
        "residents",
        pa.int64(),
    ),
    _i("hh_starts", "HH starts (care begins at a provider)", "flow", "clients", pa.int64()),
    _i(
        "hh_start_wait_months",
        "Months from decision to start, summed over HH starts",
        "flow",
        "months",
    ),
    _i(
        "waiting_youth_ambulant",
        "Youths waiting for ambulant care or youth GGZ",
        "stock",
        "residents",
        pa.int64(),
    ),
    _i("youth_starts", "Youth care starts at a provider", "flow", "clients", pa.int64()),
    _i(
        "youth_start_wait_months",
        "Months from referral to start, summed over youth care starts",
        "flow",
        "months",
    ),
    _i("spend_wmo_eur", "Spending Wmo", "flow", "EUR"),
    _i("spend_youth_eur", "Spending youth care", "flow", "EUR"),
    _i("spend_general_eur", "Spending general facilities (status-quo places)", "flow", "EUR"),
    _i(
        "spend_staff_eur",
        "Own staff and the measures' cost (FTE, co-financing, extra places)",
        "flow",
        "EUR",
    ),
    _i("spend_total_eur", "Spending total (care and facilities)", "flow", "EUR"),
    _i("spend_iv3_61_eur", "IV3 6.1 general facilities (modelled part)", "flow", "EUR"),
    _i("spend_iv3_62_eur", "IV3 6.2 access teams (status-quo staff)", "flow", "EUR"),
    _i("spend_iv3_66_eur", "IV3 6.6 tailored Wmo provisions (aids, adaptations)", "flow", "EUR"),
    _i(
        "spend_iv3_671_eur", "IV3 6.71 tailored services 18+ (HH, support, day care)", "flow", "EUR"
    ),
    _i("spend_iv3_672_eur", "IV3 6.72 tailored services 18- (ambulant, GGZ)", "flow", "EUR"),
    _i("spend_iv3_682_eur", "IV3 6.82 escalated care 18- (residential youth care)", "flow", "EUR"),
    _i("declared_total_eur", "Declared (invoiced) spending", "flow", "EUR"),
    _i("budget_total_eur", "Budget (Wmo + youth)", "flow", "EUR"),
    _i("youth_referrals_gp", "New youth trajectories via GP", "flow", "trajectories", pa.int64()),
    _i(
        "youth_referrals_access",
        "New youth trajectories via access team",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i(
        "youth_referrals_other",
        "New youth trajectories via others",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i(
        "youth_referrals_none",
        "New youth trajectories without referrer",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i("youth_referrals_gi", "New youth trajectories via a GI", "flow", "trajectories", pa.int64()),
    _i(
        "youth_referrals_specialist",
        "New youth trajectories via a medical specialist",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i("youth_ended", "Ended youth trajectories", "flow", "trajectories", pa.int64()),
    _i(
        "youth_ended_under_3m",
        "Ended youth trajectories shorter than 3 months",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i(
        "youth_ended_over_12m",
        "Ended youth trajectories longer than 1 year",
        "flow",
        "trajectories",
        pa.int64(),
    ),
    _i("poh_seen", "Youths seen by a POH-GGZ", "flow", "youths", pa.int64()),
    _i("poh_helped", "Youths helped by a POH-GGZ without referral", "flow", "youths", pa.int64()),
    _i("reviews", "Reviews of running indications", "flow", "reviews", pa.int64()),
    _i("wlz_moves", "Residents moving to the Wlz", "flow", "residents", pa.int64()),
    _i("wlz_moves_wmo", "Wmo clients moving to the Wlz", "flow", "residents", pa.int64()),
    _i("deaths", "Deaths", "flow", "residents", pa.int64()),
    _i("births", "Births", "flow", "residents", pa.int64()),
    _i("informal_carers", "Informal carers (16+)", "stock", "residents", pa.int64()),
    _i("overburdened_carers", "Overburdened informal carers", "stock", "residents", pa.int64()),
    _i("carer_breakdowns", "Informal carers who broke down", "flow", "residents", pa.int64()),
    _i("clients_hh_income_low", "HH clients, low income", "stock", "clients", pa.int64()),
    _i("clients_hh_income_mid", "HH clients, middle income", "stock", "clients", pa.int64()),
    _i("clients_hh_income_high", "HH clients, high income", "stock", "clients", pa.int64()),
    _i("unmet_need", "Residents with a need and no help", "stock", "residents", pa.int64()),
    _i("wellbeing_mean", "Mean wellbeing (0-10)", "stock", "score"),
    _i("wellbeing_with_need", "Mean wellbeing of residents with a need (0-10)", "stock", "score"),
    # Calibration denominators and the yearly youth-care users (targets in model/presets/targets).
    _i(
        "youth_protection_measures",
        "Youth trajectories under a protection measure (referred by a GI)",
        "stock",
        "trajectories",
        pa.int64(),
    ),
    _i("residents_16_plus", "Residents aged 16+", "stock", "residents", pa.int64()),
    _i("residents_80_plus", "Residents aged 80+", "stock", "residents", pa.int64()),
    _i("residents_u23", "Residents aged 0-22", "stock", "residents", pa.int64()),
    _i(
        "youth_users_year_u18",
        "Under-18s with youth care so far this calendar year",
        "stock",
        "residents",
        pa.int64(),
    ),
    _i(
        "youth_users_year_u23",
        "Under-23s with youth care so far this calendar year",
        "stock",
        "residents",
        pa.int64(),
    ),
    _i(
        "wellbeing_in_contact",
        "Mean wellbeing of residents in contact with the system (waiting, helped, or need unmet)",
        "stock",
        "score",
    ),
)

INDICATORS: dict[str, Indicator] = {i.name: i for i in SCHEMA_INDICATORS}
ARROW_SCHEMA = pa.schema([pa.field(i.name, i.dtype) for i in SCHEMA_INDICATORS])


# -- per district (wijk) ------------------------------------------------------------------------
# One row per district and month, keyed by month, district (0..D-1) and its name; each
# column sums over the districts to a municipal figure (``DISTRICT_TOTALS``). Money is
# allocated: tailored spending to the client's district by the value delivered to them,
# each general facility's subsidy to its users' districts (by residents when it has
# none), the team's status-quo staff to the team's district, and the measures' own cost
# by residents.
DISTRICT_INDICATORS: tuple[Indicator, ...] = (
    _i("month", "Month index", "key", "month", pa.int32()),
    _i("district", "District number", "key", "district", pa.int32()),
    _i("district_name", "District", "key", "name", pa.string()),
    _i("residents", "Residents", "stock", "residents", pa.int64()),
    _i("clients_wmo", "Wmo clients (any tailored product)", "stock", "clients", pa.int64()),
    _i("clients_youth", "Tailored youth care clients", "stock", "clients", pa.int64()),
    _i("users_general", "General facility users", "stock", "users", pa.int64()),
    _i("users_light_support", "Light support by own teams", "stock", "clients", pa.int64()),
    _i("waiting_access", "Waiting for an access-team assessment", "stock", "residents", pa.int64()),
    _i("waiting_providers", "Waiting for a provider", "stock", "residents", pa.int64()),
    _i("spend_tailored_eur", "Spending tailored Wmo and youth care", "flow", "EUR"),
    _i("spend_general_eur", "Spending general facilities (status-quo places)", "flow", "EUR"),
    _i("spend_team_eur", "Access team (status-quo staff)", "flow", "EUR"),
    _i("spend_measures_eur", "The measures' own cost (by residents)", "flow", "EUR"),
)
DISTRICT_KEYS = ("month", "district", "district_name")
DISTRICT: dict[str, Indicator] = {i.name: i for i in DISTRICT_INDICATORS}
DISTRICT_ARROW_SCHEMA = pa.schema([pa.field(i.name, i.dtype) for i in DISTRICT_INDICATORS])
# Each district column's municipal total, from the monthly table's columns: the districts
# of a month add up to it (tests/test_districts.py).
DISTRICT_TOTALS: dict[str, Callable[[Mapping[str, np.ndarray]], np.ndarray]] = {
    **{
        name: (lambda c, name=name: c[name])
        for name in (
            "residents",
            "clients_wmo",
            "clients_youth",
            "users_general",
            "users_light_support",
            "waiting_access",
            "waiting_providers",
            "spend_general_eur",
        )
    },
    "spend_tailored_eur": lambda c: c["spend_wmo_eur"] + c["spend_youth_eur"],
    "spend_team_eur": lambda c: c["spend_iv3_62_eur"],
    "spend_measures_eur": lambda c: c["spend_staff_eur"] - c["spend_iv3_62_eur"],
}
# In a run's monthly columns (``experiments.compare.run_one``) each district indicator is
# one (months x districts) array under this prefix, and the names under DISTRICT_NAMES.
DISTRICT_PREFIX = "district."
DISTRICT_NAMES = "district.names"


def district_column(name: str) -> str:
    """The key of a district indicator in a run's monthly columns: ``district.residents``."""
    if name not in DISTRICT or name in DISTRICT_KEYS:
        raise KeyError(f"{name!r} is not a district indicator of the results schema")
    return DISTRICT_PREFIX + name


def is_district_column(key: str) -> bool:
    """Whether a key of a run's monthly columns holds district figures (not a series)."""
    return key.startswith(DISTRICT_PREFIX)


def district_table(rows: list[dict[str, np.ndarray]], names: list[str]) -> pa.Table:
    """Monthly district records (one array per indicator, a value per district) -> long table.

    ``rows`` are the district rows of ``model.recording.record``, ``names`` the districts'
    names; the table has a row per month and district, in month order.
    """
    count = len(names)
    columns: dict[str, Any] = {
        "month": np.repeat([int(r["month"]) for r in rows], count),
        "district": np.tile(np.arange(count), len(rows)),
        "district_name": list(names) * len(rows),
    }
    for indicator in DISTRICT_INDICATORS:
        if indicator.kind == "key":
            continue
        try:
            columns[indicator.name] = np.concatenate([r[indicator.name] for r in rows] or [[]])
        except KeyError as exc:
            raise KeyError(f"district row lacks indicator {indicator.name!r}") from exc
    return pa.table(columns, schema=DISTRICT_ARROW_SCHEMA)


def district_columns(rows: list[dict[str, np.ndarray]], names: list[str]) -> dict[str, np.ndarray]:
    """Monthly district records as a run's extra columns: (months x districts) per indicator.

    Keys are ``district.<indicator>`` and ``district.names``, so readers of the monthly
    series (which are one value per month) can tell them apart (``is_district_column``).
    """
    count = len(names)
    out: dict[str, np.ndarray] = {DISTRICT_NAMES: np.asarray(names, dtype=str)}
    for indicator in DISTRICT_INDICATORS:
        if indicator.kind != "key":
            values = [r[indicator.name] for r in rows]
            out[district_column(indicator.name)] = (
                np.vstack(values) if values else np.zeros((0, count))
            )
    return out


@dataclass(frozen=True)
class Derived:
    """An outcome computed month by month from recorded columns; aggregated by its kind."""

    name: str
    label: str
    kind: str  # "stock" or "flow"
    unit: str
    inputs: tuple[str, ...]
    compute: Callable[[Mapping[str, np.ndarray]], np.ndarray]


NET_COST = "net_cost_eur"
REACHED = "reached"
REACHED_BY = ("clients_wmo", "clients_youth", "users_general", "users_light_support")

DERIVED_OUTCOMES: tuple[Derived, ...] = (
    Derived(
        NET_COST,
        "Net cost including the measures",  # care and facilities plus the measures' own cost
        "flow",
        "EUR",
        ("spend_total_eur", "spend_staff_eur"),
        lambda c: c["spend_total_eur"] + c["spend_staff_eur"],
    ),
    Derived(
        REACHED,
        "Residents helped (tailored, general facilities, light support)",
        "stock",
        "residents",
        REACHED_BY,
        lambda c: sum(c[name] for name in REACHED_BY),
    ),
)
DERIVED: dict[str, Derived] = {d.name: d for d in DERIVED_OUTCOMES}
OUTCOMES: dict[str, Indicator | Derived] = {
    **{i.name: i for i in SCHEMA_INDICATORS if i.kind != "key"},
    **DERIVED,
}


def outcome(name: str) -> Indicator | Derived:
    """The declaration of a recorded or derived outcome (KeyError names the valid ones)."""
    try:
        return OUTCOMES[name]
    except KeyError:
        raise KeyError(f"{name!r} is not an outcome of the results schema") from None


def kind_of(name: str) -> str:
    """'stock' or 'flow', as the schema declares it (recorded or derived)."""
    return outcome(name).kind


def to_table(rows: list[dict[str, Any]]) -> pa.Table:
    """Monthly records -> an Arrow table with the declared schema (missing keys fail)."""
    columns = {}
    for indicator in SCHEMA_INDICATORS:
        try:
            columns[indicator.name] = [row[indicator.name] for row in rows]
        except KeyError as exc:
            raise KeyError(f"result row lacks indicator {indicator.name!r}") from exc
    return pa.table(columns, schema=ARROW_SCHEMA)


def read_timeseries(folder: Path) -> pa.Table:
    """The one reader: a run folder's time series."""
    return pq.read_table(Path(folder) / "timeseries.parquet")

"""Turning the model's state at the end of a month into one row of the results schema."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from agents.caseload import NOT_STARTED
from agents.products import PRODUCTS, WMO_MASK, YOUTH_MASK, YOUTH_PRODUCTS, Product, Referrer
from agents.record_kernels import (
    MAX_FACILITIES,
    caseload_by_district,
    count_residents,
)
from model.context import Context


def _mean(values: np.ndarray) -> float:
    """The mean summed in float64, so every machine records the same number.

    float32 sums differ with the CPU's vector width (AVX2 vs AVX-512); float64 sums of these
    float32 values do not.
    """
    return float(np.mean(values, dtype=np.float64))


class Tallies(NamedTuple):
    """What the month's two rows count over the residents, from one pass (``tally``)."""

    by_age: np.ndarray  # (living, living HH clients, youth-care users this year) x age
    by_income: np.ndarray  # living HH clients: low, mid, high income
    counts: np.ndarray  # Wmo, youth, waiting for access, carers, overburdened, unmet
    districts: np.ndarray  # rows of ``record_kernels.tally_codes`` x district
    wellbeing_living: np.ndarray
    wellbeing_need: np.ndarray
    wellbeing_contact: np.ndarray


def tally(ctx: Context) -> Tallies:
    """Count the residents for both rows of the month (``record_kernels``: two compiled loops)."""
    people = ctx.people
    age = people.age_years
    districts = len(ctx.teams)
    facilities = max((f.index for f in ctx.facilities.items), default=-1) + 1
    if facilities > MAX_FACILITIES:
        raise ValueError(f"the record counts up to {MAX_FACILITIES} general facilities")
    counts, by_age, by_income, table, selections = count_residents(
        tuple(
            people.view(name)
            for name in (
                "alive",
                "in_wlz",
                "services",
                "waiting",
                "access_waiting",
                "used_youth_care_year",
                "carer_load",
                "overburdened",
                "need_hh",
                "need_support",
                "youth_severity",
                "general_facility",
                "light_until",
                "poh_until",
                "unmet",
                "income",
                "district",
            )
        ),
        age,
        people.view("wellbeing"),
        np.float32(ctx.params["outcomes.unmet_threshold"]),  # numpy compares in float32
        (WMO_MASK, YOUTH_MASK, 1 << Product.HH),
        districts,
        facilities,
    )
    return Tallies(by_age, by_income, counts, table, *selections)


def record(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """The month's row and its district row, from one count of the residents."""
    tallies = tally(ctx)
    return month_row(ctx, tallies), district_row(ctx, tallies)


def month_row(ctx: Context, tallies: Tallies) -> dict[str, Any]:
    """The month's row from the residents' tallies and the organisations' counters."""
    services, flows = ctx.services, ctx.flows
    by_age, by_income = tallies.by_age, tallies.by_income
    wmo, youth, waiting_access, informal_carers, overburdened_carers, unmet_need = (
        int(c) for c in tallies.counts
    )
    clients = {p: services.clients(p) for p in PRODUCTS}
    waiting = {p: services.waiting(p) for p in PRODUCTS}
    wellbeing_living = tallies.wellbeing_living
    wellbeing_need = tallies.wellbeing_need
    wellbeing_contact = tallies.wellbeing_contact
    general = ctx.facilities.users()
    light = ctx.light_support.clients
    tailored = wmo + youth
    spend = services.flows.spend
    spend_wmo = sum(spend.get(p, 0.0) for p, i in PRODUCTS.items() if i.domain == "wmo")
    spend_youth = sum(spend.get(p, 0.0) for p in YOUTH_PRODUCTS)
    spend_general = ctx.facilities.monthly_cost()
    # Status-quo staff at the municipal rate; FTE a lever adds is in its own cost.
    own_staff = ctx.teams.base_fte() * ctx.inputs["access.fte_cost_eur_year"] / 12.0
    spend_staff = own_staff + ctx.measures_cost
    started = services.flows.youth_started_by_referrer
    durations = (
        np.concatenate(services.flows.youth_ended_durations)
        if services.flows.youth_ended_durations
        else np.zeros(0)
    )
    assessed = flows["access_assessed"]
    hh_rows = services.caseloads[Product.HH]
    below, hh_below, used_below = (_cumulative(row) for row in by_age)
    residents = int(below[-1])
    budget = sum(ctx.municipality.monthly_budget(d, residents, ctx.tick) for d in ("wmo", "youth"))
    return {
        "month": ctx.month,
        "date": ctx.clock.date,
        "residents": residents,
        "youth_residents": _under(below, 18),
        "residents_65_plus": residents - _under(below, 65),
        "clients_hh": clients[Product.HH],
        "residents_75_84": _under(below, 85) - _under(below, 75),
        "clients_hh_75_84": _under(hh_below, 85) - _under(hh_below, 75),
        "residents_85_plus": residents - _under(below, 85),
        "clients_hh_85_plus": int(hh_below[-1]) - _under(hh_below, 85),
        "clients_support": clients[Product.SUPPORT],
        "clients_daycare": clients[Product.DAYCARE],
        "clients_aids": clients[Product.AIDS],
        "clients_wmo": wmo,
        "clients_youth": youth,
        "clients_youth_ambulant": clients[Product.YOUTH_AMBULANT],
        "clients_youth_ggz": clients[Product.YOUTH_GGZ],
        "clients_youth_residential": clients[Product.YOUTH_RESIDENTIAL],
        "users_general": general,
        "users_light_support": light,
        **{f"users_{f.kind.kind}": f.users for f in ctx.facilities.items},
        "places_general": sum(int(f.places) for f in ctx.facilities.items),
        "places_light_support": int(ctx.light_support.places),
        "tailored_share": tailored / (tailored + general + light)
        if tailored + general + light
        else 0.0,
        "hh_hours_mean": _mean(hh_rows["units"][hh_rows.active]) if clients[Product.HH] else 0.0,
        "inflow_tailored": sum(services.flows.inflow.values()),
        "outflow_tailored": sum(services.flows.outflow.values()),
        "waiting_access": waiting_access,
        "wait_weeks_access": flows["access_wait_weeks"] / assessed if assessed else 0.0,
        **{
            name: flows[name]
            for name in (
                "access_requests",
                "access_assessed",
                "access_decided_late",
                "access_wait_weeks",
                "access_time_capacity",
                "access_time_light",
                "access_time_assessments",
                "access_time_reviews",
                "renewed_unreviewed",
            )
        },
        "access_pressure": float(np.mean([t.pressure for t in ctx.teams])),
        "waiting_providers": sum(waiting.values()),
        "waiting_youth": sum(waiting[p] for p in YOUTH_PRODUCTS),
        "waiting_providers_hh": waiting[Product.HH],
        "hh_starts": services.flows.inflow.get(Product.HH, 0),
        "hh_start_wait_months": services.flows.wait_months.get(Product.HH, 0.0),
        "waiting_youth_ambulant": waiting[Product.YOUTH_AMBULANT] + waiting[Product.YOUTH_GGZ],
        "youth_starts": sum(services.flows.inflow.get(p, 0) for p in YOUTH_PRODUCTS),
        "youth_start_wait_months": sum(
            services.flows.wait_months.get(p, 0.0) for p in YOUTH_PRODUCTS
        ),
        "spend_wmo_eur": spend_wmo,
        "spend_youth_eur": spend_youth,
        "spend_general_eur": spend_general,
        "spend_staff_eur": spend_staff,
        "spend_total_eur": spend_wmo + spend_youth + spend_general,
        # IV3 lines (municipal accounts); 6.81 (sheltered living, shelter) is not modelled.
        "spend_iv3_61_eur": spend_general,
        "spend_iv3_62_eur": own_staff,
        "spend_iv3_66_eur": spend.get(Product.AIDS, 0.0),
        "spend_iv3_671_eur": sum(
            spend.get(p, 0.0) for p in (Product.HH, Product.SUPPORT, Product.DAYCARE)
        ),
        "spend_iv3_672_eur": spend.get(Product.YOUTH_AMBULANT, 0.0)
        + spend.get(Product.YOUTH_GGZ, 0.0),
        "spend_iv3_682_eur": spend.get(Product.YOUTH_RESIDENTIAL, 0.0),
        "declared_total_eur": flows["declared_eur"],
        "budget_total_eur": budget,
        "youth_referrals_gp": int(started[Referrer.GP]),
        "youth_referrals_access": int(started[Referrer.ACCESS]),
        "youth_referrals_other": int(
            started.sum() - started[Referrer.GP] - started[Referrer.ACCESS]
        ),
        "youth_referrals_none": int(started[Referrer.NONE]),
        "youth_referrals_gi": int(started[Referrer.GI]),
        "youth_referrals_specialist": int(started[Referrer.SPECIALIST]),
        "youth_ended": len(durations),
        "youth_ended_under_3m": int((durations < 3).sum()),
        "youth_ended_over_12m": int((durations > 12).sum()),
        "poh_seen": flows["poh_seen"],
        "poh_helped": flows["poh_helped"],
        "reviews": flows["reviews"],
        "wlz_moves": flows["wlz_moves"],
        "wlz_moves_wmo": flows["wlz_moves_wmo"],
        "deaths": flows["deaths"],
        "births": flows["births"],
        "informal_carers": informal_carers,
        "overburdened_carers": overburdened_carers,
        "carer_breakdowns": flows["carer_breakdowns"],
        **{
            f"clients_hh_income_{name}": int(count)
            for name, count in zip(("low", "mid", "high"), by_income, strict=True)
        },
        "unmet_need": unmet_need,
        "wellbeing_mean": _mean(wellbeing_living),
        "wellbeing_with_need": _mean(wellbeing_need) if len(wellbeing_need) else 0.0,
        # A certified institution (GI) refers when a child protection measure runs.
        "youth_protection_measures": sum(
            int(
                (
                    services.caseloads[p].active
                    & (services.caseloads[p]["referrer"] == Referrer.GI)
                ).sum()
            )
            for p in YOUTH_PRODUCTS
        ),
        "residents_16_plus": residents - _under(below, 16),
        "residents_80_plus": residents - _under(below, 80),
        "residents_u23": _under(below, 23),
        # December's value is the calendar year's users (the flag is reset each January).
        "youth_users_year_u18": _under(used_below, 18),
        "youth_users_year_u23": _under(used_below, 23),
        "wellbeing_in_contact": _mean(wellbeing_contact) if len(wellbeing_contact) else 0.0,
    }


def _cumulative(by_age: np.ndarray) -> np.ndarray:
    """``result[a]`` residents younger than ``a`` (the last entry: all of them).

    From one group's counts per year of age (``tally``), instead of a
    full-population mask per age band: the month's row has ten age bands.
    """
    return np.concatenate(([0], np.cumsum(by_age)))


def _under(below: np.ndarray, age: int) -> int:
    """Residents younger than ``age`` from a ``_cumulative`` table."""
    return int(below[min(age, len(below) - 1)])


def district_row(ctx: Context, tallies: Tallies) -> dict[str, Any]:
    """The month's figures per district (``model.results.DISTRICT_INDICATORS``), as arrays.

    The resident counts come from the month's tallies (``tally``); each column sums
    over the districts to the municipal row's figure; money is allocated as the schema
    says (the client's district, the facility's users, the team, residents).
    """
    services = ctx.services
    count = len(ctx.teams)
    district = ctx.people.view("district")
    table = tallies.districts
    residents = table[0]
    own_staff = ctx.inputs["access.fte_cost_eur_year"] / 12.0
    # Per product, one compiled pass over its caseload: delivered value and waiting rows.
    value, waiting = zip(
        *(_caseload_by_district(ctx, p, district, count) for p in PRODUCTS), strict=True
    )
    spend = services.flows.spend
    return {
        "month": ctx.month,
        "residents": residents,
        "clients_wmo": table[1],
        "clients_youth": table[2],
        "users_general": table[3],
        "users_light_support": table[5],
        "waiting_access": table[4],
        "waiting_providers": sum(waiting),
        # Each product's spending this month, split over its clients' districts by the
        # value delivered (units times the provider's intensity and tariff, what billing
        # sums), so the districts add up to it exactly whatever the funding model.
        "spend_tailored_eur": sum(
            _allocate(spend.get(p, 0.0), weights, residents)
            for p, weights in zip(PRODUCTS, value, strict=True)
        ),
        "spend_general_eur": sum(
            _allocate(f.monthly_cost, table[6 + f.index], residents) for f in ctx.facilities.items
        ),
        "spend_team_eur": np.array([t.base_fte * own_staff for t in ctx.teams], dtype=float),
        "spend_measures_eur": _allocate(ctx.measures_cost, np.zeros(count), residents),
    }


def _caseload_by_district(
    ctx: Context, product: Product, district: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """A product's delivered value of running care and its waiting rows, per district."""
    caseload = ctx.services.caseloads[product]
    tariff = np.array([p.tariff * p.funding.intensity for p in ctx.services.providers[product]])
    return caseload_by_district(
        caseload["start"],
        caseload["units"],
        caseload["provider"],
        caseload["resident"],
        district,
        tariff,
        NOT_STARTED,
        count,
    )


def _allocate(amount: float, weights: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """``amount`` shared by ``weights`` (by ``fallback`` when they are all zero)."""
    weights = np.asarray(weights, dtype=np.float64)
    if weights.sum() <= 0:
        weights = np.asarray(fallback, dtype=np.float64)
    total = weights.sum()
    if total <= 0:
        return np.full(len(weights), amount / max(len(weights), 1))
    return amount * weights / total

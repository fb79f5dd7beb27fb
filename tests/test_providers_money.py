"""Providers' staffed capacity, general facilities' saturation, and money by IV3 line."""

from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import Run, run

BASE = {"residents": 12000, "years": 3, "rng": 3}


@pytest.fixture(scope="module")
def baseline() -> Run:
    return run(**BASE)


def _mean(result: Run, column: str) -> float:
    return float(np.mean(result.series[column]))


def _wait_weeks(result: Run) -> float:
    starts = result.series["hh_starts"].sum()
    return float(result.series["hh_start_wait_months"].sum() / max(starts, 1) * 52 / 12)


def test_hh_waiting_list_and_wait_are_plausible(baseline):
    waiting = _mean(baseline, "waiting_providers_hh")
    share = waiting / _mean(baseline, "clients_hh")
    weeks = _wait_weeks(baseline)
    assert 0.002 < share < 0.03, f"residents waiting for an HH provider: {share:.2%} of HH clients"
    assert 2.5 < weeks < 10, f"decision to start of HH should take weeks, not {weeks:.1f}"


def test_fewer_staff_lengthen_provider_waits(baseline):
    short = run(**BASE, overrides={"providers.vacancy_fill_wmo": 0.3})
    assert _wait_weeks(short) > 1.3 * _wait_weeks(baseline), (
        f"filling fewer vacancies should lengthen the wait for HH: "
        f"{_wait_weeks(baseline):.1f} -> {_wait_weeks(short):.1f} weeks"
    )
    assert _mean(short, "waiting_providers_hh") > 1.3 * _mean(baseline, "waiting_providers_hh")


def test_full_facilities_send_need_to_the_front_door(baseline):
    few = run(**BASE, overrides={"general.places_per_1000": 2.0})
    assert _mean(few, "users_general") < 0.5 * _mean(baseline, "users_general")
    assert _mean(few, "clients_wmo") + _mean(few, "unmet_need") > _mean(
        baseline, "clients_wmo"
    ) + _mean(baseline, "unmet_need"), "need turned away should reappear as demand or unmet need"


def test_general_spending_grows_with_places(baseline):
    more = run(**BASE, overrides={"general.places_per_1000": 24.0})
    assert _mean(more, "spend_iv3_61_eur") > 1.4 * _mean(baseline, "spend_iv3_61_eur")


def test_carer_support_has_users(baseline):
    share = _mean(baseline, "users_carer_support") / _mean(baseline, "informal_carers")
    assert 0.01 < share < 0.15, f"carer support users are {share:.1%} of carers"


def test_iv3_lines_add_up_to_spending(baseline):
    s = baseline.series
    lines = sum(s[f"spend_iv3_{k}_eur"] for k in ("61", "66", "671", "672", "682"))
    assert np.allclose(lines, s["spend_total_eur"], rtol=1e-9)
    assert np.allclose(s["spend_iv3_62_eur"] <= s["spend_staff_eur"] + 1e-6, True)


def test_budget_lags_growing_spending():
    """Tariffs that follow care wages faster than the Rijk's index (3% a year in constant
    prices) make spending grow; budgets from two-year-old accounts then trail it."""
    s = run(**BASE, overrides={"providers.tariff_growth_per_year": 0.03}).series
    care = s["spend_wmo_eur"] + s["spend_youth_eur"]
    assert care[-12:].sum() > 1.01 * s["budget_total_eur"][-12:].sum(), (
        "budgets set from two-year-old accounts should trail growing spending by more than "
        f"1%: spending {care[-12:].sum():.0f}, budget {s['budget_total_eur'][-12:].sum():.0f}"
    )

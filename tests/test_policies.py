"""Every lever and external scenario moves what it targets, in the expected direction.

Each claim compares the same small municipality, with the same seeds, with and without
one policy. Thanks to common random numbers the two runs differ only where the policy
acts, so a difference is the policy's effect, not noise. Two seeds are pooled so that
a claim does not rest on one draw of the world. Where CALIBRATION.md gives a real
figure, the magnitude is checked against it too.
"""

from __future__ import annotations

import ast
import functools
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from agents.products import YOUTH_PRODUCTS, Product, Referrer
from agents.residents import INCOME_HIGH, INCOME_LOW
from model.care_model import CareModel
from model.params import load_preset
from model.policies import CATALOGUE, Policy

BASE = {"residents": 10000, "years": 3}
SEEDS = (1, 2)
STACKABLE = (Product.HH, Product.SUPPORT, Product.DAYCARE)
STRAINED = (("access.fte_per_10000", 2.0),)  # a front door with far too few consultants


@dataclass
class Outcome:
    """One finished run: its monthly columns plus what the probes saw month by month."""

    series: dict[str, np.ndarray]
    flows: Counter = field(default_factory=Counter)  # model.flows summed over the months
    new_hh_hours: list[np.ndarray] = field(default_factory=list)  # hours of new HH grants
    new_ggz_by_gp: int = 0  # new youth-GGZ indications referred by a GP
    hh_by_income: list[np.ndarray] = field(default_factory=list)  # HH clients per income
    stacked: list[int] = field(default_factory=list)  # residents with 2+ of HH/support/daycare
    youth_months: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per resident
    coordinated: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    youth_places: list[tuple[float, float]] = field(default_factory=list)  # (now, contracted)
    extra_general_places: int = 0  # places above the status quo at the end


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    if len(array) >= size:
        return array
    bigger = np.zeros(size, dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


def _probe(model: CareModel, out: Outcome) -> None:
    """Look at the month that just ended (grants made this month have since == tick - 1)."""
    people, caseloads = model.people, model.services.caseloads
    out.flows.update(model.flows)
    hh = caseloads[Product.HH]
    out.new_hh_hours.append(np.array(hh["units"][hh["since"] == model.tick - 1]))
    ggz = caseloads[Product.YOUTH_GGZ]
    fresh = (ggz["since"] == model.tick - 1) & (ggz["referrer"] == Referrer.GP)
    out.new_ggz_by_gp += int(fresh.sum())
    services, living = people.view("services"), people.living()
    has_hh = (services & (1 << Product.HH)) != 0
    out.hh_by_income.append(np.bincount(people.view("income")[living & has_hh], minlength=3))
    count = sum(((services >> int(p)) & 1).astype(int) for p in STACKABLE)
    out.stacked.append(int((living & (count >= 2)).sum()))
    n = people.n
    out.youth_months = _grown(out.youth_months, n)
    out.youth_months[:n] += people.in_youth_care()[:n]
    out.coordinated = _grown(out.coordinated, n)
    out.coordinated[:n] |= people.coordinated[:n]


def simulate(seed: int, policies: list[Policy], overrides=(), **config) -> Outcome:
    """Step one model to the end, probing every recorded month (the model is not kept)."""
    model = CareModel(**{**BASE, **config}, rng=seed, policies=policies, overrides=dict(overrides))
    out = Outcome({})
    while model.running:
        model.step()
        _probe(model, out)
    columns = model.records[0].keys()
    out.series = {c: np.array([r[c] for r in model.records]) for c in columns if c != "date"}
    out.youth_places = [
        (provider.places, provider.contracted_places)
        for product in YOUTH_PRODUCTS
        for provider in model.services.providers[product]
    ]
    out.extra_general_places = sum(f.places - f.base_places for f in model.facilities.items)
    return out


def _canonical(name: str, params: dict) -> tuple:
    """A policy's full parameter set (defaults filled in), usable as a cache key."""
    return (name, tuple(sorted(CATALOGUE[name].check(params, "").items())))


@functools.cache
def _runs(policies: tuple[tuple, ...], overrides: tuple) -> tuple[Outcome, ...]:
    return tuple(
        simulate(seed, [CATALOGUE[name](**dict(params)) for name, params in policies], overrides)
        for seed in SEEDS
    )


def baseline(overrides=(), extra=()) -> tuple[Outcome, ...]:
    """The status quo (plus any ``extra`` policies) for every seed; cached, as many claims
    share it."""
    return _runs(tuple(_canonical(n, dict(p)) for n, p in extra), tuple(overrides))


def with_policy(name: str, overrides=(), extra=(), **params) -> tuple[Outcome, ...]:
    """The same seeds with one policy (fresh policy objects per run) plus any ``extra``;
    cached by the policy's full parameter set."""
    policies = tuple(_canonical(n, dict(p)) for n, p in extra) + (_canonical(name, params),)
    return _runs(policies, tuple(overrides))


def mean(runs: tuple[Outcome, ...], column: str) -> float:
    """A stock's monthly mean, averaged over the seeds."""
    return float(np.mean([r.series[column].mean() for r in runs]))


def last_year(runs: tuple[Outcome, ...], column: str) -> float:
    """A stock's mean over the last recorded year, averaged over the seeds."""
    return float(np.mean([r.series[column][-12:].mean() for r in runs]))


def total(runs: tuple[Outcome, ...], column: str) -> float:
    """A flow summed over the months and the seeds."""
    return float(sum(r.series[column].sum() for r in runs))


def flow(runs: tuple[Outcome, ...], name: str) -> int:
    """A model flow that is not a results column, summed over months and seeds."""
    return sum(r.flows[name] for r in runs)


def new_hh_hours(runs: tuple[Outcome, ...]) -> np.ndarray:
    """Hours/week of every HH indication granted in the recorded period."""
    return np.concatenate([h for r in runs for h in r.new_hh_hours])


def change(before: float, after: float) -> str:
    """'before -> after (+x%)' for messages."""
    rel = f" ({after / before - 1:+.1%})" if before else ""
    return f"{before:,.2f} -> {after:,.2f}{rel}"


def test_every_policy_in_the_catalogue_has_a_direction_claim():
    """Read from this file's calls: every policy is run by some claim below."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    claimed = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in ("with_policy",)
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    claimed |= {
        node.slice.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and getattr(node.value, "id", None) == "CATALOGUE"
        and isinstance(node.slice, ast.Constant)
    }
    unclaimed = sorted(set(CATALOGUE) - claimed)
    assert not unclaimed, f"policies without a direction test in this file: {unclaimed}"


# -- POH-GGZ jeugd --------------------------------------------------------------------------
def test_poh_lowers_gp_referrals_to_youth_ggz():
    base, poh = baseline(), with_policy("poh_ggz", fte_per_10000=2.0)
    b, s = sum(r.new_ggz_by_gp for r in base), sum(r.new_ggz_by_gp for r in poh)
    assert s < b, (
        f"a POH-GGZ jeugd at every practice (2 FTE per 10,000) should lower the new youth-GGZ "
        f"indications referred by GPs: {change(b, s)} over {len(SEEDS)} x 3 years"
    )
    b, s = total(base, "youth_referrals_gp"), total(poh, "youth_referrals_gp")
    assert s < b, (
        f"with a strong POH, fewer youth trajectories should start on a GP referral: {change(b, s)}"
    )


@pytest.mark.slow
def test_poh_at_the_default_dose_does_not_raise_gp_referrals():
    # About 110 GP referrals per run: the paired effect per seed scatters by +-5 points
    # (seeds 1-6: +9.6, +3.5, +9.1, -2.5, -1.8, +2.5%), so two seeds cannot judge a 5% bound.
    runs = [(simulate(seed, []), simulate(seed, [CATALOGUE["poh_ggz"]()])) for seed in range(1, 7)]
    base, poh = tuple(b for b, _ in runs), tuple(p for _, p in runs)
    b, s = total(base, "youth_referrals_gp"), total(poh, "youth_referrals_gp")
    assert s <= 1.05 * b, (
        f"the default POH (0.3 FTE per 10,000), lowered threshold included, should not raise "
        f"GP referrals to youth care by more than 5%: {change(b, s)}"
    )
    assert total(poh, "poh_seen") > 0, "the default POH should see some youths"


def test_poh_helps_about_41_percent_of_the_youths_it_sees_without_referral():
    poh = with_policy("poh_ggz", fte_per_10000=2.0)  # many youths seen: a sharp share
    seen, helped = total(poh, "poh_seen"), total(poh, "poh_helped")
    share = helped / seen
    assert seen >= 300, f"too few youths seen by the POH to judge a share: {seen:.0f}"
    assert 0.30 <= share <= 0.52, (
        f"the share of youths seen by a POH-GGZ jeugd who are helped without referral should "
        f"be near 41% (multi-site study 2017-2019; accepted 30-52%), not {share:.1%} "
        f"({helped:.0f} of {seen:.0f})"
    )


def test_the_lowered_threshold_offsets_part_of_the_substitution():
    """BRIEF pattern 3: substitution with a leak."""
    base = baseline()
    leaky = with_policy("poh_ggz")
    tight = with_policy("poh_ggz", threshold_drop=0.0)
    b = total(base, "youth_referrals_gp")
    fewer_leaky = b - total(leaky, "youth_referrals_gp")
    fewer_tight = b - total(tight, "youth_referrals_gp")
    assert fewer_leaky < fewer_tight, (
        f"youths who come only because a POH is there should offset part of the drop in GP "
        f"referrals: {fewer_leaky:.0f} fewer with the lowered threshold, {fewer_tight:.0f} "
        f"fewer without it"
    )
    helped = total(leaky, "poh_helped")
    assert fewer_leaky < helped, (
        f"the net drop in GP referrals ({fewer_leaky:.0f}) should be smaller than the number "
        f"of youths the POH helped without referral ({helped:.0f})"
    )


def test_poh_does_not_push_youths_out_of_youth_work():
    base, poh = baseline(), with_policy("poh_ggz")
    b, s = mean(base, "users_youth_work"), mean(poh, "users_youth_work")
    assert s >= 0.85 * b, (
        f"the lowered threshold should bring youths who would not have come (BRIEF pattern "
        f"3), not take youths away from youth work: users {change(b, s)}"
    )


def test_a_status_quo_poh_in_the_profile_sees_youths():
    run = simulate(SEEDS[0], [], {"gp.poh_youth_fte_per_10000": 1.0})
    seen = run.series["poh_seen"].sum()
    assert seen > 0, (
        f"a municipality profile with 1 FTE POH-GGZ jeugd per 10,000 residents should have "
        f"POHs seeing youths, not {seen}"
    )


# -- HH norm framework -----------------------------------------------------------------------
def test_norm_framework_lowers_the_hours_granted_to_new_hh_clients():
    base, norm = baseline(), with_policy("hh_norm")
    b, s = new_hh_hours(base).mean(), new_hh_hours(norm).mean()
    assert s < b, f"the norm framework should lower hours/week of new HH grants: {change(b, s)}"
    b, s = mean(base, "hh_hours_mean"), mean(norm, "hh_hours_mean")
    assert s < b, f"mean HH hours/week per client should fall: {change(b, s)}"


def test_norm_framework_cuts_new_hh_hours_by_a_plausible_amount():
    b, s = new_hh_hours(baseline()).mean(), new_hh_hours(with_policy("hh_norm")).mean()
    cut = 1 - s / b
    assert 0.05 <= cut <= 0.60, (
        f"the KPMG-HHM norm framework (108 h/year for a full takeover, minus 23 for own "
        f"capacity) should lower hours at inflow by 5-60%, not {cut:.0%} ({change(b, s)})"
    )


def test_norm_framework_options_soften_or_deepen_the_cut():
    full = new_hh_hours(with_policy("hh_norm")).mean()
    exempt = new_hh_hours(with_policy("hh_norm", exempt_90_plus=1)).mean()
    fortnightly = new_hh_hours(with_policy("hh_norm", fortnightly_share=0.5)).mean()
    assert exempt > full, (
        f"exempting residents aged 90+ should keep new HH hours higher than the full norm: "
        f"{full:.3f} vs {exempt:.3f} h/week"
    )
    assert fortnightly < full, (
        f"fortnightly help for half the light clients should lower new HH hours further: "
        f"{full:.3f} vs {fortnightly:.3f} h/week"
    )


def test_norm_framework_lowers_hours_not_the_number_of_hh_clients():
    """BRIEF pattern 5: the norm lowers hours per client; it does not turn clients away."""
    b, s = mean(baseline(), "clients_hh"), mean(with_policy("hh_norm"), "clients_hh")
    assert abs(s / b - 1) < 0.03, (
        f"the norm framework changes the hours, not who qualifies: HH clients {change(b, s)}"
    )


# -- youth-care demarcation ------------------------------------------------------------------
def test_demarcation_lowers_tailored_youth_care_and_raises_general_use():
    base, dem = baseline(), with_policy("youth_demarcation")
    b, s = mean(base, "clients_youth"), mean(dem, "clients_youth")
    assert s < b, f"demarcation should lower tailored youth-care clients: {change(b, s)}"
    b, s = mean(base, "users_youth_work"), mean(dem, "users_youth_work")
    assert s > b, f"refused youths should be sent to youth work: users {change(b, s)}"
    b, s = total(base, "youth_referrals_access"), total(dem, "youth_referrals_access")
    assert s < b, f"the access team applies the criteria: its referrals {change(b, s)}"


def test_demarcation_removes_a_plausible_share_of_youth_care():
    b = last_year(baseline(), "clients_youth")
    s = last_year(with_policy("youth_demarcation"), "clients_youth")
    cut = 1 - s / b
    assert 0.01 <= cut <= 0.50, (
        f"demarcation (strictness 0.8, GPs complying for 30%) should remove some but at most "
        f"half of tailored youth care, not {cut:.0%} (clients in the last year {change(b, s)})"
    )


def test_demarcation_routes_refused_youths_where_the_policy_says():
    general = mean(with_policy("youth_demarcation", refused_route="general"), "users_youth_work")
    nowhere = mean(with_policy("youth_demarcation", refused_route="none"), "users_youth_work")
    assert general > nowhere, (
        f"sending refused youths to youth work should fill it more than sending them nowhere: "
        f"{nowhere:.1f} vs {general:.1f} users"
    )


# -- further levers --------------------------------------------------------------------------
def test_daycare_as_general_facility_shifts_day_care_to_general_places():
    base, day = baseline(), with_policy("daycare_general")
    b, s = mean(base, "clients_daycare"), mean(day, "clients_daycare")
    assert s < b, f"indicated day-care clients should fall: {change(b, s)}"
    b, s = mean(base, "users_day_activities"), mean(day, "users_day_activities")
    assert s > b, f"general day-activity users should rise: {change(b, s)}"
    assert flow(day, "daycare_to_general") > 0, "someone should be sent to general day care"


def test_own_light_support_replaces_some_tailored_wmo():
    base, light = baseline(), with_policy("light_support")
    b, s = mean(base, "users_light_support"), mean(light, "users_light_support")
    assert s > b, f"more places should mean more light-support clients: {change(b, s)}"
    b, s = mean(base, "clients_wmo"), mean(light, "clients_wmo")
    assert s < b, f"light help at the kitchen table should lower Wmo clients: {change(b, s)}"


def test_case_management_shortens_waits_and_restarts_reviews_in_a_strained_municipality():
    base, cm = baseline(STRAINED), with_policy("case_management", STRAINED)
    b, s = mean(base, "wait_weeks_access"), mean(cm, "wait_weeks_access")
    assert s < b, f"extra FTE should shorten the wait for an assessment: {change(b, s)} weeks"
    b, s = mean(base, "waiting_access"), mean(cm, "waiting_access")
    assert s < b, f"extra FTE should shorten the access queue: {change(b, s)}"
    b, s = mean(base, "access_pressure"), mean(cm, "access_pressure")
    assert s <= b, f"extra FTE should not raise access-team pressure: {change(b, s)}"
    b, s = total(base, "reviews"), total(cm, "reviews")
    assert s > b, f"case management reviews running indications: reviews {change(b, s)}"


def test_reassessment_drive_reviews_more_and_stops_some_indications():
    base, drive = baseline(), with_policy("reassessment_drive")
    b, s = total(base, "reviews"), total(drive, "reviews")
    assert s > b, f"a re-assessment drive should add reviews: {change(b, s)}"
    # Stops found early by the drive would otherwise be found at the indication's end, so
    # the count of stops moves little at 0.5 FTE; a larger drive must stop more.
    big = with_policy("reassessment_drive", fte=2.0)
    b, s = flow(base, "reviews_stopped"), flow(big, "reviews_stopped")
    assert s > b, f"more reviews should stop more indications whose need is gone: {change(b, s)}"
    b, s = mean(base, "clients_wmo"), mean(drive, "clients_wmo")
    assert s < b, f"stopped indications should lower the number of Wmo clients: {change(b, s)}"


def test_reassessment_drive_scales_down_some_hh_indications():
    # Indications are re-assessed at their end anyway; a drive finds scale-downs earlier,
    # so within the horizon it lowers hours per client and Wmo spending, and a large
    # drive also finds more scale-downs in total.
    base, drive = baseline(), with_policy("reassessment_drive")
    b, s = mean(base, "hh_hours_mean"), mean(drive, "hh_hours_mean")
    assert s < b, f"a re-assessment drive should lower HH hours per client: {change(b, s)}"
    b, s = total(base, "spend_wmo_eur"), total(drive, "spend_wmo_eur")
    assert s < b, f"a re-assessment drive should lower Wmo spending: {change(b, s)}"
    big = with_policy("reassessment_drive", fte=2.0)
    extra_reviews = total(big, "reviews") - total(base, "reviews")
    b, s = flow(base, "reviews_scaled_down"), flow(big, "reviews_scaled_down")
    # The status quo team already spends about a fifth of its time on reviews (issue 9's
    # front door), so extra reviews mostly meet indications looked at recently: at seeds
    # 1-2 the drive's 1,161 extra reviews found 8 more scale-downs (0.7%). No source
    # gives the share; the claim is that the drive finds some (half a percent or more).
    assert s - b >= 0.005 * extra_reviews, (
        f"a large re-assessment drive finds indications that can be scaled down (BRIEF "
        f"section 2): at least 0.5% of its {extra_reviews:.0f} extra reviews should lower HH "
        f"hours, but scale-downs went {b} -> {s}"
    )


def test_indefinite_indications_come_with_follow_up_reviews():
    base, indefinite = baseline(), with_policy("indication_length", mode="indefinite")
    b, s = total(base, "reviews"), total(indefinite, "reviews")
    assert s > 1.5 * b, f"yearly follow-up of every indication should add reviews: {change(b, s)}"
    # ... done by staff the lever pays: a follow-up a year per running Wmo indication, 30
    # a month per FTE at EUR 75,000 a year (they were free: a saving for nothing).
    cost = total(indefinite, "spend_staff_eur") - total(base, "spend_staff_eur")
    products = ("clients_hh", "clients_support", "clients_daycare", "clients_aids")
    indications = sum(total(indefinite, column) for column in products)  # per month, summed
    expected = indications / 12 / 30 * 75000 / 12
    assert 0.9 < cost / expected < 1.1, f"follow-up staff cost {cost:,.0f}, not ~{expected:,.0f}"


AMPLE = (("access.fte_per_10000", 12.0),)  # a front door with time to spare


def _weeks_to_decision(runs: tuple[Outcome, ...]) -> float:
    return total(runs, "access_wait_weeks") / total(runs, "access_assessed")


def test_short_indications_are_re_assessed_where_the_team_has_the_time():
    assert load_preset("default")["access.indication_months_wmo"] == 36, "status quo: long"
    long, short = baseline(AMPLE), with_policy("indication_length", AMPLE, mode="short")
    b, s = total(long, "reviews"), total(short, "reviews")
    assert s > b, f"12-month indications should bring more re-assessments: {change(b, s)}"
    assert total(short, "renewed_unreviewed") < 0.05 * s, "an ample team reviews, not renews"


def test_short_indications_without_staff_are_renewed_on_paper_not_a_stalled_queue():
    """Tripled expiries once went before every applicant: the queue stalled (a 95-week
    wait in ten years) and the lever booked the residents kept out as a saving. Now a
    team with applicants past the legal term renews expiries on paper (BRIEF pattern 1:
    under pressure reviews stop)."""
    long, short = baseline(), with_policy("indication_length", mode="short")
    b, s = _weeks_to_decision(long), _weeks_to_decision(short)
    assert s < 1.6 * b, f"the wait to a decision should not run away: {b:.1f} -> {s:.1f} weeks"
    assert total(short, "renewed_unreviewed") > 200, "expiries the team has no time for"
    b, s = mean(long, "clients_wmo"), mean(short, "clients_wmo")
    assert abs(s / b - 1) < 0.03, f"care is renewed, not stopped by a queue: {change(b, s)}"


def test_stopping_stacking_lowers_residents_with_several_wmo_services():
    base, single = baseline(), with_policy("stop_stacking")
    b = float(np.mean([np.mean(r.stacked) for r in base]))
    s = float(np.mean([np.mean(r.stacked) for r in single]))
    assert s < 0.9 * b, (
        f"residents with two or more of HH, support and day care should fall by more than "
        f"10%: {change(b, s)}"
    )
    b, s = total(base, "spend_wmo_eur"), total(single, "spend_wmo_eur")
    assert s < b, f"fewer stacked services should lower Wmo spending: {change(b, s)}"


def test_four_eyes_lowers_wmo_spending():
    base, four = baseline(), with_policy("four_eyes")
    b, s = total(base, "spend_wmo_eur"), total(four, "spend_wmo_eur")
    assert s < b, f"a second look at costly decisions should lower Wmo spending: {change(b, s)}"
    assert flow(four, "four_eyes_checks") > 0, "some decisions should cross the threshold"


def test_four_eyes_looks_at_no_more_decisions_than_its_staff_can():
    """The FTE once only cost money: with none, every costly decision still got a look."""
    few = with_policy("four_eyes", fte=0.05)  # 3 looks a month
    months = sum(len(r.series["month"]) for r in few)
    assert flow(few, "four_eyes_checks") <= 3 * months
    none = with_policy("four_eyes", fte=0.0)
    assert flow(none, "four_eyes_checks") == 0, "no staff, no second looks"
    b, s = total(baseline(), "spend_wmo_eur"), total(none, "spend_wmo_eur")
    assert s == b, f"a four-eyes rule without staff changes no decision: {change(b, s)}"
    many = with_policy("four_eyes", fte=1.0)
    assert flow(many, "four_eyes_checks") > flow(few, "four_eyes_checks")


def _first_month(runs: tuple[Outcome, ...], column: str) -> float:
    """A flow's first recorded month, summed over the seeds."""
    return float(sum(r.series[column][0] for r in runs))


def test_lump_sum_pays_the_production_at_the_switch_and_caps_capacity():
    """The budget is what providers produced when it was contracted: no saving is booked
    in the first month (it once was: 10%, the providers' lower intensity under the budget
    taken as the municipality's); a municipality that contracts less says so."""
    base = baseline()
    lump = with_policy("funding_model", model="lump_sum", domain="youth")
    cut = with_policy("funding_model", model="lump_sum", domain="youth", budget_share=0.9)
    b = _first_month(base, "spend_youth_eur")
    s, c = _first_month(lump, "spend_youth_eur"), _first_month(cut, "spend_youth_eur")
    assert abs(s / b - 1) < 0.05, (
        f"a lump sum at the switch's production should cost what PxQ cost that month (less "
        f"what ends early that month), not 10% less: {change(b, s)}"
    )
    assert abs(c / s - 0.9) < 0.005, f"a budget contracted at 90% should pay 90%: {change(s, c)}"
    months = [r.series["spend_youth_eur"] for r in lump]
    assert all(np.ptp(m) < 1e-6 * m[0] for m in months), "the budget stays fixed in volume"
    grown = [
        (now, contracted) for r in lump for now, contracted in r.youth_places if now > contracted
    ]
    assert not grown, (
        f"under a lump sum youth providers' capacity should stay at the places contracted at "
        f"the switch; (places, contracted) that grew: {grown}"
    )


def test_lump_sum_funding_creates_waiting_lists_when_demand_rises():
    """BRIEF pattern 4: budgets create waiting lists when demand exceeds capacity - and
    spend less than open-house PxQ, which grows with the demand."""
    shock = (("covid_shock", ()),)
    pxq = baseline(extra=shock)
    lump = with_policy("funding_model", extra=shock, model="lump_sum", domain="youth")
    b, s = mean(pxq, "waiting_youth"), mean(lump, "waiting_youth")
    assert s > 1.5 * b, (
        f"with a Covid-like rise in youth problems, a lump sum (capacity fixed at the switch) "
        f"should lengthen youth waiting lists clearly more than open-house PxQ: {change(b, s)}"
    )
    b, s = total(pxq, "spend_youth_eur"), total(lump, "spend_youth_eur")
    assert s < b, f"with rising demand a fixed budget should spend less than PxQ: {change(b, s)}"


def test_integrated_approach_shortens_youth_care_of_coordinated_households():
    base, joint = baseline(), with_policy("integrated_families")
    b = s = 0.0
    for plain, coordinated in zip(base, joint, strict=True):
        chosen = np.flatnonzero(coordinated.coordinated)
        assert len(chosen), "the integrated approach should coordinate some households"
        chosen = chosen[chosen < min(len(plain.youth_months), len(coordinated.youth_months))]
        b += plain.youth_months[chosen].sum()
        s += coordinated.youth_months[chosen].sum()
    assert s < 0.95 * b, (
        f"members of coordinated households should spend fewer months in youth care than the "
        f"same residents without a coordinator: {change(b, s)} client-months"
    )


def test_a_coordinator_stays_with_a_family_while_it_has_youth_care():
    """The "20 families" were once chosen afresh every month (137 households in three
    years); a family now keeps its coordinator until its youth care has ended."""
    model = CareModel(**BASE, rng=1, policies={"integrated_families": {"families": 10}})
    people, before, seen = model.people, set(), set()
    while model.running:
        household = people.view("household")  # as the lever sees them when it acts
        in_youth_care = set(np.unique(household[people.in_youth_care()[: people.n]]).tolist())
        model.step()
        household = people.view("household")
        now = set(np.unique(household[people.view("coordinated")]).tolist())
        dropped = (before - now) & in_youth_care
        assert not dropped, f"month {model.month}: families dropped with youth care: {dropped}"
        assert len(now) <= 10
        before, seen = now, seen | now
    assert len(seen) >= 10, "the places should be taken"


def test_voorveld_investment_raises_general_use():
    base, voor = baseline(), with_policy("voorveld")
    b, s = mean(base, "users_general"), mean(voor, "users_general")
    assert s > b, f"more places and reach should raise general-facility use: {change(b, s)}"
    b, s = mean(base, "tailored_share"), mean(voor, "tailored_share")
    assert s < b, f"the tailored share of use should fall: {change(b, s)}"


def test_earlier_wlz_defaults_are_earlier_than_the_status_quo_on_both_knobs():
    status_quo = load_preset("default")
    policy = CATALOGUE["earlier_wlz"]()
    threshold, chance = policy.params["permanent_threshold"], policy.params["application"]
    assert threshold <= status_quo["adult_needs.permanent_threshold"], (
        f"earlier Wlz should regard need as permanent sooner: threshold {threshold} vs status "
        f"quo {status_quo['adult_needs.permanent_threshold']}"
    )
    assert chance >= status_quo["adult_needs.wlz_application"], (
        f"earlier Wlz helps residents apply (a higher monthly chance): {chance} vs status quo "
        f"{status_quo['adult_needs.wlz_application']}"
    )


def test_earlier_wlz_moves_more_residents_to_the_wlz():
    base, wlz = baseline(), with_policy("earlier_wlz")
    b, s = total(base, "wlz_moves"), total(wlz, "wlz_moves")
    assert s > b, f"an earlier Wlz transition should move more residents to the Wlz: {change(b, s)}"
    b, s = mean(base, "clients_wmo"), mean(wlz, "clients_wmo")
    assert s < b, f"their care leaves the Wmo: Wmo clients {change(b, s)}"


def test_income_dependent_contribution_deters_high_incomes_but_barely_low_incomes():
    """BRIEF pattern 2: price matters for middle and high incomes."""
    base, income = baseline(), with_policy("contribution", regime="income")

    def by_income(runs):
        return np.mean([np.mean(r.hh_by_income, axis=0) for r in runs], axis=0)

    b, s = by_income(base), by_income(income)
    high, low = s[INCOME_HIGH] / b[INCOME_HIGH], s[INCOME_LOW] / b[INCOME_LOW]
    assert high < 0.95, (
        f"an income-dependent contribution should lower HH use among high incomes by more "
        f"than 5%: {change(b[INCOME_HIGH], s[INCOME_HIGH])}"
    )
    assert abs(low - 1) < 0.05, (
        f"low incomes pay little under the income regime; their HH use should barely change: "
        f"{change(b[INCOME_LOW], s[INCOME_LOW])}"
    )


# -- external scenarios ---------------------------------------------------------------------
def test_faster_ageing_raises_the_number_of_residents_aged_65_plus():
    base, aged = baseline(), with_policy("ageing")
    b, s = last_year(base, "residents_65_plus"), last_year(aged, "residents_65_plus")
    assert s > b, f"lower old-age mortality should leave more residents aged 65+: {change(b, s)}"


def test_covid_shock_raises_youth_care():
    base, covid = baseline(), with_policy("covid_shock")
    b, s = mean(base, "clients_youth"), mean(covid, "clients_youth")
    assert s > 1.02 * b, f"more youth problems should mean more youth-care clients: {change(b, s)}"


def test_tariff_growth_raises_spending_per_client_by_about_the_growth_rate():
    base, dear = baseline(), with_policy("tariff_growth", per_year=0.04)

    def per_client(runs):
        spend = np.concatenate(
            [r.series["spend_wmo_eur"] + r.series["spend_youth_eur"] for r in runs]
        )
        clients = np.concatenate(
            [r.series["clients_wmo"] + r.series["clients_youth"] for r in runs]
        )
        return spend.sum() / clients.sum()

    b, s = per_client(base), per_client(dear)
    expected = float(np.mean(1.04 ** (np.arange(36) / 12)))
    assert abs(s / b - expected) < 0.01, (
        f"4% tariff growth a year should raise spending per client-month by about "
        f"{expected - 1:.1%} over three years, not {s / b - 1:.1%} ({change(b, s)} EUR)"
    )


def test_tariff_growth_changes_spending_and_nothing_else():
    base, dear = baseline(), with_policy("tariff_growth")
    money = {"spend_wmo_eur", "spend_youth_eur", "spend_total_eur", "declared_total_eur"}
    money |= {"spend_iv3_66_eur", "spend_iv3_671_eur", "spend_iv3_672_eur", "spend_iv3_682_eur"}
    money |= {"budget_total_eur"}  # budgets are set from the spending of two years earlier
    for plain, priced in zip(base, dear, strict=True):
        moved = [
            c
            for c in plain.series
            if c not in money and not np.array_equal(plain.series[c], priced.series[c])
        ]
        assert not moved, f"tariffs are prices, not behaviour; these columns changed: {moved}"


def test_staff_shortage_lengthens_provider_waiting_lists():
    base, short = baseline(), with_policy("staff_shortage")
    b, s = mean(base, "waiting_providers"), mean(short, "waiting_providers")
    assert s > b + 1, (
        f"with 15% of places unstaffed more residents should wait for a provider: {change(b, s)}"
    )


# -- the measures' own cost ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["voorveld", "daycare_general"])
def test_extra_general_places_are_paid_once(name):
    base = simulate(SEEDS[0], [], years=1)
    policy = CATALOGUE[name]()
    more = simulate(SEEDS[0], [policy], years=1)
    places = more.extra_general_places
    expected = places * policy.params["cost_per_place_month"]

    def cost(run):
        return run.series["spend_general_eur"] + run.series["spend_staff_eur"]

    extra = float(np.mean(cost(more) - cost(base)))
    assert abs(extra - expected) < 0.01 * expected, (
        f"{name}: {places} extra general places at EUR {policy.params['cost_per_place_month']:.0f} "
        f"should cost EUR {expected:,.0f} a month, not EUR {extra:,.0f}"
    )

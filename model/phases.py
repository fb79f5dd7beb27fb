"""The nine phases of a month, one function each, in the order ``CareModel`` calls them.

``calendar`` comes first (it also sees the policies); ``MONTH`` lists the other eight,
named, in order, so that the model and the profiler (scripts/bench_phases.py) run
the same sequence.

Each phase sees only the ``Context`` (and the calendar phase the policies); the
mechanisms live in their own modules (``demography``, ``needs``, ``pathways``,
``decisions``) and in the organisations (``agents``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from agents import threads
from agents.caseload import NOT_STARTED
from agents.products import PRODUCTS, YOUTH_PRODUCTS, Product
from agents.provider import StaffMarket
from agents.provider_kernels import need_gone, stays_over, wmo_endings, youth_endings
from model import decisions, demography, needs, pathways
from model.context import Context
from model.network import assign_carers
from model.policies import Policy

NO_STAFF_LIMIT = StaffMarket(turnover=0.0, fill=1.0, availability=1.0)


def calendar(ctx: Context, policies: Sequence[Policy]) -> None:
    """1. Levers act from the status quo; January refreshes the network and yearly counters."""
    people = ctx.people
    ctx.reset_levers()
    ctx.measures_cost = sum(policy.apply(ctx) for policy in policies)
    ctx.resolve_params()
    if ctx.clock.is_january:
        assign_carers(people, ctx.network, ctx.params, ctx.streams["network"])
        people.used_youth_care_year[:] = False
        people.used_youth_care_year[: people.n] |= people.in_youth_care()
    for practice in ctx.practices:
        practice.start_month()


def population(ctx: Context) -> None:
    """2. Ageing, deaths, Wlz moves, the 18th birthday, births and immigration."""
    values, people, stream = ctx.params, ctx.people, ctx.streams["demography"]
    died = demography.age_and_die(people, values, stream)
    to_wlz = demography.move_to_wlz(people, values, stream)
    ctx.flows["deaths"] += len(died)
    ctx.flows["wlz_moves"] += len(to_wlz)
    ctx.flows["wlz_moves_wmo"] += demography.wmo_clients_among(people, to_wlz)
    leavers = np.concatenate([died, to_wlz])
    ctx.services.end_for_residents(leavers, ctx.tick)
    ctx.facilities.leave(leavers)
    people.private_help[leavers] = False
    people.hh_hours[leavers] = 0.0
    people.light_until[leavers] = -1
    people.poh_until[leavers] = -1
    ctx.teams.drop(leavers)
    _, leaving_youth_care = demography.eighteenth_birthday(people, values, stream)
    ctx.services.end_for_residents(leaving_youth_care, ctx.tick, YOUTH_PRODUCTS)
    born, new_households = demography.births_and_migration(people, values, stream)
    ctx.flows["births"] += len(born)
    if len(new_households):
        anchors = ctx.streams["network"].integers(0, int(new_households.min()), len(new_households))
        ctx.network.add_households(new_households, anchors)


def needs_change(ctx: Context) -> None:
    """3. Needs arise (by age), worsen when unmet, improve with help, some resolve."""
    ctx.askers = needs.change_needs(
        ctx.people,
        ctx.params,
        ctx.streams["adult_needs"],
        ctx.streams["youth_needs"],
        ctx.params["general.need_slowdown"],
        ctx.rules.youth_onset_factor,
    )


def informal_care(ctx: Context) -> None:
    """4. Partners, kin and neighbours absorb part of adult need; carers' load and burnout."""
    askers, ctx.askers = ctx.askers, None  # found by the needs phase this month
    ctx.flows["carer_breakdowns"] += needs.informal_care(
        ctx.people, ctx.params, ctx.streams["carers"], askers=askers
    )


def help_seeking(ctx: Context) -> None:
    """5. Adults and youths seek help; who needs the access team joins its queue."""
    requests: list[np.ndarray] = []

    def queue(residents: np.ndarray) -> None:
        # Waiting from now on (the pathways read it); the queues are filled once, below.
        ctx.flows["access_requests"] += len(residents)
        ctx.people.access_waiting[residents] = True
        requests.append(residents)

    seekers = pathways.HelpSeekers(ctx)  # one pass finds adults, walkers and youths
    pathways.adult_help_seeking(ctx, queue, seekers=seekers)
    referrals = pathways.YouthReferrals()  # the queue grants nothing: all referrals at once
    pathways.youth_help_seeking(ctx, queue, referrals=referrals, seekers=seekers)
    referrals.grant(ctx)
    if requests:
        ctx.teams.enqueue(np.concatenate(requests), ctx.tick)  # adults, then youths, per team


def access(ctx: Context) -> None:
    """6. Each team serves its light support, assesses its queue in the time left, then reviews.

    The teams take their queues, decide (``decisions.assess_teams``: places in general
    facilities and light support offered team by team, the rest for all at once) and
    review; their grants and the indications reviews stop are carried out together at
    the end (``decisions.AccessDecisions``): the same caseloads as team by team.
    """
    people = ctx.people
    light = ctx.light_support.clients_in(people.view("district"), len(ctx.teams))
    batch = decisions.AccessDecisions(ctx)
    expiring = batch.reviews.expiring
    drive = int(ctx.rules.extra_reviews_per_month) // len(ctx.teams)
    assessed, queued = [], []
    for team in ctx.teams:
        residents, months_queued = team.take_for_assessment(
            ctx.tick, int(light[team.district]), int(expiring[team.district])
        )
        assessed.append(residents)
        queued.append(months_queued)
    everyone = np.concatenate(assessed)
    people.access_waiting[everyone] = False
    ctx.flows["access_assessed"] += len(everyone)
    # The weeks of all teams at once (keyed draws); summed team by team, as before.
    weeks = decisions.weeks_to_decision(ctx, everyone, np.concatenate(queued))
    ctx.flows["access_decided_late"] += int((weeks > LEGAL_TERM_WEEKS).sum())
    start = 0
    for residents in assessed:
        ctx.flows["access_wait_weeks"] += float(weeks[start : start + len(residents)].sum())
        start += len(residents)
    decisions.assess_teams(ctx, ctx.teams.teams, assessed, batch)
    decisions.review_indications(ctx, ctx.teams.teams, batch, extra=drive)
    for team in ctx.teams:
        for part in ("capacity", "light", "assessments", "reviews"):
            ctx.flows[f"access_time_{part}"] += getattr(team.time, part)
    batch.carry_out()


LEGAL_TERM_WEEKS = 8.0  # Wmo 2015: 6 weeks to investigate + 2 weeks to decide


def providers(ctx: Context) -> None:
    """7. Trajectories end, providers admit and bill; the municipality books and is invoiced."""
    values, services = ctx.params, ctx.services
    for product in PRODUCTS:
        if len(services.caseloads[product]):
            _end_trajectories(ctx, product)
    growth = values["providers.open_house_growth"]
    ceiling = values["providers.open_house_ceiling"]
    markets = {
        domain: StaffMarket(
            turnover=values["providers.staff_turnover_per_year"] / 12.0,
            fill=values[f"providers.vacancy_fill_{domain}"],
            availability=values["providers.staff_availability"],
        )
        for domain in ("wmo", "youth")
    }
    for product, info in PRODUCTS.items():
        # Aids and adaptations are delivered, not staffed.
        labour = markets[info.domain] if product != Product.AIDS else NO_STAFF_LIMIT
        services.admit(product, ctx.tick, labour, growth, ceiling)
    services.tariff_factor = (1 + values["providers.tariff_growth_per_year"]) ** (
        max(ctx.month, 0) / 12
    )
    services.bill(ctx.tick)
    for domain in ("wmo", "youth"):
        ctx.municipality.realise(
            domain,
            ctx.tick,
            sum(
                services.flows.spend.get(p, 0.0) for p, i in PRODUCTS.items() if i.domain == domain
            ),
        )
    invoiced = sum(services.flows.spend.values())
    ctx.flows["declared_eur"] += ctx.municipality.book(invoiced)


def _end_trajectories(ctx: Context, product: Product) -> None:
    """Planned ends, results reached, needs gone; expired Wmo indications are re-assessed.

    Compiled passes over the product's caseload (``provider_kernels``) decide which
    rows end; only residents whose need has gone are asked whether they report it.
    """
    people, values, services = ctx.people, ctx.params, ctx.services
    caseload = services.caseloads[product]
    if product in YOUTH_PRODUCTS:
        funding = services.providers[product][0].funding
        ending = youth_endings(
            caseload["start"],
            caseload["end"],
            caseload["resident"],
            caseload["severity_at_start"],
            people.youth_severity,
            people.coordinated,
            funding.ends_on_result,
            # Paid per result, the provider ends a trajectory once its goal is reached.
            np.float32(1.0 - values["providers.result_goal_improvement"]),
            ctx.tick,
            NOT_STARTED,
        )
        ended = services.end(product, ending, ctx.tick)
        if len(ended):
            needs.clear_youth_need(people, ended[people.youth_severity[ended] < 0.25])
        return
    need = people.need_hh if product in (Product.HH, Product.AIDS) else people.need_support
    residents = caseload["resident"]
    gone = need_gone(caseload["start"], residents, need, NOT_STARTED)
    if len(gone):  # a keyed draw: asking no one changes no one else's number
        gone = gone[
            people.draw(f"resolved.{product.name}", residents[gone])
            < values["access.resolved_self_report"]
        ]
    # Whose need has gone while waiting for a provider withdraws the request.
    resolved, due = wmo_endings(
        caseload["start"],
        caseload["end"],
        residents,
        need,
        gone,
        product != Product.AIDS,
        ctx.tick,
        NOT_STARTED,
    )
    services.end(product, resolved, ctx.tick)
    if product in decisions.REVIEWED_PRODUCTS:
        # An expired indication needs a new decision: the team re-assessed those it had
        # time for (phase 6, expiring ones first); the rest are renewed on paper.
        ctx.flows["renewed_unreviewed"] += len(due)
    if len(due):
        caseload["end"][due] += int(values["access.indication_months_wmo"])


def end_stays(ctx: Context) -> None:
    """8. Facilities, light support and POH contacts end finished stays; carers ask for support.

    One compiled pass (``provider_kernels.stays_over``) ends the stays and finds the
    carers not in a facility; light support that ended, or whose client left, ends.
    """
    people, facilities = ctx.people, ctx.facilities
    parts = threads.split(
        stays_over,
        people.n,
        people.general_until,
        people.general_facility,
        people.light_until,
        people.poh_until,
        people.carer_load,
        people.alive,
        people.in_wlz,
        ctx.tick,
        len(facilities.items),
    )
    left, seekers, light = (
        parts[0]
        if len(parts) == 1
        else (
            sum(p[0] for p in parts),
            np.concatenate([p[1] for p in parts]),
            sum(p[2] for p in parts),
        )
    )
    facilities.stays_ended(left)
    facilities.carers_seek_support(
        ctx.tick,
        ctx.params["general.carer_support_min_load"],
        ctx.params["general.carer_support_seek"],
        seekers,
    )
    ctx.light_support.clients = int(light)


def outcomes(ctx: Context) -> None:
    """9. Unmet need and wellbeing at the end of the month."""
    needs.outcomes(ctx.people, ctx.params)


# Phases 2-9 in the order of a month (after ``calendar``), with the names a profile prints.
MONTH = (
    ("population", population),
    ("needs_change", needs_change),
    ("informal_care", informal_care),
    ("help_seeking", help_seeking),
    ("access", access),
    ("providers", providers),
    ("end_stays", end_stays),
    ("outcomes", outcomes),
)

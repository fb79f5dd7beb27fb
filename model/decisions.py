"""Access-team decisions at the kitchen table (keukentafelgesprek) and reviews.

For each assessed resident the team decides, vectorised over the month's batch:
answer with a general facility or its own light support ("as light as possible"), or
grant tailored services (HH with hours from an assessment, individual support, day
care, aids; for youths a tailored youth product). Team pressure shifts the balance
towards heavier and longer grants (BRIEF pattern 1); active case management holds
it back. The rules the levers act on are the context's run state (``ctx.rules``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from agents.access_kernels import choose_reviews, running_by_district
from agents.access_team import AccessTeam
from agents.caseload import NOT_STARTED
from agents.general_facility import ELDERLY_SUPPORT, YOUTH
from agents.products import PRODUCTS, WEEKS_PER_MONTH, WMO_PRODUCTS, Product, Referrer
from model.context import Context
from model.needs import unmet_household_hours
from model.pathways import YouthReferrals, demarcation_allows, refused_youth

REVIEWED_PRODUCTS = (Product.HH, Product.SUPPORT, Product.DAYCARE)


class ReviewRows:
    """The running indications of the reviewed products, grouped by district once a phase.

    The teams' reviews look at their own district's rows; grouping the rows once
    (stable, so in row order within a district; one compiled pass per product,
    ``access_kernels.running_by_district``) replaces a pass over every caseload per
    team, pass and product. Row numbers stay valid through the phase because the
    decisions' grants and review endings wait until ``AccessDecisions.carry_out``;
    ``stopped`` marks the rows a review ended, which later reviews skip as if gone.
    """

    def __init__(self, ctx: Context, districts: int) -> None:
        self.rows: dict[Product, np.ndarray] = {}
        self.bounds: dict[Product, np.ndarray] = {}
        self.stopped: dict[Product, np.ndarray] = {}
        self.expiring = np.zeros(districts, dtype=np.int64)
        district = ctx.people.district
        for product in REVIEWED_PRODUCTS:
            caseload = ctx.services.caseloads[product]
            self.rows[product], self.bounds[product], expiring = running_by_district(
                caseload["start"],
                caseload["end"],
                caseload["resident"],
                district,
                districts,
                ctx.tick,
                NOT_STARTED,
            )
            self.stopped[product] = np.zeros(len(caseload), dtype=bool)
            self.expiring += expiring

    def of(self, product: Product, district: int) -> np.ndarray:
        """Running rows of the product in a district, in row order, without stopped ones."""
        bounds = self.bounds[product]
        rows = self.rows[product][bounds[district] : bounds[district + 1]]
        return rows[~self.stopped[product][rows]]


class AccessDecisions:
    """The grants and review endings of the teams' decisions, carried out together.

    Each grant appends rows to its product's caseload and each ending closes rows up,
    in the order the calls are made; collecting the teams' grants per product (in team
    order) and the reviews' endings, and making one call per product at the end, leaves
    the caseloads exactly as the calls team by team did: new grants wait for a provider,
    so no review looks at them, and a team reviews only its own district's residents.
    The grants come before the endings, as a team assessed before it reviewed.
    """

    def __init__(self, ctx: Context, districts: int | None = None) -> None:
        self.ctx = ctx
        self.grants: dict[Product, list[tuple[np.ndarray, object, object]]] = {}
        self.youth = YouthReferrals()
        self._districts = len(ctx.teams) if districts is None else districts
        self._reviews: ReviewRows | None = None

    @property
    def reviews(self) -> ReviewRows:
        """The running reviewed rows by district (grouped on first use)."""
        if self._reviews is None:
            self._reviews = ReviewRows(self.ctx, self._districts)
        return self._reviews

    def grant(self, product: Product, residents: np.ndarray, units, months) -> None:
        """A Wmo grant, made at ``carry_out`` (units and months per resident or one for all)."""
        self.grants.setdefault(product, []).append((residents, units, months))

    def carry_out(self) -> None:
        """Make the collected grants per product, then end the indications reviews stopped."""
        ctx = self.ctx
        for product, parts in self.grants.items():
            if len(parts) == 1:
                residents, units, months = parts[0]
            else:
                residents = np.concatenate([part[0] for part in parts])
                units = np.concatenate([_per_resident(part[1], part[0]) for part in parts])
                months = np.concatenate([_per_resident(part[2], part[0]) for part in parts])
            ctx.services.grant(product, residents, ctx.tick, units=units, months=months)
        self.grants = {}
        self.youth.grant(ctx)
        if self._reviews is None:
            return
        for product, stopped in self._reviews.stopped.items():
            if stopped.any():
                mask = np.zeros(len(ctx.services.caseloads[product]), dtype=bool)
                mask[: len(stopped)] = stopped
                ctx.services.end(product, mask, ctx.tick)
        self._reviews = None


def _per_resident(value, residents: np.ndarray) -> np.ndarray:
    """A per-resident array of ``value`` (an array already, or one number for all)."""
    if isinstance(value, np.ndarray) and value.ndim:
        return value
    return np.full(len(residents), value, dtype=np.float64)


def assess(
    ctx: Context, team: AccessTeam, residents: np.ndarray, batch: AccessDecisions | None = None
) -> None:
    """Decide for a batch of assessed residents (adults and youths) of one team.

    With ``batch`` the grants are collected there (the caller carries them out);
    without, they are made before returning.
    """
    decisions = AccessDecisions(ctx) if batch is None else batch
    assess_teams(ctx, [team], [residents], decisions)
    if batch is None:
        decisions.carry_out()


def assess_teams(
    ctx: Context,
    teams: Sequence[AccessTeam],
    assessed: Sequence[np.ndarray],
    batch: AccessDecisions,
) -> None:
    """Decide for each team's assessed residents (youths, then adults), teams in order.

    General facilities and light support have places for the whole municipality, so
    who gets one depends on who asked before: those offers go team by team, each
    team's youths before its adults, as when the teams decided one after another.
    Everything else in a decision depends on the resident and the team's pressure
    alone, so it is computed for all teams at once (the per-team numpy calls on a few
    dozen residents each were most of the phase's time).
    """
    residents = np.concatenate(assessed) if len(assessed) > 1 else assessed[0]
    team_of = np.repeat(np.arange(len(teams)), [len(group) for group in assessed])
    pressure = [effective_pressure(ctx, team) for team in teams]
    young = ctx.people.age_of(residents) < 18
    youths = _YouthDecisions(ctx, residents[young], team_of[young], pressure)
    adults = _AdultDecisions(ctx, residents[~young], team_of[~young], pressure)
    if OFFER_TOGETHER and youths.allowed.all() and not ctx.rules.daycare_as_general:
        _offer_light_together(ctx, youths, adults)
    else:
        for k, team in enumerate(teams):
            youths.offer_light(ctx, team, k)
            adults.offer_light(ctx, team, k)
    youths.refer(ctx, batch)
    adults.grant(ctx, batch)


OFFER_TOGETHER = True  # tests switch it off to compare with the offers team by team


def _offer_light_together(ctx: Context, youths: _YouthDecisions, adults: _AdultDecisions) -> None:
    """All teams' light offers in two calls, as if made team by team.

    Without refused youths and without day care offered as general, the only offers
    are the light solutions: a general facility (one per kind, youths and adults ask
    for different kinds, each kind filled in order of asking), then light support
    (one pool of places, filled in order of asking). Asking in the teams' order, each
    team's youths before its adults, gives every resident the answer the calls team
    by team gave.
    """
    youth_rows, adult_rows = np.flatnonzero(youths.try_light), np.flatnonzero(adults.try_light)
    asking = np.concatenate([youths.residents[youth_rows], adults.residents[adult_rows]])
    serves = np.concatenate([np.full(len(youth_rows), YOUTH, np.int8), adults.serves[adult_rows]])
    joined = ctx.facilities.offer(asking, serves, ctx.tick)
    rest = np.flatnonzero(~joined)
    is_adult = rest >= len(youth_rows)
    team_of = np.concatenate([youths.team_of[youth_rows], adults.team_of[adult_rows]])
    rest = rest[np.argsort(2 * team_of[rest] + is_adult, kind="stable")]
    joined[rest] = ctx.light_support.offer(asking[rest], ctx.tick)
    youths.helped[youth_rows] = joined[: len(youth_rows)]
    adults.helped[adult_rows] = joined[len(youth_rows) :]


def _segments(team_of: np.ndarray, teams: int) -> np.ndarray:
    """Start of each team's residents in a team-ordered array (and the end, last)."""
    return np.concatenate([[0], np.cumsum(np.bincount(team_of, minlength=teams))])


class _TeamBatch:
    """One kind of decision for all teams at once; each team's rows a segment, in team order."""

    try_light: np.ndarray

    def __init__(self, residents: np.ndarray, team_of: np.ndarray, pressure: list[float]) -> None:
        self.residents, self.team_of, self.pressure = residents, team_of, pressure
        self.bounds = _segments(team_of, len(pressure))
        self.helped = np.zeros(len(residents), dtype=bool)

    def light_first(
        self, ctx: Context, team: AccessTeam, k: int, kinds: np.ndarray | None
    ) -> slice | None:
        """Team ``k``'s residents who try light help get it where the team finds it.

        ``kinds``: the facility kind each resident needs (None: a youth's). Returns the
        team's rows, or None when it assessed no one of this kind.
        """
        start, end = self.bounds[k], self.bounds[k + 1]
        if start == end:
            return None
        rows = slice(start, end)
        try_light = self.try_light[rows]
        wanted = self.residents[rows][try_light]
        kind = YOUTH if kinds is None else kinds[rows][try_light]
        self.helped[rows][try_light] = light_solution(ctx, team, wanted, kind)
        return rows


def _light_chance(values: Mapping[str, Any], pressure: float) -> float:
    """Chance a team finds a light solution for a moderate case, lower under pressure."""
    return values["access.light_solution_share"] * (1 - values["access.overload_effect"] * pressure)


class _YouthDecisions(_TeamBatch):
    """Youths: general facility or light support for light problems, else tailored care.

    Under demarcation, tailored care needs one of the three criteria; the others are
    sent where the policy says (general facility, light support or nothing).
    """

    def __init__(
        self, ctx: Context, residents: np.ndarray, team_of: np.ndarray, pressure: list[float]
    ) -> None:
        super().__init__(residents, team_of, pressure)
        people, values = ctx.people, ctx.params
        draw = people.draw("access.youth", residents)
        severity = people.youth_severity[residents]
        light_chance = np.array([_light_chance(values, p) for p in pressure])
        self.below = severity < values["access.youth_tailored_threshold"]
        self.try_light = self.below | ((severity < 0.5) & (draw < light_chance[team_of]))
        self.allowed = demarcation_allows(ctx, residents, ctx.rules.youth_demarcation)

    def offer_light(self, ctx: Context, team: AccessTeam, k: int) -> None:
        """Team ``k``'s light offers: facility or light support, then the refused youths."""
        rows = self.light_first(ctx, team, k, None)
        if rows is not None:
            tailored = ~self.helped[rows] & ~self.below[rows]
            refused_youth(ctx, self.residents[rows][tailored & ~self.allowed[rows]])

    def refer(self, ctx: Context, batch: AccessDecisions) -> None:
        """Refer the tailored cases, each team's with its pressure's trajectory length."""
        tailored = ~self.helped & ~self.below & self.allowed
        factor = ctx.params["access.overload_duration_factor"]
        for k, pressure in enumerate(self.pressure):
            start, end = self.bounds[k], self.bounds[k + 1]
            if start < end:
                batch.youth.add(
                    self.residents[start:end][tailored[start:end]],
                    Referrer.ACCESS,
                    duration_factor=1 + factor * pressure,
                )
        ctx.flows["access_light"] += int(self.helped.sum())


class _AdultDecisions(_TeamBatch):
    """Adults: light where possible, tailored where needed, longer when overloaded."""

    def __init__(
        self, ctx: Context, residents: np.ndarray, team_of: np.ndarray, pressure: list[float]
    ) -> None:
        super().__init__(residents, team_of, pressure)
        people, values = ctx.people, ctx.params
        self.draw = people.draw("access.adult", residents)
        need_hh, need_support = people.need_hh[residents], people.need_support[residents]
        self.eligible = _eligibility(ctx, residents)
        chances = []
        for p in pressure:
            light_chance = _light_chance(values, p)
            light_chance += (
                (1 - light_chance)
                * values["access.case_management_light_boost"]
                * ctx.rules.case_management
            )
            chances.append(light_chance)
        mild = np.maximum(need_hh, need_support) < values["general.mild_limit"]
        moderate = ~mild & (np.maximum(need_hh, need_support) < 0.6)
        self.try_light = mild | (moderate & (self.draw < np.array(chances)[team_of]))
        self.serves = ctx.facilities.need_kind(residents)

    def offer_light(self, ctx: Context, team: AccessTeam, k: int) -> None:
        """Team ``k``'s light offers: facility or light support, then day care as general."""
        rows = self.light_first(ctx, team, k, self.serves)
        if rows is None:
            return
        residents, helped = self.residents[rows], self.helped[rows]
        if ctx.rules.daycare_as_general:
            daycare = self.eligible[Product.DAYCARE][rows]  # a view: writes land in eligible
            wants_daycare = np.flatnonzero(daycare & ~helped)
            joined = ctx.facilities.offer(residents[wants_daycare], ELDERLY_SUPPORT, ctx.tick)
            daycare[wants_daycare[joined]] = False
            ctx.flows["daycare_to_general"] += int(joined.sum())

    def grant(self, ctx: Context, batch: AccessDecisions) -> None:
        """Grant what the eligible need, longer (and HH heavier) under the team's pressure."""
        people, values = ctx.people, ctx.params
        residents, eligible, team_of = self.residents, self.eligible, self.team_of
        if ctx.rules.stop_stacking:
            # One main service, counting what the resident already holds: day care covers
            # support, HH only without another service. A team under pressure misses it.
            missed = np.array([values["access.overload_effect"] * p for p in self.pressure])
            checked = people.draw("access.stacking", residents) >= missed[team_of]
            held = people.services[residents] | people.waiting[residents]
            has_daycare = eligible[Product.DAYCARE] | (held & (1 << Product.DAYCARE) != 0)
            eligible[Product.SUPPORT] &= ~(has_daycare & checked)
            has_other = (
                has_daycare | eligible[Product.SUPPORT] | (held & (1 << Product.SUPPORT) != 0)
            )
            eligible[Product.HH] &= ~(has_other & checked)
        months = np.array(
            [
                values["access.indication_months_wmo"]
                * (1 + values["access.overload_duration_factor"] * p)
                for p in self.pressure
            ],
            dtype=np.float64,
        )
        for product in WMO_PRODUCTS:
            grant = eligible[product] & ~self.helped
            if product == Product.AIDS:
                grant = eligible[product]  # aids are granted alongside light help
            if not grant.any():
                continue
            who = residents[grant]
            units = (
                self._hh_hours(ctx, who, team_of[grant])
                if product == Product.HH
                else _units(ctx, product, who)
            )
            units = four_eyes(ctx, product, who, units)
            duration = 120 if product == Product.AIDS else months[team_of[grant]]
            batch.grant(product, who, units, duration)
        ctx.flows["access_light"] += int(self.helped.sum())

    def _hh_hours(self, ctx: Context, who: np.ndarray, team_of: np.ndarray) -> np.ndarray:
        """HH hours of each team's grantees at its pressure (``hh_hours``, all teams at once)."""
        return hh_hours(ctx, who, pressure=self.pressure, team_of=team_of)


def light_solution(
    ctx: Context, team: AccessTeam, residents: np.ndarray, serves: np.ndarray | int
) -> np.ndarray:
    """Try a general facility, then the team's own light support; mask of who got one."""
    helped = ctx.facilities.offer(residents, serves, ctx.tick)
    rest = (~helped).nonzero()[0]
    helped[rest] = ctx.light_support.offer(residents[rest], ctx.tick)
    return helped


def effective_pressure(ctx: Context, team: AccessTeam) -> float:
    """Team pressure as felt in decisions: case management keeps the front door steady."""
    relief = ctx.params["access.case_management_pressure_relief"]
    return team.pressure * (1.0 - relief * ctx.rules.case_management)


def hh_hours(
    ctx: Context,
    residents: np.ndarray,
    at_review: bool = False,
    pressure: float | Sequence[float] = 0.0,
    team_of: np.ndarray | None = None,
) -> np.ndarray:
    """HH hours/week from the assessment: professional judgement or the norm framework.

    A team under pressure grants heavier (``access.overload_hours_factor``); a
    review, made without that pressure, can scale the hours down again. Given
    ``team_of`` (each resident's team), ``pressure`` holds one number per team.
    """
    values = ctx.params
    rules = ctx.rules
    use_norm = rules.hh_method == "norm" and (not at_review or rules.hh_norm_at_review)
    unmet = np.maximum(unmet_household_hours(ctx.people, values, residents), 0.0)
    hours = unmet * values["access.hh_generosity"]
    if team_of is None:
        hours = hours * (1.0 + values["access.overload_hours_factor"] * pressure)
    else:
        # Each team's factor in the type numpy gave it as one number: a Python float
        # times float32 hours stays float32 (the factor rounded to float32 first).
        factors = [1.0 + values["access.overload_hours_factor"] * p for p in pressure]
        hours = hours * np.array(factors, dtype=np.result_type(hours, factors[0]))[team_of]
    if use_norm:
        exempt = ctx.people.age_of(residents) >= rules.hh_norm_exempt_age
        hours = np.where(exempt, hours, norm_hours(ctx, residents))
        fortnightly = ctx.people.draw("hh.fortnightly", residents) < rules.hh_fortnightly_share
        hours = np.where(fortnightly & (ctx.people.need_hh[residents] < 0.5), hours / 2, hours)
    return np.maximum(np.rint(hours * 2) / 2, 0.5)


def norm_hours(ctx: Context, residents: np.ndarray) -> np.ndarray:
    """Normative hours: time per task for the limitation, minus what the household can do."""
    people = ctx.people
    need = people.need_hh[residents]
    norm = ctx.params
    takeover = np.minimum(need / norm["hh_norm.takeover_at_need"], 1.0)
    year = norm["hh_norm.full_takeover_hours_year"] * takeover
    year += norm["hh_norm.limitation_hours_year"] * ((need > 0.6).astype(float) + (need > 0.85))
    year += norm["hh_norm.household_hours_year"] * (people.household_size(residents) >= 3)
    helped = people.informal_hh_hours[residents] > 0
    year -= norm["hh_norm.own_capacity_hours_year"] * helped
    return np.maximum(year, 0.0) / 52.0


def _eligibility(ctx: Context, residents: np.ndarray) -> dict[Product, np.ndarray]:
    people, values = ctx.people, ctx.params
    need_hh, need_support = people.need_hh[residents], people.need_support[residents]
    age = people.age_of(residents)
    unmet_hh = unmet_household_hours(people, values, residents)
    return {
        Product.HH: unmet_hh >= values["access.hh_min_hours"],
        Product.SUPPORT: need_support >= values["access.support_threshold"],
        Product.DAYCARE: (need_support >= values["access.daycare_threshold"]) & (age >= 60),
        Product.AIDS: need_hh >= values["adult_needs.aids_threshold"],
    }


def four_eyes(
    ctx: Context, product: Product, residents: np.ndarray, units: np.ndarray | float
) -> np.ndarray | float:
    """A second consultant looks at costly Wmo decisions; some become lighter.

    As many as the lever's staff can look at this month (``four_eyes_looks_month``),
    in the order decided; the rest go through unchecked. Youth care (monthly tariffs)
    is outside it: a second look there would change the kind of care, not its hours.
    """
    threshold = ctx.rules.four_eyes_eur_month
    info = PRODUCTS[product]
    if threshold <= 0 or info.monthly_tariff:
        return units
    units = np.broadcast_to(np.asarray(units, dtype=np.float64), residents.shape).copy()
    cost = units * WEEKS_PER_MONTH * ctx.params[info.tariff_param]
    costly = cost > threshold
    room = max(int(ctx.rules.four_eyes_looks_month) - ctx.flows["four_eyes_checks"], 0)
    costly[np.flatnonzero(costly)[room:]] = False  # no time left for these this month
    share, factor = (
        ctx.params["access.four_eyes_lighter_share"],
        ctx.params["access.four_eyes_units_factor"],
    )
    lighter = costly & (ctx.people.draw("four_eyes", residents) < share)
    units[lighter] = np.maximum(np.rint(units[lighter] * factor * 2) / 2, 0.5)
    ctx.flows["four_eyes_checks"] += int(costly.sum())
    return units


def _units(ctx: Context, product: Product, residents: np.ndarray) -> np.ndarray | float:
    values = ctx.params
    if product == Product.SUPPORT:
        level = ctx.people.need_support[residents]
        return np.rint(values["providers.support_hours_week"] * level / 0.6 * 2) / 2 + 0.5
    if product == Product.DAYCARE:
        return values["providers.daycare_partdays_week"]
    return 1.0


def review_indications(
    ctx: Context, teams: Sequence[AccessTeam], batch: AccessDecisions, extra: int = 0
) -> None:
    """Each team's reserved and spare time (plus any review drive) re-assesses indications.

    Indications that expire this month come first (they need a new decision), then
    the ones longest without a look, a third of the rest per product. A team with a
    backlog has no spare time, so heavy indications stay heavy until they expire.
    Indications a review stops end when ``batch`` is carried out.

    A team reviews only its own district's rows, so the teams' choices of a pass and
    product are made in one compiled call (``access_kernels.choose_reviews``, the teams
    in order) and re-assessed in one call; the second pass chooses after the first's
    re-assessments, as each team did.
    """
    budgets = np.array([team.review_budget + extra for team in teams], dtype=np.int64)
    done = np.zeros(len(teams), dtype=np.int64)
    districts = np.array([team.district for team in teams], dtype=np.int64)
    reviews = batch.reviews
    for only_expiring in (True, False):
        shares = budgets - done if only_expiring else (budgets - done) // 3 + 1
        for product in REVIEWED_PRODUCTS:
            caseload = ctx.services.caseloads[product]
            rows = choose_reviews(
                reviews.rows[product],
                reviews.bounds[product],
                reviews.stopped[product],
                caseload["end"],
                caseload["reviewed"],
                districts,
                budgets,
                done,
                shares,
                only_expiring,
                ctx.tick,
            )
            if len(rows):
                ctx.flows["reviews"] += len(rows)
                reassess(ctx, product, rows, reviews.stopped[product])
    for team, budget, count in zip(teams, budgets.tolist(), done.tolist(), strict=True):
        if budget > 0:
            team.spend_on_reviews(min(count, team.review_budget))


def weeks_to_decision(ctx: Context, residents: np.ndarray, months_queued: np.ndarray) -> np.ndarray:
    """Weeks from request to decision: the months in the queue plus the team's own handling.

    Handling (conversation, report, decision) takes ``access.handling_weeks`` on
    average, spread over half to one and a half times that between residents.
    """
    handling = ctx.params["access.handling_weeks"] * (
        0.5 + ctx.people.draw("access.handling", residents)
    )
    return months_queued * (52.0 / 12.0) + handling


def reassess(
    ctx: Context, product: Product, rows: np.ndarray, stopped: np.ndarray | None = None
) -> None:
    """Re-assess running indications (caseload rows) without time pressure.

    Care whose need has gone stops; HH hours granted heavier than the current
    assessment gives are scaled down; the rest continues with a fresh indication.
    Stopped care ends at once, or, given ``stopped`` (a mask over the caseload's
    rows), is marked there to end later (``AccessDecisions.carry_out``).
    """
    people, values = ctx.people, ctx.params
    caseload = ctx.services.caseloads[product]
    residents = caseload["resident"][rows]
    if product == Product.HH:
        current = hh_hours(ctx, residents, at_review=True)
        needed = unmet_household_hours(people, values, residents)
        stop = needed < values["access.hh_min_hours"]
        lower = ~stop & (current < caseload["units"][rows])
        caseload["units"][rows[lower]] = current[lower]
        people.hh_hours[residents[lower]] = current[lower]
        ctx.flows["reviews_scaled_down"] += int(lower.sum())
    else:
        stop = people.need_support[residents] < values["access.support_threshold"] * 0.7
    keep = rows[~stop]
    caseload["reviewed"][keep] = ctx.tick
    caseload["end"][keep] = ctx.tick + int(values["access.indication_months_wmo"]) - 1
    ctx.flows["reviews_stopped"] += int(stop.sum())
    if stopped is not None:
        stopped[rows[stop]] = True
        return
    mask = np.zeros(len(caseload), dtype=bool)
    mask[rows[stop]] = True
    ctx.services.end(product, mask, ctx.tick)

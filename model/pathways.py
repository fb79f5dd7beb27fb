"""Pathways into help: who seeks it, where they knock, and what the GP and POH do.

Adults with an unmet need ask for help via a general facility (if they know one
with a free place and the need is mild) or the access team of their district. The
Wmo personal contribution lowers the chance to apply (BRIEF pattern 2); households
that can afford it buy help privately instead. Youths reach care via the GP (and
its POH-GGZ), the access team, directly (no referrer), a certified institution (GI,
for safety concerns) or a medical specialist.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from agents import access_kernels
from agents.general_facility import CARER, YOUTH
from agents.kernels import adult_candidates, unhelped_youths, voorveld_walkers
from agents.products import (
    PRODUCTS,
    WEEKS_PER_MONTH,
    YOUTH_MASK,
    YOUTH_PRODUCTS,
    Product,
    Referrer,
)
from agents.residents import INCOME_HIGH, INCOME_LOW, INCOME_MIDDLE, Residents
from model.context import Context
from model.needs import unmet_household_hours

ToAccess = Callable[[np.ndarray], None]  # what happens to residents who need the access team


def _by_income(values, low: str, middle: str, high: str | float) -> np.ndarray:
    """A per-income-class lookup from registry parameters (index: INCOME_LOW..HIGH)."""
    table = np.zeros(3)
    table[INCOME_LOW] = values[low]
    table[INCOME_MIDDLE] = values[middle]
    table[INCOME_HIGH] = values[high] if isinstance(high, str) else high
    return table


REGIME_CODES = {"flat": 0, "income": 1}  # Residents.believed_regime


def contribution_price(
    values, regime: np.ndarray | int, income: np.ndarray, hours: np.ndarray
) -> np.ndarray:
    """The Wmo personal contribution (eigen bijdrage) per month under a regime code.

    Flat: one fee per household. Income regime: an hourly rate rising with the income
    class, times the hours of help (volume-dependent, as before 2019).
    """
    share = _by_income(
        values, "contribution.income_rate_share_low", "contribution.income_rate_share_middle", 1.0
    )
    by_income = (
        share[income] * values["contribution.income_rate_eur_hour"] * np.maximum(hours, 1.0)
    ) * WEEKS_PER_MONTH
    flat = np.full(len(income), float(values["contribution.flat_eur_month"]))
    return np.where(np.asarray(regime) == REGIME_CODES["income"], by_income, flat)


def monthly_contribution(ctx: Context, income: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """The contribution a household would pay per month under the current regime."""
    regime = REGIME_CODES[ctx.params["contribution.regime"]]
    return contribution_price(ctx.params, regime, income, hours)


def learn_regime(ctx: Context, stale: np.ndarray | None = None) -> None:
    """News of the contribution regime spreads slowly (word of mouth, advisers).

    Each month a household that still believes in the old regime learns the current
    one with chance 1 - exp(-1/``contribution.learning_months``). Applicants learn it
    at once at the kitchen table (``price_deters``). ``stale``: those residents, if
    already found (``HelpSeekers``).
    """
    people = ctx.people
    regime = REGIME_CODES[ctx.params["contribution.regime"]]
    believed = people.view("believed_regime")
    if stale is None:
        stale = np.flatnonzero(believed != regime)
    if len(stale) == 0:
        return
    chance = 1.0 - np.exp(-1.0 / ctx.params["contribution.learning_months"])
    believed[stale[people.draw("contribution.learn", stale) < chance]] = regime


def price_deters(ctx: Context, seekers: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Which seekers of household help the contribution keeps away (BRIEF pattern 2).

    Each household has a fixed willingness to pay (a keyed draw that does not change
    over time): it asks for help when willingness < exp(-s * price / f), with s
    ``contribution.price_sensitivity`` (per EUR/month, low incomes) and f the income
    class's relative income (``contribution.income_factor_*``): the same price weighs
    less on a higher income. A household that believes in a dearer regime than the
    current one does not come and so does not learn the real price; one that believes
    in a cheaper one comes, hears the real price at the kitchen table, and decides on
    that. So a price cut draws new demand in only as the news spreads, while a price
    rise deters new applicants at once. Running clients are not re-priced: under a new
    regime they keep their help until their indication ends.
    """
    people, values = ctx.people, ctx.params
    income = people.income[seekers]
    regime = REGIME_CODES[values["contribution.regime"]]
    believed = people.believed_regime[seekers]
    price = np.maximum(
        contribution_price(values, believed, income, hours),
        contribution_price(values, regime, income, hours),
    )
    factor = _by_income(
        values,
        "contribution.income_factor_low",
        "contribution.income_factor_middle",
        "contribution.income_factor_high",
    )[income]
    willingness = people.keyed.uniform("contribution.willingness", 0, seekers)
    return willingness > np.exp(-values["contribution.price_sensitivity"] * price / factor)


def in_adult_pathway(ctx: Context) -> np.ndarray:
    """Adults already waiting, in light support or at a general facility."""
    people = ctx.people
    return (
        people.view("access_waiting")
        | (people.view("light_until") >= 0)
        | (people.view("general_facility") >= 0)
    )


class HelpSeekers:
    """The month's help-seeking groups, found in one compiled pass over the residents.

    Adults outside the adult pathway who want tailored help (``candidates``),
    households believing in an old contribution regime (``stale``), adults who might
    walk into a general facility (``walkers``, before the adults' requests: see
    ``voorveld_use``) and youths with a problem and no help yet (``youths``): what
    ``adult_help_seeking``, ``learn_regime``, ``voorveld_use`` and
    ``youth_help_seeking`` find themselves when not given these.
    """

    def __init__(self, ctx: Context) -> None:
        people, values = ctx.people, ctx.params
        thresholds = np.array(
            [
                values["adult_needs.full_household_hours"],
                values["access.hh_min_hours"],
                values["access.support_threshold"] * 0.8,
                values["adult_needs.aids_threshold"],
                values["general.mild_limit"],
            ],
            dtype=np.float32,
        )
        groups = access_kernels.help_seeking_groups(
            *_adult_fields(people),
            people.view("services"),
            people.view("waiting"),
            people.view("need_hh"),
            people.view("need_support"),
            people.view("informal_hh_hours"),
            *_pathway_fields(people),
            people.view("overburdened"),
            people.view("youth_severity"),
            people.view("poh_until"),
            people.view("believed_regime"),
            REGIME_CODES[values["contribution.regime"]],
            thresholds,
            1 << Product.HH,
            SUPPORT_BITS,
            1 << Product.AIDS,
            YOUTH_MASK,
        )
        self.candidates = groups[access_kernels.CANDIDATE]
        self.stale = groups[access_kernels.STALE]
        self.walkers = groups[access_kernels.WALKER]
        self.youths = groups[access_kernels.YOUTH]


def adult_help_seeking(
    ctx: Context,
    to_access: ToAccess,
    chance: float | None = None,
    seekers: HelpSeekers | None = None,
) -> None:
    """Adults with an unmet need ask for help; price deters some.

    Applicants the general facilities do not take go ``to_access`` (the queue, or at
    the start an assessment at once); ``chance`` overrides the monthly probability.
    ``seekers``: the month's groups, if already found (else found here).
    """
    people, values = ctx.people, ctx.params
    if seekers is not None:
        adult_seekers(ctx, to_access, chance, seekers.candidates, seekers.stale, seekers.walkers)
        return
    # One compiled pass: adults outside the pathway wanting HH, support or aids (the
    # thresholds as float32, as numpy compared them with the float32 needs).
    candidates = adult_candidates(
        *_adult_fields(people),
        people.view("services"),
        people.view("waiting"),
        people.view("need_hh"),
        people.view("need_support"),
        people.view("informal_hh_hours"),
        *_pathway_fields(people),
        np.float32(values["adult_needs.full_household_hours"]),
        np.float32(values["access.hh_min_hours"]),
        np.float32(values["access.support_threshold"] * 0.8),
        np.float32(values["adult_needs.aids_threshold"]),
        1 << Product.HH,
        SUPPORT_BITS,
        1 << Product.AIDS,
    )
    adult_seekers(ctx, to_access, chance, candidates)
    voorveld_use(ctx)


def adult_seekers(
    ctx: Context,
    to_access: ToAccess,
    chance: float | None,
    candidates: np.ndarray,
    stale: np.ndarray | None = None,
    walkers: np.ndarray | None = None,
) -> None:
    """Candidates ask for help with the month's chance; price deters some (see above).

    Given ``walkers`` (``HelpSeekers``: found before the requests), the voorveld's
    walk-ins (``voorveld_use``) ask the general facilities in the same call, after the
    applicants: the walkers who applied are in the adult pathway by then (``to_access``
    must put them there, as the queue does), and no one else entered it.
    """
    people, values = ctx.people, ctx.params
    chance = values["adult_needs.help_seeking"] if chance is None else chance
    learn_regime(ctx, stale)
    seekers = candidates[people.draw("seek.adult", candidates) < chance]
    # The contribution weighs on household help (support is often unaffordable
    # privately). Households with private help weigh it again: a cheaper Wmo draws them
    # in (as the 2019 flat fee did for middle and high incomes).
    income = people.income[seekers]
    held = people.services[seekers] | people.waiting[seekers]
    unmet_hh_hours = unmet_household_hours(people, values, seekers)
    wants_hh = (unmet_hh_hours >= values["access.hh_min_hours"]) & (held & (1 << Product.HH) == 0)
    wants_support = (people.need_support[seekers] >= values["access.support_threshold"] * 0.8) & (
        held & SUPPORT_BITS == 0
    )
    hours = np.maximum(unmet_hh_hours, 0.0)
    deterred = wants_hh & ~wants_support & price_deters(ctx, seekers, hours)
    people.believed_regime[seekers[~deterred]] = REGIME_CODES[values["contribution.regime"]]
    private_chance = _by_income(
        values,
        "contribution.private_help_low",
        "contribution.private_help_middle",
        "contribution.private_help_high",
    )[income]
    buys = deterred & (people.draw("seek.private", seekers) < private_chance)
    people.private_help[seekers[buys]] = True
    applicants = seekers[~deterred]
    ctx.flows["adult_applications"] += len(applicants)
    mild = (
        np.maximum(people.need_hh[applicants], people.need_support[applicants])
        < values["general.mild_limit"]
    )
    joined = np.zeros(len(applicants), dtype=bool)
    if walkers is None:
        serves = ctx.facilities.need_kind(applicants)
        joined[mild] = ctx.facilities.offer(applicants[mild], serves[mild], ctx.tick)
    else:
        walkers = walkers[~_members(walkers, applicants)]
        walkers = walkers[people.draw("voorveld", walkers) < values["adult_needs.help_seeking"]]
        asking = np.concatenate([applicants[mild], walkers])
        serves = ctx.facilities.need_kind(asking)
        serves[len(asking) - len(walkers) :][people.overburdened[walkers]] = CARER
        taken = ctx.facilities.offer(asking, serves, ctx.tick)
        joined[mild] = taken[: len(asking) - len(walkers)]
    to_access(applicants[~joined])


def _members(ids: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Mask of ``ids`` that occur in ``sorted_ids`` (ascending)."""
    if len(sorted_ids) == 0:
        return np.zeros(len(ids), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return sorted_ids[at] == ids


SUPPORT_BITS = (1 << Product.SUPPORT) | (1 << Product.DAYCARE)


def _adult_fields(people: Residents) -> tuple[np.ndarray, ...]:
    """The fields that say who is a living adult (alive, in the Wlz, age in years)."""
    return people.view("alive"), people.view("in_wlz"), people.age_years


def _pathway_fields(people: Residents) -> tuple[np.ndarray, ...]:
    """The fields that say who is in the adult pathway (``in_adult_pathway``)."""
    return (
        people.view("access_waiting"),
        people.view("light_until"),
        people.view("general_facility"),
    )


def voorveld_use(ctx: Context) -> None:
    """Residents with a mild need, and overburdened carers, walk into general facilities.

    No assessment: whoever knows a facility with a free place joins (reach decides).
    Mild needs below the thresholds for tailored care, and carers who need support
    (mantelzorgondersteuning), are the voorveld's own public.
    """
    people, values = ctx.people, ctx.params
    # Free adults (outside the adult pathway) with a mild need, or overburdened carers.
    walkers = voorveld_walkers(
        *_adult_fields(people),
        *_pathway_fields(people),
        people.view("need_hh"),
        people.view("need_support"),
        people.view("overburdened"),
        np.float32(values["general.mild_limit"]),
    )
    walkers = walkers[people.draw("voorveld", walkers) < values["adult_needs.help_seeking"]]
    serves = np.where(people.overburdened[walkers], CARER, ctx.facilities.need_kind(walkers))
    ctx.facilities.offer(walkers, serves, ctx.tick)


def youth_help_seeking(
    ctx: Context,
    to_access: ToAccess,
    chance: float | None = None,
    referrals: YouthReferrals | None = None,
    seekers: HelpSeekers | None = None,
) -> None:
    """Families seek help for a youth problem; the route decides the referrer.

    Given ``referrals``, the referrals are collected there and the caller grants them
    (after ``to_access``, which then must not grant youth care itself); without, the
    referrals before the access team are granted before ``to_access`` and the GP's after.
    """
    people, values = ctx.people, ctx.params
    seek_threshold = values["youth_needs.seek_threshold"]
    severity = people.view("youth_severity")
    young = (
        seekers.youths
        if seekers is not None
        else unhelped_youths(
            *_adult_fields(people),
            severity,
            people.view("services"),
            people.view("waiting"),
            YOUTH_MASK,
            people.view("access_waiting"),
            people.view("poh_until"),
            people.view("general_facility"),
            people.view("light_until"),
        )
    )
    practice_threshold = np.array(
        [
            p.seek_threshold if p.seek_threshold is not None else seek_threshold
            for p in ctx.practices
        ]
    )
    # Light questions walk in to youth work (voorveld), POH or not.
    walk_in = young[severity[young] < seek_threshold]
    walk_in = walk_in[people.draw("voorveld.youth", walk_in) < values["youth_needs.help_seeking"]]
    joined = ctx.facilities.offer(walk_in, YOUTH, ctx.tick)
    still = np.ones(len(young), dtype=bool)
    still[np.searchsorted(young, walk_in[joined])] = False
    # A practice with a POH lowers the threshold for its patients: families know the
    # practice has one (not whether its agenda is full this month).
    candidates = young[still & (severity[young] >= practice_threshold[people.gp[young]])]
    chance = values["youth_needs.help_seeking"] if chance is None else chance
    seekers = candidates[people.draw("seek.youth", candidates) < chance]
    r = people.draw("seek.route", seekers)
    for_poh = severity[seekers] < seek_threshold  # came for the POH, go nowhere else
    safety = people.youth_safety[seekers] & (r < 0.55) & ~for_poh
    specialist = (
        ~safety
        & ~for_poh
        & people.youth_disorder[seekers]
        & (people.draw("seek.specialist", seekers) < values["youth_needs.route_specialist"] * 3)
    )
    rest = ~safety & ~specialist
    gp = rest & ((r < values["youth_needs.route_gp"]) | for_poh)
    direct = rest & ~gp & (r < values["youth_needs.route_gp"] + values["youth_needs.route_direct"])
    access = rest & ~gp & ~direct
    ctx.flows["youth_help_seekers"] += len(seekers)
    collected = referrals is not None
    referrals = referrals if collected else YouthReferrals()
    referrals.add(seekers[safety], Referrer.GI)
    referrals.add(seekers[specialist], Referrer.SPECIALIST)
    referrals.add(seekers[direct], Referrer.NONE)
    if not collected:
        referrals.grant(ctx)  # before the access team: at the start it assesses at once
    to_access(seekers[access])
    gp_visit(ctx, seekers[gp], referrals)
    if not collected:
        referrals.grant(ctx)


def youth_product(ctx: Context, residents: np.ndarray) -> np.ndarray:
    """Which youth product fits: residential for the most severe, GGZ for disorders."""
    people, values = ctx.people, ctx.params
    draw = people.draw("youth.product", residents)
    severity = people.youth_severity[residents]
    residential = (
        (severity > 0.6)
        & (draw < values["providers.residential_share"] * 4)
        & (people.youth_safety[residents] | people.environment_cannot_cope[residents])
    )
    ggz = ~residential & (people.youth_disorder[residents] | (severity > 0.5))
    return np.where(
        residential,
        Product.YOUTH_RESIDENTIAL,
        np.where(ggz, Product.YOUTH_GGZ, Product.YOUTH_AMBULANT),
    )


def refer_to_youth_care(
    ctx: Context, residents: np.ndarray, referrer: Referrer | np.ndarray, duration_factor=1.0
) -> None:
    """Grant tailored youth care with a planned trajectory length."""
    if len(residents) == 0:
        return
    _grant_youth_care(ctx, residents, referrer, duration_factor)


class YouthReferrals:
    """Referrals to youth care collected over a phase and granted together, per product.

    A grant appends its residents to the product's caseload in call order, so granting
    the concatenated groups once per product leaves the same rows in the same order as
    granting each group at once (``refer_to_youth_care``): the product, length and
    draws of a referral depend on the resident alone. Granting only at ``grant`` saves
    a grant call per group and product, as long as nothing in between reads the youth
    caseloads or a referred youth's severity.
    """

    def __init__(self) -> None:
        self._groups: list[tuple[np.ndarray, int, float]] = []

    def add(self, residents: np.ndarray, referrer: Referrer, duration_factor: float = 1.0) -> None:
        """Refer a group (one referrer, one duration factor) when ``grant`` is called."""
        if len(residents):
            self._groups.append((residents, int(referrer), float(duration_factor)))

    def grant(self, ctx: Context) -> None:
        """Grant every referral collected so far, in the order they were added."""
        if not self._groups:
            return
        groups, self._groups = self._groups, []
        if len(groups) == 1:
            residents, referrer, factor = groups[0]
            _grant_youth_care(ctx, residents, referrer, factor)
            return
        sizes = [len(group[0]) for group in groups]
        _grant_youth_care(
            ctx,
            np.concatenate([group[0] for group in groups]),
            np.repeat(np.array([group[1] for group in groups], dtype=np.int8), sizes),
            np.repeat(np.array([group[2] for group in groups]), sizes),
        )


def _grant_youth_care(
    ctx: Context,
    residents: np.ndarray,
    referrer: Referrer | int | np.ndarray,
    duration_factor: float | np.ndarray,
) -> None:
    """Grant tailored youth care with a planned trajectory length, one grant per product."""
    values = ctx.params
    products = youth_product(ctx, residents)
    median = values["providers.youth_duration_median_months"]
    months = median * np.exp(
        values["providers.youth_duration_sigma"] * ctx.people.normal("youth.duration", residents)
    )
    counts = np.bincount(products, minlength=len(PRODUCTS))
    for product in YOUTH_PRODUCTS:  # in product order, as np.unique gave them
        if not counts[product]:
            continue
        chosen = products == product
        funding = ctx.services.providers[product][0].funding
        factor = duration_factor[chosen] if np.ndim(duration_factor) else duration_factor
        ctx.services.grant(
            product,
            residents[chosen],
            ctx.tick,
            units=1.0,
            months=months[chosen] * funding.duration * factor,
            referrer=referrer[chosen] if np.ndim(referrer) else referrer,
        )


def demarcation_allows(ctx: Context, residents: np.ndarray, strictness: float) -> np.ndarray:
    """Commissie van Wijzen: tailored youth care only on one of the three criteria.

    1. established safety concerns; 2. an established disorder with an environment
    that cannot cope; 3. without help the child cannot take part in society.
    ``strictness`` is the chance the criteria are applied to a decision.
    """
    people = ctx.people
    if strictness <= 0 or len(residents) == 0:
        return np.ones(len(residents), dtype=bool)
    criteria = (
        people.youth_safety[residents]
        | (people.youth_disorder[residents] & people.environment_cannot_cope[residents])
        | people.cannot_participate[residents]
    )
    applied = people.draw("demarcation", residents) < strictness
    return criteria | ~applied


def refused_youth(ctx: Context, residents: np.ndarray) -> None:
    """Youths refused tailored care go where the demarcation policy sends them."""
    if len(residents) == 0:
        return
    route = ctx.rules.youth_refused_route
    ctx.flows["youth_refused"] += len(residents)
    if route == "general":
        joined = ctx.facilities.offer(residents, YOUTH, ctx.tick)
        residents = residents[~joined]
        route = "light"  # no place: the team's own light support, if it has room
    if route == "light":
        ctx.light_support.offer(residents, ctx.tick)


def gp_visit(ctx: Context, youths: np.ndarray, referrals: YouthReferrals | None = None) -> None:
    """The GP (with POH-GGZ where present) helps, refers or advises.

    Without a POH the GP refers a share (``referral_propensity``) and advises the rest.
    The POH sees youths while its monthly capacity lasts and helps a share without
    referral, more often for mild problems; the others are referred as before. Youths
    below the families' usual threshold (who came only because the practice has a
    POH) are referred less often, in proportion to their severity.
    """
    if len(youths) == 0:
        return
    people, values = ctx.people, ctx.params
    draw = people.draw("gp.poh_helps", youths)
    refer_draw = people.draw("gp.refers", youths)
    gp_of = people.gp[youths]
    seen = np.zeros(len(youths), dtype=bool)
    for practice in (p for p in ctx.practices if p.poh_free > 0):
        arriving = np.flatnonzero(gp_of == practice.index)
        if len(arriving):
            taken, _ = practice.take_poh_cases(arriving)
            seen[taken] = True
    severity = people.youth_severity[youths]
    help_chance = np.where(
        severity < 0.35,
        values["gp.poh_help_mild"],
        np.where(severity < 0.6, values["gp.poh_help_moderate"], values["gp.poh_help_severe"]),
    )
    helped = seen & (draw < help_chance)
    poh_helped = youths[helped]
    people.poh_until[poh_helped] = ctx.tick + 2
    people.youth_severity[poh_helped] *= 0.5
    practices = len(ctx.practices)
    helped_per_practice = np.bincount(gp_of[helped], minlength=practices)
    propensity = np.array([p.referral_propensity for p in ctx.practices])[gp_of]
    # Whoever the POH does not help is referred as the GP sees fit - also youths who
    # came only because the practice's POH lowered the threshold: the GP (or the POH)
    # now sees their problem and refers some of it, the lighter the less (the chance
    # scales with severity up to the families' usual threshold). This is the leak of
    # BRIEF pattern 3; see policies/poh_ggz.py for the sizes.
    usual = values["youth_needs.seek_threshold"]
    if usual > 0:
        propensity = propensity * np.clip(severity / usual, 0.0, 1.0)
    refers = ~helped & (refer_draw < propensity)
    strictness = ctx.rules.youth_demarcation * ctx.rules.gp_demarcation_compliance
    allowed = demarcation_allows(ctx, youths, strictness)
    refused_youth(ctx, youths[refers & ~allowed])
    refers &= allowed
    referred = youths[refers]
    referred_per_practice = np.bincount(gp_of[refers], minlength=practices)
    counted = np.flatnonzero(helped_per_practice | referred_per_practice)
    for index, helped_here, referred_here in zip(
        counted.tolist(),
        helped_per_practice[counted].tolist(),
        referred_per_practice[counted].tolist(),
        strict=True,
    ):
        practice = ctx.practices[index]
        practice.helped_by_poh += helped_here
        practice.referred += referred_here
    ctx.flows["poh_seen"] += int(seen.sum())
    ctx.flows["poh_helped"] += int(helped.sum())
    if referrals is None:
        refer_to_youth_care(ctx, referred, Referrer.GP)
    else:
        referrals.add(referred, Referrer.GP)  # granted by the caller

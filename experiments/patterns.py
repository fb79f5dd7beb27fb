"""The ten patterns of BRIEF section 5 as small paired experiments (pattern-oriented modelling).

Each pattern is a causal claim from the documents or from national evidence. Here each
one becomes a small experiment on the model's own levers and registry parameters:
a status quo arm and one or more changed arms, run with the same seeds on the same
preset (common random numbers), so that the paired difference per seed shows what
the mechanism does. A pattern reports its expected direction (from the sources), the
measured effect (mean over seeds) and whether it holds: the direction and a plausible
size. The validation report renders the results; ``tests/test_patterns.py`` states
them as tests.

Arms are cached within one ``run_patterns`` call, so the status quo is run once per
seed for all patterns. Some quantities have no recorded indicator (trajectory lengths
per provider, the care leavers' cohort, spending per household); the runner steps the
model itself and reads them from the model's state with small probes, without
changing the model.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from agents.products import PRODUCTS, WEEKS_PER_MONTH, WMO_MASK, YOUTH_MASK, Product
from agents.residents import INCOME_HIGH, INCOME_LOW, INCOME_MIDDLE
from experiments.lifetime import worker_pool
from model.aggregate import yearly
from model.results import to_table

INCOME_CLASSES = {"low": INCOME_LOW, "mid": INCOME_MIDDLE, "high": INCOME_HIGH}
FOLLOW_UP_MONTHS = 24  # how long the care leavers of pattern 7 are followed


@dataclass(frozen=True)
class PatternResult:
    """One pattern's experiment: what the sources expect, what the model does."""

    number: int
    title: str
    title_nl: str
    expected: str
    measured: str
    effect: float
    unit: str
    holds: bool


# -- arms and their runs ------------------------------------------------------------------
@dataclass(frozen=True)
class Arm:
    """One configuration of an experiment: levers with parameters and registry overrides.

    Stored as sorted tuples so that an arm is hashable (the cache key of its runs).
    """

    policies: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    overrides: tuple[tuple[str, Any], ...] = ()

    @staticmethod
    def of(
        policies: Mapping[str, Mapping[str, Any]] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Arm:
        """An arm from plain mappings."""
        pol = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (policies or {}).items()))
        return Arm(pol, tuple(sorted((overrides or {}).items())))


STATUS_QUO = Arm()


@dataclass
class ArmRun:
    """What one run of one arm gives: yearly figures, the month's extra flows, probes."""

    years: dict[str, np.ndarray]  # yearly() of the recorded series (flows summed)
    flows: dict[str, np.ndarray]  # per year: the context's flow counters (e.g. access_light)
    probes: dict[str, Any] = field(default_factory=dict)

    def last(self, name: str) -> float:
        """The last recorded year's figure."""
        return float(self.years[name][-1])

    def mean(self, name: str) -> float:
        """The mean of the yearly figures over the horizon."""
        return float(np.mean(self.years[name]))

    def flow(self, name: str) -> float:
        """A context flow per year, averaged over the horizon (0 if the model lacks it)."""
        values = self.flows.get(name)
        return float(np.mean(values)) if values is not None else 0.0

    def has(self, name: str) -> bool:
        """Whether the run recorded this indicator."""
        return name in self.years


def _household_cost(ctx) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The month's cost of every active indication at tariff: (household, product bit, EUR)."""
    services = ctx.services
    households, bits, costs = [], [], []
    for product, info in PRODUCTS.items():
        caseload = services.caseloads[product]
        active = caseload.active
        if not active.any():
            continue
        providers = services.providers[product]
        tariff = np.array([p.tariff for p in providers]) * services.tariff_factor
        intensity = np.array([p.funding.intensity for p in providers])
        provider = caseload["provider"][active]
        units = caseload["units"][active].astype(np.float64) * intensity[provider]
        if not info.monthly_tariff:
            units = units * WEEKS_PER_MONTH
        residents = caseload["resident"][active]
        households.append(ctx.people.household[residents].astype(np.int64))
        bits.append(np.full(len(residents), 1 << int(product), dtype=np.int64))
        costs.append(units * tariff[provider])
    if not households:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(households), np.concatenate(bits), np.concatenate(costs)


class _Probes:
    """Reads quantities without an indicator from the model's state, month by month."""

    def __init__(self, model) -> None:
        self.model = model
        ctx = model.ctx
        self.cohorts: list[dict[str, Any]] = []  # 18th birthdays, followed for two years
        self.hh_cost = np.zeros(0)
        self.hh_bits = np.zeros(0, dtype=np.int64)
        self.hh_by_income: list[list[int]] = []
        self.invoiced: list[float] = []  # true provider spending per month (what is booked)
        # Lengths of youth trajectories that started after the run began (the switch of a
        # measure) and ended within it: trajectories begun under the old regime excluded.
        self.youth_new_durations: list[np.ndarray] = []
        self.turned_away_start = sum(f.turned_away for f in ctx.facilities.items)

    def before(self) -> None:
        """Before the month: who turns 18 this month, and are they in youth care."""
        people = self.model.ctx.people
        age_m = people.view("age_m")
        turning = np.flatnonzero(people.living() & (age_m == 18 * 12 - 1))
        in_care = ((people.services[turning] | people.waiting[turning]) & YOUTH_MASK) != 0
        self.cohorts.append(
            {"ids": turning, "in_care": in_care, "ended": None, "wmo": None, "months": 0}
        )

    def after(self, month: int, months: int) -> None:
        """After the month: the care leavers' Wmo use, HH by income, spending per household."""
        ctx = self.model.ctx
        people = ctx.people
        ended = ctx.services.flows.youth_ended_durations
        if ended:
            durations = np.concatenate(ended)
            self.youth_new_durations.append(durations[durations <= month])
        for cohort in self.cohorts:
            if cohort["months"] >= FOLLOW_UP_MONTHS:
                continue
            ids = cohort["ids"]
            bits = people.services[ids] | people.waiting[ids]
            alive = people.alive[ids]
            if cohort["ended"] is None:  # the birthday month itself
                cohort["ended"] = cohort["in_care"] & ((bits & YOUTH_MASK) == 0)
                cohort["wmo"] = np.zeros(len(ids), dtype=bool)
            cohort["wmo"] |= alive & ((bits & WMO_MASK) != 0)
            cohort["months"] += 1
        hh = (people.view("services") & (1 << Product.HH)) != 0
        income = people.view("income")
        self.invoiced.append(sum(ctx.services.flows.spend.values()))
        self.hh_by_income.append([int((hh & (income == c)).sum()) for c in INCOME_CLASSES.values()])
        if month > months - 12:
            households, product_bits, cost = _household_cost(ctx)
            size = int(people.view("household").max()) + 1
            if len(self.hh_cost) < size:
                self.hh_cost = np.concatenate([self.hh_cost, np.zeros(size - len(self.hh_cost))])
                self.hh_bits = np.concatenate(
                    [self.hh_bits, np.zeros(size - len(self.hh_bits), dtype=np.int64)]
                )
            np.add.at(self.hh_cost, households, cost)
            np.bitwise_or.at(self.hh_bits, households, product_bits)

    def result(self) -> dict[str, Any]:
        """The probes' figures for this run."""
        ctx = self.model.ctx
        return {
            "youth_new_durations": np.concatenate(self.youth_new_durations or [np.zeros(0)]),
            "leavers": self._leavers(),
            "concentration": self._concentration(),
            "hh_by_income": np.array(self.hh_by_income, dtype=float),
            "turned_away": sum(f.turned_away for f in ctx.facilities.items)
            - self.turned_away_start,
            "outstanding_eur": ctx.municipality.outstanding,
            "dashboard": self._dashboard(),
        }

    def _dashboard(self) -> dict[str, float]:
        """What the dashboard shows at the end for the last quarter, by the model's own ledger.

        The municipality spreads each month's spending over later months by its lag
        shares; at the end of the horizon a month ``k`` months back has been declared for
        the first ``k + 1`` shares. Attributing declarations to the month of care gives
        the dashboard's view of recent months.
        """
        true = np.asarray(self.invoiced)
        seen_share = np.cumsum(self.model.ctx.municipality.lag_shares)
        back = np.arange(len(true))[::-1]  # months before the last month
        seen = true * seen_share[np.minimum(back, len(seen_share) - 1)]
        return {
            "last_quarter_true": float(true[-3:].sum()),
            "last_quarter_seen": float(seen[-3:].sum()),
            "last_year_true": float(true[-12:].sum()),
            "last_year_seen": float(seen[-12:].sum()),
        }

    def _leavers(self) -> dict[str, int]:
        """18-year-olds: whose youth care ended, and who entered the Wmo within the follow-up."""
        counts = {"in_care": 0, "ended": 0, "ended_wmo": 0, "peers": 0, "peers_wmo": 0}
        for cohort in self.cohorts:
            if cohort["months"] < FOLLOW_UP_MONTHS:
                continue
            in_care, ended, wmo = cohort["in_care"], cohort["ended"], cohort["wmo"]
            counts["in_care"] += int(in_care.sum())
            counts["ended"] += int(ended.sum())
            counts["ended_wmo"] += int((ended & wmo).sum())
            counts["peers"] += int((~in_care).sum())
            counts["peers_wmo"] += int((~in_care & wmo).sum())
        return counts

    def _concentration(self) -> dict[str, float]:
        """Share of a year's tailored spending by the costliest 10% of user households."""
        cost = self.hh_cost
        users = np.flatnonzero(cost > 0)
        if len(users) < 10:
            return {"top10_share": math.nan, "multi_top": math.nan, "multi_rest": math.nan}
        order = users[np.argsort(cost[users])[::-1]]
        top = order[: max(len(order) // 10, 1)]
        rest = order[len(top) :]
        # Care services are trajectories: aids and home adaptations are provisions that
        # many older households hold beside housekeeping help, not a second service.
        bits = self.hh_bits[order] & ~np.int64(1 << Product.AIDS)
        services = np.array([int(b).bit_count() for b in bits])
        multi = services >= 2
        both = ((bits & YOUTH_MASK) != 0) & ((bits & WMO_MASK) != 0)
        return {
            "top10_share": float(cost[top].sum() / cost[users].sum()),
            "multi_top": float(multi[: len(top)].mean()),
            "multi_rest": float(multi[len(top) :].mean()) if len(rest) else math.nan,
            "both_top": float(both[: len(top)].mean()),
            "both_rest": float(both[len(top) :].mean()) if len(rest) else math.nan,
            "households": float(len(users)),
        }


def run_arm(preset: str, residents: int, years: int, seed: int, arm: Arm) -> ArmRun:
    """Build, run and probe one model; picklable for worker processes."""
    from model.care_model import CareModel

    model = CareModel(
        preset=preset,
        residents=residents,
        years=years,
        rng=seed,
        policies={name: dict(values) for name, values in arm.policies},
        overrides=dict(arm.overrides) or None,
    )
    probes = _Probes(model)
    months = years * 12
    flows: dict[str, list[float]] = {}
    for month in range(1, months + 1):
        probes.before()
        model.step()
        for key in model.ctx.flows:
            flows.setdefault(key, [0.0] * (month - 1))
        for key, series in flows.items():
            series.append(float(model.ctx.flows.get(key, 0.0)))
        probes.after(month, months)
    by_year = {k: np.asarray(v).reshape(years, 12).sum(axis=1) for k, v in flows.items()}
    return ArmRun(yearly(to_table(model.records)), by_year, probes.result())


class Lab:
    """Runs arms for all seeds once, in parallel when asked, and keeps them for all patterns."""

    def __init__(
        self, preset: str, residents: int, years: int, seeds: Sequence[int], workers: int = 1
    ) -> None:
        self.preset, self.residents, self.years = preset, residents, years
        self.seeds = tuple(seeds)
        self.workers = workers
        self.cache: dict[Arm, list[ArmRun]] = {}

    def prefetch(self, arms: Sequence[Arm]) -> None:
        """Run the arms not yet cached (all seeds), in worker processes if allowed."""
        todo = [a for a in dict.fromkeys(arms) if a not in self.cache]
        jobs = [(a, s) for a in todo for s in self.seeds]
        if not jobs:
            return
        args = [(self.preset, self.residents, self.years, s, a) for a, s in jobs]
        if self.workers > 1 and len(jobs) > 1:
            with worker_pool(min(self.workers, len(jobs)), ["experiments.patterns"]) as pool:
                runs = list(pool.map(run_arm, *zip(*args, strict=True)))
        else:
            runs = [run_arm(*a) for a in args]
        for arm in todo:
            self.cache[arm] = [r for (a, _), r in zip(jobs, runs, strict=True) if a == arm]

    def runs(self, arm: Arm) -> list[ArmRun]:
        """The arm's runs, one per seed (same order as the seeds)."""
        self.prefetch([arm])
        return self.cache[arm]


def _paired(
    lab: Lab, base: Arm, changed: Arm, value: Callable[[ArmRun], float]
) -> tuple[float, float, float]:
    """Mean over seeds of a figure in both arms and its mean paired relative change."""
    b = np.array([value(r) for r in lab.runs(base)])
    c = np.array([value(r) for r in lab.runs(changed)])
    rel = np.where(b != 0, (c - b) / np.where(b != 0, b, 1), np.nan)
    return (
        float(b.mean()),
        float(c.mean()),
        float(np.nanmean(rel)) if np.isfinite(rel).any() else math.nan,
    )


def _pct(x: float) -> str:
    return f"{100 * x:+.1f}%" if math.isfinite(x) else "n/a"


def _mean(lab: Lab, arm: Arm, value: Callable[[ArmRun], float]) -> float:
    return float(np.mean([value(r) for r in lab.runs(arm)]))


def _tailored_spend(r: ArmRun) -> float:
    return r.mean("spend_wmo_eur") + r.mean("spend_youth_eur")


# -- the patterns ------------------------------------------------------------------------
def _p1_arms(lab: Lab) -> list[Arm]:
    fte = float(_registry_default("access.fte_per_10000", lab.preset))
    cut = Arm.of(overrides={"access.fte_per_10000": fte * 2 / 3})
    managed = Arm.of(
        policies={"case_management": {"extra_fte_per_10000": fte / 3, "intensity": 1.0}},
        overrides={"access.fte_per_10000": fte * 2 / 3},
    )
    return [cut, managed, STATUS_QUO]


def _registry_default(name: str, preset: str) -> Any:
    from model.params import resolve_profile

    return resolve_profile(preset, None).values[name]


def pattern_1(lab: Lab) -> PatternResult:
    """Front-door overload: a third less access FTE, and case management restoring it."""
    cut, managed, base = _p1_arms(lab)
    w0, w1, _ = _paired(lab, base, cut, lambda r: r.mean("wait_weeks_access"))
    _, _, d_rev = _paired(lab, base, cut, lambda r: r.mean("reviews"))
    _, _, d_light = _paired(lab, base, cut, lambda r: r.flow("access_light"))
    _, _, d_spend = _paired(lab, base, cut, _tailored_spend)
    _, _, d_hours = _paired(lab, base, cut, lambda r: r.mean("hh_hours_mean"))
    wm = _mean(lab, managed, lambda r: r.mean("wait_weeks_access"))
    _, _, m_spend = _paired(lab, cut, managed, _tailored_spend)
    _, _, m_rev = _paired(lab, cut, managed, lambda r: r.mean("reviews"))
    holds = (
        w1 - w0 >= 1.0
        and d_rev <= -0.15
        and d_light < 0
        and d_hours > 0
        and 0.005 <= d_spend <= 0.25
        and wm < w1
        and m_rev > 0
        and m_spend < 0
    )
    return PatternResult(
        1,
        "Front-door overload",
        "Overbelaste toegang",
        "Cutting the access team's FTE by a third lengthens the wait for an assessment by "
        "at least a week, cuts reviews of running indications by 15% or more, gives fewer "
        "light solutions and heavier HH indications, and raises tailored spending "
        "(0.5-25%); case management that "
        "restores the FTE reverses this through the same mechanisms (shorter wait, more "
        "reviews, lower tailored spending).",
        f"With a third less FTE the wait goes from {w0:.1f} to {w1:.1f} weeks, reviews change "
        f"by {_pct(d_rev)}, light solutions by {_pct(d_light)}, HH hours per client by "
        f"{_pct(d_hours)} and tailored spending by {_pct(d_spend)}. Case management restoring "
        f"the FTE brings the wait to {wm:.1f} weeks, changes reviews by {_pct(m_rev)} and "
        f"tailored spending by {_pct(m_spend)} against the cut team.",
        100 * d_spend,
        "% tailored spending",
        holds,
    )


def _income_hh(r: ArmRun) -> tuple[dict[str, float], bool]:
    """HH clients by income class in the last year: the recorded indicators or the probe."""
    names = {k: f"clients_hh_income_{k}" for k in INCOME_CLASSES}
    if all(r.has(n) for n in names.values()):
        return {k: r.last(n) for k, n in names.items()}, True
    months = r.probes["hh_by_income"][-12:]
    return dict(zip(INCOME_CLASSES, months.mean(axis=0), strict=True)), False


def _p2_arms(lab: Lab) -> list[Arm]:
    # The status quo is the flat fee (the lever's declared zero dose), so it is the flat arm.
    return [Arm.of(policies={"contribution": {"regime": "income"}}), STATUS_QUO]


def pattern_2(lab: Lab) -> PatternResult:
    """Price matters: the flat fee against an income-dependent contribution."""
    income, flat = _p2_arms(lab)
    lab.prefetch([income, flat])
    rel, recorded = {}, True
    for k in INCOME_CLASSES:
        b = np.array([_income_hh(r)[0][k] for r in lab.runs(income)])
        c = np.array([_income_hh(r)[0][k] for r in lab.runs(flat)])
        rel[k] = float(np.mean((c - b) / np.maximum(b, 1)))
        recorded = recorded and all(_income_hh(r)[1] for r in lab.runs(flat))
    _, _, total = _paired(lab, income, flat, lambda r: r.last("clients_hh"))
    source = (
        "recorded indicators clients_hh_income_*"
        if recorded
        else "HH clients counted by income class from the model state (the clients_hh_income_* "
        "indicators are not recorded yet)"
    )
    holds = (
        rel["high"] >= 0.2
        and rel["mid"] >= 0.1
        and -0.05 <= rel["low"] <= 0.15
        and min(rel["high"], rel["mid"]) - rel["low"] >= 0.1
    )
    return PatternResult(
        2,
        "Price matters",
        "De prijs telt",
        "Under the flat fee instead of an income-dependent contribution, HH clients with "
        "high incomes are at least 20% more and middle incomes at least 10% more, while "
        "low incomes barely change (-5% to +15%); after the flat fee of 2019 CBS saw "
        "incomes over EUR 40k about double, EUR 20-40k +2/3 and under EUR 20k +5%.",
        f"In the last year the flat fee has {_pct(rel['low'])} HH clients with low, "
        f"{_pct(rel['mid'])} with middle and {_pct(rel['high'])} with high incomes "
        f"({_pct(total)} in total) against the income-dependent contribution ({source}).",
        100 * rel["high"],
        "% HH clients, high incomes",
        holds,
    )


def _p3_arms(lab: Lab) -> list[Arm]:
    return [
        STATUS_QUO,
        Arm.of(policies={"poh_ggz": {"coverage": 1.0, "threshold_drop": 0.0}}),
        Arm.of(policies={"poh_ggz": {"coverage": 1.0, "threshold_drop": 0.25}}),
    ]


def pattern_3(lab: Lab) -> PatternResult:
    """Substitution with a leak: POH-GGZ jeugd at low and high induced demand."""
    base, low, high = _p3_arms(lab)
    lab.prefetch([base, low, high])
    out = {}
    for name, arm in (("low", low), ("high", high)):
        seen = _mean(lab, arm, lambda r: r.mean("poh_seen"))
        helped = _mean(lab, arm, lambda r: r.mean("poh_helped"))
        _, _, d_youth = _paired(lab, base, arm, lambda r: r.mean("clients_youth"))
        starts = [
            sum(rb.mean(k) - ra.mean(k) for k in _YOUTH_STARTS)
            for rb, ra in zip(lab.runs(base), lab.runs(arm), strict=True)
        ]
        avoided = float(np.mean(starts))
        out[name] = (
            helped / seen if seen else math.nan,
            d_youth,
            avoided / helped if helped else math.nan,
        )
    share = out["low"][0]
    holds = (
        0.25 <= share <= 0.6
        and out["low"][1] < 0
        and out["high"][1] > out["low"][1]
        and -0.05 <= out["high"][1] <= 0.05
        and out["high"][2] < 0.5
    )
    return PatternResult(
        3,
        "Substitution with a leak",
        "Substitutie met een lek",
        "A POH-GGZ jeugd at every practice helps about 41% of the youths it sees without "
        "referral; with a low threshold drop youth care clients fall, but with a high one "
        "the induced demand offsets the substitution: youth clients within +-5% of the "
        "status quo (CPB 2020: no significant change) and fewer than half of the youths "
        "helped without referral show up as avoided youth-care starts.",
        f"The POH helps {_pct(share).lstrip('+')} of the youths it sees without referral. "
        f"Youth clients change by {_pct(out['low'][1])} at low and by {_pct(out['high'][1])} "
        f"at high induced demand; avoided youth-care starts per youth helped are "
        f"{out['low'][2]:.2f} and {out['high'][2]:.2f}.",
        100 * out["high"][1],
        "% youth clients at high induced demand",
        holds,
    )


_YOUTH_STARTS = (
    "youth_referrals_gp",
    "youth_referrals_access",
    "youth_referrals_other",
)


def _new_youth_length(r: ArmRun) -> float:
    """Mean length (months) of youth trajectories started and ended within the run."""
    durations = r.probes["youth_new_durations"]
    return float(durations.mean()) if len(durations) else math.nan


def _waiting(r: ArmRun) -> float:
    return r.mean("waiting_youth")


def _p4_arms(lab: Lab) -> list[Arm]:
    # The status quo is PxQ with four providers per product (the lever's zero dose).
    return [STATUS_QUO] + [
        Arm.of(policies={"funding_model": {"model": m, "domain": "youth", "providers": 4}})
        for m in ("lump_sum", "result")
    ]


def pattern_4(lab: Lab) -> PatternResult:
    """Funding shapes behaviour: PxQ against lump sum and result funding, all products."""
    pxq, lump, result = _p4_arms(lab)
    lab.prefetch([pxq, lump, result])

    d0, d_lump, rel_lump = _paired(lab, pxq, lump, _new_youth_length)
    _, d_res, rel_res = _paired(lab, pxq, result, _new_youth_length)
    w0 = _mean(lab, pxq, _waiting)
    w_lump = _mean(lab, lump, _waiting)
    w_res = _mean(lab, result, _waiting)
    holds = -0.4 <= rel_lump <= -0.05 and rel_res < 0 and w_lump > w0 + 1.0
    return PatternResult(
        4,
        "Funding shapes behaviour",
        "Bekostiging stuurt gedrag",
        "Switching youth care from PxQ to lump-sum funding shortens youth trajectories "
        "(5-40%) and creates waiting lists when demand exceeds the budgeted capacity; "
        "result funding ends trajectories when the result is reached (shorter too).",
        f"Mean length of youth trajectories started and ended after the switch: {d0:.1f} "
        f"months under PxQ, {d_lump:.1f} "
        f"under lump sum ({_pct(rel_lump)}) and {d_res:.1f} under result funding "
        f"({_pct(rel_res)}); youth waiting lists average {w0:.1f}, {w_lump:.1f} and "
        f"{w_res:.1f} youths.",
        100 * rel_lump,
        "% trajectory length (lump sum vs PxQ)",
        holds,
    )


def _p5_arms(lab: Lab) -> list[Arm]:
    return [STATUS_QUO, Arm.of(policies={"hh_norm": {}})]


def pattern_5(lab: Lab) -> PatternResult:
    """Ageing outruns norms: the HH norm framework lowers hours, clients keep rising."""
    norm = _p5_arms(lab)[1]
    lab.prefetch([STATUS_QUO, norm])
    h0, h1, d_hours = _paired(lab, STATUS_QUO, norm, lambda r: r.last("hh_hours_mean"))
    growth = [
        (r.last("clients_hh") / r.years["clients_hh"][0]) ** (1 / max(len(r.years["year"]) - 1, 1))
        - 1
        for r in lab.runs(norm)
    ]
    old = [
        r.last("residents_85_plus") / r.years["residents_85_plus"][0] - 1 for r in lab.runs(norm)
    ]
    g = float(np.mean(growth))
    holds = -0.4 <= d_hours <= -0.05 and 0.005 <= g <= 0.08
    return PatternResult(
        5,
        "Ageing outruns norms",
        "Vergrijzing loopt de normen voorbij",
        "The HH norm framework lowers the hours per client (5-40% fewer, as normative "
        "times replace professional judgement), but with double ageing the number of HH "
        "clients keeps rising (0.5-8% a year; CBS: Wmo users +23% in 2017-2024).",
        f"Under the norm framework HH hours per client are {h1:.2f} against {h0:.2f} a week "
        f"in the last year ({_pct(d_hours)}); HH clients grow {_pct(g)} a year while the 85+ "
        f"grow {_pct(float(np.mean(old)))} over the horizon.",
        100 * d_hours,
        "% HH hours per client",
        holds,
    )


def _carer_support_arm(lab: Lab, factor: float) -> Arm:
    """More carer-support places, the other facilities' places unchanged."""
    values = {
        k: _registry_default(k, lab.preset)
        for k in ("general.places_per_1000", "general.place_share_carer_support")
    }
    from agents.general_facility import FACILITY_TYPES

    shares = {
        t.share_param: float(_registry_default(t.share_param, lab.preset)) for t in FACILITY_TYPES
    }
    total = sum(shares.values())
    carer = values["general.place_share_carer_support"]
    # Weights must stay within [0, 1]: keep carer support's weight, divide the others'
    # by the factor, and scale the places so the other kinds keep their places.
    others = {k: v / factor for k, v in shares.items() if k != "general.place_share_carer_support"}
    new_total = carer + sum(others.values())
    return Arm.of(
        overrides={
            **others,
            "general.places_per_1000": values["general.places_per_1000"]
            * factor
            * new_total
            / total,
        }
    )


def _overburdened_share(r: ArmRun) -> float:
    return r.mean("overburdened_carers") / max(r.mean("informal_carers"), 1)


def _p6_arms(lab: Lab) -> list[Arm]:
    tol = float(_registry_default("network.carer_tolerance_hours", lab.preset))
    return [
        STATUS_QUO,
        Arm.of(overrides={"network.carer_tolerance_hours": tol * 0.7}),
        _carer_support_arm(lab, 4.0),
    ]


def pattern_6(lab: Lab) -> PatternResult:
    """Informal care is a buffer that breaks: lower carer tolerance, more carer support."""
    _, fragile, support = _p6_arms(lab)
    lab.prefetch([STATUS_QUO, fragile, support])
    s0 = _mean(lab, STATUS_QUO, _overburdened_share)
    s1 = _mean(lab, fragile, _overburdened_share)
    _, _, d_wmo = _paired(lab, STATUS_QUO, fragile, lambda r: r.last("clients_wmo"))
    _, _, d_support = _paired(lab, STATUS_QUO, support, lambda r: r.last("clients_wmo"))
    users = _mean(lab, support, lambda r: r.mean("users_carer_support"))
    holds = 0.1 <= s0 <= 0.3 and s1 > s0 and 0.01 <= d_wmo <= 0.2 and d_support < 0
    return PatternResult(
        6,
        "Informal care is a buffer that breaks",
        "Mantelzorg is een buffer die breekt",
        "In the status quo 10-30% of informal carers are overburdened (CBS: 19% heavily "
        "burdened); carers who bear 30% less break more often and formal Wmo demand "
        "rises (1-20% more Wmo clients); four times the carer-support places delay formal "
        "care (fewer Wmo clients).",
        f"{_pct(s0).lstrip('+')} of carers are overburdened in the status quo, "
        f"{_pct(s1).lstrip('+')} at 30% lower tolerance, which changes Wmo clients by "
        f"{_pct(d_wmo)}; four times the carer-support places ({users:.0f} users) change "
        f"them by {_pct(d_support)}.",
        100 * d_wmo,
        "% Wmo clients at lower carer tolerance",
        holds,
    )


def pattern_7(lab: Lab) -> PatternResult:
    """The 18th birthday: youth care ends; some young adults re-enter via the Wmo."""
    counts = {"in_care": 0, "ended": 0, "ended_wmo": 0, "peers": 0, "peers_wmo": 0}
    for r in lab.runs(STATUS_QUO):
        for k, v in r.probes["leavers"].items():
            counts[k] += v
    ended = counts["ended"] / counts["in_care"] if counts["in_care"] else math.nan
    reentry = counts["ended_wmo"] / counts["ended"] if counts["ended"] else math.nan
    peers = counts["peers_wmo"] / counts["peers"] if counts["peers"] else math.nan
    holds = ended >= 0.5 and 0.03 <= reentry <= 0.5 and reentry > 2 * peers
    return PatternResult(
        7,
        "The 18th birthday",
        "De 18e verjaardag",
        "For most youths in care (50% or more) youth care ends at 18; of them 3-50% enter "
        "the Wmo within two years, far more (over twice as often) than peers without youth "
        "care.",
        f"Of {counts['in_care']} youths in care at their 18th birthday (all seeds), "
        f"{_pct(ended).lstrip('+')} lose it; {_pct(reentry).lstrip('+')} of them enter the "
        f"Wmo within {FOLLOW_UP_MONTHS} months, against {_pct(peers).lstrip('+')} of "
        f"{counts['peers']} peers.",
        100 * reentry,
        "% of care leavers in the Wmo within 2 years",
        holds,
    )


def pattern_8(lab: Lab) -> PatternResult:
    """The dashboard lags: declared spending trails true spending."""
    lags, quarter, year = [], [], []
    for r in lab.runs(STATUS_QUO):
        d = r.probes["dashboard"]
        lags.append(r.probes["outstanding_eur"] / (d["last_year_true"] / 12))
        quarter.append(1 - d["last_quarter_seen"] / d["last_quarter_true"])
        year.append(1 - d["last_year_seen"] / d["last_year_true"])
    lag, gap_q, gap_y = float(np.mean(lags)), float(np.mean(quarter)), float(np.mean(year))
    holds = 1.0 <= lag <= 12.0 and 0.1 <= gap_q <= 0.9 and gap_y < gap_q
    return PatternResult(
        8,
        "The dashboard lags",
        "Het dashboard loopt achter",
        "Declared spending trails true spending by months (1-12 months of spending "
        "outstanding at any time), so the most recent months look cheaper than they are: "
        "at the end of the horizon the dashboard shows the last quarter 10-90% below its "
        "true spending, the whole last year less so.",
        f"At the end of the horizon {lag:.1f} months of care spending are delivered but not "
        f"declared; the dashboard shows the last quarter {_pct(gap_q).lstrip('+')} and the "
        f"last year {_pct(gap_y).lstrip('+')} below their true spending.",
        100 * gap_q,
        "% of the last quarter's spending not yet visible",
        holds,
    )


def pattern_9(lab: Lab) -> PatternResult:
    """Concentration: the costliest 10% of user households and their stacked services."""
    keys = ("top10_share", "multi_top", "multi_rest", "both_top", "both_rest")
    runs = [r.probes["concentration"] for r in lab.runs(STATUS_QUO)]
    share, top, rest, both_top, both_rest = (float(np.mean([c[k] for c in runs])) for k in keys)
    holds = 0.3 <= share <= 0.8 and top > rest + 0.1
    return PatternResult(
        9,
        "Concentration",
        "Concentratie",
        "The costliest 10% of households using tailored care account for 30-80% of its "
        "spending, and far more of them (at least 10 points) have several care services at "
        "once (aids and home adaptations are provisions, not counted as a service).",
        f"In the last year the costliest 10% of user households account for "
        f"{_pct(share).lstrip('+')} of tailored spending; {_pct(top).lstrip('+')} of them "
        f"have two or more care services, against {_pct(rest).lstrip('+')} of the others; "
        f"{_pct(both_top).lstrip('+')} combine youth care with Wmo care "
        f"(others {_pct(both_rest).lstrip('+')}).",
        100 * share,
        "% of tailored spending by the top 10% of households",
        holds,
    )


def _p10_arms(lab: Lab) -> list[Arm]:
    places = float(_registry_default("general.places_per_1000", lab.preset))
    return [STATUS_QUO, Arm.of(overrides={"general.places_per_1000": places / 2})]


def pattern_10(lab: Lab) -> PatternResult:
    """General services saturate: half the general places against the status quo."""
    fewer = _p10_arms(lab)[1]
    lab.prefetch([STATUS_QUO, fewer])
    diffs = []
    for b, c in zip(lab.runs(STATUS_QUO), lab.runs(fewer), strict=True):
        lost = b.mean("users_general") - c.mean("users_general")
        tailored = (c.mean("clients_wmo") + c.mean("clients_youth")) - (
            b.mean("clients_wmo") + b.mean("clients_youth")
        )
        unmet = c.mean("unmet_need") - b.mean("unmet_need")
        turned = (c.probes["turned_away"] - b.probes["turned_away"]) / len(b.years["year"])
        diffs.append((lost, tailored, unmet, turned))
    lost, tailored, unmet, turned = (float(x) for x in np.mean(diffs, axis=0))
    returned = (tailored + unmet) / lost if lost > 0 else math.nan
    holds = lost > 0 and tailored > 0 and unmet > -1.0 and 0.2 <= returned <= 1.5
    return PatternResult(
        10,
        "General services saturate",
        "Algemene voorzieningen raken vol",
        "With half the general places the facilities turn more residents away, and at "
        "least a fifth of the lost general users return as tailored clients or as unmet "
        "need (tailored clients rise; unmet need does not fall by a resident or more).",
        f"Half the places: {lost:.1f} fewer general users on average, {turned:.0f} more "
        f"turned away a year, {tailored:+.1f} tailored clients and {unmet:+.1f} residents with "
        f"unmet need; {_pct(returned).lstrip('+')} of the lost users come back as tailored "
        f"demand or unmet need.",
        100 * returned if math.isfinite(returned) else math.nan,
        "% of lost general users returning",
        holds,
    )


def _status_quo(lab: Lab) -> list[Arm]:
    return [STATUS_QUO]


# Each pattern's arms, so that run_patterns can run all of them at once in parallel.
ARMS: dict[int, Callable[[Lab], list[Arm]]] = {
    1: _p1_arms,
    2: _p2_arms,
    3: _p3_arms,
    4: _p4_arms,
    5: _p5_arms,
    6: _p6_arms,
    7: _status_quo,
    8: _status_quo,
    9: _status_quo,
    10: _p10_arms,
}

PATTERNS: dict[int, Callable[[Lab], PatternResult]] = {
    1: pattern_1,
    2: pattern_2,
    3: pattern_3,
    4: pattern_4,
    5: pattern_5,
    6: pattern_6,
    7: pattern_7,
    8: pattern_8,
    9: pattern_9,
    10: pattern_10,
}


def run_patterns(
    preset: str = "default",
    residents: int = 12000,
    years: int = 5,
    seeds: Sequence[int] = (1, 2, 3),
    numbers: Sequence[int] | None = None,
    workers: int | None = None,
) -> list[PatternResult]:
    """Run the chosen patterns (default all ten) on one preset with common random numbers.

    ``workers`` runs the arms in that many processes (default: the CPU count, at most 8).
    """
    chosen = sorted(numbers) if numbers is not None else sorted(PATTERNS)
    unknown = [n for n in chosen if n not in PATTERNS]
    if unknown:
        raise ValueError(f"pattern {unknown[0]} does not exist; use 1-10")
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    lab = Lab(preset, residents, years, seeds, workers)
    lab.prefetch([arm for n in chosen for arm in ARMS[n](lab)])
    return [PATTERNS[n](lab) for n in chosen]

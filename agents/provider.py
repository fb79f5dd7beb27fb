"""Care providers (zorgaanbieders) of tailored products, their caseloads and funding.

One ``Caseload`` per product holds indications; the product's ``Provider`` agents
admit from the shared waiting list in order of arrival, within the places they can
staff. Spending is delivered units times tariff (PxQ) or the provider's fixed budget
or trajectory fee under other funding models; how a funding model shapes behaviour
is ``FUNDING_EFFECTS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mesa
import numpy as np

from agents.caseload import NOT_STARTED, Caseload
from agents.products import PRODUCTS, WEEKS_PER_MONTH, YOUTH_PRODUCTS, Product
from agents.provider_kernels import (
    delivered_by_provider,
    end_rows,
    grant_rows,
    start_rows,
    waiting_in_order,
)
from agents.residents import Residents


@dataclass(frozen=True)
class FundingEffect:
    """How a funding model changes provider behaviour (VNG overview of funding systems).

    All magnitudes are assumptions (labelled): the direction follows the VNG overview
    and BRIEF pattern 4; PxQ is the calibrated status quo, so it is neutral.
    """

    duration: float  # multiplier on planned trajectory length
    intensity: float  # multiplier on units per week
    elastic: bool  # capacity grows while clients wait (open house, paid per unit)
    ends_on_result: bool  # trajectories end when the result is reached
    avoid_hard_cases: float  # chance a severe case is not admitted this month
    billing: str  # "units", "budget" (fixed monthly amount) or "trajectory" (fee per case)


FUNDING_EFFECTS: dict[str, FundingEffect] = {
    "pxq": FundingEffect(1.0, 1.0, True, False, 0.0, "units"),
    "lump_sum": FundingEffect(0.85, 0.9, False, False, 0.0, "budget"),
    "population": FundingEffect(0.8, 0.85, False, False, 0.0, "budget"),
    "result": FundingEffect(1.0, 1.0, False, True, 0.3, "trajectory"),
}


class Provider(mesa.Agent):
    """A contracted provider of one product: places, tariff and a funding model."""

    def __init__(
        self,
        model: mesa.Model,
        product: Product,
        places: float,
        tariff: float,
        funding_model: str,
    ) -> None:
        super().__init__(model)
        self.product = product
        self.contracted_places = places
        self.places = places  # places staffed now
        self.offered = places  # places on offer incl. providers joining under open house
        self.tariff = tariff
        self.funding_model = funding_model
        self.budget_month: float | None = None  # fixed under lump-sum / population funding
        # The contracted budget as a share of the provider's production at the switch at
        # the status-quo intensity: 1 pays what it produced; below 1 the municipality
        # contracts a cut (a policy choice, ``funding_model.budget_share``).
        self.budget_share = 1.0
        self.clients = 0
        self.admitted = 0  # cumulative
        self.ended = 0  # cumulative
        self.ended_months = 0  # cumulative duration of ended trajectories

    @property
    def funding(self) -> FundingEffect:
        """The behaviour that comes with the funding model."""
        return FUNDING_EFFECTS[self.funding_model]

    def free_places(self) -> int:
        """Staffed places not taken."""
        return max(int(self.places) - self.clients, 0)

    def adjust_capacity(
        self, demand: float, labour: StaffMarket, growth: float, ceiling: float
    ) -> None:
        """Staff leave every month and vacancies fill only in part: capacity lags demand.

        ``places`` are the places the provider can staff now. Each month a share
        ``labour.turnover`` of the staff leaves (the care and welfare sector loses
        about one in seven workers a year); the provider recruits for the places it
        wants, and only a share ``labour.fill`` of open vacancies is filled that month
        (scaled by ``labour.availability``, the staff-shortage knob). The places it wants:
        under open house (PxQ) its clients plus its share of the waiting list, at most
        ``ceiling`` times the contracted places; above the contracted places new
        providers join at ``growth`` a month; under a fixed budget the contracted
        places. In a steady state the leavers are replaced only with a delay, so a
        waiting list of about ``turnover * clients * (1 - fill) / fill`` persists
        (BRIEF pattern 4; Kassa/BNNVARA 2023: 6,000 residents with an HH decision but no
        provider). Staff the labour market cannot supply (``availability`` below 1)
        also lower the ceiling: those places cannot be staffed at all.
        """
        elastic = self.funding.elastic
        cap = self.contracted_places * (ceiling if elastic else 1.0) * labour.availability
        self.places *= 1.0 - labour.turnover
        wanted = cap
        if elastic:
            # Open house: while demand exceeds the places on offer, new providers join at
            # ``growth`` a month; without excess demand the offer shrinks back slowly.
            if demand > self.offered:
                self.offered = min(self.offered * (1.0 + growth), cap)
            else:
                self.offered = max(self.contracted_places, self.offered * (1.0 - growth / 4))
            wanted = min(demand, self.offered)
        vacancies = max(wanted - self.places, 0.0)
        self.places = min(self.places + labour.fill * labour.availability * vacancies, cap)


@dataclass(frozen=True)
class StaffMarket:
    """The labour market a product's providers recruit from (per month)."""

    turnover: float  # share of staff leaving per month
    fill: float  # share of open vacancies filled per month with normal availability
    availability: float  # staff-shortage knob: 1 = normal, lower = fewer staff to hire


@dataclass
class MonthFlows:
    """What happened to tailored services this month (reset every month)."""

    inflow: dict[Product, int] = field(default_factory=dict)
    outflow: dict[Product, int] = field(default_factory=dict)
    spend: dict[Product, float] = field(default_factory=dict)
    units: dict[Product, float] = field(default_factory=dict)
    youth_ended_durations: list[np.ndarray] = field(default_factory=list)
    youth_started_by_referrer: np.ndarray = field(default_factory=lambda: np.zeros(5, int))
    wait_months: dict[Product, float] = field(default_factory=dict)  # decision to start, summed
    wlz_from_wmo: int = 0


def _per_resident(value: np.ndarray | float, dtype: type) -> tuple[np.ndarray, int]:
    """A per-resident array with step 1, or a scalar as a one-value array with step 0.

    Values come as ``dtype`` (float64 or int64: exact for the float32 and small
    integers they may be), so that the grant kernel is compiled once.
    """
    if isinstance(value, np.ndarray) and value.ndim:
        return np.asarray(value, dtype=dtype), 1
    return np.array((value,), dtype=dtype), 0  # np.full took three times as long


class ServiceSystem:
    """All caseloads and providers, with the operations the month needs."""

    def __init__(
        self,
        people: Residents,
        providers: dict[Product, list[Provider]],
        result_fee_months: float,
    ) -> None:
        self.people = people
        self.result_fee_months = result_fee_months  # tariff months a result fee pays
        self.providers = providers
        self.caseloads = {p: Caseload() for p in PRODUCTS}
        self.flows = MonthFlows()
        self.tariff_factor = 1.0

    def new_month(self) -> None:
        """Start a fresh month of flow counters."""
        self.flows = MonthFlows()

    # -- grants and waiting lists -----------------------------------------------------
    def grant(
        self,
        product: Product,
        residents: np.ndarray,
        month: int,
        units: np.ndarray | float,
        months: np.ndarray | float,
        referrer: int | np.ndarray = -1,
    ) -> np.ndarray:
        """Put residents on the product's waiting list with an indication.

        Residents who already hold or wait for the product are skipped; returns the
        residents actually granted.
        """
        if len(residents) == 0:
            return residents
        caseload = self.caseloads[product]
        units, units_step = _per_resident(units, np.float64)
        months, months_step = _per_resident(months, np.float64)
        referrer, referrer_step = _per_resident(referrer, np.int64)
        used = len(caseload)
        added = grant_rows(
            residents,
            self.people.services,
            self.people.waiting,
            self.people.youth_severity,
            self.people.private_help,
            1 << product,
            product == Product.HH,  # municipal help replaces private help
            units,
            units_step,
            months,
            months_step,
            referrer,
            referrer_step,
            month,
            NOT_STARTED,
            caseload.buffers(len(residents)),
            used,
        )
        caseload.resize(used + added)
        return caseload["resident"][used:].astype(residents.dtype)

    def admit(
        self, product: Product, month: int, labour: StaffMarket, growth: float, ceiling: float
    ) -> None:
        """Providers staff what they can, then take waiting clients first come first served.

        The wait from decision to start (``since`` to ``start``) is summed per product
        with the half-month convention: decisions and starts fall on average mid-month,
        so a start in the month of the decision counts as half a month.
        """
        caseload = self.caseloads[product]
        providers = self.providers[product]
        waiting_rows = waiting_in_order(caseload["start"], caseload["since"], NOT_STARTED)
        share = len(waiting_rows) / len(providers)
        for provider in providers:
            provider.adjust_capacity(provider.clients + share, labour, growth, ceiling)
        if len(waiting_rows) == 0:
            return
        avoid = providers[0].funding.avoid_hard_cases
        if avoid > 0:
            hard = caseload["severity_at_start"][waiting_rows] > 0.7
            residents = caseload["resident"][waiting_rows]
            refused = hard & (self.people.draw("provider.avoid", residents) < avoid)
            waiting_rows = waiting_rows[~refused]
        # Each provider in turn takes waiting clients up to its free places.
        waiting = len(waiting_rows)
        free = [min(p.free_places(), waiting) for p in providers]
        slots = np.repeat(np.arange(len(providers)), free)[:waiting]
        rows = waiting_rows[: len(slots)]
        if len(rows) == 0:
            return
        youth = product in YOUTH_PRODUCTS
        counts, referrers, waited = start_rows(
            rows,
            slots,
            caseload.buffers(),
            self.people.services,
            self.people.waiting,
            self.people.hh_hours,
            self.people.used_youth_care_year,
            1 << product,
            product == Product.HH,
            youth,
            month,
            len(providers),
        )
        self.flows.wait_months[product] = self.flows.wait_months.get(product, 0.0) + waited
        for provider, count in zip(providers, counts.tolist(), strict=True):
            provider.clients += count
            provider.admitted += count
        self.flows.inflow[product] = self.flows.inflow.get(product, 0) + len(rows)
        if youth:
            self.flows.youth_started_by_referrer += referrers

    def admit_existing(self, product: Product, month: int, elapsed_share: np.ndarray) -> None:
        """Initial caseload: everyone waiting becomes a client who started some time ago.

        ``elapsed_share`` (one per waiting row, 0-1) places the start that share of the
        indication's length in the past, so endings spread out instead of coinciding.
        """
        caseload = self.caseloads[product]
        providers = self.providers[product]
        rows = np.flatnonzero(caseload.waiting)
        if len(rows) == 0:
            return
        duration = caseload["end"][rows] - caseload["since"][rows]
        elapsed = np.floor(elapsed_share[: len(rows)] * np.minimum(duration, 60)).astype(np.int32)
        caseload["start"][rows] = month - elapsed
        caseload["since"][rows] = month - elapsed
        caseload["reviewed"][rows] = month - elapsed
        caseload["end"][rows] = month - elapsed + duration
        slots = np.arange(len(rows)) % len(providers)
        caseload["provider"][rows] = slots
        residents = caseload["resident"][rows]
        self._start_care(product, rows)
        for k, provider in enumerate(providers):
            provider.clients += int((slots == k).sum())
            # Providers staff today's caseload: no idle staff under PxQ.
            provider.places = float(provider.clients)
        if PRODUCTS[product].domain == "youth":
            self.people.used_youth_care_year[residents] = True

    def _start_care(self, product: Product, rows: np.ndarray) -> None:
        """Flip residents from waiting to receiving; HH hours count once care starts."""
        caseload = self.caseloads[product]
        residents = caseload["resident"][rows]
        bit = np.uint16(1 << product)
        self.people.waiting[residents] &= ~bit
        self.people.services[residents] |= bit
        if product == Product.HH:
            self.people.hh_hours[residents] = caseload["units"][rows]

    # -- endings -----------------------------------------------------------------------
    def end(self, product: Product, rows: np.ndarray, month: int) -> np.ndarray:
        """End indications (boolean row mask, waiting or active); return the residents."""
        caseload = self.caseloads[product]
        if not rows.any():
            return np.zeros(0, dtype=np.int64)
        providers = self.providers[product]
        residents, durations, by_provider = end_rows(
            rows,
            caseload.buffers(),
            self.people.services,
            self.people.waiting,
            self.people.hh_hours,
            1 << product,
            product == Product.HH,
            month,
            NOT_STARTED,
            len(providers),
        )
        caseload.resize(len(caseload) - len(residents))
        if len(durations):  # rows that had started: their providers count them out
            counts, totals = by_provider.tolist()
            for provider, count, total in zip(providers, counts, totals, strict=True):
                if count:
                    provider.clients -= count
                    provider.ended += count
                    provider.ended_months += total
        self.flows.outflow[product] = self.flows.outflow.get(product, 0) + len(durations)
        if product in YOUTH_PRODUCTS:
            self.flows.youth_ended_durations.append(durations)
        return residents

    def end_for_residents(self, residents: np.ndarray, month: int, products=None) -> None:
        """End every indication of these residents (death, Wlz, leaving)."""
        if len(residents) == 0:
            return
        # The bit flags mirror the caseloads (tests/test_invariants.py): a product none
        # of them holds or waits for has no row of theirs, so its table is not searched.
        held = np.bitwise_or.reduce(
            self.people.services[residents] | self.people.waiting[residents]
        )
        leaving = None
        for product in products or PRODUCTS:
            caseload = self.caseloads[product]
            if len(caseload) and held & (1 << product):
                if leaving is None:
                    leaving = np.zeros(self.people.n, dtype=bool)
                    leaving[residents] = True
                self.end(product, leaving[caseload["resident"]], month)

    # -- billing -------------------------------------------------------------------------
    def bill(self, month: int) -> None:
        """Spending of the month per product, by the providers' funding model."""
        for product, info in PRODUCTS.items():
            caseload = self.caseloads[product]
            providers = self.providers[product]
            fundings = [p.funding for p in providers]
            tariff = np.array([p.tariff for p in providers]) * self.tariff_factor
            intensity = np.array([funding.intensity for funding in fundings])
            delivered, started = delivered_by_provider(
                caseload["start"],
                caseload["provider"],
                caseload["units"],
                intensity,
                0.0 if info.monthly_tariff else WEEKS_PER_MONTH,
                month,
                NOT_STARTED,
                len(providers),
            )
            spend = 0.0
            for k, (p, funding) in enumerate(zip(providers, fundings, strict=True)):
                billing = funding.billing
                if billing == "budget" and p.budget_month is None:
                    # Contracted at the switch: today's production at the status-quo
                    # intensity becomes the budget (times the share the municipality
                    # contracts), today's places the capacity (no open-house growth from
                    # now on). Less intensive care under the budget is the provider's
                    # margin, not the municipality's saving: the budget was negotiated on
                    # what the provider produced, so it is not cut by this month's lower
                    # intensity (which once booked a 10% saving in the first month).
                    production = delivered[k] / intensity[k]
                    p.budget_month = production * p.budget_share * tariff[k] / self.tariff_factor
                    p.contracted_places = p.offered = p.places = max(float(p.clients), 1.0)
                if billing == "units":
                    spend += delivered[k] * tariff[k]
                elif billing == "budget":
                    spend += p.budget_month * self.tariff_factor
                else:  # fee per trajectory at the start, for the expected length
                    spend += (
                        started[k]
                        * tariff[k]
                        * self.result_fee_months
                        * (1.0 if info.monthly_tariff else WEEKS_PER_MONTH * 2.0)
                    )
            self.flows.spend[product] = spend
            self.flows.units[product] = float(delivered.sum())

    # -- counts --------------------------------------------------------------------------
    def clients(self, product: Product) -> int:
        """Residents receiving the product."""
        return int(self.caseloads[product].active.sum())

    def waiting(self, product: Product) -> int:
        """Residents on the product's waiting list."""
        return int(self.caseloads[product].waiting.sum())

"""CareModel: one Dutch municipality's social domain (Wmo and youth care), month by month."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from agents import AccessTeam, GPPractice, Municipality, Provider
from model import decisions, demography, needs, pathways
from model.facilities import Facilities
from model.initial_state import seed_initial_caseload
from model.light_support import LightSupport
from model.network import assign_carers, build_network
from model.params import ConfigError, Profile, resolve_profile, validate_overrides
from model.population import build_population
from model.products import PRODUCTS, YOUTH_PRODUCTS, Product
from model.recording import record_month
from model.results import SCHEMA_INDICATORS
from model.services import ServiceSystem
from model.streams import Streams

DEFAULT_START = "2025-01"
DEFAULT_BURN_IN_MONTHS = 24


class CareModel(mesa.Model):
    """The care ecosystem of one municipality.

    Residents live in numpy arrays (``self.people``); GP practices, access teams,
    general facilities, providers and the municipality are Mesa agents. One ``step``
    is one month, in this order:

    1. Calendar: policies act (from their start month); January refreshes the informal
       network and resets yearly counters.
    2. Demography: ageing, deaths, moves to the Wlz (permanent need), the 18th
       birthday (youth care ends unless extended), births and immigration. Leavers'
       services, queue places and facility places end.
    3. Needs: adult and youth needs arise (age-dependent), unmet needs worsen, met
       needs improve, some resolve on their own.
    4. Informal care: partners, kin and neighbours absorb part of adult need; carers'
       loads, overburden and burnout.
    5. Help-seeking: adults (weighing the personal contribution) go to a general
       facility or the access team; youths go to the GP/POH, the access team,
       directly to a provider, a GI or a medical specialist.
    6. Access teams assess their queue within capacity, decide, and review running
       indications with the time left.
    7. Providers end trajectories (planned end, result reached, need gone), admit
       from their waiting lists within capacity, deliver and bill; the municipality
       books true spending and receives declarations with a lag.
    8. General facilities and light support end finished stays.
    9. Outcomes: unmet need, wellbeing, and the month's row of results.

    The model starts from today's clients (``initial_state``); the first
    ``burn_in_months`` then run the same dynamics unrecorded so that queues and levels
    settle before the recorded period.
    """

    def __init__(
        self,
        preset: str | None = "default",
        profile: str | Path | Profile | None = None,
        residents: int | None = None,
        years: int = 10,
        rng: int | None = None,
        start: str = DEFAULT_START,
        policies: Sequence[Any] | Mapping[str, Mapping[str, Any]] = (),
        overrides: Mapping[str, Any] | None = None,
        burn_in_months: int = DEFAULT_BURN_IN_MONTHS,
    ) -> None:
        integer = isinstance(rng, int | np.integer) and not isinstance(rng, bool)
        if rng is not None and (not integer or rng < 0):
            raise ConfigError(f"seed = {rng!r} is not allowed; use a non-negative integer")
        seed = int(np.random.SeedSequence().entropy % (2**31)) if rng is None else int(rng)
        super().__init__(rng=seed)
        started = time.perf_counter()
        self.seed = seed
        self.profile = self._resolve(preset, profile, residents, overrides)
        if not 1 <= int(years) <= 50:
            raise ConfigError(f"years = {years!r} is out of range; use an integer in [1, 50]")
        self.years = int(years)
        self.start_date = _parse_start(start)
        self.burn_in_months = int(burn_in_months)
        self.tick = 0  # months since the start of the burn-in (internal clock)
        self.streams = Streams(seed)
        self.policies = _build_policies(policies)
        self.records: list[dict[str, Any]] = []
        self.flows: Counter[str] = Counter()
        self._build()
        for policy in self.policies:
            policy.validate(self)
        # Reporters for mesa.batch_run / SolaraViz; "population" rather than
        # "residents", which is also a keyword argument (batch_run rows hold both).
        reported = [i.name for i in SCHEMA_INDICATORS if i.kind != "key" and i.name != "residents"]
        reporters = {name: _last(name) for name in reported}
        reporters["population"] = _last("residents")
        self.datacollector = mesa.DataCollector(model_reporters=reporters)
        for _ in range(self.burn_in_months):
            self._month()
        self.setup_seconds = time.perf_counter() - started

    # -- construction ------------------------------------------------------------------
    @staticmethod
    def _resolve(preset, profile, residents, overrides) -> Profile:
        if isinstance(profile, Profile):
            resolved = profile
        else:
            resolved = resolve_profile(preset if profile is None else None, profile)
        extra = dict(overrides or {})
        if residents is not None:
            extra["population.residents"] = residents
        resolved = resolved.with_overrides(extra, "") if extra else resolved
        # A private, mutable copy: policies change decision rules from their start month.
        return Profile(resolved.name, resolved.description, dict(resolved.values))

    def set_param(self, name: str, value: Any) -> None:
        """Change a behaviour parameter during the run (validated against the registry)."""
        self.profile.values[name] = validate_overrides({name: value}, "")[name]

    def _build(self) -> None:
        values = self.profile.values
        total_months = self.burn_in_months + self.years * 12
        self.people = build_population(values, self.streams["population"], total_months, self.seed)
        self.network = build_network(self.people, values, self.streams["network"])
        assign_carers(self.people, self.network, values, self.streams["network"])
        needs.seed_initial_needs(self.people, values, self.streams["adult_needs"])
        self._build_organisations()
        seed_initial_caseload(self)

    def _build_organisations(self) -> None:
        values = self.profile.values
        people = self.people
        residents = int(values["population.residents"])
        patients = np.bincount(people.view("gp"))
        district_of_gp = np.zeros(len(patients), dtype=int)
        district_of_gp[people.view("gp")] = people.view("district")
        self.gp_practices = [
            GPPractice(self, i, int(district_of_gp[i]), int(patients[i]))
            for i in range(len(patients))
        ]
        districts = int(values["population.districts"])
        fte = values["access.fte_per_10000"] * residents / 10000.0 / districts
        self.access_teams = [AccessTeam(self, d, fte) for d in range(districts)]
        self.facilities = Facilities(self)
        self.light_support = LightSupport(
            people,
            int(round(values["access.own_light_support_places_per_1000"] * residents / 1000)),
            int(values["access.light_support_months"]),
        )
        count = int(values["providers.count_per_product"])
        margin = values["providers.capacity_margin"]
        providers: dict[Product, list[Provider]] = {}
        for product, info in PRODUCTS.items():
            per_1000 = values[info.places_param]
            places = per_1000 * residents / 1000.0 * margin / count
            providers[product] = [
                Provider(
                    self,
                    product,
                    places,
                    values[info.tariff_param],
                    values["providers.funding_model"],
                )
                for _ in range(count)
            ]
        self.services = ServiceSystem(people, providers)
        self.municipality = Municipality(self)

    # -- the month -----------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month and record it."""
        self._month()
        self.records.append(record_month(self))
        self.datacollector.collect(self)
        if self.month >= self.years * 12:
            self.running = False

    def _month(self) -> None:
        values = self.profile.values
        people = self.people
        self.flows = Counter()
        people.tick = self.tick
        self.services.new_month()
        # 1. calendar and policies
        for policy in self.policies:
            policy.apply(self)
        if (self.start_date.month - 1 + self.month) % 12 == 0:  # January
            assign_carers(people, self.network, values, self.streams["network"])
            people.used_youth_care_year[:] = False
            people.used_youth_care_year[: people.n] |= people.in_youth_care()
        for team in self.access_teams:
            team.wait_months_sum = 0.0
        for practice in self.gp_practices:
            practice.start_month()
        # 2. demography
        self._demography()
        # 3. needs
        general_helped = people.view("general_facility") >= 0
        needs.arise_adult_needs(people, values, self.streams["adult_needs"])
        needs.evolve_adult_needs(
            people,
            values,
            self.streams["adult_needs"],
            general_helped * values["general.need_slowdown"],
        )
        needs.arise_youth_needs(people, values, self.streams["youth_needs"])
        helped_youth = (
            general_helped | (people.view("poh_until") >= 0) | (people.view("light_until") >= 0)
        )
        needs.evolve_youth_needs(people, values, self.streams["youth_needs"], helped_youth)
        # 4. informal care
        needs.informal_care(people, values, self.streams["carers"])
        # 5. help-seeking
        pathways.adult_help_seeking(self)
        pathways.youth_help_seeking(self, self.youth_seek_threshold)
        # 6. access teams
        for team in self.access_teams:
            assessed, waits = team.take_for_assessment(self.tick)
            people.access_waiting[assessed] = False
            self.flows["access_assessed"] += len(assessed)
            self.flows["access_wait_months"] += float(waits.sum())
            decisions.assess(self, team, assessed)
            drive = int(values["rules.review_drive_per_month"]) // len(self.access_teams)
            decisions.review_indications(self, team, extra=drive)
        # 7. providers
        self._provider_month()
        # 8. facilities and light support
        self.facilities.end_stays(self.tick)
        self.light_support.end(self.tick)
        over = people.view("poh_until") < self.tick
        people.poh_until[: people.n][over] = -1
        # 9. outcomes
        needs.unmet_need(people, values, people.view("general_facility") >= 0)
        update_wellbeing(people)
        self.tick += 1

    @property
    def month(self) -> int:
        """Recorded months completed (negative during the burn-in); policies start by it."""
        return self.tick - self.burn_in_months

    @property
    def youth_seek_threshold(self) -> float:
        """Severity from which families seek help (policies may lower it)."""
        return float(
            getattr(self, "_youth_seek_threshold", self.profile["youth_needs.seek_threshold"])
        )

    @youth_seek_threshold.setter
    def youth_seek_threshold(self, value: float) -> None:
        self._youth_seek_threshold = value

    def _demography(self) -> None:
        values = self.profile.values
        people = self.people
        died = demography.age_and_die(people, values, self.streams["demography"])
        to_wlz = demography.move_to_wlz(people, values, self.streams["demography"])
        self.flows["deaths"] += len(died)
        self.flows["wlz_moves"] += len(to_wlz)
        self.flows["wlz_moves_wmo"] += demography.wmo_clients_among(people, to_wlz)
        leavers = np.concatenate([died, to_wlz])
        self.services.end_for_residents(leavers, self.tick)
        self.facilities.leave(leavers)
        people.private_help[leavers] = False
        people.hh_hours[leavers] = 0.0
        people.light_until[leavers] = -1
        people.poh_until[leavers] = -1
        gone_from_queue = leavers[people.access_waiting[leavers]]
        if len(gone_from_queue):
            for team in self.access_teams:
                team.drop(gone_from_queue)
            people.access_waiting[gone_from_queue] = False
        _, leaving_youth_care = demography.eighteenth_birthday(
            people, values, self.streams["demography"]
        )
        self.services.end_for_residents(leaving_youth_care, self.tick, YOUTH_PRODUCTS)
        born, new_households = demography.births_and_migration(
            people, values, self.streams["demography"]
        )
        self.flows["births"] += len(born)
        if len(new_households):
            anchors = self.streams["network"].integers(
                0, int(new_households.min()), len(new_households)
            )
            self.network.add_households(new_households, anchors)

    def _provider_month(self) -> None:
        values = self.profile.values
        people = self.people
        services = self.services
        for product in PRODUCTS:
            caseload = services.caseloads[product]
            if len(caseload) == 0:
                continue
            residents = caseload["resident"]
            active = caseload.active
            ending = active & (caseload["end"] <= self.tick)
            if product in YOUTH_PRODUCTS:
                funding = services.providers[product][0].funding
                reached = people.youth_severity[residents] < 0.15
                if funding.ends_on_result:
                    ending |= active & reached
                ending |= active & reached & people.coordinated[residents]  # coordinator ends it
                ending |= active & (people.youth_severity[residents] <= 0)
                ended = services.end(product, ending, self.tick)
                needs.clear_youth_need(people, ended[people.youth_severity[ended] < 0.25])
            else:
                need = (
                    people.need_hh if product in (Product.HH, Product.AIDS) else people.need_support
                )
                noticed = (
                    people.draw(f"resolved.{product.name}", residents)
                    < values["access.resolved_self_report"]
                )
                resolved = active & (need[residents] <= 0) & noticed
                due = ending & ~resolved
                services.end(product, resolved, self.tick)
                if product in decisions.REVIEWED_PRODUCTS:
                    # An indication that expires needs a new decision: re-assessment.
                    due = np.flatnonzero(due[~resolved])
                    self.flows["reassessments"] += len(due)
                    decisions.reassess(self, product, due)
                else:
                    caseload["end"][np.flatnonzero(due[~resolved])] += int(
                        values["access.indication_months_wmo"]
                    )
        staff = values["providers.staff_availability"]
        growth = values["providers.open_house_growth"]
        ceiling = values["providers.open_house_ceiling"]
        for product in PRODUCTS:
            services.admit(product, self.tick, staff, growth, ceiling)
        services.tariff_factor = (1 + values["providers.tariff_growth_per_year"]) ** (
            max(self.month, 0) / 12
        )
        services.bill(self.tick)
        invoiced = sum(services.flows.spend.values())
        self.flows["declared_eur"] += self.municipality.book(invoiced)

    # -- helpers used by the phases ---------------------------------------------------------
    def enqueue_access(self, residents: np.ndarray) -> None:
        """Residents join the queue of their district's access team."""
        if len(residents) == 0:
            return
        people = self.people
        people.access_waiting[residents] = True
        districts = people.district[residents]
        for team in self.access_teams:
            team.enqueue(residents[districts == team.district], self.tick)

    @property
    def date(self) -> dt.date:
        """The calendar date of the current month's start."""
        months = self.start_date.month - 1 + max(self.month - 1, 0)
        return dt.date(self.start_date.year + months // 12, months % 12 + 1, 1)

    def run(self, progress=None) -> None:
        """Run all months of the horizon."""
        for _ in range(self.years * 12):
            self.step()
            if progress is not None:
                progress(self)

    def staff_cost_month(self) -> float:
        """Access-team staff cost this month (policies add their own costs)."""
        fte = sum(team.fte for team in self.access_teams)
        return fte * self.profile["access.fte_cost_eur_year"] / 12.0


def _build_policies(policies: Sequence[Any] | Mapping[str, Mapping[str, Any]]) -> list[Any]:
    """Policy objects for this model: fresh copies of instances, or built from specs.

    ``policies`` may be a mapping ``{name: {parameter: value}}`` (what batch_run and
    sweeps pass) or a sequence of Policy instances; instances are copied so that a
    policy's records and remembered status quo never leak from one run into another.
    """
    if isinstance(policies, Mapping):
        from model.policies import CATALOGUE

        unknown = sorted(set(policies) - set(CATALOGUE))
        if unknown:
            raise ConfigError(
                f"policies: {unknown[0]} is not a known policy; allowed: {', '.join(CATALOGUE)}"
            )
        return [CATALOGUE[name](**dict(params or {})) for name, params in policies.items()]
    return [copy.deepcopy(policy) for policy in policies]


def _last(name: str):
    def report(model: CareModel) -> Any:
        return model.records[-1][name] if model.records else None

    report.__name__ = f"report_{name}"
    return report


def update_wellbeing(people) -> None:
    """Wellbeing drifts towards a level set by unmet need and carer overburden."""
    n = people.n
    target = 7.8 - 4.0 * people.view("unmet") - 1.2 * people.view("overburdened")
    target = target - 1.5 * people.view("youth_severity") * (people.view("unmet") > 0)
    wellbeing = people.wellbeing[:n]
    wellbeing += np.float32(0.2) * (target.astype(np.float32) - wellbeing)


def _parse_start(start: str) -> dt.date:
    try:
        year, month = (int(part) for part in str(start).split("-")[:2])
        return dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"start = {start!r} is not a month; use YYYY-MM, e.g. 2025-01") from exc

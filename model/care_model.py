"""CareModel: one Dutch municipality's social domain (Wmo and youth care), month by month."""

from __future__ import annotations

import copy
import datetime as dt
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import mesa
import numpy as np

from agents import (
    AccessTeam,
    AccessTeams,
    Facilities,
    GPPractice,
    LightSupport,
    Municipality,
    Provider,
    ServiceSystem,
)
from agents.products import PRODUCTS, Product
from agents.residents import build_population
from agents.streams import Streams
from model import demography, needs, phases
from model.allocator import keep_freed_memory
from model.context import Clock, Context, parse_start
from model.initial_state import seed_initial_caseload
from model.network import assign_carers, build_network
from model.params import ConfigError, Profile, resolve_profile
from model.policies import CATALOGUE, Policy
from model.record_collector import RecordCollector
from model.recording import record
from model.results import SCHEMA_INDICATORS

DEFAULT_START = "2025-01"
# Seven years: the initial caseload is everyone who would have asked at once, and the
# longest stocks (36-month Wmo indications, youth trajectories of which 37% last more
# than a year) take that long to reach their own rhythm. With 24 months youth clients
# still rose 14% over the first recorded years; with 60, unmet need fell 5-7% from the
# first to the second recorded year in every seed (tests/test_people.py, settled start).
DEFAULT_BURN_IN_MONTHS = 84


class CareModel(mesa.Model):
    """The care ecosystem of one municipality.

    Residents live in numpy arrays (``self.people``); GP practices, access teams,
    general facilities, providers and the municipality are Mesa agents. One ``step``
    is one month, in this order:

    1. Calendar: lever state goes back to the status quo and the active policies add
       their contributions (from their start month); January refreshes the informal
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
    9. Outcomes: unmet need, wellbeing, and the month's row of results (and per district).

    The model starts from today's clients (``initial_state``); the first
    ``burn_in_months`` then run the same dynamics unrecorded so that queues and levels
    settle before the recorded period. Phases and policies see the ``Context``
    (``self.ctx``), not the model.
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
        time_phases: bool = False,
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
        self.clock = Clock(parse_start(start), int(burn_in_months))
        self.policies = _build_policies(policies)
        self.records: list[dict[str, Any]] = []
        # The same months per district (model.results.DISTRICT_INDICATORS, district_table).
        self.district_records: list[dict[str, Any]] = []
        # Seconds per phase (and recording), summed over months, with ``time_phases``
        # (scripts/bench_phases.py); None, the default, times nothing.
        self.phase_seconds: dict[str, float] | None = {} if time_phases else None
        keep_freed_memory()  # once per process: months reuse freed arrays (model/allocator.py)
        self.ctx = self._build()
        for policy in self.policies:
            policy.validate(self.ctx, self.years * 12)
        # Reporters for mesa.batch_run / SolaraViz; "population" rather than
        # "residents", which is also a keyword argument (batch_run rows hold both).
        reported = [i.name for i in SCHEMA_INDICATORS if i.kind != "key" and i.name != "residents"]
        fields = {name: name for name in reported}
        fields["population"] = "residents"
        self.datacollector = RecordCollector(fields)
        for _ in range(self.clock.burn_in_months):
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
        return resolved.with_overrides(extra, "") if extra else resolved

    def _build(self) -> Context:
        """Residents, their network and needs, the organisations, and today's clients."""
        values = self.profile.values
        streams = Streams(self.seed)
        total_months = self.clock.burn_in_months + self.years * 12
        mortality = demography.annual_mortality(np.arange(128, dtype=np.float64), values)
        self.district_names, shares = self.profile.district_shares()
        people = build_population(
            values, streams["population"], total_months, self.seed, mortality, shares
        )
        network = build_network(people, values, streams["network"])
        assign_carers(people, network, values, streams["network"])
        needs.seed_initial_needs(people, values, streams["adult_needs"])
        residents = int(values["population.residents"])
        patients = np.bincount(people.view("gp"))
        district_of_gp = np.zeros(len(patients), dtype=int)
        district_of_gp[people.view("gp")] = people.view("district")
        districts = int(values["population.districts"])
        fte_total = values["access.fte_per_10000"] * residents / 10000.0
        # Each district's team is staffed for its share of the residents.
        fte = [fte_total / districts] * districts if shares is None else list(fte_total * shares)
        ctx = Context(
            people=people,
            inputs=values,
            clock=self.clock,
            streams=streams,
            network=network,
            practices=[
                GPPractice(self, i, int(district_of_gp[i]), int(patients[i]), values)
                for i in range(len(patients))
            ],
            teams=AccessTeams(
                [AccessTeam(self, d, fte[d], values) for d in range(districts)], people
            ),
            facilities=Facilities(self, people, values),
            light_support=LightSupport(
                people,
                int(round(values["access.own_light_support_places_per_1000"] * residents / 1000)),
                int(values["access.light_support_months"]),
            ),
            services=ServiceSystem(
                people, self._providers(values), values["providers.result_fee_months"]
            ),
            municipality=Municipality(self, values),
        )
        seed_initial_caseload(ctx)
        return ctx

    def _providers(self, values: Mapping[str, Any]) -> dict[Product, list[Provider]]:
        residents = values["population.residents"]
        count = int(values["providers.count_per_product"])
        margin = values["providers.capacity_margin"]
        providers: dict[Product, list[Provider]] = {}
        for product, info in PRODUCTS.items():
            places = values[info.places_param] * residents / 1000.0 * margin / count
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
        return providers

    # -- the month -----------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month and record it."""
        self._month()
        started = time.perf_counter()
        row, districts = record(self.ctx)  # one count of the residents for both rows
        self.records.append(row)
        self.district_records.append(districts)
        if self.phase_seconds is not None:
            self.phase_seconds["recording"] = (
                self.phase_seconds.get("recording", 0.0) + time.perf_counter() - started
            )
        self.datacollector.collect(self)
        if self.month >= self.years * 12:
            self.running = False

    def _month(self) -> None:
        ctx = self.ctx
        ctx.flows.clear()
        ctx.people.tick = ctx.tick
        ctx.services.new_month()
        timings = self.phase_seconds
        if timings is None:
            phases.calendar(ctx, self.policies)  # 1
            for _, phase in phases.MONTH:  # 2-9
                phase(ctx)
        else:
            _timed(timings, "calendar", phases.calendar, ctx, self.policies)
            for name, phase in phases.MONTH:
                _timed(timings, name, phase, ctx)
        self.clock.tick += 1

    # -- what callers read -----------------------------------------------------------------
    @property
    def tick(self) -> int:
        """Months since the start of the burn-in (internal clock)."""
        return self.clock.tick

    @property
    def month(self) -> int:
        """Recorded months completed (negative during the burn-in); policies start by it."""
        return self.clock.month

    @property
    def burn_in_months(self) -> int:
        """Unrecorded months run before the recorded period."""
        return self.clock.burn_in_months

    @property
    def start_date(self) -> dt.date:
        """The first recorded month."""
        return self.clock.start_date

    @property
    def date(self) -> dt.date:
        """The calendar date of the current month's start."""
        return self.clock.date

    @property
    def people(self):
        """The residents' arrays."""
        return self.ctx.people

    @property
    def gp_practices(self) -> list[GPPractice]:
        """The GP practices."""
        return self.ctx.practices

    @property
    def access_teams(self) -> AccessTeams:
        """The district access teams."""
        return self.ctx.teams

    @property
    def facilities(self) -> Facilities:
        """The general facilities."""
        return self.ctx.facilities

    @property
    def light_support(self) -> LightSupport:
        """The access teams' own light support."""
        return self.ctx.light_support

    @property
    def services(self) -> ServiceSystem:
        """Providers and their caseloads."""
        return self.ctx.services

    @property
    def municipality(self) -> Municipality:
        """The municipality's ledger and budgets."""
        return self.ctx.municipality

    @property
    def network(self):
        """The informal network of households."""
        return self.ctx.network

    @property
    def streams(self) -> Streams:
        """The model's named random streams."""
        return self.ctx.streams

    @property
    def flows(self):
        """The current month's flow counters."""
        return self.ctx.flows

    def branch(self, policies: Sequence[Any] | Mapping[str, Mapping[str, Any]]) -> CareModel:
        """A copy of this built, burned-in model that runs under ``policies`` from month 0.

        The burn-in does not depend on the levers (they act from the first recorded month
        on; tests/test_branch.py checks every lever and external development against a
        model built with it), so a comparison builds and burns in one model per seed and
        branches its arms from it: the same results, one burn-in instead of one per arm.
        """
        if self.records:
            raise ConfigError("a model can only branch before its first recorded month")
        twin = copy.deepcopy(self)
        twin.policies = _build_policies(policies)
        for policy in twin.policies:
            policy.validate(twin.ctx, twin.years * 12)
        return twin

    def run(self, progress=None) -> None:
        """Run all months of the horizon."""
        for _ in range(self.years * 12):
            self.step()
            if progress is not None:
                progress(self)


def _build_policies(
    policies: Sequence[Policy] | Mapping[str, Mapping[str, Any]],
) -> list[Policy]:
    """Policy objects for this model: fresh copies of instances, or built from specs.

    ``policies`` may be a mapping ``{name: {parameter: value}}`` (what batch_run and
    sweeps pass) or a sequence of Policy instances; instances are copied so that a
    policy's records and remembered status quo never leak from one run into another.
    """
    if isinstance(policies, Mapping):
        unknown = sorted(set(policies) - set(CATALOGUE))
        if unknown:
            raise ConfigError(
                f"policies: {unknown[0]} is not a known policy; allowed: {', '.join(CATALOGUE)}"
            )
        return [CATALOGUE[name](**dict(params or {})) for name, params in policies.items()]
    return [copy.deepcopy(policy) for policy in policies]


def _timed(timings: dict[str, float], name: str, phase, *args) -> None:
    """Run one phase and add its wall time to ``timings[name]`` (the profiling hook)."""
    started = time.perf_counter()
    phase(*args)
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

"""External scenarios: what the municipality does not control, with the same hooks."""

from __future__ import annotations

from typing import ClassVar

from model.context import Context
from model.policies.base import Policy, param


class External(Policy):
    """Base for external scenarios (not levers): no cost to the municipality."""

    kind: ClassVar[str] = "external"


class Ageing(External):
    """Faster double ageing: old-age mortality falls, so more residents reach high ages."""

    name = "ageing"
    ZERO_DOSE = {"speed": 1.0}
    rank = 101
    label = "Faster ageing"
    dutch = "dubbele vergrijzing"
    mechanism_nl = (
        "Sterfte op hoge leeftijd daalt sneller: meer inwoners bereiken een hoge leeftijd."
    )
    mechanism_en = "Mortality at old age falls faster: more residents reach a high age."
    PARAMS = {
        "speed": param(
            1.5,
            "multiplier on survival gains of the old",
            "scenario",
            0.5,
            2.0,
            nl="versnelling van de overlevingswinst op hoge leeftijd",
        )
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Lower old-age mortality."""
        self.shift(ctx, "demography.ageing_speed", self.params["speed"], intensity)
        return 0.0


class CovidShock(External):
    """A Covid-like shock to youth mental health: more youth problems for a while."""

    name = "covid_shock"
    ZERO_DOSE = {"onset_factor": 1.0}
    rank = 102
    label = "Covid-like shock to youth mental health"
    dutch = "coronaschok jeugd"
    mechanism_nl = "Een tijdelijke golf van nieuwe psychische problemen bij jongeren."
    mechanism_en = "A temporary wave of new mental-health problems among youths."
    PARAMS = {
        "onset_factor": param(
            1.5,
            "multiplier on new youth problems",
            "scenario",
            1.0,
            5.0,
            nl="vermenigvuldiging van nieuwe jeugdproblemen",
        ),
        "duration_months": param(
            24, "months the shock lasts", "scenario", 1, 120, nl="maanden dat de schok duurt"
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Raise the onset of youth problems while the shock lasts."""
        p = self.params
        if ctx.month < p["start_month"] + p["duration_months"]:
            self.rule(ctx, "youth_onset_factor", p["onset_factor"])
        return 0.0


class TariffGrowth(External):
    """Wage-driven tariff growth at providers."""

    name = "tariff_growth"
    ZERO_DOSE = {"per_year": 0.0}
    rank = 103
    label = "Tariff growth"
    dutch = "tariefstijging"
    mechanism_nl = "Loonstijgingen in de zorg verhogen de tarieven van aanbieders elk jaar."
    mechanism_en = "Wage increases in care raise the providers' tariffs every year."
    PARAMS = {
        "per_year": param(
            0.04,
            "relative tariff increase per year",
            "scenario",
            -0.05,
            0.2,
            nl="tariefstijging per jaar (fractie)",
        )
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Set the yearly tariff growth."""
        self.set(ctx, "providers.tariff_growth_per_year", self.params["per_year"])
        return 0.0


class StaffShortage(External):
    """Staff shortage at providers: part of the contracted places cannot be staffed."""

    name = "staff_shortage"
    ZERO_DOSE = {"availability": 1.0}
    rank = 104
    label = "Staff shortage at providers"
    dutch = "personeelstekort"
    mechanism_nl = "Aanbieders kunnen een deel van hun plaatsen niet bemensen."
    mechanism_en = "Providers cannot staff part of their places."
    PARAMS = {
        "availability": param(
            0.85,
            "share of places that can be staffed",
            "scenario",
            0.2,
            1.0,
            nl="aandeel plaatsen dat bemenst kan worden",
        )
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Lower the staffable share of places."""
        self.shift(ctx, "providers.staff_availability", self.params["availability"], intensity)
        return 0.0

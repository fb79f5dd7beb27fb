"""External scenarios: what the municipality does not control, with the same hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from model.policies.base import Policy, param

if TYPE_CHECKING:
    from model.care_model import CareModel


class External(Policy):
    """Base for external scenarios (not levers): no cost to the municipality."""

    kind: ClassVar[str] = "external"


class Ageing(External):
    """Faster double ageing: old-age mortality falls, so more residents reach high ages."""

    name = "ageing"
    label = "Faster ageing"
    dutch = "dubbele vergrijzing"
    PARAMS = {"speed": param(1.5, "multiplier on survival gains of the old", "scenario", 0.5, 2.0)}

    def act(self, model: CareModel, intensity: float) -> float:
        """Lower old-age mortality."""
        self.shift_param(model, "demography.ageing_speed", self.params["speed"], intensity)
        return 0.0


class CovidShock(External):
    """A Covid-like shock to youth mental health: more youth problems for a while."""

    name = "covid_shock"
    label = "Covid-like shock to youth mental health"
    dutch = "coronaschok jeugd"
    PARAMS = {
        "onset_factor": param(1.5, "multiplier on new youth problems", "scenario", 1.0, 5.0),
        "duration_months": param(24, "months the shock lasts", "scenario", 1, 120),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Raise the onset of youth problems while the shock lasts."""
        p = self.params
        running = model.month < p["start_month"] + p["duration_months"]
        model.set_param("rules.youth_onset_factor", p["onset_factor"] if running else 1.0)
        return 0.0


class TariffGrowth(External):
    """Wage-driven tariff growth at providers."""

    name = "tariff_growth"
    label = "Tariff growth"
    dutch = "tariefstijging"
    PARAMS = {"per_year": param(0.04, "relative tariff increase per year", "scenario", -0.05, 0.2)}

    def act(self, model: CareModel, intensity: float) -> float:
        """Set the yearly tariff growth."""
        model.set_param("providers.tariff_growth_per_year", self.params["per_year"])
        return 0.0


class StaffShortage(External):
    """Staff shortage at providers: part of the contracted places cannot be staffed."""

    name = "staff_shortage"
    label = "Staff shortage at providers"
    dutch = "personeelstekort"
    PARAMS = {
        "availability": param(0.85, "share of places that can be staffed", "scenario", 0.2, 1.0)
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Lower the staffable share of places."""
        self.shift_param(
            model, "providers.staff_availability", self.params["availability"], intensity
        )
        return 0.0

"""The further levers from the municipal policy documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.policies.base import Policy, param
from model.products import PRODUCTS, WMO_MASK, YOUTH_MASK

if TYPE_CHECKING:
    from model.care_model import CareModel

FTE_SOURCE = "assumption: municipal scale 10-11 incl. overhead (as access.fte_cost_eur_year)"


class DaycareGeneral(Policy):
    """Day activities as a general facility instead of indicated day care.

    Mechanism: the general day-activities facility gets extra places; residents who
    would be granted indicated day care are offered a place there first, and only get
    tailored day care when it is full (a full general facility sends demand back).
    """

    name = "daycare_general"
    label = "Day activities as a general facility"
    dutch = "dagbesteding als algemene voorziening"
    PARAMS = {
        "extra_places_per_1000": param(
            4.0, "extra general day-activity places per 1,000 residents", "policy choice", 0, 50
        ),
        "cost_per_place_month": param(
            350.0,
            "EUR subsidy per place per month",
            "assumption: group activity without indication, about half the cost of indicated "
            "day care (Westerveld 2023 tariffs)",
            0,
            3000,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Add places and switch the decision rule."""
        facility = model.facilities.by_kind("day_activities")
        extra = round(
            self.for_population(model, self.params["extra_places_per_1000"], 1000, intensity)
        )
        facility.places = facility.base_places + extra
        model.set_param("rules.daycare_as_general", 1)
        return extra * self.params["cost_per_place_month"]


class OwnLightSupport(Policy):
    """Light support by the municipality's own local teams.

    Mechanism: more places for short light support by the team itself, so that the
    kitchen-table conversation can end in light help instead of a tailored service.
    """

    name = "light_support"
    label = "Light support by own local teams"
    dutch = "lichte ondersteuning door eigen wijkteams"
    PARAMS = {
        "extra_places_per_1000": param(
            3.0, "extra light-support places per 1,000 residents", "policy choice", 0, 50
        ),
        "cost_per_place_month": param(
            250.0,
            "EUR per place per month",
            "assumption: own staff at about 4 clients per FTE-day",
            0,
            3000,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Add places to the team's own light support."""
        extra = round(
            self.for_population(model, self.params["extra_places_per_1000"], 1000, intensity)
        )
        model.light_support.places = model.light_support.base_places + extra
        return extra * self.params["cost_per_place_month"]


class CaseManagement(Policy):
    """Access-team capacity with active case management (actieve casusregie).

    Mechanism: extra FTE raises assessment capacity (shorter queues, less pressure);
    case management steers at the front and during the trajectory: more light
    solutions, pressure weighs less on decisions, and part of the capacity goes to
    reviews that scale down or stop indications.
    """

    name = "case_management"
    label = "Access-team FTE with active case management"
    dutch = "extra formatie toegang met actieve casusregie"
    PARAMS = {
        "extra_fte_per_10000": param(
            0.9,
            "extra FTE per 10,000 residents",
            "municipal plan of approach 2020 (~44k residents): 4 FTE structural",
            0.0,
            10.0,
        ),
        "intensity": param(1.0, "strength of case management 0-1", "policy choice", 0.0, 1.0),
        "fte_cost_year": param(75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Raise FTE and switch case management on."""
        extra = self.for_population(model, self.params["extra_fte_per_10000"], 10000, intensity)
        for team in model.access_teams:
            team.fte = team.base_fte + extra / len(model.access_teams)
        self.shift_param(model, "rules.case_management", self.params["intensity"], intensity)
        return extra * self.params["fte_cost_year"] / 12.0


class ReassessmentDrive(Policy):
    """A re-assessment drive on running indications (herindicatie).

    Mechanism: dedicated staff review the oldest running indications: HH hours are
    re-assessed to current need, indications whose need has gone are stopped.
    """

    name = "reassessment_drive"
    label = "Re-assessment drive"
    dutch = "herindicatie lopende indicaties"
    PARAMS = {
        "fte": param(
            0.5, "FTE for the drive", "municipal practice: one municipality used 0.5 FTE", 0, 20
        ),
        "reviews_per_fte_month": param(30.0, "reviews per FTE per month", "assumption", 1, 200),
        "duration_months": param(12, "months the drive runs", "policy choice", 1, 120),
        "fte_cost_year": param(75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Add reviews while the drive runs."""
        p = self.params
        running = model.month < p["start_month"] + p["duration_months"]
        reviews = int(p["fte"] * p["reviews_per_fte_month"] * intensity) if running else 0
        model.set_param("rules.review_drive_per_month", reviews)
        return p["fte"] * p["fte_cost_year"] / 12.0 if running else 0.0


class IndicationLength(Policy):
    """Short, long, or indefinite-with-follow-up Wmo indications.

    Mechanism: the planned length of new Wmo indications; at its end a re-assessment
    stops care whose need has gone. Indefinite indications come with a yearly
    follow-up review of every running indication.
    """

    name = "indication_length"
    label = "Length of Wmo indications"
    dutch = "indicatieduur"
    PARAMS = {
        "mode": param(
            "short",
            "short (12 months), long (36), indefinite (yearly follow-up)",
            "policy choice",
            choices=("short", "long", "indefinite"),
        ),
    }
    MONTHS = {"short": 12, "long": 36, "indefinite": 120}

    def act(self, model: CareModel, intensity: float) -> float:
        """Set the indication length (and follow-up reviews for indefinite ones)."""
        mode = self.params["mode"]
        self.shift_param(model, "access.indication_months_wmo", self.MONTHS[mode], intensity)
        if mode == "indefinite":
            running = sum(
                model.services.clients(p) for p in PRODUCTS if PRODUCTS[p].domain == "wmo"
            )
            model.set_param("rules.review_drive_per_month", int(running / 12))
        return 0.0


class StopStacking(Policy):
    """Stopping the stacking of care (several services on one resident).

    Mechanism: the access team grants one main service where several would fit: day
    care covers individual support, and HH is only added without another service.
    """

    name = "stop_stacking"
    label = "Stop stacking of care"
    dutch = "stapeling van zorg tegengaan"
    PARAMS = {}

    def act(self, model: CareModel, intensity: float) -> float:
        """Switch stacking off."""
        model.set_param("rules.allow_stacking", 0 if intensity >= 0.5 else 1)
        return 0.0


class FourEyes(Policy):
    """Four-eyes principle for costly decisions (vier-ogenprincipe).

    Mechanism: tailored decisions above a monthly cost get a second consultant, who
    makes part of them lighter; costs consultant time.
    """

    name = "four_eyes"
    label = "Four-eyes principle for costly decisions"
    dutch = "vier-ogenprincipe"
    PARAMS = {
        "threshold_eur_month": param(
            500.0, "EUR/month above which a second look is needed", "policy choice", 0, 20000
        ),
        "fte": param(0.3, "FTE for second looks", "assumption", 0, 10),
        "fte_cost_year": param(75000.0, "EUR per FTE per year", FTE_SOURCE, 0, 200000),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Set the threshold."""
        model.set_param("rules.four_eyes_eur_month", self.params["threshold_eur_month"])
        return self.params["fte"] * self.params["fte_cost_year"] / 12.0


class FundingModel(Policy):
    """Funding model per product and the number of contracted providers.

    Mechanism: providers behave by how they are paid (VNG overview): PxQ lengthens
    and intensifies, lump sums and population budgets shorten and cap capacity (waiting
    lists when demand exceeds it), result funding ends at the result and avoids hard
    cases. Fewer contracted providers lower the municipality's contract management.
    """

    name = "funding_model"
    label = "Funding model and number of providers"
    dutch = "bekostigingsmodel en aantal aanbieders"
    PARAMS = {
        "model": param(
            "lump_sum",
            "funding model",
            "VNG overview of funding systems",
            choices=("pxq", "lump_sum", "population", "result"),
        ),
        "domain": param(
            "youth", "which products", "policy choice", choices=("youth", "wmo", "all")
        ),
        "providers": param(2, "contracted providers per product", "policy choice", 1, 300),
        "admin_eur_per_provider_year": param(
            8000.0, "municipal contract management per provider", "assumption", 0, 100000
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Switch providers' funding; count the change in contract management."""
        p = self.params
        before = int(model.profile["providers.count_per_product"])
        products = [q for q, i in PRODUCTS.items() if p["domain"] in ("all", i.domain)]
        for product in products:
            for provider in model.services.providers[product]:
                provider.funding_model = p["model"]
        change = (p["providers"] - before) * len(products)
        return change * p["admin_eur_per_provider_year"] / 12.0


class IntegratedFamilies(Policy):
    """Integrated approach for multi-problem families (één gezin, één plan).

    Mechanism: the households with the most services at once (youth care plus Wmo)
    get one coordinator; their youth care improves faster and ends when its goal is
    reached, and their Wmo indications are reviewed every month.
    """

    name = "integrated_families"
    label = "Integrated approach for multi-problem families"
    dutch = "integrale aanpak multiprobleemgezinnen"
    PARAMS = {
        "families": param(
            20,
            "households with a coordinator",
            "municipal practice: a pilot with about 20 families",
            0,
            5000,
        ),
        "cost_per_family_year": param(6000.0, "EUR per family per year", "assumption", 0, 100000),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Pick the households with most services and coordinate them."""
        people = model.people
        families = int(round(self.params["families"] * intensity))
        services = people.view("services")
        living = people.living()
        household = people.view("household")
        bits = np.unpackbits(services.view(np.uint8).reshape(-1, 2), axis=1).sum(axis=1)
        size = int(household.max()) + 1
        load = np.bincount(household[living], weights=bits[living], minlength=size)
        youth = np.bincount(
            household[living], weights=((services & YOUTH_MASK) != 0)[living], minlength=size
        )
        wmo = np.bincount(
            household[living], weights=((services & WMO_MASK) != 0)[living], minlength=size
        )
        eligible = np.flatnonzero((youth > 0) & ((wmo > 0) | (youth > 1)))
        chosen = eligible[np.argsort(-load[eligible], kind="stable")][:families]
        flagged = np.zeros(size, dtype=bool)
        flagged[chosen] = True
        people.coordinated[: people.n] = flagged[household] & living
        self.counts["families"] = len(chosen)
        return len(chosen) * self.params["cost_per_family_year"] / 12.0


class Voorveld(Policy):
    """Prevention and voorveld investment: youth work, volunteers, carer support.

    Mechanism: more places in the general facilities and a higher reach (awareness):
    more mild needs are met early (slower deterioration), more overburdened carers
    get support (they bear more before they break).
    """

    name = "voorveld"
    label = "Investment in the voorveld"
    dutch = "investering in het voorveld"
    PARAMS = {
        "extra_places_per_1000": param(
            5.0, "extra general places per 1,000 residents", "policy choice", 0, 100
        ),
        "reach": param(
            0.75, "probability a help-seeker knows the right facility", "policy choice", 0, 1
        ),
        "cost_per_place_month": param(
            120.0,
            "EUR subsidy per place per month",
            "assumption (as general.budget_eur_per_place_month)",
            0,
            3000,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Add places (spread like the existing ones) and raise reach."""
        extra = self.for_population(model, self.params["extra_places_per_1000"], 1000, intensity)
        added = 0
        for facility in model.facilities.items:
            more = int(round(extra * facility.kind.place_share))
            facility.places = facility.base_places + more
            added += more
        base_reach = model.profile["general.reach"]
        model.facilities.reach = base_reach + (self.params["reach"] - base_reach) * intensity
        return added * self.params["cost_per_place_month"]


class EarlierWlz(Policy):
    """Earlier transition to the Wlz when need becomes permanent.

    Mechanism: the access team spots permanent need earlier (a lower threshold) and
    helps residents apply (higher monthly chance), moving their care out of the Wmo.
    """

    name = "earlier_wlz"
    label = "Earlier transition to the Wlz"
    dutch = "eerdere overgang naar de Wlz"
    PARAMS = {
        "permanent_threshold": param(
            0.5, "need level regarded as permanent (status quo 0.65)", "policy choice", 0.3, 1.0
        ),
        "application": param(
            0.95, "monthly chance to move once permanent (status quo 0.8)", "policy choice", 0, 1
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Lower the threshold and raise the application chance."""
        self.shift_param(
            model, "adult_needs.permanent_threshold", self.params["permanent_threshold"], intensity
        )
        self.shift_param(
            model, "adult_needs.wlz_application", self.params["application"], intensity
        )
        return 0.0


class Contribution(Policy):
    """The Wmo personal contribution regime (eigen bijdrage).

    Mechanism: the price a household expects to pay weighs on applying for household
    help; under an income- and volume-dependent regime middle and high incomes pay
    more, and part of them buy help privately instead ("price matters").
    """

    name = "contribution"
    label = "Personal contribution regime"
    dutch = "eigen bijdrage Wmo"
    PARAMS = {
        "regime": param(
            "income", "flat fee or income-dependent", "Wmo 2015", choices=("flat", "income")
        ),
        "flat_eur_month": param(
            21.0, "EUR per household per month", "abonnementstarief 2025", 0, 200
        ),
        "income_rate_eur_hour": param(
            16.0,
            "EUR per hour for the highest income class",
            "assumption (see contribution.income_rate_eur_hour)",
            0,
            60,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Change the regime and its prices."""
        self.shift_param(model, "contribution.regime", self.params["regime"], intensity)
        model.set_param("contribution.flat_eur_month", self.params["flat_eur_month"])
        model.set_param("contribution.income_rate_eur_hour", self.params["income_rate_eur_hour"])
        return 0.0

"""Day activities as a general facility instead of indicated day care."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class DaycareGeneral(Policy):
    """Day activities as a general facility instead of indicated day care.

    Mechanism: the general day-activities facility gets extra places; residents who
    would be granted indicated day care are offered a place there first, and only get
    tailored day care when it is full (a full general facility sends demand back).
    """

    name = "daycare_general"
    rank = 4
    label = "Day activities as a general facility"
    dutch = "dagbesteding als algemene voorziening"
    mechanism_nl = (
        "De algemene voorziening dagbesteding krijgt extra plaatsen; wie anders "
        "geïndiceerde dagbesteding zou krijgen, krijgt eerst daar een plek aangeboden en "
        "alleen maatwerk als de voorziening vol is (een volle voorziening stuurt de vraag "
        "terug)."
    )
    mechanism_en = (
        "The general day-activity facility gets extra places; whoever would otherwise get "
        "indicated day care is first offered a place there, and tailored care only when the "
        "facility is full (a full facility sends the request back)."
    )
    ZERO_DOSE = (
        "its decision rule (general day activities first) acts on the status-quo places "
        "even without extra places"
    )
    PARAMS = {
        "extra_places_per_1000": param(
            4.0,
            "extra general day-activity places per 1,000 residents",
            "policy choice",
            0,
            50,
            nl="extra plaatsen dagbesteding per 1.000 inwoners",
        ),
        "cost_per_place_month": param(
            350.0,
            "EUR subsidy per place per month",
            "assumption: group activity without indication, about half the cost of indicated "
            "day care (Westerveld 2023 tariffs)",
            0,
            3000,
            nl="EUR subsidie per plaats per maand",
            source_nl=(
                "aanname: groepsactiviteit zonder indicatie, ongeveer de helft van geïndiceerde "
                "dagbesteding (tarieven Westerveld 2023)"
            ),
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add places to day activities and offer them before indicated day care."""
        extra = round(
            self.for_population(ctx, self.params["extra_places_per_1000"], 1000, intensity)
        )
        ctx.facilities.by_kind("day_activities").extra_places += extra
        self.rule(ctx, "daycare_as_general", True)
        return extra * self.params["cost_per_place_month"]

"""Light support by the municipality's own local teams."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class OwnLightSupport(Policy):
    """Light support by the municipality's own local teams.

    Mechanism: more places for short light support by the team itself, so that the
    kitchen-table conversation can end in light help instead of a tailored service.
    """

    name = "light_support"
    rank = 5
    label = "Light support by own local teams"
    dutch = "lichte ondersteuning door eigen wijkteams"
    mechanism_nl = (
        "Meer plaatsen voor korte lichte ondersteuning door het wijkteam zelf, zodat het "
        "keukentafelgesprek kan eindigen in lichte hulp in plaats van een maatwerkvoorziening."
    )
    mechanism_en = (
        "More places for short light support by the district team itself, so that the kitchen- "
        "table conversation can end in light help instead of a tailored service."
    )
    ZERO_DOSE = {"extra_places_per_1000": 0.0}
    PARAMS = {
        "extra_places_per_1000": param(
            3.0,
            "extra light-support places per 1,000 residents",
            "policy choice",
            0,
            50,
            nl="extra plaatsen lichte ondersteuning per 1.000",
        ),
        "cost_per_place_month": param(
            250.0,
            "EUR per place per month",
            "assumption: own staff at about 4 clients per FTE-day",
            0,
            3000,
            nl="EUR per plaats per maand",
            source_nl="aanname: eigen medewerkers met ongeveer 4 cliënten per fte-dag",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add places to the team's own light support, with the staff they take.

        The cost per place pays for that staff, so the extra places do not eat the
        team's assessment time.
        """
        extra = round(
            self.for_population(ctx, self.params["extra_places_per_1000"], 1000, intensity)
        )
        ctx.light_support.extra_places += extra
        ctx.teams.add_fte(ctx.teams.fte_for_light_clients(extra))
        return extra * self.params["cost_per_place_month"]

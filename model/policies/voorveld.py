"""Prevention and voorveld investment: youth work, volunteers, carer support."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class Voorveld(Policy):
    """Prevention and voorveld investment: youth work, volunteers, carer support.

    Mechanism: more places in the general facilities (spread like the existing ones,
    ``general.place_share_*``) and a higher reach (awareness): more mild needs are met
    early (slower deterioration), more overburdened carers get support (they bear
    more before they break).
    """

    name = "voorveld"
    rank = 13
    label = "Investment in the voorveld"
    dutch = "investering in het voorveld"
    mechanism_nl = (
        "Meer plaatsen in algemene voorzieningen en een groter bereik (bekendheid): meer "
        "lichte vragen worden vroeg beantwoord (minder verergering), meer overbelaste "
        "mantelzorgers krijgen steun (zij houden het langer vol)."
    )
    mechanism_en = (
        "More places in general facilities and a wider reach (awareness): more mild needs are "
        "met early (less deterioration), more overburdened carers get support (they keep going "
        "longer)."
    )
    ZERO_DOSE = {"extra_places_per_1000": 0.0, "reach": 0.6}
    PARAMS = {
        "extra_places_per_1000": param(
            5.0,
            "extra general places per 1,000 residents",
            "policy choice",
            0,
            100,
            nl="extra plaatsen algemene voorzieningen per 1.000",
        ),
        "reach": param(
            0.75,
            "probability a help-seeker knows the right facility",
            "policy choice",
            0,
            1,
            nl="kans dat een hulpvrager de juiste voorziening kent (bereik)",
        ),
        "cost_per_place_month": param(
            325.0,
            "EUR subsidy per place per month",
            "assumption: the subsidy per place of the existing general facilities",
            0,
            3000,
            nl="EUR subsidie per plaats per maand",
            source_nl="aanname: de subsidie per plaats van de bestaande algemene voorzieningen",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add places (spread like the existing ones) and raise reach."""
        extra = self.for_population(ctx, self.params["extra_places_per_1000"], 1000, intensity)
        added = 0
        for facility, share in zip(ctx.facilities.items, ctx.facilities.shares, strict=True):
            more = int(round(extra * share))
            facility.extra_places += more
            added += more
        self.shift(ctx, "general.reach", self.params["reach"], intensity)
        return added * self.params["cost_per_place_month"]

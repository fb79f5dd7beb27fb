"""Housekeeping-help norm framework (KPMG-HHM normenkader)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class HhNormFramework(Policy):
    """Housekeeping-help norm framework (KPMG-HHM normenkader).

    Mechanism: the access team assesses HH hours from normative times per task (the
    ``hh_norm.*`` registry parameters: 108 hours a year for a full takeover, plus 26-52
    for limitations and 26 for children at home, minus 23 hours when the household or
    network can do part) instead of a professional judgement of unmet hours.
    Optionally residents aged 90+ keep the old method, running indications are
    re-assessed at review, and a share of light clients gets help once a fortnight.
    Lower hours at inflow, slower growth.
    """

    name = "hh_norm"
    rank = 2
    label = "HH norm framework"
    dutch = "normenkader hulp bij het huishouden"
    mechanism_nl = (
        "De toegang bepaalt de uren huishoudelijke hulp met normtijden per taak (108 uur "
        "per jaar bij volledige overname, plus 26-52 voor beperkingen en 26 voor kinderen) "
        "min 23 uur als het huishouden of netwerk een deel kan doen, in plaats van een "
        "professionele inschatting. Optioneel: 90-plussers houden de oude methode, lopende "
        "indicaties gaan mee bij herbeoordeling, een deel van de lichte cliënten krijgt "
        "hulp eens per twee weken. Lagere uren bij instroom, tragere groei."
    )
    mechanism_en = (
        "The access team sets the hours of household help from normative times per task (108 "
        "hours a year for a full takeover, plus 26-52 for limitations and 26 for children) "
        "minus 23 hours when the household or network can do part, instead of a professional "
        "judgement. Optionally residents aged 90+ keep the old method, running indications "
        "follow at review, and a share of light clients gets help once a fortnight. Lower hours "
        "at inflow, slower growth."
    )
    ZERO_DOSE = "a switch of the assessment method: there is no dose at which it does nothing"
    PARAMS = {
        "exempt_90_plus": param(
            0,
            "residents aged 90+ keep the old method (1 = yes)",
            "municipal practice: one municipality exempted 90+",
            0,
            1,
            nl="90-plussers houden de oude methode",
            source_nl="praktijk van gemeenten: één gemeente zonderde 90-plussers uit",
        ),
        "apply_at_review": param(
            0,
            "also re-assess running indications at review (1 = yes)",
            "policy choice",
            0,
            1,
            nl="ook lopende indicaties herbeoordelen",
        ),
        "fortnightly_share": param(
            0.0,
            "share of light clients with fortnightly help",
            "municipal practice: a further step of the norm framework",
            0.0,
            1.0,
            nl="aandeel lichte cliënten met hulp eens per twee weken",
            source_nl="praktijk van gemeenten: een volgende stap in het normenkader",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Switch the assessment method (at half phase-in) and its options."""
        p = self.params
        if intensity >= 0.5:
            self.rule(ctx, "hh_method", "norm")
        if p["exempt_90_plus"]:
            self.rule(ctx, "hh_norm_exempt_age", 90)
        self.rule(ctx, "hh_norm_at_review", bool(p["apply_at_review"]))
        self.rule(ctx, "hh_fortnightly_share", p["fortnightly_share"] * intensity)
        return 0.0

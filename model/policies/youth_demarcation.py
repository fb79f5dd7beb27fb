"""Demarcation of youth care (Commissie van Wijzen, 2021)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param

ROUTES = {
    "general": ("algemene voorziening", "general facility"),
    "light": ("lichte ondersteuning", "light support"),
    "none": ("niets", "nothing"),
}


class YouthDemarcation(Policy):
    """Demarcation of youth care (Commissie van Wijzen, 2021).

    Mechanism: tailored youth care is granted only when (1) there are established
    safety concerns, (2) an established disorder with an environment that cannot cope,
    or (3) without help the child cannot take part in society. ``strictness`` is the
    chance the criteria are applied to an access-team decision; GP referrals follow
    only as far as ``gp_compliance`` (GPs are direct referrers). Refused youths go to a
    general facility (youth work), the team's light support, or nowhere.

    Cross-effect on household help (HH): the team's own light support is one set of
    places for adults and youths (``access.own_light_support_places_per_1000``), full
    in the status quo. Refused youths sent there (route "light", or "general" when
    youth work has no free place) take places that adults would have had; those
    adults then get tailored HH or support instead. So the demarcation raises HH
    clients by competition for shared places, not by a link of its own. Measured
    (12,000 residents, 5 years, seeds 1-3, years 3-5, against no demarcation): route
    "general" +6.2 HH clients (+1.8%), "light" +7.2, "none" +1.2; with no light-support
    places +0.2, with ample places (5 per 1,000, room left) +1.3. The small rise under
    "none" is mostly front-door pressure: refused youths come back and are assessed
    again (access pressure 0.10 -> 0.12), and a team under pressure grants heavier;
    without the overload effects it halves (+0.5). Support clients rise
    by 2-3 under every route: refused youths' problems grow and some carry over into
    an adult need at 18 (BRIEF pattern 7).
    """

    name = "youth_demarcation"
    rank = 3
    label = "Demarcation of youth care"
    dutch = "afbakening jeugdhulp"
    mechanism_nl = (
        "Maatwerk jeugdhulp alleen als (1) er vastgestelde zorgen zijn over de veiligheid, "
        "(2) er een vastgestelde stoornis is en de omgeving het niet aankan, of (3) het "
        "kind zonder hulp niet kan meedoen (Commissie van Wijzen, 2021). 'Strengheid' is "
        "de kans dat de toegang de criteria toepast; huisartsen volgen alleen voor zover "
        "ze zich aan afspraken houden (zij verwijzen rechtstreeks). Afgewezen jongeren "
        "gaan naar een algemene voorziening (jongerenwerk), lichte ondersteuning of nergens heen."
    )
    mechanism_en = (
        "Tailored youth care only when (1) there are established safety concerns, (2) there is "
        "an established disorder and the environment cannot cope, or (3) without help the child "
        "cannot take part in society (Commissie van Wijzen, 2021). 'Strictness' is the chance "
        "the access team applies the criteria; GPs follow only as far as they keep to the "
        "agreements (they refer directly). Refused youths go to a general facility (youth "
        "work), light support or nowhere."
    )
    ZERO_DOSE = {"strictness": 0.0, "gp_compliance": 0.0}
    PARAMS = {
        "strictness": param(
            0.8,
            "chance the criteria are applied",
            "policy choice",
            0.0,
            1.0,
            nl="kans dat de criteria worden toegepast (strengheid)",
        ),
        "refused_route": param(
            "general",
            "where refused youths go",
            "policy choice",
            choices=tuple(ROUTES),
            nl="waar afgewezen jongeren heen gaan",
            choice_labels=ROUTES,
        ),
        "gp_compliance": param(
            0.3,
            "share of GP referrals that follow the agreements",
            "assumption: GPs cannot be bound by law",
            0.0,
            1.0,
            nl="aandeel huisartsverwijzingen volgens de afspraken",
            source_nl="aanname: huisartsen zijn wettelijk niet aan afspraken te binden",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Apply the criteria at the access team and, partly, at the GP."""
        p = self.params
        self.rule(ctx, "youth_demarcation", p["strictness"] * intensity)
        self.rule(ctx, "youth_refused_route", p["refused_route"])
        self.rule(ctx, "gp_demarcation_compliance", p["gp_compliance"])
        return 0.0

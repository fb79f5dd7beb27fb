"""Access-team capacity with active case management (actieve casusregie)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import FTE_COST, Policy, param


class CaseManagement(Policy):
    """Access-team capacity with active case management (actieve casusregie).

    Mechanism: the extra FTE are case managers. Part of their time
    (``review_share``) is kept for reviews of running indications, which scale down
    or stop care; the rest adds to the team's assessment time (shorter queue, less
    pressure). Their steering at the front door - more light solutions, pressure
    weighing less on decisions - is as strong as their coverage: the FTE added
    relative to what the plan of approach judged necessary. No FTE, no effect; the
    FTE cost is booked once, here (the teams' staff cost holds the status quo only).
    """

    name = "case_management"
    rank = 6
    label = "Access-team FTE with active case management"
    dutch = "extra formatie toegang met actieve casusregie"
    mechanism_nl = (
        "Extra fte voor de toegang: kortere wachtlijst, minder werkdruk. Actieve "
        "casusregie stuurt aan de voorkant en tijdens het traject: meer lichte "
        "oplossingen, werkdruk weegt minder mee in besluiten, en een deel van de tijd "
        "gaat naar herbeoordelingen die afschalen of stoppen."
    )
    mechanism_en = (
        "Extra FTE for the access team: a shorter waiting list, less pressure. Active case "
        "management steers at the front door and during the trajectory: more light solutions, "
        "pressure weighs less in decisions, and part of the time goes to reviews that scale "
        "down or stop care."
    )
    ZERO_DOSE = {"extra_fte_per_10000": 0.0, "intensity": 0.0}
    PARAMS = {
        "extra_fte_per_10000": param(
            0.9,
            "extra FTE per 10,000 residents",
            "municipal plan of approach 2020 (~44k residents): 4 FTE structural",
            0.0,
            10.0,
            nl="extra fte toegang per 10.000 inwoners",
            source_nl=(
                "plan van aanpak van een gemeente (2020, ca. 44.000 inwoners): 4 fte structureel"
            ),
        ),
        "intensity": param(
            1.0,
            "strength of case management 0-1",
            "policy choice",
            0.0,
            1.0,
            nl="sterkte van de casusregie (0-1)",
        ),
        "review_share": param(
            0.4,
            "share of the case managers' time kept for reviews",
            "assumption: case managers follow running trajectories (plan of approach 2020)",
            0.0,
            1.0,
            nl="deel van de tijd van casusregisseurs voor herbeoordelingen",
            source_nl="aanname: casusregisseurs volgen lopende trajecten (plan van aanpak 2020)",
        ),
        "full_coverage_fte_per_10000": param(
            2.1,
            "extra FTE per 10,000 residents at which case management reaches everyone",
            "municipal plan of approach 2020 (~44k residents): 9.34 FTE judged necessary",
            0.1,
            10.0,
            nl="extra fte per 10.000 inwoners waarbij de casusregie iedereen bereikt",
            source_nl=(
                "plan van aanpak van een gemeente (2020, ca. 44.000 inwoners): 9,34 fte nodig "
                "geacht"
            ),
        ),
        "fte_cost_year": FTE_COST,
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Add case managers to the teams; their steering is as strong as their coverage."""
        per_10000 = self.params["extra_fte_per_10000"] * intensity
        extra = self.for_population(ctx, self.params["extra_fte_per_10000"], 10000, intensity)
        ctx.teams.add_fte(extra, reserved_for_reviews=extra * self.params["review_share"])
        coverage = min(per_10000 / self.params["full_coverage_fte_per_10000"], 1.0)
        self.rule(ctx, "case_management", self.params["intensity"] * coverage)
        return extra * self.params["fte_cost_year"] / 12.0

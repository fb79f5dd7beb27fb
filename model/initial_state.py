"""The care system at the start: today's clients, not an empty system.

A model that starts with nobody in care needs years of burn-in before its stocks
settle. Instead, everyone whose need would already have brought them to help asks
for it once: the access team assesses them (with no queue), the GP and others refer
youths, and the resulting indications start as running care with a start date spread
over the past. A short burn-in then lets the dynamics settle from there.
"""

from __future__ import annotations

import numpy as np

from agents.products import PRODUCTS, YOUTH_PRODUCTS, Product
from model import decisions, demography, needs, pathways
from model.context import Context


def seed_initial_caseload(ctx: Context) -> None:
    """Grant and start the indications of residents with a need at the start."""
    people, values = ctx.people, ctx.params
    people.tick = ctx.tick
    # Everyone knows the status-quo contribution regime.
    people.believed_regime[:] = pathways.REGIME_CODES[values["contribution.regime"]]
    # Whose need is already permanent lives in a Wlz institution, not at home: without
    # this a wave of Wlz moves in the first months thinned the 85+ living at home.
    demography.move_to_wlz(people, values, ctx.streams["demography"], application=1.0)
    needs.informal_care(people, values, ctx.streams["carers"], breakdowns=False)
    for practice in ctx.practices:
        practice.start_month()

    def assess_at_once(residents: np.ndarray) -> None:
        """No queue at the start: each district's team assesses its applicants now."""
        districts = people.district[residents]
        for team in ctx.teams:
            decisions.assess(ctx, team, residents[districts == team.district])

    pathways.adult_help_seeking(ctx, assess_at_once, chance=1.0)
    pathways.youth_help_seeking(ctx, assess_at_once, chance=1.0)
    # Aids and adaptations stay once granted: whoever's household limitation ever
    # reached the threshold in their life course holds them already.
    peak = getattr(people, "initial_peak_hh", None)
    if peak is not None:
        held = np.flatnonzero(people.living() & (peak >= values["adult_needs.aids_threshold"]))
        ctx.services.grant(Product.AIDS, held, ctx.tick, units=1.0, months=120)
        del people.initial_peak_hh
    # Running trajectories are length-biased: a long one is more likely to be running
    # on a given day. For lognormal lengths LN(mu, sigma) the running ones are
    # LN(mu + sigma^2, sigma), i.e. the drawn length times exp(sigma^2). Without this
    # the initial youth caseload held too many short trajectories, fell in the first
    # months and refilled over three years (youth spending +9% in 2025-27).
    stretch = float(np.exp(values["providers.youth_duration_sigma"] ** 2))
    for product in YOUTH_PRODUCTS:
        caseload = ctx.services.caseloads[product]
        rows = np.flatnonzero(caseload.waiting)
        length = caseload["end"][rows] - caseload["since"][rows]
        caseload["end"][rows] = caseload["since"][rows] + np.round(length * stretch).astype(
            caseload["end"].dtype
        )
    for product in PRODUCTS:
        waiting = ctx.services.caseloads[product]
        share = people.draw(f"initial.{product.name}", waiting["resident"][waiting.waiting])
        ctx.services.admit_existing(product, ctx.tick, share)
    ctx.flows.clear()

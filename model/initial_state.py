"""The care system at the start: today's clients, not an empty system.

A model that starts with nobody in care needs years of burn-in before its stocks
settle. Instead, everyone whose need would already have brought them to help asks
for it once: the access team assesses them (with no queue), the GP and others refer
youths, and the resulting indications start as running care with a start date spread
over the past. A short burn-in then lets the dynamics settle from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model import needs, pathways
from model.products import PRODUCTS, Product

if TYPE_CHECKING:
    from model.care_model import CareModel


def seed_initial_caseload(model: CareModel) -> None:
    """Grant and start the indications of residents with a need at the start."""
    people, values = model.people, model.profile.values
    people.tick = model.tick
    needs.informal_care(people, values, model.streams["carers"])
    for practice in model.gp_practices:
        practice.start_month()
    pathways.adult_help_seeking(model, chance=1.0, now=True)
    pathways.youth_help_seeking(model, model.youth_seek_threshold, chance=1.0, now=True)
    # Aids and adaptations stay once granted: whoever's household limitation ever
    # reached the threshold in their life course holds them already.
    peak = getattr(people, "initial_peak_hh", None)
    if peak is not None:
        held = np.flatnonzero(people.living() & (peak >= values["adult_needs.aids_threshold"]))
        model.services.grant(Product.AIDS, held, model.tick, units=1.0, months=120)
        del people.initial_peak_hh
    for product in PRODUCTS:
        waiting = model.services.caseloads[product]
        share = people.draw(f"initial.{product.name}", waiting["resident"][waiting.waiting])
        model.services.admit_existing(product, model.tick, share)
    model.flows.clear()

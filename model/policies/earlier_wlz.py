"""Earlier transition to the Wlz when need becomes permanent."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class EarlierWlz(Policy):
    """Earlier transition to the Wlz when need becomes permanent.

    Mechanism: the access team spots permanent need earlier (a lower threshold) and
    helps residents apply (higher monthly chance), moving their care out of the Wmo.
    """

    name = "earlier_wlz"
    rank = 14
    label = "Earlier transition to the Wlz"
    dutch = "eerdere overgang naar de Wlz"
    mechanism_nl = (
        "De toegang ziet blijvende zorgbehoefte eerder (lagere drempel) en helpt inwoners "
        "de Wlz aan te vragen; hun zorg gaat dan uit de Wmo."
    )
    mechanism_en = (
        "The access team recognises a permanent care need sooner (a lower threshold) and helps "
        "residents apply for the Wlz; their care then leaves the Wmo."
    )
    ZERO_DOSE = {"permanent_threshold": 0.57, "application": 0.8}
    PARAMS = {
        "permanent_threshold": param(
            0.5,
            "need level regarded as permanent (status quo 0.57)",
            "policy choice",
            0.3,
            1.0,
            nl="behoefte die als blijvend geldt",
        ),
        "application": param(
            0.95,
            "monthly chance to move once permanent (status quo 0.8)",
            "policy choice",
            0,
            1,
            nl="kans per maand op overgang als de behoefte blijvend is",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Lower the threshold and raise the application chance."""
        p = self.params
        self.shift(ctx, "adult_needs.permanent_threshold", p["permanent_threshold"], intensity)
        self.shift(ctx, "adult_needs.wlz_application", p["application"], intensity)
        return 0.0

"""Stopping the stacking of care (several services on one resident)."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy


class StopStacking(Policy):
    """Stopping the stacking of care (several services on one resident).

    Mechanism: the access team grants one main service where several would fit: day
    care covers individual support, and HH is only added without another service.
    """

    name = "stop_stacking"
    rank = 9
    label = "Stop stacking of care"
    dutch = "stapeling van zorg tegengaan"
    mechanism_nl = (
        "De toegang kent één hoofdvoorziening toe waar er meerdere zouden passen: "
        "dagbesteding dekt begeleiding, en huishoudelijke hulp komt er alleen bij zonder "
        "andere voorziening."
    )
    mechanism_en = (
        "The access team grants one main service where several would fit: day care covers "
        "support, and household help is added only without another service."
    )
    ZERO_DOSE = "a switch: stacking is allowed or not"
    PARAMS = {}

    def act(self, ctx: Context, intensity: float) -> float:
        """Switch stacking off (from half phase-in)."""
        if intensity >= 0.5:
            self.rule(ctx, "stop_stacking", True)
        return 0.0

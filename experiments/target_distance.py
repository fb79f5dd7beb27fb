"""Distance to the calibration targets as an outcome of a sweep or an EMA experiment.

```toml
[[sweep.outcomes]]
name = "target_distance"
function = "experiments.target_distance:distance"   # the default preset's targets
label = "Distance to the calibration targets"
unit = "band widths squared"
```

The targets are those ``carescape validate`` checks (``experiments.targets``: the
preset's target file with its figures, bands and measures). For one run each target
is measured from the run's monthly columns as validate measures it, and its deviation
``e`` is ``Target.error``: the distance from the real figure in units of the distance
from the figure to the band's edge on that side, so ``|e| <= 1`` inside the band.

* ``distance``: the sum over targets of ``weight * (|e| - 1)^2`` for the part outside
  the band (0 when every target holds); a target the run cannot measure (no December,
  one year for a growth) counts ``LOSS_OF_NAN`` times its weight, as in calibration.
* ``outside``: the number of targets outside their band (unmeasurable ones count).

Other target sets: ``distance_<set>`` and ``outside_<set>`` (``distance_city``,
``outside_small``...; ``carescape validate --targets`` lists the sets). Both read the
run's monthly columns (``monthly = True``) and declare the indicators they need
(``inputs``), so a sweep stores them without an ``inputs = [...]`` in the spec.

Differences from ``carescape validate``: validate measures the mean over seeds of the
full run; here every run gets its own figure (average over replicates in analyze), over
the outcome's window (``years``; default the whole run). Without a ``date`` column (a
sweep's parts in ``analyze``) December is ``month % 12 == 0``, which assumes a January
start (the default, ``2025-01``); the EMA adapter passes dates.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from experiments.targets import LOSS_OF_NAN, Target, TargetSet, resolve_targets
from model.results import INDICATORS

KINDS = ("distance", "outside")
DEFAULT_SET = "default"


@functools.cache
def target_set(name: str = DEFAULT_SET) -> TargetSet:
    """A built-in target set with only the targets a run's recorded columns can measure."""
    recorded = [n for n, i in INDICATORS.items() if i.kind != "key"]
    return resolve_targets(targets=name).evaluable(recorded)


def deviations(series: Mapping[str, np.ndarray], name: str = DEFAULT_SET) -> dict[str, float]:
    """Each target's deviation ``e`` (``Target.error``; NaN if the run cannot measure it)."""
    out = {}
    for target in target_set(name):
        with np.errstate(all="ignore"):
            simulated = target.compute(series)
        out[target.name] = target.error(simulated) if math.isfinite(simulated) else math.nan
    return out


def outside_band(target: Target, deviation: float) -> float:
    """``weight * (|e| - 1)^2`` outside the band, 0 inside; ``LOSS_OF_NAN`` x weight if NaN."""
    if not math.isfinite(deviation):
        return LOSS_OF_NAN * target.weight
    return target.weight * max(abs(deviation) - 1.0, 0.0) ** 2


@dataclass(frozen=True)
class TargetDistance:
    """A spec outcome function over one target set: ``distance`` or ``outside``."""

    targets: str = DEFAULT_SET
    kind: str = "distance"
    monthly: bool = True  # experiments.outcomes: pass the monthly columns

    @property
    def inputs(self) -> tuple[str, ...]:
        """The recorded indicators the targets' measures read (stored by a sweep)."""
        return tuple(dict.fromkeys(c for t in target_set(self.targets) for c in t.columns))

    def __call__(self, series: Mapping[str, np.ndarray]) -> float:
        """The run's distance (or count outside) from its monthly columns."""
        found = deviations(series, self.targets)
        targets = {t.name: t for t in target_set(self.targets)}
        if self.kind == "outside":
            return float(sum(not (abs(e) <= 1.0) for e in found.values()))
        return float(sum(outside_band(targets[n], e) for n, e in found.items()))


distance = TargetDistance(DEFAULT_SET, "distance")
outside = TargetDistance(DEFAULT_SET, "outside")


def __getattr__(name: str) -> TargetDistance:
    """``distance_<set>`` / ``outside_<set>`` for the other built-in target sets."""
    kind, _, chosen = name.partition("_")
    if kind in KINDS and chosen:
        from experiments.targets import target_set_names

        if chosen in target_set_names():
            return TargetDistance(chosen, kind)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

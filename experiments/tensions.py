"""Which figures pull against which: read from the trials of a calibration study.

A poor fit of a municipality's own figure is only useful to a controller if it says
*why*: usually another figure cannot be met at the same time (more youth care users
but shorter trajectories; lower Wmo spending but more HH clients). Every trial of the
study ran the same seeds (common random numbers), so across trials the targets'
errors move only with the fitted parameters. For each target outside its band at the
best trial this module finds the target whose error grows most consistently when the
first one's shrinks (Spearman rank correlation of their absolute errors over the
trials), and the fitted parameter that moves the two in opposite directions.

The trials are the optimiser's (TPE concentrates them where the loss is low), not a
designed experiment: the correlations describe the region the fit explored and are
reported with the number of trials they rest on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from experiments.targets import Evaluation, Target

# Below this many finished trials a rank correlation says little; no tension is named.
MIN_TRIALS = 8
# How strongly two errors must move against each other to be called a tension: at least
# 0.3, and beyond what chance gives among ~40 targets (|rho| > 3 / sqrt(n - 1), about a
# p < 0.003 two-sided level, i.e. a Bonferroni guard for comparing each target with all).
MIN_OPPOSITION = 0.3


def opposition_needed(trials: int) -> float:
    """The |rho| a pair of targets must exceed to be reported over ``trials`` trials."""
    return max(MIN_OPPOSITION, 3.0 / math.sqrt(max(trials - 1, 1)))


@dataclass(frozen=True)
class Tension:
    """Target ``target`` is outside its band and ``against`` pulls the other way."""

    target: str
    against: str
    rho: float  # Spearman correlation of the two absolute errors over the trials (< 0)
    parameter: str  # fitted parameter that moves them in opposite directions ("" if none)
    parameter_rho: tuple[float, float]  # its correlation with each absolute error
    trials: int

    def as_table(self) -> dict[str, object]:
        """The TOML table written into the profile's [calibration] provenance."""
        return {
            "target": self.target,
            "against": self.against,
            "rho": round(self.rho, 3),
            "parameter": self.parameter,
            "parameter_rho": [round(r, 3) for r in self.parameter_rho],
            "trials": self.trials,
        }


def _ranks(values: np.ndarray) -> np.ndarray:
    """Average ranks (ties share their mean rank), as Spearman's correlation needs."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values), dtype=float)
    for value in np.unique(values):
        tied = values == value
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    return ranks


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Rank correlation; 0 when either side does not vary."""
    ra, rb = _ranks(np.asarray(a, float)), _ranks(np.asarray(b, float))
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def _abs_errors(targets: Sequence[Target], trials: Sequence[Mapping[str, Sequence[float]]]):
    """|error| per target (rows: trials); a trial whose figure is not finite counts as far."""
    out = {}
    for t in targets:
        column = []
        for per_seed in trials:
            finite = [v for v in per_seed[t.name] if math.isfinite(v)]
            column.append(abs(t.error(float(np.mean(finite)))) if finite else 10.0)
        out[t.name] = np.asarray(column)
    return out


def find_tensions(
    best: Sequence[Evaluation],
    trials: Sequence[Mapping[str, Sequence[float]]],
    params: Sequence[Mapping[str, float]],
) -> list[Tension]:
    """One tension per target outside its band at the best trial, where the trials show one.

    ``trials`` holds each finished trial's per-seed values by target name and ``params``
    its fitted parameter values, in the same order.
    """
    if len(trials) < MIN_TRIALS:
        return []
    targets = [e.target for e in best]
    errors = _abs_errors(targets, trials)
    names = sorted(params[0]) if params else []
    values = {n: np.asarray([p[n] for p in params], float) for n in names}
    found = []
    for e in best:
        if e.holds:
            continue
        mine = errors[e.target.name]
        rhos = {other: spearman(mine, errors[other]) for other in errors if other != e.target.name}
        if not rhos:
            continue
        against = min(rhos, key=lambda n: (rhos[n], n))
        if rhos[against] > -opposition_needed(len(trials)):
            continue
        parameter, pair = "", (0.0, 0.0)
        strength = 2.0 / math.sqrt(len(trials) - 1)  # a parameter below ~p 0.05 is not named
        for n in names:
            ra, rb = spearman(values[n], mine), spearman(values[n], errors[against])
            if ra * rb < 0 and min(abs(ra), abs(rb)) > strength:
                parameter, pair, strength = n, (ra, rb), min(abs(ra), abs(rb))
        found.append(Tension(e.target.name, against, rhos[against], parameter, pair, len(trials)))
    return found


def study_trials(study) -> tuple[list[dict[str, list[float]]], list[dict[str, float]]]:
    """Per-seed values and parameters of the study's finished trials, in trial order."""
    done = [t for t in study.trials if t.value is not None and "per_seed" in t.user_attrs]
    return [t.user_attrs["per_seed"] for t in done], [dict(t.params) for t in done]


def describe(
    tension: Mapping[str, object],
    labels: Mapping[str, str],
    lang: str = "en",
    parameter_label: Callable[[str], str] = str,
) -> str:
    """A sentence for the fit report (``tension`` as stored in the profile)."""
    target, against = str(tension["target"]), str(tension["against"])
    a, b = labels.get(target, target), labels.get(against, against)
    rho, trials = float(tension["rho"]), int(tension["trials"])
    parameter = str(tension.get("parameter", ""))
    if lang == "nl":
        shown = f"{rho:.2f}".replace(".", ",")
        text = (
            f"{a} trekt tegen {b} in: over {trials} proeven lag het ene cijfer dichter bij "
            f"de werkelijkheid naarmate het andere er verder vanaf lag (rangcorrelatie "
            f"{shown})"
        )
        if parameter:
            text += f"; {parameter_label(parameter)} duwt ze in tegengestelde richting"
        return text + "."
    text = (
        f"{a} pulls against {b}: over {trials} trials, the closer one came to its real "
        f"figure, the further the other went (rank correlation {rho:.2f})"
    )
    if parameter:
        text += f"; {parameter_label(parameter)} moves them in opposite directions"
    return text + "."

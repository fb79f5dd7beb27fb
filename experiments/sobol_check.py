"""Sobol indices with the checks a reader needs before believing them.

SALib returns indices whatever the sample size; with few base samples they can be
impossible (S1 above 1 or clearly below 0, a total index below the first-order one) or
merely noisy. Three checks turn that into warnings that name the output, the factor and
the fix:

* **implausible values**: S1 or ST outside [0, 1], the S1 sum above 1, or ST below S1,
  each by more than ``SLACK``;
* **too few samples**: a 95% confidence half-width above ``CONF_TARGET``; since the
  width shrinks as 1/sqrt(N), the N that would reach the target is N * (width /
  target)^2, rounded up to a power of 2;
* **no convergence**: the indices from the first N/2 base samples differ from those
  from all N by more than ``CONVERGENCE`` (Saltelli's sample is a block of rows per
  base sample, so the first half of the blocks is a valid sample of size N/2).

Numerical warnings of the estimator (division by a zero variance, ...) are reported,
not hidden. Second-order indices (S2) are kept when the design made them.
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

SLACK = 0.05
CONF_TARGET = 0.1
CONVERGENCE = 0.1
COLUMNS = ["output", "factor", "index", "value", "conf"]


def sobol_indices(
    problem: dict[str, Any], y: np.ndarray, samples: int, second_order: bool, seed: int, output: str
) -> tuple[pd.DataFrame, list[str]]:
    """S1, ST (and S2) per factor with 95% half-widths, and the warnings they deserve."""
    result, numerical = _analyze(problem, y, second_order, seed)
    names = problem["names"]
    rows = [
        (output, name, index, float(result[index][j]), float(result[f"{index}_conf"][j]))
        for j, name in enumerate(names)
        for index in ("S1", "ST")
    ]
    if second_order:
        for i, j in itertools.combinations(range(len(names)), 2):
            value, conf = float(result["S2"][i, j]), float(result["S2_conf"][i, j])
            rows.append((output, f"{names[i]} x {names[j]}", "S2", value, conf))
    notes = [f"{output}: numerical warning from the Sobol estimator: {w}" for w in numerical]
    notes += implausible(result, names, output)
    notes += too_few(result, samples, output)
    notes += convergence(problem, y, samples, second_order, seed, result, output)
    return pd.DataFrame(rows, columns=COLUMNS), notes


def _analyze(problem: dict, y: np.ndarray, second_order: bool, seed: int) -> tuple[dict, list]:
    from SALib.analyze import sobol

    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        result = sobol.analyze(problem, y, calc_second_order=second_order, seed=seed)
    messages = list(dict.fromkeys(str(w.message) for w in caught))
    return result, messages


def implausible(result: dict, names: list[str], output: str) -> list[str]:
    """Indices no sampling error of a sound estimate would give."""
    notes = []
    for j, name in enumerate(names):
        s1, st = float(result["S1"][j]), float(result["ST"][j])
        problems = []
        if not -SLACK <= s1 <= 1 + SLACK:
            problems.append(f"S1 = {s1:.2f} outside [0, 1]")
        if not -SLACK <= st <= 1 + SLACK:
            problems.append(f"ST = {st:.2f} outside [0, 1]")
        if st < s1 - SLACK:
            problems.append(f"ST = {st:.2f} below S1 = {s1:.2f}")
        if problems or not (math.isfinite(s1) and math.isfinite(st)):
            text = "; ".join(problems) or "an index is not a number"
            notes.append(f"{output}: implausible indices for {name}: {text}")
    total = float(np.nansum(result["S1"]))
    if total > 1 + SLACK:
        notes.append(f"{output}: the first-order indices sum to {total:.2f}, above 1")
    return notes


def needed_samples(samples: int, width: float, target: float = CONF_TARGET) -> int:
    """The power-of-2 N at which a half-width ``width`` at N would shrink to ``target``."""
    wanted = samples * (width / target) ** 2
    return 2 ** max(math.ceil(math.log2(max(wanted, 2))), 1)


def too_few(result: dict, samples: int, output: str) -> list[str]:
    """A warning, with the N needed, when the intervals are wider than ``CONF_TARGET``."""
    widths = np.concatenate([result["S1_conf"], result["ST_conf"]])
    widest = float(np.nanmax(widths)) if np.isfinite(widths).any() else math.inf
    if widest <= CONF_TARGET:
        return []
    if not math.isfinite(widest):
        return [f"{output}: the indices' confidence intervals could not be estimated"]
    return [
        f"{output}: too few samples: N = {samples} gives confidence half-widths up to "
        f"{widest:.2f}; about N = {needed_samples(samples, widest)} would bring them to "
        f"{CONF_TARGET}"
    ]


def convergence(
    problem: dict,
    y: np.ndarray,
    samples: int,
    second_order: bool,
    seed: int,
    full: dict,
    output: str,
) -> list[str]:
    """Compare the indices from the first N/2 base samples with those from all N."""
    if samples < 4:
        return [f"{output}: N = {samples} is too small to check convergence (N/2 vs N)"]
    block = (2 * problem["num_vars"] + 2) if second_order else (problem["num_vars"] + 2)
    half, _ = _analyze(problem, y[: (samples // 2) * block], second_order, seed)
    shifts = [
        abs(float(full[index][j]) - float(half[index][j]))
        for index in ("S1", "ST")
        for j in range(problem["num_vars"])
    ]
    shift = max(shifts) if all(math.isfinite(s) for s in shifts) else math.inf
    if shift <= CONVERGENCE:
        return []
    return [
        f"{output}: not converged: indices moved by up to {shift:.2f} between N = "
        f"{samples // 2} and N = {samples}; raise N until they stop moving"
    ]

"""Paired contrasts between a sweep's arms: each arm minus the first, seed by seed.

Every arm runs a design point with the same seeds, so the difference of two arms for one
seed removes the noise both share (common random numbers). Per design point and
output the replicates' differences give a mean and a two-sided 90% t-interval, the
same interval ``carescape compare`` reports. An interval of the levels of each arm is
far wider and would hide a difference the pairing shows.
"""

from __future__ import annotations

import math

import pandas as pd

from experiments.compare import t95

COLUMNS = [
    "point",
    "arm",
    "reference",
    "output",
    "reference_mean",
    "arm_mean",
    "diff_mean",
    "diff_sd",
    "diff_lo",
    "diff_hi",
    "replicates",
]


def paired_contrasts(
    values: pd.DataFrame, design: pd.DataFrame, outputs: list[str], arms: list[str]
) -> pd.DataFrame:
    """Per design point, arm (not the first) and output: the paired difference to the first arm.

    ``values`` has one row per run (``point``, ``arm``, ``replicate`` and the outputs).
    Only replicates that finished under both arms are paired.
    """
    reference, rows = arms[0], []
    by_arm = {arm: frame for arm, frame in values.groupby("arm", sort=False)}
    base = by_arm.get(reference, values.iloc[0:0])
    for arm in arms[1:]:
        paired = base.merge(
            by_arm.get(arm, values.iloc[0:0]), on=["point", "replicate"], suffixes=("_r", "_a")
        )
        for point, frame in paired.groupby("point", sort=True):
            for output in outputs:
                rows.append(_row(int(point), arm, reference, output, frame))
    table = pd.DataFrame(rows, columns=COLUMNS)
    factors = design[[c for c in design.columns if not c.startswith("unit:")]]
    return factors.merge(table, on="point", how="right")


def _row(point: int, arm: str, reference: str, output: str, frame: pd.DataFrame) -> tuple:
    ref = frame[f"{output}_r"].to_numpy(float)
    other = frame[f"{output}_a"].to_numpy(float)
    diff = other - ref
    n = len(diff)
    mean = float(diff.mean())
    sd = float(diff.std(ddof=1)) if n > 1 else math.nan
    half = t95(n - 1) * sd / math.sqrt(n) if n > 1 else math.nan
    return (
        point,
        arm,
        reference,
        output,
        float(ref.mean()),
        float(other.mean()),
        mean,
        sd,
        mean - half,
        mean + half,
        n,
    )

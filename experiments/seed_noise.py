"""How much of an output's spread over a sweep is seed noise, not the design.

Every design point runs with the same list of seeds, so an output's variance over all
runs splits into the variance *between* design points (what the factors do) and the
variance *within* a point, between its replicates (what the random draws do). The
seed-noise share is the within part of the sum of squares:

    share = sum over points of sum_i (y_pi - mean_p)^2  /  sum over all runs (y - mean)^2

(one-way analysis of variance with the design point as the group). A share near 0
means the factors explain the spread; above ``NOISE_WARNING`` the replicates differ
more than the design points do, so main effects and sensitivity indices mostly show
noise: more replicates, or more residents per run (noise shrinks with population),
are needed before reading them. With arms, each arm is one group of its own points
(the arms' systematic difference is not noise), and the share is given per arm.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

NOISE_WARNING = 0.5
COLUMNS = ["output", "seed_noise_share", "ss_within", "ss_total", "points", "runs"]


def noise_share(values: pd.DataFrame, outputs: list[str]) -> pd.DataFrame:
    """Per output (and arm): the share of the variance between replicates of one point.

    ``values`` has one row per run (``point``, optionally ``arm``, and the outputs).
    The share is NaN when no point has two replicates or the output does not vary.
    """
    arms = list(dict.fromkeys(values["arm"])) if "arm" in values.columns else [None]
    rows = []
    for arm in arms:
        part = values if arm is None else values[values["arm"] == arm]
        for output in outputs:
            rows.append(_one(part, output) | ({"arm": arm} if arm is not None else {}))
    columns = (["arm"] if arms != [None] else []) + COLUMNS
    return pd.DataFrame(rows, columns=columns)


def _one(part: pd.DataFrame, output: str) -> dict:
    y = part[output].to_numpy(float)
    keep = np.isfinite(y)
    frame = pd.DataFrame({"point": part["point"].to_numpy()[keep], "y": y[keep]})
    total = float(((frame["y"] - frame["y"].mean()) ** 2).sum())
    centred = frame["y"] - frame.groupby("point")["y"].transform("mean")
    within = float((centred**2).sum())
    repeated = bool((frame.groupby("point").size() > 1).any())
    share = within / total if repeated and total > 0 else math.nan
    return {
        "output": output,
        "seed_noise_share": share,
        "ss_within": within,
        "ss_total": total,
        "points": int(frame["point"].nunique()),
        "runs": len(frame),
    }


def noise_warnings(table: pd.DataFrame) -> list[str]:
    """A warning per output (and arm) whose seed noise is more than ``NOISE_WARNING``."""
    notes = []
    for row in table.to_dict("records"):
        share = row["seed_noise_share"]
        if not share > NOISE_WARNING:  # NaN too: nothing to warn about
            continue
        arm = f"arm {row['arm']!r}: " if "arm" in row else ""
        notes.append(
            f"warning: {arm}{row['output']}: seed noise is {share:.0%} of the variance "
            f"(more than {NOISE_WARNING:.0%}): the replicates of one design point differ more "
            "than the points do; more replicates or residents needed before reading effects"
        )
    return notes


def format_noise(table: pd.DataFrame) -> str:
    """The shares as a short block of the analysis report."""
    lines = ["Seed noise: share of each output's variance between replicates of one point"]
    for row in table.to_dict("records"):
        name = f"{row['arm']} / {row['output']}" if "arm" in row else row["output"]
        share = row["seed_noise_share"]
        shown = "-" if math.isnan(share) else f"{share:6.1%}"
        flag = "  (seed noise dominates)" if share > NOISE_WARNING else ""
        lines.append(f"  {name:<56} {shown:>6}{flag}")
    return "\n".join(lines)

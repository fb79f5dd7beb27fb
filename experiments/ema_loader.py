"""Any sweep folder as the EMA Workbench's ``(experiments, outcomes)`` pair.

``perform_experiments`` returns a DataFrame of inputs (one row per experiment) and a
dict of numpy arrays (one entry per outcome, rows in the same order). A sweep folder
holds the same information, so a researcher can run EMA's analyses (PRIM, CART,
feature scoring, its plots) on a finished sweep without running anything again:

```python
from ema_workbench.analysis import prim
from experiments.ema_loader import load_sweep

experiments, outcomes = load_sweep("results/sweeps/youth-lhs", outputs=["net_cost_eur"])
x = experiments[factor_columns(experiments)]
box = prim.Prim(x, outcomes["net_cost_eur"] > 0).find_box()
```

One row per run, ordered by run. The factor columns carry EMA's names of the sweep's
factors (``a.b.c`` as ``a__b__c``, as ``experiments.ema`` names them), numbers as
floats; EMA's bookkeeping columns follow: ``scenario`` (the design point), ``policy``
(the arm, or ``"none"``), ``model`` (the sweep's name), plus ``run``, ``replicate`` and
``seed``. Scalar outcomes are each run's figure for ``year`` as ``carescape analyze``
computes it (stocks: the year's mean, flows: its sum; a spec's own outcomes over their
window); ``series`` adds ``<name>_series`` arrays of shape (runs, months).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.ema import ema_name
from experiments.outcomes import SCHEMA_OUTPUTS, outcomes_from_meta

BOOKKEEPING = ("scenario", "policy", "model", "run", "replicate", "seed")


def load_sweep(
    folder: str | Path,
    outputs: list[str] | None = None,
    year: Any = "last",
    series: list[str] | tuple[str, ...] = (),
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The finished runs of a sweep folder as EMA's ``(experiments, outcomes)``.

    Args:
        folder: a folder written by ``carescape sweep``.
        outputs: the scalar outcomes (default: every output of the sweep).
        year: the recorded year of the scalar figures: N, "last" or "all" (mean of years).
        series: stored outputs to add as monthly arrays (``<name>_series``).
    """
    from experiments.analysis import _year, load_meta, read_columns, read_runs, run_values
    from experiments.ema import _identifier

    folder = Path(folder)
    meta = load_meta(folder)
    chosen = list(outputs) if outputs is not None else list(meta["outputs"])
    own = outcomes_from_meta(meta)
    arms = bool(meta.get("arms"))
    columns = list(dict.fromkeys([*read_columns(chosen, own, meta), *series]))
    monthly = read_runs(folder, columns, arms=arms)
    values = run_values(monthly, chosen, meta["years"], _year(year, meta["years"]), own)
    design = _factor_columns(folder, meta)
    rows = values[["run", "point", "replicate", *(["arm"] if arms else [])]]
    experiments = rows.merge(design, on="point", how="left")
    names = [ema_name(f["path"]) for f in meta["factors"]]
    experiments = experiments[["point", *names, "run", "replicate", *(["arm"] * arms)]]
    experiments = experiments.rename(columns={"point": "scenario"})
    experiments["policy"] = experiments.pop("arm") if arms else "none"
    experiments["model"] = _identifier(meta["name"])
    seeds = pd.read_parquet(folder / "manifest.parquet", columns=["run", "seed"])
    experiments["seed"] = experiments["run"].map(seeds.set_index("run")["seed"])
    experiments = experiments[[*names, *BOOKKEEPING]].reset_index(drop=True)
    outcomes = {name: values[name].to_numpy(float) for name in chosen}
    for name in series:
        outcomes[f"{name}_series"] = _series(monthly, name, values["run"])
    return experiments, outcomes


def factor_columns(experiments: pd.DataFrame) -> list[str]:
    """The input columns of ``load_sweep``'s experiments (what PRIM or CART split on)."""
    return [c for c in experiments.columns if c not in BOOKKEEPING]


def _factor_columns(folder: Path, meta: dict[str, Any]) -> pd.DataFrame:
    """design.parquet's factor values under EMA names; numbers (and booleans) as floats."""
    design = pd.read_parquet(folder / "design.parquet")
    frame = pd.DataFrame({"point": design["point"]})
    for factor in meta["factors"]:
        column = design[factor["path"]]
        numeric = factor["dtype"] in ("int", "float", "bool")
        frame[ema_name(factor["path"])] = column.astype(float) if numeric else column
    return frame


def _series(monthly: pd.DataFrame, name: str, runs: pd.Series) -> np.ndarray:
    """One row of monthly values per run, in ``runs``' order."""
    if name not in SCHEMA_OUTPUTS:
        raise KeyError(f"series: {name!r} is not a stored output of this sweep")
    wide = monthly.pivot(index="run", columns="month", values=name)
    return wide.loc[runs.to_numpy()].to_numpy(float)

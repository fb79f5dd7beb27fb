"""The sweep explorer's numbers: one sweep folder, one output, one factor at a time.

Everything here is computed by the functions ``carescape analyze`` uses, so the page and
the analysis agree: a run's yearly figure (``analysis.run_values``), the seed-noise share
(``seed_noise``), the paired contrasts (``contrasts.paired_contrasts``) and the Sobol or
Morris indices with their diagnostics (``analysis.sensitivity``). The main effect of a
factor is drawn the way ``sweep_plots.main_effects`` draws it: per level, the output is
first averaged over the other factors for each replicate (seed), then the replicates
give a mean and a two-sided 90% t-interval; a continuous factor with many values is cut
into the same quantile bins. Contrasts per factor level apply that rule to each seed's
paired difference (arm minus reference), so with one design point per level they equal
``paired_contrasts``.

Problems (not a sweep, an unfinished sweep, an unreadable file) raise ``SweepProblem``
with a code and details; the page words them in Dutch or English.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from experiments.analysis import read_columns, read_runs, run_values, sensitivity
from experiments.compare import t95
from experiments.contrasts import paired_contrasts
from experiments.outcomes import SpecOutcome, outcomes_from_meta
from experiments.seed_noise import NOISE_WARNING, noise_share
from experiments.sweep_data import run_files
from experiments.sweep_plots import BINS, MAX_LEVELS

SWEEPS_ENV = "CARESCAPE_SWEEPS"  # extra folders to look for sweeps in (os.pathsep-separated)
SEARCH_DEPTH = 3  # how deep below a root a sweep folder is looked for


class SweepProblem(Exception):
    """A folder the explorer cannot show: ``code`` names the problem, ``details`` its facts."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(f"{code}: {details}")
        self.code = code
        self.details = details


@dataclass
class Sweep:
    """A sweep folder as the explorer reads it: its declaration, design and progress."""

    folder: Path
    meta: dict[str, Any]
    design: pd.DataFrame
    outcomes: dict[str, SpecOutcome]
    runs_done: int
    cache: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def arms(self) -> list[str]:
        """The arms' names; the first is the reference of every contrast."""
        return [arm["name"] for arm in self.meta.get("arms", [])]

    @property
    def factors(self) -> list[dict[str, Any]]:
        """The factors the design varies (entries of sweep.json's ``factors``)."""
        return list(self.meta.get("factors", []))

    @property
    def outputs(self) -> list[str]:
        """Every output the sweep stored."""
        return list(self.meta.get("outputs", []))

    @property
    def runs_total(self) -> int:
        """The runs the sweep plans."""
        return int(self.meta.get("runs", 0))

    @property
    def kind(self) -> str:
        """The design: 'grid', 'sobol', 'morris', ..."""
        return str(self.meta.get("design", ""))

    def factor(self, path: str) -> dict[str, Any]:
        """The factor entry of ``path``."""
        return next(f for f in self.factors if f["path"] == path)


# -- finding and opening -----------------------------------------------------------------------
def sweep_roots(cwd: Path | None = None) -> list[Path]:
    """Where sweeps are looked for: ``results/`` and the folders in ``CARESCAPE_SWEEPS``."""
    base = Path.cwd() if cwd is None else Path(cwd)
    extra = [Path(p) for p in os.environ.get(SWEEPS_ENV, "").split(os.pathsep) if p]
    return [base / "results", *extra]


def find_sweeps(roots: Iterable[Path], depth: int = SEARCH_DEPTH) -> list[Path]:
    """Every folder with a ``sweep.json`` at most ``depth`` levels below a root (or a root)."""
    found: dict[Path, None] = {}
    for root in roots:
        root = Path(root)
        if (root / "sweep.json").is_file():
            found[root.resolve()] = None
        for level in range(1, depth + 1):
            pattern = "/".join(["*"] * level) + "/sweep.json"
            for path in sorted(root.glob(pattern)) if root.is_dir() else []:
                found[path.parent.resolve()] = None
    return list(found)


def open_sweep(folder: str | Path) -> Sweep:
    """The sweep in ``folder``; a ``SweepProblem`` naming what is missing otherwise."""
    text = str(folder).strip()
    if not text:
        raise SweepProblem("empty")
    path = Path(text).expanduser()
    if not path.is_dir():
        raise SweepProblem("no_folder", folder=str(path))
    if not (path / "sweep.json").is_file():
        raise SweepProblem("not_sweep", folder=str(path))
    try:
        import json

        meta = json.loads((path / "sweep.json").read_text(encoding="utf-8"))
        design = pq.read_table(path / "design.parquet").to_pandas()
    except FileNotFoundError:
        raise SweepProblem("no_design", folder=str(path)) from None
    except (ValueError, OSError) as error:
        raise SweepProblem("unreadable", folder=str(path), error=str(error)) from None
    done = len(run_files(path))
    if done == 0:
        raise SweepProblem("no_runs", folder=str(path), total=int(meta.get("runs", 0)))
    return Sweep(path, meta, design, outcomes_from_meta(meta), done)


# -- one output --------------------------------------------------------------------------------
def output_values(sweep: Sweep, output: str, year: str = "last") -> pd.DataFrame:
    """One row per finished run: ``output``'s figure for ``year`` (as ``analyze`` makes it)."""
    key = (output, year)
    if key not in sweep.cache:
        columns = read_columns([output], sweep.outcomes, sweep.meta)
        monthly = read_runs(sweep.folder, columns, arms=bool(sweep.arms))
        sweep.cache[key] = run_values(
            monthly, [output], int(sweep.meta["years"]), year, sweep.outcomes
        )
    return sweep.cache[key]


def _mean_interval(values: np.ndarray) -> tuple[float, float, int]:
    """Mean, half-width of its two-sided 90% t-interval, and n (as sweep_plots computes it)."""
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return math.nan, math.nan, 0
    half = t95(n - 1) * values.std(ddof=1) / math.sqrt(n) if n > 1 else 0.0
    return float(values.mean()), float(half), n


def _is_levelled(factor: dict[str, Any], column: pd.Series) -> bool:
    """True when each value is its own level (declared values or few distinct ones)."""
    return "values" in factor or column.nunique() <= MAX_LEVELS


def _level_rows(frame: pd.DataFrame, column: str, y: str, levels: list[Any]) -> list[dict]:
    """Per level: the replicates' means over the other factors, then mean and interval."""
    by_rep = frame.groupby([column, "replicate"])[y].mean().reset_index()
    rows = []
    for level in levels:
        mean, half, n = _mean_interval(by_rep.loc[by_rep[column] == level, y].to_numpy(float))
        rows.append({"level": level, "mean": mean, "lo": mean - half, "hi": mean + half, "n": n})
    return rows


def _bin_rows(frame: pd.DataFrame, column: str, y: str) -> list[dict]:
    """Quantile bins of a continuous factor: per bin the mean of its points' means."""
    points = frame.groupby("point").agg(x=(column, "first"), y=(y, "mean"))
    bins = min(BINS, max(2, len(points) // 6))
    edges = np.unique(np.quantile(points["x"], np.linspace(0, 1, bins + 1)))
    groups = points.groupby(pd.cut(points["x"], edges, include_lowest=True), observed=True)
    rows = []
    for _, group in groups:
        mean, half, n = _mean_interval(group["y"].to_numpy(float))
        level = float(group["x"].mean())
        rows.append({"level": level, "mean": mean, "lo": mean - half, "hi": mean + half, "n": n})
    return rows


def _per_level(sweep: Sweep, frame: pd.DataFrame, path: str, y: str) -> tuple[list[dict], bool]:
    factor = sweep.factor(path)
    if _is_levelled(factor, frame[path]):
        levels = factor.get("values") or sorted(frame[path].unique())
        return _level_rows(frame, path, y, levels), False
    return _bin_rows(frame, path, y), True


def main_effect(sweep: Sweep, output: str, path: str, year: str = "last") -> pd.DataFrame:
    """Per arm and level of factor ``path``: the output's mean with its 90% interval.

    Columns: arm (None without arms), level, mean, lo, hi, n (replicates, or points in a
    bin), binned (True when the levels are quantile bins of a continuous factor).
    """
    merged = output_values(sweep, output, year).merge(sweep.design, on="point")
    rows = []
    for arm in sweep.arms or [None]:
        part = merged if arm is None else merged[merged["arm"] == arm]
        if part.empty:
            continue
        levels, binned = _per_level(sweep, part, path, output)
        rows += [{"arm": arm, **row, "binned": binned} for row in levels]
    return pd.DataFrame(rows, columns=["arm", "level", "mean", "lo", "hi", "n", "binned"])


def paired_differences(sweep: Sweep, output: str, year: str = "last") -> pd.DataFrame:
    """Per arm (not the reference), design point and seed: arm minus reference."""
    values = output_values(sweep, output, year)
    arms = sweep.arms
    base = values[values["arm"] == arms[0]]
    frames = []
    for arm in arms[1:]:
        other = values[values["arm"] == arm]
        paired = base.merge(other, on=["point", "replicate"], suffixes=("_r", "_a"))
        diff = paired[f"{output}_a"] - paired[f"{output}_r"]
        frames.append(paired[["point", "replicate"]].assign(arm=arm, diff=diff.to_numpy(float)))
    columns = ["point", "replicate", "arm", "diff"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def contrasts_by_level(sweep: Sweep, output: str, path: str, year: str = "last") -> pd.DataFrame:
    """Per arm and level of ``path``: the mean paired difference to the reference arm.

    The per-level rule of ``main_effect`` applied to each seed's difference; empty when
    the sweep has fewer than two arms.
    """
    columns = ["arm", "reference", "level", "mean", "lo", "hi", "n", "binned"]
    if len(sweep.arms) < 2:
        return pd.DataFrame(columns=columns)
    merged = paired_differences(sweep, output, year).merge(sweep.design, on="point")
    rows = []
    for arm in sweep.arms[1:]:
        part = merged[merged["arm"] == arm]
        if part.empty:
            continue
        levels, binned = _per_level(sweep, part, path, "diff")
        rows += [{"arm": arm, "reference": sweep.arms[0], **r, "binned": binned} for r in levels]
    return pd.DataFrame(rows, columns=columns)


def point_contrasts(sweep: Sweep, output: str, year: str = "last") -> pd.DataFrame:
    """``paired_contrasts`` of the output: per design point and arm, as ``analyze`` stores it."""
    if len(sweep.arms) < 2:
        return pd.DataFrame()
    values = output_values(sweep, output, year)
    return paired_contrasts(values, sweep.design, [output], sweep.arms)


def sensitivity_table(
    sweep: Sweep, output: str, year: str = "last"
) -> tuple[pd.DataFrame | None, list[str]]:
    """Morris (mu*, sigma) or Sobol (S1, ST) indices of ``output`` and the diagnostics' notes.

    None for other designs or while design points have no finished run (the note says so).
    """
    if sweep.kind not in ("sobol", "morris"):
        return None, []
    values = output_values(sweep, output, year)
    table, notes = sensitivity(sweep.meta, sweep.design, values, [output])
    return table, notes


def noise_table(sweep: Sweep, output: str, year: str = "last") -> pd.DataFrame:
    """The seed-noise share of ``output`` (per arm), as ``analyze`` reports it."""
    return noise_share(output_values(sweep, output, year), [output])


def noisy(table: pd.DataFrame) -> list[tuple[str | None, float]]:
    """(arm, share) of every row whose seed noise is above ``NOISE_WARNING``."""
    return [
        (row.get("arm"), float(row["seed_noise_share"]))
        for row in table.to_dict("records")
        if row["seed_noise_share"] > NOISE_WARNING
    ]


def missing_runs(sweep: Sweep, output: str, year: str = "last") -> int:
    """Runs the sweep plans that have no figure yet (missing, failed or still running)."""
    return max(sweep.runs_total - len(output_values(sweep, output, year)), 0)

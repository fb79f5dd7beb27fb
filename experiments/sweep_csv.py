"""A sweep as one plain CSV for R, SPSS or Stata users: ``carescape sweep-csv DIR``.

One row per run and recorded year; columns: the run's keys (``run``, ``point``,
``arm``, ``replicate``, ``seed``), ``year`` (1 = the first recorded year, beginning at
the sweep's start month), the design's factors, then every stored output's yearly
figure (stocks: the mean of the year's months; flows: the year's sum - as ``analyze``
and ``compare`` count them).

Column names are plain: letters, digits and ``_``, starting with a letter, at most 64
characters (SPSS's limit; R and Stata read them as they are), so
``policies.case_management.extra_fte_per_10000`` becomes
``policies_case_management_extra_fte_per_10000``. Numbers are written with a ``.``
decimal point and no thousands separator, true/false factors as 1/0, a missing value as
an empty cell; the file is UTF-8 with ``,`` between fields. ``codebook.csv`` maps each
column to what it was called in the sweep, its label, unit and how a year is counted.
A spec's own outcomes are one figure per run over their own window, not per year, so
they are left out here (``analyze``'s ``run_values.parquet`` holds them).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.outcomes import SCHEMA_OUTPUTS, label_of
from experiments.sweep import resolve_path
from model.aggregate import yearly
from model.results import kind_of

NAME_LIMIT = 64
KEYS = ("run", "point", "arm", "replicate", "seed")
CSV_FILES = ("sweep.csv", "codebook.csv")


def plain_name(name: str, taken: set[str] | None = None) -> str:
    """``name`` as a column name R and SPSS accept, unique among ``taken`` (updated)."""
    taken = set() if taken is None else taken
    base = re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]", "_", name)).strip("_") or "column"
    if not base[0].isalpha():
        base = f"v_{base}"
    base = base[:NAME_LIMIT].rstrip("_")
    plain, number = base, 2
    while plain.lower() in taken:  # SPSS names ignore case
        suffix = f"_{number}"
        plain, number = base[: NAME_LIMIT - len(suffix)] + suffix, number + 1
    taken.add(plain.lower())
    return plain


def sweep_years(folder: str | Path, outputs: list[str] | None = None) -> pd.DataFrame:
    """One row per finished run and recorded year, with the sweep's own column names."""
    from experiments.analysis import load_meta, read_runs

    folder = Path(folder)
    meta = load_meta(folder)
    stored = [o for o in (outputs or meta["outputs"]) if o in SCHEMA_OUTPUTS]
    arms = bool(meta.get("arms"))
    monthly = read_runs(folder, stored, arms=arms)
    keys = [k for k in KEYS if k in monthly.columns]
    frames = []
    for key, frame in monthly.sort_values(["run", "month"]).groupby(keys, sort=True):
        figures = yearly({c: frame[c].to_numpy() for c in ("month", *stored)}, stored)
        years = pd.DataFrame({"year": figures["year"], **{n: figures[n] for n in stored}})
        frames.append(years.assign(**dict(zip(keys, key, strict=True))))
    columns = [*keys, "seed", "year", *(f["path"] for f in meta["factors"]), *stored]
    if not frames:
        return pd.DataFrame(columns=columns)
    rows = pd.concat(frames, ignore_index=True)
    seeds = pd.read_parquet(folder / "manifest.parquet", columns=["run", "seed"])
    rows["seed"] = rows["run"].map(seeds.set_index("run")["seed"])
    design = pd.read_parquet(folder / "design.parquet")
    factors = design[["point", *(f["path"] for f in meta["factors"])]]
    rows = rows.merge(factors, on="point", how="left")
    return rows[columns].sort_values(["run", "year"], ignore_index=True)


def export_frames(
    folder: str | Path, outputs: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CSV table with plain names, and its codebook."""
    from experiments.analysis import load_meta

    meta = load_meta(Path(folder))
    rows = sweep_years(folder, outputs)
    factors = {f["path"]: f for f in meta["factors"]}
    taken: set[str] = set()
    book, renamed = [], {}
    for column in rows.columns:
        plain = plain_name(column, taken)
        renamed[column] = plain
        if column in factors:
            if factors[column]["dtype"] == "bool":
                rows[column] = rows[column].astype("Int64")
            unit = resolve_path(column, "")[1].unit
            book.append((plain, column, "factor", column, unit, "the design point's value"))
        elif column in SCHEMA_OUTPUTS:
            label, unit = label_of(column)
            counted = "mean of the year's months" if kind_of(column) == "stock" else "year's sum"
            book.append((plain, column, "output", label, unit, counted))
        else:
            book.append((plain, column, "key", _key_label(column), "", ""))
    codebook = pd.DataFrame(
        book, columns=["column", "sweep_name", "kind", "label", "unit", "per_year"]
    )
    return rows.rename(columns=renamed), codebook


def _key_label(column: str) -> str:
    return {
        "run": "run number (manifest.parquet)",
        "point": "design point (design.parquet)",
        "arm": "arm (package) of the run",
        "replicate": "replicate of the design point",
        "seed": "random seed of the run",
        "year": "recorded year, 1 = the first (from the sweep's start month)",
    }[column]


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Plain CSV: ``.`` decimals, full precision, empty for missing, UTF-8, no index."""
    numbers = frame.select_dtypes(include=[np.floating]).columns
    out = frame.copy()
    for column in numbers:  # repr precision; no "1e+06" surprises for whole amounts
        out[column] = out[column].map(_number)
    out.to_csv(path, index=False, na_rep="", encoding="utf-8", lineterminator="\n")


def _number(value: float) -> str:
    if not np.isfinite(value):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))

"""Analysing a sweep folder: summaries per design point, sensitivity indices, main effects.

Each run is reduced to one figure per output for a recorded year: stocks are averaged
over the year's months and flows summed (``model.aggregate.yearly``); ``year =
"all"`` averages the yearly figures over the horizon. Per design point the replicates
give a mean and a two-sided 90% t-interval. A Sobol design gives first-order and total
Sobol indices, a Morris design the elementary-effect statistics (mu*, sigma), both via
SALib on the unit-interval sample stored in ``design.parquet``, using the replicate mean
per point. Main-effect plots show each factor's effect averaged over the other factors.

``analyze`` writes into ``DIR/analysis``: ``run_values.parquet`` (one row per run),
``summary.parquet`` (per point and output), ``sensitivity.parquet`` (when the design
allows), ``contrasts.parquet`` (with arms) and the figures of
``experiments.sweep_plots`` (SVG, PDF, PNG).
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from experiments.compare import t95
from experiments.contrasts import paired_contrasts
from experiments.outcomes import (
    SCHEMA_OUTPUTS,
    SpecOutcome,
    label_of,
    outcomes_from_meta,
    stored_columns,
)
from experiments.output import result_set, safe_name
from experiments.prim_analysis import (
    format_prim,
    prim_note,
    prim_plot,
    prim_table,
    trajectory_plot,
)
from experiments.provenance import identity
from experiments.seed_noise import format_noise, noise_share, noise_warnings
from experiments.sobol_check import sobol_indices
from experiments.sweep_data import dataset, read_table
from experiments.sweep_plots import DPI, FORMATS, SweepData, save, write_all
from model.aggregate import yearly
from model.params import ConfigError

HEADLINE = (
    "clients_wmo",
    "clients_youth",
    "tailored_share",
    "spend_total_eur",
    "net_cost_eur",
    "waiting_access",
    "unmet_need",
)
PRINT_POINTS = 24


@dataclass
class AnalysisReport:
    """What ``analyze`` computed and wrote."""

    folder: Path
    out: Path
    meta: dict[str, Any]
    year: str
    outputs: list[str]
    runs_done: int
    runs_total: int
    summary: pd.DataFrame
    sensitivity: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)
    contrasts: pd.DataFrame | None = None  # arms vs the first arm, paired by seed
    noise: pd.DataFrame | None = None  # seed-noise share per output (and arm)
    plots: list[Path] = field(default_factory=list)
    prim: pd.DataFrame | None = None  # PRIM boxes of --prim's condition
    prim_text: str = ""


# -- reading -------------------------------------------------------------------------------
def load_meta(folder: Path) -> dict[str, Any]:
    """sweep.json of a sweep folder."""
    path = Path(folder) / "sweep.json"
    if not path.is_file():
        raise ConfigError(f"{folder} is not a sweep folder (no sweep.json); run carescape sweep")
    return json.loads(path.read_text(encoding="utf-8"))


def read_runs(folder: Path, outputs: list[str], arms: bool = False) -> pd.DataFrame:
    """The monthly rows of every finished run (loose parts or compacted, the same rows).

    ``outputs`` are stored columns (``experiments.outcomes.stored_columns``); ``arms``
    adds each run's arm.
    """
    columns = ["run", "point", *(["arm"] if arms else []), "replicate", "month", *outputs]
    if dataset(folder) is None:
        return pd.DataFrame(columns=columns)
    return read_table(folder, columns).to_pandas()


def run_values(
    monthly: pd.DataFrame,
    outputs: list[str],
    years: int,
    year: str,
    outcomes: Mapping[str, SpecOutcome] | None = None,
) -> pd.DataFrame:
    """One row per run: each output's yearly figure (stocks averaged, flows summed).

    A spec's own outcome (``outcomes``) is one figure per run over its own window, so it
    does not follow ``year``.
    """
    outcomes = outcomes or {}
    keys = [k for k in ("run", "point", "arm", "replicate") if k in monthly.columns]
    stored = [c for c in monthly.columns if c in SCHEMA_OUTPUTS]
    schema = [name for name in outputs if name not in outcomes]
    rows: list[dict[str, Any]] = []
    for key, frame in monthly.sort_values(["run", "month"]).groupby(keys, sort=True):
        columns = {c: frame[c].to_numpy() for c in ("month", *stored)}
        figures = yearly(columns, stored)
        if year == "all":
            chosen = {name: float(np.mean(figures[name])) for name in schema}
        else:
            at = np.flatnonzero(figures["year"] == (years if year == "last" else int(year)))
            if len(at) == 0:
                continue  # the run did not record that year
            chosen = {name: float(figures[name][at[0]]) for name in schema}
        for name in outputs:
            if name in outcomes:
                chosen[name] = outcomes[name].evaluate(figures, columns)
        rows.append({**dict(zip(keys, key, strict=True)), **{n: chosen[n] for n in outputs}})
    values = pd.DataFrame(rows, columns=[*keys, *outputs])
    values = values.astype({k: monthly[k].dtype for k in keys}) if rows else values
    return values.sort_values("run").reset_index(drop=True)


def _year(year: Any, years: int) -> str:
    text = str(year)
    if text in ("last", "all"):
        return text
    if not text.isdigit() or not 1 <= int(text) <= years:
        raise ConfigError(f"--year = {year!r} is not allowed; use 1..{years}, 'last' or 'all'")
    return text


# -- summaries -----------------------------------------------------------------------------
def summarise(values: pd.DataFrame, design: pd.DataFrame, outputs: list[str]) -> pd.DataFrame:
    """Per design point (and arm) and output: mean, sd, replicates, 90% interval of the mean."""
    keys = ["point", "arm"] if "arm" in values.columns else ["point"]
    rows = []
    for output in outputs:
        grouped = values.groupby(keys, sort=False)[output]
        stats = grouped.agg(["mean", "std", "count"]).reset_index()
        for *key, mean, sd, n in stats.itertuples(index=False):
            half = t95(int(n) - 1) * sd / math.sqrt(n) if n > 1 else math.nan
            rows.append((int(key[0]), *key[1:], output, mean, sd, mean - half, mean + half, int(n)))
    columns = [*keys, "output", "mean", "sd", "lo", "hi", "replicates"]
    summary = pd.DataFrame(rows, columns=columns)
    factors = design[[c for c in design.columns if not c.startswith("unit:")]]
    return factors.merge(summary, on="point", how="right")


def sensitivity(
    meta: dict[str, Any], design: pd.DataFrame, values: pd.DataFrame, outputs: list[str]
) -> tuple[pd.DataFrame | None, list[str]]:
    """Sobol or Morris indices per output and factor, when the design allows."""
    kind = meta["design"]
    if kind not in ("sobol", "morris"):
        return None, [
            f"a {kind} design gives no Sobol or Morris indices (use design = 'sobol' or "
            "'morris'); the summaries and main-effect plots apply"
        ]
    problem = dict(meta["problem"])
    unit = design[[f"unit:{name}" for name in problem["names"]]].to_numpy()
    arms = [a["name"] for a in meta.get("arms", [])] or [None]
    frames, notes = [], []
    for arm in arms:  # indices per arm: each package has its own sensitivities
        part = values if arm is None else values[values["arm"] == arm]
        means = part.groupby("point")[outputs].mean()
        missing = sorted(set(design["point"]) - set(means.index))
        if missing:
            return None, [
                f"{len(missing)} design points have no finished run, so {kind} indices cannot "
                "be computed yet; rerun carescape sweep to finish the sweep"
            ]
        for output in outputs:
            y = means[output].to_numpy()
            if kind == "sobol":
                frame, warned = sobol_indices(
                    problem, y, meta["samples"], meta["second_order"], meta["sample_seed"], output
                )
                prefix = "warning: " + (f"arm {arm!r}: " if arm is not None else "")
                notes += [prefix + text for text in warned]
                frame["warning"] = "; ".join(warned)  # in sensitivity.parquet too
            else:
                frame = _morris(meta, problem, unit, y, output)
            frames.append(frame if arm is None else frame.assign(arm=arm))
    return pd.concat(frames, ignore_index=True), notes


def _morris(
    meta: dict[str, Any], problem: dict, unit: np.ndarray, y: np.ndarray, output: str
) -> pd.DataFrame:
    from SALib.analyze import morris

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        result = morris.analyze(
            problem, unit, y, num_levels=meta["levels"], seed=meta["sample_seed"]
        )
        pairs = (("mu_star", "mu_star_conf"), ("mu", None), ("sigma", None))
    rows = []
    for j, name in enumerate(problem["names"]):
        for index, conf in pairs:
            interval = float(result[conf][j]) if conf else math.nan
            rows.append((output, name, index, float(result[index][j]), interval))
    return pd.DataFrame(rows, columns=["output", "factor", "index", "value", "conf"])


# -- the whole analysis -------------------------------------------------------------------
def analyze(
    folder: str | Path,
    outputs: list[str] | None = None,
    year: Any = "last",
    out: str | Path | None = None,
    plots: bool = True,
    prim: str | None = None,
    prim_threshold: float = 0.8,
    formats: Sequence[str] = FORMATS,
    dpi: int = DPI,
) -> AnalysisReport:
    """Summarise a sweep folder; write Parquet files and figures (``formats``) into ``out``.

    ``prim`` is a condition over the outputs (``"net_cost_eur > 0"``) for PRIM on the
    contrasts (or the point means without arms); see ``experiments.prim_analysis``.
    """
    folder = Path(folder)
    meta = load_meta(folder)
    outputs = _outputs(outputs, meta)
    year = _year(year, meta["years"])
    out = Path(out) if out is not None else folder / "analysis"
    design = pq.read_table(folder / "design.parquet").to_pandas()
    outcomes = outcomes_from_meta(meta)
    arms = [a["name"] for a in meta.get("arms", [])]
    monthly = read_runs(folder, read_columns(outputs, outcomes, meta), arms=bool(arms))
    values = run_values(monthly, outputs, meta["years"], year, outcomes)
    report = AnalysisReport(
        folder, out, meta, year, outputs, len(values), meta["runs"], pd.DataFrame(), None
    )
    if values.empty:
        report.notes.append("no finished runs yet; run carescape sweep first")
        return report
    if len(values) < meta["runs"]:
        report.notes.append(
            f"{meta['runs'] - len(values)} of {meta['runs']} runs are missing or failed; "
            "rerun carescape sweep to complete them"
        )
    report.noise = noise_share(values, outputs)
    report.notes.extend(noise_warnings(report.noise))
    report.summary = _with_noise(summarise(values, design, outputs), report.noise)
    report.sensitivity, notes = sensitivity(meta, design, values, outputs)
    report.notes.extend(notes)
    if report.sensitivity is not None:
        report.sensitivity = _with_noise(report.sensitivity, report.noise)
    if arms:
        report.contrasts = paired_contrasts(values, design, outputs, arms)
    seen = {}
    if prim is not None:
        report.prim, seen = prim_table(
            prim, design, meta["factors"], report.summary, report.contrasts, prim_threshold
        )
        report.prim_text = format_prim(prim, report.prim, seen, prim_threshold)
    config = {"sweep": meta.get("fingerprint"), "outputs": outputs, "year": year}
    config["runs"] = values["run"].tolist()  # the runs finished when analysed
    stamp = identity("analyze", meta["seeds"], config)
    with result_set(out, stamp) as files:
        files.parquet("run_values.parquet", pa.Table.from_pandas(values, preserve_index=False))
        files.parquet("summary.parquet", pa.Table.from_pandas(report.summary, preserve_index=False))
        if report.sensitivity is not None:
            table = pa.Table.from_pandas(report.sensitivity, preserve_index=False)
            files.parquet("sensitivity.parquet", table)
        if report.contrasts is not None:
            table = pa.Table.from_pandas(report.contrasts, preserve_index=False)
            files.parquet("contrasts.parquet", table)
        if report.prim is not None:
            files.parquet(
                "prim_boxes.parquet", pa.Table.from_pandas(report.prim, preserve_index=False)
            )
            report.prim.to_csv(files.path("prim_boxes.csv"), index=False)
            files.path("prim.txt").write_text(report.prim_text + "\n", encoding="utf-8")
            paths = [f["path"] for f in meta["factors"]]
            note = prim_note(prim, meta, year, values, outcomes)
            for arm, points in seen.items() if plots else ():
                name = f"prim_{safe_name(arm, 'sweep')}.png" if arm else "prim.png"
                prim_plot(prim, arm, report.prim, points, files.path(name))
                report.plots.append(out / name)
                fig = trajectory_plot(prim, arm, points, paths, prim_threshold, note)
                stem = f"prim_trajectory_{safe_name(arm, 'sweep')}" if arm else "prim_trajectory"
                report.plots += [out / p.name for p in save(fig, files.path(stem), formats, dpi)]
        if plots:  # figures: experiments.sweep_plots
            data = SweepData(meta, year, outputs, values, design, outcomes, report.sensitivity)
            data.contrasts, data.monthly = report.contrasts, monthly
            report.plots += [out / name for name in write_all(files.path, data, formats, dpi)]
    return report


ANALYSIS_FILES = (
    "run_values.parquet",
    "summary.parquet",
    "sensitivity.parquet",
    "contrasts.parquet",
    "prim_boxes.parquet",
    "prim_boxes.csv",
    "prim.txt",
    "*.png",
    "*.svg",
    "*.pdf",
)


def _with_noise(table: pd.DataFrame, noise: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each output's (and arm's) seed-noise share as a column."""
    keys = [k for k in ("arm", "output") if k in noise.columns and k in table.columns]
    return table.merge(noise[[*keys, "seed_noise_share"]], on=keys, how="left")


def read_columns(
    outputs: list[str], outcomes: Mapping[str, SpecOutcome], meta: dict[str, Any]
) -> list[str]:
    """The stored columns the chosen outputs read (a function outcome may read them all)."""
    if any(outcomes[o].function and not outcomes[o].inputs for o in outputs if o in outcomes):
        return list(meta.get("stored", meta["outputs"]))
    return stored_columns(outputs, outcomes)


def _outputs(outputs: list[str] | None, meta: dict[str, Any]) -> list[str]:
    available = list(meta["outputs"])
    if outputs is None:
        if meta.get("outputs_chosen"):
            return available
        own = [o["name"] for o in meta.get("outcomes", [])]
        return [h for h in HEADLINE if h in available] + own
    for name in outputs:
        if name not in available:
            raise ConfigError(
                f"--outputs: {name!r} is not in this sweep's outputs; use {', '.join(available)}"
            )
    return list(outputs)


# -- printing ------------------------------------------------------------------------------
def format_report(report: AnalysisReport) -> str:
    """Readable summaries, indices and the list of files written."""
    meta = report.meta
    year = {"last": f"year {meta['years']}", "all": "all years"}.get(report.year)
    lines = [
        f"{meta['name']}: {meta['design']} design, {report.runs_done} of {report.runs_total} "
        f"runs; figures for {year or 'year ' + report.year} (stocks: mean, flows: sum); "
        "90% intervals over replicates"
    ]
    lines += [note if note.startswith("warning:") else f"note: {note}" for note in report.notes]
    factors = [f["path"] for f in meta["factors"]]
    factors = (["arm"] if "arm" in report.summary.columns else []) + factors
    for output in report.outputs if not report.summary.empty else []:
        label = label_of(output, outcomes_from_meta(meta))
        lines.append("\n" + _format_output(report.summary, factors, output, label))
    if report.noise is not None and not report.noise.empty:
        lines.append("\n" + format_noise(report.noise))
    if report.contrasts is not None and not report.contrasts.empty:
        lines.append("\n" + format_contrasts(report.contrasts, factors[1:], meta))
    if report.sensitivity is not None:
        lines.append("\n" + _format_indices(report.sensitivity))
    if report.prim_text:
        lines.append("\n" + report.prim_text)
    tables = [p for p in sorted(report.out.glob("*.*")) if p.suffix in (".parquet", ".csv", ".txt")]
    written = [p.name for p in tables] + [p.name for p in report.plots]
    if written:
        lines.append(f"\nwrote {report.out}/: {', '.join(written)}")
    return "\n".join(lines)


def _format_output(
    summary: pd.DataFrame, factors: list[str], output: str, label: tuple[str, str]
) -> str:
    part = summary[summary["output"] == output]
    labels = {f: _short(f) for f in factors}
    width = {f: max([len(labels[f]), *(len(_cell(v)) for v in part[f])]) for f in factors}
    header = f"{'point':>5}  " + "  ".join(f"{labels[f]:>{width[f]}}" for f in factors)
    lines = [
        f"{label[0]} ({output}, {label[1]})" if label[1] else f"{label[0]} ({output})",
        f"{header}  {'mean':>11}  {'90% interval':>25}  reps",
    ]
    for record in part.head(PRINT_POINTS).to_dict("records"):
        cells = "  ".join(f"{_cell(record[f]):>{width[f]}}" for f in factors)
        interval = f"[{_number(record['lo'])}, {_number(record['hi'])}]"
        lines.append(
            f"{record['point']:>5}  {cells}  {_number(record['mean']):>11}  {interval:>25}  "
            f"{record['replicates']:>4}"
        )
    if len(part) > PRINT_POINTS:
        lines.append(f"  ... {len(part) - PRINT_POINTS} more points in summary.parquet")
    return "\n".join(lines)


def _format_indices(table: pd.DataFrame) -> str:
    lines = ["Sensitivity indices (value ± 95% confidence half-width)"]
    keys = ["arm", "output"] if "arm" in table.columns else ["output"]
    for key, part in table.groupby(keys, sort=False):
        lines.append("  " + " / ".join(str(k) for k in key))
        for factor, rows in part.groupby("factor", sort=False):
            cells = "  ".join(
                f"{r['index']}={_number(r['value'])}"
                + ("" if math.isnan(r["conf"]) else f"±{r['conf']:.2g}")
                for r in rows.to_dict("records")
            )
            lines.append(f"    {factor:<44} {cells}")
    return "\n".join(lines)


def _short(path: str) -> str:
    return path if len(path) <= 28 else "…" + path[-27:]


def _cell(value: Any) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _number(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.2f}M"
    if size >= 1e4:
        return f"{value / 1e3:.0f}k"
    if size >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def format_contrasts(contrasts: pd.DataFrame, factors: list[str], meta: dict[str, Any]) -> str:
    """Each arm minus the reference per point: paired mean and 90% interval over seeds."""
    reference = contrasts["reference"].iloc[0]
    outcomes = outcomes_from_meta(meta)
    labels = {f: _short(f) for f in factors}
    lines = [f"Paired contrasts: arm minus {reference!r}, same seeds (90% interval)"]
    for output, part in contrasts.groupby("output", sort=False):
        label, unit = label_of(output, outcomes)
        lines.append(f"  {label} ({output}{', ' + unit if unit else ''})")
        header = "  ".join(f"{labels[f]:>{len(labels[f])}}" for f in factors)
        lines.append(
            f"  {'point':>5}  {header}  {'arm':<20} {'diff':>11}  {'90% interval':>25}  reps"
        )
        for record in part.head(PRINT_POINTS).to_dict("records"):
            cells = "  ".join(f"{_cell(record[f]):>{len(labels[f])}}" for f in factors)
            interval = f"[{_number(record['diff_lo'])}, {_number(record['diff_hi'])}]"
            lines.append(
                f"  {record['point']:>5}  {cells}  {str(record['arm'])[:20]:<20} "
                f"{_number(record['diff_mean']):>11}  {interval:>25}  {record['replicates']:>4}"
            )
        if len(part) > PRINT_POINTS:
            lines.append(f"    ... {len(part) - PRINT_POINTS} more in contrasts.parquet")
    return "\n".join(lines)

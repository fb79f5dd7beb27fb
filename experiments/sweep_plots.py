"""Publishable figures of a sweep: main effects, sensitivity, paired contrasts, fan charts.

Every figure is drawn on its own ``matplotlib.figure.Figure`` (no pyplot state) and
written as SVG and PDF (text kept as text, no timestamps, so files are reproducible)
and/or PNG at a chosen dpi. Axes carry labels and units from the declarations
(``experiments.sweep_labels``), never a dotted parameter path; money is in EUR mln.
Each figure carries a note (artist id ``note``) with the year, the aggregation of
months into a run's figure, and n; intervals are named in it.

* main effects: per factor the output averaged over the other factors, a 90%
  t-interval over replicates; switches and categories as points with bars (no line),
  numeric levels as points joined by a line, continuous factors in quantile bins
  (a factor with few distinct values keeps each value: levels are never merged);
  one colour per arm;
* sensitivity: Morris mu*-sigma scatter with labels and mu* intervals; Sobol S1 and
  ST bars with SALib's 95% half-widths and the diagnostics of ``sobol_check``; with
  ``second_order = true`` an S2 heatmap (factor x factor, each cell with its half-width);
* contrasts: each arm minus the first arm, paired by seed, with its 90% interval,
  per design point (or per factor level when there are many points);
* fan charts: the median and 50%/90% bands over replicates per calendar month, per
  design point (pooled over points when there are many) and arm.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from experiments.compare import t95  # noqa: E402
from experiments.outcomes import SpecOutcome, label_of  # noqa: E402
from experiments.sweep_labels import (  # noqa: E402
    FactorLabel,
    count_text,
    factor_label,
    figure_note,
    month_dates,
    output_kind,
    output_label,
    output_scale,
    readable,
)
from model.aggregate import monthly as monthly_series  # noqa: E402

FORMATS = ("svg", "pdf", "png")
DPI = 200
COLOURS = ("#1f5fa8", "#c2410c", "#0f7b6c", "#7e3fa0", "#b58900", "#5c6770")
MAX_LEVELS = 8  # a factor with at most this many distinct values is shown per value
BINS = 8
MAX_FOREST = 24  # contrasts per design point up to this many points, else per factor
MAX_FAN_PANELS = 6  # fan charts per design point up to this many points, else pooled
INTERVAL = "Bars: 90% t-interval of the mean over replicates"
STYLE = {
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "legend.fontsize": 7,
    "svg.fonttype": "none",  # text stays text: searchable, editable in a journal's tools
    "svg.hashsalt": "carescape",  # stable ids: the same figure gives the same file
    "pdf.fonttype": 42,
}
METADATA = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
}


@dataclass
class SweepData:
    """What the figures of one analysis are drawn from (as ``analyze`` computed it)."""

    meta: dict[str, Any]
    year: str
    outputs: list[str]
    values: pd.DataFrame  # one row per run
    design: pd.DataFrame
    outcomes: Mapping[str, SpecOutcome]
    sensitivity: pd.DataFrame | None = None
    contrasts: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None  # the runs' monthly rows (for fan charts)


# -- files --------------------------------------------------------------------------------------
def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"svg,pdf,png"`` -> a checked tuple; an unknown format fails naming the valid ones."""
    from model.params import ConfigError

    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = tuple(dict.fromkeys(i.strip().lower().lstrip(".") for i in items if i.strip()))
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise ConfigError(
            f"--formats {','.join(items)!r} is not allowed; use a comma-separated choice of "
            f"{', '.join(FORMATS)}"
        )
    return chosen


def save(fig: Figure, stem: Path, formats: Sequence[str] = FORMATS, dpi: int = DPI) -> list[Path]:
    """Write ``fig`` as ``stem.<format>`` for each format; PNG at ``dpi``."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(STYLE):
        for fmt in formats:
            path = stem.with_name(f"{stem.name}.{fmt}")
            fig.savefig(
                path,
                format=fmt,
                dpi=dpi,
                bbox_inches="tight",
                facecolor="white",
                metadata=METADATA[fmt],
            )
            paths.append(path)
    return paths


def sweep_figure(
    panels: int,
    cols: int = 3,
    width: float = 3.6,
    height: float = 2.9,
    sharey: bool = False,
    sharex: bool = False,
):
    """A grid of panels in the house style (shared by the PRIM figures)."""
    cols = max(1, min(cols, panels))
    rows = math.ceil(panels / cols)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width * cols, height * rows + 0.4), layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False, sharey=sharey, sharex=sharex)
    for ax in list(axes.flat)[panels:]:
        ax.set_visible(False)
    return fig, list(axes.flat)[:panels]


def add_note(fig: Figure, text: str, warning: str = "") -> None:
    """The note under the figure (id ``note``), and the diagnostics' warnings (``warning``).

    The note hangs from the figure's bottom edge, or from the arms' legend under the
    panels; the warnings hang from the note. (An annotation anchored to the figure
    itself is not drawn under constrained layout, so the first case is a plain text.)
    """
    width = int(fig.get_figwidth() * 19)
    style = {"ha": "left", "va": "top", "fontsize": 6.5}
    if fig.legends:
        last = _hanging(fig, textwrap.fill(text, width), fig.legends[-1], "black", style)
    else:
        last = fig.text(0.0, 0.0, textwrap.fill(text, width), **style)
    last.set_gid("note")
    if warning:
        shown = _hanging(fig, textwrap.fill(warning, width), last, "#b42318", style)
        shown.set_gid("warning")


def _hanging(fig: Figure, text: str, above: Artist, colour: str, style: dict) -> Annotation:
    """A text under ``above``, left-aligned with it."""
    shown = Annotation(
        text,
        xy=(0, 0),
        xycoords=above,  # (0, 0): the bottom left corner of ``above``
        xytext=(0, -4),
        textcoords="offset points",
        color=colour,
        **style,
    )
    fig.add_artist(shown)
    return shown


def _year_note(data: SweepData, output: str, extra: str) -> str:
    kind = output_kind(output, data.outcomes)
    return figure_note(data.meta, data.year, kind, data.values, extra)


def _arms(frame: pd.DataFrame) -> list[Any]:
    return list(dict.fromkeys(frame["arm"])) if "arm" in frame.columns else [None]


def _mean_interval(values: np.ndarray) -> tuple[float, float]:
    """Mean and the half-width of its two-sided 90% t-interval (0 for one value)."""
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return math.nan, 0.0
    half = t95(n - 1) * values.std(ddof=1) / math.sqrt(n) if n > 1 else 0.0
    return float(values.mean()), float(half)


def _dodge(index: int, count: int, spacing: float) -> float:
    """A small sideways offset per arm so the arms' bars do not hide each other."""
    return 0.0 if count == 1 else (index - (count - 1) / 2) * spacing * 0.12


def _legend(fig: Figure, axes: list, arms: list[Any], title: str | None = "arm") -> Legend | None:
    """The first panel's legend under the panels (clear of titles and data); none without arms."""
    if arms == [None]:
        return None
    handles, labels = axes[0].get_legend_handles_labels()
    return fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0, 0),  # hangs under the figure; the note hangs under it
        ncols=min(len(labels), 4),
        title=title,
        alignment="left",
    )


# -- main effects ---------------------------------------------------------------------------------
def main_effects(data: SweepData, output: str) -> Figure:
    """One panel per factor: the output against the factor, averaged over the other factors."""
    factors = data.meta["factors"]
    merged = data.values.merge(data.design, on="point")
    scale = output_scale(output, data.outcomes)
    fig, axes = sweep_figure(len(factors), sharey=True)
    arms = _arms(merged)
    binned = False
    for ax, factor in zip(axes, factors, strict=True):
        label = factor_label(factor)
        for i, arm in enumerate(arms):
            part = merged if arm is None else merged[merged["arm"] == arm]
            style = {"color": COLOURS[i % len(COLOURS)], "label": arm}
            column = factor["path"]
            distinct = part[column].nunique()
            if "values" in factor or distinct <= MAX_LEVELS:
                levels = factor.get("values") or sorted(part[column].unique())
                _levels(ax, part, column, levels, label, output, scale.divisor, i, len(arms), style)
            else:
                _binned(ax, part, column, output, scale.divisor, style)
                binned = True
        ax.set_xlabel(label.axis())
        ax.grid(axis="y", color="#e4e7eb", lw=0.6)
    for ax in axes[:: min(3, len(axes))]:  # the first panel of each row
        ax.set_ylabel(textwrap.fill(output_label(output, data.outcomes), 48))
    _legend(fig, axes, arms)
    fig.suptitle(f"Main effects on {label_of(output, data.outcomes)[0]}")
    extra = f"{INTERVAL} (per level: first averaged over the other factors)."
    if binned:
        extra += (
            " Continuous factors in quantile bins: dots are design points, a bin's mean has "
            "its 90% interval over the bin's points."
        )
    add_note(fig, _year_note(data, output, extra))
    return fig


def _levels(
    ax,
    part: pd.DataFrame,
    column: str,
    levels: list[Any],
    label: FactorLabel,
    output: str,
    divisor: float,
    index: int,
    count: int,
    style: dict,
) -> None:
    """Each level its own point; switches and categories unjoined, numbers joined."""
    by_rep = part.groupby([column, "replicate"])[output].mean().reset_index()
    stats = [
        _mean_interval(by_rep.loc[by_rep[column] == level, output].to_numpy(float) / divisor)
        for level in levels
    ]
    means, halves = (np.array(v) for v in zip(*stats, strict=True))
    categorical = label.dtype in ("bool", "str") or not all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
        for v in levels
    )
    if categorical:
        x = np.arange(len(levels), dtype=float)
        spacing = 1.0
    else:
        x = np.asarray(levels, dtype=float)
        gaps = np.diff(np.sort(x))
        spacing = float(gaps.min()) if len(gaps) else 1.0
    x = x + _dodge(index, count, spacing)
    _whole(ax, label)
    line = "none" if categorical else "-"
    ax.errorbar(x, means, yerr=halves, marker="o", ms=4, capsize=3, linestyle=line, **style)
    if categorical:
        ax.set_xticks(np.arange(len(levels)), [label.value(v) for v in levels])
        ax.set_xlim(-0.6, len(levels) - 0.4)


def _whole(ax, label: FactorLabel) -> None:
    """Whole-number ticks for an integer factor (no 2.5 districts)."""
    if label.dtype == "int":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _binned(ax, part: pd.DataFrame, column: str, output: str, divisor: float, style: dict) -> None:
    """Point means as dots; per quantile bin the mean with its interval over the points."""
    points = part.groupby("point").agg(x=(column, "first"), y=(output, "mean"))
    points["y"] = points["y"] / divisor
    ax.scatter(points["x"], points["y"], s=7, alpha=0.35, color=style["color"], lw=0)
    bins = min(BINS, max(2, len(points) // 6))
    edges = np.unique(np.quantile(points["x"], np.linspace(0, 1, bins + 1)))
    groups = points.groupby(pd.cut(points["x"], edges, include_lowest=True), observed=True)
    rows = [(g["x"].mean(), *_mean_interval(g["y"].to_numpy(float))) for _, g in groups]
    x, means, halves = (np.array(v) for v in zip(*rows, strict=True))
    ax.errorbar(x, means, yerr=halves, marker="o", ms=3.5, capsize=2.5, linestyle="-", **style)


# -- sensitivity ----------------------------------------------------------------------------------
def _factor_names(meta: Mapping[str, Any]) -> dict[str, str]:
    return {f["path"]: factor_label(f).label for f in meta["factors"]}


def morris_plot(data: SweepData, output: str) -> Figure:
    """mu* (with its interval) against sigma per factor, labelled; one colour per arm."""
    table = data.sensitivity[data.sensitivity["output"] == output]
    names = _factor_names(data.meta)
    scale = output_scale(output, data.outcomes)
    fig, (ax,) = sweep_figure(1, width=5.6, height=4.2)
    arms = _arms(table)
    top = 0.0
    for i, arm in enumerate(arms):
        part = table if arm is None else table[table["arm"] == arm]
        wide = part.pivot_table(index="factor", columns="index", values="value", sort=False)
        conf = part[part["index"] == "mu_star"].set_index("factor")["conf"]
        mu = wide["mu_star"] / scale.divisor
        sigma = wide["sigma"] / scale.divisor
        ax.errorbar(
            mu,
            sigma,
            xerr=conf.reindex(wide.index).to_numpy(float) / scale.divisor,
            marker="o",
            ms=4,
            capsize=2.5,
            linestyle="none",
            color=COLOURS[i % len(COLOURS)],
            label=arm,
        )
        for factor, x, y in zip(wide.index, mu, sigma, strict=True):
            text = textwrap.fill(names.get(factor, factor), 30)
            ax.annotate(text, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=6)
        top = max(top, float(np.nanmax([mu.max(), sigma.max()])))
    ax.plot([0, top * 1.1], [0, top * 1.1], ls="--", lw=0.8, color="#9aa5b1", label="sigma = mu*")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    unit = f"{scale.unit} per factor range" if scale.unit else "per factor range"
    ax.set_xlabel(f"mu*: mean absolute elementary effect ({unit})")
    ax.set_ylabel(f"sigma: sd of the elementary effects ({unit})")
    ax.legend(loc="upper left")
    fig.suptitle(f"Morris screening: {label_of(output, data.outcomes)[0]}")
    extra = (
        "Bars: 95% bootstrap interval of mu* (SALib). Effects per change of a factor over "
        "its whole swept range, on the mean over replicates per design point; above the "
        "dashed line effects depend on the other factors or are non-linear."
    )
    add_note(fig, _year_note(data, output, extra))
    return fig


def sobol_plot(data: SweepData, output: str) -> Figure:
    """S1 and ST per factor with their 95% intervals; the diagnostics' warnings in the note."""
    table = data.sensitivity[data.sensitivity["output"] == output]
    names = _factor_names(data.meta)
    arms = _arms(table)
    width = 6.4 if len(arms) == 1 else 4.8
    height = 0.55 * len(names) + 1.6
    fig, axes = sweep_figure(len(arms), cols=2, width=width, height=height, sharex=True)
    for ax, arm in zip(axes, arms, strict=True):
        part = table if arm is None else table[table["arm"] == arm]
        factors = list(dict.fromkeys(part.loc[part["index"].isin(["S1", "ST"]), "factor"]))
        y = np.arange(len(factors), dtype=float)
        for shift, index, colour in ((-0.18, "S1", COLOURS[0]), (0.18, "ST", COLOURS[1])):
            rows = part[part["index"] == index].set_index("factor").reindex(factors)
            ax.barh(
                y + shift,
                rows["value"],
                height=0.34,
                xerr=rows["conf"],
                capsize=2.5,
                color=colour,
                alpha=0.85,
                label={"S1": "S1 (first order)", "ST": "ST (total)"}[index],
                error_kw={"lw": 0.8},
            )
        ax.set_yticks(y, [textwrap.fill(names.get(f, f), 34) for f in factors])
        ax.invert_yaxis()
        ax.axvline(0, color="#52606d", lw=0.6)
        ax.set_xlabel("Sobol index (share of the output's variance)")
        if arm is not None:
            ax.set_title(f"arm: {arm}")
    _legend(fig, axes, ["S1", "ST"], title=None)
    fig.suptitle(f"Sobol indices: {label_of(output, data.outcomes)[0]}")
    warned = _warnings(table, arms, output, data.meta["factors"])
    warning = (
        "Diagnostics warn: " + "; ".join(warned)
        if warned
        else "Diagnostics (plausibility, sample size, convergence N/2 vs N): no warnings."
    )
    extra = (
        f"Bars: 95% bootstrap interval (SALib *_conf). Base samples N = {data.meta['samples']}; "
        "indices on the mean over replicates per design point."
    )
    add_note(fig, _year_note(data, output, extra), warning)
    return fig


def sobol_s2_plot(data: SweepData, output: str) -> Figure:
    """Second-order indices S2 as a factor x factor heatmap, each cell with its interval.

    A cell whose 95% interval includes 0 is faded: that interaction is not told apart
    from none at this N.
    """
    table = data.sensitivity[data.sensitivity["output"] == output]
    names = _factor_names(data.meta)
    paths = list(names)
    arms = _arms(table)
    side = 0.9 * (len(paths) - 1) + 2.2
    fig, axes = sweep_figure(len(arms), cols=2, width=side + 0.6, height=side)
    pairs = table[table["index"] == "S2"]
    top = max(float(np.nanmax(np.abs(pairs["value"]))) if len(pairs) else 0.0, 0.05)
    image = None
    for ax, arm in zip(axes, arms, strict=True):
        part = pairs if arm is None else pairs[pairs["arm"] == arm]
        value, conf = _s2_matrix(part, paths)
        clear = np.abs(value) > conf  # the interval excludes 0
        image = ax.imshow(value, cmap="RdBu_r", vmin=-top, vmax=top, alpha=np.where(clear, 1, 0.3))
        for (i, j), cell in np.ndenumerate(value):
            if np.isfinite(cell):
                ax.text(j, i, f"{cell:.2f}\n± {conf[i, j]:.2f}", ha="center", va="center",
                        fontsize=6.5, color=_cell_colour(cell, conf[i, j], top))  # fmt: skip
        labels = [textwrap.fill(names[p], 18) for p in paths]
        ax.set_xticks(range(len(paths) - 1), labels[1:], rotation=35, ha="right", fontsize=6.5)
        ax.set_yticks(range(len(paths) - 1), labels[:-1], fontsize=6.5)
        ax.tick_params(length=0)
        ax.spines[:].set_visible(False)
        if arm is not None:
            ax.set_title(f"arm: {arm}")
    if image is not None:
        fig.colorbar(image, ax=axes, shrink=0.8, label="S2 (share of the output's variance)")
    fig.suptitle(f"Sobol interactions (S2): {label_of(output, data.outcomes)[0]}")
    warned = _warnings(table, arms, output, data.meta["factors"])
    warning = "Diagnostics warn: " + "; ".join(warned) if warned else ""
    extra = (
        "Cells: the second-order index S2 of each pair of factors (row x column) and "
        f"SALib's 95% bootstrap half-width; faded: the interval includes 0. Base samples N = "
        f"{data.meta['samples']}; indices on the mean over replicates per design point."
    )
    add_note(fig, _year_note(data, output, extra), warning)
    return fig


def _s2_matrix(part: pd.DataFrame, paths: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """S2 values and half-widths by factor pair (``"a x b"`` rows), NaN off the pairs.

    Rows are the factors but the last, columns the factors but the first: the upper
    triangle without the empty diagonal.
    """
    size = max(len(paths) - 1, 1)
    value = np.full((size, size), np.nan)
    conf = np.full_like(value, np.nan)
    where = {p: i for i, p in enumerate(paths)}
    for row in part.itertuples():
        first, _, second = row.factor.partition(" x ")
        if first in where and second in where:
            i, j = sorted((where[first], where[second]))
            value[i, j - 1], conf[i, j - 1] = row.value, row.conf
    return value, conf


def _cell_colour(value: float, conf: float, top: float) -> str:
    """White on a dark cell (a strong S2 whose interval excludes 0), else dark grey."""
    return "white" if abs(value) > conf and abs(value) > 0.6 * top else "#1f2933"


def _warnings(table: pd.DataFrame, arms: list[Any], output: str, factors: list[dict]) -> list[str]:
    """The diagnostics' warnings of ``sobol_check`` (per arm), in the caption's words."""
    warned = []
    for arm in arms:
        part = table if arm is None else table[table["arm"] == arm]
        for text in dict.fromkeys(part.get("warning", pd.Series(dtype=str))):
            if text:
                text = readable(text.replace(f"{output}: ", ""), factors)
                warned.append(text if arm is None else f"arm {arm!r}: {text}")
    return warned


# -- contrasts ------------------------------------------------------------------------------------
def contrast_plot(data: SweepData, output: str) -> Figure:
    """Each arm minus the reference arm with its paired 90% interval."""
    table = data.contrasts[data.contrasts["output"] == output]
    factors = data.meta["factors"]
    points = table["point"].nunique()
    if points <= MAX_FOREST or not factors:
        fig = _contrast_forest(data, table, output)
    else:
        fig = _contrast_by_factor(data, table, output)
    reference = table["reference"].iloc[0] if len(table) else ""
    fig.suptitle(f"Paired contrasts against {reference!r}: {label_of(output, data.outcomes)[0]}")
    extra = (
        f"Difference of each arm to {reference!r} per seed (same seeds, common random "
        "numbers); bars: 90% t-interval of the mean paired difference over replicates."
    )
    add_note(fig, _year_note(data, output, extra))
    return fig


def _point_label(record: Mapping[str, Any], labels: Mapping[str, FactorLabel]) -> str:
    parts = [f"{label.label}: {label.value(record[path])}" for path, label in labels.items()]
    return textwrap.fill("; ".join(parts) or f"point {record['point']}", 48)


def _contrast_forest(data: SweepData, table: pd.DataFrame, output: str) -> Figure:
    labels = {f["path"]: factor_label(f) for f in data.meta["factors"]}
    scale = output_scale(output, data.outcomes)
    order = table.drop_duplicates("point").sort_values("point")
    height = 0.42 * len(order) * max(1, len(labels)) ** 0.5 + 1.4
    fig, (ax,) = sweep_figure(1, width=6.4, height=height)
    arms = list(dict.fromkeys(table["arm"]))
    y = {p: i for i, p in enumerate(order["point"])}
    for i, arm in enumerate(arms):
        part = table[table["arm"] == arm]
        at = np.array([y[p] for p in part["point"]], float) + _dodge(i, len(arms), 2.0)
        mean = part["diff_mean"].to_numpy(float) / scale.divisor
        lo = part["diff_lo"].to_numpy(float) / scale.divisor
        hi = part["diff_hi"].to_numpy(float) / scale.divisor
        xerr = np.vstack([mean - lo, hi - mean])
        colour = COLOURS[(i + 1) % len(COLOURS)]
        ax.errorbar(mean, at, xerr=xerr, marker="o", ms=4, capsize=2.5, linestyle="none",
                    color=colour, label=arm)  # fmt: skip
    ax.set_yticks(range(len(order)), [_point_label(r, labels) for r in order.to_dict("records")])
    ax.invert_yaxis()
    ax.axvline(0, color="#52606d", lw=0.8)
    ax.set_xlabel(textwrap.fill(f"Difference: {output_label(output, data.outcomes)}", 60))
    ax.grid(axis="x", color="#e4e7eb", lw=0.6)
    _legend(fig, [ax], arms)
    return fig


def _contrast_by_factor(data: SweepData, table: pd.DataFrame, output: str) -> Figure:
    """One panel per factor: every point's paired difference against the factor's value."""
    factors = data.meta["factors"]
    scale = output_scale(output, data.outcomes)
    fig, axes = sweep_figure(len(factors), sharey=True)
    arms = list(dict.fromkeys(table["arm"]))
    for ax, factor in zip(axes, factors, strict=True):
        label = factor_label(factor)
        for i, arm in enumerate(arms):
            part = table[table["arm"] == arm]
            x = _spread(part[factor["path"]], label, factor, ax) + _dodge(i, len(arms), 1.0)
            mean = part["diff_mean"].to_numpy(float) / scale.divisor
            lo = part["diff_lo"].to_numpy(float) / scale.divisor
            hi = part["diff_hi"].to_numpy(float) / scale.divisor
            ax.errorbar(x, mean, yerr=np.vstack([mean - lo, hi - mean]), marker="o", ms=2.5,
                        capsize=1.5, linestyle="none", elinewidth=0.6, alpha=0.7,
                        color=COLOURS[(i + 1) % len(COLOURS)], label=arm)  # fmt: skip
        ax.axhline(0, color="#52606d", lw=0.8)
        ax.set_xlabel(label.axis())
        if ax in axes[::3]:  # the first panel of each row
            text = f"Difference: {output_label(output, data.outcomes)}"
            ax.set_ylabel(textwrap.fill(text, 48))
    _legend(fig, axes, arms)
    return fig


def _spread(x: pd.Series, label: FactorLabel, factor: Mapping[str, Any], ax) -> np.ndarray:
    """Positions of the points along a factor, few distinct values spread a little.

    Within each value the points stand side by side (a strip plot), so their intervals
    do not hide each other.
    """
    distinct = x.nunique()
    if label.dtype in ("bool", "str"):
        levels = factor.get("values") or sorted(x.unique())
        ax.set_xticks(range(len(levels)), [label.value(v) for v in levels])
        ax.set_xlim(-0.6, len(levels) - 0.4)
        position, width = x.map({v: j for j, v in enumerate(levels)}).to_numpy(float), 0.6
    elif distinct <= MAX_LEVELS:
        _whole(ax, label)
        position = x.to_numpy(float)
        gaps = np.diff(np.sort(x.unique().astype(float)))
        width = 0.6 * (float(gaps.min()) if len(gaps) else 1.0)
    else:
        return x.to_numpy(float)
    rank = x.groupby(x).cumcount().to_numpy(float)
    count = x.map(x.value_counts()).to_numpy(float)
    return position + width * ((rank + 0.5) / count - 0.5)


# -- fan charts -----------------------------------------------------------------------------------
def fan_chart(data: SweepData, output: str) -> Figure:
    """Median and 50%/90% bands over replicates by calendar month, per point (or pooled) and arm."""
    frame = data.monthly.sort_values(["run", "month"])
    series = monthly_series({c: frame[c].to_numpy() for c in frame.columns}, output)
    keys = [k for k in ("point", "arm") if k in frame.columns]
    long = frame[[*keys, "run", "month"]].assign(y=np.asarray(series, float))
    scale = output_scale(output, data.outcomes)
    long["y"] = long["y"] / scale.divisor
    points = sorted(long["point"].unique())
    pooled = len(points) > MAX_FAN_PANELS
    panels = [None] if pooled else points
    width = 6.0 if len(panels) == 1 else 3.8
    fig, axes = sweep_figure(len(panels), cols=3, width=width, height=2.7, sharey=True)
    labels = {f["path"]: factor_label(f) for f in data.meta["factors"]}
    design = data.design.set_index("point")
    arms = _arms(long)
    for ax, point in zip(axes, panels, strict=True):
        part = long if point is None else long[long["point"] == point]
        for i, arm in enumerate(arms):
            runs = part if arm is None else part[part["arm"] == arm]
            _fan(ax, runs, data.meta, COLOURS[i % len(COLOURS)], arm)
        if point is None:
            ax.set_title(f"all {len(points)} design points pooled")
        else:
            record = {"point": point, **design.loc[point].to_dict()}
            ax.set_title(_point_label(record, labels), fontsize=7)
        unit = scale.unit + (" per month" if output_kind(output) == "flow" else "")
        label = label_of(output, data.outcomes)[0]
        if ax in axes[::3]:  # the first panel of each row
            ax.set_ylabel(textwrap.fill(f"{label} ({unit})" if unit else label, 40))
        ax.tick_params(axis="x", labelrotation=30)
        ax.grid(axis="y", color="#e4e7eb", lw=0.6)
    _legend(fig, axes, arms)
    fig.suptitle(f"{label_of(output, data.outcomes)[0]} by month")
    per = "design point and arm" if arms != [None] else "design point"
    over = "runs of all design points" if pooled else f"replicates per {per}"
    kind = "level at the month's end" if output_kind(output) == "stock" else "sum over the month"
    first, last = month_dates(data.meta, [long["month"].min(), long["month"].max()])
    note = (
        f"{data.meta.get('name', 'sweep')} ({data.meta.get('design', '')} design). Monthly "
        f"figures ({kind}), {first:%Y-%m} to {last:%Y-%m}, no aggregation over months; line: "
        f"median, bands: 50% and 90% of the {over}. {count_text(data.values)}."
    )
    add_note(fig, note)
    return fig


def _fan(ax, runs: pd.DataFrame, meta: Mapping[str, Any], colour: str, arm: Any) -> None:
    quantiles = runs.groupby("month")["y"].quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
    dates = month_dates(meta, quantiles.index)
    ax.fill_between(dates, quantiles[0.05], quantiles[0.95], color=colour, alpha=0.15, lw=0)
    ax.fill_between(dates, quantiles[0.25], quantiles[0.75], color=colour, alpha=0.3, lw=0)
    ax.plot(dates, quantiles[0.5], color=colour, lw=1.4, label=arm)


# -- all figures of an analysis ------------------------------------------------------------------
def write_all(
    path_of: Callable[[str], Path],
    data: SweepData,
    formats: Sequence[str] = FORMATS,
    dpi: int = DPI,
) -> list[str]:
    """Every figure the analysis allows, per output; returns the file names written."""
    written: list[Path] = []
    kinds = _figure_kinds(data)
    for output in data.outputs:
        for prefix, draw in kinds:
            own = output_kind(output, data.outcomes) == "own"
            if prefix == "fan" and (data.monthly is None or own):
                continue  # an own outcome is one figure per run: there is no month to fan
            fig = draw(data, output)
            written += save(fig, path_of(f"{prefix}_{output}"), formats, dpi)
    return [p.name for p in written]


def _figure_kinds(data: SweepData) -> list[tuple[str, Callable[[SweepData, str], Figure]]]:
    kinds: list[tuple[str, Callable[[SweepData, str], Figure]]] = []
    if data.meta["factors"]:
        kinds.append(("main_effects", main_effects))
    if data.sensitivity is not None and data.meta["design"] == "morris":
        kinds.append(("morris", morris_plot))
    if data.sensitivity is not None and data.meta["design"] == "sobol":
        kinds.append(("sobol", sobol_plot))
        if (data.sensitivity["index"] == "S2").any():  # second_order = true
            kinds.append(("sobol_s2", sobol_s2_plot))
    if data.contrasts is not None and not data.contrasts.empty:
        kinds.append(("contrasts", contrast_plot))
    kinds.append(("fan", fan_chart))
    return kinds

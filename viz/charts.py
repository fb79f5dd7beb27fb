"""Charts as PNG bytes (matplotlib, no pyplot state: safe in the server's threads).

Every comparison chart has two panels: the levels of both variants with their bands
(side by side in time), and the paired difference with its band. The same bytes are
shown in the page and offered as the chart's PNG download.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Mapping
from functools import wraps

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.dates import AutoDateLocator, num2date  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch, PathPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from viz import money  # noqa: E402
from viz.backend import Band, Series  # noqa: E402
from viz.i18n import number, t  # noqa: E402

BASELINE = "#7b8794"
SCENARIO = "#1f5fa8"
DIFF = "#0f7b6c"
SAVING = "#2e7d32"
COST = "#c2410c"
INK = "#1f2933"
GRID = "#e4e7eb"
DPI = 150
MILLION = money.MILLION
RENDER_LOCK = threading.Lock()  # matplotlib draws one figure at a time, whatever the thread

STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.edgecolor": "#9aa5b1",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "legend.fontsize": 8,
}


def scale_for(unit: str, values: np.ndarray, lang: str) -> tuple[float, str]:
    """Divisor and axis unit: EUR in millions (a total: the sum over time), shares in percent."""
    if unit == "EUR":
        return MILLION, money.axis_total(lang)
    if unit == "share":
        return 0.01, "%"
    return 1.0, unit


# The smallest span a y axis shows, in the axis's own unit: a flat line of 80,0 % gets
# ticks of a percent, not of 0.001. Counts of people get whole-number ticks.
MIN_SPAN = {"EUR": 0.2, "share": 1.0, "score": 0.2, "weeks": 0.5, "hours/week": 0.2}
COUNTS = {"clients", "users", "residents", "places", "trajectories", "youths"}


def _dates(dates: list[str]) -> np.ndarray:
    return np.array(dates, dtype="datetime64[D]")


def _band(
    ax, x, band: Band, colour: str, label: str, divisor: float, dashed=False, floor=None
) -> None:
    """A mean line with its band; ``floor`` cuts the band (no fewer than 0 people)."""
    lo = band.lo / divisor if floor is None else np.maximum(band.lo / divisor, floor)
    ax.fill_between(x, lo, band.hi / divisor, color=colour, alpha=0.18, lw=0)
    ax.plot(x, band.mean / divisor, color=colour, lw=1.8, ls="--" if dashed else "-", label=label)


def _min_span(ax, span: float) -> None:
    """Widen a y axis around its middle to at least ``span`` (keeps ticks sensible)."""
    low, high = ax.get_ylim()
    if high - low < span:
        middle = (low + high) / 2
        ax.set_ylim(middle - span / 2, middle + span / 2)


def value_ticks(ax, lang: str, integer: bool) -> None:
    """About five round y ticks, labelled with just the decimals their step needs.

    Fixed decimals would label the ticks of a narrow axis alike ("0 0 0 0 0 0").
    """
    ax.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10], integer=integer))
    ticks = ax.get_yticks()
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    digits = next((d for d in range(5) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 4)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, digits)))


def _axes_style(
    ax, lang: str, ylabel: str, time_axis: bool = True, unit: str = "", floor=None
) -> None:
    ax.grid(axis="y", color=GRID, lw=0.8)
    ax.set_axisbelow(True)
    count = unit in COUNTS
    _min_span(ax, 4.0 if count else MIN_SPAN.get(unit, 0.1))
    if floor is not None and ax.get_ylim()[0] < floor:
        ax.set_ylim(floor, max(ax.get_ylim()[1], floor + 1))
    value_ticks(ax, lang, integer=count)
    ax.set_ylabel(ylabel)
    if time_axis:
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _month(v, lang)))


MONTHS = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}


def _month(value: float, lang: str) -> str:
    """A date tick: the year in January, otherwise the month's short name."""
    date = num2date(value)
    return str(date.year) if date.month == 1 else MONTHS[lang][date.month - 1]


def serialised(draw: Callable[..., bytes]) -> Callable[..., bytes]:
    """Run a chart function under the render lock (charts are drawn in worker threads)."""

    @wraps(draw)
    def locked(*args, **kwargs) -> bytes:
        with RENDER_LOCK:
            return draw(*args, **kwargs)

    return locked


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _figure(width: float = 10.0, height: float = 3.1, panels: int = 2) -> tuple[Figure, list]:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(1, panels) if panels > 1 else [fig.subplots()]
    return fig, list(axes)


@serialised
def comparison_png(
    series: Series, title: str, unit: str, axis_unit: str, lang: str, note: str = ""
) -> bytes:
    """Levels of both variants (left) and the paired difference (right), with bands.

    Money is shown per year (the month's spending × 12) in millions at 2025 prices;
    ``note`` is one sentence under the chart (e.g. why a series peaks every January).
    """
    with matplotlib.rc_context(STYLE):
        fig, (left, right) = _figure()
        x = _dates(series.dates)
        stacked = np.concatenate([series.baseline.hi, series.scenario.hi, series.diff.hi])
        divisor, scaled = scale_for(unit, stacked, lang)
        ylabel = scaled if unit in ("EUR", "share") else axis_unit
        if unit == "EUR":  # a month's spending on a yearly basis: municipalities budget per year
            divisor, ylabel = MILLION / money.MONTHS_PER_YEAR, money.axis_per_year(lang)
        floor = 0.0 if unit != "EUR" else None  # no band below zero people, places or weeks
        _band(left, x, series.baseline, BASELINE, t("baseline", lang), divisor, True, floor)
        _band(left, x, series.scenario, SCENARIO, t("scenario", lang), divisor, floor=floor)
        left.set_title(title, loc="left", color=INK)
        left.legend(loc="best")
        _axes_style(left, lang, ylabel, unit=unit, floor=floor)
        right.axhline(0, color="#9aa5b1", lw=0.9)
        _band(right, x, series.diff, DIFF, t("difference", lang), divisor)
        right.set_title(t("difference", lang), loc="left", color=INK)
        if unit == "share":
            ylabel = t("points", lang)
        _axes_style(right, lang, ylabel, unit=unit)
        _band_note(fig, series.replicates, lang, note)
        return _png(fig)


def _band_note(fig, replicates: int, lang: str, note: str = "") -> None:
    """The small print under a chart: what the bands are (and an optional sentence)."""
    fig.text(
        1.0,
        -0.02,
        (note + " " if note else "") + t("band_note", lang, n=replicates),
        wrap=True,
        ha="right",
        va="top",
        fontsize=7.5,
        color="#616e7c",
    )


@serialised
def savings_png(savings: Series, cost: Series, lang: str) -> bytes:
    """Cumulative net saving against the cumulative cost of the measures."""
    with matplotlib.rc_context(STYLE):
        fig, (ax,) = _figure(10.0, 3.4, panels=1)
        x = _dates(savings.dates)
        divisor, unit = scale_for(
            "EUR", np.concatenate([savings.diff.hi, savings.diff.lo, cost.diff.hi]), lang
        )
        ax.axhline(0, color="#9aa5b1", lw=0.9)
        _band(ax, x, savings.diff, SAVING, t("cumulative_savings", lang), divisor)
        _band(ax, x, cost.diff, COST, t("measures_cost", lang), divisor, dashed=True)
        ax.set_title(t("cumulative_savings", lang), loc="left", color=INK)
        ax.legend(loc="upper left")
        _axes_style(ax, lang, unit, unit="EUR")
        _band_note(fig, savings.replicates, lang)
        return _png(fig)


@serialised
def declared_png(true: Series, declared: Series, lang: str) -> bytes:
    """What the dashboard sees (declared) next to true spending, for both variants."""
    with matplotlib.rc_context(STYLE):
        fig, axes = _figure(10.0, 3.1)
        axes[1].sharey(axes[0])
        x = _dates(true.dates)
        divisor, unit = MILLION / money.MONTHS_PER_YEAR, money.axis_per_year(lang)
        for ax, arm, colour in (
            (axes[0], "baseline", BASELINE),
            (axes[1], "scenario", SCENARIO),
        ):
            _band(ax, x, getattr(true, arm), colour, t("true_spending", lang), divisor)
            _band(ax, x, getattr(declared, arm), "#b7791f", t("declared", lang), divisor, True)
            ax.set_title(t(arm, lang), loc="left", color=INK)
            ax.legend(loc="lower right")
            _axes_style(ax, lang, unit, unit="EUR")
        return _png(fig)


@serialised
def use_bars_png(rows: list[tuple[str, bool, float, float, float, float]], lang: str) -> bytes:
    """Final-year use per service: baseline and scenario, tailored (blue) vs general (teal).

    ``rows``: label, tailored?, baseline mean, scenario mean, difference interval (lo, hi).
    """
    with matplotlib.rc_context(STYLE):
        fig, (ax,) = _figure(10.0, 0.9 + 0.5 * len(rows), panels=1)
        y = np.arange(len(rows))
        base = np.array([r[2] for r in rows])
        scen = np.array([r[3] for r in rows])
        colours = [SCENARIO if r[1] else DIFF for r in rows]
        ax.barh(y - 0.2, base, height=0.38, color=BASELINE, alpha=0.55, label=t("baseline", lang))
        ax.barh(y + 0.2, scen, height=0.38, color=colours, label=t("scenario", lang))
        for i, (_, _, b, s, lo, hi) in enumerate(rows):
            change = 0.0 if abs(s - b) < 0.5 else s - b  # no "-0" for a change below one
            word = "tot" if lang == "nl" else "to"
            low, high = round(lo) + 0.0, round(hi) + 0.0  # + 0.0: no "-0"
            span = f"90%: {number(low, lang)} {word} {number(high, lang)}"
            text = f"{'+' if change > 0 else ''}{number(change, lang)} ({span})"
            ax.text(max(b, s) * 1.01, i, text, va="center", fontsize=8, color=INK)
        ax.set_yticks(y, [r[0] for r in rows])
        ax.invert_yaxis()
        ax.set_xlim(0, max(base.max(), scen.max()) * 1.22)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang)))
        ax.grid(axis="x", color=GRID, lw=0.8)
        ax.set_axisbelow(True)
        ax.legend(loc="lower right")
        title = (
            "Gebruik in het laatste jaar: maatwerk (blauw) en algemeen/licht (groen)"
            if lang == "nl"
            else "Use in the final year: tailored (blue) and general/light (green)"
        )
        ax.set_title(title, loc="left", color=INK)
        return _png(fig)


Box = tuple[float, float, str, str, str]  # x, y, title, numbers, colour


@serialised
def flows_png(base: Mapping[str, float], scen: Mapping[str, float], lang: str) -> bytes:
    """Entry points (left) to outcomes (right); recorded flows solid, stocks dotted."""

    def both(key: str) -> str:
        return f"{number(base[key], lang)} → {number(scen[key], lang)}"

    entries: list[Box] = [
        (0.0, 3.0, t("entry_gp", lang), both("entry_gp"), "#3e7cb1"),
        (0.0, 1.8, t("entry_access", lang), both("entry_access"), "#2f855a"),
        (0.0, 0.6, t("entry_other", lang), both("entry_other"), "#7b8794"),
    ]
    outcomes: list[Box] = [
        (1.0, 3.4, t("out_tailored", lang), both("inflow_tailored"), "#1f5fa8"),
        (1.0, 2.45, t("out_poh", lang), both("poh_helped"), "#3e7cb1"),
        (1.0, 1.5, t("out_light", lang), both("users_light_support"), "#6b8e23"),
        (1.0, 0.75, t("out_general", lang), both("users_general"), "#0f7b6c"),
        (1.0, 0.0, t("out_nothing", lang), both("unmet_need"), "#b91c1c"),
    ]
    links = [  # entry, outcome, flow key, recorded?
        (0, 0, "youth_referrals_gp", True),
        (0, 1, "poh_helped", True),
        (1, 0, "entry_access", True),
        (2, 0, "youth_referrals_other", True),
        (1, 2, None, False),
        (1, 3, None, False),
        (1, 4, None, False),
    ]
    biggest = max(scen[k] for _, _, k, rec in links if rec and k) or 1.0
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(10.0, 4.6))
        ax = fig.add_axes((0, 0, 1, 0.93))
        ax.set_xlim(-0.32, 1.32)
        ax.set_ylim(-0.45, 3.85)
        ax.axis("off")
        arriving: dict[int, int] = {}
        leaving: dict[int, int] = {}
        for e, o, key, recorded in links:
            x0, y0 = entries[e][0] + 0.26, entries[e][1]
            x1, y1 = outcomes[o][0] - 0.27, outcomes[o][1]
            if recorded:
                slot = arriving.get(o, 0)
                arriving[o] = slot + 1
                y1 += 0.1 - 0.1 * slot  # spread ribbons along the outcome's edge
                out = leaving.get(e, 0)
                leaving[e] = out + 1
                y0 += 0.08 - 0.16 * out if e == 0 else 0.0
                width = 0.02 + 0.22 * scen[key] / biggest
                ax.add_patch(_ribbon(x0, y0, x1, y1, width, entries[e][4]))
                where = 0.22
                ax.text(
                    x0 + (x1 - x0) * where,
                    y0 + (y1 - y0) * where * 0.6,
                    both(key),
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color=INK,
                    bbox={"fc": "white", "ec": entries[e][4], "alpha": 0.9, "pad": 1.5, "lw": 0.5},
                )
            else:
                ax.annotate(
                    "",
                    (x1, y1),
                    (x0, y0),
                    arrowprops={"arrowstyle": "-", "lw": 1.0, "ls": ":", "color": "#9aa5b1"},
                )
        for x, y, title, numbers, colour in entries + outcomes:
            ax.add_patch(
                FancyBboxPatch(
                    (x - 0.26, y - 0.2),
                    0.52,
                    0.4,
                    boxstyle="round,pad=0.01,rounding_size=0.04",
                    fc=colour,
                    ec="none",
                    alpha=0.95,
                )
            )
            ax.text(x, y + 0.06, title, ha="center", va="center", color="white", weight="bold")
            ax.text(x, y - 0.1, numbers, ha="center", va="center", color="white", fontsize=8)
        ax.text(0.0, 3.72, t("per_year", lang), ha="center", color="#616e7c", fontsize=8)
        ax.text(
            1.0,
            3.72,
            f"{t('per_year', lang)} / {t('on_average', lang)}",
            ha="center",
            color="#616e7c",
            fontsize=8,
        )
        fig.suptitle(
            f"{t('flows_title', lang)} ({t('baseline', lang)} → {t('scenario', lang)})",
            x=0.01,
            ha="left",
            fontsize=10,
            weight="bold",
            color=INK,
        )
        return _png(fig)


def _ribbon(x0: float, y0: float, x1: float, y1: float, width: float, colour: str) -> PathPatch:
    """A Sankey-like band from (x0, y0) to (x1, y1), ``width`` thick at both ends."""
    mid = (x0 + x1) / 2
    h = width / 2
    vertices = [
        (x0, y0 + h),
        (mid, y0 + h),
        (mid, y1 + h),
        (x1, y1 + h),
        (x1, y1 - h),
        (mid, y1 - h),
        (mid, y0 - h),
        (x0, y0 - h),
        (x0, y0 + h),
    ]
    codes = [Path.MOVETO] + [Path.CURVE4] * 3 + [Path.LINETO] + [Path.CURVE4] * 3
    codes.append(Path.CLOSEPOLY)
    return PathPatch(Path(vertices, codes), fc=colour, ec="none", alpha=0.4)


@serialised
def contributions_png(
    rows: list[tuple[str, float, float, float]], lang: str, label: Callable[[str], str]
) -> bytes:
    """Each lever's contribution to the net cost over the horizon (bars with intervals)."""
    with matplotlib.rc_context(STYLE):
        fig, (ax,) = _figure(10.0, 0.6 + 0.45 * len(rows), panels=1)
        divisor, unit = scale_for("EUR", np.array([abs(r[1]) for r in rows] or [0.0]), lang)
        names = [label(r[0]) for r in rows]
        means = np.array([r[1] for r in rows]) / divisor
        lo = np.array([r[2] for r in rows]) / divisor
        hi = np.array([r[3] for r in rows]) / divisor
        colours = [SAVING if m < 0 else COST for m in means]
        ax.barh(names, means, color=colours, alpha=0.8)
        ax.errorbar(means, names, xerr=[means - lo, hi - means], fmt="none", ecolor=INK, lw=1)
        ax.axvline(0, color="#9aa5b1", lw=0.9)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 1)))
        ax.grid(axis="x", color=GRID, lw=0.8)
        ax.set_title(t("contrib_title", lang), loc="left", color=INK)
        return _png(fig)

"""One chart per indicator with every alternative's difference from the baseline (PNG).

Left: the paired difference year by year (a line and its 90% band per alternative);
right: the final year's difference per alternative as a point with its interval, the
number the table shows. Drawn in the style of :mod:`viz.charts` (same fonts, colours of
the axes, band note) so the charts of a council report look alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from viz import charts
from viz.alternatives import Interval
from viz.i18n import t

# Distinguishable in print and for the common colour-vision deficiencies (Okabe-Ito order).
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")


@charts.serialised
def alternatives_png(
    title: str,
    years: Sequence[str],
    lines: Sequence[tuple[str, Sequence[Interval]]],
    axis: str,
    divisor: float,
    lang: str,
) -> bytes:
    """Each alternative's yearly difference (left) and final-year difference (right).

    ``lines``: per alternative its name and its yearly differences (``Interval``);
    ``divisor`` scales the values to ``axis`` (1e6 for millions of euros).
    """
    with matplotlib.rc_context(charts.STYLE):
        fig = Figure(figsize=(10.0, 3.2), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[2.2, 1])
        x = np.arange(len(years))
        for i, (name, diffs) in enumerate(lines):
            colour = COLOURS[i % len(COLOURS)]
            mean = np.array([d.mean for d in diffs]) / divisor
            lo = np.array([d.lo for d in diffs]) / divisor
            hi = np.array([d.hi for d in diffs]) / divisor
            left.fill_between(x, lo, hi, color=colour, alpha=0.15, lw=0)
            left.plot(x, mean, color=colour, lw=1.8, marker="o", ms=3, label=name)
            last = diffs[-1]
            right.errorbar(
                [last.mean / divisor],
                [i],
                xerr=[[(last.mean - last.lo) / divisor], [(last.hi - last.mean) / divisor]],
                fmt="o",
                color=colour,
                ecolor=colour,
                capsize=3,
                lw=1.4,
            )
        left.axhline(0, color="#9aa5b1", lw=0.9)
        right.axvline(0, color="#9aa5b1", lw=0.9)
        left.set_xticks(x, list(years))
        left.set_title(f"{title}: {t('alt_chart_left', lang)}", loc="left", color=charts.INK)
        left.legend(loc="best")
        charts._axes_style(left, lang, axis, time_axis=False)
        right.set_yticks(range(len(lines)), [name for name, _ in lines])
        right.set_ylim(len(lines) - 0.5, -0.5)
        right.set_title(
            t("alt_chart_right", lang, year=years[-1] if years else ""),
            loc="left",
            color=charts.INK,
        )
        right.grid(axis="x", color=charts.GRID, lw=0.8)
        right.set_axisbelow(True)
        right.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _: charts.number(v, lang, _digits(right)))
        )
        right.set_xlabel(axis)
        n = lines[0][1][0].n if lines and lines[0][1] else 0
        charts._band_note(fig, n, lang)
        return charts._png(fig)


def _digits(ax) -> int:
    """Decimals the axis' tick step needs (0.05 -> 2), as viz.charts does for its y axes."""
    ticks = ax.get_xticks()
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    return next((d for d in range(5) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 4)

"""The sweep explorer's charts as PNG bytes, in the page's language.

The numbers come from ``viz.sweep_explorer_data`` (the functions of ``carescape
analyze``); the marks follow ``experiments.sweep_plots``: switches and categories as
unjoined points with bars, numeric levels joined by a line, one colour per arm in the
same order, Sobol S1/ST as bars with their intervals, Morris mu* against sigma. Unlike
the publishable figures (English, written by ``analyze``), these carry Dutch or English
labels and Dutch decimal commas, so a Dutch page shows no English.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from experiments.sweep_labels import output_scale  # noqa: E402
from experiments.sweep_plots import (  # noqa: E402
    COLOURS,
    METADATA,
    SweepData,
    contrast_plot,
    main_effects,
    morris_plot,
    sobol_plot,
)
from experiments.sweep_plots import STYLE as PUBLISHED  # noqa: E402
from viz.charts import RENDER_LOCK, STYLE  # noqa: E402
from viz.i18n import number, t  # noqa: E402
from viz.sweep_explorer_data import (  # noqa: E402
    Sweep,
    output_values,
    point_contrasts,
    sensitivity_table,
)
from viz.sweep_explorer_text import (  # noqa: E402
    arm_name,
    factor_name,
    level_text,
    output_title,
    output_unit,
)

DPI = 130


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _numbers(ax, axis: str, lang: str) -> None:
    """Tick labels with the language's decimal sign."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    digits = next((d for d in range(5) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 4)
    target.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, digits)))


def _categorical(factor: dict[str, Any], levels: list[Any]) -> bool:
    numeric = all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
        for v in levels
    )
    return factor.get("dtype") in ("bool", "str") or not numeric


def _positions(
    factor: dict[str, Any], table: pd.DataFrame, lang: str
) -> tuple[dict[Any, float], list[str] | None, float]:
    """The x of each level, the tick labels of categorical factors, and the dodge spacing."""
    levels = list(dict.fromkeys(table["level"]))
    if _categorical(factor, levels):
        binned = bool(table["binned"].any()) if len(table) else False
        labels = [level_text(factor, v, lang, binned) for v in levels]
        return {v: float(i) for i, v in enumerate(levels)}, labels, 1.0
    x = np.asarray(levels, dtype=float)
    gaps = np.diff(np.unique(x))
    return {v: float(v) for v in levels}, None, float(gaps.min()) if len(gaps) else 1.0


def _dodge(index: int, count: int, spacing: float) -> float:
    return 0.0 if count == 1 else (index - (count - 1) / 2) * spacing * 0.12


def _errorbars(ax, factor: dict, table: pd.DataFrame, divisor: float, lang: str, shift: int):
    """One series per arm: points with their interval, joined when the levels are numbers."""
    where, labels, spacing = _positions(factor, table, lang)
    arms = list(dict.fromkeys(table["arm"]))
    for i, arm in enumerate(arms):
        part = table[table["arm"].isna()] if arm is None else table[table["arm"] == arm]
        x = np.array([where[v] for v in part["level"]]) + _dodge(i, len(arms), spacing)
        mean = part["mean"].to_numpy(float) / divisor
        err = np.vstack([mean - part["lo"] / divisor, part["hi"] / divisor - mean])
        ax.errorbar(x, mean, yerr=err, marker="o", ms=5, capsize=3,
                    linestyle="none" if labels else "-", color=COLOURS[(i + shift) % len(COLOURS)],
                    label=arm_name(arm, lang))  # fmt: skip
    if labels:
        ax.set_xticks(range(len(labels)), labels)
        ax.set_xlim(-0.6, len(labels) - 0.4)
    else:
        _numbers(ax, "x", lang)
    ax.set_xlabel(textwrap.fill(factor_name(factor, lang), 60))
    ax.grid(axis="y", color="#e4e7eb", lw=0.8)
    ax.set_axisbelow(True)
    if arms != [None]:
        ax.legend(title=t("sx_arm", lang), loc="upper left", bbox_to_anchor=(1.01, 1))


def main_effect_png(sweep: Sweep, table: pd.DataFrame, output: str, path: str, lang: str) -> bytes:
    """The output against one factor, averaged over the others, per arm."""
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7.2, 3.6), layout="constrained")
        ax = fig.subplots()
        divisor = output_scale(output, sweep.outcomes).divisor
        _errorbars(ax, sweep.factor(path), table, divisor, lang, 0)
        ax.set_ylabel(textwrap.fill(output_title(output, sweep, lang), 40))
        _numbers(ax, "y", lang)
        return _png(fig)


def contrast_png(sweep: Sweep, table: pd.DataFrame, output: str, path: str, lang: str) -> bytes:
    """Each arm minus the reference per level of the factor, with the paired interval."""
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7.2, 3.6), layout="constrained")
        ax = fig.subplots()
        divisor = output_scale(output, sweep.outcomes).divisor
        _errorbars(ax, sweep.factor(path), table, divisor, lang, 1)
        ax.axhline(0, color="#52606d", lw=0.8)
        name = t("sx_difference_of", lang, name=output_title(output, sweep, lang))
        ax.set_ylabel(textwrap.fill(name, 40))
        _numbers(ax, "y", lang)
        return _png(fig)


def sobol_png(sweep: Sweep, table: pd.DataFrame, lang: str) -> bytes:
    """S1 and ST per factor (per arm a panel) with their 95% intervals."""
    names = {f["path"]: factor_name(f, lang) for f in sweep.factors}
    arms = list(dict.fromkeys(table["arm"])) if "arm" in table.columns else [None]
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        height = 0.5 * len(names) + 1.4
        fig = Figure(figsize=(7.2, height * len(arms)), layout="constrained")
        axes = fig.subplots(len(arms), 1, squeeze=False, sharex=True)[:, 0]
        for ax, arm in zip(axes, arms, strict=True):
            part = table if arm is None else table[table["arm"] == arm]
            factors = list(dict.fromkeys(part["factor"]))
            y = np.arange(len(factors), dtype=float)
            for shift, index, colour in ((-0.18, "S1", COLOURS[0]), (0.18, "ST", COLOURS[1])):
                rows = part[part["index"] == index].set_index("factor").reindex(factors)
                ax.barh(y + shift, rows["value"], height=0.34, xerr=rows["conf"], capsize=2.5,
                        color=colour, alpha=0.85, label=t(f"sx_{index.lower()}", lang),
                        error_kw={"lw": 0.8})  # fmt: skip
            ax.set_yticks(y, [textwrap.fill(names.get(f, f), 36) for f in factors])
            ax.invert_yaxis()
            ax.axvline(0, color="#52606d", lw=0.6)
            if arm is not None:
                ax.set_title(f"{t('sx_arm', lang)}: {arm}")
        axes[-1].set_xlabel(t("sx_sobol_axis", lang))
        _numbers(axes[-1], "x", lang)
        axes[0].legend(loc="best")
        return _png(fig)


def morris_png(sweep: Sweep, table: pd.DataFrame, output: str, lang: str) -> bytes:
    """mu* (with its interval) against sigma per factor, labelled; one colour per arm."""
    names = {f["path"]: factor_name(f, lang) for f in sweep.factors}
    scale = output_scale(output, sweep.outcomes)
    arms = list(dict.fromkeys(table["arm"])) if "arm" in table.columns else [None]
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7.2, 4.4), layout="constrained")
        ax = fig.subplots()
        for i, arm in enumerate(arms):
            part = table if arm is None else table[table["arm"] == arm]
            wide = part.pivot_table(index="factor", columns="index", values="value", sort=False)
            conf = part[part["index"] == "mu_star"].set_index("factor")["conf"]
            mu, sigma = wide["mu_star"] / scale.divisor, wide["sigma"] / scale.divisor
            ax.errorbar(mu, sigma, xerr=conf.reindex(wide.index).to_numpy(float) / scale.divisor,
                        marker="o", ms=5, capsize=2.5, linestyle="none",
                        color=COLOURS[i % len(COLOURS)], label=arm_name(arm, lang))  # fmt: skip
            for factor, x, y in zip(wide.index, mu, sigma, strict=True):
                text = textwrap.fill(names.get(factor, factor), 30)
                ax.annotate(text, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        unit = output_unit(output, sweep, lang) or "-"  # 'cliënten' in Dutch, as main effects
        ax.set_xlabel(f"{t('sx_mu_star', lang)}, {t('sx_morris_axis', lang, unit=unit)}")
        ax.set_ylabel(textwrap.fill(t("sx_sigma", lang), 40))
        _numbers(ax, "x", lang)
        _numbers(ax, "y", lang)
        if arms != [None]:
            ax.legend(title=t("sx_arm", lang))
        return _png(fig)


# -- the publishable figure, as ``carescape analyze`` writes it -------------------------------
FIGURES = {"main_effects": main_effects, "contrasts": contrast_plot}
FIGURES |= {"morris": morris_plot, "sobol": sobol_plot}


def analyze_svg(sweep: Sweep, output: str, year: str, kind: str) -> bytes:
    """The figure ``analyze`` writes for ``output`` (``kind``: main_effects, contrasts, ...).

    Drawn by ``experiments.sweep_plots`` from the same numbers as the page (English, with
    the note on year, aggregation and n), so a researcher downloads what the paper shows.
    """
    values = output_values(sweep, output, year)
    table, _ = sensitivity_table(sweep, output, year)
    data = SweepData(sweep.meta, year, [output], values, sweep.design, sweep.outcomes, table)
    data.contrasts = point_contrasts(sweep, output, year) if len(sweep.arms) > 1 else None
    buffer = io.BytesIO()
    with RENDER_LOCK, matplotlib.rc_context(PUBLISHED):
        FIGURES[kind](data, output).savefig(
            buffer, format="svg", bbox_inches="tight", facecolor="white", metadata=METADATA["svg"]
        )
    return buffer.getvalue()

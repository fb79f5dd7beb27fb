"""The presenter screen's chart: scenario against baseline over time, switches marked.

One indicator per chart, drawn large enough for a projector: the baseline (same
municipality, no measures) grey and dashed, the scenario of the current branch in blue
up to the current month, what that branch ran beyond it (after a rewind) pale, and the
other branches thin. Every switch is a dotted vertical line with a note of what was
switched on or off.
"""

from __future__ import annotations

import datetime as dt

import matplotlib
from matplotlib.figure import Figure

from viz.charts import _png, serialised, value_ticks
from viz.i18n import indicator_label, policy_label, t
from viz.workshop_plan import MONEY, row_value
from viz.workshop_session import WorkshopSession

BASE = "#7b8794"
SCEN = "#1f5fa8"
OTHERS = ("#c2410c", "#7c3aed", "#0f7b6c", "#b7791f")
MONTHS = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}
STYLE = {
    "font.size": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9aa5b1",
    "legend.frameon": False,
    "legend.fontsize": 12,
}


def month_label(start: dt.date, month: int, lang: str) -> str:
    """The calendar month of 1-based ``month`` ('jan 2026')."""
    index = start.month - 1 + month - 1
    return f"{MONTHS[lang][index % 12]} {start.year + index // 12}"


def title(indicator: str, lang: str) -> str:
    """The chart's title: the indicator's name in the language."""
    if indicator == "cost_all_eur":
        return t("ws_cost_all", lang)
    return indicator_label(indicator, lang)


def _value_axis(ax, values: list[float], money: bool, lang: str) -> None:
    """The value axis, with room above the lines for the switches' notes.

    People are counted from 0; money is not, since a change of a few percent in
    millions would flatten both lines into one. Before the first month there is no
    data: an empty 0-10 axis, not six ticks that all read 0.
    """
    if values:
        low, high = (min(values) if money else 0.0), max(values)
        span = max(high - low, abs(high) * 0.05, 1e-3 if money else 2.0)
        if money:  # centred and at least 5% of the level: noise of a few euros stays small
            middle = (low + high) / 2
            low, high = middle - span / 2, middle + span / 2
        ax.set_ylim(low - (0.1 * span if money else 0.0), high + 0.5 * span)
    else:
        ax.set_ylim(0.0, 10.0)
    value_ticks(ax, lang, integer=not money)
    ax.grid(axis="y", color="#e4e7eb", lw=0.8)
    ax.set_ylabel(t("ws_eur_mln_month", lang) if money else t("residents_unit", lang))


@serialised
def timeline_png(
    session: WorkshopSession,
    indicator: str,
    lang: str,
    width: float = 8.6,
    height: float = 4.6,
    titled: bool = True,
) -> bytes:
    """The indicator over the months: baseline, branches, the current one, the switches.

    ``titled=False`` on the presenter screen, where the indicator's menu is the title.
    """
    money = indicator in MONEY
    scale = 1e6 if money else 1.0
    horizon = session.horizon
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        ax = fig.subplots()
        base = [row_value(r, indicator) / scale for r in session.baseline_records]
        for i, branch in enumerate(session.branches):
            if branch is session.branch:
                continue
            ys = [row_value(r, indicator) / scale for r in branch.records]
            label = f"{t('ws_branch', lang)} {branch.name}"
            ax.plot(range(1, len(ys) + 1), ys, color=OTHERS[i % len(OTHERS)], lw=1.4, label=label)
        shown = session.branch.cursor
        ys = [row_value(r, indicator) / scale for r in session.branch.records]
        if len(ys) > shown:
            ax.plot(
                range(shown, len(ys) + 1),
                ys[shown - 1 :] if shown else ys,
                color=SCEN,
                lw=1.4,
                alpha=0.3,
            )
        # the baseline on top, dashed: before the first switch the two lines are one
        ax.plot(
            range(1, len(base) + 1),
            base,
            color=BASE,
            lw=2.2,
            ls="--",
            label=t("ws_without", lang),
            zorder=3,
        )
        ax.plot(range(1, shown + 1), ys[:shown], color=SCEN, lw=3.0, label=t("ws_with", lang))
        _value_axis(ax, [*base, *ys], money, lang)
        for k, change in enumerate(session.branch.switches):
            x = change.month + 0.5
            ax.axvline(x, color=SCEN, ls=":", lw=1.4)
            word = t("ws_on" if change.on else "ws_off", lang)
            ax.annotate(
                f"{policy_label(change.measure, lang)} {word}",
                (x, 1.0),
                xycoords=("data", "axes fraction"),  # hanging from the top, above the lines
                xytext=(4, -4 - 16 * (k % 4)),
                textcoords="offset points",
                fontsize=11,
                color=SCEN,
                va="top",
                bbox={"fc": "white", "ec": "none", "alpha": 0.85, "pad": 1},
            )
        ax.set_xlim(0.5, horizon + 0.5)
        start = session.model.start_date
        januaries = [m for m in range(1, horizon + 1) if (start.month - 1 + m - 1) % 12 == 0]
        ax.set_xticks(januaries, [month_label(start, m, lang) for m in januaries])
        if titled:
            ax.set_title(title(indicator, lang), loc="left", fontsize=15, fontweight="bold")
        # below the chart, where it covers neither the title nor the lines
        fig.legend(loc="outside lower center", ncol=3)
        return _png(fig)

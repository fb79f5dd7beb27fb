"""The workshop's charts as the projector and the session ZIP show them.

A small municipality is stepped a few months with one measure switched on; every chart
is drawn and its matplotlib figure read back: the tick labels, the axis range and where
the legend sits against the title and the plot.
"""

from __future__ import annotations

import copy

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from model.care_model import CareModel
from viz import workshop_charts
from viz.workshop_plan import row_value
from viz.workshop_session import WorkshopSession

MONEY, COUNT = "cost_all_eur", "waiting_access"


@pytest.fixture(scope="module")
def built() -> CareModel:
    """One small municipality at month 0 (sessions copy it)."""
    return CareModel(residents=4000, rng=3, years=3)


def drawn(session: WorkshopSession, indicator: str, lang: str, monkeypatch) -> Figure:
    """The chart's figure, drawn as the PNG is."""
    figures = []
    draw = workshop_charts._png
    monkeypatch.setattr(workshop_charts, "_png", lambda fig: figures.append(fig) or draw(fig))
    workshop_charts.timeline_png(session, indicator, lang)
    FigureCanvasAgg(figures[0]).draw()
    return figures[0]


def tick_labels(fig: Figure) -> list[str]:
    (ax,) = fig.axes
    low, high = ax.get_ylim()
    return [t.get_text() for t in ax.get_yticklabels() if low <= t.get_position()[1] <= high]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_before_the_first_month_the_value_axis_has_distinct_tick_labels(built, lang, monkeypatch):
    """The presenter's first screen: an empty axis, not six ticks that all read '0'."""
    session = WorkshopSession(model=copy.deepcopy(built))
    for indicator in (COUNT, MONEY):
        labels = tick_labels(drawn(session, indicator, lang, monkeypatch))
        assert len(labels) >= 2 and len(set(labels)) == len(labels), f"{indicator}: {labels}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_exported_charts_keep_the_legend_off_the_title_and_money_off_zero(built, lang, monkeypatch):
    """A measure switched on at month 6: the money chart is zoomed to the lines (from 0 the
    two variants were one line) and the legend covers neither the title nor the plot."""
    session = WorkshopSession(model=copy.deepcopy(built))
    for _ in range(6):
        session.step()
    session.switch("case_management", True)
    for _ in range(6):
        session.step()
    for indicator in (MONEY, COUNT):
        fig = drawn(session, indicator, lang, monkeypatch)
        (ax,) = fig.axes
        renderer = fig.canvas.get_renderer()
        box = fig.legends[0] if fig.legends else ax.get_legend()
        legend = box.get_window_extent(renderer) if box else None
        assert legend is not None, f"{indicator}: the chart has a legend"
        title = ax.title.get_window_extent(renderer)
        assert not legend.overlaps(title), f"{indicator}: the legend covers the title"
        assert not legend.overlaps(ax.patch.get_window_extent(renderer)), (
            f"{indicator}: the legend lies on the plot"
        )
        labels = tick_labels(fig)
        assert len(set(labels)) == len(labels), f"{indicator}: distinct tick labels {labels}"
    low, _ = fig_limits = drawn(session, MONEY, lang, monkeypatch).axes[0].get_ylim()
    values = [row_value(r, MONEY) / 1e6 for r in session.baseline_records]
    assert low > 0.5 * min(values), f"the money axis {fig_limits} is not forced down to 0"

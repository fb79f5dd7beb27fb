"""The workshop page: one municipality stepping month by month on Mesa's own SolaraViz.

For facilitators who show the transformation dynamics live in a council or team
workshop: switch a few measures on, press Mesa's *Reset*, then *Step* or play, and
watch use shift between tailored and general services, the access team's queue,
spending (true and as the dashboard sees it), unmet need and wellbeing.

It is the ``/workshop`` page of ``carescape ui`` (a route of ``viz/app.py``; ``carescape
ui --workshop`` prints its address) and also runs on its own with
``solara run viz/workshop.py``. Like every Mesa app this module holds only the model
parameters, the components and ``page``: :class:`WorkshopModel` turns the switches into
policy objects and is otherwise :class:`~model.care_model.CareModel`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import solara
from matplotlib.ticker import FuncFormatter, MultipleLocator
from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE
from viz import state
from viz.charts import number
from viz.components import LanguageSwitch
from viz.i18n import policy_label, policy_mechanism, t

# The measures a facilitator can switch (names in the policy catalogue).
WORKSHOP_POLICIES = ("poh_ggz", "hh_norm", "youth_demarcation", "case_management", "voorveld")
DEFAULT_RESIDENTS = 20_000  # small enough that a month takes a few milliseconds
DEFAULT_SEED = 1
DEFAULT_START_MONTH = 12  # a year of the status quo first: the change shows as a kink
YEARS = 10
START = "2025-01"
RESIDENTS_CHOICES = (5_000, 10_000, 20_000, 45_000, 100_000)
START_MONTH_CHOICES = (0, 6, 12, 24, 36, 60)


class WorkshopModel(CareModel):
    """:class:`CareModel` built from on/off switches, so that SolaraViz can rebuild it.

    Mesa's *Reset* calls the model class with the keyword arguments of the parameter
    panel; ``CareModel`` takes policy objects, so this subclass only turns each switch
    that is on into the catalogue's policy with its declared defaults, starting in
    ``start_month`` (months after the start of the run). No model logic lives here.
    """

    def __init__(
        self,
        residents: int = DEFAULT_RESIDENTS,
        rng: int = DEFAULT_SEED,
        start_month: int = DEFAULT_START_MONTH,
        *,
        years: int = YEARS,
        preset: str = "default",
        **switches: bool,
    ) -> None:
        switches.pop("scenario", None)  # Mesa offers its own scenario object; not used here
        unknown = sorted(set(switches) - set(WORKSHOP_POLICIES))
        if unknown:
            raise ConfigError(
                f"{unknown[0]} is not a workshop measure; use {', '.join(WORKSHOP_POLICIES)}"
            )
        on = tuple(name for name in WORKSHOP_POLICIES if switches.get(name))
        policies = [CATALOGUE[name](start_month=int(start_month)) for name in on]
        super().__init__(
            preset=preset,
            residents=int(residents),
            years=years,
            rng=int(rng),
            start=START,
            policies=policies,
        )
        self.switched_on = on
        self.policy_start_month = int(start_month)


def model_params(lang: str) -> dict[str, dict]:
    """The parameter panel: residents, seed, start month and a switch per measure."""
    # drop-downs rather than Mesa's sliders: they show their value without touching them
    params: dict[str, dict] = {
        "residents": {
            "type": "Select",
            "value": DEFAULT_RESIDENTS,
            "values": list(RESIDENTS_CHOICES),
            "label": t("ws_residents", lang),
        },
        "rng": {
            "type": "Select",
            "value": DEFAULT_SEED,
            "values": list(range(1, 11)),
            "label": t("ws_seed", lang),
        },
        "start_month": {
            "type": "Select",
            "value": DEFAULT_START_MONTH,
            "values": list(START_MONTH_CHOICES),
            "label": t("ws_start_month", lang),
        },
    }
    for name in WORKSHOP_POLICIES:
        params[name] = {"type": "Checkbox", "value": False, "label": policy_label(name, lang)}
    return params


# -- charts -------------------------------------------------------------------------------------
INK = "#1f2933"
MUTED = "#7b8794"
MEASURES_ON = "#e6effa"
MEASURES_LINE = "#1f5fa8"


@dataclass(frozen=True)
class ChartSpec:
    """One chart: indicators with their colours, and how to read the y axis."""

    key: str
    measure: dict[str, str]
    unit: str  # "count", "eur" or "score"


CHARTS = (
    ChartSpec(
        "use",
        {
            "clients_wmo": "#1f5fa8",
            "clients_youth": "#7c3aed",
            "users_general": "#2e7d32",
            "users_light_support": "#0f9d8a",
        },
        "count",
    ),
    ChartSpec("waiting", {"waiting_access": "#c2410c"}, "count"),
    ChartSpec(
        "money",
        {
            "spend_wmo_eur": "#1f5fa8",
            "spend_youth_eur": "#7c3aed",
            "spend_general_eur": "#2e7d32",
            "spend_staff_eur": "#b7791f",
            "spend_total_eur": INK,
            "declared_total_eur": "#b91c1c",
        },
        "eur",
    ),
    ChartSpec("unmet", {"unmet_need": "#b91c1c"}, "count"),
    ChartSpec("wellbeing", {"wellbeing_with_need": "#0f7b6c"}, "score"),
)


def style_chart(spec: ChartSpec, model: WorkshopModel, ax) -> None:
    """Mesa's ``post_process``: title, labels, the calendar and the start of the measures."""
    lang = state.lang.value
    fig = ax.figure
    fig.set_size_inches(6.4, 3.3)
    fig.set_dpi(110)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(t(f"ws_chart_{spec.key}", lang), loc="left", fontsize=12, fontweight="bold")
    ax.grid(axis="y", color="#e4e7eb", lw=0.8)
    ax.set_axisbelow(True)
    months = model.years * 12
    ax.set_xlim(-0.5, months - 0.5)
    _calendar_axis(ax, model.start_date)
    _y_axis(spec, ax, lang)
    lines = ax.get_lines()
    for line in lines:
        name = line.get_label()
        line.set_linewidth(2.4 if name == "spend_total_eur" else 1.8)
        if name == "declared_total_eur":
            line.set_linestyle("--")
        line.set_label(t(f"ws_{name}", lang))
    if len(spec.measure) > 1:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=9
        )
    elif ax.get_legend() is not None:  # one line: the title says what it is
        ax.get_legend().remove()
    if model.switched_on:  # the months with the measures on: a light blue band
        start = model.policy_start_month - 0.5
        ax.axvspan(start, months - 0.5, color=MEASURES_ON, lw=0, zorder=0)
        ax.axvline(start, color=MEASURES_LINE, ls=":", lw=1.2)
    if not lines or len(lines[0].get_xdata()) == 0:
        ax.set_ylim(0, 1)
        ax.tick_params(axis="y", labelleft=False)
        ax.text(
            0.5,
            0.5,
            t("ws_press_step", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=11,
            color=MUTED,
        )


def _calendar_axis(ax, start: dt.date) -> None:
    """Years at each January instead of Mesa's step numbers (row i is month i + 1).

    Mesa sets the x label and tick locator after ``post_process``, so the calendar is a
    secondary axis with its own ticks, and the primary axis's label and ticks are hidden.
    """
    ax.tick_params(axis="x", bottom=False, labelbottom=False)
    ax.xaxis.label.set_visible(False)
    calendar = ax.secondary_xaxis("bottom")
    calendar.xaxis.set_major_locator(MultipleLocator(12, offset=(13 - start.month) % 12))
    calendar.xaxis.set_major_formatter(
        FuncFormatter(lambda x, _: str(month_date(start, int(round(x))).year))
    )
    calendar.tick_params(axis="x", labelsize=9, colors=INK)
    calendar.spines["bottom"].set_color("#9aa5b1")


def _y_axis(spec: ChartSpec, ax, lang: str) -> None:
    ax.tick_params(axis="y", labelsize=9)
    if spec.unit == "eur":
        ax.set_ylabel(t("ws_eur_month", lang), fontsize=9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v / 1000, lang)))
        ax.set_ylim(bottom=0)
    elif spec.unit == "score":
        ax.set_ylabel(t("ws_score", lang), fontsize=9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, 1)))
        values = [y for line in ax.get_lines() for y in line.get_ydata()]
        if values:
            ax.set_ylim(max(0.0, min(values) - 0.5), min(10.0, max(values) + 0.5))
    else:
        ax.set_ylabel(t("residents_unit", lang), fontsize=9)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang)))
        ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 10))


def month_date(start: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``start``."""
    index = start.month - 1 + months
    return dt.date(start.year + index // 12, index % 12 + 1, 1)


def chart_component(spec: ChartSpec) -> Callable[[WorkshopModel], solara.Element]:
    """A SolaraViz component: Mesa's matplotlib plot of the spec, styled for a projector."""

    def Chart(model: WorkshopModel) -> solara.Element:
        # called in the render of Mesa's wrapper component, so hooks belong to it; a stable
        # post_process keeps the plot from drawing twice per step (once for the step, once
        # for a "new" argument)
        post_process = solara.use_memo(lambda: partial(style_chart, spec, model), [model])
        draw, _page = make_plot_component(
            spec.measure, post_process=post_process, backend="matplotlib"
        )
        return solara.Column(
            children=[draw(model)], classes=["cs-ws-chart", f"cs-chart-{spec.key}"]
        )

    Chart.__name__ = f"Chart_{spec.key}"
    return Chart


def measures_card(model: WorkshopModel) -> solara.Element:
    """The switched-on measures and how each works (for the facilitator's story)."""
    lang = state.lang.value
    with solara.Column(gap="6px", classes=["cs-ws-measures"]) as card:
        solara.Text(t("ws_measures_title", lang), classes=["cs-ws-card-title"])
        if not model.switched_on:
            solara.Text(t("ws_no_measures", lang), classes=["cs-ws-text"])
        for name in model.switched_on:
            solara.Text(policy_label(name, lang), classes=["cs-ws-measure-name"])
            solara.Text(policy_mechanism(name, lang), classes=["cs-ws-text"])
        solara.Text(t("ws_reset_hint", lang), classes=["cs-ws-hint"])
    return card


COMPONENTS = [*(chart_component(spec) for spec in CHARTS), measures_card]


# -- the status strip above the charts ----------------------------------------------------------
MONTHS = {
    "nl": (
        "januari februari maart april mei juni juli augustus september oktober november december"
    ).split(),
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
}


def month_name(date: dt.date, lang: str) -> str:
    """'februari 2026' / 'February 2026'."""
    return f"{MONTHS[lang][date.month - 1]} {date.year}"


@solara.component
def Status(model: WorkshopModel):
    """Where the run is (month and date), what is switched on, and this month's numbers."""
    update_counter.get()  # redraw after every step, like Mesa's own components
    lang = state.lang.value
    done = len(model.records)
    total = model.years * 12
    with solara.Row(classes=["cs-ws-status"], gap="24px", style={"align-items": "center"}):
        with solara.Column(gap="0px", classes=["cs-ws-clock"]):
            if done:
                solara.Text(month_name(model.records[-1]["date"], lang), classes=["cs-ws-date"])
                solara.Text(t("ws_month_of", lang, m=done, n=total), classes=["cs-ws-month"])
            else:
                solara.Text(month_name(model.start_date, lang), classes=["cs-ws-date"])
                solara.Text(t("ws_not_started", lang), classes=["cs-ws-month"])
        with solara.Column(gap="0px", classes=["cs-ws-setup"]):
            residents = number(model.profile["population.residents"], lang)
            solara.Text(
                f"{residents} {t('residents_unit', lang)} · {t('ws_seed', lang)} {model.seed}",
                classes=["cs-ws-muted"],
            )
            if model.switched_on:
                names = ", ".join(policy_label(n, lang) for n in model.switched_on)
                when = month_name(month_date(model.start_date, model.policy_start_month), lang)
                solara.Text(
                    f"{t('ws_measures', lang)}: {names} ({t('ws_from', lang)} {when})",
                    classes=["cs-ws-on"],
                )
                solara.Text(t("ws_measures_on", lang), classes=["cs-ws-band"])
            else:
                solara.Text(t("ws_status_quo", lang), classes=["cs-ws-on"])
        row = model.records[-1] if done else {}
        with solara.Row(gap="10px", classes=["cs-ws-kpis"]):
            for key, value in (
                ("ws_kpi_tailored", row.get("clients_wmo", 0) + row.get("clients_youth", 0)),
                ("ws_kpi_general", row.get("users_general", 0) + row.get("users_light_support", 0)),
                ("ws_kpi_waiting", row.get("waiting_access")),
                ("ws_kpi_unmet", row.get("unmet_need")),
            ):
                with solara.Column(gap="0px", classes=["cs-ws-kpi"]):
                    solara.Text(number(value, lang) if done else "–", classes=["cs-ws-kpi-value"])
                    solara.Text(t(key, lang), classes=["cs-ws-kpi-label"])


CSS = """
.cs-ws-status { background: white; border-radius: 6px; padding: 10px 18px;
                box-shadow: 0 1px 2px rgba(0,0,0,.08); flex-wrap: wrap; }
.cs-ws-date { font-size: 26px; font-weight: 700; color: #12355b; line-height: 1.1; }
.cs-ws-month { font-size: 13px; color: #52606d; }
.cs-ws-muted { font-size: 13px; color: #52606d; }
.cs-ws-on { font-size: 15px; font-weight: 600; color: #1f2933; }
.cs-ws-setup { flex: 1 1 300px; }
.cs-ws-band { font-size: 13px; color: #1f5fa8; }
.cs-ws-band::before { content: ""; display: inline-block; width: 16px; height: 12px;
                      background: #e6effa; border-left: 2px dotted #1f5fa8; margin-right: 6px;
                      vertical-align: -1px; }
.cs-ws-kpi { min-width: 110px; }
.cs-ws-kpi-value { font-size: 22px; font-weight: 600; color: #12355b; }
.cs-ws-kpi-label { font-size: 12px; color: #52606d; }
.cs-ws-chart img { width: 100%; height: auto; display: block; }
.cs-ws-measures { padding: 4px 8px; overflow-y: auto; height: 100%; }
.cs-ws-card-title { font-size: 16px; font-weight: 700; color: #1f2933; }
.cs-ws-measure-name { font-size: 14px; font-weight: 600; color: #12355b; margin-top: 4px; }
.cs-ws-text { font-size: 13px; color: #323f4b; line-height: 1.4; }
.cs-ws-hint { font-size: 12px; color: #7b8794; margin-top: 6px; }
.cs-ws-lang .v-btn { min-width: 44px !important; }
.cs-ws-to-app.v-btn { text-transform: none; font-weight: 600; }
.cs-workshop .v-tabs { display: none; }  /* Mesa's "Page 0" tab: there is one page */
"""


@solara.component
def Language():
    """The NL/EN switch (the same session language as the what-if app)."""
    LanguageSwitch("cs-ws-lang")


@solara.component
def Page():
    """Mesa's SolaraViz with the workshop's parameters and charts, under a status strip."""
    lang = state.lang.value
    first = solara.use_memo(WorkshopModel, [])
    model = solara.use_reactive(first)
    solara.Style(CSS)
    solara.Title(t("ws_title", lang))
    served_with_app = len(solara.use_router().routes) > 1  # not alone (solara run workshop.py)
    with solara.AppBar():
        if served_with_app:
            with solara.Link("/"):
                solara.Button(
                    t("ws_to_app", lang),
                    icon_name="mdi-arrow-left",
                    text=True,
                    dark=True,
                    classes=["cs-ws-to-app"],
                )
        Language()
    with solara.Column(gap="12px", classes=["cs-workshop"]):
        Status(model.value)
        SolaraViz(
            model,
            components=COMPONENTS,
            model_params=model_params(lang),
            name=t("ws_title", lang),
        )


@solara.component
def Layout(children=None):
    """Solara's app layout (Mesa's controls go in its sidebar), without route tabs."""
    solara.AppLayout(children=children or [], navigation=False, color="#12355b")


page = Page()

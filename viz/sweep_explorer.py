"""The sweep explorer (``/sweeps``): a researcher opens a sweep folder and reads its effects.

Offline like the rest of the app: a folder on this computer (found under ``results/``
and in ``CARESCAPE_SWEEPS``, or typed), an output and a factor; the page shows the main
effects per arm, the paired contrasts between arms, and Morris or Sobol indices with the
diagnostics' warnings in plain words. The numbers come from ``viz.sweep_explorer_data``
(``carescape analyze``'s own functions), the charts from ``viz.sweep_explorer_charts``,
the words from ``viz.sweep_explorer_text``. A folder that is no sweep, or not finished,
gives an error that names it and what is missing; the page itself never fails.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import pandas as pd
import solara

from experiments.analysis import HEADLINE
from viz import state
from viz.components import DownloadButton, LanguageSwitch, PageLink, SelectField
from viz.i18n import number, t
from viz.sweep_explorer_charts import (
    analyze_svg,
    contrast_png,
    main_effect_png,
    morris_png,
    sobol_png,
)
from viz.sweep_explorer_data import (
    Sweep,
    SweepProblem,
    contrasts_by_level,
    find_sweeps,
    main_effect,
    missing_runs,
    noise_table,
    noisy,
    open_sweep,
    sensitivity_table,
    sweep_roots,
)
from viz.sweep_explorer_text import (
    arm_name,
    diagnostic_text,
    factor_name,
    level_text,
    noise_text,
    output_title,
    problem_text,
    shown,
)

CSS = """
.v-sheet.cs-sx-header { background: #12355b; color: white; padding: 14px 24px; }
.cs-sx-header .cs-sx-title { font-size: 22px; font-weight: 600; color: white; }
.cs-sx-header .cs-sx-subtitle { font-size: 13px; opacity: .85; color: white; }
.cs-sx-header .v-sheet { background: transparent !important; }
.cs-sx-header .cs-lang .v-btn { min-width: 44px !important; }
.cs-sx-to-app.v-btn { text-transform: none; font-weight: 600; }
.v-sheet.cs-sx-shell { align-items: flex-start !important; padding: 16px; background: #f4f6f8;
                       min-height: 100vh; }
.cs-sx-shell .v-sheet:not(.v-card) { background: transparent !important; }
.cs-sx-controls { flex: 0 0 380px; width: 380px; }
.cs-sx-main { flex: 1 1 0; min-width: 0; }
.cs-sx-card { padding: 12px 16px; }
.cs-sx-section { font-size: 15px; font-weight: 600; color: #12355b; }
.cs-sx-note { font-size: 12px; color: #52606d; line-height: 1.4; }
.cs-sx-path { font-size: 11.5px; color: #52606d; word-break: break-all; }
.cs-sx-chart img { max-width: min(100%, 860px); height: auto; display: block; }
table.cs-sx-table { border-collapse: collapse; font-size: 12.5px; margin-top: 4px; }
table.cs-sx-table th, table.cs-sx-table td { padding: 3px 10px; border-bottom: 1px solid #e4e7eb;
                                             text-align: right; }
table.cs-sx-table th:first-child, table.cs-sx-table td:first-child,
table.cs-sx-table th:nth-child(2), table.cs-sx-table td:nth-child(2) { text-align: left; }
.cs-sx-warning { font-size: 13px; }
"""

# The indices' names as the sensitivity figures write them (text keys), never 'mu_star'.
INDEX_NAMES = {"S1": "sx_s1", "ST": "sx_st", "mu_star": "sx_mu_star", "sigma": "sx_sigma"}


@dataclass
class View:
    """Everything the page shows for one folder, output, factor, year and language."""

    sweep: Sweep
    output: str
    year: str
    missing: int = 0
    main: pd.DataFrame | None = None
    main_png: bytes = b""
    contrasts: pd.DataFrame | None = None
    contrast_png: bytes = b""
    indices: pd.DataFrame | None = None
    indices_png: bytes = b""
    noise: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)


def build_view(sweep: Sweep, output: str, factor: str, year: str, lang: str) -> View:
    """Compute and draw the page's sections (called in a thread)."""
    view = View(sweep, output, year, missing=missing_runs(sweep, output, year))
    view.main = main_effect(sweep, output, factor, year)
    view.main_png = main_effect_png(sweep, view.main, output, factor, lang)
    if len(sweep.arms) > 1:
        view.contrasts = contrasts_by_level(sweep, output, factor, year)
        view.contrast_png = contrast_png(sweep, view.contrasts, output, factor, lang)
    view.indices, notes = sensitivity_table(sweep, output, year)
    if view.indices is not None:
        draw = sobol_png if sweep.kind == "sobol" else None
        view.indices_png = (
            draw(sweep, view.indices, lang)
            if draw
            else morris_png(sweep, view.indices, output, lang)
        )
    view.noise = noise_table(sweep, output, year)
    view.warnings = [noise_text(arm, share, lang) for arm, share in noisy(view.noise)]
    view.warnings += [diagnostic_text(note, sweep, lang) for note in notes]
    return view


# -- small parts ---------------------------------------------------------------------------------
def _table(headers: list[str], rows: list[list[str]], css: str) -> None:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f'<table class="cs-sx-table {css}"><tr>{head}</tr>{body}</table>',
    )


def _interval(row: dict, output: str, sweep: Sweep, lang: str) -> str:
    if not math.isfinite(row["lo"]) or row["n"] < 2:
        return "-"
    return f"{shown(row['lo'], output, sweep, lang)} – {shown(row['hi'], output, sweep, lang)}"


def _level_rows(table: pd.DataFrame, sweep: Sweep, output: str, path: str, lang: str) -> list:
    factor = sweep.factor(path)
    return [
        [
            arm_name(row["arm"], lang),
            level_text(factor, row["level"], lang, bool(row["binned"])),
            shown(row["mean"], output, sweep, lang),
            _interval(row, output, sweep, lang),
            number(row["n"], lang),
        ]
        for row in table.to_dict("records")
    ]


def _image(png: bytes, css: str) -> None:
    with solara.Div(classes=["cs-sx-chart", css]):
        solara.Image(png, format="png")


def _published(view: View, kind: str, lang: str) -> None:
    """A download of the figure ``carescape analyze`` writes for this output (SVG)."""
    DownloadButton(
        lambda: analyze_svg(view.sweep, view.output, view.year, kind),
        f"{kind}_{view.output}.svg",
        t("sx_figure_download", lang),
        f"cs-sx-download-{kind.replace('_', '-')}",
        mime_type="image/svg+xml",
        small=True,
    )


# -- sections ------------------------------------------------------------------------------------
@solara.component
def MainEffects(view: View, output: str, path: str, lang: str):
    """The output against the factor, per arm, with 90% intervals over seeds."""
    with (
        solara.Card(classes=["cs-sx-card", "cs-sweep-main-effects"], margin=0, elevation=1),
        solara.Column(gap="8px"),
    ):
        solara.Text(t("sx_main_effects", lang), classes=["cs-sx-section"])
        solara.Text(t("sx_main_effects_note", lang), classes=["cs-sx-note"])
        if view.main is not None and view.main["binned"].any():
            solara.Text(t("sx_binned_note", lang), classes=["cs-sx-note"])
        _image(view.main_png, "cs-sx-main-chart")
        headers = [t(k, lang) for k in ("sx_arm", "sx_level", "sx_mean", "sx_interval")]
        rows = _level_rows(view.main, view.sweep, output, path, lang)
        _table([*headers, t("sx_replicates", lang)], rows, "cs-sx-main-table")
        _published(view, "main_effects", lang)


@solara.component
def Contrasts(view: View, output: str, path: str, lang: str):
    """Each arm minus the reference, paired by seed, per level of the factor."""
    with (
        solara.Card(classes=["cs-sx-card", "cs-sweep-contrasts"], margin=0, elevation=1),
        solara.Column(gap="8px"),
    ):
        solara.Text(t("sx_contrasts", lang), classes=["cs-sx-section"])
        if view.contrasts is None:
            solara.Text(t("sx_no_arms", lang), classes=["cs-sx-note"])
            return
        reference = view.sweep.arms[0]
        solara.Text(t("sx_contrasts_note", lang, reference=reference), classes=["cs-sx-note"])
        _image(view.contrast_png, "cs-sx-contrast-chart")
        headers = [t(k, lang) for k in ("sx_arm", "sx_level", "sx_difference", "sx_interval")]
        rows = _level_rows(view.contrasts, view.sweep, output, path, lang)
        for row in rows:
            row[0] = f"{row[0]} {t('sx_vs', lang)} {reference}"
        _table([*headers, t("sx_replicates", lang)], rows, "cs-sx-contrast-table")
        _published(view, "contrasts", lang)


def index_rows(sweep: Sweep, indices: pd.DataFrame, output: str, lang: str) -> list[list[str]]:
    """The sensitivity table's rows: arm, factor, the index by its name, value, interval."""
    names = {f["path"]: factor_name(f, lang) for f in sweep.factors}
    keep = indices[indices["index"].isin(list(INDEX_NAMES))]
    rows = []
    for row in keep.to_dict("records"):
        value = row["value"]
        text = (
            number(value, lang, 2) if sweep.kind == "sobol" else shown(value, output, sweep, lang)
        )
        conf = row["conf"]
        if sweep.kind == "morris" and math.isfinite(conf):
            conf_text = shown(conf, output, sweep, lang)
        else:
            conf_text = number(conf, lang, 2) if math.isfinite(conf) else "-"
        arm = arm_name(row.get("arm"), lang) if "arm" in row else arm_name(None, lang)
        index = t(INDEX_NAMES[row["index"]], lang)
        rows.append([arm, names.get(row["factor"], row["factor"]), index, text, conf_text])
    return rows


@solara.component
def Sensitivity(view: View, output: str, lang: str):
    """Morris mu*/sigma or Sobol S1/ST, when the design gives them."""
    sweep = view.sweep
    with (
        solara.Card(classes=["cs-sx-card", "cs-sweep-sensitivity"], margin=0, elevation=1),
        solara.Column(gap="8px"),
    ):
        solara.Text(t("sx_sensitivity", lang), classes=["cs-sx-section"])
        if sweep.kind not in ("sobol", "morris"):
            solara.Text(t("sx_no_sensitivity", lang, design=sweep.kind), classes=["cs-sx-note"])
            return
        solara.Text(t(f"sx_{sweep.kind}_note", lang), classes=["cs-sx-note"])
        if view.indices is None:
            return  # the warnings say why (design points without a finished run)
        _image(view.indices_png, "cs-sx-sensitivity-chart")
        rows = index_rows(sweep, view.indices, output, lang)
        headers = [t(k, lang) for k in ("sx_arm", "sx_factor", "sx_index", "sx_value", "sx_conf")]
        _table(headers, rows, "cs-sx-sensitivity-table")
        _published(view, sweep.kind, lang)


@solara.component
def Warnings(view: View, output: str, lang: str):
    """Seed-noise share and the diagnostics' warnings, in plain words."""
    with (
        solara.Card(classes=["cs-sx-card", "cs-sx-warnings"], margin=0, elevation=1),
        solara.Column(gap="8px"),
    ):
        solara.Text(t("sx_diagnostics", lang), classes=["cs-sx-section"])
        if view.missing:
            solara.Warning(
                t(
                    "sx_missing_runs",
                    lang,
                    missing=number(view.missing, lang),
                    total=number(view.sweep.runs_total, lang),
                    folder=str(view.sweep.folder),
                ),
                classes=["cs-sx-warning", "cs-sx-incomplete"],
            )
        for text in view.warnings:
            solara.Warning(text, classes=["cs-sx-warning"])
        if not view.warnings and not view.missing:
            solara.Success(t("sx_no_warnings", lang), classes=["cs-sx-warning", "cs-sx-ok"])
        for row in view.noise.to_dict("records") if view.noise is not None else []:
            share = row["seed_noise_share"]
            if math.isfinite(share):
                prefix = f"{row['arm']}: " if "arm" in row else ""
                text = t("sx_noise_share", lang, share=number(100 * share, lang))
                solara.Text(prefix + text, classes=["cs-sx-note", "cs-sx-noise"])


# -- the page ------------------------------------------------------------------------------------
def _about(sweep: Sweep, lang: str) -> str:
    meta = sweep.meta
    return t(
        "sx_about",
        lang,
        name=meta.get("name", ""),
        design=sweep.kind,
        points=number(len(sweep.design), lang),
        arms=number(max(len(sweep.arms), 1), lang),
        seeds=number(len(meta.get("seeds", [])), lang),
        years=number(int(meta.get("years", 0)), lang),
        done=number(sweep.runs_done, lang),
        total=number(sweep.runs_total, lang),
    )


def _default_output(sweep: Sweep) -> str:
    return next((h for h in HEADLINE if h in sweep.outputs), sweep.outputs[0])


def _years(sweep: Sweep, lang: str) -> list[tuple[str, str]]:
    years = int(sweep.meta.get("years", 1))
    items = [("last", t("sx_year_last", lang)), ("all", t("sx_year_all", lang))]
    return items + [(str(n), t("sx_year_n", lang, n=n)) for n in range(1, years + 1)]


@solara.component
def FolderCard(found: list[str], text: solara.Reactive, opened: solara.Reactive, lang: str):
    """The sweep folder: a dropdown of the sweeps found, or a typed path, and Open."""
    with (
        solara.Card(classes=["cs-sx-card", "cs-sweep-folder"], margin=0, elevation=1),
        solara.Column(gap="8px"),
    ):
        solara.Text(t("sx_folder", lang), classes=["cs-sx-section"])
        if found:

            def choose(value: str) -> None:
                text.set(value)
                opened.set(value)

            SelectField(
                t("sx_found", lang),
                [(f, f) for f in found],
                opened.value if opened.value in found else None,
                choose,
                classes=["cs-sx-found"],
            )
        else:
            solara.Text(t("sx_none_found", lang), classes=["cs-sx-note"])
        solara.InputText(
            t("sx_folder", lang),
            value=text,
            continuous_update=True,
            classes=["cs-sx-path-input"],
        )
        solara.Button(
            t("sx_open", lang),
            icon_name="mdi-folder-open",
            color="primary",
            on_click=lambda: opened.set(text.value.strip()),
            classes=["cs-sx-open"],
        )


@solara.component
def Choices(sweep: Sweep, output, factor, year, lang: str):
    """Output, factor and year, by their labels."""
    with solara.Card(classes=["cs-sx-card"], margin=0, elevation=1), solara.Column(gap="8px"):
        with solara.Column(gap="14px"):
            SelectField(
                t("sx_output", lang),
                [(name, output_title(name, sweep, lang)) for name in sweep.outputs],
                output.value,
                output.set,
                classes=["cs-sweep-output"],
            )
            SelectField(
                t("sx_factor", lang),
                [(f["path"], factor_name(f, lang)) for f in sweep.factors],
                factor.value,
                factor.set,
                classes=["cs-sweep-factor"],
            )
            SelectField(
                t("sx_year", lang),
                _years(sweep, lang),
                year.value,
                year.set,
                classes=["cs-sx-year"],
            )


@solara.component
def Results(sweep: Sweep, output: str, factor: str, year: str, lang: str):
    """The sections, computed in a thread; an error in words if anything fails."""
    result = solara.use_thread(
        lambda: build_view(sweep, output, factor, year, lang),
        dependencies=[sweep.folder, sweep.runs_done, output, factor, year, lang],
    )
    if result.state == solara.ResultState.ERROR:
        error = t("sx_err_failed", lang, folder=str(sweep.folder), error=str(result.error))
        solara.Error(error, classes=["cs-sx-error"])
        return
    if result.state != solara.ResultState.FINISHED or result.value is None:
        with solara.Row(style={"align-items": "center"}):
            solara.SpinnerSolara(size="48px")
            solara.Text(t("sx_loading", lang), classes=["cs-sx-note"])
        return
    view = result.value
    Warnings(view, output, lang)
    MainEffects(view, output, factor, lang)
    Contrasts(view, output, factor, lang)
    Sensitivity(view, output, lang)


def _open(folder: str) -> Sweep | SweepProblem:
    try:
        return open_sweep(folder)
    except SweepProblem as problem:
        return problem


@solara.component
def Page():
    """The sweep explorer."""
    lang = state.lang.value
    found = solara.use_memo(lambda: [str(p) for p in find_sweeps(sweep_roots())], [])
    text = solara.use_reactive(found[0] if found else "")
    opened = solara.use_reactive(found[0] if found else "")
    output = solara.use_reactive("")
    factor = solara.use_reactive("")
    year = solara.use_reactive("last")
    solara.HTML(tag="style", unsafe_innerHTML=CSS)
    solara.Title(t("sx_title", lang))
    with solara.Row(classes=["cs-sx-header"], justify="space-between"):
        with solara.Column(gap="0px"):
            solara.Text(t("sx_title", lang), classes=["cs-sx-title"])
            solara.Text(t("sx_subtitle", lang), classes=["cs-sx-subtitle"])
        with solara.Row(gap="12px", style={"align-items": "center"}):
            PageLink("/", t("sx_to_app", lang), "mdi-arrow-left", "cs-sx-to-app")
            LanguageSwitch("cs-lang")
    opened_value = opened.value
    sweep = solara.use_memo(lambda: _open(opened_value), [opened_value])
    with solara.Row(classes=["cs-sx-shell", "cs-sweep-explorer"], gap="16px"):
        with solara.Column(classes=["cs-sx-controls"], gap="12px"):
            FolderCard(found, text, opened, lang)
            if isinstance(sweep, Sweep) and sweep.outputs and sweep.factors:
                if output.value not in sweep.outputs:
                    output.set(_default_output(sweep))
                if factor.value not in [f["path"] for f in sweep.factors]:
                    factor.set(sweep.factors[0]["path"])
                Choices(sweep, output, factor, year, lang)
        with solara.Column(classes=["cs-sx-main"], gap="12px"):
            if isinstance(sweep, SweepProblem):
                solara.Error(problem_text(sweep, lang), classes=["cs-sx-error"])
                return
            solara.Text(_about(sweep, lang), classes=["cs-sx-about"])
            solara.Text(str(sweep.folder), classes=["cs-sx-path"])
            chosen_year = year.value if year.value in dict(_years(sweep, lang)) else "last"
            if output.value in sweep.outputs and factor.value in [f["path"] for f in sweep.factors]:
                Results(sweep, output.value, factor.value, chosen_year, lang)


@solara.component
def Layout(children=None):
    """No app bar or sidebar: the page has its own header."""
    solara.Column(children=children or [], gap="0px", style={"padding": "0"})

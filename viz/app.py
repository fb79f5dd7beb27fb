"""The strategist's what-if app: a municipality, measures, and their effect against doing nothing.

Start it with ``carescape ui`` (or ``solara run viz/app.py``). This module holds only the
page layout; state and the background run are in ``viz.state``, widgets in
``viz.components``, charts in ``viz.charts``, labels in ``viz.i18n``, and everything the
model is asked in ``viz.backend``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import solara
import solara.lab

from experiments.output import safe_name
from model.params import ConfigError, preset_names
from model.policies import EXTERNALS, LEVERS
from model.results import outcome
from viz import alternatives_view, charts, districts, fit, state, workshop, workshop_join
from viz.backend import (
    CUMULATIVE_SAVINGS,
    MAX_UPLOAD_BYTES,
    MEASURES_COST,
    final_year,
    flows,
    four_arrows,
    judged,
    profile_from_upload,
    results_tables,
    scenario_from_toml,
    scenario_toml,
    series,
    table_bytes,
    upload_session_folder,
    warm_up,
)
from viz.chart_export import USE_ROWS, charts_zip, declared_png
from viz.components import (
    ChartCard,
    DownloadButton,
    FileUpload,
    FourArrows,
    Kpi,
    LanguageSwitch,
    PageLink,
    PolicySwitch,
    RunButtons,
    SelectField,
    UploadProblems,
)
from viz.export_tables import (
    RunContext,
    all_tables,
    budget_table,
    comparison_table,
    monthly_table,
)
from viz.fit import DUTCH_TEMPLATE, template_files
from viz.headline import headline_kpis
from viz.i18n import count, indicator_label, policy_label, t, unit_label
from viz.report import net_cost_contributions, report_zip
from viz.spreadsheet import csv_bytes, xlsx_bytes
from viz.sweep_explorer import Layout as SweepsLayout
from viz.sweep_explorer import Page as SweepsPage
from viz.upload_check import check_profile, check_scenario

TABS: dict[str, tuple[str, ...]] = {
    "tab_use": (
        "tailored_share",
        "clients_hh",
        "clients_support",
        "clients_daycare",
        "clients_youth",
        "users_general",
        "users_light_support",
        "places_general",
        "places_light_support",
        "hh_hours_mean",
    ),
    "tab_waiting": ("waiting_access", "wait_weeks_access", "waiting_providers", "waiting_youth"),
    "tab_money": (
        "net_cost_eur",
        "spend_wmo_eur",
        "spend_youth_eur",
        "spend_general_eur",
        "spend_staff_eur",
    ),
    "tab_wellbeing": ("unmet_need", "wellbeing_in_contact", "overburdened_carers"),
}

CSS = """
.v-sheet.cs-header { background: #12355b; color: white; padding: 14px 24px; }
.cs-header .cs-title { font-size: 22px; font-weight: 600; letter-spacing: .2px; }
.cs-header .cs-subtitle { font-size: 13px; opacity: .85; }
.cs-lang .v-btn { min-width: 44px !important; }
.cs-to-workshop.v-btn { text-transform: none; font-weight: 600; }
.v-sheet.cs-shell { align-items: flex-start !important; padding: 16px; background: #f4f6f8;
                   min-height: 100vh; }
.cs-shell .v-sheet:not(.v-card), .cs-header .v-sheet { background: transparent !important; }
.cs-header .cs-title, .cs-header .cs-subtitle { color: white; }
.cs-controls { flex: 0 0 380px; width: 380px; position: sticky; top: 8px;
                height: calc(100vh - 112px); min-height: 420px; flex-wrap: nowrap !important; }
.cs-controls-scroll { flex: 1 1 auto; min-height: 0; overflow-y: auto; overflow-x: hidden;
                       padding: 2px 6px 2px 2px; flex-wrap: nowrap !important; }
.cs-controls-scroll > * { flex: 0 0 auto; }
.cs-main { flex: 1 1 0; min-width: 0; }
.cs-section-title { font-size: 15px; font-weight: 600; color: #12355b; margin-bottom: 4px; }
.cs-hint, .cs-note, .cs-source { font-size: 12px; color: #52606d; line-height: 1.35; }
.cs-source { font-style: italic; }
.cs-mechanism { font-size: 12.5px; color: #323f4b; line-height: 1.4; }
.cs-field-label { font-size: 12.5px; color: #323f4b; }
.cs-error-text { font-size: 12px; color: #b91c1c; }
.cs-policy { border-bottom: 1px solid #e4e7eb; padding: 2px 0 6px 0; }
.cs-policy-on { background: #f0f6ff; border-left: 3px solid #1f5fa8; padding-left: 8px; }
.cs-policy .v-input--selection-controls { margin-top: 2px; padding-top: 0; }
.cs-policy .v-input--switch .v-messages { display: none; }
.cs-policy .v-input--switch .v-input__slot { margin-bottom: 0; }
.cs-policy .v-input--switch label { color: #1f2933; font-weight: 500; }
.cs-param { padding: 2px 0; }
.cs-param .v-slider { margin: 0; }
.cs-param .v-input__slider .v-messages { display: none; }
.cs-param .v-input__slider .v-input__slot { margin-bottom: 0; }
.cs-param .v-input--checkbox { margin-top: 0; }
.cs-param .v-input--checkbox .v-messages { display: none; }
.cs-chart { position: relative; }
.cs-png-wrap { position: absolute; top: 6px; right: 8px; z-index: 2; }
.cs-run-card { flex: 0 0 auto; }
.cs-param .v-text-field { padding-top: 14px; }
.cs-policy .cs-mechanism { margin-bottom: 4px; }
.cs-run .v-btn__content { font-weight: 600; }
.cs-progress-text { font-size: 12.5px; color: #323f4b; }
.cs-chart-title { font-size: 14px; font-weight: 600; color: #1f2933; }
.cs-chart img { display: block; }
.cs-arrows { flex-wrap: wrap; }
.cs-arrow { flex: 1 1 200px; background: white; border-radius: 6px; padding: 10px 14px;
            border-top: 5px solid #9aa5b1; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.cs-arrow .cs-glyph { font-size: 26px; line-height: 1; }
.cs-arrow .cs-arrow-name { font-size: 16px; font-weight: 600; color: #1f2933; }
.cs-arrow .cs-verdict { font-size: 13px; font-weight: 600; }
.cs-arrow-numbers { font-size: 12.5px; flex-wrap: wrap; }
.cs-muted { color: #7b8794; }
.cs-good { border-top-color: #2e7d32; } .cs-good .cs-glyph, .cs-good .cs-verdict { color: #2e7d32; }
.cs-bad { border-top-color: #b91c1c; } .cs-bad .cs-glyph, .cs-bad .cs-verdict { color: #b91c1c; }
.cs-same .cs-glyph, .cs-same .cs-verdict { color: #7b8794; }
.cs-kpis { flex-wrap: wrap; }
.cs-kpi { flex: 1 1 180px; background: white; border-radius: 6px; padding: 10px 14px;
          box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.cs-kpi-value { font-size: 22px; font-weight: 600; color: #12355b; }
.cs-kpi-label { font-size: 12px; color: #52606d; }
.cs-kpi.cs-good .cs-kpi-value { color: #2e7d32; } .cs-kpi.cs-bad .cs-kpi-value { color: #b91c1c; }
.cs-summary { font-size: 13px; color: #323f4b; }
.cs-tabs .v-tab { text-transform: none; font-weight: 600; letter-spacing: 0; }
.cs-export .v-btn { text-transform: none; }
.cs-templates .v-btn { text-transform: none; letter-spacing: 0; }
.cs-fit-start.v-btn, .cs-fit-cancel.v-btn, .cs-fit-download.v-btn { text-transform: none; }
.cs-figure-problem, .cs-upload-problem { font-size: 12.5px; line-height: 1.35; }
"""


# -- the left column: choices -------------------------------------------------------------------
@contextmanager
def panel(classes: list[str], title: str = "", elevation: int = 1):
    """A white card with a title; its children stack vertically."""
    with solara.Card(margin=0, elevation=elevation, classes=classes):
        with solara.Column(gap="10px"):
            if title:
                solara.Text(title, classes=["cs-section-title"])
            yield


@solara.component
def MunicipalityCard(lang: str):
    """Preset, fitted municipality or uploaded profile, and the residents override."""
    session = solara.use_memo(state.session_id, [])

    def on_profile(name: str, data: bytes) -> None:
        try:
            check_profile(data, name)  # every problem of the file at once, NL or EN
            profile, path = profile_from_upload(data, name, upload_session_folder(session))
        except ConfigError as exc:
            state.profile_error.value = exc
            return
        state.profile_error.value = None
        if state.is_fitted_choice():
            state.preset.value = "default"
        state.profile.value = state.UploadedProfile(name, str(path), profile)

    with panel(["cs-municipality"], t("municipality", lang)):
        chosen = state.profile.value
        if chosen is None or state.is_fitted_choice():
            items = [(p, _preset_label(p, lang)) for p in preset_names()]
            items += [
                (f.key, f"{f.profile.name} ({t('fitted_suffix', lang)})")
                for f in state.fitted.value
            ]
            SelectField(
                t("preset", lang),
                items,
                state.preset.value,
                state.choose_municipality,
                classes=["cs-preset"],
            )
        else:
            with solara.Row(style={"align-items": "center"}, classes=["cs-profile-loaded"]):
                solara.Success(
                    f"{t('profile_loaded', lang)}: {chosen.profile.name} "
                    f"({number_nl(chosen.profile['population.residents'], lang)} "
                    f"{t('residents_unit', lang)})",
                    dense=True,
                )
                solara.Button(
                    icon_name="mdi-close", text=True, on_click=lambda: state.profile.set(None)
                )
        FileUpload(
            t("profile_upload", lang, kb=MAX_UPLOAD_BYTES // 1024),
            on_profile,
            classes=["cs-profile-upload"],
        )
        if state.profile_error.value:
            UploadProblems(
                state.profile_error.value,
                "cs-profile-error",
                lang,
                lambda: state.profile_error.set(None),
            )
        solara.InputText(
            t("residents", lang),
            value=state.residents_text.value,
            on_value=state.set_residents,
            error=state.residents_message(lang) or False,
            placeholder=number_nl(state.base_residents(), lang),
            classes=["cs-residents"],
            dense=True,
        )


@solara.component
def FiguresCard(lang: str):
    """A municipality's own figures: templates, upload, all problems at once, the fit."""
    with panel(["cs-figures"], t("figures_title", lang)):
        solara.Text(t("figures_hint", lang), classes=["cs-hint"])
        files = solara.use_memo(template_files, [])
        with solara.Row(gap="4px", classes=["cs-templates"], style={"flex-wrap": "wrap"}):
            csv_name = DUTCH_TEMPLATE if lang == "nl" else "template.csv"
            for name, key, css in (
                ("template.toml", "template_toml", "template-toml"),
                (csv_name, "template_csv", "template-csv"),
                ("default.toml", "example_figures", "default-toml"),
            ):
                solara.FileDownload(
                    files[name],
                    filename=name,
                    children=[
                        solara.Button(
                            t(key, lang),
                            icon_name="mdi-download",
                            text=True,
                            small=True,
                            classes=[f"cs-template-{css}"],
                        )
                    ],
                )
        FileUpload(
            t("figures_upload", lang, kb=MAX_UPLOAD_BYTES // 1024),
            state.load_figures,
            classes=["cs-figures-upload"],
            accept=".toml,.csv",
        )
        error = state.figures_error.value
        if error is not None:
            lines = state.figures_messages(error, lang)
            with solara.Error(dense=True, classes=["cs-figures-error"]):
                with solara.Column(gap="2px"):
                    if getattr(error, "problems", ()):
                        solara.Text(
                            t(
                                "figures_problems" if len(lines) > 1 else "figures_problem",
                                lang,
                                n=len(lines),
                            ),
                            style={"font-weight": "600"},
                        )
                    for line in lines:
                        solara.Text(f"• {line}", classes=["cs-figure-problem"])
        upload = state.figures_upload.value
        if upload is not None:
            FitControls(upload, lang)
        FitProgress(lang)


@solara.component
def FitControls(upload, lang: str):
    """Trials, what the fit will run and take, the start button."""
    fit_run = state.fit_state.value
    solara.Success(
        t("figures_ok", lang, name=upload.name, residents=number_nl(upload.residents, lang)),
        dense=True,
        classes=["cs-figures-ok"],
    )
    with solara.Column(gap="0px", classes=["cs-fit-trials"]):
        solara.Text(
            f"{t('fit_trials', lang)}: {state.fit_trials.value}", classes=["cs-field-label"]
        )
        solara.SliderInt("", value=state.fit_trials, min=2, max=fit.MAX_TRIALS, thumb_label=False)
    size = upload.fit_residents
    workers = state.WORKERS or os.cpu_count() or 1
    estimate = fit.estimate_seconds(size, fit.YEARS, state.fit_trials.value, workers)
    settings = t(
        "fit_settings",
        lang,
        trials=state.fit_trials.value,
        seeds=len(fit.SEEDS),
        years=fit.YEARS,
        residents=number_nl(size, lang),
    )
    solara.Text(
        f"{settings} {t('fit_estimate', lang, time=duration(estimate, lang))}",
        classes=["cs-hint", "cs-fit-settings"],
    )
    if size < upload.residents:
        solara.Text(
            t(
                "fit_smaller",
                lang,
                own=number_nl(upload.residents, lang),
                fit=number_nl(size, lang),
            ),
            classes=["cs-hint", "cs-fit-smaller"],
        )
    solara.Button(
        t("fit_start", lang),
        icon_name="mdi-tune-variant",
        color="primary",
        outlined=True,
        on_click=state.run_fit,
        disabled=fit_run.running,
        classes=["cs-fit-start"],
    )


@solara.component
def FitProgress(lang: str):
    """The running fit (trial i of N, best loss, time left, cancel) or its summary."""
    fit_run = state.fit_state.value
    if fit_run.running:
        solara.ProgressLinear(
            100 * fit_run.done / fit_run.total if fit_run.total else True,
            classes=["cs-fit-progress"],
        )
        if fit_run.done:
            text = t(
                "fit_progress",
                lang,
                done=fit_run.done,
                total=fit_run.total,
                best=loss_text(fit_run.best, lang),
                eta=duration(fit_run.eta or 0, lang),
            )
        else:
            text = t("fit_starting", lang)
        solara.Text(text, classes=["cs-progress-text", "cs-fit-progress-text"])
        if fit_run.place and fit_run.sharing:  # a wait behind other sessions' work
            solara.Info(
                t("queue_place", lang, place=fit_run.place, n=fit_run.sharing + 1), dense=True
            )
        if fit_run.stopping:
            solara.Text(t("fit_stopping", lang), classes=["cs-hint"])
        else:
            solara.Button(
                t("fit_cancel", lang),
                icon_name="mdi-stop",
                outlined=True,
                small=True,
                on_click=state.stop_fit,
                classes=["cs-fit-cancel"],
            )
        return
    if fit_run.error:
        solara.Error(fit_run.error, dense=True, classes=["cs-fit-error"])
    elif fit_run.stopped:
        solara.Info(t("fit_stopped", lang), dense=True, classes=["cs-fit-stopped"])
    done = state.fitted_by_key(fit_run.fitted) if fit_run.fitted else None
    if done is not None:
        FitSummary(done, lang)


@solara.component
def FitSummary(done, lang: str):
    """What the fit gave: own figures within band, the loss, the tensions, the download."""
    summary = done.summary
    with solara.Column(gap="4px", classes=["cs-fit-summary"]):
        solara.Success(
            t(
                "fit_done",
                lang,
                name=summary.name,
                time=duration(done.seconds, lang),
                trials=summary.trials,
            ),
            dense=True,
            classes=["cs-fit-done"],
        )
        solara.Text(
            t(
                "fit_within",
                lang,
                k=summary.within,
                n=summary.local,
                loss=loss_text(summary.loss, lang),
            ),
            classes=["cs-summary", "cs-fit-within"],
        )
        for sentence in summary.tension_sentences(lang):
            solara.Text(sentence, classes=["cs-hint", "cs-fit-tension"])
        DownloadButton(
            done.zip_bytes,
            f"{safe_name(summary.name, 'municipality')}.zip",
            t("fit_download", lang),
            "cs-fit-download",
            mime_type="application/zip",
        )


def duration(seconds: float, lang: str) -> str:
    """A duration as the page says it: ``42 s`` or ``3 min 5 s``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return t("minutes_seconds", lang, m=seconds // 60, s=seconds % 60)


def loss_text(value: float, lang: str) -> str:
    """A loss with three significant digits, in the language's decimal sign."""
    text = f"{value:.3g}"
    return text.replace(".", ",") if lang == "nl" else text


def _preset_label(name: str, lang: str) -> str:
    label = t(f"preset_{name}", lang)
    return name if label == f"preset_{name}" else label


def number_nl(value: float, lang: str) -> str:
    """A whole number with the language's thousands separator."""
    return charts.number(value, lang)


@solara.component
def PeriodCard(lang: str):
    """Start month, horizon, replicates, contributions."""
    with panel(["cs-period"], t("period", lang)):
        solara.InputText(
            t("start", lang),
            value=state.start.value,
            on_value=state.set_start,
            error=state.start_error.value or False,
            classes=["cs-start"],
            dense=True,
        )
        with solara.Column(gap="0px", classes=["cs-years"]):
            solara.Text(f"{t('years', lang)}: {state.years.value}", classes=["cs-field-label"])
            solara.SliderInt("", value=state.years, min=1, max=state.MAX_YEARS, thumb_label=False)
        with solara.Column(gap="0px", classes=["cs-replicates"]):
            solara.Text(
                f"{t('replicates', lang)}: {state.replicates.value}", classes=["cs-field-label"]
            )
            solara.SliderInt(
                "", value=state.replicates, min=2, max=state.MAX_REPLICATES, thumb_label=False
            )
        solara.Checkbox(label=t("contributions", lang), value=state.contributions)


@solara.component
def MeasuresCard(lang: str):
    """Every lever from the catalogue, then the external developments."""
    with panel(["cs-measures"], t("measures", lang)):
        solara.Text(t("measures_hint", lang), classes=["cs-hint"])
        for name in LEVERS:
            PolicySwitch(name, lang)
    with panel(["cs-externals"], t("external", lang)):
        solara.Text(t("external_hint", lang), classes=["cs-hint"])
        for name in EXTERNALS:
            PolicySwitch(name, lang)


@solara.component
def ScenarioFileCard(lang: str):
    """Save the choices as a scenario file, or load one."""

    def saved() -> str:
        try:
            scenario = state.current_scenario()
        except ConfigError as exc:
            return f"# {exc}\n"
        if state.profile.value is not None:  # name the profile file, not the server's copy
            scenario = replace(scenario, profile=state.profile.value.filename)
        return scenario_toml(scenario)

    def on_scenario(name: str, data: bytes) -> None:
        try:
            check_scenario(data, name)
            state.apply_scenario(scenario_from_toml(data, name))
        except ConfigError as exc:
            state.scenario_error.value = exc
            state.scenario_message.value = ""
            return
        state.scenario_error.value = None
        state.scenario_message.value = f"{t('scenario_loaded', lang)}: {name}"

    with panel(["cs-scenario-file"], t("scenario_file", lang)):
        solara.InputText(
            t("scenario_name", lang),
            value=state.scenario_name,
            dense=True,
            classes=["cs-scenario-name"],
        )
        filename = f"{state.scenario_name.value.strip() or 'scenario'}.toml"
        DownloadButton(
            saved,
            filename,
            t("save_scenario", lang),
            "cs-save-scenario",
            mime_type="application/toml",
            icon="mdi-content-save",
        )
        FileUpload(
            t("load_scenario", lang, kb=MAX_UPLOAD_BYTES // 1024),
            on_scenario,
            classes=["cs-load-scenario"],
        )
        if state.scenario_error.value:
            UploadProblems(
                state.scenario_error.value,
                "cs-scenario-error",
                lang,
                lambda: state.scenario_error.set(None),
            )
        elif state.scenario_message.value:
            solara.Success(state.scenario_message.value, dense=True)


@solara.component
def RunCard(lang: str):
    """The run button, the cap on one run, the place in the queue, progress and timing."""
    run = state.run_state.value
    blocking = state.run_refusal(lang)
    error, set_error = solara.use_state("")
    asked, limit = state.run_size()
    too_large = asked > limit

    def start() -> None:
        try:
            state.current_scenario()
        except ConfigError as exc:
            set_error(str(exc))
            return
        set_error("")
        state.run_comparison()

    with panel(["cs-run-card"], elevation=3):
        RunButtons(
            t("run", lang),
            "mdi-play",
            start,
            bool(blocking) or too_large,
            run.running,
            state.stop_run,
            ("cs-run", "cs-stop"),
            lang,
        )
        if blocking:
            solara.Text(blocking, classes=["cs-error-text", "cs-run-blocked"])
        if too_large:
            solara.Error(
                state.work_text("work_too_large", asked, limit, lang),
                dense=True,
                classes=["cs-work-error"],
            )
        else:
            solara.Text(
                state.work_text("work_cap", asked, limit, lang), classes=["cs-hint", "cs-work-cap"]
            )
        if run.running and run.place:
            solara.Info(
                t("queue_place", lang, place=run.place, n=run.sharing + 1),
                dense=True,
                classes=["cs-queue"],
            )
        elif run.running and run.sharing:
            solara.Text(t("sharing", lang, n=run.sharing), classes=["cs-hint", "cs-sharing"])
        if error or run.error:
            solara.Error(error or run.error, dense=True, classes=["cs-run-error"])
        if run.total:
            solara.ProgressLinear(
                100 * run.done / run.total if run.total else 0,
                color="primary" if run.running else "success",
                classes=["cs-progress"],
            )
            parts = [f"{run.done}/{run.total} {t('runs_done', lang)}"]
            if run.first_seconds is not None:
                parts.append(f"{t('first_results', lang)} {number_s(run.first_seconds, lang)}")
            if run.total_seconds is not None:
                parts.append(f"{t('finished_in', lang)} {number_s(run.total_seconds, lang)}")
            solara.Text(" · ".join(parts), classes=["cs-progress-text"])


def number_s(seconds: float, lang: str) -> str:
    """Seconds with one decimal."""
    return f"{charts.number(seconds, lang, 1)} s"


# -- the right column: results ------------------------------------------------------------------
def _chart(name: str, results, version: int, lang: str):
    unit = outcome(name).unit
    label = indicator_label(name, lang)

    def make() -> bytes:
        return charts.comparison_png(
            series(results, name), label, unit, unit_label(unit, lang), lang
        )

    note = t(CHART_NOTES[name], lang) if name in CHART_NOTES else ""
    ChartCard(name, label, make, [version, lang, name], note=note)


CHART_NOTES = {"tailored_share": "chart_january"}  # a sentence under the chart


@solara.component
def Headline(results, years: int, lang: str):
    """Four headline numbers for the council: saving, measures' cost, shift, unmet need."""
    with solara.Row(classes=["cs-kpis"], gap="12px"):
        for kpi in headline_kpis(results, years, lang):
            Kpi(kpi.value, kpi.label, [f"cs-kpi-{kpi.key}"], kpi.tone)


@solara.component
def Overview(results, version: int, years: int, lang: str):
    """The four arrows, the flow diagram and the savings."""
    solara.Text(t("four_arrows", lang), classes=["cs-section-title"])
    solara.Text(t("four_arrows_hint", lang), classes=["cs-hint"])
    if not judged(len(results["baseline"])):  # early results: one run, no interval yet
        solara.Info(t("too_few_arrows", lang), dense=True, classes=["cs-too-few"])
    FourArrows(four_arrows(results), lang)
    ChartCard(
        "flows",
        t("flows_title", lang),
        lambda: charts.flows_png(flows(results, "baseline"), flows(results, "scenario"), lang),
        [version, lang, "flows"],
        note=t("flows_note", lang),
    )
    ChartCard(
        CUMULATIVE_SAVINGS,
        t("cumulative_savings", lang),
        lambda: charts.savings_png(
            series(results, CUMULATIVE_SAVINGS), series(results, MEASURES_COST), lang
        ),
        [version, lang, CUMULATIVE_SAVINGS],
        note=t("savings_note", lang),
    )


@solara.component
def UseTab(results, version: int, lang: str):
    """Tailored vs general use per service in the final year, then each service over time."""

    def bars() -> bytes:
        rows = []
        for name, tailored in USE_ROWS:
            base, scen, band = final_year(results, name)
            rows.append((indicator_label(name, lang), tailored, base, scen, band.lo[0], band.hi[0]))
        return charts.use_bars_png(rows, lang)

    ChartCard("use", t("tab_use", lang), bars, [version, lang, "use"])
    for name in TABS["tab_use"]:
        _chart(name, results, version, lang)


@solara.component
def MoneyTab(results, version: int, lang: str):
    """Spending per domain, savings and, when computed, each measure's contribution."""
    contributions = state.run_state.value.contributions
    if contributions is not None:
        rows = net_cost_contributions(contributions)
        ChartCard(
            "contributions",
            t("contrib_title", lang),
            lambda: charts.contributions_png(rows, lang, lambda n: policy_label(n, lang)),
            [version, lang, "contributions"],
            note=t("contrib_note", lang),
        )
    for name in TABS["tab_money"]:
        _chart(name, results, version, lang)


@solara.component
def DashboardTab(results, version: int, lang: str):
    """Declared care next to actual care spending (Wmo and youth): the declarations' lag."""
    solara.Text(t("dashboard_note", lang), classes=["cs-hint"])
    ChartCard(
        "declared_total_eur",
        indicator_label("declared_total_eur", lang),
        lambda: declared_png(results, lang),
        [version, lang, "declared"],
    )


@solara.component
def ExportTab(results, version: int, lang: str):
    """Downloads: tables for spreadsheets (CSV, xlsx) and Parquet, all charts, the report."""
    context = export_context(lang)

    def table(which: str, fmt: str):
        if fmt == "csv":  # for spreadsheets: the language's separators, calendar years
            make = {"comparison": comparison_table, "replicates": monthly_table}[which]
            return lambda: csv_bytes(make(results, lang), lang)
        return lambda: table_bytes(results_tables(results)[which], fmt)

    solara.Text(t("export_note", lang), classes=["cs-hint"])
    solara.Text(t("export_spreadsheet_note", lang), classes=["cs-hint"])
    with solara.Row(classes=["cs-export"], gap="8px", style={"flex-wrap": "wrap"}):
        DownloadButton(
            lambda: report_zip(context, results, lang),
            f"carescape-{'raadsrapport' if lang == 'nl' else 'council-report'}.zip",
            t("export_report", lang),
            "cs-report",
            mime_type="application/zip",
            icon="mdi-file-document-outline",
        )
        DownloadButton(
            lambda: xlsx_bytes(all_tables(context, results, lang), lang),
            "carescape.xlsx",
            t("export_xlsx", lang),
            "cs-export-xlsx",
            mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        DownloadButton(
            lambda: csv_bytes(budget_table(results, lang), lang),
            "carescape-budget.csv",
            t("export_budget_csv", lang),
            "cs-export-budget-csv",
            mime_type="text/csv",
        )
        for which, label in (("comparison", "yearly_table"), ("replicates", "monthly_data")):
            for fmt in ("csv", "parquet"):
                DownloadButton(
                    table(which, fmt),
                    f"carescape-{which}.{fmt}",
                    f"{t(label, lang)} ({fmt.upper()})",
                    f"cs-export-{which}-{fmt}",
                )
        DownloadButton(
            lambda: charts_zip(results, context, [n for ns in TABS.values() for n in ns], lang),
            "carescape-charts.zip",
            t("charts_png", lang),
            "cs-export-charts",
            mime_type="application/zip",
        )


def export_context(lang: str) -> RunContext:
    """What the exports and the report say about the latest run (municipality, measures)."""
    run = state.run_state.value
    scenario, uploaded = run.scenario, state.profile.value
    if scenario.preset:
        name = _preset_label(scenario.preset, lang)
    elif uploaded is not None and uploaded.path == scenario.profile:  # the file's name, not
        name = uploaded.profile.name  # the server's copy
        scenario = replace(scenario, profile=uploaded.filename)
    else:
        name = Path(scenario.profile or "").stem
    return RunContext(scenario, run.years, name, run.contributions, residents=state.residents())


@solara.component
def Results(lang: str):
    """Progress, headline, the four arrows and the charts (they appear with the first pair)."""
    run = state.run_state.value
    results = run.results
    if results is None:
        solara.Info(t("no_results", lang), classes=["cs-empty"])
        solara.Text(t("model_note", lang), classes=["cs-note"])
        return
    scenario = run.scenario
    if not scenario.policies:  # a scenario without measures equals its baseline
        solara.Info(t("run_no_measures", lang), classes=["cs-empty", "cs-no-measures"])
        return
    names = [policy_label(n, lang) for n in (*scenario.policies, *scenario.external)]
    municipality = (
        _preset_label(scenario.preset, lang)
        if scenario.preset
        else (state.profile.value.profile.name if state.profile.value else "")
    )
    solara.Text(
        f"{t('scenario', lang)}: {', '.join(names) or t('no_measures', lang)} · "
        f"{municipality} · {scenario.start} · {run.years} "
        f"{'jaar' if lang == 'nl' else 'years'} · "
        f"{count(len(results['baseline']), 'replicates_one', 'replicates_many', lang)}",
        classes=["cs-summary", "cs-run-summary"],
    )
    Headline(results, run.years, lang)
    version = run.version
    tab_keys = ["tab_overview", *TABS, "tab_districts", "tab_dashboard", "tab_export"]
    with solara.Column(classes=["cs-tabs"], gap="0px"), solara.lab.Tabs(lazy=True):
        for key in tab_keys:
            with solara.lab.Tab(t(key, lang), classes=[f"cs-{key.replace('_', '-')}"]):
                with solara.Column(gap="12px", style={"padding-top": "12px"}):
                    if key == "tab_overview":
                        Overview(results, version, run.years, lang)
                    elif key == "tab_use":
                        UseTab(results, version, lang)
                    elif key == "tab_money":
                        MoneyTab(results, version, lang)
                    elif key == "tab_districts":
                        districts.DistrictView(results, version, lang)
                    elif key == "tab_dashboard":
                        DashboardTab(results, version, lang)
                    elif key == "tab_export":
                        ExportTab(results, version, lang)
                    else:
                        for name in TABS[key]:
                            _chart(name, results, version, lang)


@solara.component
def Header(lang: str):
    """Title and the language switch."""
    with solara.Row(
        classes=["cs-header"], justify="space-between", style={"align-items": "center"}
    ):
        with solara.Column(gap="0px"):
            solara.Text(t("title", lang), classes=["cs-title"])
            solara.Text(t("subtitle", lang), classes=["cs-subtitle"])
        with solara.Row(gap="12px", style={"align-items": "center"}):
            PageLink("/workshop", t("to_workshop", lang), "mdi-presentation-play", "cs-to-workshop")
            PageLink(
                "/sweeps",
                t("to_sweeps", lang),
                "mdi-chart-scatter-plot",
                "cs-to-sweeps",
                {"text-transform": "none", "font-weight": "600"},
            )
            Language()


@solara.component
def Language():
    """The NL/EN switch."""
    LanguageSwitch("cs-lang")


@solara.component
def Page():
    """The whole app."""
    lang = state.lang.value
    solara.HTML(tag="style", unsafe_innerHTML=CSS + alternatives_view.CSS)
    solara.Title(t("title", lang))
    solara.use_effect(lambda: None if state.WORKERS == 1 else warm_up(state.WORKERS), [])

    def on_open():  # closing the page (its kernel) stops its runs and removes its uploads
        session = state.session_id()
        return lambda: state.close_session(session)

    solara.use_effect(on_open, [])
    Header(lang)
    with solara.Row(classes=["cs-shell"], gap="16px"):
        # the choices scroll inside their column, the run card stays under them: it never
        # lies over a switch (a sticky card over the page's own scroll did)
        with solara.Column(classes=["cs-controls"], gap="12px"):
            with solara.Column(classes=["cs-controls-scroll"], gap="12px"):
                MunicipalityCard(lang)
                FiguresCard(lang)
                PeriodCard(lang)
                alternatives_view.ScenarioPicker(lang)
                MeasuresCard(lang)
                alternatives_view.AlternativesCard(lang)
                ScenarioFileCard(lang)
            RunCard(lang)
        with solara.Column(classes=["cs-main"], gap="12px"):
            alternatives_view.AlternativesResults(lang)
            Results(lang)


@solara.component
def Layout(children=None):
    """No app bar or sidebar around the page: it has its own header."""
    solara.Column(children=children or [], gap="0px", style={"padding": "0"})


page = Page()

# Four pages in one server: this app at /, the workshop's presenter screen at /workshop, the
# participants' join page at /join and the researcher's sweep explorer at /sweeps.
routes = [
    solara.Route(path="/", component=Page, label="carescape", layout=Layout),
    solara.Route(
        path="workshop", component=workshop.Page, label="workshop", layout=workshop.Layout
    ),
    solara.Route(
        path="join", component=workshop_join.Page, label="join", layout=workshop_join.Layout
    ),
    solara.Route(path="sweeps", component=SweepsPage, label="sweeps", layout=SweepsLayout),
]

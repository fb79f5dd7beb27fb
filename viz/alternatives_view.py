"""The page's parts for alternatives: the scenario picker, the saved alternatives, the comparison.

``ScenarioPicker`` and ``AlternativesCard`` sit in the left column next to the measures;
``AlternativesResults`` heads the right column once alternatives were compared. The
logic (what is kept, what is run, the numbers) is in :mod:`viz.alternatives`.
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from viz import alternatives as alts
from viz import state
from viz.alternatives_chart import alternatives_png
from viz.components import ChartCard, RunButtons
from viz.i18n import number, policy_label, t

CSS = """
.cs-scenario-picker .v-list { padding: 0; background: transparent !important; }
.cs-scenario-picker .v-subheader { height: 26px; padding: 0 4px; font-weight: 600; }
.cs-scenario-picker .v-list-item { padding: 0 6px; min-height: 40px; border-radius: 4px; }
.cs-scenario-picker .v-list-item__content { padding: 4px 0; }
.cs-scenario-picker .v-list-item__title { font-size: 13px; font-weight: 600; }
.cs-scenario-picker .v-list-item__subtitle { font-size: 12px; white-space: normal;
  -webkit-line-clamp: unset; }
.cs-alternative { border-bottom: 1px solid #e4e7eb; padding: 2px 0 6px 0; }
.cs-alternative .v-input { margin-top: 0; padding-top: 0; }
.cs-alternative-add.v-btn, .cs-alternatives-compare.v-btn { text-transform: none; }
.cs-alternatives-table table { border-collapse: collapse; }
.cs-alternatives-table th { font-size: 12.5px !important; color: #12355b !important;
  white-space: nowrap; vertical-align: bottom; }
.cs-alternatives-table td { font-size: 13px !important; vertical-align: top;
  padding-top: 6px !important; padding-bottom: 6px !important; height: auto !important; }
.cs-alternatives-table .cs-alt-diff { font-weight: 600; white-space: nowrap; }
.cs-alternatives-table td.cs-alt-base { white-space: nowrap; }
.cs-alternatives-table .cs-alt-interval { font-size: 11.5px; color: #52606d; white-space: nowrap; }
.cs-alternatives-table td.cs-good .cs-alt-diff { color: #2e7d32; }
.cs-alternatives-table td.cs-bad .cs-alt-diff { color: #b91c1c; }
"""


@solara.component
def Card(classes: list[str], title: str, children=None):
    """A white card with a title, like the app's other panels."""
    with solara.Card(margin=0, elevation=1, classes=classes):
        with solara.Column(gap="10px"):
            solara.Text(title, classes=["cs-section-title"])
            solara.Column(gap="10px", children=children or [])


# -- the left column ----------------------------------------------------------------------------
@solara.component
def ScenarioPicker(lang: str):
    """Built-in scenarios and saved alternatives: a click sets the measures switches."""
    chosen = alts.current_choice()
    with solara.Card(margin=0, elevation=1, classes=["cs-scenario-picker"]):
        with solara.Column(gap="6px"):
            solara.Text(t("alt_picker", lang), classes=["cs-section-title"])
            solara.Text(t("alt_picker_hint", lang), classes=["cs-hint"])
            items = [rv.Subheader(children=[t("alt_builtin", lang)])]
            for key in alts.builtin_scenarios():
                value = alts.BUILTIN_PREFIX + key
                items.append(
                    PickerItem(
                        value,
                        alts.builtin_name(key, lang),
                        alts.builtin_description(key, lang),
                        value == chosen,
                    )
                )
            if alts.alternatives.value:
                items.append(rv.Subheader(children=[t("alt_saved_group", lang)]))
            for alternative in alts.alternatives.value:
                items.append(
                    PickerItem(
                        alternative.key,
                        alternative.name,
                        measures_text(alternative.measures, lang),
                        alternative.key == chosen,
                    )
                )
            rv.List(dense=True, children=items)


@solara.component
def PickerItem(value: str, title: str, subtitle: str, active: bool):
    """One entry of the picker (two lines: the name and what it does)."""
    item = rv.ListItem(
        link=True,
        input_value=active,
        color="primary",
        class_=f"cs-scenario-item cs-scenario-{value.replace(':', '-')}",
        children=[
            rv.ListItemContent(
                children=[
                    rv.ListItemTitle(children=[title]),
                    rv.ListItemSubtitle(children=[subtitle]),
                ]
            )
        ],
    )
    rv.use_event(item, "click", lambda *_: alts.pick(value))
    return item


def measures_text(measures, lang: str) -> str:
    """The measures of an alternative by their names: 'POH-GGZ jeugd · Normenkader HH'."""
    return " · ".join(policy_label(name, lang) for name in measures)


@solara.component
def AlternativesCard(lang: str):
    """Save the switched-on measures under a name; the saved ones; compare them all."""
    run = alts.compare_state.value
    kept = alts.alternatives.value
    asked, limit = alts.run_size()
    with Card(["cs-alternatives"], t("alt_title", lang)):
        solara.Text(t("alt_hint", lang, n=alts.MAX_ALTERNATIVES), classes=["cs-hint"])
        solara.InputText(
            t("alt_name", lang),
            value=alts.draft_name.value,
            on_value=alts.draft_name.set,
            placeholder=alts.default_name(lang),
            continuous_update=True,  # a comparison's progress redraws the card while one types
            dense=True,
            classes=["cs-alternative-name-new"],
        )
        solara.Button(
            t("alt_add", lang),
            icon_name="mdi-content-save-outline",
            outlined=True,
            on_click=lambda: alts.add_alternative(alts.draft_name.value, lang),
            classes=["cs-alternative-add"],
        )
        if alts.problem.value:
            key, values = alts.problem.value
            solara.Text(t(key, lang, **values), classes=["cs-error-text", "cs-alternative-error"])
        if not kept:
            solara.Text(t("alt_none", lang), classes=["cs-hint"])
        for alternative in kept:
            AlternativeRow(alternative, lang)
        RunButtons(
            t("alt_compare", lang, n=len(kept)),
            "mdi-compare-horizontal",
            alts.compare,
            not kept or asked > limit,
            run.running,
            alts.stop,
            ("cs-alternatives-compare", "cs-alternatives-stop"),
            lang,
        )
        if kept and asked > limit:
            solara.Error(state.work_text("work_too_large", asked, limit, lang), dense=True)
        CompareProgress(lang)


@solara.component
def AlternativeRow(alternative: alts.Alternative, lang: str):
    """A saved alternative: its name (edit to rename), its measures, remove."""
    with solara.Column(gap="0px", classes=["cs-alternative", f"cs-{alternative.key}"]):
        with solara.Row(gap="4px", style={"align-items": "center"}):
            solara.InputText(
                t("alt_rename", lang),
                value=alternative.name,
                on_value=lambda name: alts.rename_alternative(alternative.key, name),
                continuous_update=False,
                dense=True,
                classes=["cs-alternative-name"],
                style={"flex": "1 1 auto"},
            )
            solara.Button(
                icon_name="mdi-delete-outline",
                text=True,
                small=True,
                on_click=lambda: alts.remove_alternative(alternative.key),
                classes=["cs-alternative-remove"],
            )
        solara.Text(measures_text(alternative.measures, lang), classes=["cs-hint"])


@solara.component
def CompareProgress(lang: str):
    """Runs done, the place in the queue, the time the comparison took, or its error."""
    run = alts.compare_state.value
    if run.error:
        solara.Error(run.error, dense=True, classes=["cs-alternatives-error"])
    if run.running and run.place:
        solara.Info(t("queue_place", lang, place=run.place, n=run.sharing + 1), dense=True)
    if run.total:
        solara.ProgressLinear(
            100 * run.done / run.total,
            color="primary" if run.running else "success",
            classes=["cs-alternatives-progress"],
        )
        parts = [f"{run.done}/{run.total} {t('runs_done', lang)}"]
        if run.seconds is not None:
            parts.append(f"{t('finished_in', lang)} {number(run.seconds, lang, 1)} s")
        solara.Text(
            " · ".join(parts), classes=["cs-progress-text", "cs-alternatives-progress-text"]
        )


# -- the right column ---------------------------------------------------------------------------
@solara.component
def AlternativesResults(lang: str):
    """The comparison of the alternatives: one table, then one chart per indicator."""
    run = alts.compare_state.value
    results = run.results
    if results is None:
        return
    names = [alts.shown_name(arm) for arm in run.arms]
    rows = alts.table_rows(results, run.arms)
    years = alts.year_labels(results)
    n = len(results["baseline"])
    with Card(["cs-alternatives-results"], t("alt_results_title", lang)):
        seeds = f"{run.seeds[0]}–{run.seeds[n - 1]}" if n > 1 else str(run.seeds[0])
        solara.Text(
            t("alt_summary", lang, years=run.years, n=n, seeds=seeds, start=run.start),
            classes=["cs-summary", "cs-alternatives-summary"],
        )
        AlternativesTable(rows, names, years[-1], lang)
        solara.Text(t("alt_table_note", lang, n=n), classes=["cs-note"])
    for indicator in alts.INDICATORS:
        AlternativesChart(indicator, run, names, years, lang)


@solara.component
def AlternativesTable(rows: list[alts.Row], names: list[str], year: str, lang: str):
    """Indicators down, the baseline and each alternative across (``cs-alternatives-table``)."""
    head = [rv.Html(tag="th", children=[t("alt_indicator", lang, year=year)])]
    head.append(rv.Html(tag="th", children=[t("baseline", lang)]))
    head += [rv.Html(tag="th", class_="cs-alt-col", children=[name]) for name in names]
    body = []
    for row in rows:
        kind = row.indicator.kind
        cells = [
            rv.Html(tag="td", children=[row_label(row.indicator, lang)]),
            rv.Html(
                tag="td", class_="cs-alt-base", children=[alts.level_text(row.baseline, kind, lang)]
            ),
        ]
        for diff in row.diffs:
            text = alts.difference_text(diff, kind, lang)
            shown = any(c in "123456789" for c in text)  # a difference that rounds to 0: no tone
            tone = diff.verdict * row.indicator.better_when if shown else 0
            cells.append(
                rv.Html(
                    tag="td",
                    class_=" ".join(["cs-alt-cell", {1: "cs-good", -1: "cs-bad"}.get(tone, "")]),
                    children=[
                        rv.Html(
                            tag="div",
                            class_="cs-alt-diff",
                            children=[text],
                        ),
                        rv.Html(
                            tag="div",
                            class_="cs-alt-interval",
                            children=[alts.interval_text(diff, kind, lang)],
                        ),
                    ],
                )
            )
        body.append(rv.Html(tag="tr", class_=f"cs-alt-row-{row.indicator.key}", children=cells))
    rv.SimpleTable(
        dense=True,
        class_="cs-alternatives-table",
        children=[
            rv.Html(tag="thead", children=[rv.Html(tag="tr", children=head)]),
            rv.Html(tag="tbody", children=body),
        ],
    )


def row_label(indicator: alts.Indicator, lang: str) -> str:
    """An indicator's name in the table, with its unit (money per year, price level)."""
    return t(f"alt_row_{indicator.key}", lang)


@solara.component
def AlternativesChart(indicator: alts.Indicator, run, names: list[str], years: list[str], lang):
    """One indicator: every alternative's yearly and final-year difference with its interval."""
    results = run.results
    title = row_label(indicator, lang)

    def make() -> bytes:
        lines = [
            (name, alts.yearly_differences(results, arm, indicator))
            for name, arm in zip(names, run.arms, strict=True)
        ]
        money = indicator.kind == "money"
        axis = t("alt_axis_money", lang) if money else t(f"alt_axis_{indicator.kind}", lang)
        return alternatives_png(title, years, lines, axis, 1e6 if money else 1.0, lang)

    ChartCard(
        f"alt-{indicator.key.replace('_', '-')}",
        title,
        make,
        [run.version, lang, indicator.key, tuple(names)],
    )

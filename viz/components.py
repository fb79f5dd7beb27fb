"""Solara components of the what-if app: inputs, policy switches, charts, the four arrows."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

import reacton.ipyvuetify as rv
import solara
import traitlets
from ipyvuetify.extra import FileInput

from model.params import Parameter
from model.policies import CATALOGUE
from viz import state
from viz.backend import MAX_UPLOAD_BYTES, Arrow, css_name
from viz.charts import number
from viz.i18n import (
    allowed_range,
    choice_label,
    param_label,
    policy_label,
    policy_mechanism,
    sources_text,
    t,
)
from viz.money import money


# -- generic inputs -----------------------------------------------------------------------------
class TomlFileInput(FileInput):
    """Vuetify's file input (click to browse), with its script exported the current way."""

    template = traitlets.Unicode(
        FileInput.template.default_value.replace("modules.export =", "module.exports =")
    ).tag(sync=True)


@solara.component
def FileField(on_file: Callable[[str, bytes], None], accept: str = ".toml"):
    """Vuetify's file input wired like solara.FileDrop: hands over the file's name and bytes."""
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    widget = TomlFileInput.element(
        accept=accept, multiple=False, show_progress=False, on_file_info=set_info
    )

    def wire() -> None:  # get the file objects in the render context
        if not info:
            return
        real = solara.get_widget(widget)
        real.version += 1
        real.reset_stats()
        set_files(real.get_files())

    solara.use_effect(wire, [info])

    def read(cancel: threading.Event) -> None:
        if files:  # one byte over the limit is enough to refuse a file (and bounds memory)
            on_file(files[0]["name"], files[0]["file_obj"].read(MAX_UPLOAD_BYTES + 1))

    solara.use_thread(read, [files])
    return widget


@solara.component
def FileUpload(
    label: str, on_file: Callable[[str, bytes], None], classes: list[str], accept: str = ".toml"
):
    """A labelled click-to-browse file field (``accept``: the file types the dialog offers)."""
    with solara.Column(classes=classes, gap="0px"):
        solara.Text(label, classes=["cs-field-label"])
        FileField(on_file, accept)


@solara.component
def SelectField(label: str, items: list[tuple[str, str]], value: str, on_value, classes=None):
    """A dropdown with readable labels for stored values."""
    rv.Select(
        label=label,
        items=[{"text": text, "value": key} for key, text in items],
        v_model=value,
        on_v_model=on_value,
        dense=True,
        outlined=True,
        hide_details=True,
        class_=" ".join(classes or []),
    )


@solara.component
def UploadProblems(error: Any, css_class: str, lang: str, on_remove: Callable[[], None]):
    """A refused upload: how many problems, each on its own line, and a button to drop it."""
    lines = state.upload_messages(error, lang)
    name = getattr(error, "filename", "") or "…"
    key = "up_problems" if len(lines) > 1 else "up_problem"
    with solara.Error(dense=True, classes=[css_class]):
        with solara.Column(gap="2px"):
            solara.Text(t(key, lang, n=len(lines), name=name), style={"font-weight": "600"})
            for line in lines:
                solara.Text(f"• {line}", classes=["cs-upload-problem"])
            solara.Button(
                t("up_remove", lang),
                icon_name="mdi-close",
                text=True,
                small=True,
                on_click=on_remove,
                classes=[f"{css_class}-remove"],
            )


# -- policies -----------------------------------------------------------------------------------
def _step(low: float, high: float) -> float:
    span = high - low
    return 10 ** math.floor(math.log10(span / 100)) if span > 0 else 0.01


def _kind(spec: Parameter, key: str) -> str:
    if spec.choices is not None:
        return "select"
    integer = isinstance(spec.default, int)
    if integer and spec.low == 0 and spec.high == 1:
        return "check"
    if key == "start_month":
        return "slider_int"
    if not integer and spec.high - spec.low <= 10:
        return "slider"
    if integer and spec.high - spec.low <= 120:
        return "slider_int"
    return "number"


@solara.component
def ParamField(policy: str, key: str, spec: Parameter, value: Any, lang: str):
    """One policy parameter with a widget that fits its range, its unit and its source."""
    label = param_label(policy, key, lang)
    error = state.field_errors.value.get(f"{policy}.{key}", "")
    if error == state.RANGE_ERROR:
        error = allowed_range(spec, lang)
    kind = _kind(spec, key)
    classes = [f"cs-param-{css_name(policy)}-{key}"]
    text, set_text = solara.use_state("")

    def set_value(new: Any) -> None:
        state.set_policy_value(policy, key, new)

    with solara.Column(gap="0px", classes=["cs-param", *classes]):
        if kind == "select":
            items = [(c, choice_label(spec, c, lang)) for c in spec.choices]
            SelectField(label, items, value, set_value)
        elif kind == "check":
            solara.Checkbox(label=label, value=bool(value), on_value=lambda b: set_value(int(b)))
        elif kind in ("slider", "slider_int"):
            high = spec.high
            if key == "start_month":
                high = min(spec.high, state.years.value * 12 - 1)
            shown = number(value, lang, 0 if kind == "slider_int" else _digits(spec))
            solara.Text(f"{label}: {shown}", classes=["cs-field-label"])
            if kind == "slider":
                solara.SliderFloat(
                    "",
                    value=float(value),
                    min=spec.low,
                    max=high,
                    step=_step(spec.low, spec.high),
                    on_value=set_value,
                    thumb_label=False,
                )
            else:
                solara.SliderInt(
                    "",
                    value=int(value),
                    min=int(spec.low),
                    max=int(high),
                    on_value=set_value,
                    thumb_label=False,
                )
        else:

            def parse(raw: str | None) -> None:
                set_text(raw or "")
                cleaned = (raw or "").strip().replace(" ", "")
                if lang == "nl":
                    cleaned = cleaned.replace(".", "").replace(",", ".")
                else:
                    cleaned = cleaned.replace(",", "")
                try:
                    number_value = float(cleaned)
                except ValueError:
                    errors = dict(state.field_errors.value)
                    errors[f"{policy}.{key}"] = t("invalid_number", lang)
                    state.field_errors.value = errors
                    return
                set_value(number_value)

            solara.InputText(
                label,
                value=text if error else number(value, lang, _digits(spec)),
                on_value=parse,
                error=error or False,
                dense=True,
                message=f"{number(spec.low, lang)} – {number(spec.high, lang)}",
            )
        if error and kind != "number":
            solara.Text(error, classes=["cs-error-text"])


def _digits(spec: Parameter) -> int:
    step = _step(spec.low, spec.high)
    return max(0, -int(math.floor(math.log10(step))))


@solara.component
def PolicySwitch(name: str, lang: str):
    """A measure: the switch, and when on, its explanation, parameters and sources."""
    cls = CATALOGUE[name]
    on = name in state.enabled.value
    with solara.Column(gap="2px", classes=["cs-policy", "cs-policy-on" if on else "cs-policy-off"]):
        solara.Switch(
            label=policy_label(name, lang),
            value=on,
            on_value=lambda b: state.set_enabled(name, b),
            classes=[f"cs-policy-{css_name(name)}"],
            color="primary",
        )
        if not on:
            return
        solara.Text(policy_mechanism(name, lang), classes=["cs-mechanism"])
        current = state.policy_values(name)
        specs = cls.declared()
        own = [k for k in specs if k in cls.PARAMS]
        for key in own:
            ParamField(name, key, specs[key], current[key], lang)
        with solara.Details(t("timing", lang)):
            for key in ("start_month", "phase_in_months"):
                ParamField(name, key, specs[key], current[key], lang)
        if own:
            text = sources_text([specs[k] for k in own], lang)
            solara.Text(f"{t('source', lang)}: {text}", classes=["cs-source"])


# -- results ------------------------------------------------------------------------------------
@solara.component
def ChartCard(key: str, title: str, make_png: Callable[[], bytes], deps: list, note: str = ""):
    """A chart with a stable CSS class (``cs-chart-<key>``) and its PNG download.

    The chart is drawn in a thread, so the page stays responsive; the previous picture
    stays until the new one is ready.
    """
    last = solara.use_ref(None)

    def draw() -> bytes:
        png = make_png()
        last.current = png
        return png

    result = solara.use_thread(draw, dependencies=deps)
    png = result.value if result.state == solara.ResultState.FINISHED else last.current
    if result.state == solara.ResultState.ERROR:
        solara.Error(f"{title}: {result.error}")
        return
    card = solara.Card(classes=["cs-chart", f"cs-chart-{key}"], margin=0, elevation=1)
    with card, solara.Column(gap="4px"):
        if png is None:
            with solara.Row(style={"height": "120px", "align-items": "center"}):
                solara.SpinnerSolara(size="60px")
                solara.Text(title, classes=["cs-chart-title"])
            return
        # the title is drawn in the PNG itself, so that exported charts carry it
        with solara.Row(classes=["cs-png-wrap"]):
            solara.FileDownload(
                png,
                filename=f"carescape-{key}.png",
                mime_type="image/png",
                children=[
                    solara.Button(
                        "PNG", icon_name="mdi-download", text=True, small=True, classes=["cs-png"]
                    )
                ],
            )
        solara.Image(png, width="100%", classes=["cs-chart-img"])
        if note:
            solara.Text(note, classes=["cs-note"])


GLYPH = {1: "▲", -1: "▼", 0: "●"}
VERDICT_CLASS = {"better": "cs-good", "worse": "cs-bad", "same": "cs-same", "too_few": "cs-same"}


@solara.component
def FourArrows(arrows: list[Arrow], lang: str):
    """VNG's four system indicators as arrows: direction and whether that is the right way."""
    with solara.Row(classes=["cs-arrows", "cs-chart-four-arrows"], gap="12px"):
        for arrow in arrows:
            digits = 2 if arrow.key in ("availability", "quality") else 0
            if arrow.key == "budget":  # the final year's net cost: per year, 2025 prices
                base, scen = money(arrow.baseline, lang), money(arrow.scenario, lang)
            else:
                base = number(arrow.baseline, lang, digits)
                scen = number(arrow.scenario, lang, digits)
            with solara.Column(
                gap="2px",
                classes=["cs-arrow", f"cs-arrow-{arrow.key}", VERDICT_CLASS[arrow.verdict]],
            ):
                with solara.Row(gap="8px", style={"align-items": "baseline"}):
                    solara.Text(GLYPH[arrow.direction], classes=["cs-glyph"])
                    solara.Text(t(f"arrow_{arrow.key}", lang), classes=["cs-arrow-name"])
                solara.Text(t(arrow.verdict, lang), classes=["cs-verdict"])
                with solara.Row(gap="6px", classes=["cs-arrow-numbers"]):
                    solara.Text(f"{t('baseline', lang)} ", classes=["cs-muted"])
                    solara.Text(base, classes=["cs-base"])
                    solara.Text(f"· {t('scenario', lang)} ", classes=["cs-muted"])
                    solara.Text(scen, classes=["cs-scen"])
                solara.Text(t(f"arrow_{arrow.key}_what", lang), classes=["cs-note"])


@solara.component
def DownloadButton(
    data,
    filename: str,
    label: str,
    css_class: str,
    mime_type: str | None = None,
    icon: str = "mdi-download",
    small: bool = False,
):
    """An outlined button that downloads ``data`` (bytes or a callable giving bytes)."""
    extra = {"mime_type": mime_type} if mime_type else {}
    button = solara.Button(label, icon_name=icon, outlined=True, small=small, classes=[css_class])
    solara.FileDownload(data, filename=filename, children=[button], **extra)


@solara.component
def PageLink(path: str, label: str, icon: str, css: str, style: dict | None = None):
    """A light text button in a dark page header that opens another page of the app."""
    with solara.Link(path):
        solara.Button(label, icon_name=icon, text=True, dark=True, classes=[css], style=style)


@solara.component
def RunButtons(
    label: str,
    icon: str,
    on_run: Callable[[], None],
    disabled: bool,
    running: bool,
    on_stop: Callable[[], None],
    css: tuple[str, str],
    lang: str,
):
    """The wide start button and, while it runs, a stop button beside it (css: run, stop)."""
    with solara.Row(gap="8px"):
        solara.Button(
            label,
            icon_name=icon,
            color="primary",
            on_click=on_run,
            disabled=disabled,
            classes=[css[0]],
            style={"flex": "1 1 auto"},
        )
        if running:
            solara.Button(
                t("stop", lang),
                icon_name="mdi-stop",
                outlined=True,
                on_click=on_stop,
                classes=[css[1]],
            )


@solara.component
def Kpi(value: str, label: str, classes: list[str], tone: str = ""):
    """A headline number."""
    with solara.Column(gap="0px", classes=["cs-kpi", *classes, tone]):
        solara.Text(value, classes=["cs-kpi-value"])
        solara.Text(label, classes=["cs-kpi-label"])


@solara.component
def LanguageSwitch(css_class: str = "cs-lang"):
    """The NL/EN switch; both pages share the session's language."""
    solara.ToggleButtonsSingle(
        value=state.lang,
        children=[solara.Button("NL", value="nl"), solara.Button("EN", value="en")],
        classes=[css_class],
        dense=True,
    )

"""The workshop's presenter screen (``/workshop``): one municipality live, the room taking part.

For a facilitator at a projector (1280x720 or 1920x1080): a session plan loads the
municipality, its questions and measures; the scenario runs month by month with the
same municipality without measures alongside (``viz.workshop_session``), and the gap
between them is the big number. Measures switch from the current month on (a marker on
the chart), a rewind to an earlier month and another choice makes a new branch, the room
answers questions and votes on its phones (``/join``, ``viz.workshop_join``), and a few
residents' stories show what the numbers mean. Keys: space = play/pause, arrow right =
one month, arrow left = one month back, R = reveal.

This module holds the page; the engine, plans, stories, room, chart and export are
their own modules (``viz/workshop_*.py``).
"""

from __future__ import annotations

import os
import statistics
import threading
from dataclasses import dataclass, field

import ipyvue
import reacton.ipyvuetify as rv
import solara
import traitlets

from model.care_model import CareModel
from model.params import ConfigError
from viz import state
from viz.backend import css_name
from viz.components import DownloadButton, FileUpload, LanguageSwitch
from viz.i18n import count, gap_text, money_mln, number, policy_label, t
from viz.workshop_charts import month_label, timeline_png, title
from viz.workshop_export import session_zip
from viz.workshop_plan import INDICATORS, MONEY, Plan, parse_plan, row_value, shipped_plans
from viz.workshop_room import DIRECTION_TEXT, DIRECTIONS, Room, close, open_room
from viz.workshop_session import WorkshopSession
from viz.workshop_stories import Person, introduce, observe, pick, story

# The measures a facilitator can switch on the presenter screen (catalogue names).
MEASURES = (
    "poh_ggz",
    "youth_demarcation",
    "case_management",
    "hh_norm",
    "voorveld",
    "light_support",
    "integrated_families",
    "funding_model",
)
DEFAULT_PLAN = "de-voordeur-onder-druk"
# The residents of every plan's municipality may be lowered for tests and slow laptops.
RESIDENTS = int(os.environ.get("CARESCAPE_WORKSHOP_RESIDENTS", "0")) or None
PLAY_SECONDS = 0.7  # between months while playing: time to read the numbers
POLL_SECONDS = 0.5  # how often the page looks for new guesses and votes


@dataclass
class Live:
    """One presenter's session: the plan, the engine, the residents followed, the room."""

    plan: Plan
    session: WorkshopSession
    people: list[Person]
    room: Room
    round: int = 0  # index of the next question in the plan
    target: int = 0  # the month at which play pauses (the end of the asked round)
    lock: threading.Lock = field(default_factory=threading.Lock)


def build(plan: Plan) -> Live:
    """The municipality of a plan, its baseline, the residents to follow and a room."""
    model = CareModel(
        preset=plan.preset,
        residents=RESIDENTS or plan.residents,
        years=plan.years,
        rng=plan.seed,
    )
    people = pick(model)
    session = WorkshopSession(model=model, observe=lambda m: observe(m, people))
    room = open_room(plan.title)
    room.offer(plan.votes or MEASURES[:4])
    return Live(plan, session, people, room)


def join_url() -> str:
    """Where participants go: the LAN address ``carescape ui`` was started with, if any."""
    return os.environ.get("CARESCAPE_JOIN_URL", "") or "/join"


class KeyListener(ipyvue.VueTemplate):
    """Presenter shortcuts: the browser reports keys outside text fields as ``pressed``."""

    pressed = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        """
<template><span class="cs-ws-keys" style="display:none"></span></template>
<script>
module.exports = {
  mounted() {
    this.onKey = (e) => {
      const tag = (e.target && e.target.tagName) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
      let key = null;
      if (e.code === "Space") key = "space";
      else if (e.key === "ArrowRight") key = "right";
      else if (e.key === "ArrowLeft") key = "left";
      else if (e.key === "r" || e.key === "R") key = "reveal";
      if (key) { e.preventDefault(); this.pressed = key + ":" + Date.now(); }
    };
    document.addEventListener("keydown", this.onKey);
  },
  destroyed() { document.removeEventListener("keydown", this.onKey); },
};
</script>"""
    ).tag(sync=True)


CSS = """
.cs-ws { background: #f4f6f8; min-height: 100vh; padding: 0 0 8px 0; }
.v-sheet.cs-ws-bar { background: #12355b !important; color: white; padding: 6px 16px;
                    align-items: center;
             flex-wrap: nowrap; }
.cs-ws-bar .v-sheet { background: transparent !important; }
.cs-ws-bar .cs-ws-plan-title { font-size: 20px; font-weight: 700; color: white;
                               white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cs-ws-join { font-size: 16px; color: #dbe7f3; white-space: nowrap; }
.cs-ws-join-code { font-size: 26px; font-weight: 800; letter-spacing: 4px; color: #ffcf64;
                   font-family: monospace; }
.cs-ws-bar .v-btn { color: white !important; text-transform: none; }
.cs-ws-bar .cs-ws-lang .v-btn { min-width: 40px !important; background: #1f4a78 !important; }
.cs-ws-body { padding: 8px 14px 0 14px; }
.cs-ws-controls { align-items: center; flex-wrap: wrap; }
.cs-ws-controls .v-btn { text-transform: none; font-size: 16px; font-weight: 600; }
.cs-ws-date { font-size: 24px; font-weight: 700; color: #12355b; line-height: 1.1; }
.cs-ws-month { font-size: 14px; color: #52606d; }
.cs-ws-gapbox { background: white; border-radius: 8px; padding: 6px 16px;
                box-shadow: 0 1px 3px rgba(0,0,0,.1); align-items: center; }
.cs-ws-gap { font-size: 46px; font-weight: 800; color: #0f7b6c; line-height: 1.05;
             white-space: nowrap; }
.cs-ws-gap-text { font-size: 19px; font-weight: 600; color: #1f2933; line-height: 1.25; }
.cs-ws-values { font-size: 15px; color: #52606d; }
.cs-ws-hint { font-size: 13px; color: #52606d; }
.cs-ws-main { flex-wrap: nowrap; align-items: flex-start; }
.cs-ws-chart { flex: 1 1 0; min-width: 0; background: white; border-radius: 8px;
               box-shadow: 0 1px 3px rgba(0,0,0,.1); padding: 4px; }
.cs-ws-chart img { width: 100%; height: auto; display: block; max-height: calc(100vh - 260px);
                   object-fit: contain; }
.cs-ws-side { flex: 0 0 400px; width: 400px; background: white; border-radius: 8px;
              box-shadow: 0 1px 3px rgba(0,0,0,.1); padding: 8px 12px;
              max-height: calc(100vh - 250px); overflow-y: auto; }
.cs-ws-side .v-btn { text-transform: none; }
.cs-ws-panels .v-btn { text-transform: none; font-size: 14px; }
.cs-ws-question { font-size: 18px; font-weight: 600; color: #12355b; line-height: 1.3; }
.cs-ws-count { font-size: 16px; color: #1f2933; }
.cs-ws-outcome { font-size: 18px; font-weight: 700; color: #0f7b6c; }
.cs-ws-tally { font-size: 15px; }
.cs-ws-bar-fill { background: #1f5fa8; height: 12px; border-radius: 3px; }
.cs-ws-story-name { font-size: 15px; font-weight: 700; color: #12355b; }
.cs-ws-story { font-size: 14px; color: #1f2933; line-height: 1.35; }
.cs-ws-story-month { color: #7b8794; }
.cs-ws-measure .v-input--selection-controls { margin-top: 0; padding-top: 0; }
.cs-ws-measure .v-messages { display: none; }
.cs-ws-measure label { font-size: 15px; color: #1f2933 !important; }
.cs-ws-votes-chip { font-size: 13px; color: #1f5fa8; font-weight: 700; }
.cs-ws-error { font-size: 13px; color: #b91c1c; }
"""


def counted(key: str, n: int, lang: str) -> str:
    """A number with its noun: ``<key>_one`` for one ("1 stem"), else ``key`` ("2 stemmen")."""
    return count(n, f"{key}_one", key, lang)


def _gap(live: Live, indicator: str, lang: str) -> None:
    """The big number: with measures minus without, in words."""
    session = live.session
    with solara.Row(classes=["cs-ws-gapbox"], gap="16px"):
        if session.month == 0 or not session.branch.switches:
            solara.Text("–", classes=["cs-ws-gap"])
            solara.Text(t("ws_before_switch", lang), classes=["cs-ws-gap-text"])
            return
        base = row_value(session.baseline_records[session.month - 1], indicator)
        scen = row_value(session.branch.records[session.month - 1], indicator)
        big, sentence = gap_text(indicator, base, scen, lang)
        solara.Text(big, classes=["cs-ws-gap"])
        with solara.Column(gap="0px"):
            solara.Text(sentence, classes=["cs-ws-gap-text"])
            show = (
                (lambda v: money_mln(v, lang))
                if indicator in MONEY
                else (lambda v: number(v, lang))
            )
            solara.Text(
                f"{t('ws_with_value', lang)} {show(scen)} · {t('ws_without_value', lang)} "
                f"{show(base)} · {title(indicator, lang)}",
                classes=["cs-ws-values"],
            )


@solara.component
def RoomPanel(live: Live, lang: str, versions: tuple[int, int], on_change):
    """The plan's questions, the room's answers and the reveal; the votes."""
    plan, room, session = live.plan, live.room, live.session
    question = room.question
    n = len(plan.rounds)

    def ask() -> None:
        round_ = plan.rounds[live.round]
        with live.lock:
            for name in round_.switch_off:
                session.switch(name, False)
            for name in round_.switch_on:
                session.switch(name, True, round_.params.get(name))
            room.ask(round_.question, round_.question_en, round_.kind, round_.indicator)
            live.round += 1
            live.target = min(session.month + round_.months, session.horizon)
        on_change()

    if question is not None:
        solara.Text(t("ws_round", lang, i=question.id, n=n), classes=["cs-ws-hint"])
        solara.Text(question.text(lang), classes=["cs-ws-question"])
        answers = room.answers(question.id)
        solara.Text(
            f"{counted('ws_answers', len(answers), lang)} · "
            f"{counted('ws_participants', len(room.participants), lang)}",
            classes=["cs-ws-count", "cs-ws-answers"],
        )
        if live.target > session.month and not question.revealed:
            solara.Text(t("ws_runs_to", lang, m=live.target), classes=["cs-ws-hint"])
        if question.revealed:
            _revealed(question, answers, lang)
    if live.round < n and (question is None or question.revealed):
        upcoming = plan.rounds[live.round]
        if question is None:
            solara.Text(t("ws_round", lang, i=live.round + 1, n=n), classes=["cs-ws-hint"])
            solara.Text(upcoming.text(lang), classes=["cs-ws-question"])
        solara.Button(
            t("ws_ask", lang) if question is None else t("ws_next", lang),
            icon_name="mdi-comment-question",
            color="primary",
            on_click=ask,
            classes=["cs-ws-ask"],
        )
    elif live.round >= n and (question is None or question.revealed):
        solara.Text(t("ws_all_asked", lang), classes=["cs-ws-hint"])
    solara.Text(t("ws_votes", lang), classes=["cs-ws-story-name"], style={"margin-top": "8px"})
    tally = room.tally()
    most = max(tally.values(), default=0) or 1
    for name, votes in tally.items():
        with solara.Column(gap="0px", classes=["cs-ws-tally", f"cs-ws-tally-{css_name(name)}"]):
            solara.Text(f"{policy_label(name, lang)}: {votes}")
            solara.Div(classes=["cs-ws-bar-fill"], style={"width": f"{100 * votes / most:.0f}%"})


def _revealed(question, answers: dict, lang: str) -> None:
    """The outcome next to what the room guessed."""
    base, scen = question.outcome["baseline"], question.outcome["scenario"]
    if question.kind == "direction":
        big, sentence = gap_text(question.indicator, base, scen, lang)
        solara.Text(f"{t('ws_outcome', lang)}: {big} {sentence}", classes=["cs-ws-outcome"])
        counts = {d: sum(1 for a in answers.values() if a == d) for d in DIRECTIONS}
        guessed = " · ".join(f"{t(DIRECTION_TEXT[d], lang)}: {counts[d]}" for d in DIRECTIONS)
    else:
        money = question.indicator in MONEY
        shown = money_mln(scen, lang) if money else number(scen, lang)
        solara.Text(f"{t('ws_outcome', lang)}: {shown}", classes=["cs-ws-outcome"])
        values = [float(a) for a in answers.values()]
        guessed = (
            f"{t('ws_median', lang)} {number(statistics.median(values), lang)} "
            f"({number(min(values), lang)} – {number(max(values), lang)})"
            if values
            else "–"
        )
    solara.Text(
        f"{t('ws_room_guessed', lang)}: {guessed}", classes=["cs-ws-count", "cs-ws-guessed"]
    )


@solara.component
def MeasuresPanel(live: Live, lang: str, versions: tuple[int, int], on_change):
    """A switch per measure, with the room's votes; a switch acts from this month on."""
    session = live.session
    on = session.measures()
    tally = live.room.tally()
    error, set_error = solara.use_state("")

    def flip(name: str, value: bool) -> None:
        try:
            with live.lock:
                session.switch(name, value)
        except ConfigError as exc:
            set_error(str(exc))
            return
        set_error("")
        on_change()

    for name in MEASURES:
        with solara.Row(gap="6px", style={"align-items": "center"}, classes=["cs-ws-measure"]):
            solara.Switch(
                label=policy_label(name, lang),
                value=name in on,
                on_value=lambda b, name=name: flip(name, b),
                classes=[f"cs-policy-{css_name(name)}"],
                color="primary",
                disabled=session.done,
            )
            if tally.get(name):
                solara.Text(counted("ws_votes_n", tally[name], lang), classes=["cs-ws-votes-chip"])
    if error:
        solara.Text(error, classes=["cs-ws-error"])


@solara.component
def StoriesPanel(live: Live, lang: str, version: int):
    """The followed residents: who they are, and the last things that happened to them."""
    session = live.session
    months = session.branch.observed[: session.month]
    for person in live.people:
        solara.Text(introduce(session.model, person, lang), classes=["cs-ws-story-name"])
        lines = story(person, months, lang)[-5:] if months else []
        if not lines:
            solara.Text(t("ws_story_none", lang), classes=["cs-ws-story"])
        for label, text in lines:
            with solara.Row(gap="6px", classes=["cs-ws-story"]):
                solara.Text(label, classes=["cs-ws-story-month"])
                solara.Text(text)


@solara.component
def SessionPanel(live: Live, lang: str, version: int, on_plan, error: str):
    """The plan (shipped or the facilitator's own), the timeline of switches, the export."""
    plans = shipped_plans()
    rv.Select(
        label=t("ws_plan", lang),
        items=[{"text": p.label(lang), "value": k} for k, p in plans.items()],
        v_model=live.plan.name if live.plan.name in plans else None,
        on_v_model=lambda k: on_plan(plans[k]),
        dense=True,
        outlined=True,
        hide_details=True,
        class_="cs-ws-plan",
    )

    def own(name: str, data: bytes) -> None:
        try:
            plan = parse_plan(data, name)
        except ConfigError as exc:
            on_plan(None, str(exc))
            return
        on_plan(plan)

    FileUpload(t("ws_own_plan", lang), own, classes=["cs-ws-own-plan"])
    if error:
        solara.Text(error, classes=["cs-ws-error", "cs-ws-plan-error"])
    solara.Text(t("ws_timeline", lang), classes=["cs-ws-story-name"])
    notes = live.session.annotations()
    if not notes:
        solara.Text(t("ws_no_switches", lang), classes=["cs-ws-story"])
    start = live.session.model.start_date
    for note in notes:
        word = t("ws_on" if note["on"] else "ws_off", lang)
        when = month_label(start, note["month"] + 1, lang)
        solara.Text(
            f"{t('ws_branch', lang)} {note['branch']} · {when}: "
            f"{policy_label(note['measure'], lang)} {word}",
            classes=["cs-ws-story", "cs-ws-note"],
        )
    DownloadButton(
        lambda: session_zip(live.session, live.room, lang),
        "carescape-workshop.zip",
        t("ws_export", lang),
        "cs-ws-export",
        mime_type="application/zip",
    )


@solara.component
def Controls(live: Live, lang: str, version: int, playing: bool, set_playing, on_change):
    """Where the run is, play/pause, one month, back to a month or a branch, reveal."""
    session = live.session

    def one_month() -> None:
        with live.lock:
            session.step()
        on_change()

    def back_to(month: int) -> None:
        set_playing(False)
        with live.lock:
            session.rewind(int(month))
        on_change()

    def to_branch(branch: int) -> None:
        set_playing(False)
        with live.lock:
            session.select(int(branch))
        on_change()

    with solara.Row(classes=["cs-ws-controls"], gap="12px"):
        with solara.Column(gap="0px", style={"min-width": "190px"}):
            start = session.model.start_date
            if session.month:
                solara.Text(month_label(start, session.month, lang), classes=["cs-ws-date"])
                solara.Text(
                    t("ws_month_of", lang, m=session.month, n=session.horizon),
                    classes=["cs-ws-month"],
                )
            else:
                solara.Text(month_label(start, 1, lang), classes=["cs-ws-date"])
                solara.Text(t("ws_not_started", lang), classes=["cs-ws-month"])
        solara.Button(
            t("ws_pause", lang) if playing else t("ws_play", lang),
            icon_name="mdi-pause" if playing else "mdi-play",
            color="primary",
            on_click=lambda: set_playing(not playing),
            disabled=session.done,
            classes=["cs-ws-play"],
        )
        solara.Button(
            t("ws_step", lang),
            icon_name="mdi-skip-next",
            outlined=True,
            on_click=one_month,
            disabled=session.done or playing,
            classes=["cs-ws-step"],
        )
        rv.Select(
            label=t("ws_rewind", lang),
            items=[{"text": str(m), "value": m} for m in range(session.month, -1, -1)],
            v_model=None,
            on_v_model=lambda m: m is not None and back_to(m),
            dense=True,
            outlined=True,
            hide_details=True,
            style_="max-width: 200px",
            class_="cs-ws-rewind",
        )
        if len(session.branches) > 1:
            rv.Select(
                label=t("ws_branch", lang),
                items=[
                    {"text": f"{t('ws_branch', lang)} {b.name}", "value": b.id}
                    for b in session.branches
                ],
                v_model=session.branch.id,
                on_v_model=to_branch,
                dense=True,
                outlined=True,
                hide_details=True,
                style_="max-width: 130px",
                class_="cs-ws-branch",
            )
        solara.Button(
            t("ws_reveal", lang),
            icon_name="mdi-eye",
            outlined=True,
            on_click=lambda: reveal(live, on_change),
            disabled=not can_reveal(live),
            classes=["cs-ws-reveal"],
        )


def can_reveal(live: Live) -> bool:
    """An open question whose months have run: guess first, then the model, then reveal."""
    question, session = live.room.question, live.session
    if question is None or question.revealed or not session.month:
        return False
    return not (live.target and live.target > session.month)


def reveal(live: Live, on_change) -> None:
    """Show the model's outcome for the open question next to the room's answers."""
    if not can_reveal(live):
        return
    question, session = live.room.question, live.session
    base = row_value(session.baseline_records[session.month - 1], question.indicator)
    scen = row_value(session.branch.records[session.month - 1], question.indicator)
    live.room.reveal(base, scen)
    on_change()


@solara.component
def Presenter(live: Live, lang: str, on_plan, plan_error: str):
    """The presenter screen of a built session."""
    tick = solara.use_reactive(0)
    version = tick.value
    room_version, set_room_version = solara.use_state(0)
    playing, set_playing = solara.use_state(False)
    panel, set_panel = solara.use_state("room")
    focus, set_focus = solara.use_state(live.plan.focus)
    session = live.session

    def changed() -> None:  # the engine moved: redraw (also from the play thread)
        tick.value += 1

    def play(cancel: threading.Event) -> None:
        while playing and not cancel.is_set():
            with live.lock:
                stepped = session.step()
            changed()
            if not stepped or session.done or (live.target and session.month >= live.target):
                if live.target and session.month >= live.target:
                    live.target = 0  # the round is played: pause for the reveal
                set_playing(False)
                return
            cancel.wait(PLAY_SECONDS)

    solara.use_thread(play, dependencies=[playing, live])

    def poll(cancel: threading.Event) -> None:
        seen = -1
        while not cancel.is_set():
            if live.room.version != seen:
                seen = live.room.version
                set_room_version(seen)
            cancel.wait(POLL_SECONDS)

    solara.use_thread(poll, dependencies=[live])

    def on_key(value: str) -> None:
        key = value.split(":")[0]
        if key == "space" and not session.done:
            set_playing(not playing)
        elif key == "right" and not playing and not session.done:
            with live.lock:
                session.step()
            changed()
        elif key == "left" and not playing and session.month > 0:
            with live.lock:
                session.rewind(session.month - 1)
            changed()
        elif key == "reveal":
            reveal(live, changed)

    KeyListener.element(pressed="", on_pressed=on_key)
    png = solara.use_memo(
        lambda: timeline_png(session, focus, lang, titled=False), [version, focus, lang, live]
    )
    with solara.Column(classes=["cs-ws-body"], gap="8px"):
        Controls(live, lang, version, playing, set_playing, changed)
        _gap(live, focus, lang)
        with solara.Row(classes=["cs-ws-main"], gap="12px"):
            with solara.Column(classes=["cs-ws-chart", f"cs-chart-{focus}"], gap="2px"):
                rv.Select(
                    items=[{"text": title(i, lang), "value": i} for i in INDICATORS],
                    v_model=focus,
                    on_v_model=set_focus,
                    dense=True,
                    hide_details=True,
                    class_="cs-ws-focus",
                    style_="max-width: 420px; margin: 0 8px",
                )
                solara.Image(png, classes=["cs-ws-chart-img"])
            with solara.Column(classes=["cs-ws-side"], gap="6px"):
                with solara.Row(classes=["cs-ws-panels"]):
                    solara.ToggleButtonsSingle(
                        value=panel,
                        on_value=set_panel,
                        children=[
                            solara.Button(
                                t(f"ws_panel_{k}", lang), value=k, classes=[f"cs-ws-tab-{k}"]
                            )
                            for k in ("room", "measures", "stories", "session")
                        ],
                        dense=True,
                    )
                if panel == "room":
                    RoomPanel(live, lang, (version, room_version), changed)
                elif panel == "measures":
                    MeasuresPanel(live, lang, (version, room_version), changed)
                elif panel == "stories":
                    StoriesPanel(live, lang, version)
                else:
                    SessionPanel(live, lang, version, on_plan, plan_error)
        solara.Text(t("ws_keys", lang), classes=["cs-ws-hint"])


@solara.component
def Page():
    """The presenter screen: a bar with the plan and the join code, then the session."""
    lang = state.lang.value
    plan, set_plan = solara.use_state(shipped_plans()[DEFAULT_PLAN])
    plan_error, set_plan_error = solara.use_state("")
    solara.Style(CSS)
    solara.Title(t("ws_title", lang))

    def make() -> Live:
        return build(plan)

    result = solara.use_thread(make, dependencies=[plan])
    live = result.value if result.state == solara.ResultState.FINISHED else None

    def forget():
        return (lambda: close(live.room.code)) if live is not None else None

    solara.use_effect(forget, [live])

    def on_plan(new: Plan | None, error: str = "") -> None:
        set_plan_error(error)
        if new is not None:
            set_plan(new)

    served_with_app = len(solara.use_router().routes) > 1
    with solara.Column(classes=["cs-ws"], gap="0px"):
        with solara.Row(classes=["cs-ws-bar"], gap="14px", justify="space-between"):
            with solara.Row(gap="10px", style={"align-items": "center", "min-width": "0"}):
                if served_with_app:
                    with solara.Link("/"):
                        solara.Button(
                            icon_name="mdi-arrow-left", text=True, classes=["cs-ws-to-app"]
                        )
                solara.Text(
                    f"{t('ws_title', lang)} · {plan.label(lang)}", classes=["cs-ws-plan-title"]
                )
            with solara.Row(gap="10px", style={"align-items": "center"}):
                if live is not None:
                    solara.Text(t("ws_join_at", lang, url=join_url()), classes=["cs-ws-join"])
                    solara.Text(live.room.code, classes=["cs-ws-join-code"])
                LanguageSwitch("cs-ws-lang")
        if result.state == solara.ResultState.ERROR:
            solara.Error(str(result.error), classes=["cs-ws-build-error"])
        elif live is None:
            with solara.Row(style={"padding": "40px", "align-items": "center"}):
                solara.SpinnerSolara(size="60px")
                solara.Text(t("ws_building", lang), classes=["cs-ws-gap-text"])
        else:
            Presenter(live, lang, on_plan, plan_error)


@solara.component
def Layout(children=None):
    """No app bar or sidebar: the page has its own bar."""
    solara.Column(children=children or [], gap="0px", style={"padding": "0"})


page = Page()

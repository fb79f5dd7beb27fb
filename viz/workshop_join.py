"""The participants' join page (``/join``): type the code, answer the question, vote.

Opened on a phone or laptop on the same network as the facilitator's laptop (the
address ``carescape ui --host 0.0.0.0`` prints). The page talks only to its own server:
answers and votes go into the room (``viz.workshop_room``) that the presenter screen
shows live.
"""

from __future__ import annotations

import threading
import uuid

import solara

from viz import state
from viz.backend import css_name
from viz.components import LanguageSwitch
from viz.i18n import gap_text, money_mln, number, policy_label, t
from viz.workshop_plan import MONEY
from viz.workshop_room import DIRECTION_TEXT, DIRECTIONS, Room, find

POLL_SECONDS = 0.5

CSS = """
.cs-join { max-width: 560px; margin: 0 auto; padding: 16px; }
.cs-join-title { font-size: 22px; font-weight: 700; color: #12355b; }
.cs-join .v-btn { text-transform: none; font-size: 17px; letter-spacing: 0; }
.cs-join .v-btn.cs-ws-vote { height: auto !important; min-height: 40px; padding: 8px 12px; }
.cs-join .v-btn.cs-ws-vote .v-btn__content { white-space: normal; flex: 1 1 auto; }
.cs-ws-join-input input { font-size: 26px !important; letter-spacing: 4px;
                          text-transform: uppercase; }
.cs-join-question { font-size: 20px; font-weight: 600; color: #1f2933; line-height: 1.3; }
.cs-join-hint { font-size: 15px; color: #52606d; }
.cs-join-outcome { font-size: 19px; font-weight: 700; color: #0f7b6c; }
.cs-join-error { font-size: 15px; color: #b91c1c; }
.cs-join-card { background: white; border-radius: 8px; padding: 12px 14px;
                box-shadow: 0 1px 3px rgba(0,0,0,.1); }
"""


@solara.component
def Joined(room: Room, me: str, lang: str):
    """The open question and the votes of a joined participant."""
    version, set_version = solara.use_state(room.version)
    # read when "send" is clicked, not captured by the render that drew the button
    number_text = solara.use_reactive("")
    error, set_error = solara.use_state("")

    def poll(cancel: threading.Event) -> None:
        while not cancel.is_set():
            if room.version != version:
                set_version(room.version)
                return
            cancel.wait(POLL_SECONDS)

    solara.use_thread(poll, dependencies=[version])

    def send(value) -> None:
        try:
            room.guess(me, value)
        except ValueError:
            set_error(t("invalid_number", lang))
            return
        set_error("")
        set_version(room.version)  # show "your answer" now, not when the poll next looks

    def vote(name: str) -> None:
        room.vote(me, name)
        set_version(room.version)  # show the vote now

    solara.Text(t("ws_joined", lang, title=room.title), classes=["cs-join-title"])
    question = room.question
    with solara.Column(classes=["cs-join-card"], gap="10px"):
        if question is None:
            solara.Text(t("ws_wait_question", lang), classes=["cs-join-hint"])
        else:
            solara.Text(question.text(lang), classes=["cs-join-question"])
            mine = room.answers(question.id).get(me)
            if question.revealed:
                base, scen = question.outcome["baseline"], question.outcome["scenario"]
                if question.kind == "direction":
                    big, sentence = gap_text(question.indicator, base, scen, lang)
                    shown = f"{big} {sentence}"
                elif question.indicator in MONEY:
                    shown = money_mln(scen, lang)
                else:
                    shown = number(scen, lang)
                solara.Text(f"{t('ws_outcome', lang)}: {shown}", classes=["cs-join-outcome"])
            elif question.kind == "direction":
                with solara.Row(gap="8px"):
                    for key in DIRECTIONS:
                        solara.Button(
                            t(DIRECTION_TEXT[key], lang),
                            color="primary" if mine == key else None,
                            outlined=mine != key,
                            on_click=lambda key=key: send(key),
                            classes=["cs-ws-guess", f"cs-ws-guess-{key}"],
                        )
            else:
                with solara.Row(gap="8px", style={"align-items": "center"}):
                    # every keystroke reaches the server: the page redraws whenever the
                    # room changes, and a redraw resets the field to the value the server has
                    solara.InputText(
                        t("ws_number_guess", lang),
                        value=number_text,
                        continuous_update=True,
                        classes=["cs-ws-guess-number"],
                    )

                    def send_number() -> None:
                        cleaned = number_text.value.strip().replace(" ", "")
                        cleaned = (
                            cleaned.replace(".", "").replace(",", ".")
                            if lang == "nl"
                            else cleaned.replace(",", "")
                        )
                        send(cleaned)

                    solara.Button(
                        t("ws_send", lang),
                        color="primary",
                        on_click=send_number,
                        classes=["cs-ws-guess"],
                    )
            if mine is not None and not question.revealed:
                if mine in DIRECTION_TEXT:
                    shown = t(DIRECTION_TEXT[mine], lang)
                else:
                    shown = mine if isinstance(mine, str) else number(mine, lang)
                solara.Text(
                    t("ws_your_guess", lang, g=shown), classes=["cs-join-hint", "cs-join-mine"]
                )
            if error:
                solara.Text(error, classes=["cs-join-error"])
    if room.vote_options:
        with solara.Column(classes=["cs-join-card"], gap="8px"):
            solara.Text(t("ws_vote_for", lang), classes=["cs-join-question"])
            voted = room.votes.get(me)
            for name in room.vote_options:
                solara.Button(
                    policy_label(name, lang),
                    color="primary" if voted == name else None,
                    outlined=voted != name,
                    on_click=lambda name=name: vote(name),
                    classes=["cs-ws-vote", f"cs-ws-vote-{css_name(name)}"],
                )
            if voted:
                solara.Text(
                    t("ws_your_vote", lang, m=policy_label(voted, lang)),
                    classes=["cs-join-hint", "cs-join-voted"],
                )


@solara.component
def Page():
    """Type the code; once joined, the question and the votes."""
    lang = state.lang.value
    me = solara.use_memo(lambda: uuid.uuid4().hex[:10], [])
    code, set_code = solara.use_state("")
    room, set_room = solara.use_state(None)
    error, set_error = solara.use_state("")
    solara.Style(CSS)
    solara.Title(t("ws_join_title", lang))

    def join() -> None:
        found = find(code)
        if found is None:
            set_error(t("ws_join_unknown", lang, code=code.strip().upper()))
            return
        found.join(me)
        set_error("")
        set_room(found)

    with solara.Column(classes=["cs-join"], gap="14px"):
        with solara.Row(justify="space-between", style={"align-items": "center"}):
            solara.Text(t("ws_join_title", lang), classes=["cs-join-title"])
            LanguageSwitch("cs-join-lang")
        if room is None:
            solara.InputText(
                t("ws_join_code", lang),
                value=code,
                on_value=set_code,
                continuous_update=True,
                classes=["cs-ws-join-input"],
            )
            solara.Button(
                t("ws_join", lang), color="primary", on_click=join, classes=["cs-ws-join-button"]
            )
            if error:
                solara.Text(error, classes=["cs-join-error"])
        else:
            Joined(room, me, lang)


@solara.component
def Layout(children=None):
    """No app bar or sidebar."""
    solara.Column(
        children=children or [],
        gap="0px",
        style={"padding": "0", "background": "#f4f6f8", "min-height": "100vh"},
    )

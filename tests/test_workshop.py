"""The presenter screen without a browser: rendered with Solara's test renderer and clicked.

A small municipality (``workshop.RESIDENTS``) keeps it quick. The browser test
(``tests/test_workshop_browser.py``) covers the room, keys and screenshots.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from viz import state, workshop
from viz.workshop_room import find


def walk(widget):
    """The widget and its descendants."""
    yield widget
    for attr in ("children", "items"):
        for child in getattr(widget, attr, None) or []:
            if isinstance(child, ipywidgets.Widget):
                yield from walk(child)


def texts(root) -> str:
    """All plain strings under ``root``, joined."""
    return " | ".join(
        c for w in walk(root) for c in getattr(w, "children", []) or [] if isinstance(c, str)
    )


def by_class(root, cls: str, kind=v.Btn, seconds: float = 30):
    """The first ``kind`` widget carrying ``cls``, waiting for it to be rendered."""
    deadline = time.time() + seconds
    while True:
        found = [
            w
            for w in walk(root)
            if isinstance(w, kind) and cls in str(getattr(w, "class_", "") or "").split()
        ]
        if found:
            return found[0]
        assert time.time() < deadline, f"no {cls} on the page"
        time.sleep(0.1)


def wait_for(root, text: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while text not in texts(root):
        assert time.time() < deadline, f"{text!r} did not appear: {texts(root)[:400]}"
        time.sleep(0.1)


@pytest.fixture()
def presenter(monkeypatch):
    monkeypatch.setattr(workshop, "RESIDENTS", 4000)
    state.lang.value = "nl"
    box, rc = solara.render(workshop.Layout(children=[workshop.Page()]), handle_error=False)
    wait_for(box, "nog niet gestart")
    yield box
    rc.close()
    state.lang.value = "nl"


def test_a_question_is_asked_the_month_steps_and_the_reveal_shows_the_room(presenter):
    box = presenter
    shown = texts(box)
    assert "De voordeur onder druk" in shown and "Vraag 1 van 3" in shown
    code = shown.split("Doe mee: /join · code | ")[1].split(" |")[0]
    room = find(code)
    assert room is not None and len(code) == 4, "the join code on the screen opens the room"
    by_class(box, "cs-ws-ask").click()
    room.join("a")
    room.join("b")
    room.guess("a", "12")
    room.guess("b", 30)
    room.vote("a", "hh_norm")
    by_class(box, "cs-ws-step").click()
    wait_for(box, "maand 1 van 60")
    wait_for(box, "2 antwoorden · 2 deelnemers")  # the room's answers arrive live
    wait_for(box, "Normenkader hulp bij het huishouden: 1")
    assert by_class(box, "cs-ws-reveal").disabled, "no reveal before the round's 12 months ran"
    assert "speelt tot maand 12, dan onthullen" in texts(box)
    for month in range(2, 13):
        by_class(box, "cs-ws-step").click()
        wait_for(box, f"maand {month} van 60")
    by_class(box, "cs-ws-reveal").click()
    wait_for(box, "De zaal dacht: mediaan 21 (12 – 30)")
    assert "Uitkomst van het model" in texts(box)
    state.lang.value = "en"
    wait_for(box, "month 12 of 60")
    assert "The room guessed: median 21 (12 – 30)" in texts(box)


def test_a_measure_switched_shows_the_gap_in_words(presenter):
    box = presenter
    tabs = [w for w in walk(box) if isinstance(w, v.BtnToggle)]
    tabs = [w for w in tabs if "Maatregelen" in texts(w)][0]
    tabs.v_model = 1  # the measures panel
    by_class(box, "cs-policy-case-management", v.Switch).v_model = True
    for month in (1, 2, 3):
        by_class(box, "cs-ws-step").click()
        wait_for(box, f"maand {month} van 60")
    wait_for(box, "zonder maatregelen | met ")  # the gap sentence replaces the hint
    gap = by_class(box, "cs-ws-gap", v.Html)
    assert gap.children[0] != "–", "a big gap number once a measure is on"
    assert "Wachtlijst toegang" in texts(box), "the plan's focus indicator"


def test_the_workshop_and_join_are_routes_and_the_cli_prints_both(capsys, monkeypatch, tmp_path):
    from experiments import cli as carescape_cli
    from tests.helpers import declared_commands
    from viz import app, cli, workshop_join

    monkeypatch.setattr(carescape_cli, "entry_points", lambda group: declared_commands())
    paths = {route.path: route.component for route in app.routes}
    from viz import sweep_explorer

    assert paths == {
        "/": app.Page,
        "workshop": workshop.Page,
        "join": workshop_join.Page,
        "sweeps": sweep_explorer.Page,
    }
    args = carescape_cli.build_parser().parse_args(["ui", "--workshop", "--port", "9999"])
    monkeypatch.setattr(cli, "run_child", lambda *a, **k: 0)  # no server
    (tmp_path / "requirejs@2.3.6").mkdir()
    monkeypatch.setattr(cli, "cdn_folder", lambda: tmp_path)
    assert cli.cmd_ui(args) == 0
    out = capsys.readouterr().out
    assert "http://127.0.0.1:9999/workshop" in out and "http://127.0.0.1:9999/join" in out
    assert "--host 0.0.0.0" in out, "the facilitator is told how to let the room join"
    assert args.host == "127.0.0.1", "by default only this computer"
    monkeypatch.setattr(cli, "lan_address", lambda: "192.168.1.20")
    assert cli.shown_host("0.0.0.0") == "192.168.1.20"
    assert cli.server_env("http://192.168.1.20:9999/join")["CARESCAPE_JOIN_URL"].endswith("/join")

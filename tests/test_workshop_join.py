"""The participants' join page without a browser: what a participant types survives the room.

The join page redraws whenever the room changes (someone joins, answers or votes). A
redraw sets every property of the page's widgets again, so a text field whose value
reached the server only on leaving the field lost a guess typed just before another
participant joined: the browser test saw that as an answer that never arrived.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import solara

from tests.test_workshop import by_class, wait_for
from viz import workshop_join
from viz.workshop_room import close, open_room


def test_a_typed_guess_survives_a_redraw_before_it_is_sent():
    room = open_room("De voordeur onder druk")
    room.ask("Hoe lang is de wachtlijst?", "How long is the waiting list?", "number", "x")
    room.join("me")
    box, rc = solara.render(workshop_join.Joined(room, "me", "nl"), handle_error=False)
    try:
        field = by_class(box, "cs-ws-guess-number", v.TextField)
        field.v_model = "1.200"  # the browser syncs what the participant typed
        room.join("someone else")  # the room changes before the participant clicks Send
        time.sleep(3 * workshop_join.POLL_SECONDS)  # the page has polled and redrawn
        shown = by_class(box, "cs-ws-guess-number", v.TextField).v_model
        assert shown == "1.200", "the redraw wiped the typed guess"
        by_class(box, "cs-ws-guess").click()
        wait_for(box, "Jouw antwoord: 1.200")
        assert room.answers() == {"me": 1200.0}
    finally:
        rc.close()
        close(room.code)

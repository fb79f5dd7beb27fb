"""The workshop in a real browser (Debian's chromium via playwright), offline, with a room.

Started as a facilitator starts it (``carescape ui``): the presenter screen at 1280x720,
two participants on ``/join`` typing the code. They answer and vote; the presenter sees
it live, steps with the keyboard, reveals, switches a measure mid-run, rewinds and takes
another branch, switches language and exports the session. Every request stays on
127.0.0.1, none fails, the console shows no errors. Screenshots go to
``results/screenshots/workshop-*.png`` for a person to look at.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

# the server (``carescape ui`` on a free port), the browser and the request recorder are
# the what-if app's; pytest finds the fixtures by their names in this module
from tests.test_ui_browser import SHOTS, Watch, chromium_browser, server  # noqa: F401
from viz.i18n import policy_label

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MONTH = ".cs-ws-month"


def participant(browser, server, code: str):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(server + "join")
    page.wait_for_selector(".cs-ws-join-input input", timeout=60_000)
    page.fill(".cs-ws-join-input input", code.lower())
    page.click(".cs-ws-join-button")
    page.wait_for_selector("text=Je doet mee aan: De voordeur onder druk")
    return context, page, watch


def pick(page, select: str, text: str) -> None:
    """Choose an item of a Vuetify select by its exact text."""
    page.click(f"{select} .v-select__slot")
    item = page.locator(".menuable__content__active .v-list-item").filter(
        has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")
    )
    item.first.click()


def english_fragments() -> set[str]:
    """Whole English labels of the workshop that differ from their Dutch text."""
    from viz.i18n import TEXT

    found = set()
    for key, (nl, en) in TEXT.items():
        if key.startswith("ws_") and en != nl:
            for part in re.split(r"\{[^}]*\}", en):
                part = part.strip(" :·,.()")
                if len(part) >= 8 and part not in nl:
                    found.add(part)
    return found


def assert_dutch(page) -> None:
    """No English label of the workshop and no registry key (snake_case) on the screen."""
    shown = page.inner_text("body")
    english = sorted(p for p in english_fragments() if p in shown)
    assert not english, f"English on the Dutch screen: {english}"
    keys = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", shown)))
    assert not keys, f"registry keys on the screen: {keys}"


def rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    """An English session CSV's rows by the technical names (its second header row)."""
    lines = archive.read(name).decode("utf-8-sig").splitlines()[1:]  # past the labels
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_a_session_with_two_participants_offline(chromium_browser, server):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(server + "workshop")
    page.wait_for_selector(".cs-ws-step", timeout=120_000)
    code = page.text_content(".cs-ws-join-code").strip()
    assert re.fullmatch(r"[A-Z2-9]{4}", code), f"a short join code: {code!r}"
    page.screenshot(path=SHOTS / "workshop-1-start.png")

    # two participants join with the code, answer the first question and vote
    page.click(".cs-ws-ask")
    people = [participant(chromium_browser, server, code) for _ in range(2)]
    for (_, joined, _), guess, vote in zip(
        people, ("150", "1.200"), ("case-management", "hh-norm"), strict=True
    ):
        joined.wait_for_selector(".cs-ws-guess-number input")
        joined.fill(".cs-ws-guess-number input", guess)
        joined.click("button.cs-ws-guess")
        try:
            joined.wait_for_selector(".cs-join-mine", timeout=60_000)
        except Exception:
            joined.screenshot(path=SHOTS / "workshop-debug-participant.png")
            raise
        joined.click(f".cs-ws-vote-{vote}")
        joined.wait_for_selector(".cs-join-voted", timeout=60_000)
    page.wait_for_selector(".cs-ws-answers:has-text('2 antwoorden · 2 deelnemers')")
    page.wait_for_selector(".cs-ws-tally-hh-norm:has-text(': 1')")
    people[0][1].screenshot(path=SHOTS / "workshop-2-participant.png")

    # keys: arrow right = one month (three times); R does nothing before the round's
    # twelve months ran; space plays them and stops at month 12; then R reveals
    page.click(".cs-ws-plan-title")  # focus on the page, not a field
    for month in (1, 2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_selector(f"{MONTH}:has-text('maand {month} van 60')")
    page.keyboard.press("r")
    assert page.is_disabled(".cs-ws-reveal"), "no reveal before the model ran the round"
    assert page.locator(".cs-ws-guessed").count() == 0
    page.keyboard.press("Space")
    page.wait_for_selector(f"{MONTH}:has-text('maand 12 van 60')", timeout=60_000)
    page.wait_for_selector(".cs-ws-play:has-text('Afspelen')")  # paused for the reveal
    page.keyboard.press("r")
    page.wait_for_selector(".cs-ws-guessed:has-text('mediaan 675 (150 – 1.200)')")
    assert_dutch(page)
    for _, joined, _ in people:
        joined.wait_for_selector(".cs-join-outcome")
    page.screenshot(path=SHOTS / "workshop-3-revealed.png")

    # a measure switched on in month 12; three more months
    page.click(".cs-ws-tab-measures")
    page.click(".cs-policy-case-management .v-input--selection-controls__ripple")
    for month in (13, 14, 15):
        page.click(".cs-ws-step")
        page.wait_for_selector(f"{MONTH}:has-text('maand {month} van 60')")
    page.wait_for_selector(".cs-ws-gap-text:has-text('zonder maatregelen')")

    assert_dutch(page)
    page.screenshot(path=SHOTS / "workshop-4-measure.png")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.screenshot(path=SHOTS / "workshop-4-measure-1920.png")
    page.set_viewport_size({"width": 1280, "height": 720})

    # back to month 13 and another choice: a second branch, the first kept
    pick(page, ".cs-ws-rewind", "13")
    page.wait_for_selector(f"{MONTH}:has-text('maand 13 van 60')")
    page.click(".cs-policy-hh-norm .v-input--selection-controls__ripple")
    page.wait_for_selector(".cs-ws-branch")
    page.click(".cs-ws-step")
    page.wait_for_selector(f"{MONTH}:has-text('maand 14 van 60')")

    # space plays until paused
    page.click(".cs-ws-plan-title")
    page.keyboard.press("Space")
    page.wait_for_selector(f"{MONTH}:has-text('maand 16 van 60')", timeout=30_000)
    page.keyboard.press("Space")
    page.wait_for_selector(".cs-ws-play:has-text('Afspelen')")
    page.click(".cs-ws-tab-stories")
    page.wait_for_selector(".cs-ws-story-name")
    page.screenshot(path=SHOTS / "workshop-5-stories.png")

    # English
    page.click(".cs-ws-lang button:has-text('EN')")
    page.wait_for_selector(f"{MONTH}:has-text('month')")
    page.click(".cs-ws-tab-room")
    page.wait_for_selector(".cs-ws-guessed:has-text('median 675 (150 – 1,200)')")
    page.screenshot(path=SHOTS / "workshop-6-english.png")

    # the session as a ZIP: the switch acts from month 4 on and not before
    page.click(".cs-ws-tab-session")
    with page.expect_download() as download:
        page.click(".cs-ws-export")
    archive = zipfile.ZipFile(download.value.path())
    timeline = rows(archive, "timeline.csv")
    first = [r for r in timeline if r["branch"] == "1"]
    for r in first[:12]:
        assert r["cost_all_eur_with"] == r["cost_all_eur_without"], f"before the switch: {r}"
    for r in first[12:15]:
        assert float(r["cost_all_eur_with"]) > float(r["cost_all_eur_without"]), r["month"]
    assert {r["branch"] for r in timeline} == {"1", "2"}, "both branches exported"
    notes = {(n["branch"], n["from_month"], n["measure"]) for n in rows(archive, "annotations.csv")}
    assert ("1", "13", policy_label("case_management", "en")) in notes, notes
    assert ("2", "14", policy_label("hh_norm", "en")) in notes, notes
    assert sorted(float(r["guess"]) for r in rows(archive, "guesses.csv")) == [150.0, 1200.0]
    assert len(rows(archive, "votes.csv")) == 2
    assert archive.read("charts/waiting_access.png").startswith(b"\x89PNG")

    watch.check()
    for joined_context, _, joined_watch in people:
        joined_watch.check()
        joined_context.close()
    context.close()

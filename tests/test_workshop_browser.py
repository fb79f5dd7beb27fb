"""The workshop page in a real browser (Debian's chromium via playwright), offline.

Started as a facilitator starts it: ``carescape ui``, then the link in the what-if app's
header. The same rules as the what-if app's browser test: every request goes to the
app's own address and none fails, and the console shows no errors. Screenshots go to
``results/screenshots/workshop-*.png`` for a person to look at, the time per month to
``results/screenshots/workshop-timing.txt``.
"""

from __future__ import annotations

import time

import pytest

# the server (``carescape ui`` on a free port), the browser and the request recorder are
# the what-if app's; pytest finds the fixtures by their names in this module
from tests.test_ui_browser import SHOTS, Watch, chromium_browser, server  # noqa: F401

pytestmark = pytest.mark.browser

MONTH_TEXT = "document.querySelector('.cs-ws-month')?.textContent || ''"


@pytest.fixture()
def workshop_page(chromium_browser, server):  # noqa: F811 - the imported fixtures
    """The what-if app, then its link to the workshop page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium_browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    watch = Watch(page, server)
    page.goto(server)
    page.wait_for_selector(".cs-run", timeout=60_000)
    page.click(".cs-to-workshop")
    page.wait_for_selector(".cs-ws-status", timeout=60_000)
    page.wait_for_selector(".cs-chart-wellbeing img", timeout=30_000)
    yield page, watch
    context.close()


def month(page) -> int:
    """The month the status strip shows (0 before the first step)."""
    text = page.evaluate(MONTH_TEXT)
    words = text.split()
    return int(words[1]) if len(words) > 1 and words[1].isdigit() else 0


def wait_for_month(page, at_least: int, timeout_ms: int = 60_000) -> None:
    page.wait_for_function(
        f"parseInt(({MONTH_TEXT}).split(' ')[1] || '0') >= {at_least}", timeout=timeout_ms
    )


def picture(page, key: str) -> str:
    """The address of a chart's current picture (a new one after every redraw)."""
    return page.get_attribute(f".cs-chart-{key} img", "src") or ""


def play_until(page, at_least: int, timeout_ms: int = 120_000) -> float:
    """Press Mesa's play, wait for the month, pause; seconds per month while playing."""
    first = month(page)
    started = time.perf_counter()
    page.click("button:has-text('▶')")
    wait_for_month(page, at_least, timeout_ms)
    seconds = time.perf_counter() - started
    last = month(page)
    page.click("button:has-text('❚❚')")
    page.wait_for_selector("button:has-text('▶')")
    return seconds / max(last - first, 1)


def tall(page) -> None:
    """A viewport that shows the whole grid (the layout scrolls inside, not the page)."""
    page.set_viewport_size({"width": 1440, "height": 1760})
    page.wait_for_timeout(600)


def test_step_play_switch_and_reset_offline(workshop_page):
    page, watch = workshop_page
    assert page.url.endswith("/workshop"), f"the link leads to the workshop page: {page.url}"
    assert "nog niet gestart" in page.text_content(".cs-ws-status"), "not started yet"
    page.screenshot(path=SHOTS / "workshop-1-start.png")

    # Mesa's Step: one month per click, every chart redrawn
    before = {key: picture(page, key) for key in ("use", "money", "wellbeing")}
    page.click("button:has-text('Step')")
    wait_for_month(page, 1)
    page.click("button:has-text('Step')")
    wait_for_month(page, 2)
    assert month(page) == 2, f"two clicks, two months: {page.evaluate(MONTH_TEXT)}"
    after = {key: picture(page, key) for key in before}
    assert all(after[k] != before[k] for k in before), "the charts are redrawn after a step"

    # Mesa's play runs on until paused
    per_month = play_until(page, 8)
    assert month(page) >= 8, "play advances month after month"
    page.screenshot(path=SHOTS / "workshop-2-playing.png")

    # a measure on, Reset: a new municipality with the measure, back at the start
    for label in ("POH-GGZ", "Normenkader"):
        page.click(f".v-input--checkbox:has-text('{label}') .v-input--selection-controls__ripple")
    page.click("button:has-text('Reset')")
    page.wait_for_selector(".cs-ws-on:has-text('POH-GGZ')")
    page.wait_for_selector(".cs-ws-month:has-text('nog niet gestart')")
    page.wait_for_selector(".cs-ws-measures:has-text('Normenkader hulp bij het huishouden')")
    assert page.locator(".cs-ws-band").is_visible(), "the strip explains the blue band"
    per_month_measures = play_until(page, 30, timeout_ms=180_000)
    tall(page)
    page.screenshot(path=SHOTS / "workshop-3-measures-on.png")

    # English, as in the what-if app
    page.click(".cs-ws-lang button:has-text('EN')")
    page.wait_for_selector(".cs-ws-month:has-text('month')")
    page.wait_for_selector(".cs-ws-on:has-text('Measures: POH-GGZ youth')")
    page.wait_for_timeout(1500)  # the charts redraw with English labels
    page.screenshot(path=SHOTS / "workshop-4-english.png")
    report = (
        f"workshop page, 20,000 residents: {per_month:.2f} s per month while playing "
        f"(no measures), {per_month_measures:.2f} s with two measures; Mesa's play "
        f"interval (100 ms) included\n"
    )
    (SHOTS / "workshop-timing.txt").write_text(report, encoding="utf-8")
    print(report)

    # and back to the what-if app, in the same language
    page.click(".cs-ws-to-app")
    page.wait_for_selector(".cs-run:has-text('Run')")
    watch.check()

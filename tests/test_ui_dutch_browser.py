"""In real chromium: a profile with several mistakes lists them all in Dutch and blocks the run.

Before issue 13 only the first problem was shown, in English, and Doorrekenen ran the
built-in default with the red error still on screen.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_ui_browser import (  # noqa: F401 - fixtures
    SHOTS,
    _file,
    chromium_browser,
    opened_page,
    run_and_wait,
    server,
    small_municipality,
    switch_on,
)
from tests.test_ui_dutch import assert_dutch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BAD_PROFILE = b"""[profile]
name = "Testdorp"
colour = "blauw"

[population]
residents = 50
recidents = 40000

[access]
fte_per_10000 = "veel"
"""


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)])
def test_a_bad_profile_lists_all_its_problems_in_dutch_and_blocks_the_run(
    chromium_browser,  # noqa: F811
    server,  # noqa: F811
    size,
):
    width, height = size
    with opened_page(chromium_browser, server, width, height, ".cs-run") as (page, watch):
        switch_on(page, "poh-ggz")  # a measure: only the profile can block the run
        expect(page.locator(".cs-run")).to_be_enabled()
        upload = ".cs-profile-upload input[type=file]"
        page.set_input_files(upload, files=[_file("testdorp.toml", BAD_PROFILE)])
        error = page.locator(".cs-profile-error")
        expect(error).to_contain_text("4 problemen in testdorp.toml")
        problems = [p.strip() for p in error.locator(".cs-upload-problem").all_text_contents()]
        assert len(problems) == 4, problems
        text = "\n".join(problems)
        for expected in (
            "profile.colour = 'blauw': niet toegestaan in [profile]",  # the unknown key
            "population.residents = 50: buiten bereik; toegestaan: 1.000 tot en met 2.000.000",
            "population.recidents = 40.000: deze instelling bestaat niet (bedoelt u "
            "population.residents",
            "access.fte_per_10000 = 'veel': geen getal",
        ):
            assert expected in text, f"{expected!r} not in {text}"
        for english in ("not allowed", "out of range", "did you mean", "is not a"):
            assert english not in text, f"English in the Dutch errors: {text}"
        expect(page.locator(".cs-run")).to_be_disabled()
        expect(page.locator(".cs-run-blocked")).to_contain_text("gemeenteprofiel is afgekeurd")
        page.locator(".cs-profile-error").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"h13-bad-profile-{width}.png")

        # removing the upload frees the run (the built-in municipality is used again)
        page.click(".cs-profile-error-remove")
        expect(page.locator(".cs-profile-error")).to_have_count(0)
        expect(page.locator(".cs-run")).to_be_enabled()
        watch.check()


def test_the_run_card_covers_no_switch(chromium_browser, server):  # noqa: F811
    """Every measure's switch takes a click at 1280x720 (the sticky card once swallowed one)."""
    from model.policies import CATALOGUE
    from viz.backend import css_name

    with opened_page(chromium_browser, server, 1280, 720, ".cs-run") as (page, watch):
        for name in CATALOGUE:
            switch_on(page, css_name(name))  # a covered switch fails: another element gets it
        scroll = page.locator(".cs-controls-scroll").bounding_box()
        card = page.locator(".cs-run-card").bounding_box()
        assert card["y"] >= scroll["y"] + scroll["height"] - 1, (scroll, card)
        assert card["y"] + card["height"] <= 720 + 1, f"the run card is on screen: {card}"
        page.screenshot(path=SHOTS / "h13-all-measures-1280.png")
        watch.check()


def test_every_tab_of_the_dutch_page_in_chromium_has_no_english_and_no_keys(
    chromium_browser,  # noqa: F811
    server,  # noqa: F811
):
    """What the browser shows (not what the widgets hold): every measure on, a run, each tab."""
    from model.policies import CATALOGUE
    from viz.backend import css_name

    with opened_page(chromium_browser, server, 1440, 900, ".cs-run") as (page, watch):
        for name in CATALOGUE:
            switch_on(page, css_name(name))
        small_municipality(page)
        run_and_wait(page)
        tabs = page.locator(".cs-tabs .v-tab")
        assert tabs.count() >= 8, f"the results' tabs: {tabs.count()}"
        for i in range(tabs.count()):
            tab = tabs.nth(i)
            tab.click()
            page.wait_for_timeout(1500)  # the tab's charts and tables render
            lines = [line.strip() for line in page.inner_text("body").split("\n")]
            assert_dutch([line for line in lines if line], f"tab {tab.inner_text()!r}")
        page.screenshot(path=SHOTS / "h13-dutch-last-tab-1440.png", full_page=True)
        watch.check()

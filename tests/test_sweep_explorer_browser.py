"""The sweep explorer (/sweeps) in real chromium, offline: pick a sweep, an output, a factor.

A tiny sweep is made in a temporary folder and named to ``carescape ui`` through
``CARESCAPE_SWEEPS``; the page must list it, show main effects and contrasts for the
chosen output and factor, speak Dutch without English or keys, say clearly when a folder
is no sweep, send no request beyond 127.0.0.1 and log no console error.
"""

from __future__ import annotations

import contextlib

import pytest

from tests.test_sweep_explorer import grid_spec, make_sweep
from tests.test_ui_browser import (  # noqa: F401 - fixtures
    SHOTS,
    Watch,
    chromium_browser,
    opened_page,
    ui_server,
)
from tests.test_ui_dutch import assert_dutch
from viz.sweep_explorer_data import SWEEPS_ENV

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """A folder holding one tiny sweep, and the server that is told about it."""
    root = tmp_path_factory.mktemp("sweeps")
    make_sweep(root / "verkenner", grid_spec())
    with ui_server({SWEEPS_ENV: str(root)}) as url:
        yield url, root / "verkenner"


@contextlib.contextmanager
def sweeps_page(browser, url: str):
    """/sweeps at 1440x900, watched against the server's own address (not /sweeps)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, url)
    page.goto(url + "sweeps")
    page.wait_for_selector(".cs-sweep-folder", timeout=60_000)
    try:
        yield page, watch
    finally:
        context.close()


def choose(page, css: str, text: str) -> None:
    """Open the dropdown ``css`` and click the item reading ``text``."""
    page.click(f"{css} .v-select__slot")
    page.locator(".menuable__content__active .v-list-item", has_text=text).first.click()
    page.wait_for_selector(f"{css} .v-select__selection:has-text('{text}')")


def test_a_researcher_reads_main_effects_and_contrasts_in_english_and_dutch(
    chromium_browser,  # noqa: F811
    sweeps,
):
    url, folder = sweeps
    with sweeps_page(chromium_browser, url) as (page, watch):
        page.locator(".cs-lang button", has_text="EN").click()
        choose(page, ".cs-sx-found", str(folder))
        choose(page, ".cs-sweep-output", "Net cost including the measures")
        choose(page, ".cs-sweep-factor", "Adult needs: help seeking")
        page.wait_for_selector(".cs-sweep-main-effects img", timeout=60_000)
        page.wait_for_selector(".cs-sweep-contrasts img", timeout=60_000)
        main = page.inner_text(".cs-sweep-main-effects")
        assert "0.12" in main and "0.24" in main, f"both help-seeking levels: {main}"
        contrasts = page.inner_text(".cs-sweep-contrasts")
        assert "casemanagement minus referentie" in contrasts, contrasts
        assert "grid design gives no Sobol" in page.inner_text(".cs-sweep-sensitivity")
        page.screenshot(path=SHOTS / "h15-sweeps-en-1440.png", full_page=True)
        with page.expect_download() as download:
            page.click(".cs-sx-download-main-effects")
        svg = download.value.path().read_text(encoding="utf-8")
        assert "Main effects on" in svg, "the figure of carescape analyze downloads"

        page.locator(".cs-lang button", has_text="NL").click()
        page.wait_for_selector(".cs-sweep-main-effects:has-text('Hoofdeffecten')")
        choose(page, ".cs-sweep-factor", "POH-GGZ jeugd")
        page.wait_for_selector(".cs-sx-main-table:has-text('aan')", timeout=60_000)
        page.wait_for_timeout(1000)
        lines = [line.strip() for line in page.inner_text("body").split("\n")]
        lines = [line for line in lines if line and str(folder) not in line]
        assert_dutch(lines, "the sweep explorer")
        assert "0,12" not in page.inner_text(".cs-sx-main-table"), "the factor switched"
        page.screenshot(path=SHOTS / "h15-sweeps-nl-1440.png", full_page=True)
        watch.check()


def test_a_folder_that_is_no_sweep_is_named_and_the_page_stays(
    chromium_browser,  # noqa: F811
    sweeps,
    tmp_path,
):
    url, folder = sweeps
    with sweeps_page(chromium_browser, url) as (page, watch):
        page.locator(".cs-lang button", has_text="NL").click()
        page.fill(".cs-sx-path-input input", str(tmp_path))
        page.click(".cs-sx-open")
        error = page.wait_for_selector(".cs-sx-error", timeout=30_000).inner_text()
        assert str(tmp_path) in error and "sweep.json ontbreekt" in error, error
        page.screenshot(path=SHOTS / "h15-sweeps-error-nl-1440.png", full_page=True)
        page.fill(".cs-sx-path-input input", str(folder))
        page.click(".cs-sx-open")
        page.wait_for_selector(".cs-sweep-main-effects img", timeout=60_000)
        watch.check()


def test_the_app_links_to_the_explorer(chromium_browser, sweeps):  # noqa: F811
    url, _ = sweeps
    with opened_page(chromium_browser, url, 1440, 900, ".cs-to-sweeps") as (page, watch):
        page.click(".cs-to-sweeps")
        page.wait_for_selector(".cs-sweep-explorer", timeout=30_000)
        watch.check()

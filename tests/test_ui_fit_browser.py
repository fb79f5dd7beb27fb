"""Your own municipality in a real browser: figures upload, the fit, a what-if on the result.

The server is started with a tiny fit (``CARESCAPE_UI_FIT_*``: 6 trials of 3,000
residents over 2 years) so the whole path takes seconds. Screenshots at 1280x720 in
Dutch and English go to ``results/screenshots/fit-*.png`` for a person to look at.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from experiments import figures
from tests.test_ui_browser import (  # noqa: F401 - chromium_browser is a fixture
    SHOTS,
    Watch,
    chromium_browser,
    download,
    opened_page,
    run_and_wait,
    small_municipality,
    switch_on,
    ui_server,
)
from tests.test_ui_fit import bad_figures, filled

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TINY_FIT = {
    "CARESCAPE_UI_FIT_TRIALS": "6",
    "CARESCAPE_UI_FIT_RESIDENTS": "3000",
    "CARESCAPE_UI_FIT_YEARS": "2",
}


@pytest.fixture(scope="module")
def fit_server():
    with ui_server(TINY_FIT) as url:
        yield url


@pytest.fixture()
def fit_page(chromium_browser, fit_server):  # noqa: F811 - the imported fixture
    with opened_page(chromium_browser, fit_server, 1280, 720, ".cs-figures-upload") as opened:
        yield opened


def _upload(page, name: str, data: bytes) -> None:
    page.set_input_files(
        ".cs-figures-upload input[type=file]",
        files=[{"name": name, "mimeType": "text/plain", "buffer": data}],
    )


def _shot(page, css: str, name: str) -> None:
    page.locator(css).scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / name)


def test_bad_figures_show_every_problem_in_dutch_and_start_nothing(fit_page):
    page, watch = fit_page
    _upload(page, "bad.toml", bad_figures())
    page.wait_for_selector(".cs-figures-error")
    expect(page.locator(".cs-figure-problem")).to_have_count(5)
    error = page.text_content(".cs-figures-error")
    assert "5 problemen in de cijfers; er is niets gestart" in error
    assert "tellen op tot 55.000, niet tot municipality.residents = 45.000" in error
    assert "wmo.hh_per_1000 (per 1.000 inwoners) = 150 betekent 6.750 cliënten" in error
    assert "negatief; toegestaan: een getal ≥ 0" in error
    assert "population." not in error and "allowed" not in error, error
    expect(page.locator(".cs-fit-start")).to_have_count(0)
    _shot(page, ".cs-figures-error", "fit-1-bad-figures-nl.png")
    page.click(".cs-lang button:has-text('EN')")
    page.wait_for_selector(".cs-figures-error:has-text('5 problems in the figures')")
    assert "allowed: a number ≥ 0" in page.text_content(".cs-figures-error")
    _shot(page, ".cs-figures-error", "fit-1-bad-figures-en.png")
    watch.check()


def _template(page) -> tuple[str, bytes]:
    """The CSV template the page offers: its file name and its bytes."""
    with page.expect_download() as info:
        page.click(".cs-template-template-csv")
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_the_dutch_csv_template_fills_in_and_a_wrong_header_is_said_in_dutch(fit_page):
    page, watch = fit_page
    name, data = _template(page)
    text = data.decode("utf-8-sig")
    assert name == "sjabloon-cijfers.csv", name
    assert text.startswith("sectie;sleutel;waarde;eenheid;bron\n"), text[:80]
    assert "inwoners op 1 januari;CBS StatLine 03759ned" in text and "your " not in text
    values = figures.read_figures(figures.figures_folder() / "default.toml")
    _upload(page, name, filled(data, values, dutch=True))
    page.wait_for_selector(".cs-figures-ok:has-text('cijfers in orde')")
    _upload(page, "testdorp.csv", b"naam;aantal\nTestdorp;3000\n")
    page.wait_for_selector(".cs-figures-error")
    error = page.text_content(".cs-figures-error")
    assert "de eerste regel moet de kopregel zijn met de kolommen sectie, sleutel" in error
    assert "gevonden: 'naam, aantal'" in error and "[" not in error and "got" not in error
    _shot(page, ".cs-figures-error", "fit-0-wrong-header-nl.png")
    page.click(".cs-lang button:has-text('EN')")
    page.wait_for_selector(".cs-figures-error:has-text('the first row must be the header')")
    name, data = _template(page)
    assert name == "template.csv" and data.startswith(b"section,key,value,unit,source\n")
    watch.check()


def test_upload_figures_fit_pick_and_run_a_what_if(fit_page):
    page, watch = fit_page
    default = (figures.figures_folder() / "default.toml").read_bytes()
    _upload(page, "default.toml", default)
    page.wait_for_selector(".cs-figures-ok:has-text('cijfers in orde')")
    assert "afstellen gebeurt op 3.000" in page.text_content(".cs-fit-smaller")
    settings = page.text_content(".cs-fit-settings")
    assert "6 proeven × 2 toevalsreeksen × 2 jaar op 3.000 inwoners" in settings, settings
    _shot(page, ".cs-fit-start", "fit-2-ready-nl.png")
    page.click(".cs-fit-start")
    page.wait_for_selector(".cs-fit-progress-text:has-text('van 6')", timeout=60_000)
    progress = page.text_content(".cs-fit-progress-text")
    assert "beste verlies tot nu toe" in progress and "nog ca." in progress, progress
    _shot(page, ".cs-fit-progress", "fit-3-progress-nl.png")
    page.wait_for_selector(".cs-fit-within", timeout=180_000)
    done = page.text_content(".cs-fit-done")
    assert "is afgesteld in" in done and "(6 proeven)" in done, done
    assert page.text_content(".cs-fit-within").startswith("Eigen cijfers binnen de marge:")
    _shot(page, ".cs-fit-download", "fit-4-done-nl.png")
    archive = zipfile.ZipFile(io.BytesIO(download(page, ".cs-fit-download")))
    assert sorted(archive.namelist()) == ["default/profile.targets.toml", "default/profile.toml"]
    assert b"[calibration]" in archive.read("default/profile.toml")
    assert "eigen cijfers" in page.text_content(".cs-preset"), "picked in the municipality list"

    # a what-if on the fitted municipality
    switch_on(page, "poh-ggz")
    small_municipality(page)
    run_and_wait(page)
    assert "default" in page.text_content(".cs-main .cs-summary"), "the fitted municipality ran"
    page.screenshot(path=SHOTS / "fit-5-what-if-nl.png")
    page.click(".cs-lang button:has-text('EN')")
    page.wait_for_selector(".cs-fit-within:has-text('Own figures within their band')")
    assert "own figures" in page.text_content(".cs-preset")
    _shot(page, ".cs-fit-download", "fit-6-done-en.png")
    watch.check()

"""The sweep explorer in Dutch names registry factors and schema outputs in Dutch (chromium).

A tiny sweep varies two registry parameters and records outputs that had no Dutch name
before (IV3 taakvelden, access-team time, months to a start); in Dutch mode the page's
dropdowns must list each by its Dutch label, never a key or the English schema label.
"""

from __future__ import annotations

import pytest

from model.params import REGISTRY
from model.results import OUTCOMES
from tests.test_sweep_explorer import make_sweep
from tests.test_sweep_explorer_browser import choose, sweeps_page
from tests.test_ui_browser import SHOTS, chromium_browser, ui_server  # noqa: F401 - fixtures
from tests.test_ui_dutch import assert_dutch
from viz.sweep_explorer_data import SWEEPS_ENV, open_sweep
from viz.sweep_explorer_text import SECTION_NL, output_title

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FTE, HELP = "access.fte_per_10000", "adult_needs.help_seeking"
OUTPUTS = ["spend_iv3_671_eur", "access_time_reviews", "hh_start_wait_months", "youth_ended"]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """A folder with one sweep over two registry parameters, and the server told about it."""
    root = tmp_path_factory.mktemp("labels")
    folder = root / "registerfactoren"
    spec = {
        "sweep": {
            "name": "registerfactoren",
            "years": 2,
            "seeds": [1, 2],
            "outputs": OUTPUTS,
            "constants": {"population.residents": 3000},
            "vary": [{"path": FTE, "values": [5.0, 9.0]}, {"path": HELP, "values": [0.12, 0.24]}],
        }
    }
    make_sweep(folder, spec)
    with ui_server({SWEEPS_ENV: str(root)}) as url:
        yield url, folder


def listed(page, css: str) -> list[str]:
    """The texts of the dropdown ``css`` (opened, read, closed)."""
    page.click(f"{css} .v-select__slot")
    items = page.locator(".menuable__content__active .v-list-item")
    items.first.wait_for()
    texts = [text.strip() for text in items.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def dutch_factor(path: str) -> str:
    return f"{SECTION_NL[path.split('.')[0]]}: {REGISTRY[path].label_nl}"


def test_dutch_dropdowns_name_registry_factors_and_outputs_in_dutch(
    chromium_browser,  # noqa: F811
    labelled,
):
    url, folder = labelled
    sweep = open_sweep(folder)
    with sweeps_page(chromium_browser, url) as (page, watch):
        page.locator(".cs-lang button", has_text="NL").click()
        choose(page, ".cs-sx-found", str(folder))
        page.wait_for_selector(".cs-sweep-output")
        outputs = listed(page, ".cs-sweep-output")
        assert outputs == [output_title(n, sweep, "nl") for n in OUTPUTS], outputs
        english = [o for o in outputs for n in OUTPUTS if OUTCOMES[n].label in o]
        assert not english, f"English schema labels in the Dutch list: {english}"
        assert_dutch(outputs, "the output dropdown")
        factors = listed(page, ".cs-sweep-factor")
        assert factors == [dutch_factor(FTE), dutch_factor(HELP)], factors

        choose(page, ".cs-sweep-output", "Uitgaven IV3 6.71 Maatwerkdienstverlening 18+")
        choose(page, ".cs-sweep-factor", REGISTRY[FTE].label_nl)
        page.wait_for_selector(".cs-sx-main-table:has-text('9')", timeout=60_000)
        page.wait_for_selector(".cs-sweep-main-effects img", timeout=60_000)
        page.wait_for_timeout(1000)
        lines = [line.strip() for line in page.inner_text("body").split("\n")]
        lines = [line for line in lines if line and str(folder) not in line]
        assert_dutch(lines, "the sweep explorer over registry factors")
        page.screenshot(path=SHOTS / "dutch-labels-sweeps-nl-1440.png", full_page=True)
        watch.check()

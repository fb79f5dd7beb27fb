"""Named alternatives in a real browser: pick, save three, compare them side by side.

The app runs as the user starts it (``carescape ui``); the strategist picks built-in
scenarios in the picker, saves each under a name, compares, and reads one table with a
column per alternative. Screenshots at 1440x900 and 1280x720 go to results/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.test_ui_browser import (  # noqa: F401 - fixtures
    SHOTS,
    chromium_browser,
    opened_page,
    server,
    small_municipality,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def save_alternative(page, scenario: str, name: str, count: int) -> None:
    """Pick a built-in scenario, type a name (empty: the default), save; ``count`` kept after."""
    page.click(f".cs-scenario-builtin-{scenario}")
    page.wait_for_selector(f".cs-scenario-builtin-{scenario}.v-list-item--active")
    field = page.locator(".cs-alternative-name-new input")
    field.fill(name)
    field.press("Enter")
    page.click(".cs-alternative-add")
    page.wait_for_function(
        f"document.querySelectorAll('.cs-alternative').length === {count}", timeout=10_000
    )


def test_three_named_alternatives_compared_side_by_side(chromium_browser, server):  # noqa: F811
    with opened_page(chromium_browser, server, 1440, 900, ".cs-run") as (page, watch):
        small_municipality(page)
        page.locator(".cs-scenario-picker").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-1-picker-1440.png")
        save_alternative(page, "poh-ggz", "POH bij de huisarts", 1)
        assert page.locator(".cs-policy-poh-ggz input[aria-checked=true]").count() == 1, (
            "picking the POH-GGZ scenario switches its measure on"
        )
        save_alternative(page, "hh-norm", "Normenkader HH", 2)
        save_alternative(page, "front-door", "", 3)
        names = page.locator(".cs-alternative-name input")
        kept = [names.nth(i).input_value() for i in range(names.count())]
        assert kept == ["POH bij de huisarts", "Normenkader HH", "Alternatief A"], kept
        page.locator(".cs-alternatives").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-2-saved-1440.png")

        page.click(".cs-alternatives-compare")
        page.wait_for_selector(".cs-alternatives-table", timeout=120_000)
        page.wait_for_function(
            "/klaar in/.test(document.querySelector('.cs-alternatives-progress-text')"
            "?.textContent || '')",
            timeout=120_000,
        )
        table = page.locator(".cs-alternatives-table")
        headers = table.locator("th.cs-alt-col").all_inner_texts()
        assert headers == kept, f"one column per alternative, by its name: {headers}"
        assert table.locator("tbody tr").count() == 7, "one row per headline indicator"
        net_cost = table.locator("tr.cs-alt-row-net_cost_eur td.cs-alt-cell .cs-alt-diff")
        assert net_cost.count() == 3
        for text in net_cost.all_inner_texts():
            assert text.startswith("EUR ") and text.endswith(" mln"), f"money as EUR x mln: {text}"
        page.wait_for_selector(".cs-chart-alt-net-cost-eur img", timeout=60_000)
        page.wait_for_timeout(5_000)  # the charts of the last replicate replace the first's
        page.locator(".cs-alternatives-results").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-3-table-1440.png")
        page.locator(".cs-chart-alt-net-cost-eur").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-4-chart-1440.png")

        page.set_viewport_size({"width": 1280, "height": 720})
        page.locator(".cs-alternatives-results").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-5-table-1280.png")
        page.locator(".cs-alternatives").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "alternatives-6-saved-1280.png")

        page.click(".cs-lang button:has-text('EN')")
        page.wait_for_selector(".cs-alternatives-table th:has-text('Final year')")
        assert table.locator("th.cs-alt-col").all_inner_texts() == kept, "names stay in English"
        english = table.locator("tr.cs-alt-row-net_cost_eur td.cs-alt-cell .cs-alt-diff")
        assert all(t.endswith(" M") for t in english.all_inner_texts()), "EUR x M in English"
        watch.check()

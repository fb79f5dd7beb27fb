"""The district tab in a real browser: after a run it shows a row and a tile per district.

Uses the app server and chromium of ``tests/test_ui_browser.py``; the screenshot goes to
``results/screenshots/ui-districts.png`` for a person to look at.
"""

from __future__ import annotations

import pytest

from tests.test_ui_browser import (  # noqa: F401 - fixtures
    SHOTS,
    chromium_browser,
    opened_page,
    run_and_wait,
    server,
    small_municipality,
    switch_on,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_district_tab_shows_every_district_after_a_run(chromium_browser, server):  # noqa: F811
    with opened_page(chromium_browser, server, 1440, 900, ".cs-run") as (page, watch):
        switch_on(page, "case-management")
        small_municipality(page)
        run_and_wait(page)
        page.click(".v-tab:has-text('Per wijk')")
        view = page.wait_for_selector(".cs-district-view .cs-district-table", timeout=30_000)
        rows = page.locator(".cs-district-view tr.cs-district-row")
        assert rows.count() == 5, f"the default municipality has 5 districts, got {rows.count()}"
        first = rows.nth(0).locator("td").all_text_contents()
        assert first[0] == "Wijk 1", f"a numbered district reads 'Wijk 1' in Dutch: {first}"
        assert first[-2].startswith("EUR "), f"spending per resident in euros: {first}"
        assert page.locator(".cs-district-view tr.cs-district-total").count() == 1, "a total"
        assert page.locator(".cs-district-view .cs-district-tile").count() == 5, "a tile each"
        view.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "ui-districts.png")
        page.click(".cs-district-colour button:has-text('Wachtenden')")
        page.wait_for_selector(".cs-district-tile .cs-muted:has-text('Wachtenden')")
        page.click(".cs-lang button:has-text('EN')")
        page.wait_for_selector(".cs-district-view th:has-text('District')")
        assert (
            page.locator(".cs-district-view tr.cs-district-row")
            .nth(0)
            .locator("td")
            .first.text_content()
            == "District 1"
        ), "English names the district 'District 1'"
        page.screenshot(path=SHOTS / "ui-districts-en.png", full_page=True)
        watch.check()

"""The council report and the spreadsheets, downloaded from the app in a real browser.

After a small run in Dutch the strategist opens the Export tab, clicks the report
button and gets a ZIP with the PDF and the editable HTML: the PDF's text holds the
headline the page shows. The workbook and the Dutch CSV open as a spreadsheet would
open them. Screenshots (the export tab at 1440x900 and 1280x720, the report's pages
as PNG when poppler's pdftoppm is installed) go to ``results/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from tests.test_exports import pdf_text
from tests.test_ui_browser import (  # noqa: F401 - fixtures
    SHOTS,
    chromium_browser,
    download,
    opened_page,
    run_and_wait,
    server,
    small_municipality,
    switch_on,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pages_as_png(pdf: bytes, stem: str) -> None:
    """The report's first pages as PNG for a person to look at (needs pdftoppm)."""
    path = SHOTS / f"{stem}.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "6", str(path), str(SHOTS / stem)],
            check=True,
            timeout=60,
        )


def test_report_and_spreadsheets_download_after_a_run(chromium_browser, server):  # noqa: F811
    with opened_page(chromium_browser, server, 1440, 900, ".cs-run") as (page, watch):
        switch_on(page, "hh-norm")
        switch_on(page, "case-management")
        small_municipality(page)
        run_and_wait(page)
        headline = page.text_content(".cs-kpi-saving .cs-kpi-value").strip()
        cost = page.text_content(".cs-kpi-cost .cs-kpi-value").strip()

        page.click(".v-tab:has-text('Export')")
        page.wait_for_selector(".cs-report", state="visible")
        page.wait_for_timeout(500)  # the tab's slide-in
        page.screenshot(path=SHOTS / "report-1-export-tab-1440.png")

        archive = zipfile.ZipFile(io.BytesIO(download(page, ".cs-report")))
        names = sorted(archive.namelist())
        assert names == ["carescape-raadsrapport.html", "carescape-raadsrapport.pdf"], names
        pdf = archive.read("carescape-raadsrapport.pdf")
        text = pdf_text(pdf)
        assert headline in text, f"the headline on screen {headline!r} is in the PDF"
        assert cost in text, f"the measures' cost on screen {cost!r} is in the PDF"
        assert "Begroting per jaar (IV3)" in text and "doorrekeningen" in text, "Dutch report"
        html = archive.read("carescape-raadsrapport.html").decode()
        assert headline in html, "the editable HTML holds the same headline"
        assert "http://" not in html and "https://" not in html, "the HTML is self-contained"
        _pages_as_png(pdf, "report-page")

        book = load_workbook(io.BytesIO(download(page, ".cs-export-xlsx")))
        assert {"Jaartabel", "Begroting per jaar", "Instellingen"} <= set(book.sheetnames)
        yearly = download(page, ".cs-export-comparison-csv").decode("utf-8-sig")
        labels, names_row, *rows = csv.reader(io.StringIO(yearly), delimiter=";")
        assert labels[3] == "Jaar" and names_row[3] == "year", labels
        assert any("," in row[4] for row in rows), "decimal commas in the Dutch CSV"
        assert {row[3] for row in rows} == {"2025", "2026"}, "calendar years of the run"

        page.set_viewport_size({"width": 1280, "height": 720})
        page.wait_for_timeout(300)
        page.screenshot(path=SHOTS / "report-2-export-tab-1280.png")
        watch.check()

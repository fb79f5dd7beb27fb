"""What a municipality hands out: spreadsheets Dutch Excel opens, the budget table, the report.

One small comparison (3,000 residents, 2 years, 3 replicates, two measures with their
contributions) is run once; every test reads its exports back the way their reader
would: the CSV with Python's csv module and Dutch number rules, the ``.xlsx`` with
openpyxl, the PDF's text with pypdf.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import numpy as np
import pytest
import solara
from openpyxl import load_workbook
from pypdf import PdfReader

from experiments.compare import compare_table, contributions_table, plan_runs
from viz.backend import build_scenario, run_streaming
from viz.chart_export import charts_zip
from viz.export_tables import (
    RunContext,
    all_tables,
    as_mapping,
    budget_lines,
    budget_table,
    comparison_table,
    year_labels,
)
from viz.headline import headline_kpis, saving, saving_explained
from viz.money import money
from viz.report import report_blocks, report_html
from viz.report_pdf import report_pdf
from viz.spreadsheet import csv_bytes, xlsx_bytes

YEARS = 2


@pytest.fixture(scope="module")
def compared():
    """A small run of two measures from July 2026 (so calendar years read 2026/27, 2027/28)."""
    scenario = build_scenario(
        "t",
        "default",
        None,
        "2026-07",
        {"hh_norm": {}, "case_management": {"extra_fte_per_10000": 2.0}},
    )
    results = run_streaming(plan_runs(scenario, [1, 2, 3], YEARS, None, 3000, True), 1)
    context = RunContext(scenario, YEARS, "Testgemeente", contributions_table(results))
    return context, results


def read_csv(data: bytes, lang: str) -> tuple[list[str], list[str], list[list[str]]]:
    """A CSV as Excel in the language reads it: labels, technical names, the rows."""
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark (Excel NL needs it)"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";,"[lang == "en"]))
    return rows[0], rows[1], rows[2:]


def pdf_text(pdf: bytes) -> str:
    """A PDF's text as one line, without the page footers that interrupt paragraphs."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"carescape · (pagina|page) \d+", " ", text)
    return " ".join(text.split())


def dutch_number(text: str) -> float:
    """A number written the Dutch way (decimal comma, no grouping in a CSV cell)."""
    assert "." not in text, f"{text!r}: a Dutch CSV number has no point"
    return float(text.replace(",", "."))


def test_dutch_csv_has_semicolons_decimal_commas_calendar_years_and_two_header_rows(compared):
    context, results = compared
    labels, names, rows = read_csv(csv_bytes(comparison_table(results, "nl"), "nl"), "nl")
    assert labels[:4] == ["Indicator", "Technische naam", "Eenheid", "Jaar"], labels
    assert names[:4] == ["indicator_label", "indicator", "unit", "year"], names
    assert all(len(row) == len(names) for row in rows), "every row splits on ';' into the columns"
    years = {row[3] for row in rows}
    assert years == {"2026/27", "2027/28"}, f"years from the start month 2026-07: {years}"
    column = {name: i for i, name in enumerate(names)}
    wait = [r for r in rows if r[1] == "wait_weeks_access"]
    assert any("," in r[column["baseline_mean"]] for r in wait), "weeks keep a decimal comma"
    money_rows = [r for r in rows if r[1] == "net_cost_eur"]
    table = compare_table(results).to_pydict()
    truth = [table["diff_mean"][i] for i, n in enumerate(table["indicator"]) if n == "net_cost_eur"]
    shown = [dutch_number(r[column["diff_mean"]]) for r in money_rows]
    assert shown == [round(v) for v in truth], f"money in whole euros: {shown} vs {truth}"
    assert all(len(r[column["baseline_mean"]]) < 12 for r in rows), "no 15-digit floats"
    assert "Netto kosten incl. maatregelen" in {r[0] for r in rows}, "Dutch indicator names"


def test_english_csv_has_commas_points_and_english_labels(compared):
    _, results = compared
    labels, names, rows = read_csv(csv_bytes(comparison_table(results, "en"), "en"), "en")
    assert labels[3] == "Year" and names[3] == "year", labels
    column = names.index("baseline_mean")
    weeks = [r[column] for r in rows if r[1] == "wait_weeks_access"]
    assert all(re.fullmatch(r"-?\d+\.\d", w) for w in weeks), f"decimal points: {weeks}"


def test_year_labels_are_calendar_years_from_the_start_month():
    assert year_labels("2025-01", 10) == [str(y) for y in range(2025, 2035)]
    assert year_labels("2025-09", 2) == ["2025/26", "2026/27"], "a mid-year start spans two"


def test_budget_lines_add_up_to_the_programme_total_every_year(compared):
    _, results = compared
    lines = budget_lines(results)
    codes = [line.code for line in lines]
    assert codes[:6] == ["6.1", "6.2", "6.6", "6.71", "6.72", "6.82"], codes
    *parts, total = lines
    for arm in ("baseline", "scenario"):
        added = np.sum([getattr(line, arm) for line in parts], axis=0)
        assert np.allclose(added, getattr(total, arm), rtol=1e-9), (
            f"{arm}: IV3 lines and the measures' cost add up to the net cost: {added} vs "
            f"{getattr(total, arm)}"
        )
    measures = lines[6]
    assert np.all(measures.baseline == 0) and np.all(measures.scenario > 0), (
        "the measures cost money only with the measures"
    )
    table = compare_table(results).to_pydict()
    net = [table["diff_mean"][i] for i, n in enumerate(table["indicator"]) if n == "net_cost_eur"]
    assert np.allclose(total.difference, net), "the total's difference is the app's net cost"
    budget = as_mapping(budget_table(results, "nl"))
    assert "y2026/27_difference" in budget, f"columns per calendar year: {list(budget)}"


def test_xlsx_has_a_sheet_per_table_with_numbers_and_the_settings(compared):
    context, results = compared
    book = load_workbook(io.BytesIO(xlsx_bytes(all_tables(context, results, "nl"), "nl")))
    assert book.sheetnames == [
        "Jaartabel",
        "Begroting per jaar",
        "Maanddata",
        "Bijdrage per maatregel",
        "Instellingen",
    ], book.sheetnames
    sheet = book["Begroting per jaar"]
    assert sheet["A2"].value == "iv3", "the technical names are the second header row"
    cell = sheet["D3"]
    assert cell.data_type == "n" and isinstance(cell.value, float | int), "amounts are numbers"
    assert "#,##0" in cell.number_format, f"with a number format: {cell.number_format}"
    settings = {row[0].value: row[1].value for row in book["Instellingen"].iter_rows(min_row=3)}
    assert settings["Seeds (toevalsreeksen)"] == "1, 2, 3", settings
    assert settings["Gemeente"] == "Testgemeente"
    assert settings["carescape-versie"].startswith("0."), "the version that made the numbers"
    assert "Extra formatie toegang met actieve casusregie" in settings.values(), "the measures"


def test_report_pdf_holds_the_headline_the_app_shows_and_its_interval(compared):
    context, results = compared
    flat = pdf_text(report_pdf(report_blocks(context, results, "nl"), "nl"))
    for kpi in headline_kpis(results, YEARS, "nl"):
        assert kpi.value in flat, f"the app's headline {kpi.value!r} is in the report"
    s = saving(results)
    assert money(abs(s.mean), "nl") in flat, "the saving over the horizon"
    for sentence in saving_explained(s, YEARS, "nl"):
        assert " ".join(sentence.split()) in flat, f"the interval in plain words: {sentence}"
    assert f"van de {s.runs} doorrekeningen" in flat, "single runs are counted in words"
    for words in ("6.71 Maatwerkdienstverlening 18+", "prijspeil 2025", "Seeds", "6.81"):
        assert words in flat, f"{words!r} is in the report"
    assert "Normenkader hulp bij het huishouden" in flat, "the contributions by measure"


def test_report_html_is_self_contained_and_english_in_english(compared):
    context, results = compared
    page = report_html(report_blocks(context, results, "en"), "en")
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no external file is referenced"
    assert "@import" not in page and "url(" not in page, "no stylesheet or font from elsewhere"
    assert page.count("data:image/png;base64,") >= 6, "the charts are inside the file"
    assert "Council briefing" in page and "Raadsinformatie" not in page, "English in English"


def test_charts_zip_has_the_overview_savings_contributions_and_declared_charts(compared):
    context, results = compared
    names = set(
        zipfile.ZipFile(io.BytesIO(charts_zip(results, context, ["clients_hh"], "nl"))).namelist()
    )
    wanted = ("key-figures", "arrows", "flows", "savings", "use", "contributions", "declared")
    for name in (*wanted, "clients_hh"):
        assert f"carescape-{name}.png" in names, f"{name} is in the ZIP: {sorted(names)}"


def test_the_report_uses_the_headline_of_the_app(compared):
    """The app's headline component shows exactly what ``headline_kpis`` gives."""
    from tests.test_ui import texts, with_class
    from viz.app import Headline

    _, results = compared
    for lang in ("nl", "en"):
        box, rc = solara.render(Headline(results, YEARS, lang), handle_error=False)
        shown = [texts(w)[0] for w in with_class(box, "cs-kpi-value")]
        rc.close()
        assert shown == [k.value for k in headline_kpis(results, YEARS, lang)], shown


CSS = ("cs-report", "cs-export-xlsx", "cs-export-budget-csv", "cs-export-charts")


def test_export_tab_offers_the_report_and_the_workbook(compared, monkeypatch):
    from tests.test_ui import with_class
    from viz import state
    from viz.app import ExportTab

    context, results = compared
    monkeypatch.setattr(
        state,
        "run_state",
        solara.reactive(state.RunState(results=results, scenario=context.scenario, years=YEARS)),
    )
    box, rc = solara.render(ExportTab(results, 1, "nl"), handle_error=False)
    found = {css: bool(with_class(box, css)) for css in CSS}
    rc.close()  # a page left open re-renders with the next test's state
    assert all(found.values()), f"buttons: {found}"


def test_dashboard_sets_declared_care_against_actual_care_not_against_subsidies(
    compared, monkeypatch
):
    """The dashboard chart (app tab and charts ZIP) plots Wmo plus youth care against what
    was declared of it: the facilities' subsidies are never declared, so counting them as
    actual spending made a constant 10% gap look like a declaration lag. Over a year the
    declarations catch up with the care to within a few percent."""
    from model.aggregate import monthly
    from viz import app, charts
    from viz.chart_export import overview_pngs

    context, results = compared
    plotted = []
    monkeypatch.setattr(
        charts, "declared_png", lambda true, declared, lang: plotted.append((true, declared)) or b""
    )
    overview_pngs(results, context, "nl")
    monkeypatch.setattr(app, "ChartCard", lambda key, title, make_png, deps, note="": make_png())
    box, rc = solara.render(app.DashboardTab(results, 1, "nl"), handle_error=False)
    rc.close()
    assert len(plotted) == 2, "the charts ZIP and the dashboard tab each drew the chart once"
    for true, declared in plotted:
        for arm in ("baseline", "scenario"):
            care = np.mean(
                [
                    monthly(c, "spend_wmo_eur") + monthly(c, "spend_youth_eur")
                    for c in results[arm].values()
                ],
                axis=0,
            )
            line = getattr(true, arm).mean
            assert np.allclose(line, care), f"{arm}: the actual line is Wmo plus youth care"
            year_care = line[-12:].sum()
            year_declared = getattr(declared, arm).mean[-12:].sum()
            assert abs(year_declared / year_care - 1) < 0.03, (
                f"{arm}: a year's declarations {year_declared:.0f} are within 3% of the "
                f"care {year_care:.0f}"
            )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_key_figures_and_arrows_pngs_keep_every_text_inside_its_own_card(
    compared, lang, monkeypatch
):
    """The slide pictures of the headline and the four arrows: no caption runs over another
    or out of its card (the saving's long explanation used to cross all four cards)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from viz import summary_png
    from viz.backend import four_arrows

    context, results = compared
    figures = []
    draw = summary_png._png
    monkeypatch.setattr(summary_png, "_png", lambda fig: figures.append(fig) or draw(fig))
    summary_png.key_figures_png(headline_kpis(results, YEARS, lang), lang)
    summary_png.arrows_png(four_arrows(results), lang)
    for fig in figures:
        renderer = FigureCanvasAgg(fig).get_renderer()
        (ax,) = fig.axes
        cards = [
            p.get_window_extent(renderer) for p in ax.patches if p.get_facecolor() == (1, 1, 1, 1)
        ]
        texts = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
        assert len(cards) == 4 and len(texts) >= 8, f"four cards and their texts: {texts}"
        for i, (text, box) in enumerate(texts):
            assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1), (
                f"{text!r} lies inside the picture"
            )
            inside = [c for c in cards if c.contains(box.x0 + 1, box.y1 - 1)]  # its first letter
            if inside:  # the title is above the cards
                card = inside[0]
                assert (
                    card.x0 <= box.x0
                    and box.x1 <= card.x1
                    and card.y0 <= box.y0
                    and box.y1 <= card.y1
                ), f"{text!r} stays inside its card: {box} in {card}"
            for other, other_box in texts[i + 1 :]:
                assert not box.overlaps(other_box), f"{text!r} and {other!r} do not overlap"

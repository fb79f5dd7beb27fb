"""Per-district outputs: the districts add up to the municipality, and the view shows them.

A council reads the district table as a split of the municipal figures; a resident or a
euro counted in no district, or in two, would make the split a lie. Each month of a
status-quo run and of a strained run with a measure is checked: the district columns
sum to the municipal row (counts exactly, money within rounding). Then the app's
figures (replicate means, both arms) and the district view's table and tiles.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import solara

from experiments.compare import plan_runs, replicates_table
from model.aggregate import district_yearly, yearly
from model.care_model import CareModel
from model.results import (
    DISTRICT_INDICATORS,
    DISTRICT_TOTALS,
    district_column,
    district_table,
    to_table,
)
from viz.backend import build_scenario, district_figures, run_streaming
from viz.i18n import t

RUNS = {
    "status_quo": {"residents": 6000, "years": 2, "rng": 31},
    "strained_with_measure": {
        "residents": 6000,
        "years": 2,
        "rng": 32,
        "burn_in_months": 12,
        "overrides": {"access.fte_per_10000": 1.5, "providers.staff_availability": 0.6},
        "policies": {"poh_ggz": {}, "case_management": {}},
    },
}


@pytest.fixture(scope="module", params=list(RUNS))
def model(request) -> CareModel:
    model = CareModel(**RUNS[request.param])
    model.run()
    return model


def test_every_month_the_districts_add_up_to_the_municipality(model):
    rows = to_table(model.records)
    columns = {name: rows.column(name).to_numpy() for name in rows.column_names}
    table = district_table(model.district_records, model.district_names)
    count = len(model.district_names)
    assert table.num_rows == 12 * model.years * count, "a row per month and district"
    for name, total in DISTRICT_TOTALS.items():
        per_month = table.column(name).to_numpy().reshape(-1, count).sum(axis=1)
        expected = total(columns)
        if name.endswith("_eur"):
            assert np.allclose(per_month, expected, rtol=1e-9, atol=1e-6), (
                f"{name}: the districts' money differs from the municipal total by up to "
                f"{np.max(np.abs(per_month - expected)):.4f} EUR"
            )
        else:
            assert np.array_equal(per_month, expected), (
                f"{name}: districts sum to {per_month[:3]}..., the municipality has "
                f"{expected[:3]}..."
            )


def test_every_district_has_residents_clients_and_money(model):
    table = district_table(model.district_records, model.district_names)
    last = table.filter(table.column("month").to_numpy() == 12 * model.years).to_pydict()
    assert last["district_name"] == model.district_names, "one row per named district"
    assert min(last["residents"]) > 0.1 * sum(last["residents"]) / len(last["residents"]), (
        f"no district is nearly empty: {last['residents']}"
    )
    assert min(last["clients_wmo"]) > 0, f"every district has Wmo clients: {last['clients_wmo']}"
    assert min(last["spend_tailored_eur"]) > 0, "every district receives tailored care"
    assert min(last["spend_team_eur"]) > 0, "every district pays its team"


def test_each_declared_district_indicator_is_recorded_with_its_type():
    model = CareModel(residents=3000, years=1, rng=5)
    model.step()
    table = district_table(model.district_records, model.district_names)
    assert [f.name for f in table.schema] == [i.name for i in DISTRICT_INDICATORS], (
        "the table has exactly the declared columns"
    )
    with pytest.raises(KeyError, match="not a district indicator"):
        district_column("wellbeing_mean")


def test_a_named_profile_keeps_its_district_names():
    model = CareModel(preset="small", residents=3000, years=1, rng=5)
    assert len(model.district_names) == 3, f"the small preset has 3 districts: {model}"
    model.step()
    assert len(model.district_records[0]["residents"]) == 3, "figures for each of them"


# -- through the app's runs ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def results():
    scenario = build_scenario("t", "default", None, "2025-01", {"case_management": {}})
    return run_streaming(plan_runs(scenario, [1, 2], 2, None, 6000, False), 1)


def test_the_app_gets_yearly_district_figures_of_both_arms(results):
    figures = district_figures(results)
    assert figures is not None, "the runs carry the district outputs"
    count = len(figures.names)
    assert figures.replicates == 2 and figures.years.tolist() == [1, 2], f"{figures.years}"
    assert figures.baseline["residents"].shape == (2, count + 1), "years x districts + total"
    assert figures.dates[0] == ("2025-01-01", "2025-12-01"), f"calendar months: {figures.dates}"
    per_seed = [yearly(results["baseline"][s], ("residents",))["residents"] for s in (1, 2)]
    assert np.allclose(figures.baseline["residents"][:, -1], np.mean(per_seed, axis=0)), (
        "the municipality column is the replicate mean of the municipal residents"
    )
    assert np.allclose(
        figures.baseline["residents"][:, :-1].sum(axis=1), figures.baseline["residents"][:, -1]
    ), "the districts' residents add up to the municipality's"
    net = []
    for seed in (1, 2):
        y = yearly(results["scenario"][seed], ("net_cost_eur", "residents"))
        net.append(y["net_cost_eur"] / y["residents"])
    assert np.allclose(figures.scenario["spend_per_resident"][:, -1], np.mean(net, axis=0)), (
        "the municipality's spending per resident is the net cost (measures included)"
    )
    assert np.any(figures.diff("spend_per_resident")[-1, :-1] != 0), "the measure moves money"
    assert np.all(figures.diff_lo["waiting"] <= figures.diff_hi["waiting"]), "ordered intervals"


def test_district_yearly_sums_flows_and_averages_stocks(results):
    columns = results["baseline"][1]
    by_year = district_yearly(columns)
    months = columns[district_column("spend_team_eur")]
    assert np.allclose(by_year["spend_team_eur"][0], months[:12].sum(axis=0)), "flows summed"
    stock = columns[district_column("residents")]
    assert np.allclose(by_year["residents"][1], stock[12:24].mean(axis=0)), "stocks averaged"


def test_the_replicates_export_leaves_the_district_arrays_out(results):
    table = replicates_table(results)
    assert not [c for c in table.column_names if c.startswith("district.")], (
        "monthly replicate rows hold one value per month, not per district"
    )


# -- the view -----------------------------------------------------------------------------------
def html_of(box) -> str:
    """All raw HTML the rendered view holds (its table and tiles)."""
    from tests.test_ui import walk

    return "".join(str(getattr(w, "unsafe_innerHTML", "") or "") for w in walk(box))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_view_shows_a_row_per_district_with_the_figures(results, lang):
    from tests.test_ui import texts, with_class
    from viz.districts import DistrictView, district_label

    figures = district_figures(results)
    box, _ = solara.render(DistrictView(results, 1, lang), handle_error=False)
    assert with_class(box, "cs-district-view"), "the root carries cs-district-view"
    page = html_of(box)
    rows = re.findall(r'<tr class="cs-district-row">(.*?)</tr>', page)
    assert len(rows) == len(figures.names), f"a row per district, got {len(rows)}"
    first = re.findall(r"<td[^>]*>(.*?)</td>", rows[0])
    assert first[0] == district_label(figures.names[0], lang), f"the district's name: {first}"
    residents = figures.baseline["residents"][-1, 0]
    shown = float(first[1].replace(".", "").replace(",", ""))
    assert abs(shown - residents) <= 0.5, f"residents {residents:.1f} shown as {first[1]}"
    spend = figures.scenario["spend_per_resident"][-1, 0]
    assert first[-2].startswith("EUR "), f"money is written EUR ...: {first[-2]}"
    digits = first[-2][4:].replace(".", "").replace(",", "")
    assert abs(int(digits) - spend) <= 0.5, f"spending {spend:.1f} shown as {first[-2]}"
    assert 't("district_total"' not in page and t("district_total", lang) in page, "a total row"
    assert page.count('<div class="cs-district-tile ') == len(figures.names), "a tile per district"
    shown_texts = " ".join(texts(box))
    assert t("district_title", lang) in shown_texts, "the view's title in the page's language"
    markup = re.sub(r'class="[^"]*"|\.cs-[\w-]+', "", page)
    assert "district_" not in shown_texts + markup, "no text key on screen"


def _figure(text: str, lang: str) -> float:
    """A table cell back to a number: 'EUR 1.234', '+0,4' (Dutch) or '1,234', '+0.4'."""
    text = text.removeprefix("EUR ")
    if lang == "nl":
        text = text.replace(".", "").replace(",", ".")
    return float(text.replace(",", ""))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_difference_in_the_table_is_with_minus_without_as_printed(results, lang):
    """A councillor subtracts the printed columns: 46 -> 39 must read -7, not -6."""
    from viz.districts import COLUMNS, table_html

    figures = district_figures(results)
    page = table_html(figures, len(figures.years) - 1, lang)
    rows = re.findall(r'<tr class="cs-district-(?:row|total)">(.*?)</tr>', page)
    assert len(rows) == len(figures.names) + 1, "a row per district and the total"
    checked = 0
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)[2:]
        for k, (name, digits, _, _) in enumerate(COLUMNS):
            without, with_, diff = (_figure(c, lang) for c in cells[3 * k : 3 * k + 3])
            assert round(with_ - without, digits) == diff, (
                f"{name}: {cells[3 * k : 3 * k + 3]} - the difference is with minus without"
            )
            checked += 1
    assert checked == 4 * len(rows), "every measure of every row"

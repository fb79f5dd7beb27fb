"""Every chart of a run as PNG files in one ZIP: the charts per theme and the overview's.

Besides each indicator's comparison chart (the tabs of the app), the ZIP holds the
headline numbers and the four arrows as pictures, and the charts the overview, the
money tab and the dashboard show: the flow diagram, the
cumulative savings against the measures' cost, tailored vs general use in the final
year, each measure's contribution (when computed) and declared vs actual care spending.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from model.aggregate import monthly
from model.results import outcome
from viz import charts
from viz.backend import (
    CUMULATIVE_SAVINGS,
    MEASURES_COST,
    Results,
    Series,
    final_year,
    flows,
    four_arrows,
    series,
)
from viz.export_tables import RunContext
from viz.headline import headline_kpis
from viz.i18n import indicator_label, policy_label, unit_label
from viz.report import contribution_rows
from viz.summary_png import arrows_png, key_figures_png

# What providers declare: tailored Wmo and youth care. The general facilities' subsidies
# are paid without declarations, so they belong on neither line of the dashboard chart.
DECLARED_CARE = ("spend_wmo_eur", "spend_youth_eur")
CARE = "care_spending"  # the column of the summed care spending in ``care_and_declared``

USE_ROWS = (  # indicator, tailored? - the use tab of the app and its charts ZIP
    ("clients_hh", True),
    ("clients_support", True),
    ("clients_daycare", True),
    ("clients_youth", True),
    ("users_general", False),
    ("users_light_support", False),
)


def care_and_declared(results: Results) -> tuple[Series, Series]:
    """Actual tailored care spending (Wmo plus youth) and what providers declared of it.

    Both cover the same care, so the gap between them is the declarations' lag alone;
    the care is summed run by run, so that its band is the band of the sum.
    """
    care = {
        arm: {
            seed: {"date": columns["date"], CARE: sum(monthly(columns, n) for n in DECLARED_CARE)}
            for seed, columns in runs.items()
        }
        for arm, runs in results.items()
    }
    return series(care, CARE), series(results, "declared_total_eur")


def declared_png(results: Results, lang: str) -> bytes:
    """The dashboard's chart: declared care next to actual care spending, both variants."""
    return charts.declared_png(*care_and_declared(results), lang)


def overview_pngs(results: Results, context: RunContext, lang: str) -> dict[str, bytes]:
    """The overview, use, contribution and dashboard charts by file name."""
    use = []
    for name, tailored in USE_ROWS:
        base, scen, band = final_year(results, name)
        use.append((indicator_label(name, lang), tailored, base, scen, band.lo[0], band.hi[0]))
    pngs = {
        "key-figures": key_figures_png(headline_kpis(results, context.years, lang), lang),
        "arrows": arrows_png(four_arrows(results), lang),
        "flows": charts.flows_png(flows(results, "baseline"), flows(results, "scenario"), lang),
        "savings": charts.savings_png(
            series(results, CUMULATIVE_SAVINGS), series(results, MEASURES_COST), lang
        ),
        "use": charts.use_bars_png(use, lang),
        "declared": declared_png(results, lang),
    }
    rows = contribution_rows(context)
    if rows:
        pngs["contributions"] = charts.contributions_png(
            rows, lang, lambda n: policy_label(n, lang)
        )
    return pngs


def charts_zip(results: Results, context: RunContext, names: Iterable[str], lang: str) -> bytes:
    """All charts as ``carescape-<name>.png`` in a ZIP: the overview's, then one per indicator."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, png in overview_pngs(results, context, lang).items():
            archive.writestr(f"carescape-{name}.png", png)
        for name in names:
            unit = outcome(name).unit
            png = charts.comparison_png(
                series(results, name),
                indicator_label(name, lang),
                unit,
                unit_label(unit, lang),
                lang,
            )
            archive.writestr(f"carescape-{name}.png", png)
    return buffer.getvalue()

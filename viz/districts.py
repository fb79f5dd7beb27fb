"""The district (wijk) view: use, waiting and spending per district, with and without measures.

A council asks where a measure lands: which districts lean on tailored care
(*maatwerkvoorziening*) rather than general facilities (*algemene voorziening*), where
residents wait, and what each district costs per resident. The view shows the final
year (the year the four arrows speak of) as a table, and a schematic grid of the
districts coloured by the change the measures make, each tile with a small chart of
the spending per resident year by year. The figures come from the declared district
outputs (``model.results.DISTRICT_INDICATORS``) through ``viz.backend.district_figures``.
"""

from __future__ import annotations

import html

import numpy as np
import solara

from viz.backend import DistrictFigures, district_figures
from viz.i18n import number, t

# measure, digits, text key of its column, the better direction (+1 higher, -1 lower,
# 0 neither: more tailored or general use is not good or bad in itself)
COLUMNS: tuple[tuple[str, int, str, int], ...] = (
    ("tailored_per_1000", 1, "district_tailored", 0),
    ("general_per_1000", 1, "district_general", 0),
    ("waiting", 0, "district_waiting", -1),
    ("spend_per_resident", 0, "district_spending", -1),
)
COLOURS = {  # tile colours by verdict: better / worse / more / less / no clear change
    "better": "#d9f0dc",
    "worse": "#f9dcdc",
    "more": "#dbe8f8",
    "less": "#fde7d2",
    "same": "#eef1f4",
}
BASELINE, SCENARIO = "#7b8794", "#1f5fa8"
SHORT = {  # the colour switch's labels
    "district_tailored": "district_tailored_short",
    "district_general": "district_general_short",
    "district_spending": "district_spending_short",
}

CSS = """
.cs-district-table { border-collapse: collapse; width: 100%; font-size: 12.5px; background: white; }
.cs-district-table th, .cs-district-table td { padding: 4px 6px; text-align: right;
    border-bottom: 1px solid #e4e7eb; white-space: nowrap; }
.cs-district-table th { color: #323f4b; font-weight: 600; vertical-align: bottom; }
.cs-district-table th.cs-group { text-align: center; border-bottom: 2px solid #9aa5b1;
    white-space: normal; }
.cs-district-table td:first-child, .cs-district-table th:first-child { text-align: left; }
.cs-district-table tr.cs-district-total td { font-weight: 600; border-top: 2px solid #9aa5b1; }
.cs-district-table td.cs-diff { font-weight: 600; }
.cs-district-table .cs-sep { border-left: 1px solid #e4e7eb; }
.cs-district-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr));
    gap: 10px; }
.cs-district-tile { border-radius: 6px; padding: 8px 10px; font-size: 12px; color: #1f2933;
    box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.cs-district-tile .cs-tile-name { font-weight: 600; font-size: 13.5px; }
.cs-district-tile .cs-tile-change { font-size: 18px; font-weight: 600; }
.cs-district-tile svg { display: block; margin-top: 4px; }
.cs-district-colour .v-btn { text-transform: none; letter-spacing: 0; }
"""


def district_label(name: str, lang: str) -> str:
    """A district's name as people say it: a bare number becomes 'Wijk 3' / 'District 3'."""
    return t("district_numbered", lang, name=name) if name.isdigit() else name


def year_label(figures: DistrictFigures, index: int) -> str:
    """The calendar year(s) of one model year: '2034', or '2034/2035' when it straddles two."""
    first, last = (d[:4] for d in figures.dates[index])
    return first if first == last else f"{first}/{last}"


def verdict(figures: DistrictFigures, name: str, better: int, year: int, column: int) -> str:
    """'better'/'worse' (or 'more'/'less' for use), or 'same' when the interval holds zero."""
    lo, hi = figures.diff_lo[name][year, column], figures.diff_hi[name][year, column]
    change = 1 if lo > 0 else (-1 if hi < 0 else 0)
    if change == 0:
        return "same"
    if better == 0:
        return "more" if change > 0 else "less"
    return "better" if change == better else "worse"


def value_text(name: str, value: float, digits: int, lang: str, sign: bool = False) -> str:
    """A figure for the table: money as 'EUR 1.234', counts and rates with their digits."""
    text = number(value, lang, digits, signed=sign)
    return f"EUR {text}" if name == "spend_per_resident" else text


def shown_change(base: float, scen: float, digits: int) -> float:
    """The change as the two shown figures give it: 46 -> 39 is -7, whatever the decimals.

    Councillors subtract the printed columns in their heads; the difference of the
    unrounded means (-6,6 shown as -6 next to 46 and 39) would not add up.
    """
    return round(float(scen), digits) - round(float(base), digits)


def table_html(figures: DistrictFigures, year: int, lang: str) -> str:
    """The district table of one year: residents, then without / with / change per measure."""
    esc = html.escape
    head1 = [f'<th rowspan="2">{esc(t("district_col_name", lang))}</th>']
    head1.append(f'<th rowspan="2">{esc(t("district_col_residents", lang))}</th>')
    head2 = []
    for _, _, key, _ in COLUMNS:
        head1.append(f'<th colspan="3" class="cs-group cs-sep">{esc(t(key, lang))}</th>')
        for part in ("district_without", "district_with", "district_diff"):
            sep = ' class="cs-sep"' if part == "district_without" else ""
            head2.append(f"<th{sep}>{esc(t(part, lang))}</th>")
    rows = []
    labels = [district_label(n, lang) for n in figures.names] + [t("district_total", lang)]
    for column, label in enumerate(labels):
        total = column == len(figures.names)
        cells = [
            f"<td>{esc(label)}</td>",
            f"<td>{number(figures.baseline['residents'][year, column], lang)}</td>",
        ]
        for name, digits, _, _ in COLUMNS:
            base = figures.baseline[name][year, column]
            scen = figures.scenario[name][year, column]
            cells.append(f'<td class="cs-sep">{value_text(name, base, digits, lang)}</td>')
            cells.append(f"<td>{value_text(name, scen, digits, lang)}</td>")
            diff = value_text(name, shown_change(base, scen, digits), digits, lang, sign=True)
            cells.append(f'<td class="cs-diff cs-diff-{name}">{diff}</td>')
        css = "cs-district-total" if total else "cs-district-row"
        rows.append(f'<tr class="{css}">{"".join(cells)}</tr>')
    return (
        '<table class="cs-district-table">'
        f"<thead><tr>{''.join(head1)}</tr><tr>{''.join(head2)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def sparkline_svg(base: np.ndarray, scen: np.ndarray, width: int = 170, height: int = 38) -> str:
    """Two small lines (baseline grey, scenario blue) of one figure year by year."""
    values = np.concatenate([base, scen])
    low, high = float(values.min()), float(values.max())
    span = high - low or max(abs(high), 1.0)
    low -= 0.1 * span
    span *= 1.2

    def points(series: np.ndarray) -> str:
        step = (width - 4) / max(len(series) - 1, 1)
        return " ".join(
            f"{2 + i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
            for i, v in enumerate(series)
        )

    lines = "".join(
        f'<polyline fill="none" stroke="{colour}" stroke-width="{w}" points="{points(s)}"/>'
        for s, colour, w in ((base, BASELINE, 1.5), (scen, SCENARIO, 2))
    )
    return f'<svg width="{width}" height="{height}" role="img">{lines}</svg>'


def tile_html(figures: DistrictFigures, column: int, colour_by: str, year: int, lang: str) -> str:
    """One district's tile: name, the change in the chosen figure, the others, a sparkline."""
    esc = html.escape
    spec = {c[0]: c for c in COLUMNS}
    _, digits, key, better = spec[colour_by]
    tone = verdict(figures, colour_by, better, year, column)
    diff = shown_change(
        figures.baseline[colour_by][year, column], figures.scenario[colour_by][year, column], digits
    )
    lines = []
    for name, d, k, _ in COLUMNS:
        if name == colour_by:
            continue
        base = value_text(name, figures.baseline[name][year, column], d, lang)
        scen = value_text(name, figures.scenario[name][year, column], d, lang)
        lines.append(f"<div>{esc(t(k, lang))}: {base} → {scen}</div>")
    spark = sparkline_svg(
        figures.baseline["spend_per_resident"][:, column],
        figures.scenario["spend_per_resident"][:, column],
    )
    return (
        f'<div class="cs-district-tile cs-tile-{tone}" style="background:{COLOURS[tone]}">'
        f'<div class="cs-tile-name">{esc(district_label(figures.names[column], lang))}</div>'
        f'<div class="cs-tile-change">{value_text(colour_by, diff, digits, lang, sign=True)}</div>'
        f'<div class="cs-muted">{esc(t(key, lang))}</div>{"".join(lines)}{spark}'
        f'<div class="cs-muted">{esc(t("district_spark", lang))}</div></div>'
    )


@solara.component
def DistrictView(results, version: int, lang: str):
    """The district tab: a table of the final year and the districts as coloured tiles."""
    colour_by, set_colour_by = solara.use_state("spend_per_resident")
    figures = solara.use_memo(lambda: district_figures(results), [version, id(results)])
    with solara.Column(gap="12px", classes=["cs-district-view"]):
        solara.HTML(tag="style", unsafe_innerHTML=CSS)
        if figures is None:
            solara.Info(t("district_none", lang))
            return
        year = len(figures.years) - 1
        solara.Text(t("district_title", lang), classes=["cs-section-title"])
        solara.Text(
            t("district_hint", lang, year=year_label(figures, year), n=figures.replicates),
            classes=["cs-hint"],
        )
        solara.HTML(tag="div", unsafe_innerHTML=table_html(figures, year, lang))
        solara.Text(t("district_money_note", lang), classes=["cs-note"])
        solara.Text(t("district_map_title", lang), classes=["cs-section-title"])
        solara.Text(t("district_colour_by", lang), classes=["cs-field-label"])
        solara.ToggleButtonsSingle(
            value=colour_by,
            on_value=set_colour_by,
            children=[
                solara.Button(t(SHORT.get(key, key), lang), value=name)
                for name, _, key, _ in COLUMNS
            ],
            classes=["cs-district-colour"],
        )
        solara.Text(t("district_map_hint", lang), classes=["cs-hint"])
        tiles = "".join(
            tile_html(figures, column, colour_by, year, lang)
            for column in range(len(figures.names))
        )
        solara.HTML(tag="div", unsafe_innerHTML=f'<div class="cs-district-grid">{tiles}</div>')

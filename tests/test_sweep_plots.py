"""Sweep figures a researcher can publish: formats, registry labels, honest marks, a full note.

Most tests draw from a synthetic sweep (known numbers, no model runs); the last one runs
``carescape analyze --formats ... --dpi ...`` on a small real sweep.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from experiments.analysis import run_values
from experiments.cli import main
from experiments.contrasts import paired_contrasts
from experiments.sweep import parse_spec
from experiments.sweep_labels import factor_label
from experiments.sweep_plots import (
    SweepData,
    contrast_plot,
    fan_chart,
    main_effects,
    morris_plot,
    parse_formats,
    save,
    sobol_plot,
    write_all,
)
from experiments.sweep_run import run_sweep
from model.params import ConfigError

PNG = b"\x89PNG\r\n\x1a\n"
DOTTED = re.compile(r"[A-Za-z_]+\.[A-Za-z_]+")
HELP = "adult_needs.help_seeking"
POH = "policies.poh_ggz.enabled"
DISTRICTS = "population.districts"
OUTPUTS = ["net_cost_eur", "clients_wmo", "tailored_share"]


def synthetic(factors: list[dict], levels: list[dict], design: str = "grid") -> SweepData:
    """A sweep of two arms x 3 seeds x 24 months per point: known effects, no model run.

    Net cost rises with help-seeking (EUR millions a year, so an offset would show),
    POH-GGZ adds 0.096 mln a year, the second arm saves 0.048 mln a year (same seeds).
    """
    seed_noise = np.random.default_rng(1).normal(0, 2000, (len(levels), 3))
    rows, run = [], 0
    for point, level in enumerate(levels):
        for arm_index, arm in enumerate(("status quo", "package")):
            for replicate in range(3):
                noise = seed_noise[point, replicate]  # the same seed in both arms
                for month in range(1, 25):
                    base = 150_000 + 400_000 * level.get(HELP, 0.2) + noise
                    base += 8_000 * bool(level.get(POH)) - 4_000 * arm_index
                    rows.append(
                        {
                            "run": run,
                            "point": point,
                            "arm": arm,
                            "replicate": replicate,
                            "month": month,
                            "spend_total_eur": base,
                            "spend_staff_eur": 1_000.0,
                            "net_cost_eur": base + 1_000.0,  # sweeps store derived outcomes
                            "clients_wmo": 300 + 10 * replicate + point,
                            "tailored_share": 0.8 + 0.01 * replicate,
                        }
                    )
                run += 1
    monthly = pd.DataFrame(rows)
    values = run_values(monthly, OUTPUTS, 2, "last")
    design_frame = pd.DataFrame([{"point": p, **lv} for p, lv in enumerate(levels)])
    meta = {
        "name": "synthetic",
        "design": design,
        "years": 2,
        "start": "2025-01",
        "factors": factors,
        "samples": None,
        "arms": [{"name": "status quo"}, {"name": "package"}],
    }
    contrasts = paired_contrasts(values, design_frame, OUTPUTS, ["status quo", "package"])
    return SweepData(meta, "last", OUTPUTS, values, design_frame, {}, None, contrasts, monthly)


GRID_FACTORS = [
    {"path": HELP, "kind": "uncertainty", "dtype": "float", "values": [0.12, 0.18, 0.24]},
    {"path": POH, "kind": "lever", "dtype": "bool", "values": [False, True]},
]
GRID_LEVELS = [{HELP: h, POH: p} for h in (0.12, 0.18, 0.24) for p in (False, True)]


@pytest.fixture(scope="module")
def grid() -> SweepData:
    return synthetic(GRID_FACTORS, GRID_LEVELS)


def sensitivity_data(grid: SweepData, design: str) -> SweepData:
    """The grid's data with a Morris or Sobol table of known indices (and a warning)."""
    rows = []
    for factor, (a, b) in zip((HELP, POH), ((0.6, 0.5), (0.1, 0.05)), strict=True):
        if design == "morris":
            rows += [
                ("net_cost_eur", factor, "mu_star", a * 1e6, 0.1e6, ""),
                ("net_cost_eur", factor, "mu", a * 1e6, np.nan, ""),
                ("net_cost_eur", factor, "sigma", b * 1e6, np.nan, ""),
            ]
        else:
            warning = f"net_cost_eur: implausible indices for {HELP}: ST = 0.50 below S1 = 0.60"
            rows += [
                ("net_cost_eur", factor, "S1", a, 0.2, warning),
                ("net_cost_eur", factor, "ST", b, 0.3, warning),
            ]
    table = pd.DataFrame(rows, columns=["output", "factor", "index", "value", "conf", "warning"])
    meta = {**grid.meta, "design": design, "samples": 8}
    return SweepData(meta, "last", ["net_cost_eur"], grid.values, grid.design, {}, table)


def texts_on_axes(fig) -> list[str]:
    """Every text a reader sees on the panels: titles, axis labels, tick labels."""
    fig.canvas.draw()
    texts = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        texts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        texts += [ax.xaxis.get_offset_text().get_text(), ax.yaxis.get_offset_text().get_text()]
    return [t for t in texts if t]


def note_of(fig) -> str:
    notes = [a.get_text() for a in fig.artists + fig.texts if a.get_gid() == "note"]
    assert len(notes) == 1, f"a figure carries one note, found {len(notes)}"
    return notes[0].replace("\n", " ")


def all_figures(grid: SweepData):
    yield "main effects", main_effects(grid, "net_cost_eur")
    yield "contrasts", contrast_plot(grid, "net_cost_eur")
    yield "fan chart", fan_chart(grid, "net_cost_eur")
    yield "Morris", morris_plot(sensitivity_data(grid, "morris"), "net_cost_eur")
    yield "Sobol", sobol_plot(sensitivity_data(grid, "sobol"), "net_cost_eur")


# -- files ---------------------------------------------------------------------------------------
def png_width(path) -> int:
    data = path.read_bytes()
    assert data[:8] == PNG, f"{path.name} is not a PNG"
    return struct.unpack(">I", data[16:20])[0]


def test_every_figure_is_written_as_valid_svg_pdf_and_png(grid, tmp_path):
    data = sensitivity_data(grid, "morris")
    data.contrasts, data.monthly = grid.contrasts, grid.monthly
    names = write_all(lambda stem: tmp_path / stem, data, ("svg", "pdf", "png"), 100)
    stems = {name.rsplit(".", 1)[0] for name in names}
    assert stems == {
        "main_effects_net_cost_eur",
        "morris_net_cost_eur",
        "contrasts_net_cost_eur",
        "fan_net_cost_eur",
    }, f"main effects, Morris, contrasts and a fan chart expected: {sorted(stems)}"
    for stem in stems:
        svg = ET.parse(tmp_path / f"{stem}.svg").getroot()
        assert svg.tag.endswith("svg"), f"{stem}.svg is not an SVG document"
        assert "Net cost including the measures" in (tmp_path / f"{stem}.svg").read_text(), (
            f"{stem}.svg should keep its text as text (searchable, editable)"
        )
        pdf = (tmp_path / f"{stem}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), f"{stem}.pdf"
        assert png_width(tmp_path / f"{stem}.png") > 300, f"{stem}.png is too small"


def test_the_dpi_option_sets_the_png_resolution_and_vector_files_are_reproducible(grid, tmp_path):
    fig = main_effects(grid, "clients_wmo")
    low = save(fig, tmp_path / "low", ("png", "svg", "pdf"), dpi=100)
    high = save(fig, tmp_path / "high", ("png", "svg", "pdf"), dpi=300)
    ratio = png_width(high[0]) / png_width(low[0])
    assert 2.8 < ratio < 3.2, f"300 dpi should give 3x the pixels of 100 dpi, got {ratio:.2f}"
    again = save(main_effects(grid, "clients_wmo"), tmp_path / "again", ("svg", "pdf"), dpi=100)
    for first, second in zip(low[1:], again, strict=True):
        assert first.read_bytes() == second.read_bytes(), (
            f"the same figure should give the same {first.suffix} file (no date, stable ids)"
        )


def test_unknown_formats_are_refused_with_the_valid_ones():
    assert parse_formats("SVG, pdf") == ("svg", "pdf"), "formats are case- and space-tolerant"
    with pytest.raises(ConfigError, match="svg, pdf, png"):
        parse_formats("svg,jpeg")


# -- labels and the note -------------------------------------------------------------------------
def test_no_axis_shows_a_dotted_parameter_path_or_an_offset(grid):
    for name, fig in all_figures(grid):
        texts = texts_on_axes(fig)
        dotted = [t for t in texts if DOTTED.search(t)]
        assert not dotted, f"{name}: registry paths on the axes: {dotted}"
        assert not any(re.fullmatch(r"[×x]?\s*1e[+-]?\d+", t) for t in texts), (
            f"{name}: an axis shows a 1e6 offset instead of EUR mln: {texts}"
        )


def test_money_is_in_eur_mln_and_factors_read_as_their_meaning(grid):
    texts = texts_on_axes(main_effects(grid, "net_cost_eur"))
    assert "Net cost including the measures (EUR mln)" in texts, f"y label: {texts}"
    assert any(t.startswith("Adult needs: help seeking (probability") for t in texts), (
        f"a registry factor is labelled by its section, name and registry unit: {texts}"
    )
    assert "POH-GGZ youth at GP practices" in texts, f"a lever switch by its title: {texts}"
    assert {"off", "on"} <= set(texts), f"a switch's values read off/on: {texts}"
    ticks = [float(t.replace("−", "-")) for t in texts if re.fullmatch(r"−?\d+(\.\d+)?", t)]
    assert ticks and max(ticks) < 10, f"net cost near 2 mln should read ~2, not 2e6: {ticks}"


@pytest.mark.parametrize(
    "output, aggregation",
    [
        ("net_cost_eur", "sum over the year's months"),
        ("clients_wmo", "mean over the year's months"),
    ],
)
def test_the_note_holds_year_aggregation_and_n(grid, output, aggregation):
    note = note_of(main_effects(grid, output))
    assert "year 2 of 2 (2026)" in note, f"the year and its calendar year: {note}"
    assert aggregation in note, f"a flow is summed, a stock averaged over the year: {note}"
    assert "n = 36 runs: 6 design points x 2 arms x 3 replicates" in note, f"n: {note}"


def test_every_figure_carries_a_note_with_n(grid):
    for name, fig in all_figures(grid):
        note = note_of(fig)
        assert "n = 36 runs" in note, f"{name}: the note should give n: {note}"
        assert "2025-01 to 2026-12" in note or "year 2 of 2" in note, f"{name}: when: {note}"


# -- what the marks mean --------------------------------------------------------------------------
def data_lines(ax) -> list:
    """The lines that carry data (not the error bars' caps, not reference lines)."""
    return [line for line in ax.lines if len(line.get_xdata()) > 1 and line.get_marker() == "o"]


def test_a_switch_is_drawn_as_points_with_bars_and_no_line(grid):
    fig = main_effects(grid, "net_cost_eur")
    numeric, switch = fig.axes[:2]
    for ax, joined in ((numeric, True), (switch, False)):
        lines = data_lines(ax)
        assert len(lines) == 2, f"one series per arm expected, found {len(lines)}"
        styles = {line.get_linestyle() for line in lines}
        assert (styles == {"-"}) if joined else (styles == {"None"}), (
            f"{'numeric levels are joined' if joined else 'on/off must not be joined'}: {styles}"
        )
        assert ax.collections, "each level needs its interval bars"


def test_levels_of_a_factor_with_few_values_are_never_merged():
    factors = [
        {"path": DISTRICTS, "kind": "uncertainty", "dtype": "int", "low": 1, "high": 4},
        {"path": HELP, "kind": "uncertainty", "dtype": "float", "low": 0.1, "high": 0.3},
    ]
    levels = [{DISTRICTS: 1 + p % 4, HELP: 0.1 + 0.2 * p / 23} for p in range(24)]
    data = synthetic(factors, levels, design="lhs")
    fig = main_effects(data, "net_cost_eur")
    districts, help_seeking = (data_lines(ax) for ax in fig.axes[:2])
    shown = sorted(np.round(districts[0].get_xdata()).astype(int))
    assert shown == [1, 2, 3, 4], f"each of the 4 district counts is its own level: {shown}"
    assert 2 <= len(help_seeking[0].get_xdata()) <= 8, "a continuous factor is shown in bins"


def test_contrasts_show_each_point_with_its_paired_interval(grid):
    fig = contrast_plot(grid, "net_cost_eur")
    (ax,) = fig.axes
    (line,) = data_lines(ax) or [ax.lines[0]]
    x = np.asarray(line.get_xdata(), float)
    assert len(x) == 6, f"one difference per design point: {len(x)}"
    assert np.allclose(x, -4_000 * 12 / 1e6), f"the package saves 0.048 mln in year 2: {x}"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Adult needs: help seeking: 0.12; POH-GGZ youth at GP practices: off" in [
        label.replace("\n", " ") for label in labels
    ], f"each row names its point by the factors' labels: {labels}"


def test_fan_chart_has_median_and_two_bands_per_arm_by_calendar_month(grid):
    fig = fan_chart(grid, "net_cost_eur")
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert len(panels) == 6, f"one panel per design point: {len(panels)}"
    bands = [c for c in panels[0].collections if isinstance(c, PolyCollection)]
    assert len(bands) == 4, f"a 50% and a 90% band per arm: {len(bands)}"
    medians = [line for line in panels[0].lines if line.get_label() in ("status quo", "package")]
    first = medians[0].get_xdata()[0]
    assert str(first)[:7] == "2025-01", f"months on the calendar from the start: {first}"


def test_sobol_bars_carry_their_intervals_and_the_diagnostics_warning(grid):
    fig = sobol_plot(sensitivity_data(grid, "sobol"), "net_cost_eur")
    warnings = [a.get_text() for a in fig.artists if a.get_gid() == "warning"]
    assert warnings, "the diagnostics' warnings belong in the caption"
    text = warnings[0].replace("\n", " ")
    assert "implausible indices" in text and "Adult needs: help seeking" in text, text
    assert HELP not in text, f"the caption names factors by their label: {text}"
    (ax,) = fig.axes
    assert len(ax.patches) == 4 and ax.containers, "S1 and ST bars per factor, with error bars"


def test_morris_scatter_labels_every_factor(grid):
    fig = morris_plot(sensitivity_data(grid, "morris"), "net_cost_eur")
    (ax,) = fig.axes
    labels = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert any("help seeking" in t for t in labels) and any("POH-GGZ" in t for t in labels), (
        f"each point is labelled with its factor: {labels}"
    )
    assert "EUR mln" in ax.get_xlabel(), f"mu* in the output's unit: {ax.get_xlabel()}"


# -- through the command line ---------------------------------------------------------------------
def test_analyze_writes_the_chosen_formats_at_the_chosen_dpi(tmp_path, capsys):
    out = tmp_path / "sweep"
    raw = {
        "sweep": {
            "name": "plots",
            "years": 1,
            "seeds": [1, 2],
            "outputs": ["clients_wmo"],
            "constants": {"population.residents": 1500},
            "vary": [{"path": POH, "values": [False, True]}],
        }
    }
    run_sweep(parse_spec(raw, "test"), out, workers=0, progress=False, log=io.StringIO())
    assert main(["analyze", str(out), "--formats", "svg,png", "--dpi", "300"]) == 0
    written = sorted(p.name for p in (out / "analysis").iterdir() if p.suffix != ".parquet")
    assert "main_effects_clients_wmo.svg" in written and "fan_clients_wmo.png" in written, written
    assert not [n for n in written if n.endswith(".pdf")], f"no PDF was asked for: {written}"
    assert png_width(out / "analysis" / "main_effects_clients_wmo.png") > 1000, "300 dpi"
    assert main(["analyze", str(out), "--formats", "gif"]) == 2, "a bad format is refused"
    assert "svg, pdf, png" in capsys.readouterr().err, "a bad format names the valid ones"


def test_sobol_per_arm_has_a_panel_and_its_own_warnings_per_arm(grid):
    data = sensitivity_data(grid, "sobol")
    quiet = data.sensitivity.assign(warning="")
    data.sensitivity = pd.concat(
        [data.sensitivity.assign(arm="status quo"), quiet.assign(arm="package")]
    )
    fig = sobol_plot(data, "net_cost_eur")
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["arm: status quo", "arm: package"], f"a panel per arm: {titles}"
    (warning,) = [a.get_text().replace("\n", " ") for a in fig.artists if a.get_gid() == "warning"]
    assert "arm 'status quo': implausible" in warning, f"warnings name their arm: {warning}"
    assert "arm 'package'" not in warning, f"the quiet arm has no warning: {warning}"


def test_a_lever_choice_reads_in_words_and_a_lever_parameter_by_its_meaning():
    model = factor_label({"path": "policies.funding_model.model", "dtype": "str"})
    assert model.value("lump_sum") == "lump sum / budget", "a choice by its declared label"
    fte = factor_label({"path": "policies.case_management.extra_fte_per_10000", "dtype": "float"})
    assert fte.axis(200) == (
        "Access-team FTE with active case management: extra FTE per 10,000 residents"
    ), f"a lever parameter by its policy's title and declared meaning: {fte.axis(200)}"

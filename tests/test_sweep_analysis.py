"""`carescape analyze`: summaries per design point, Sobol/Morris indices, main-effect plots."""

from __future__ import annotations

import io

import pyarrow.parquet as pq
import pytest

from experiments.analysis import analyze, format_report
from experiments.cli import main
from experiments.sweep import parse_spec
from experiments.sweep_run import part_path, run_sweep
from model.params import ConfigError

PNG = b"\x89PNG\r\n\x1a\n"


def sweep_into(out, **head):
    """Run a small sweep in this process: 3,000 residents, 1 year."""
    raw = {"sweep": {"name": "t", "years": 1, **head}}
    raw["sweep"].setdefault("constants", {"population.residents": 3000})
    spec = parse_spec(raw, "test")
    run_sweep(spec, out, workers=0, progress=False, log=io.StringIO())
    return spec


YOUTH_FACTORS = [
    {"path": "youth_needs.onset_rate", "low": 0.04, "high": 0.14},
    {"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3},
]


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("grid") / "out"
    sweep_into(
        out,
        replicates=3,
        outputs=["clients_youth", "clients_wmo", "spend_total_eur"],
        vary=[
            {"path": "youth_needs.onset_rate", "values": [0.05, 0.12]},
            {"path": "policies.case_management.enabled", "values": [False, True]},
        ],
    )
    return out, analyze(out)


def test_summary_has_a_row_per_point_and_output_with_an_interval(grid):
    out, report = grid
    summary = pq.read_table(out / "analysis" / "summary.parquet").to_pandas()
    assert len(summary) == 4 * 3, f"4 points x 3 outputs = 12 rows, not {len(summary)}"
    assert (summary["replicates"] == 3).all(), "every point has 3 replicates"
    inside = (summary["lo"] <= summary["mean"]) & (summary["mean"] <= summary["hi"])
    assert inside.all(), "each mean should lie inside its 90% interval"
    assert "youth_needs.onset_rate" in summary.columns, "factor values should be in the summary"


def test_more_youth_problems_mean_more_youth_clients_in_the_summary(grid):
    _, report = grid
    youth = report.summary[report.summary["output"] == "clients_youth"]
    by_onset = youth.groupby("youth_needs.onset_rate")["mean"].mean()
    assert by_onset[0.12] > by_onset[0.05], (
        f"a higher onset of youth problems should give more youth clients: {dict(by_onset)}"
    )


def test_run_values_hold_one_row_per_run(grid):
    out, _ = grid
    values = pq.read_table(out / "analysis" / "run_values.parquet").to_pandas()
    assert sorted(values["run"]) == list(range(12)), "one row per run (4 points x 3 seeds)"


def test_main_effect_plots_are_written_per_output_as_svg_pdf_and_png(grid):
    out, report = grid
    names = {p.name for p in report.plots}
    for output in report.outputs:
        for fmt in ("svg", "pdf", "png"):
            assert f"main_effects_{output}.{fmt}" in names, f"main effects of {output}: {names}"
    for path in report.plots:
        assert path.is_file(), f"{path.name} is listed but not written"
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == PNG, f"{path.name} is not a PNG file"


def test_grid_report_prints_points_and_says_why_there_are_no_indices(grid):
    _, report = grid
    text = format_report(report)
    assert "90% interval" in text and "clients_youth" in text, f"report lacks columns:\n{text}"
    assert "no Sobol or Morris indices" in text, f"the report should explain:\n{text}"
    assert report.sensitivity is None, "a grid gives no sensitivity indices"


def test_year_all_averages_the_years(tmp_path):
    out = tmp_path / "out"
    sweep_into(out, years=2, outputs=["births", "clients_wmo"])
    last = analyze(out, year="last", plots=False).summary.set_index("output")["mean"]
    first = analyze(out, year=1, plots=False).summary.set_index("output")["mean"]
    every = analyze(out, year="all", plots=False).summary.set_index("output")["mean"]
    for name in ("births", "clients_wmo"):
        assert every[name] == pytest.approx((first[name] + last[name]) / 2), (
            f"year='all' should average the yearly figures of {name}"
        )


@pytest.mark.parametrize("year", ["0", "3", "first"])
def test_bad_year_is_a_clear_error(grid, year):
    out, _ = grid
    with pytest.raises(ConfigError, match="--year"):
        analyze(out, year=year, plots=False)


def test_outputs_outside_the_sweep_are_refused(grid):
    out, _ = grid
    with pytest.raises(ConfigError, match="not in this sweep's outputs"):
        analyze(out, outputs=["deaths"], plots=False)


def test_a_folder_without_a_sweep_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="not a sweep folder"):
        analyze(tmp_path)
    assert main(["analyze", str(tmp_path)]) == 2, "the CLI should exit 2 on a non-sweep folder"


@pytest.mark.slow
def test_sobol_design_gives_first_order_and_total_indices(tmp_path):
    out = tmp_path / "out"
    sweep_into(out, design="sobol", samples=4, outputs=["clients_youth"], vary=YOUTH_FACTORS)
    report = analyze(out, plots=False)
    table = report.sensitivity.set_index(["factor", "index"])["value"]
    assert set(report.sensitivity["index"]) == {"S1", "ST"}, "Sobol gives S1 and ST"
    onset = table[("youth_needs.onset_rate", "ST")]
    adult = table[("adult_needs.help_seeking", "ST")]
    assert onset > adult, (
        f"youth problems should matter more for youth clients than adults' help-seeking: "
        f"ST {onset:.2f} vs {adult:.2f}"
    )
    assert (out / "analysis" / "sensitivity.parquet").is_file(), "indices should be written"


@pytest.mark.slow
def test_morris_design_gives_elementary_effects(tmp_path):
    out = tmp_path / "out"
    sweep_into(out, design="morris", samples=4, outputs=["clients_youth"], vary=YOUTH_FACTORS)
    report = analyze(out, plots=True)
    mu_star = report.sensitivity.set_index(["factor", "index"])["value"]
    assert set(report.sensitivity["index"]) == {"mu_star", "mu", "sigma"}, "Morris statistics"
    assert (
        mu_star[("youth_needs.onset_rate", "mu_star")]
        > mu_star[("adult_needs.help_seeking", "mu_star")]
    ), "the onset of youth problems should have the larger elementary effect on youth clients"
    pngs = [p for p in report.plots if p.suffix == ".png"]
    assert pngs and pngs[0].read_bytes()[:8] == PNG, "a main-effect plot"
    assert any(p.name == "morris_clients_youth.svg" for p in report.plots), "a mu*-sigma plot"
    part_path(out, 0, 5).unlink()
    partial = analyze(out, plots=False)
    assert partial.sensitivity is None, "indices need every design point"
    assert any("rerun carescape sweep" in note for note in partial.notes), (
        f"an incomplete sweep should say how to finish it: {partial.notes}"
    )


def test_seed_noise_share_is_stored_and_printed_per_output(grid):
    out, report = grid
    summary = pq.read_table(out / "analysis" / "summary.parquet").to_pandas()
    shares = summary.groupby("output")["seed_noise_share"].unique()
    assert all(len(s) == 1 and 0 <= s[0] <= 1 for s in shares), f"one share per output: {shares}"
    assert shares["clients_youth"][0] < 0.5, (
        f"youth onset 0.05 vs 0.12 should outweigh the seeds for youth clients: {shares}"
    )
    text = format_report(report)
    assert "Seed noise" in text and "clients_youth" in text.split("Seed noise")[1], text

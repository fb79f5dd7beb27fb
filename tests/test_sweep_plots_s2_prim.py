"""The S2 heatmap and PRIM's peeling trajectory: drawn from known numbers, written by analyze."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest

from experiments.analysis import analyze
from experiments.prim_analysis import find_boxes, peeling_trajectories, trajectory_plot
from experiments.sobol_check import sobol_indices
from experiments.sweep import parse_spec
from experiments.sweep_plots import SweepData, save, sobol_s2_plot, write_all
from experiments.sweep_run import run_sweep
from tests.test_prim import planted

PATHS = ["adult_needs.help_seeking", "youth_needs.onset_rate", "policies.poh_ggz.coverage"]
PNG = b"\x89PNG\r\n\x1a\n"


def ishigami_data(samples: int = 512) -> SweepData:
    """A Sobol table (S2 kept) of the Ishigami function on three registry factors.

    Known: the only interaction is x1 x x3 (S2 about 0.24); x1 x x2 and x2 x x3 are 0.
    """
    from SALib.sample import sobol

    problem = {"num_vars": 3, "names": PATHS, "bounds": [[0.0, 1.0]] * 3}
    unit = sobol.sample(problem, samples, calc_second_order=True, seed=1)
    x = (unit * 2 - 1) * np.pi
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    table, notes = sobol_indices(problem, y, samples, True, 1, "net_cost_eur")
    table["warning"] = "; ".join(notes)
    factors = [{"path": p, "kind": "uncertainty", "dtype": "float", "low": 0.0, "high": 1.0}
               for p in PATHS]  # fmt: skip
    points = len(y)
    values = pd.DataFrame(
        {"run": range(points), "point": range(points), "replicate": 0, "net_cost_eur": y}
    )
    meta = {"name": "ishigami", "design": "sobol", "years": 2, "start": "2025-01",
            "factors": factors, "samples": samples}  # fmt: skip
    design = pd.DataFrame({"point": range(points), **dict(zip(PATHS, unit.T, strict=True))})
    return SweepData(meta, "last", ["net_cost_eur"], values, design, {}, table)


def cell_texts(fig) -> list[str]:
    (ax,) = [a for a in fig.axes if a.get_label() != "<colorbar>"]
    return [t.get_text() for t in ax.texts]


def test_the_s2_heatmap_shows_each_pair_with_its_interval_and_the_known_interaction():
    data = ishigami_data()
    fig = sobol_s2_plot(data, "net_cost_eur")
    texts = cell_texts(fig)
    assert len(texts) == 3, f"three factors make three pairs, one cell each: {texts}"
    assert all("±" in t for t in texts), f"every value carries its half-width: {texts}"
    s2 = data.sensitivity[data.sensitivity["index"] == "S2"].set_index("factor")["value"]
    strong = s2[f"{PATHS[0]} x {PATHS[2]}"]
    assert strong == pytest.approx(0.24, abs=0.1), f"Ishigami's x1 x x3 interaction: {strong}"
    assert f"{strong:.2f}" in " ".join(texts), "the x1 x x3 cell shows its value"
    fig.canvas.draw()
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
    assert not [t for t in labels if "." in t and "_" in t], f"no dotted paths: {labels}"
    assert any("help" in t for t in labels), f"factors by their registry label: {labels}"
    notes = [a.get_text() for a in fig.artists + fig.texts if a.get_gid() == "note"]
    assert notes and "n = " in notes[0] and "year 2" in notes[0], f"the note: {notes}"


def test_the_s2_heatmap_is_written_only_when_the_design_made_s2(tmp_path):
    data = ishigami_data(64)
    names = write_all(lambda stem: tmp_path / stem, data, ("svg", "png"), 80)
    assert "sobol_s2_net_cost_eur.svg" in names and "sobol_s2_net_cost_eur.png" in names, names
    assert (tmp_path / "sobol_s2_net_cost_eur.png").read_bytes()[:8] == PNG, "a PNG"
    first_order = data.sensitivity[data.sensitivity["index"] != "S2"]
    plain = SweepData(data.meta, "last", data.outputs, data.values, data.design, {}, first_order)
    names = write_all(lambda stem: tmp_path / "plain" / stem, plain, ("svg",), 80)
    assert not [n for n in names if n.startswith("sobol_s2")], f"no S2, no heatmap: {names}"


def test_the_trajectory_is_the_one_find_boxes_walks_and_marks_the_kept_box():
    x, y = planted(600)
    steps = peeling_trajectories(x, y)
    boxes = find_boxes(x, y)
    first = steps[steps["box"] == 1]
    assert first["coverage"].is_monotonic_decreasing, "peeling trades coverage away"
    assert first["restricted"].iloc[0] == 0 and first["restricted"].max() >= 2, (
        "the first step restricts nothing, the planted box needs two factors"
    )
    kept = steps[steps["chosen"]]
    assert list(kept["box"]) == sorted(boxes["box"].unique()), "one kept step per box"
    chosen = kept.iloc[0]
    stats = boxes[boxes["box"] == 1].iloc[0]
    assert (chosen["coverage"], chosen["density"]) == pytest.approx(
        (stats["coverage"], stats["density"])
    ), "the kept step is the box find_boxes reports"
    assert boxes[boxes["box"] == 1]["restricted"].sum() == chosen["restricted"], (
        "the kept step restricts the factors the box restricts"
    )


def test_the_trajectory_plot_draws_coverage_against_density_with_the_kept_box():
    x, y = planted(600)
    points = x.assign(case=y)
    fig = trajectory_plot("a > 0.6 and b < 0.3", "", points, ["a", "b", "c"], 0.8, "n = 600")
    ax = fig.axes[0]
    assert "coverage" in ax.get_xlabel() and "density" in ax.get_ylabel(), "axes named"
    kept = [t.get_text() for t in ax.texts if t.get_text().startswith("kept")]
    assert len(kept) == 1, f"the kept box is marked once per panel: {kept}"
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("restricted" in t for t in legend) and "box kept" in legend, legend
    note = [a.get_text() for a in fig.artists + fig.texts if a.get_gid() == "note"]
    assert note and "600 design points" in note[0].replace("\n", " "), note
    out = save(fig, __import__("pathlib").Path("results/screenshots/prim_trajectory_test"),
               ("png",), 110)  # fmt: skip
    assert out[0].read_bytes()[:8] == PNG


@pytest.mark.slow
def test_analyze_writes_the_trajectory_next_to_the_prim_plot(tmp_path):
    out = tmp_path / "lhs"
    raw = {
        "sweep": {
            "name": "youth lhs",
            "years": 1,
            "design": "lhs",
            "samples": 16,
            "outputs": ["clients_youth"],
            "constants": {"population.residents": 2000},
            "vary": [
                {"path": "youth_needs.onset_rate", "low": 0.04, "high": 0.14},
                {"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3},
            ],
        }
    }
    run_sweep(parse_spec(raw, "test"), out, workers=0, progress=False, log=io.StringIO())
    median = float(analyze(out, plots=False).summary["mean"].median())
    report = analyze(out, prim=f"clients_youth > {median}", formats=("svg", "png"), dpi=80)
    names = sorted(p.name for p in report.plots)
    assert "prim.png" in names, names
    assert {"prim_trajectory.svg", "prim_trajectory.png"} <= set(names), names
    svg = (out / "analysis" / "prim_trajectory.svg").read_text(encoding="utf-8")
    text = " ".join(re.findall(r">([^<]*)</text>", svg))  # the note's wrapped lines
    assert "mean over the year's months" in text and "16 design points" in text, (
        "the note gives the aggregation of the condition's output and n"
    )

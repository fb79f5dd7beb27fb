"""The sweep explorer's numbers and words (/sweeps) on a tiny real sweep.

The page must agree with ``carescape analyze``: its main effects are the points the
published main-effect figure draws, its contrasts the paired differences; an arm equal
to the reference contrasts to exactly zero; a folder that is no sweep or is unfinished
is named with what is missing, in Dutch and English.
"""

from __future__ import annotations

import io
import os
import shutil

import numpy as np
import pytest

from experiments.analysis import load_meta
from experiments.sobol_check import implausible, needed_samples, too_few
from experiments.sweep import parse_spec
from experiments.sweep_plots import SweepData, main_effects
from experiments.sweep_run import run_sweep
from viz.sweep_explorer_charts import analyze_svg, contrast_png, main_effect_png, morris_png
from viz.sweep_explorer_data import (
    SWEEPS_ENV,
    SweepProblem,
    contrasts_by_level,
    find_sweeps,
    main_effect,
    missing_runs,
    noise_table,
    open_sweep,
    output_values,
    point_contrasts,
    sensitivity_table,
    sweep_roots,
)
from viz.sweep_explorer_text import diagnostic_text, factor_name, level_text, problem_text

PNG = b"\x89PNG\r\n\x1a\n"
POH = "policies.poh_ggz.enabled"
HELP = "adult_needs.help_seeking"
REFERENCE, COPY, PACKAGE = "referentie", "referentie kopie", "casemanagement"


def grid_spec() -> dict:
    """3,000 residents, 2 years, 2 seeds; POH-GGZ on/off x help-seeking; three arms."""
    return {
        "sweep": {
            "name": "verkenner",
            "years": 2,
            "seeds": [1, 2],
            "outputs": ["net_cost_eur", "clients_wmo", "tailored_share"],
            "constants": {"population.residents": 3000},
            "vary": [
                {"path": POH, "values": [False, True]},
                {"path": HELP, "values": [0.12, 0.24]},
            ],
            "arms": [
                {"name": REFERENCE},
                {"name": COPY},
                {"name": PACKAGE, "policies": {"case_management": {"extra_fte_per_10000": 2.0}}},
            ],
        }
    }


def make_sweep(out, raw: dict) -> None:
    run_sweep(parse_spec(raw, "test"), out, workers=0, progress=False, log=io.StringIO())


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("explorer") / "sweeps" / "grid"
    make_sweep(out, grid_spec())
    return out


def test_the_main_effects_are_the_points_of_analyzes_figure(grid):
    sweep = open_sweep(grid)
    values = output_values(sweep, "net_cost_eur")
    data = SweepData(load_meta(grid), "last", ["net_cost_eur"], values, sweep.design, {})
    figure = main_effects(data, "net_cost_eur")
    for panel, path in enumerate([POH, HELP]):
        table = main_effect(sweep, "net_cost_eur", path)
        drawn = figure.axes[panel].containers  # one errorbar per arm, in the arms' order
        assert len(drawn) == 3, f"{path}: one series per arm in the figure, not {len(drawn)}"
        for container, arm in zip(drawn, sweep.arms, strict=True):
            ours = table[table["arm"] == arm]["mean"].to_numpy(float) / 1e6
            theirs = np.asarray(container.lines[0].get_ydata(), float)
            assert np.allclose(ours, theirs), f"{path}, {arm}: page {ours} vs figure {theirs}"
        assert (table["hi"] > table["lo"]).all(), f"{path}: every level has an interval"


def test_an_arm_equal_to_the_reference_contrasts_to_exactly_zero(grid):
    sweep = open_sweep(grid)
    for path in (POH, HELP):
        table = contrasts_by_level(sweep, "clients_wmo", path)
        same = table[table["arm"] == COPY]
        assert len(same) == 2, f"{path}: two levels for the copy arm, got {len(same)}"
        assert (same[["mean", "lo", "hi"]].to_numpy() == 0).all(), (
            f"{path}: the copy of the reference should differ by exactly 0:\n{same}"
        )


def test_contrasts_per_level_are_the_paired_contrasts_averaged_over_the_points(grid):
    sweep = open_sweep(grid)
    per_point = point_contrasts(sweep, "net_cost_eur")
    table = contrasts_by_level(sweep, "net_cost_eur", HELP)
    for row in table[table["arm"] == PACKAGE].to_dict("records"):
        points = per_point[(per_point["arm"] == PACKAGE) & (per_point[HELP] == row["level"])]
        expected = points["diff_mean"].mean()
        assert row["mean"] == pytest.approx(expected), (
            f"help-seeking {row['level']}: {row['mean']} vs paired_contrasts {expected}"
        )
        assert row["lo"] < row["mean"] < row["hi"], f"a paired interval around the mean: {row}"


def test_a_grid_has_no_indices_and_gives_the_seed_noise_share(grid):
    sweep = open_sweep(grid)
    assert sensitivity_table(sweep, "net_cost_eur") == (None, []), "a grid gives no indices"
    noise = noise_table(sweep, "net_cost_eur")
    assert list(noise["arm"]) == sweep.arms, "a seed-noise share per arm"
    assert noise["seed_noise_share"].between(0, 1).all(), f"shares in [0, 1]: {noise}"


def test_charts_are_drawn_in_both_languages(grid):
    sweep = open_sweep(grid)
    for lang in ("nl", "en"):
        table = main_effect(sweep, "tailored_share", POH)
        png = main_effect_png(sweep, table, "tailored_share", POH, lang)
        assert png[:8] == PNG, f"a main-effect PNG in {lang}"
        table = contrasts_by_level(sweep, "tailored_share", HELP)
        assert contrast_png(sweep, table, "tailored_share", HELP, lang)[:8] == PNG


def test_factors_and_levels_read_as_words_not_keys(grid):
    sweep = open_sweep(grid)
    factor = sweep.factor(POH)
    assert factor_name(factor, "nl") == "POH-GGZ jeugd bij de huisarts", factor_name(factor, "nl")
    assert [level_text(factor, v, "nl") for v in (False, True)] == ["uit", "aan"]
    assert [level_text(factor, v, "en") for v in (False, True)] == ["off", "on"]
    help_factor = sweep.factor(HELP)
    for lang in ("nl", "en"):
        name = factor_name(help_factor, lang)
        assert "." not in name and "_" not in name, f"{lang}: a label, not a key: {name!r}"
    assert level_text(help_factor, 0.12, "nl") == "0,12", "Dutch decimal comma"


def test_sweeps_are_found_under_results_and_the_named_folders(grid, tmp_path, monkeypatch):
    root = grid.parent.parent
    assert find_sweeps([root]) == [grid.resolve()], "a sweep two levels down is found"
    monkeypatch.setenv(SWEEPS_ENV, str(root))
    assert root in sweep_roots(tmp_path), "CARESCAPE_SWEEPS adds a place to look"
    assert find_sweeps([tmp_path]) == [], "an empty folder holds no sweep"


def test_folders_that_are_no_sweep_are_named_with_what_is_missing(grid, tmp_path):
    cases = {
        "no_folder": tmp_path / "nothing-here",
        "not_sweep": tmp_path,
    }
    broken = tmp_path / "no-design"
    broken.mkdir()
    shutil.copy(grid / "sweep.json", broken / "sweep.json")
    cases["no_design"] = broken
    empty = tmp_path / "no-runs"
    empty.mkdir()
    for name in ("sweep.json", "design.parquet"):
        shutil.copy(grid / name, empty / name)
    cases["no_runs"] = empty
    for code, folder in cases.items():
        with pytest.raises(SweepProblem) as caught:
            open_sweep(folder)
        assert caught.value.code == code, f"{folder}: {caught.value.code}, expected {code}"
        for lang in ("nl", "en"):
            text = problem_text(caught.value, lang)
            assert str(folder) in text, f"{lang}: the message names the folder: {text}"
    assert "design.parquet" in problem_text(SweepProblem("no_design", folder="x"), "nl")


def test_an_unfinished_sweep_says_how_many_runs_are_missing(grid, tmp_path):
    copy = tmp_path / "half"
    shutil.copytree(grid, copy)
    for part in sorted((copy / "data").glob("run=*"))[:3]:
        shutil.rmtree(part)
    sweep = open_sweep(copy)
    assert missing_runs(sweep, "clients_wmo") == 3, "three runs' parts were removed"
    assert not main_effect(sweep, "clients_wmo", POH).empty, "the finished runs still show"


def test_sobol_diagnostics_are_said_again_in_dutch(grid):
    sweep = open_sweep(grid)
    result = {"S1": np.array([1.4]), "ST": np.array([0.2])}
    result |= {"S1_conf": np.array([0.3]), "ST_conf": np.array([0.2])}
    notes = too_few(result, 8, "clients_wmo") + implausible(result, [HELP], "clients_wmo")
    notes.append("3 design points have no finished run, so sobol indices cannot be computed")
    assert len(notes) >= 3, notes
    for note in notes:
        text = diagnostic_text("warning: arm 'x': " + note, sweep, "nl")
        assert text != note and "Variant x" in text, f"not recognised: {note!r} -> {text!r}"
        english = [w for w in ("samples", "design points", "indices for", "sum to") if w in text]
        assert not english, f"English left in the Dutch text {text!r}: {english}"
    needed = needed_samples(8, 0.3)
    assert f"N = {needed}" in diagnostic_text(notes[0], sweep, "nl"), "the N needed is kept"


@pytest.mark.slow
def test_a_morris_sweep_gives_mu_star_and_sigma_per_factor(tmp_path):
    raw = {
        "sweep": {
            "name": "morris",
            "years": 1,
            "design": "morris",
            "samples": 4,
            "outputs": ["clients_youth"],
            "constants": {"population.residents": 3000},
            "vary": [
                {"path": "youth_needs.onset_rate", "low": 0.04, "high": 0.14},
                {"path": HELP, "low": 0.1, "high": 0.3},
            ],
        }
    }
    make_sweep(tmp_path / "m", raw)
    sweep = open_sweep(tmp_path / "m")
    table, notes = sensitivity_table(sweep, "clients_youth")
    assert set(table["index"]) == {"mu_star", "mu", "sigma"}, f"Morris statistics: {notes}"
    mu = table[table["index"] == "mu_star"].set_index("factor")["value"]
    assert mu["youth_needs.onset_rate"] > mu[HELP], "youth onset moves youth clients most"
    assert morris_png(sweep, table, "clients_youth", "nl")[:8] == PNG
    effect = main_effect(sweep, "clients_youth", "youth_needs.onset_rate")
    assert len(effect) >= 2, f"a continuous factor in levels or bins: {effect}"


def test_carescape_ui_sweeps_names_folders_to_the_explorer(tmp_path, monkeypatch, capsys):
    import viz.cli
    from experiments.cli import main

    seen = {}

    def fake_child(command, env):  # the server is not started: its environment is the test
        seen.update(env)
        return 0

    monkeypatch.setattr(viz.cli, "run_child", fake_child)
    monkeypatch.delenv(SWEEPS_ENV, raising=False)
    assert main(["ui", "--port", "1", "--sweeps", str(tmp_path), "--sweeps", "."]) == 0
    folders = seen[viz.cli.SWEEPS_ENV].split(os.pathsep)
    assert viz.cli.SWEEPS_ENV == SWEEPS_ENV, "the CLI and the explorer read the same variable"
    assert folders[0] == str(tmp_path.resolve()) and len(folders) == 2, folders


def test_the_published_figures_download_as_analyze_draws_them(grid):
    sweep = open_sweep(grid)
    svg = analyze_svg(sweep, "net_cost_eur", "last", "main_effects").decode()
    assert svg.lstrip().startswith("<?xml") and "Main effects on" in svg, svg[:200]
    assert "n = 24 runs" in svg, "the note says what the figure rests on"
    contrasts = analyze_svg(sweep, "net_cost_eur", "last", "contrasts").decode()
    assert "Paired contrasts against" in contrasts and REFERENCE in contrasts


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_morris_indices_read_as_names_and_the_axis_in_the_pages_language(grid, lang, monkeypatch):
    """The sensitivity table names mu* and sigma as the figure does (not 'mu_star'), and the
    Morris axis reads one sentence with the unit in the page's language ('cliënten')."""
    import dataclasses

    import pandas as pd

    from viz import sweep_explorer_charts
    from viz.i18n import t
    from viz.sweep_explorer import index_rows

    grid_sweep = open_sweep(grid)
    sweep = dataclasses.replace(grid_sweep, meta={**grid_sweep.meta, "design": "morris"})
    table = pd.DataFrame(
        [
            {"factor": f["path"], "index": index, "value": value, "conf": 0.5}
            for f in sweep.factors
            for index, value in (("mu_star", 12.0), ("mu", -3.0), ("sigma", 4.0))
        ]
    )
    rows = index_rows(sweep, table, "clients_wmo", lang)
    shown = {row[2] for row in rows}
    assert shown == {t("sx_mu_star", lang), t("sx_sigma", lang)}, f"index names: {shown}"
    assert not any("_" in cell for row in rows for cell in row), f"no keys: {rows}"
    figures = []
    draw = sweep_explorer_charts._png
    monkeypatch.setattr(sweep_explorer_charts, "_png", lambda fig: figures.append(fig) or draw(fig))
    morris_png(sweep, table, "clients_wmo", lang)
    axis = figures[0].axes[0].get_xlabel()
    unit = "(cliënten)" if lang == "nl" else "(clients)"
    assert axis.endswith(unit), f"the unit in the page's language: {axis!r}"
    after = axis.split(", ", 1)[1]
    assert after[0].islower(), f"no capital in mid-sentence: {axis!r}"

"""A municipality's own profile: built from its figures, fitted, reported (issue 11).

`carescape profile build` makes the profile and its targets; `carescape calibrate
--profile` fits the behavioural parameters to them with the engine of the presets;
`carescape validate --profile` writes the fit report.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from experiments import figures
from experiments.calibrate import calibrate, simulate
from experiments.cli import main
from experiments.targets import load_targets
from experiments.tensions import describe, find_tensions, spearman
from model.params import REGISTRY, load_preset, load_profile

DEFAULT_FIGURES = figures.figures_folder() / "default.toml"
TINY = dict(seeds=(1,), residents=1500, years=1, workers=0)


def _built(tmp_path, text: str | None = None, name: str = "town.toml"):
    source = DEFAULT_FIGURES
    if text is not None:
        source = tmp_path / "figures.toml"
        source.write_text(text, encoding="utf-8")
    out = tmp_path / name
    built = figures.build(source, out)
    figures.write(built, out)
    return out


def test_a_fitted_municipality_keeps_its_own_figures_and_says_what_it_came_from(tmp_path):
    built = _built(tmp_path)
    start = load_profile(built)
    result = calibrate(profile=built, trials=2, out=tmp_path / "fit", **TINY)
    fitted = load_profile(result.profile_path)
    local = set(start.built_from["local_parameters"])
    assert local and "population.residents" in local
    for name in local:  # structural figures are set, never fitted away
        assert fitted[name] == start[name], name
    cal = fitted.calibration
    assert not local & set(cal["fitted_parameters"])
    assert cal["start"] == "town" and cal["trials"] == 2
    carried = fitted.built_from
    assert carried["figures_file"] == "default.toml"
    assert carried["local_targets"] == start.built_from["local_targets"]
    assert not set(carried["national_assumptions"]) & set(cal["fitted_parameters"])
    assert set(carried["national_assumptions"]) | local | set(cal["fitted_parameters"]) == set(
        REGISTRY
    )
    # The fitted profile's folder holds its targets: it can be validated or refitted alone.
    copy = result.profile_path.with_name(carried["targets_file"])
    assert load_targets(copy).names() == load_targets(built.with_name("town.targets.toml")).names()
    again = calibrate(profile=result.profile_path, trials=1, out=tmp_path / "refit", **TINY)
    assert set(load_profile(again.profile_path).calibration["fitted_parameters"]) == set(
        cal["fitted_parameters"]
    )


def test_a_profile_without_targets_is_refused_with_the_way_out(tmp_path, capsys):
    plain = tmp_path / "plain.toml"
    plain.write_text('[profile]\nname = "plain"\n', encoding="utf-8")
    assert main(["calibrate", "--profile", str(plain), "--trials", "1"]) == 2
    err = capsys.readouterr().err
    assert "names no targets file" in err and "--targets" in err


@pytest.mark.slow
def test_a_resumed_fit_makes_the_same_trials_as_one_run_straight_through(tmp_path):
    built = _built(tmp_path)
    straight = calibrate(profile=built, trials=12, out=tmp_path / "a", **TINY)
    calibrate(profile=built, trials=5, out=tmp_path / "b", **TINY)
    resumed = calibrate(profile=built, trials=7, out=tmp_path / "b", **TINY)
    assert resumed.trials == straight.trials == 12
    assert resumed.params == straight.params  # 12 > TPE's 10 random start-up trials
    assert resumed.loss == straight.loss and resumed.best_trial == straight.best_trial


def test_the_default_figures_with_the_default_fit_are_the_default_preset(tmp_path):
    """Building from figures loses nothing: only the fitted behaviour separates the two.

    The profile built from the default preset's own figures, given the default's fitted
    values for what it still takes from national assumptions, runs exactly as the preset
    (same seed, same numbers) - so a fit that finds those values reproduces the default's
    targets, which the built targets file equals (tests/test_figures.py).
    """
    preset = load_preset("default")
    start = load_profile(_built(tmp_path))
    national = start.built_from["national_assumptions"]
    filled = start.with_overrides({k: preset[k] for k in national if start[k] != preset[k]})
    assert dict(filled.values) == dict(preset.values)
    size = {"population.residents": 3000}
    (ours,) = simulate(filled.with_overrides(size), (1,), 1)
    (theirs,) = simulate(preset.with_overrides(size), (1,), 1)
    assert ours.keys() == theirs.keys()
    for column in ours:
        assert (ours[column] == theirs[column]).all(), column


@pytest.mark.slow
def test_twice_the_youth_care_users_moves_the_fitted_profile_toward_them(tmp_path):
    text = DEFAULT_FIGURES.read_text(encoding="utf-8")
    text = text.replace("users_u18 = 12.1", "users_u18 = 24.2")
    text = text.replace("users_u23 = 10.6", "users_u23 = 21.2")
    built = _built(tmp_path, text)
    fit = tmp_path / "fit.toml"
    fit.write_text(  # the youth onset only: a small, quick study that must find it
        '[fit."youth_needs.onset_rate"]\nlow = 0.04\nhigh = 0.3\n', encoding="utf-8"
    )
    settings = dict(profile=built, fit_path=fit, seeds=(1,), residents=4000, years=4, workers=0)
    start = calibrate(trials=1, out=tmp_path / "fit", **settings)
    result = calibrate(trials=11, out=tmp_path / "fit", **settings)

    def users(r):
        return next(e.mean for e in r.evaluations if e.target.name == "youth_users_u18")

    assert users(start) < 16, "the national default is far below the local figure"
    assert users(result) > users(start) + 4, (users(start), users(result))
    assert abs(users(result) - 24.2) < abs(users(start) - 24.2)
    assert (
        load_profile(result.profile_path)["youth_needs.onset_rate"]
        > REGISTRY["youth_needs.onset_rate"].default
    )


@pytest.mark.slow
def test_the_fit_report_of_a_municipality(tmp_path, capsys):
    built = _built(tmp_path)
    result = calibrate(profile=built, trials=2, out=tmp_path / "fit", **TINY)
    out = tmp_path / "report"
    args = ["validate", "--profile", str(result.profile_path), "--residents", "1500"]
    assert main(args + ["--years", "2", "--out", str(out), "--workers", "0"]) == 0
    text = (out / "validation.md").read_text(encoding="utf-8")
    assert text.startswith("# Fit report of default")
    assert "Built from `default.toml`" in text and "targets from its own figures" in text
    assert "Still national assumptions" in text and "## Which figures pull against which" in text
    assert "(local figure)" in text and "Patterns" in text
    html = (out / "validation.html").read_text(encoding="utf-8")
    assert "Fit report of default" in html and "<script" not in html


def _target(name, value=10.0):
    from experiments.targets import Target

    return Target(name, name, name, value, value * 0.8, value * 1.2, "", "", "mean", ("x",))


def test_tensions_name_the_figure_and_parameter_that_pull_the_other_way():
    from experiments.targets import Evaluation

    # Parameter p moves a up and b down: a can reach 10 only where b is far from 10.
    trials, params = [], []
    for i in range(30):
        p = i / 29
        trials.append({"a": [10 + 4 * p], "b": [14 - 4 * p], "c": [10 + (i % 3) * 0.1]})
        params.append({"p": p, "q": (i * 7) % 5})
    best = [
        Evaluation(_target("a"), (13.0,)),  # outside its band at the best trial
        Evaluation(_target("b"), (10.0,)),
        Evaluation(_target("c"), (10.0,)),
    ]
    (found,) = find_tensions(best, trials, params)
    assert (found.target, found.against, found.parameter) == ("a", "b", "p")
    assert found.rho < -0.9 and found.parameter_rho[0] * found.parameter_rho[1] < 0
    sentence = describe(found.as_table(), {"a": "Clients A", "b": "Clients B"}, "nl")
    assert "Clients A trekt tegen Clients B in" in sentence and "-1,00" in sentence
    # Too few trials, or errors that do not oppose each other: no tension is named.
    assert find_tensions(best, trials[:5], params[:5]) == []
    independent = [{"a": t["a"], "b": [10.0 + (i % 4)], "c": t["c"]} for i, t in enumerate(trials)]
    assert find_tensions(best, independent, params) == []


def test_spearman_handles_ties_and_constants():
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2], [1, 1, 2]) == pytest.approx(1.0)
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0
    assert math.isfinite(spearman([1, 2, 2, 3], [4, 3, 3, 1]))


def test_named_districts_of_unequal_size_shape_the_town(tmp_path):
    source = tmp_path / "w.toml"
    source.write_text(
        '[municipality]\nname = "Wijkstad"\nresidents = 20000\n'
        '[districts]\nCentrum = 12000\nDorp = 3000\n"Nieuw-West" = 5000\n',
        encoding="utf-8",
    )
    out = tmp_path / "w-profile.toml"
    figures.write(figures.build(source, out), out)
    profile = load_profile(out)
    assert profile.districts == {"Centrum": 12000.0, "Dorp": 3000.0, "Nieuw-West": 5000.0}
    from model.care_model import CareModel

    model = CareModel(profile=profile, years=1, rng=1)
    assert model.district_names == ["Centrum", "Dorp", "Nieuw-West"]
    people = model.ctx.people
    living = people.living()
    counts = np.bincount(people.view("district")[living], minlength=3)
    assert counts / counts.sum() == pytest.approx([0.6, 0.15, 0.25], abs=0.03)
    fte = [team.fte for team in model.ctx.teams]
    assert np.array(fte) / sum(fte) == pytest.approx([0.6, 0.15, 0.25])
    # A run with another number of districts gets equal, numbered ones.
    other = profile.with_overrides({"population.districts": 2})
    assert other.district_shares() == (["1", "2"], None)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("A = 1\nB = 0\n", "B = 0 - each district's residents must be a number above 0"),
        ("A = 1\n", "names 1 districts but population.districts = 2"),
        ('A = "many"\nB = 2\n', "A = 'many'"),
    ],
)
def test_a_bad_district_table_names_the_district(tmp_path, table, expected, capsys):
    path = tmp_path / "p.toml"
    path.write_text(f"[population]\ndistricts = 2\n[profile.districts]\n{table}", "utf-8")
    assert main(["run", "--profile", str(path), "--years", "1", "--residents", "1000"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err

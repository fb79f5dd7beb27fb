"""`carescape calibrate`: the fit specification and a tiny resumable study."""

from __future__ import annotations

import fnmatch
import tomllib

import pytest

from experiments.calibrate import calibrate, load_fit_spec
from experiments.cli import main
from model.params import REGISTRY, ConfigError, load_profile


def test_every_assumption_parameter_is_fitted_or_listed_with_a_reason():
    spec = load_fit_spec()
    unaccounted = spec.unaccounted()
    assert not unaccounted, (
        "assumption parameters neither fitted nor listed under [not_fitted] with a reason in "
        f"{spec.path}: {', '.join(unaccounted)}"
    )
    fitted = {p.name for p in spec.fitted}
    both = [name for name in fitted if spec.reason(name) is not None]
    assert not both, f"fitted and listed as not fitted: {both}"
    assert all(reason.strip() for reason in spec.not_fitted.values()), "a reason is empty"


def test_not_fitted_entries_are_not_stale():
    spec = load_fit_spec()
    assumptions = [n for n, p in REGISTRY.items() if p.is_assumption]
    stale = [
        pattern
        for pattern in spec.not_fitted
        if not any(fnmatch.fnmatchcase(name, pattern) for name in assumptions)
    ]
    assert not stale, f"[not_fitted] entries that match no assumption parameter: {stale}"


def test_fitted_ranges_lie_inside_the_registry_ranges():
    for param in load_fit_spec().fitted:
        registered = REGISTRY[param.name]
        assert registered.is_assumption, f"{param.name} is fitted but cites a figure"
        assert registered.low <= param.low < param.high <= registered.high, param.name


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[fit."access.nope"]\nlow = 1\nhigh = 2\n', "not a registry parameter"),
        ('[fit."access.casework_share"]\nlow = 0.0\nhigh = 99.0\n', "inside the registry range"),
        ('[fit."access.casework_share"]\nlow = 1\nhigh = 2\nstep = 1\n', "field 'step'"),
        ("[fitted]\n", "top-level key 'fitted'"),
    ],
)
def test_a_bad_fit_spec_names_what_is_wrong(tmp_path, body, expected):
    path = tmp_path / "fit.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=expected):
        load_fit_spec(path)


def test_calibrate_refuses_targets_whose_indicators_are_missing(tmp_path):
    target = tmp_path / "t.toml"
    target.write_text(
        '[targets.x]\nlabel = "x"\nlabel_nl = "x"\nvalue = 1.0\nlow = 0.5\nhigh = 2.0\n'
        'unit = "u"\nsource = "s"\nmeasure = "mean"\nof = "not_recorded"\n'
    )
    with pytest.raises(ConfigError, match="x: not_recorded"):
        calibrate(targets=target, trials=1, seeds=(1,), residents=1000, years=1, out=tmp_path)


@pytest.mark.slow
def test_a_tiny_study_writes_a_profile_and_resumes(tmp_path):
    args = dict(preset="default", seeds=(1, 2), residents=1500, years=2, out=tmp_path)
    args |= dict(workers=0, skip_missing=True, study_name="tiny")
    first = calibrate(trials=2, **args)
    assert first.trials == 2 and first.profile_path.is_file()
    profile = load_profile(first.profile_path)
    provenance = profile.calibration
    assert provenance["seeds"] == [1, 2] and provenance["trials"] == 2
    assert provenance["loss"] == pytest.approx(first.loss, rel=1e-6)
    assert "relative error" in provenance["loss_definition"]
    assert set(provenance["per_target"]) == {e.target.name for e in first.evaluations}
    for name, value in first.params.items():
        assert profile[name] == pytest.approx(value), f"{name} not written into the profile"
    assert profile["population.residents"] == 45000, "the preset's size, not the fitting size"
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"

    again = calibrate(trials=1, **args)
    assert again.trials == 3, "running the same study again continues it"
    assert again.loss <= first.loss + 1e-9 or again.best_trial == 2

    with pytest.raises(ConfigError, match="other settings"):
        calibrate(trials=1, **(args | {"seeds": (1, 2, 3)}))


@pytest.mark.slow
def test_the_calibrate_command(tmp_path, capsys):
    out = tmp_path / "cal"
    code = main(
        ["calibrate", "--trials", "1", "--seeds", "1", "--residents", "1500", "--years", "1"]
        + ["--out", str(out), "--workers", "0", "--skip-missing"]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "loss" in text and "relative error" in text and str(out / "profile.toml") in text
    assert tomllib.loads((out / "profile.toml").read_text())["calibration"]["trials"] == 1


def test_a_profile_keeps_its_calibration_provenance():
    from model.params import parse_profile

    raw = {
        "profile": {"name": "p"},
        "access": {"fte_per_10000": 4.0},
        "calibration": {"trials": 3, "per_target": {"hh_per_1000": {"loss": 0.1}}},
    }
    profile = parse_profile(raw, "p.toml")
    assert profile["access.fte_per_10000"] == 4.0
    assert profile.calibration["trials"] == 3
    assert profile.with_overrides({"access.fte_per_10000": 3.0}).calibration == profile.calibration

"""Distance to the calibration targets as a ready-made outcome of sweeps and EMA runs."""

from __future__ import annotations

import io

import numpy as np
import pytest

from experiments import target_distance
from experiments.analysis import analyze
from experiments.outcomes import parse_outcomes
from experiments.sweep import load_spec, parse_spec
from experiments.sweep_run import run_sweep
from experiments.targets import resolve_targets, series_of
from model.care_model import CareModel
from model.params import ConfigError
from model.results import to_table

RESIDENTS, YEARS = 6000, 3


def run_series(seed: int = 1, **overrides) -> dict[str, np.ndarray]:
    """A default-preset run's monthly columns (with dates), as validate measures them."""
    model = CareModel(
        preset="default",
        years=YEARS,
        rng=seed,
        overrides={"population.residents": RESIDENTS, **overrides},
    )
    model.run()
    return series_of(to_table(model.records))


@pytest.fixture(scope="module")
def default_run():
    return run_series()


def test_the_default_presets_own_run_scores_low_and_a_mis_set_run_higher(default_run):
    own = target_distance.distance(default_run)
    mis_set = run_series(**{"youth_needs.onset_rate": 0.2})
    worse = target_distance.distance(mis_set)
    targets = len(target_distance.target_set())
    assert own < 5, f"the calibrated default should lie close to its targets: {own:.2f}"
    assert worse > 10 * max(own, 0.1), (
        f"twice the youth onset should move the model far from the targets: {worse:.2f} vs "
        f"{own:.2f}"
    )
    missed = target_distance.outside(default_run), target_distance.outside(mis_set)
    assert missed[0] < targets / 4 and missed[1] > missed[0], (
        f"targets outside their band, calibrated vs mis-set, of {targets}: {missed}"
    )


def test_the_targets_are_those_validate_checks(default_run):
    names = [t.name for t in target_distance.target_set()]
    assert names == resolve_targets("default").names(), "the default preset's target file"
    found = target_distance.deviations(default_run)
    outside = sum(not abs(e) <= 1 for e in found.values())
    assert target_distance.outside(default_run) == outside, "outside counts |e| > 1 (or NaN)"
    weights = {t.name: t.weight for t in target_distance.target_set()}
    expected = sum(
        weights[n] * (max(abs(e) - 1, 0) ** 2 if np.isfinite(e) else 100.0)
        for n, e in found.items()
    )
    assert target_distance.distance(default_run) == pytest.approx(expected), (
        "distance is the weighted sum of squared distances outside the bands"
    )
    assert 0 < outside < len(found), f"a sound test needs targets in and out of band: {outside}"


def test_other_target_sets_by_name_and_unknown_names_refused():
    (outcome,) = parse_outcomes(
        [{"name": "city_fit", "function": "experiments.target_distance:distance_city"}], 3, ""
    )
    assert set(outcome.inputs) == set(target_distance.TargetDistance("city").inputs), (
        "the function's own inputs are stored without inputs = [...]"
    )
    with pytest.raises(ConfigError, match="has no function 'distance_nowhere'"):
        parse_outcomes(
            [{"name": "x", "function": "experiments.target_distance:distance_nowhere"}], 3, ""
        )


def test_the_example_spec_loads_and_stores_what_the_targets_read():
    spec = load_spec("experiments/specs/target-distance.toml")
    names = [o.name for o in spec.outcomes]
    assert names == ["target_distance", "targets_missed"], f"two target outcomes: {names}"
    assert set(target_distance.distance.inputs) <= set(spec.stored), (
        "the sweep should store every indicator the targets read"
    )


@pytest.mark.slow
def test_a_sweep_scores_each_run_as_a_direct_run_does(tmp_path, default_run):
    spec = parse_spec(
        {
            "sweep": {
                "name": "fit",
                "years": YEARS,
                "seeds": [1],
                "outputs": ["clients_wmo"],
                "constants": {"population.residents": RESIDENTS},
                "vary": [{"path": "youth_needs.onset_rate", "values": [0.2]}],
                "outcomes": [
                    {"name": "fit", "function": "experiments.target_distance:distance"},
                ],
            }
        },
        "inline",
    )
    out = tmp_path / "sweep"
    run_sweep(spec, out, workers=0, progress=False, log=io.StringIO())
    values = analyze(out, plots=False).summary.set_index("output")["mean"]
    direct = target_distance.distance(run_series(**{"youth_needs.onset_rate": 0.2}))
    assert values["fit"] == pytest.approx(direct, rel=1e-9), (
        f"analyze should score the run as the direct run (January start): {values['fit']} "
        f"vs {direct}"
    )

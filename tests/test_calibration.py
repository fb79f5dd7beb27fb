"""The baseline reproduces real national figures (targets and bands: experiments/calibration.py)."""

from __future__ import annotations

import numpy as np
import pytest

from experiments.calibration import TARGETS, measure_all
from tests.helpers import run


@pytest.mark.slow
def test_default_preset_meets_every_calibration_target():
    result = run(preset="default", years=5, rng=1)
    assert result.model.profile["population.residents"] == 45000, (
        "the default preset should have about 45,000 residents"
    )
    measured = measure_all(result.model)
    assert [t.name for t, _ in measured] == [t.name for t in TARGETS], (
        "measure_all must report every declared target, in order"
    )
    misses = [
        f"{t.name} ({t.label}): simulated {value:.2f}, band {t.low:.2f}-{t.high:.2f} "
        f"around {t.value} {t.unit}; source: {t.source}"
        for t, value in measured
        if not t.holds(value)
    ]
    assert not misses, "calibration targets outside their band:\n  " + "\n  ".join(misses)


def test_every_target_names_a_source_and_a_band_around_its_figure():
    for target in TARGETS:
        assert target.source.strip(), f"target {target.name} names no source"
        assert target.low < target.high, f"target {target.name} has an empty band"
        assert target.low <= target.value <= target.high, (
            f"target {target.name}: the figure {target.value} lies outside its own band "
            f"{target.low}-{target.high}"
        )


def _mean_per_1000(series, column):
    return float(np.mean(series[column] / series["residents"]) * 1000)


def test_small_run_is_plausible(small_run):
    """Loose ranges on a small run: a sanity check, not the calibration."""
    series, model = small_run.series, small_run.model
    measured = {t.name: value for t, value in measure_all(model)}
    ranges = {
        # name: (simulated, low, high); the calibration bands are much tighter.
        "Wmo clients per 1,000": (_mean_per_1000(series, "clients_wmo"), 35, 120),
        "HH clients per 1,000": (_mean_per_1000(series, "clients_hh"), 12, 55),
        "youth-care users, % of under-18s": (measured["youth_users_u18"], 5, 22),
        "informal carers, % of 16+": (measured["informal_carers"], 5, 25),
        "tailored share of use": (float(series["tailored_share"].mean()), 0.3, 1.0),
        "mean wellbeing": (float(series["wellbeing_mean"].mean()), 5.0, 9.0),
        "deaths per 1,000 per year": (
            float(series["deaths"].sum() / series["residents"].mean() / 2 * 1000),
            4,
            16,
        ),
    }
    wrong = [
        f"{name}: {value:.2f} outside [{low}, {high}]"
        for name, (value, low, high) in ranges.items()
        if not low <= value <= high
    ]
    assert not wrong, "implausible small default run (8,000 residents, seed 7):\n  " + "\n  ".join(
        wrong
    )


def test_population_stays_near_its_size(small_run):
    residents = small_run.series["residents"]
    start = small_run.model.profile["population.residents"]
    drift = abs(residents[-1] - start) / start
    assert drift < 0.05, (
        f"population drifted {drift:.1%} from {start} to {residents[-1]} in two years: "
        "births, deaths, migration and Wlz moves should roughly balance"
    )

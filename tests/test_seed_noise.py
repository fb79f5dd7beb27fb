"""Seed-noise share: how much of an output's spread is replicates, not design points."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.seed_noise import NOISE_WARNING, format_noise, noise_share, noise_warnings


def runs(effect: float, noise: float, points: int = 20, reps: int = 5, seed: int = 0):
    """Runs whose output is a point effect plus replicate noise of known sizes."""
    rng = np.random.default_rng(seed)
    point = np.repeat(np.arange(points), reps)
    level = rng.normal(0, effect, points)[point]
    return pd.DataFrame({"point": point, "y": level + rng.normal(0, noise, len(point))})


@pytest.mark.parametrize(("effect", "noise"), [(1.0, 0.1), (0.1, 1.0), (1.0, 1.0)])
def test_share_follows_the_planted_variances(effect, noise):
    # 5 replicates: a point's mean keeps 1/5 of the noise variance, the rest is within
    expected = (1 - 1 / 5) * noise**2 / (effect**2 + noise**2)
    share = noise_share(runs(effect, noise, points=200), ["y"])["seed_noise_share"].item()
    assert share == pytest.approx(expected, abs=0.05), (
        f"effect sd {effect}, noise sd {noise}: within-point share should be near {expected}, "
        f"got {share:.3f}"
    )


def test_identical_replicates_have_no_seed_noise_and_one_replicate_says_nothing():
    exact = pd.DataFrame({"point": [0, 0, 1, 1], "y": [1.0, 1.0, 3.0, 3.0]})
    assert noise_share(exact, ["y"])["seed_noise_share"].item() == 0.0, "no noise at all"
    single = pd.DataFrame({"point": [0, 1, 2], "y": [1.0, 2.0, 3.0]})
    assert np.isnan(noise_share(single, ["y"])["seed_noise_share"].item()), (
        "with one replicate per point noise cannot be told from the design"
    )


def test_noise_dominating_an_output_is_a_warning_that_says_what_to_do():
    table = noise_share(runs(0.1, 1.0).assign(z=runs(1.0, 0.1)["y"]), ["y", "z"])
    notes = noise_warnings(table)
    assert len(notes) == 1 and "y:" in notes[0], f"only y is mostly noise: {notes}"
    assert "more replicates or residents needed" in notes[0], notes
    assert table.set_index("output").loc["z", "seed_noise_share"] < NOISE_WARNING
    assert "seed noise dominates" in format_noise(table), "the report marks it too"


def test_arms_are_separate_groups_so_their_difference_is_not_noise():
    base = runs(1.0, 0.1)
    values = pd.concat([base.assign(arm="a"), base.assign(arm="b", y=base["y"] + 100.0)])
    table = noise_share(values, ["y"])
    assert list(table["arm"]) == ["a", "b"], "one share per arm"
    assert (table["seed_noise_share"] < 0.05).all(), f"the arms' shift is no noise: {table}"

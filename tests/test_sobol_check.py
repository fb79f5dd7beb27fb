"""Sobol diagnostics: warnings at N = 8, none at a sufficient N, on Ishigami's known indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from SALib.sample import sobol as saltelli
from SALib.test_functions import Ishigami

from experiments.analysis import sensitivity
from experiments.sobol_check import implausible, needed_samples, sobol_indices

PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
# Ishigami (a = 7, b = 0.1): known first-order and total indices.
S1 = {"x1": 0.314, "x2": 0.442, "x3": 0.0}
ST = {"x1": 0.558, "x2": 0.442, "x3": 0.244}


def ishigami(samples, second_order=False):
    x = saltelli.sample(PROBLEM, samples, calc_second_order=second_order, seed=3)
    table, notes = sobol_indices(PROBLEM, Ishigami.evaluate(x), samples, second_order, 3, "y")
    return table.set_index(["factor", "index"])["value"], notes


def test_eight_base_samples_give_warnings_with_the_n_needed():
    _, notes = ishigami(8)
    text = "\n".join(notes)
    assert "too few samples: N = 8" in text, f"N = 8 should be called too few:\n{text}"
    assert "about N = " in text, f"the warning should say which N would do:\n{text}"
    needed = int(text.split("about N = ")[1].split()[0])
    assert needed >= 256 and needed & (needed - 1) == 0, f"a power of 2 well above 8: {needed}"
    assert "not converged" in text, f"N/2 and N should disagree at N = 8:\n{text}"


def test_a_sufficient_n_gives_the_known_indices_and_no_warning():
    values, notes = ishigami(2048)
    assert notes == [], f"no warning expected at N = 2048: {notes}"
    for name in PROBLEM["names"]:
        assert values[(name, "S1")] == pytest.approx(S1[name], abs=0.05), f"S1 of {name}"
        assert values[(name, "ST")] == pytest.approx(ST[name], abs=0.05), f"ST of {name}"


def test_second_order_indices_are_kept():
    values, _ = ishigami(1024, second_order=True)
    assert values[("x1 x x3", "S2")] == pytest.approx(0.244, abs=0.08), "x1-x3 interaction"
    assert abs(values[("x1 x x2", "S2")]) < 0.08, "no x1-x2 interaction in Ishigami"


def test_implausible_indices_are_named():
    result = {"S1": np.array([1.18, -0.3, 0.1]), "ST": np.array([0.5, 0.2, 0.1])}
    text = "\n".join(implausible(result, PROBLEM["names"], "z"))
    assert "x1: S1 = 1.18 outside [0, 1]; ST = 0.50 below S1 = 1.18" in text, text
    assert "x2: S1 = -0.30 outside [0, 1]" in text, text
    assert "x3" not in text, f"plausible indices pass: {text}"
    assert "sum to 0.98" not in text, text


def test_needed_samples_scale_with_the_square_of_the_width():
    assert needed_samples(64, 0.2) == 256, "twice the target width needs four times N"
    assert needed_samples(64, 0.05) == 16, "half the width needs a quarter of N"


def test_the_analysis_reports_the_warnings_and_writes_them_with_the_indices():
    samples = 8
    unit = saltelli.sample(
        {**PROBLEM, "bounds": [[0, 1]] * 3}, samples, calc_second_order=False, seed=3
    )
    scaled = unit * 2 * np.pi - np.pi
    design = pd.DataFrame({"point": range(len(unit))})
    for j, name in enumerate(PROBLEM["names"]):
        design[f"unit:{name}"] = unit[:, j]
    values = pd.DataFrame({"point": range(len(unit)), "y": Ishigami.evaluate(scaled)})
    meta = {
        "design": "sobol",
        "problem": {**PROBLEM, "bounds": [[0, 1]] * 3},
        "samples": samples,
        "second_order": False,
        "sample_seed": 3,
    }
    table, notes = sensitivity(meta, design, values, ["y"])
    assert any(n.startswith("warning: y: too few samples") for n in notes), notes
    assert table["warning"].str.contains("too few samples").all(), "the table carries it too"

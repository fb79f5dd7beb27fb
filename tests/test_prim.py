"""PRIM on a sweep: planted boxes are found, conditions are checked, files are written."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from experiments.analysis import analyze, format_report
from experiments.cli import main
from experiments.ema_loader import factor_columns, load_sweep
from experiments.prim_analysis import condition, find_boxes, prim_table
from experiments.sweep import parse_spec
from experiments.sweep_run import run_sweep
from model.params import ConfigError

PNG = b"\x89PNG\r\n\x1a\n"


def planted(n: int = 1000, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """Three uniform factors; the cases are exactly the box a > 0.6 and b < 0.3."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(0, 1, (n, 3)), columns=["a", "b", "c"])
    return x, ((x["a"] > 0.6) & (x["b"] < 0.3)).to_numpy()


def test_prim_finds_a_planted_box():
    x, y = planted()
    boxes = find_boxes(x, y).set_index(["box", "factor"])
    first = boxes.loc[1]
    assert first.loc["a", "lower"] == pytest.approx(0.6, abs=0.06), f"a's lower limit:\n{first}"
    assert first.loc["b", "upper"] == pytest.approx(0.3, abs=0.06), f"b's upper limit:\n{first}"
    assert first.loc["a", "upper"] > 0.95 and first.loc["b", "lower"] < 0.05, first
    assert list(first["restricted"]) == [True, True, False], "c has nothing to do with the cases"
    assert first["coverage"].iloc[0] >= 0.8 and first["density"].iloc[0] >= 0.8, first
    inside = (x["a"] >= first.loc["a", "lower"]) & (x["b"] <= first.loc["b", "upper"])
    assert first["points"].iloc[0] == inside.sum(), "points counts the runs inside the box"


def test_no_cases_give_no_box_rather_than_an_error():
    x, y = planted()
    assert find_boxes(x, np.zeros_like(y)).empty, "nothing to find"
    assert find_boxes(x, np.ones_like(y)).empty, "everything is a case: no box to find"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("__import__('os').system('true')", "not allowed"),
        ("spend > 0", "'spend' is not an output of this analysis; use net_cost_eur, clients_wmo"),
        ("net_cost_eur >", "is not an expression"),
        ("net_cost_eur.real > 0", "not allowed"),
    ],
)
def test_a_bad_condition_is_refused_naming_what_is_allowed(text, hint):
    with pytest.raises(ConfigError, match="--prim") as error:
        condition(text, ["net_cost_eur", "clients_wmo"])
    assert hint in str(error.value), str(error.value)


def test_conditions_combine_comparisons_arithmetic_and_logic():
    test = condition("abs(a - 1) < 0.5 and not b > 2 or a == 10", ["a", "b"])
    a, b = np.array([1.2, 1.2, 3.0, 10.0]), np.array([1.0, 3.0, 1.0, 5.0])
    assert list(test({"a": a, "b": b})) == [True, False, False, True]
    with pytest.raises(ConfigError, match="gives numbers"):
        condition("a + b", ["a", "b"])({"a": a, "b": b})


def test_prim_reads_each_arms_paired_contrast():
    x, y = planted(400)
    design = x.assign(point=range(len(x)))
    diff = np.where(y, 1000.0, -1000.0)  # the arm costs more exactly inside the planted box
    contrasts = pd.DataFrame(
        {"point": design["point"], "arm": "package", "output": "net_cost_eur", "diff_mean": diff}
    )
    factors = [{"path": name} for name in ("a", "b", "c")]
    boxes, seen = prim_table("net_cost_eur > 0", design, factors, pd.DataFrame(), contrasts)
    assert set(boxes["arm"]) == {"package"} and int(seen["package"]["case"].sum()) == y.sum()
    first = boxes[boxes["box"] == 1].set_index("factor")
    assert first.loc["a", "lower"] == pytest.approx(0.6, abs=0.08), first


@pytest.fixture(scope="module")
def lhs(tmp_path_factory):
    """16 LHS points of youth onset and adults' help-seeking, 1 seed, 2,000 residents."""
    out = tmp_path_factory.mktemp("lhs") / "out"
    raw = {
        "sweep": {
            "name": "youth lhs",
            "years": 1,
            "design": "lhs",
            "samples": 16,
            "replicates": 1,
            "outputs": ["clients_youth", "net_cost_eur"],
            "constants": {"population.residents": 2000},
            "vary": [
                {"path": "youth_needs.onset_rate", "low": 0.04, "high": 0.14},
                {"path": "adult_needs.help_seeking", "low": 0.1, "high": 0.3},
            ],
        }
    }
    run_sweep(parse_spec(raw, "test"), out, workers=0, progress=False, log=io.StringIO())
    return out


def test_prim_on_a_sweep_puts_high_youth_caseloads_at_high_youth_onset(lhs):
    plain = analyze(lhs, plots=False)
    youth = plain.summary[plain.summary["output"] == "clients_youth"]["mean"]
    median = float(youth.median())
    report = analyze(lhs, plots=True, prim=f"clients_youth > {median}")
    boxes = report.prim.set_index(["box", "factor"])
    onset = boxes.loc[(1, "youth_needs.onset_rate")]
    assert onset["restricted"] and onset["lower"] > 0.06, (
        f"the box of high youth caseloads should cut off low youth onset:\n{report.prim}"
    )
    analysis = lhs / "analysis"
    stored = pq.read_table(analysis / "prim_boxes.parquet").to_pandas()
    assert len(stored) == len(report.prim), "the boxes are written"
    assert pd.read_csv(analysis / "prim_boxes.csv")["coverage"].between(0, 1).all()
    assert "coverage" in (analysis / "prim.txt").read_text(encoding="utf-8")
    assert (analysis / "prim.png").read_bytes()[:8] == PNG, "a PRIM plot"
    assert "PRIM: where" in format_report(report), "the report prints the boxes"


def test_prim_from_the_command_line_and_a_bad_condition_exits_2(lhs, capsys):
    assert main(["analyze", str(lhs), "--no-plots", "--prim", "net_cost_eur > 0"]) == 0
    assert "PRIM: where 'net_cost_eur > 0'" in capsys.readouterr().out
    assert main(["analyze", str(lhs), "--prim", "import os"]) == 2, "a bad condition"


def test_a_sweep_folder_loads_as_emas_experiments_and_outcomes(lhs):
    experiments, outcomes = load_sweep(lhs, series=["clients_youth"])
    assert len(experiments) == 16, "one row per run"
    names = factor_columns(experiments)
    assert names == ["youth_needs__onset_rate", "adult_needs__help_seeking"], names
    assert experiments[names].dtypes.map(lambda d: d.kind == "f").all(), "numbers as floats"
    assert list(experiments["run"]) == list(range(16)) and (experiments["policy"] == "none").all()
    assert set(outcomes) == {"clients_youth", "net_cost_eur", "clients_youth_series"}
    assert outcomes["net_cost_eur"].shape == (16,)
    assert outcomes["clients_youth_series"].shape == (16, 12), "runs x months of one year"
    analysed = pq.read_table(lhs / "analysis" / "run_values.parquet").to_pandas()
    assert np.array_equal(outcomes["clients_youth"], analysed["clients_youth"].to_numpy()), (
        "the loader's figures are analyze's figures"
    )
    from ema_workbench.analysis import prim

    high = outcomes["clients_youth"] > np.median(outcomes["clients_youth"])
    box = prim.Prim(experiments[names], high).find_box()
    assert box.coverage > 0, "EMA's own PRIM runs on the loaded pair"

"""Sweep arms: every design point under every package with the same seeds, and paired contrasts."""

from __future__ import annotations

import io

import numpy as np
import pyarrow.parquet as pq
import pytest

from experiments.analysis import analyze, format_report
from experiments.sweep import load_spec, make_design, plan_runs, point_inputs
from experiments.sweep_run import run_sweep
from model.params import ConfigError

ARMS = """
[sweep]
name = "arms"
years = 1
seeds = [1, 2, 3]
outputs = ["net_cost_eur", "clients_wmo"]
[sweep.constants]
"population.residents" = 3000
[[sweep.vary]]
path = "adult_needs.help_seeking"
values = [0.12, 0.24]

[[sweep.arms]]
name = "status quo"

[[sweep.arms]]
name = "status quo again"

[[sweep.arms]]
name = "case management"
scenario = "case-management"
[sweep.arms.policies.case_management]
extra_fte_per_10000 = 2.0
"""


def write(tmp_path, text):
    path = tmp_path / "spec.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def arms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("arms")
    spec = load_spec(write(folder, ARMS))
    out = folder / "out"
    run_sweep(spec, out, workers=0, progress=False, log=io.StringIO())
    return spec, out, analyze(out, plots=True)


def test_every_point_runs_under_every_arm_with_the_same_seeds(arms):
    spec, out, _ = arms
    manifest = pq.read_table(out / "manifest.parquet").to_pandas()
    assert len(manifest) == 2 * 3 * 3, f"2 points x 3 arms x 3 seeds, not {len(manifest)}"
    assert (manifest["status"] == "done").all(), "every run should finish"
    seeds = manifest.groupby(["point", "arm"])["seed"].apply(sorted)
    assert all(s == [1, 2, 3] for s in seeds), f"the same seeds in every cell: {seeds}"


def test_an_arm_identical_to_the_reference_gives_exactly_zero_contrasts(arms):
    _, out, report = arms
    contrasts = pq.read_table(out / "analysis" / "contrasts.parquet").to_pandas()
    same = contrasts[contrasts["arm"] == "status quo again"]
    assert len(same) == 2 * 2, f"2 points x 2 outputs, not {len(same)}"
    for column in ("diff_mean", "diff_lo", "diff_hi"):
        assert (same[column] == 0.0).all(), f"{column} of an identical arm should be 0:\n{same}"
    assert (contrasts["replicates"] == 3).all(), "three paired replicates per contrast"
    assert (contrasts["reference"] == "status quo").all(), "the first arm is the reference"


def test_contrasts_are_paired_differences_of_the_arms_runs(arms):
    _, _, report = arms
    cm = report.contrasts[
        (report.contrasts["arm"] == "case management")
        & (report.contrasts["output"] == "net_cost_eur")
    ]
    summary = report.summary[report.summary["output"] == "net_cost_eur"]
    means = summary.set_index(["point", "arm"])["mean"]
    for row in cm.to_dict("records"):
        level = means[(row["point"], "case management")] - means[(row["point"], "status quo")]
        assert row["diff_mean"] == pytest.approx(level, rel=1e-9), (
            "mean difference = difference of means"
        )
        assert row["diff_lo"] < row["diff_mean"] < row["diff_hi"], f"a paired interval: {row}"
    assert (cm["diff_mean"] > 0).all(), (
        f"2 extra access-team FTE per 10,000 residents should raise the net cost in one year:\n{cm}"
    )


def test_the_report_prints_paired_intervals_per_arm(arms):
    _, _, report = arms
    text = format_report(report)
    assert "Paired contrasts: arm minus 'status quo'" in text, text
    assert "case management" in text and "status quo again" in text, text


def test_the_arm_settings_reach_the_runs(tmp_path):
    spec = load_spec(write(tmp_path, ARMS))
    design = make_design(spec)
    runs = plan_runs(spec, design)
    assert [r.arm for r in runs[:9]] == [0, 0, 0, 1, 1, 1, 2, 2, 2], "arms within a point"
    _, policies = point_inputs(spec, design.points[0], 2)
    assert dict(policies)["case_management"]["extra_fte_per_10000"] == 2.0, policies
    assert point_inputs(spec, design.points[0], 0)[1] == [], "the status quo has no policies"


@pytest.mark.parametrize(
    ("arms_text", "problem"),
    [
        ('[[sweep.arms]]\nname = "only"\n', "at least two"),
        ('[[sweep.arms]]\nname = "a"\n[[sweep.arms]]\nname = "a"\n', "named twice"),
        (
            '[[sweep.arms]]\nname = "a"\n[[sweep.arms]]\nname = "b"\n'
            "[sweep.arms.policies.case_management]\nextra_fte = 2\n",
            "did you mean",
        ),
        (
            '[[sweep.arms]]\nname = "a"\n[[sweep.arms]]\nname = "b"\nscenario = "nope"\n',
            "neither a built-in scenario",
        ),
        (
            '[[sweep.arms]]\nname = "a"\n[[sweep.arms]]\nname = "b"\n'
            "[sweep.arms.policies.case_management]\nextra_fte_per_10000 = 99.0\n",
            "extra_fte_per_10000",
        ),
        (
            '[[sweep.arms]]\nname = "a"\n[[sweep.arms]]\nname = "b"\n'
            "[sweep.arms.adult_needs]\nhelp_seeking = 0.2\n",
            "adult_needs is not allowed",
        ),
    ],
)
def test_bad_arms_are_refused_with_the_reason(tmp_path, arms_text, problem):
    head = ARMS.split("[[sweep.arms]]")[0]
    with pytest.raises(ConfigError, match=problem):
        load_spec(write(tmp_path, head + arms_text))


def test_an_arm_may_not_set_what_the_design_varies(tmp_path):
    text = (
        ARMS
        + '\n[[sweep.arms]]\nname = "x"\n[sweep.arms.policies.case_management]\nenabled = true\n'
    )
    text = text.replace(
        "values = [0.12, 0.24]",
        'values = [0.12, 0.24]\n[[sweep.vary]]\npath = "policies.case_management.enabled"\n'
        "values = [false, true]",
    )
    with pytest.raises(ConfigError, match="not both"):
        load_spec(write(tmp_path, text))


def test_no_arms_keep_the_old_layout(tmp_path):
    head = ARMS.split("[[sweep.arms]]")[0]
    spec = load_spec(write(tmp_path, head))
    assert "arms" not in spec.to_dict(), "a spec without arms keeps its fingerprint"
    runs = plan_runs(spec, make_design(spec))
    assert [(r.run, r.point, r.replicate) for r in runs][:4] == [
        (0, 0, 0),
        (1, 0, 1),
        (2, 0, 2),
        (3, 1, 0),
    ], "runs are numbered point by point, seed by seed"
    assert np.all([r.arm == 0 for r in runs]), "arm 0 throughout"

"""mesa.batch_run drives CareModel through its keyword arguments and rng seeds.

batch_run switches multiprocessing to "spawn" for the whole process, so the test with
several processes runs in a child Python of its own.
"""

from __future__ import annotations

import json
import subprocess
import textwrap

import mesa
import pytest

from model.care_model import CareModel
from tests.helpers import run

FTE = "access.fte_per_10000"


@pytest.fixture(scope="module")
def batch():
    """2 staffing levels x 2 seeds on 4,000 residents, one row per month."""
    return mesa.batch_run(
        CareModel,
        parameters={
            "residents": 4000,
            "years": 1,
            # overrides is a dict: wrap the alternatives in a list, or batch_run would
            # iterate over the dict's keys
            "overrides": [{FTE: 2.0}, {FTE: 6.0}],
        },
        rng=[5, 6],
        max_steps=1000,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )


def test_batch_run_makes_every_combination_with_every_seed(batch):
    runs = {r["RunId"]: (r["overrides"][FTE], r["iteration"]) for r in batch}
    assert sorted(runs.values()) == [(2.0, 0), (2.0, 1), (6.0, 0), (6.0, 1)], (
        f"2 staffing levels x 2 seeds = 4 runs expected: {runs}"
    )
    steps = sorted({r["Step"] for r in batch})
    assert steps == list(range(1, 13)), f"one row per month 1..12 expected: {steps}"


def test_batch_run_rows_keep_the_residents_argument(batch):
    values = {r["residents"] for r in batch}
    assert values == {4000}, f"rows should show the residents argument 4000, not {values}"


def test_each_batch_run_equals_the_model_run_directly(batch):
    last = [r for r in batch if r["Step"] == 12]
    for row in last:
        seed = [5, 6][row["iteration"]]
        direct = run(residents=4000, years=1, rng=seed, overrides=row["overrides"])
        assert row["clients_hh"] == direct.series["clients_hh"][-1], (
            f"batch_run (seed {seed}, {row['overrides']}) differs from CareModel run directly"
        )
        assert row["spend_total_eur"] == direct.series["spend_total_eur"][-1], (
            "the datacollector's spending should equal the results table's"
        )


def test_the_overrides_reach_the_model(batch):
    def series(fte: float) -> list[float]:
        rows = sorted(
            (r for r in batch if r["overrides"][FTE] == fte and r["iteration"] == 0),
            key=lambda r: r["Step"],
        )
        return [r["spend_total_eur"] for r in rows]

    assert series(2.0) != series(6.0), (
        "runs with 2 and 6 access-team FTE per 10,000 should differ (same seed)"
    )


@pytest.mark.slow
def test_batch_run_with_two_processes_matches_one_process(tmp_path, python, subprocess_env):
    script = tmp_path / "batch.py"
    script.write_text(
        textwrap.dedent(
            """
            import json, sys
            import mesa
            from model.care_model import CareModel

            if __name__ == "__main__":
                rows = mesa.batch_run(
                    CareModel,
                    parameters={"residents": [3000, 3500], "years": 1},
                    rng=[1, 2],
                    number_processes=int(sys.argv[1]),
                    display_progress=False,
                )
                keys = sorted((r["RunId"], r["iteration"], r["clients_hh"]) for r in rows)
                print(json.dumps(keys))
            """
        ),
        encoding="utf-8",
    )
    results = []
    for processes in ("1", "2"):
        child = subprocess.run(
            [python, str(script), processes],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert child.returncode == 0, (
            f"batch_run with {processes} processes failed:\n{child.stderr}"
        )
        results.append(json.loads(child.stdout))
    assert len(results[0]) == 4, f"2 sizes x 2 seeds = 4 results: {results[0]}"
    assert results[0] == results[1], "batch_run in 2 processes should reproduce 1 process"

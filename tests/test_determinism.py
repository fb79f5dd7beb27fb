"""Seeds are inputs: the same configuration and seed give the same world, anywhere."""

from __future__ import annotations

import json
import subprocess

import pyarrow.parquet as pq

from experiments.runner import run_model, write_run
from model.params import REGISTRY
from model.results import read_timeseries
from tests.helpers import SMALL, run


def _first_difference(a, b) -> str:
    for name in a.column_names:
        if not a.column(name).equals(b.column(name)):
            return f"first differing column: {name!r}"
    return "schemas differ" if a.schema != b.schema else "no column differs"


def test_same_seed_gives_identical_tables(small_run):
    again = run(**SMALL)
    assert small_run.table.equals(again.table), (
        f"two runs with {SMALL} differ; {_first_difference(small_run.table, again.table)}"
    )


def test_same_seed_gives_identical_tables_across_processes(tmp_path, python, subprocess_env):
    config = {"residents": 6000, "years": 2, "rng": 11}
    here, there = tmp_path / "here", tmp_path / "there"
    model, table = run_model(**config)
    write_run(model, table, here)
    code = (
        "import sys\n"
        "from experiments.runner import run_model, write_run\n"
        f"model, table = run_model(**{config!r})\n"
        "write_run(model, table, sys.argv[1])\n"
    )
    child = subprocess.run(
        [python, "-c", code, str(there)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, f"the child process failed:\n{child.stderr}"
    mine, theirs = read_timeseries(here), read_timeseries(there)
    assert mine.equals(theirs), (
        f"the same run in another process (PYTHONHASHSEED=4242) wrote a different "
        f"timeseries.parquet; {_first_difference(mine, theirs)}"
    )
    meta_here = json.loads((here / "run.json").read_text())
    meta_there = json.loads((there / "run.json").read_text())
    assert meta_here["parameters"] == meta_there["parameters"], (
        "run.json records different resolved parameters for the same configuration"
    )
    assert meta_here["seed"] == meta_there["seed"] == 11, (
        f"run.json records seeds {meta_here['seed']} and {meta_there['seed']}, expected 11"
    )


def test_different_seeds_give_different_tables(small_run):
    other = run(**{**SMALL, "rng": SMALL["rng"] + 1})
    assert not small_run.table.equals(other.table), (
        "seeds 7 and 8 produced identical tables: the seed does not reach the model"
    )
    changed = [
        name
        for name in ("clients_hh", "clients_youth", "deaths", "spend_total_eur")
        if not small_run.table.column(name).equals(other.table.column(name))
    ]
    assert len(changed) >= 3, (
        f"seeds 7 and 8 differ only in {changed}: most indicators should carry noise"
    )


def test_unseeded_run_records_its_seed_and_that_seed_reproduces_it():
    first = run(residents=5000, years=1, rng=None)
    again = run(residents=5000, years=1, rng=first.model.seed)
    assert first.table.equals(again.table), (
        f"rerunning with the recorded seed {first.model.seed} did not reproduce the unseeded run"
    )


def test_overriding_a_parameter_with_its_default_changes_nothing(small_run):
    defaults = {
        name: REGISTRY[name].default for name in ("access.fte_per_10000", "contribution.regime")
    }
    same = run(**SMALL, overrides=defaults)
    assert small_run.table.equals(same.table), (
        "setting parameters explicitly to their defaults changed the results; "
        f"{_first_difference(small_run.table, same.table)}"
    )


def test_parquet_file_round_trips_exactly(tmp_path, small_run):
    from experiments.output import write_parquet

    path = tmp_path / "timeseries.parquet"
    write_parquet(small_run.table, path)
    back = pq.read_table(path)
    assert back.equals(small_run.table), (
        "the written timeseries.parquet reads back different from the table in memory; "
        f"{_first_difference(back, small_run.table)}"
    )

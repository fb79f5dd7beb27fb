"""Sweeps write one Parquet dataset (a part per run) and a manifest, and resume exactly.

The fast tests run sweeps in this process (``workers=0``); the slow ones run them with
local worker processes, a Dask LocalCluster, and kill a real `carescape sweep` with
SIGKILL halfway.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import experiments.sweep_run as sweep_run
from experiments.cli import main
from experiments.sweep import load_spec, make_design, plan_runs
from experiments.sweep_run import (
    Progress,
    execute,
    make_tasks,
    part_path,
    run_sweep,
    simulate,
)
from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE
from model.results import to_table

EIGHT_RUNS = """
[sweep]
name = "eight"
years = 1
replicates = 2
outputs = ["clients_wmo", "clients_youth", "spend_total_eur", "tailored_share"]
[sweep.constants]
"population.residents" = 3000
[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 1.0]
[[sweep.vary]]
path = "adult_needs.help_seeking"
values = [0.12, 0.24]
"""


def write_spec(folder: Path, text: str = EIGHT_RUNS, name: str = "spec.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def quiet_sweep(spec, out: Path, **how):
    return run_sweep(spec, out, progress=False, log=io.StringIO(), **how)


def dataset(out: Path) -> pa.Table:
    """The whole dataset, read without carescape code, in run and month order."""
    table = ds.dataset(out / "data", format="parquet", partitioning="hive").to_table()
    return table.sort_by([("run", "ascending"), ("month", "ascending")])


def part_files(out: Path) -> list[Path]:
    return sorted((out / "data").glob("run=*/part.parquet"))


def leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.tmp"))


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """The 8-run sweep run once in this process: (spec, output folder, outcome)."""
    folder = tmp_path_factory.mktemp("eight")
    spec = load_spec(write_spec(folder))
    out = folder / "out"
    return spec, out, quiet_sweep(spec, out, workers=0)


def test_every_run_has_one_part_in_a_hive_partitioned_dataset(eight):
    spec, out, outcome = eight
    names = [p.parent.name for p in part_files(out)]
    assert names == [f"run={i:05d}" for i in range(8)], f"expected run=00000..00007: {names}"
    assert outcome.ran == 8 and outcome.failed == 0, f"all 8 runs should succeed: {outcome}"
    table = dataset(out)
    assert table.num_rows == 8 * 12, f"8 runs x 12 months = 96 rows, not {table.num_rows}"
    assert pa.types.is_integer(table.schema.field("run").type), (
        f"pyarrow should read the run partition as an integer: {table.schema.field('run')}"
    )
    assert leftovers(out) == [], f"temporary files were left behind: {leftovers(out)}"


def test_parts_carry_keys_factor_values_and_the_chosen_outputs(eight):
    spec, out, _ = eight
    columns = pq.read_schema(part_files(out)[0]).names
    expected = [
        "point",
        "replicate",
        "seed",
        "policies.poh_ggz.coverage",
        "adult_needs.help_seeking",
        "month",
        "date",
        *spec.outputs,
    ]
    assert columns == expected, f"part columns should be {expected}, not {columns}"


def test_pandas_reads_the_dataset_without_carescape_code(eight):
    _, out, _ = eight
    frame = pd.read_parquet(out / "data")
    assert len(frame) == 96, f"pandas should read all 96 rows, not {len(frame)}"
    runs = sorted(int(r) for r in frame["run"].unique())
    assert runs == list(range(8)), f"pandas should see the run partition 0..7: {runs}"


def test_duckdb_reads_the_dataset(eight):
    duckdb = pytest.importorskip("duckdb")
    _, out, _ = eight
    query = (
        f"select count(*), count(distinct run), max(run) from read_parquet("
        f"'{out}/data/*/*.parquet', hive_partitioning = true, hive_types = {{'run': INTEGER}})"
    )
    rows, runs, last = duckdb.connect().execute(query).fetchone()
    assert (rows, runs, last) == (96, 8, 7), f"DuckDB read {rows} rows of {runs} runs up to {last}"


def test_a_part_equals_the_model_run_directly(eight):
    spec, out, _ = eight
    design = make_design(spec)
    task = make_tasks(spec, design, plan_runs(spec, design), out, 5)[5]
    model = CareModel(
        preset=None,
        profile=spec.profile,
        years=1,
        rng=task.seed,
        policies=[CATALOGUE[name](**params) for name, params in task.policies],
        overrides=task.overrides,
    )
    model.run()
    direct = to_table(model.records)
    part = pq.read_table(part_path(out, 5, 5))
    for name in ("month", *spec.outputs):
        assert part.column(name).equals(direct.column(name)), (
            f"run 5's {name} differs from CareModel run directly with the same inputs"
        )


def test_manifest_lists_every_run_with_inputs_seed_status_and_timing(eight):
    spec, out, _ = eight
    manifest = pq.read_table(out / "manifest.parquet").to_pandas()
    assert list(manifest["run"]) == list(range(8)), "one manifest row per run, in order"
    assert set(manifest["status"]) == {"done"}, f"all runs done: {set(manifest['status'])}"
    assert sorted(set(manifest["seed"])) == [1, 2], "the replicates' seeds should be listed"
    for column in ("policies.poh_ggz.coverage", "adult_needs.help_seeking", "worker", "started"):
        assert column in manifest.columns, f"the manifest lacks {column}"
    assert (manifest["seconds_model"] > 0).all(), "every run should record its model time"
    assert (manifest["seconds_total"] >= manifest["seconds_model"]).all(), (
        "a run's total time includes its model time"
    )


def test_sweep_json_records_the_spec_and_design(eight):
    spec, out, _ = eight
    meta = pd.read_json(out / "sweep.json", typ="series")
    assert meta["fingerprint"] == spec.fingerprint(), "sweep.json should hold the fingerprint"
    assert meta["runs"] == 8, f"sweep.json should count 8 runs, not {meta['runs']}"
    design = pq.read_table(out / "design.parquet")
    assert design.num_rows == 4, f"design.parquet should hold 4 points, not {design.num_rows}"


def test_rerun_of_a_finished_sweep_runs_nothing(eight):
    spec, out, _ = eight
    before = {p: p.stat().st_mtime_ns for p in part_files(out)}
    outcome = quiet_sweep(spec, out, workers=0)
    assert (outcome.already_done, outcome.ran) == (8, 0), f"nothing to rerun: {outcome}"
    after = {p: p.stat().st_mtime_ns for p in part_files(out)}
    assert after == before, "a finished sweep's parts must not be rewritten"


def test_resume_runs_exactly_the_missing_runs(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "out"
    quiet_sweep(spec, out, workers=0)
    for run in (2, 6):
        part_path(out, run, 5).unlink()
    stale = part_path(out, 3, 5).parent / ".part.parquet.x1y2.tmp"
    stale.write_bytes(b"half a file")
    kept = {p: p.stat().st_mtime_ns for p in part_files(out)}
    outcome = quiet_sweep(spec, out, workers=0)
    assert (outcome.already_done, outcome.ran) == (6, 2), f"only runs 2 and 6 rerun: {outcome}"
    assert {p: p.stat().st_mtime_ns for p in part_files(out) if p in kept} == kept, (
        "finished runs must not be rewritten on resume"
    )
    assert len(part_files(out)) == 8, "the dataset should be complete again"
    assert not stale.exists(), "resume should remove temporary files of interrupted writes"


def test_a_failing_run_is_recorded_and_retried_on_resume(tmp_path, monkeypatch):
    spec = load_spec(write_spec(tmp_path))
    out = tmp_path / "out"
    real = sweep_run.simulate

    def flaky(task, base=None):
        if task.run == 4:
            raise RuntimeError("disk on fire")
        return real(task, base)

    monkeypatch.setattr(sweep_run, "simulate", flaky)
    outcome = quiet_sweep(spec, out, workers=0)
    manifest = pq.read_table(out / "manifest.parquet").to_pandas().set_index("run")
    assert outcome.failed == 1, f"one failed run expected: {outcome}"
    assert manifest.loc[4, "status"] == "failed", "run 4 should be marked failed"
    assert "disk on fire" in manifest.loc[4, "error"], "the manifest should keep the error"
    assert not part_path(out, 4, 5).exists(), "a failed run must not leave a part"
    monkeypatch.setattr(sweep_run, "simulate", real)
    again = quiet_sweep(spec, out, workers=0)
    assert (again.ran, again.failed) == (1, 0), f"resume should retry only run 4: {again}"


def test_a_different_spec_is_refused_for_an_existing_sweep_folder(tmp_path):
    out = tmp_path / "out"
    quiet_sweep(load_spec(write_spec(tmp_path)), out, workers=0)
    before = sorted((p, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file())
    other = load_spec(write_spec(tmp_path, EIGHT_RUNS.replace("replicates = 2", "replicates = 3")))
    with pytest.raises(ConfigError, match="holds a different sweep"):
        quiet_sweep(other, out, workers=0)
    after = sorted((p, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file())
    assert after == before, "a refused sweep must not change the folder"


def test_a_folder_with_other_files_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not empty"):
        quiet_sweep(load_spec(write_spec(tmp_path)), out, workers=0)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"], "nothing should be written"


def test_execute_writes_part_then_status_and_returns_the_record(tmp_path):
    spec = load_spec(write_spec(tmp_path))
    design = make_design(spec)
    task = make_tasks(spec, design, plan_runs(spec, design), tmp_path, 5)[0]
    record = execute(task)
    assert record["status"] == "done" and record["error"] == "", f"run 0 failed: {record}"
    assert part_path(tmp_path, 0, 5).is_file(), "execute should write the part"
    assert (tmp_path / "runs" / "00000.json").is_file(), "execute should write the status"
    table, seconds = simulate(task)
    assert table.equals(pq.read_table(part_path(tmp_path, 0, 5))), (
        "the same task should give the same table (seeds are inputs)"
    )
    assert seconds > 0, "simulate should time the model"


def test_progress_bar_shows_counts_and_eta():
    stream = io.StringIO()
    bar = Progress(10, 2, stream)
    bar.update({"status": "done"})
    bar.update({"status": "failed"})
    text = stream.getvalue()
    assert "4/10 runs" in text, f"the bar should count runs including earlier ones: {text!r}"
    assert "1 failed" in text and "ETA" in text, f"the bar should show failures and ETA: {text!r}"


def test_cli_sweep_and_analyze_run_in_process(tmp_path, capsys):
    spec = write_spec(tmp_path)
    out = tmp_path / "out"
    assert main(["sweep", str(spec), "--out", str(out), "--workers", "0"]) == 0, "sweep failed"
    captured = capsys.readouterr()
    assert "8 of 8 runs done" in captured.out, f"summary line missing:\n{captured.out}"
    assert "ETA" in captured.err, f"the progress bar should go to stderr:\n{captured.err}"
    assert main(["analyze", str(out), "--no-plots"]) == 0, "analyze failed"
    assert "90% interval" in capsys.readouterr().out, "analyze should print intervals"


# -- slow: real worker processes, Dask, kill -9 ------------------------------------------
@pytest.mark.slow
def test_local_workers_and_dask_local_cluster_give_identical_datasets(eight, tmp_path):
    spec, serial, _ = eight
    local, dask = tmp_path / "local", tmp_path / "dask"
    first = quiet_sweep(spec, local, workers=2)
    second = quiet_sweep(spec, dask, workers=2, dask_local=True)
    assert (first.failed, second.failed) == (0, 0), f"runs failed: {first}, {second}"
    reference = dataset(local)
    assert reference.num_rows == 96, f"8 runs x 12 months expected, not {reference.num_rows}"
    assert dataset(dask).equals(reference), "Dask and local workers should write the same data"
    assert dataset(serial).equals(reference), "in-process and local workers should agree"
    keys = ["run", "point", "replicate", "seed", "policies.poh_ggz.coverage", "status"]
    manifests = [pq.read_table(d / "manifest.parquet").select(keys) for d in (local, dask)]
    assert manifests[0].equals(manifests[1]), "the manifests should list the same runs"
    workers = set(pq.read_table(local / "manifest.parquet").column("worker").to_pylist())
    assert len(workers) == 2, f"2 local workers should share the runs: {workers}"


KILLED = EIGHT_RUNS.replace("replicates = 2", "replicates = 10").replace(
    'name = "eight"', 'name = "killed"'
)


def _carescape(python: str) -> list[str]:
    script = Path(python).parent / "carescape"
    return [str(script)] if script.exists() else [python, "-m", "experiments.cli"]


@pytest.mark.slow
def test_sweep_killed_with_sigkill_resumes_to_exactly_the_expected_runs(
    tmp_path, python, subprocess_env
):
    spec_path = write_spec(tmp_path, KILLED)
    out = tmp_path / "out"
    command = [*_carescape(python), "sweep", str(spec_path), "--out", str(out), "--workers", "1"]
    child = subprocess.Popen(
        command,
        env=subprocess_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: kill the workers too
    )
    deadline = time.monotonic() + 120
    while not out.exists() or len(part_files(out)) < 3:
        assert child.poll() is None, "the sweep ended before it could be killed"
        assert time.monotonic() < deadline, "the sweep wrote no parts within 2 minutes"
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    survivors = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in part_files(out)}
    assert 3 <= len(survivors) < 40, f"kill midway: {len(survivors)} of 40 runs were done"
    for path in survivors:
        rows = pq.read_table(path).num_rows
        assert rows == 12, f"{path} survived the kill incomplete ({rows} rows)"

    resumed = subprocess.run(
        [*command[:-1], "2"], env=subprocess_env, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, f"the resumed sweep failed:\n{resumed.stderr}"
    done = len(survivors)
    assert f"resuming: {done} done; running {40 - done}" in resumed.stderr, (
        f"the resume should run only the {40 - done} missing runs:\n{resumed.stderr}"
    )
    names = [p.parent.name for p in part_files(out)]
    assert names == [f"run={i:05d}" for i in range(40)], f"exactly runs 0..39 expected: {names}"
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in survivors} == survivors, (
        "parts written before the kill must not be rewritten"
    )
    assert leftovers(out) == [], f"temporary files remain after resume: {leftovers(out)}"
    table = dataset(out)
    counts = table.group_by("run").aggregate([("month", "count")]).column("month_count")
    assert table.num_rows == 480 and set(counts.to_pylist()) == {12}, (
        "every run should appear exactly once with 12 months"
    )
    manifest = pq.read_table(out / "manifest.parquet").to_pandas()
    assert list(manifest["run"]) == list(range(40)), "the manifest should list runs 0..39 once"
    assert set(manifest["status"]) == {"done"}, f"all done: {manifest['status'].value_counts()}"
    spec = load_spec(spec_path)
    design = make_design(spec)
    tasks = make_tasks(spec, design, plan_runs(spec, design), out, 5)
    for run in (min(int(p.parent.name[4:]) for p in survivors), 39):
        expected, _ = simulate(tasks[run])
        assert pq.read_table(part_path(out, run, 5)).equals(expected), (
            f"run {run} should hold the same data as the run made directly"
        )

"""Compaction: a finished sweep's parts folded into a few files; everything reads the same."""

from __future__ import annotations

import io
import math
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from experiments.analysis import analyze, read_runs
from experiments.ema_loader import load_sweep
from experiments.output import read_identity
from experiments.reproduce import reproduce
from experiments.sweep import load_spec
from experiments.sweep_data import (
    RUNS_PER_FILE,
    compact,
    compacted_files,
    compacted_stamps,
    loose_parts,
    read_run,
    read_table,
    run_files,
)
from experiments.sweep_run import part_path, run_sweep

SPEC = """
[sweep]
name = "compact"
years = 1
seeds = [1, 2]
outputs = ["clients_wmo", "net_cost_eur"]
[sweep.constants]
"population.residents" = 2000
[[sweep.vary]]
path = "adult_needs.help_seeking"
values = [0.12, 0.24]
[[sweep.arms]]
name = "status quo"
[[sweep.arms]]
name = "poh"
scenario = "poh-ggz"
"""


def plain_dataset(out) -> pa.Table:
    """The dataset as a user reads it without carescape code, in run and month order."""
    table = ds.dataset(out / "data", format="parquet", partitioning="hive").to_table()
    return table.sort_by([("run", "ascending"), ("month", "ascending")])


def files_in(out) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def sweeps(tmp_path_factory):
    """The same 8-run sweep twice: as parts, and compacted into files of 3 runs."""
    folder = tmp_path_factory.mktemp("compact")
    (folder / "spec.toml").write_text(SPEC, encoding="utf-8")
    spec = load_spec(folder / "spec.toml")
    loose = folder / "loose"
    run_sweep(spec, loose, workers=0, progress=False, log=io.StringIO(), compact_parts=False)
    packed = folder / "packed"
    shutil.copytree(loose, packed)
    before = files_in(packed)
    written = compact(packed, 8, per_file=3)
    return spec, loose, packed, before, written


def test_compaction_folds_parts_and_status_files_into_few_files(sweeps):
    _, loose, packed, before, written = sweeps
    assert written == 3, f"8 runs in files of 3 runs: 3 files, not {written}"
    assert [p.parent.name for p in compacted_files(packed)] == [
        "runs-00000-00002",
        "runs-00003-00005",
        "runs-00006-00007",
    ]
    assert loose_parts(packed) == {}, "no part is left once its run is compacted"
    assert not list((packed / "runs").glob("*.json")), "status files live on in the manifest"
    after = files_in(packed)
    assert len(after) == len(before) - 16 + 3, f"16 run files became 3:\n{before}\n{after}"


def test_compaction_keeps_the_dataset_identical(sweeps):
    _, loose, packed, _, _ = sweeps
    assert plain_dataset(packed).equals(plain_dataset(loose)), "pyarrow's hive dataset"
    assert read_table(packed).equals(read_table(loose)), "carescape's reader"
    frames = [  # pandas makes a hive partition a category, a stored column an int
        pd.read_parquet(out / "data").astype({"run": "int32"}).sort_values(["run", "month"])
        for out in (packed, loose)
    ]
    pd.testing.assert_frame_equal(*(f.reset_index(drop=True) for f in frames))
    columns = ["clients_wmo", "net_cost_eur"]
    pd.testing.assert_frame_equal(
        read_runs(packed, columns, arms=True), read_runs(loose, columns, arms=True)
    )


def test_analyze_and_the_ema_loader_give_the_same_results_after_compaction(sweeps):
    _, loose, packed, _, _ = sweeps
    a, b = analyze(loose, plots=False), analyze(packed, plots=False)
    pd.testing.assert_frame_equal(a.summary, b.summary)
    pd.testing.assert_frame_equal(a.contrasts, b.contrasts)
    (ea, oa), (eb, ob) = load_sweep(loose), load_sweep(packed)
    pd.testing.assert_frame_equal(ea, eb)
    assert all((oa[k] == ob[k]).all() for k in oa), "the same outcomes"


def test_each_runs_code_hash_and_seed_survive_compaction(sweeps):
    _, loose, packed, _, _ = sweeps
    for run in range(8):
        stamp = read_identity(part_path(loose, run, 5))
        table, kept, path = read_run(packed, run)
        assert kept == stamp, f"run {run}: the part's identity should be kept: {kept}"
        assert kept["code"] and kept["seed"] in (1, 2), kept
        assert table.equals(pq.read_table(part_path(loose, run, 5)).replace_schema_metadata(None))
    assert set(compacted_stamps(compacted_files(packed)[0])) == {0, 1, 2}


def test_reproduce_passes_on_a_compacted_run(sweeps):
    _, _, packed, _, _ = sweeps
    result = reproduce(packed, 4)
    assert result.ok and not result.notes, f"{result.differences} {result.notes}"


def test_resume_of_a_compacted_sweep_runs_nothing_and_keeps_the_manifest(sweeps):
    spec, loose, packed, _, _ = sweeps
    manifest = pq.read_table(packed / "manifest.parquet").to_pandas()
    outcome = run_sweep(spec, packed, workers=0, progress=False, log=io.StringIO())
    assert outcome.ran == 0 and outcome.already_done == 8, f"nothing to run: {outcome}"
    again = pq.read_table(packed / "manifest.parquet").to_pandas()
    assert (again["status"] == "done").all(), again
    pd.testing.assert_frame_equal(again, manifest)  # timings and workers kept


def test_a_sweep_compacts_itself_when_it_completes(sweeps, tmp_path):
    spec, loose, _, _, _ = sweeps
    out = tmp_path / "out"
    shutil.copytree(loose, out)
    shutil.rmtree(part_path(out, 7, 5).parent)  # one run still to do
    outcome = run_sweep(spec, out, workers=0, progress=False, log=io.StringIO(), compact_parts=True)
    assert outcome.ran == 1 and outcome.compacted == 1, outcome
    assert [p.parent.name for p in compacted_files(out)] == ["runs-00000-00007"]
    assert plain_dataset(out).equals(plain_dataset(loose)), "the rerun run is the same run"


def test_a_crash_between_writing_and_removing_reads_each_run_once(sweeps, tmp_path):
    _, loose, packed, _, _ = sweeps
    out = tmp_path / "out"
    shutil.copytree(packed, out)
    leftover = part_path(out, 1, 5)
    leftover.parent.mkdir(parents=True)
    shutil.copy(part_path(loose, 1, 5), leftover)  # as if the removal had not happened
    assert run_files(out)[1] == compacted_files(out)[0], "the compacted copy wins"
    assert read_table(out).equals(read_table(loose)), "run 1 is read once"
    assert compact(out, 8, per_file=3) == 0 and not leftover.exists(), "cleaned up"


def test_ten_thousand_runs_leave_a_few_dozen_data_files(tmp_path):
    files = math.ceil(10_000 / RUNS_PER_FILE)
    assert files <= 50, f"{files} compacted files for 10,000 runs"
    data = tmp_path / "data"
    for run in range(600):  # tiny stand-in parts: the grouping, not the model, is tested
        path = part_path(tmp_path, run, 5)
        path.parent.mkdir(parents=True)
        table = pa.table({"month": [1, 2], "x": [float(run), -1.0]})
        pq.write_table(table.replace_schema_metadata({b"carescape_identity": b'{"seed": 1}'}), path)
    assert compact(tmp_path, 600) == 3, "600 runs in files of 256 runs"
    assert len(list(data.rglob("*.parquet"))) == 3
    table = read_table(tmp_path)
    assert table.column("run").to_pylist()[::2] == list(range(600)), "every run, in order"

"""Outputs: one complete result per folder, identified, readable by colleagues, strict JSON.

Small runs (2,000 residents, 1 year) keep these fast; the model's figures do not matter
here, only which files end up where and what they carry.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import experiments.compare
import experiments.runner
import experiments.validate
from experiments.cli import main
from experiments.output import (
    IDENTITY_KEY,
    MANIFEST,
    ResultSet,
    json_text,
    read_identity,
    recover,
    result_set,
    safe_name,
    write_json,
    write_parquet,
)
from experiments.runner import run_model, write_run
from model.aggregate import with_derived

TINY = ["--residents", "2000", "--years", "1"]
COMPARE = ["compare", *TINY, "--replicates", "2", "--workers", "0"]


@pytest.fixture(scope="module")
def tiny_run():
    """One tiny run (seed 3), shared by the tests that only write it."""
    return run_model(residents=2000, years=1, rng=3)


@pytest.fixture
def quick_compare(monkeypatch, tiny_run):
    """Every arm of a comparison returns the tiny run: these tests are about files, not figures."""
    _, table = tiny_run
    columns = {name: table.column(name).to_numpy() for name in table.column_names}
    with_derived(columns)
    columns["date"] = np.asarray([d.isoformat() for d in table.column("date").to_pylist()])

    def run_one(spec):
        return spec.arm, spec.seed, dict(columns)

    monkeypatch.setattr(experiments.compare, "run_one", run_one)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _hidden_siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


def _check_manifest(folder: Path) -> dict:
    manifest = json.loads((folder / MANIFEST).read_text())
    listed = sorted(manifest["files"])
    assert listed == [n for n in _files(folder) if n != MANIFEST], (
        f"manifest.json lists {listed} but the folder holds {_files(folder)}"
    )
    for name, entry in manifest["files"].items():
        data = (folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), f"{name}: sha256 differs"
        assert entry["bytes"] == len(data), f"{name}: size differs from the manifest"
    return manifest


def _one_line_error(err: str) -> str:
    """The one error line of stderr (progress lines of the simulation aside)."""
    assert "Traceback" not in err, f"a traceback instead of a message:\n{err}"
    lines = [line for line in err.splitlines() if line.startswith("carescape: error")]
    assert len(lines) == 1, f"expected one error line on stderr, got:\n{err}"
    return lines[0]


# -- whole sets -----------------------------------------------------------------------------
def test_a_second_compare_replaces_the_whole_folder(tmp_path, capsys, quick_compare):
    out = tmp_path / "cmp"
    assert main([*COMPARE, "--scenario", "front-door", "--out", str(out)]) == 0
    assert "contributions.parquet" in _files(out), "front-door (a package) has contributions"
    assert main([*COMPARE, "--scenario", "poh-ggz", "--no-contributions", "--out", str(out)]) == 0
    assert _files(out) == [
        "compare.json",
        "comparison.parquet",
        MANIFEST,
        "replicates.parquet",
    ], "the second compare must leave only its own files (no stale contributions.parquet)"
    manifest = _check_manifest(out)
    meta = json.loads((out / "compare.json").read_text())
    assert meta["scenario"]["scenario"]["name"] == "poh-ggz", "compare.json is not the new one"
    assert meta[IDENTITY_KEY] == manifest[IDENTITY_KEY], "compare.json and manifest disagree"
    for name in ("comparison.parquet", "replicates.parquet"):
        assert read_identity(out / name) == manifest[IDENTITY_KEY], f"{name} is not identified"
    assert manifest[IDENTITY_KEY]["seeds"] == [1, 2]
    assert _hidden_siblings(out) == [], "temporary folders were left beside the result"


def test_a_failure_mid_write_keeps_the_old_result_and_no_temporary(tiny_run, tmp_path):
    out = tmp_path / "run"
    write_run(*tiny_run, out)
    before = {n: (out / n).read_bytes() for n in _files(out)}

    def full(self, name, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ResultSet, "json", full)  # the table is written, then the disk is full
        with pytest.raises(Exception, match="kept the previous result"):
            write_run(*tiny_run, out)
    assert {n: (out / n).read_bytes() for n in _files(out)} == before, "the old result changed"
    assert _hidden_siblings(out) == [], "the unfinished set was left behind"


def test_a_full_disk_is_one_line_saying_what_was_kept(tiny_run, tmp_path, capsys, monkeypatch):
    out = tmp_path / "run"
    write_run(*tiny_run, out)
    before = (out / "timeseries.parquet").read_bytes()

    def full(table, where):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("experiments.output.pq.write_table", full)
    assert main(["run", *TINY, "--out", str(out)]) == 1, "a full disk must fail"
    line = _one_line_error(capsys.readouterr().err)
    assert "No space left on device" in line and "kept the previous result" in line, line
    assert (out / "timeseries.parquet").read_bytes() == before, "the previous result changed"
    assert _hidden_siblings(out) == [], "temporary files were left behind"


def test_a_failure_in_a_new_folder_leaves_nothing(tmp_path):
    out = tmp_path / "new"

    with pytest.raises(Exception, match="nothing was written"):
        with result_set(out, {"seeds": [1]}) as files:
            files.json("a.json", {"x": 1})
            raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == [], "a failed first write must leave nothing"


def test_a_result_lost_between_the_two_renames_comes_back(tmp_path):
    out = tmp_path / "res"
    with result_set(out, {"seeds": [1]}) as files:
        files.json("a.json", {"x": 1})
    # kill -9 after the old folder was renamed away, before the new one came in
    os.rename(out, tmp_path / ".res.old-dead")
    (tmp_path / ".res.tmp-dead").mkdir()
    recover(out)
    assert _files(out) == ["a.json", MANIFEST], "the previous result was not put back"
    assert _hidden_siblings(out) == [], "leftovers of the interrupted swap remain"


# -- --out checked before any simulation -----------------------------------------------------
@pytest.fixture
def no_simulation(monkeypatch):
    """Make any simulation fail loudly: --out must be refused before it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("simulated before checking --out")

    monkeypatch.setattr(experiments.runner, "run_model", forbidden)
    monkeypatch.setattr(experiments.compare, "run_all", forbidden)
    monkeypatch.setattr(experiments.validate, "build_report", forbidden)


def _bad_outs(tmp_path: Path) -> dict[str, str]:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.docx").write_text("keep me")
    return {
        "empty": "",
        "file": str(afile),
        "below a file": str(afile / "x"),
        "current folder": ".",
        "foreign folder": str(busy),
    }


@pytest.mark.parametrize(
    "case", ["empty", "file", "below a file", "current folder", "foreign folder"]
)
@pytest.mark.parametrize(
    "command",
    [
        ["run", *TINY],
        [*COMPARE, "--scenario", "poh-ggz"],
        ["validate", "--seeds", "5", "--years", "1"],
    ],
    ids=["run", "compare", "validate"],
)
def test_a_bad_out_exits_2_before_simulating(
    tmp_path, capsys, monkeypatch, no_simulation, case, command
):
    monkeypatch.chdir(tmp_path)
    value = _bad_outs(tmp_path)[case]
    assert main([*command, "--out", value]) == 2, f"--out {value!r} ({case}) was accepted"
    line = _one_line_error(capsys.readouterr().err)
    assert f"--out = {value!r}" in line, f"the message does not name --out and the value: {line}"
    assert (tmp_path / "busy" / "thesis.docx").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "busy"], "something was written"


@pytest.mark.parametrize("case", ["empty", "file", "below a file"])
def test_a_bad_sweep_out_exits_2_before_reading_the_spec(tmp_path, capsys, case):
    value = _bad_outs(tmp_path)[case]
    assert main(["sweep", str(tmp_path / "missing.toml"), "--out", value]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert f"--out = {value!r}" in line, f"the spec was read before --out was checked: {line}"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere; permissions not testable")
def test_an_unwritable_out_exits_2(tmp_path, capsys, no_simulation):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        assert main(["run", *TINY, "--out", str(locked / "r")]) == 2
        assert "no permission" in _one_line_error(capsys.readouterr().err)
    finally:
        locked.chmod(0o700)


# -- modes, JSON, identity -------------------------------------------------------------------
@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_files_and_folders_honour_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_parquet(pa.table({"x": [1]}), tmp_path / "single.parquet")
        with result_set(tmp_path / "set", {"seeds": [1]}) as files:
            files.json("a.json", {"x": 1})
    finally:
        os.umask(old)
    for path in (tmp_path / "single.parquet", tmp_path / "set" / "a.json"):
        mode = path.stat().st_mode & 0o777
        assert mode == 0o666 & ~umask, f"{path.name}: mode {mode:o} under umask {umask:03o}"
    mode = (tmp_path / "set").stat().st_mode & 0o777
    assert mode == 0o777 & ~umask, f"the set's folder: mode {mode:o} under umask {umask:03o}"


def test_nan_and_infinity_become_null(tmp_path):
    data = {"nan": math.nan, "inf": [math.inf, -np.inf], "np": np.float64("nan"), "ok": 1.5}
    write_json(data, tmp_path / "x.json")

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    parsed = json.loads((tmp_path / "x.json").read_text(), parse_constant=refuse)
    assert parsed == {"nan": None, "inf": [None, None], "np": None, "ok": 1.5}
    assert json_text({"a": np.arange(2), "b": np.int64(3)}, None) == '{"a": [0, 1], "b": 3}'


def test_tables_carry_seed_and_config_fingerprint(tiny_run, tmp_path):
    write_run(*tiny_run, tmp_path / "a")
    stamp = read_identity(tmp_path / "a" / "timeseries.parquet")
    assert stamp is not None, "timeseries.parquet carries no identity"
    assert stamp["seeds"] == [3] and stamp["command"] == "run"
    assert len(stamp["config_fingerprint"]) == 16 and stamp["code_version"]
    run_json = json.loads((tmp_path / "a" / "run.json").read_text())
    assert run_json[IDENTITY_KEY] == stamp, "run.json and the table carry different identities"
    other = run_model(residents=2000, years=1, rng=4)
    write_run(*other, tmp_path / "b")
    again = read_identity(tmp_path / "b" / "timeseries.parquet")
    assert again["seeds"] == [4]
    assert again["config_fingerprint"] == stamp["config_fingerprint"], (
        "the same configuration with another seed must have the same fingerprint"
    )


def test_same_run_writes_byte_identical_tables(tiny_run, tmp_path):
    write_run(*tiny_run, tmp_path / "a")
    write_run(*tiny_run, tmp_path / "b")
    name = "timeseries.parquet"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_pandas_metadata_is_kept_beside_the_identity(tmp_path):
    import pandas as pd

    table = pa.Table.from_pandas(pd.DataFrame({"x": [1.0]}), preserve_index=False)
    write_parquet(table, tmp_path / "t.parquet", {"seeds": [9]})
    metadata = pq.read_schema(tmp_path / "t.parquet").metadata
    assert b"pandas" in metadata and read_identity(tmp_path / "t.parquet") == {"seeds": [9]}


# -- names from files -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("x/../../../../elsewhere/ESCAPED", "x-elsewhere-ESCAPED"),
        ("..", "result"),
        (".hidden", "hidden"),
        ("front-door", "front-door"),
        ("a b\\c:d", "a-b-c-d"),
        ("v1.2", "v1.2"),
        ("é" * 10, "result"),
        ("n" * 300, "n" * 64),
    ],
)
def test_names_become_one_safe_folder_name(name, safe):
    assert safe_name(name) == safe


def test_an_escaping_scenario_name_stays_under_results(tmp_path, monkeypatch, quick_compare):
    work = tmp_path / "a" / "b" / "c" / "work"
    work.mkdir(parents=True)
    scenario = work / "evil.toml"
    scenario.write_text(
        '[scenario]\nname = "x/../../../../elsewhere/ESCAPED"\npreset = "default"\n'
        "[policies.poh_ggz]\ncoverage = 1.0\n"
    )
    monkeypatch.chdir(work)
    assert main([*COMPARE, "--scenario", str(scenario)]) == 0
    escaped = [p for p in tmp_path.rglob("*ESCAPED*") if (work / "results") not in p.parents]
    assert escaped == [], f"the scenario's name wrote outside results/: {escaped}"
    assert _files(work / "results") == ["compare-x-elsewhere-ESCAPED"]


# -- a real full disk ------------------------------------------------------------------------
@pytest.mark.slow
def test_a_real_full_disk_keeps_the_previous_run(tmp_path, python, subprocess_env):
    """A 64 KiB tmpfs in a user namespace: one run (~42 KiB) fits, not two side by side."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed (util-linux)")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no user namespaces here to mount a tmpfs: {probe.stderr.decode().strip()}")
    disk = tmp_path / "disk"
    disk.mkdir()
    carescape = f"{python} -m experiments.cli run {' '.join(TINY)} --out {disk}/r"
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {disk} || exit 99\n"
        f"{carescape} --seed 1 >/dev/null 2>&1 || exit 98\n"
        f"sha256sum {disk}/r/* > {tmp_path}/before\n"
        f"{carescape} --seed 2 >/dev/null 2>{tmp_path}/err; echo $? > {tmp_path}/rc\n"
        f"sha256sum {disk}/r/* > {tmp_path}/after\n"
        f"ls -A {disk} > {tmp_path}/left\n"
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script], env=subprocess_env, capture_output=True
    )
    if done.returncode == 99:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    assert done.returncode == 0, f"the first run did not fit: {done.stderr.decode()}"
    rc = int((tmp_path / "rc").read_text())
    err = (tmp_path / "err").read_text()
    assert rc == 1, f"exit {rc} on a full disk:\n{err}"
    line = _one_line_error(err)
    assert "No space left on device" in line and "kept the previous result" in line, line
    before, after = (tmp_path / "before").read_text(), (tmp_path / "after").read_text()
    assert before == after, "the previous result changed"
    assert (tmp_path / "left").read_text().split() == ["r"], "temporary files remain"


# -- sweeps: per-run files atomic and identified, the folder accumulates ----------------------
TWO_RUNS = """
[sweep]
name = "two"
years = 1
replicates = 1
outputs = ["clients_wmo"]
[sweep.constants]
"population.residents" = 2000
[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 1.0]
"""


def test_a_full_disk_in_a_sweep_keeps_finished_runs(tmp_path, capsys, monkeypatch):
    import experiments.sweep_run as sweep_run

    spec = tmp_path / "two.toml"
    spec.write_text(TWO_RUNS)
    out = tmp_path / "sweep"
    args = ["sweep", str(spec), "--out", str(out), "--workers", "0", "--no-progress"]
    real = sweep_run.write_json

    def full_at_run_1(data, path, identity=None):
        if Path(path).name == "00001.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(data, path, identity)

    monkeypatch.setattr(sweep_run, "write_json", full_at_run_1)
    assert main(args) == 1, "a full disk must stop the sweep with exit 1"
    line = _one_line_error(capsys.readouterr().err)
    assert "No space left on device" in line and "finished runs are kept" in line, line
    part = out / "data" / "run=00000" / "part.parquet"
    stamp = read_identity(part)
    assert stamp is not None and stamp["command"] == "sweep" and len(stamp["seeds"]) == 1
    status = json.loads((out / "runs" / "00000.json").read_text())
    assert status[IDENTITY_KEY] == stamp, "the status file and the part disagree"
    monkeypatch.setattr(sweep_run, "write_json", real)
    assert main(args) == 0, "the rerun should complete the sweep"
    other = read_identity(out / "data" / "run=00001" / "part.parquet")
    assert other["config_fingerprint"] != stamp["config_fingerprint"], (
        "two design points must have different config fingerprints"
    )
    sweep_meta = json.loads((out / "sweep.json").read_text())
    manifest = read_identity(out / "manifest.parquet")
    assert manifest["config_fingerprint"] == sweep_meta["fingerprint"], (
        "manifest.parquet must carry the sweep's fingerprint"
    )

"""The command line: `carescape run|presets|params|calibration` and its plugin commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import EntryPoint
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import experiments.cli as cli
from experiments.cli import main
from experiments.output import atomic_write_bytes, write_parquet
from model.params import REGISTRY
from model.results import ARROW_SCHEMA, SCHEMA_INDICATORS
from tests.helpers import REPO, declared_commands


def _carescape(python: str) -> list[str]:
    """The installed console script next to the interpreter, else `python -m experiments.cli`."""
    script = Path(python).parent / "carescape"
    return [str(script)] if script.exists() else [python, "-m", "experiments.cli"]


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory, python, subprocess_env):
    """`carescape run --residents 3000 --years 1 --out DIR`, as a user types it."""
    out = tmp_path_factory.mktemp("cli") / "tmp"
    child = subprocess.run(
        [*_carescape(python), "run", "--residents", "3000", "--years", "1", "--out", str(out)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return child, out


def test_run_exits_0_and_writes_both_files(cli_run):
    child, out = cli_run
    assert child.returncode == 0, f"carescape run failed ({child.returncode}):\n{child.stderr}"
    written = sorted(p.name for p in out.iterdir())
    assert written == ["manifest.json", "run.json", "timeseries.parquet"], (
        "the output folder should hold exactly manifest.json, run.json and timeseries.parquet, "
        f"not {written}"
    )


def test_run_leaves_no_temporary_files(cli_run):
    _, out = cli_run
    beside = [p for p in out.parent.iterdir() if p.name[0] == "."]  # the set's temporary folder
    leftovers = [p.name for p in [*out.iterdir(), *beside] if ".tmp" in p.name or p.name[0] == "."]
    assert not leftovers, f"atomic writes left temporary files behind: {leftovers}"


def test_timeseries_has_one_row_per_month_and_every_schema_column(cli_run):
    _, out = cli_run
    table = pq.read_table(out / "timeseries.parquet")
    expected = [i.name for i in SCHEMA_INDICATORS]
    assert table.column_names == expected, (
        f"columns differ from the results schema: missing "
        f"{sorted(set(expected) - set(table.column_names))}, extra "
        f"{sorted(set(table.column_names) - set(expected))}"
    )
    assert table.schema.equals(ARROW_SCHEMA), "column types differ from the declared schema"
    assert table.num_rows == 12, f"one year should give 12 monthly rows, got {table.num_rows}"
    months = table.column("month").to_pylist()
    assert months == list(range(1, 13)), f"months should run 1..12, got {months}"
    dates = table.column("date").to_pylist()
    assert [d.month for d in dates] == list(range(1, 13)) and len({d.year for d in dates}) == 1, (
        f"dates should be the 12 months of one calendar year, got {dates[0]}..{dates[-1]}"
    )
    nulls = [name for name in table.column_names if table.column(name).null_count]
    assert not nulls, f"columns with missing values: {nulls}"


def test_run_json_records_seed_parameters_version_and_timing(cli_run):
    _, out = cli_run
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    for key in ("seed", "parameters", "carescape_version", "timing_seconds", "years", "profile"):
        assert key in meta, f"run.json lacks {key!r}; it has {sorted(meta)}"
    assert meta["seed"] == 1, f"the default seed is 1, run.json says {meta['seed']}"
    assert meta["years"] == 1, f"run.json says years = {meta['years']}, expected 1"
    assert meta["parameters"]["population.residents"] == 3000, (
        "run.json should record the resolved residents override (3000)"
    )
    assert set(meta["parameters"]) == set(REGISTRY), (
        "run.json should record every registered parameter, resolved"
    )
    assert meta["carescape_version"] not in ("", None), "run.json lacks the package version"
    timing = meta["timing_seconds"]
    assert timing["setup_and_burn_in"] > 0 and timing["run"] > 0, (
        f"run.json timing should be positive, got {timing}"
    )


def test_run_prints_a_yearly_summary_and_progress(cli_run):
    child, out = cli_run
    assert "2025" in child.stdout, f"stdout should show the year 2025:\n{child.stdout}"
    assert "timeseries.parquet" in child.stdout, "stdout should say where the results went"
    assert "month 12/12" in child.stderr, f"stderr should show progress:\n{child.stderr}"


def test_presets_lists_default_small_and_city(capsys):
    assert main(["presets"]) == 0, "carescape presets should exit 0"
    lines = capsys.readouterr().out.strip().splitlines()
    names = [line.split()[0] for line in lines]
    assert sorted(names) == ["city", "default", "small"], f"presets listed: {names}"
    for line in lines:
        assert len(line.split()) > 3, f"preset line without a description: {line!r}"


def test_params_lists_every_registered_parameter_with_its_source(capsys):
    assert main(["params"]) == 0, "carescape params should exit 0"
    out = capsys.readouterr().out
    missing = [name for name in REGISTRY if name not in out]
    assert not missing, f"carescape params does not list {missing[:5]}"
    assert out.count("source:") == len(REGISTRY), "every parameter should show its source"


def test_calibration_prints_every_target(capsys):
    from experiments.targets import resolve_targets

    code = main(["calibration", "--residents", "6000", "--years", "2", "--seed", "3"])
    out = capsys.readouterr().out
    assert code in (0, 1), f"carescape calibration should exit 0 (all in band) or 1, got {code}"
    targets = resolve_targets("default")
    evaluable = targets.evaluable()
    missing = [t.label[:52] for t in evaluable if t.label[:52] not in out]
    assert not missing, f"the calibration table lacks {missing}"
    assert f"of {len(evaluable)} targets within their band" in out, "no verdict line"
    for name in targets.missing_columns():
        assert name in out, f"target {name} (indicator not recorded) is not mentioned"


def test_run_into_existing_folder_replaces_the_files(tmp_path, capsys):
    out = tmp_path / "again"
    args = ["run", "--residents", "3000", "--years", "1", "--out", str(out)]
    assert main(args) == 0, "first run failed"
    first = pq.read_table(out / "timeseries.parquet")
    assert main([*args[:-2], "--seed", "2", "--out", str(out)]) == 0, "second run failed"
    second = pq.read_table(out / "timeseries.parquet")
    assert not first.equals(second), "a second run with another seed should replace the table"
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "run.json",
        "timeseries.parquet",
    ], "rerunning into the same folder should leave only the result files and the manifest"


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "timeseries.parquet"
    old = pa.table({"month": pa.array([1], pa.int32())})
    write_parquet(old, path)

    def broken(tmp: str) -> None:
        Path(tmp).write_bytes(b"half a file")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write_bytes(path, broken)
    assert pq.read_table(path).equals(old), "a failed write must not touch the existing file"
    assert [p.name for p in tmp_path.iterdir()] == ["timeseries.parquet"], (
        "a failed write must not leave its temporary file behind"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_target_is_the_headline_what_if_on_the_default_preset():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    headline = (
        "carescape compare --scenario front-door --preset default --years 10 "
        "--replicates 10 --no-contributions --out results/default"
    )
    assert headline in makefile, "`make run` should compare front-door with the baseline"
    assert "carescape run --preset default --years 10 --out results/baseline" in makefile, (
        "`make baseline` should run the default preset for 10 years"
    )
    assert sys.version_info >= (3, 12), "carescape needs Python 3.12+ (Mesa 3.5)"


def test_pyproject_declares_the_console_script_and_the_ui_entry_point():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["carescape"] == "experiments.cli:main", "the CLI is experiments'"
    commands = {entry.name: entry for entry in declared_commands()}
    assert commands["ui"].value == "viz.cli:register", "viz adds `ui` through an entry point"
    from viz.cli import register

    assert commands["ui"].load() is register, "the ui entry point loads viz.cli.register"


def test_installed_entry_points_match_pyproject():
    installed = {name: getattr(f, "__module__", f) for name, f in cli.plugin_commands().items()}
    declared = {entry.name: entry.value.split(":")[0] for entry in declared_commands()}
    assert installed == declared, (
        f"installed carescape.commands {installed} differ from pyproject.toml's {declared}: "
        "the install is stale; refresh it with `pip install --no-deps -e .` (or `make`)"
    )


def test_without_entry_points_other_commands_work_and_ui_says_it_is_unavailable(
    monkeypatch, capsys
):
    monkeypatch.setattr(cli, "entry_points", lambda group: [])  # a bare source tree
    assert main(["presets"]) == 0, "non-ui commands work without installed entry points"
    capsys.readouterr()
    assert main(["ui", "--port", "9999"]) == 2, "ui without its entry point exits 2"
    err = capsys.readouterr().err
    assert "`carescape ui` is unavailable" in err and "pip install -e ." in err, err
    with pytest.raises(SystemExit):
        main(["presets", "--port", "9999"])  # only the unavailable stub swallows arguments


def test_an_entry_point_that_cannot_be_imported_explains_why(monkeypatch, capsys):
    broken = EntryPoint("ui", "viz.no_such_module:register", cli.COMMAND_GROUP)
    monkeypatch.setattr(cli, "entry_points", lambda group: [broken])
    assert main(["ui"]) == 2, "a ui that cannot be imported exits 2"
    err = capsys.readouterr().err
    assert "unavailable" in err and "viz.no_such_module" in err, err


def test_declared_entry_points_give_the_ui_command(monkeypatch):
    monkeypatch.setattr(cli, "entry_points", lambda group: declared_commands())
    args = cli.build_parser().parse_args(["ui", "--port", "9999"])
    assert args.port == 9999 and not getattr(args, "any_arguments", False), "the real ui"


@pytest.mark.parametrize("command", ["run", "calibration"])
def test_help_states_the_years_a_command_runs_by_default(command: str) -> None:
    """`calibration --help` said "default 10" while it ran 5 years."""
    parser = cli.build_parser()
    years = parser.parse_args([command]).years
    sub = next(a for a in parser._subparsers._group_actions if command in a.choices).choices
    assert f"years to simulate (default {years})" in sub[command].format_help()

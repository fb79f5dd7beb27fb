"""Bad input fails loudly and early: one ConfigError naming field, value and what is
allowed; from the command line exit code 2, a message on stderr, and nothing written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from experiments.cli import build_parser, main
from experiments.sweep import load_spec
from experiments.sweep_run import dask_client, scheduler_warning
from experiments.workers import WORKERS_HELP, worker_count
from model.care_model import CareModel
from model.params import ConfigError, load_preset, load_profile, resolve_profile
from model.scenarios import parse_scenario

# name -> (profile text, fragments the message must contain)
BAD_PROFILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "unknown_parameter": (
        "[population]\nresidentz = 30000\n",
        ("population.residentz", "not a known parameter", "population.residents"),
    ),
    "unknown_section": (
        "[populace]\nresidents = 30000\n",
        ("populace.residents", "not a known parameter", "population"),
    ),
    "out_of_range": (
        "[population]\nresidents = 10\n",
        ("population.residents", "10", "out of range", "[1000, 2000000]"),
    ),
    "share_above_one": (
        "[access]\nlight_solution_share = 1.5\n",
        ("access.light_solution_share", "1.5", "[0.0, 1.0]"),
    ),
    "wrong_type_string": (
        '[population]\nresidents = "many"\n',
        ("population.residents", "'many'", "not a number", "integer in [1000, 2000000]"),
    ),
    "wrong_type_bool": (
        "[network]\npartner_hours = true\n",
        ("network.partner_hours", "True", "not a number", "[0.0, 40.0]"),
    ),
    "net_out_migration": (  # once accepted and silently taken as 0
        "[demography]\nnet_migration_per_1000 = -5.0\n",
        ("demography.net_migration_per_1000", "-5.0", "[0.0, 30.0]"),
    ),
    "fraction_for_integer": (
        "[population]\nresidents = 30000.5\n",
        ("population.residents", "30000.5", "integer"),
    ),
    "unknown_choice": (
        '[providers]\nfunding_model = "magic"\n',
        ("providers.funding_model", "'magic'", "'pxq'", "'lump_sum'", "'result'"),
    ),
    "section_is_a_value": (
        "population = 5\n",
        ("population", "not a known parameter"),
    ),
    "unknown_profile_key": (
        '[profile]\nname = "x"\nauthor = "me"\n',
        ("[profile]", "author", "name, description"),
    ),
    "inconsistent_shares": (
        "[population]\nshare_80_plus = 0.1\nshare_65_plus = 0.08\n",
        ("population.share_80_plus", "0.1", "population.share_65_plus", "0.08"),
    ),
    "malformed_toml": (
        "[population\nresidents = 30000\n",
        ("bad.toml", "not valid TOML", "line 1"),
    ),
}


def _write(tmp_path, text: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD_PROFILES))
def test_bad_profile_gives_a_config_error_naming_field_value_and_allowed(tmp_path, case):
    text, fragments = BAD_PROFILES[case]
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    message = str(caught.value)
    missing = [f for f in fragments if f not in message]
    assert not missing, f"{case}: the error {message!r} does not mention {missing}"
    assert str(path) in message, f"{case}: the error {message!r} does not name the file"


@pytest.mark.parametrize("case", list(BAD_PROFILES))
def test_cli_bad_profile_exits_2_with_a_message_and_writes_nothing(tmp_path, capsys, case):
    text, fragments = BAD_PROFILES[case]
    path = _write(tmp_path, text)
    out = tmp_path / "out"
    code = main(["run", "--profile", str(path), "--years", "1", "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code == 2, f"{case}: exit code {code}, expected 2 (stderr: {stderr!r})"
    assert "carescape: error:" in stderr, f"{case}: no error line on stderr: {stderr!r}"
    assert fragments[0] in stderr, f"{case}: stderr {stderr!r} does not name {fragments[0]!r}"
    assert "Traceback" not in stderr, f"{case}: a traceback instead of a message: {stderr!r}"
    assert not out.exists(), f"{case}: the output folder was created despite the error"


def test_missing_profile_file_is_named(tmp_path):
    path = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert str(path) in message and "does not exist" in message, (
        f"the error for a missing profile should name the path and say it does not exist: "
        f"{message!r}"
    )


def test_unknown_preset_lists_the_presets():
    with pytest.raises(ConfigError) as caught:
        load_preset("metropolis")
    message = str(caught.value)
    missing = [
        f for f in ("preset", "'metropolis'", "city", "default", "small") if f not in message
    ]
    assert not missing, f"the unknown-preset error {message!r} does not mention {missing}"


def test_preset_and_profile_together_are_refused(tmp_path):
    path = _write(tmp_path, "")
    with pytest.raises(ConfigError, match="either preset or profile"):
        resolve_profile("default", path)


@pytest.mark.parametrize(
    ("kwargs", "fragments"),
    [
        ({"residents": 50}, ("population.residents", "50", "[1000, 2000000]")),
        ({"years": 0}, ("years", "0", "[1, 50]")),
        ({"years": 80}, ("years", "80", "[1, 50]")),
        ({"start": "soon"}, ("start", "'soon'", "YYYY-MM")),
        ({"preset": "metropolis"}, ("preset", "'metropolis'", "default")),
        ({"overrides": {"access.fte": 3}}, ("access.fte", "access.fte_per_10000")),
        ({"overrides": {"general.reach": -0.1}}, ("general.reach", "-0.1", "[0.0, 1.0]")),
    ],
)
def test_model_constructor_validates_its_arguments(kwargs, fragments):
    with pytest.raises(ConfigError) as caught:
        CareModel(**{"residents": 5000, "years": 1, "rng": 1, **kwargs})
    message = str(caught.value)
    missing = [f for f in fragments if f not in message]
    assert not missing, f"CareModel({kwargs}) error {message!r} does not mention {missing}"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--preset", "metropolis"], "metropolis"),
        (["--profile", "nowhere.toml"], "nowhere.toml"),
        (["--residents", "10"], "population.residents"),
        (["--years", "0"], "years"),
    ],
)
def test_cli_bad_options_exit_2_and_write_nothing(tmp_path, capsys, args, fragment):
    out = tmp_path / "out"
    code = main(["run", *args, "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code == 2, f"carescape run {args}: exit code {code}, expected 2"
    assert fragment in stderr, f"carescape run {args}: stderr {stderr!r} lacks {fragment!r}"
    assert not out.exists(), f"carescape run {args}: output folder created despite the error"


def test_cli_unparsable_option_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", "--years", "ten", "--out", str(tmp_path / "out")])
    assert caught.value.code == 2, f"argparse should exit 2, got {caught.value.code}"
    assert "--years" in capsys.readouterr().err, "the message should name --years"
    assert not (tmp_path / "out").exists(), "nothing should be written"


def test_cli_negative_seed_exits_2_with_a_message(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["run", "--residents", "3000", "--years", "1", "--seed", "-1", "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code == 2, f"a negative seed should exit 2, got {code}; stderr {stderr!r}"
    assert "seed" in stderr and "-1" in stderr, f"stderr should name the seed and -1: {stderr!r}"
    assert not out.exists(), "nothing should be written"


def test_profile_that_is_not_utf8_gives_a_config_error(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[profile]\ndescription = "Súdwest-Fryslân"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="latin1.toml"):
        load_profile(path)


def test_cli_subprocess_bad_profile_exit_code_and_stderr(tmp_path, python, subprocess_env):
    path = _write(tmp_path, "[access]\nfte_per_10000 = 500\n")
    out = tmp_path / "out"
    child = subprocess.run(
        [python, "-m", "experiments.cli", "run", "--profile", str(path), "--out", str(out)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 2, f"exit code {child.returncode}, expected 2: {child.stderr}"
    for fragment in ("access.fte_per_10000", "500", "[0.1, 30.0]"):
        assert fragment in child.stderr, f"stderr {child.stderr!r} lacks {fragment!r}"
    assert "Traceback" not in child.stderr, f"a traceback on stderr: {child.stderr}"
    assert not out.exists(), "the output folder was created despite the error"


# -- issue 10: the cases a tester found ---------------------------------------------------------
def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf[population]\nresidents = 20000\n")
    assert load_profile(path)["population.residents"] == 20000, "a UTF-8 BOM should be skipped"


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (lambda tmp: tmp, ("is a folder",)),
        (lambda tmp: Path("/dev/null"), ("/dev/null", "not a regular file")),
        (lambda tmp: tmp / "missing.toml", ("missing.toml", "does not exist")),
    ],
    ids=["folder", "device", "missing"],
)
def test_a_path_that_is_no_file_is_called_what_it_is(tmp_path, make, fragments):
    path = make(tmp_path)
    if not path.exists() and "missing" not in str(path):
        pytest.skip(f"{path} does not exist on this platform")
    for load in (load_profile, load_spec):
        with pytest.raises(ConfigError) as caught:
            load(path)
        missing = [f for f in fragments if f not in str(caught.value)]
        assert not missing, f"{load.__name__}({path}): {caught.value} lacks {missing}"


def test_a_binary_sweep_file_is_called_a_binary_sweep_file(tmp_path):
    path = tmp_path / "garbage.toml"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(ConfigError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert "sweep" in message and "profile" not in message, message
    assert "binary" in message, f"a file with NUL bytes should be called binary: {message}"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (f"[population]\nresidents = 1{'0' * 400}\n", ("population.residents", "401 digits")),
        (f"[population]\nresidents = 1{'0' * 5000}\n", ("population.residents", "5001 digits")),
        ("[population]\nresidents = 1e400\n", ("population.residents", "inf")),
        ("[access]\nlight_solution_share = nan\n", ("access.light_solution_share", "nan")),
        ("[profile]\nname = 5\n", ("profile.name", "5", "text")),
        ("[profile]\ndescription = [1]\n", ("profile.description", "[1]", "text")),
        ("profile = 5\n", ("profile = 5", "table")),
    ],
    ids=["400 digits", "5000 digits", "1e400", "nan", "name = 5", "description list", "head"],
)
def test_huge_numbers_and_wrong_head_types_are_refused_by_name(tmp_path, text, fragments):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_profile(path)
    message = str(caught.value)
    missing = [f for f in fragments if f not in message]
    assert not missing, f"{message!r} lacks {missing}"
    assert len(message) < 300, f"the message should stay one short line: {len(message)} chars"


@pytest.mark.parametrize("start", ["1800-01", "2101-01", "2025-13", "soon", "٢٠٢٥-٠١"])
def test_a_scenario_start_outside_the_calendar_is_refused(start):
    raw = {"scenario": {"start": start}, "policies": {"poh_ggz": {}}}
    with pytest.raises(ConfigError) as caught:
        parse_scenario(raw, "s.toml")
    assert "scenario.start" in str(caught.value) and start in str(caught.value), caught.value


def _sweep_file(tmp_path, body: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text('[sweep]\npreset = "default"\nyears = 1\n' + body, encoding="utf-8")
    return path


def test_a_bad_sweep_constant_names_its_path_once(tmp_path):
    path = _sweep_file(tmp_path, '[sweep.constants]\n"population.residents" = 0\n')
    with pytest.raises(ConfigError) as caught:
        load_spec(path)
    message = str(caught.value)
    assert message.count("population.residents") == 1, f"the path is repeated: {message}"
    assert "population.residents = 0" in message and "[1000, 2000000]" in message, message


def test_a_sweep_lever_starting_past_the_horizon_is_refused_at_the_spec_check(tmp_path):
    vary = '[[sweep.vary]]\npath = "policies.poh_ggz.start_month"\nvalues = [0, 12]\n'
    with pytest.raises(ConfigError) as caught:
        load_spec(_sweep_file(tmp_path, vary))
    message = str(caught.value)
    for fragment in ("start_month = 12", "horizon of 12 months", "[0, 11]"):
        assert fragment in message, f"{message!r} lacks {fragment!r}"


def _compare(tmp_path, capsys, scenario: str, *extra: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    args = ["compare", "--scenario", scenario, "--years", "1", "--residents", "1000"]
    code = main([*args, "--replicates", "2", "--out", str(out), *extra])
    return code, capsys.readouterr().err, out


@pytest.mark.parametrize(
    ("scenario", "fragments"),
    [
        ('[scenario]\nname = "empty"\n', ("no [policies.*]", "baseline against itself")),
        (
            '[scenario]\nname = "ext"\n[external.covid_shock]\n',
            ("no [policies.*]", "baseline against itself"),
        ),
        (
            "[policies.poh_ggz]\nstart_month = 30\n",
            ("[policies.poh_ggz]", "start_month = 30", "horizon of 12 months"),
        ),
    ],
    ids=["empty", "externals only", "start past the horizon"],
)
def test_compare_refuses_what_could_only_compare_nothing(tmp_path, capsys, scenario, fragments):
    path = tmp_path / "s.toml"
    path.write_text(scenario, encoding="utf-8")
    code, stderr, out = _compare(tmp_path, capsys, str(path))
    assert code == 2, f"exit {code}: {stderr}"
    assert len(stderr.strip().splitlines()) == 1, f"one line expected: {stderr!r}"
    missing = [f for f in fragments if f not in stderr]
    assert not missing and not out.exists(), f"{stderr!r} lacks {missing} (or out written)"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--workers", "-1"], "--workers = -1"),
        (["--workers", "5000"], "--workers = 5000"),
        (["--replicates", "1000000"], "--replicates = 1000000"),
        (["--seed", str(2**64)], "--seed"),
    ],
)
def test_compare_options_out_of_range_exit_2(tmp_path, capsys, args, fragment):
    code, stderr, out = _compare(tmp_path, capsys, "poh-ggz", *args)
    assert code == 2 and fragment in stderr, f"exit {code}: {stderr!r}"
    assert "Traceback" not in stderr and not out.exists(), stderr


def test_workers_means_the_same_everywhere():
    assert worker_count(None) == (os.cpu_count() or 1), "omitted: one worker per core"
    assert worker_count(0) == 0, "0: run in this process"
    assert worker_count(3) == 3
    with pytest.raises(ConfigError, match="--workers = -1"):
        worker_count(-1)
    helps = {
        action.help
        for command in ("compare", "sweep", "calibrate", "validate")
        for action in build_parser()._subparsers._group_actions[0].choices[command]._actions
        if "--workers" in action.option_strings
    }
    assert helps == {WORKERS_HELP}, f"--workers should read the same in every command: {helps}"


@pytest.mark.parametrize(
    ("address", "warned"),
    [
        ("tcp://127.0.0.1:8786", False),
        ("localhost:8786", False),
        ("tcp://[::1]:8786", False),
        ("tls://10.0.0.5:8786", False),
        ("tcp://10.0.0.5:8786", True),
        ("10.0.0.5:8786", True),
        ("tcp://scheduler.example:8786", True),
    ],
)
def test_the_cli_warns_about_a_scheduler_without_tls_off_loopback(address, warned):
    warning = scheduler_warning(address)
    assert (warning is not None) == warned, f"{address}: warning {warning!r}"
    if warned:
        assert address in warning and "tls://" in warning, warning


def test_a_tls_scheduler_without_a_client_certificate_is_a_config_error():
    import dask.config
    import distributed  # noqa: F401  - registers its config defaults before the set() below:
    # set() on a section that does not exist yet removes the whole section on exit, which
    # would drop distributed's defaults for every later test in this process.

    unset = {"distributed.comm.tls.ca-file": None, "distributed.comm.tls.client.cert": None}
    with dask.config.set(unset), pytest.raises(ConfigError, match="certificate"):
        with dask_client("tls://127.0.0.1:1", 1):
            pass


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        (".", b"[population]\nresidents = 20000\n", "upload name = '.'"),
        ("..", b"", "upload name = '..'"),
        ("p.toml", f"[population]\nresidents = {'9' * 400}\n".encode(), "population.residents"),
        ("p.toml", b"\x00\x01", "binary"),
    ],
    ids=["dot", "dotdot", "400 digits", "binary"],
)
def test_app_profile_uploads_are_refused_with_a_config_error(tmp_path, name, data, fragment):
    from viz.backend import profile_from_upload

    folder = tmp_path / "uploads"
    with pytest.raises(ConfigError) as caught:
        profile_from_upload(data, name, folder)
    assert fragment in str(caught.value), caught.value
    assert not folder.exists(), "nothing should be kept from a refused upload"


def test_app_scenario_upload_named_dot_is_refused():
    from viz.backend import scenario_from_toml

    with pytest.raises(ConfigError, match="upload name"):
        scenario_from_toml(b'[scenario]\nname = "x"\n', ".")

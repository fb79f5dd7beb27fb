"""Bad input fails loudly and early: one ConfigError naming field, value and what is
allowed; from the command line exit code 2, a message on stderr, and nothing written."""

from __future__ import annotations

import subprocess

import pytest

from experiments.cli import main
from model.care_model import CareModel
from model.params import ConfigError, load_preset, load_profile, resolve_profile

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

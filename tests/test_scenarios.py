"""Scenario files: the built-in packages, exactness where no policy acts, start months,
clear errors for bad files, and a lossless round trip through TOML."""

from __future__ import annotations

import subprocess
import tomllib

import pytest
import tomli_w

from experiments.cli import main
from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE, EXTERNALS, LEVERS, Policy
from model.scenarios import Scenario, load_scenario, parse_scenario, scenario_names
from tests.helpers import carescape_command, run

SMALL = {"residents": 6000, "years": 2, "rng": 3}
HORIZON = SMALL["years"] * 12
NAMED = ("poh-ggz", "hh-norm", "youth-demarcation", "front-door")
REQUIRED = (*NAMED, "daycare-general", "case-management", "contribution-income")
# Parameters that make each policy act visibly in a small run (the rest use defaults).
ACTING = {"indication_length": {"mode": "indefinite"}}


@pytest.fixture(scope="module")
def small_baseline():
    return run(**SMALL)


def _first_difference(a, b) -> str:
    for name in a.column_names:
        if not a.column(name).equals(b.column(name)):
            return f"first differing column: {name!r}"
    return "no column differs"


# -- built-in scenarios ---------------------------------------------------------------------
def test_builtin_scenarios_include_the_packages_planners_ask_for():
    missing = sorted(set(REQUIRED) - set(scenario_names()))
    assert not missing, f"built-in scenarios lack {missing}; have {scenario_names()}"


@pytest.mark.parametrize("name", scenario_names())
def test_every_builtin_scenario_loads_and_builds_fresh_policies(name):
    scenario = load_scenario(name)
    assert scenario.description, f"scenario {name} should say what it does"
    assert scenario.policies, f"scenario {name} should switch on at least one lever"
    first, second = scenario.build_policies(), scenario.build_policies()
    assert all(isinstance(p, Policy) for p in first), f"{name}: build_policies gave {first}"
    assert not set(map(id, first)) & set(map(id, second)), (
        f"{name}: every model run needs its own policy objects (they keep records)"
    )


def test_front_door_is_the_three_named_levers_together():
    package = load_scenario("front-door")
    singles = {}
    for name in NAMED[:3]:
        singles.update(load_scenario(name).policies)
    assert set(package.policies) == set(singles), (
        f"front-door should combine {sorted(singles)}, not {sorted(package.policies)}"
    )
    for lever, values in singles.items():
        built = CATALOGUE[lever](**package.policies[lever]).params
        alone = CATALOGUE[lever](**values).params
        assert built == alone, (
            f"{lever} should act in front-door as in its own scenario: {built} vs {alone}"
        )


def test_the_baseline_of_a_scenario_drops_its_levers_and_keeps_its_externals():
    scenario = Scenario(
        "shocked package",
        policies={"poh_ggz": {}, "hh_norm": {"exempt_90_plus": 1}},
        external={"covid_shock": {"onset_factor": 2.0}},
    )
    base = scenario.baseline()
    assert base.policies == {}, f"the baseline should have no levers, not {base.policies}"
    assert base.external == scenario.external, (
        f"the baseline should face the same external world: {base.external}"
    )
    names = [p.name for p in base.build_policies()]
    assert names == ["covid_shock"], f"the baseline should build only the external: {names}"


def test_every_policy_starting_in_the_last_month_leaves_all_earlier_months_identical(
    small_baseline,
):
    everything = [
        cls(start_month=HORIZON - 1, **ACTING.get(name, {})) for name, cls in CATALOGUE.items()
    ]
    late = run(**SMALL, policies=everything)
    before = late.table.slice(0, HORIZON - 1)
    assert before.equals(small_baseline.table.slice(0, HORIZON - 1)), (
        f"with all {len(everything)} policies waiting for month {HORIZON - 1}, months 1-"
        f"{HORIZON - 1} should equal the baseline; "
        f"{_first_difference(small_baseline.table.slice(0, HORIZON - 1), before)}"
    )


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_a_policy_starting_in_month_m_changes_nothing_before_m_and_something_after(
    small_baseline, name
):
    m = 12
    policy = CATALOGUE[name](start_month=m, **ACTING.get(name, {}))
    result = run(**SMALL, policies=[policy])
    base_rows = small_baseline.table.to_pylist()
    rows = result.table.to_pylist()
    early = [r["month"] for r, b in zip(rows, base_rows, strict=True) if r != b and r["month"] <= m]
    assert not early, f"{name} starting at month {m} changed months {early} (before it acts)"
    late = [r["month"] for r, b in zip(rows, base_rows, strict=True) if r != b and r["month"] > m]
    assert late, f"{name} starting at month {m} changed nothing in months {m + 1}-{HORIZON}"


def test_a_policy_starting_beyond_the_horizon_is_refused():
    with pytest.raises(ConfigError) as caught:
        CareModel(**SMALL, policies=[CATALOGUE["poh_ggz"](start_month=HORIZON)])
    message = str(caught.value)
    for fragment in ("poh_ggz", "start_month", str(HORIZON)):
        assert fragment in message, f"the error {message!r} should mention {fragment!r}"


def test_phase_in_ramps_a_policy_up_to_full_strength():
    result = run(
        **{**SMALL, "years": 1},
        policies=[CATALOGUE["case_management"](start_month=3, phase_in_months=4)],
    )
    policy = result.model.policies[0]  # the model works on its own copy
    ramp = [(r.month, round(r.intensity, 2)) for r in policy.records[:5]]
    assert ramp == [(4, 0.25), (5, 0.5), (6, 0.75), (7, 1.0), (8, 1.0)], (
        f"a policy from month 3 phased in over 4 months should act at 1/4, 2/4, 3/4, then "
        f"full strength from the fourth month on, not {ramp}"
    )
    costs = [r.cost_eur for r in policy.records[:4]]
    assert costs == sorted(costs) and costs[0] > 0, (
        f"its own cost (extra FTE) should grow with its strength: {costs}"
    )


# -- bad scenario files ---------------------------------------------------------------------
# name -> (file text, fragments the message must contain)
BAD_SCENARIOS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unknown_policy": (
        "[policies.poh_ggzz]\ncoverage = 1.0\n",
        ("[policies.poh_ggzz]", "not a known policy", "poh_ggz", "allowed:", "youth_demarcation"),
    ),
    "unknown_parameter": (
        "[policies.poh_ggz]\ncoverag = 1.0\n",
        ("coverag", "not a parameter of poh_ggz", "allowed:", "coverage", "fte_per_10000"),
    ),
    "out_of_range": (
        "[policies.poh_ggz]\ncoverage = 1.5\n",
        ("[policies.poh_ggz]", "coverage = 1.5", "out of range", "[0, 1]"),
    ),
    "negative_start_month": (
        "[policies.hh_norm]\nstart_month = -1\n",
        ("start_month = -1", "out of range", "[0, 600]"),
    ),
    "wrong_type_string_for_number": (
        '[policies.case_management]\nextra_fte_per_10000 = "four"\n',
        ("extra_fte_per_10000", "'four'", "not a number", "[0.0, 10.0]"),
    ),
    "wrong_type_bool_for_number": (
        "[policies.voorveld]\nreach = true\n",
        ("reach", "True", "not a number"),
    ),
    "fraction_for_integer": (
        "[policies.hh_norm]\nexempt_90_plus = 0.5\n",
        ("exempt_90_plus", "0.5", "integer in [0, 1]"),
    ),
    "unknown_choice": (
        '[policies.youth_demarcation]\nrefused_route = "youth_work"\n',
        ("refused_route", "'youth_work'", "'general'", "'light'", "'none'"),
    ),
    "unknown_top_level_table": (
        "[levers.poh_ggz]\ncoverage = 1.0\n",
        ("[levers]", "[scenario]", "[policies.*]", "[external.*]"),
    ),
    "unknown_external": (
        "[external.heatwave]\nseverity = 2\n",
        ("[external.heatwave]", "not a known external scenario", *sorted(EXTERNALS)),
    ),
    "external_listed_as_a_policy": (
        "[policies.covid_shock]\nonset_factor = 2.0\n",
        ("[policies.covid_shock]", "not a known policy", "allowed:", "poh_ggz"),
    ),
    "lever_listed_as_an_external": (
        "[external.poh_ggz]\ncoverage = 1.0\n",
        ("[external.poh_ggz]", "not a known external scenario", "covid_shock"),
    ),
    "unknown_scenario_key": (
        '[scenario]\nname = "x"\nauthor = "me"\n',
        ("scenario.author", "name, description, preset, profile, start"),
    ),
    "policy_is_a_value": (
        "[policies]\npoh_ggz = 3\n",
        ("[policies.poh_ggz]", "table of parameters"),
    ),
    "malformed_toml": (
        "[policies.poh_ggz\ncoverage = 1.0\n",
        ("bad.toml", "not valid TOML"),
    ),
}
NOT_A_TABLE = [
    pytest.param('scenario = "front-door"\n', ("scenario", "table"), id="scenario_is_a_value"),
    pytest.param("policies = 3\n", ("policies", "table"), id="policies_is_a_value"),
    pytest.param("external = [1]\n", ("external", "table"), id="external_is_a_list"),
]


def _write(tmp_path, text: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_mentions(message: str, fragments, what: str) -> None:
    missing = [f for f in fragments if f not in message]
    assert not missing, f"{what}: the message {message!r} does not mention {missing}"


@pytest.mark.parametrize("case", list(BAD_SCENARIOS))
def test_bad_scenario_file_gives_a_config_error_naming_what_is_allowed(tmp_path, case):
    text, fragments = BAD_SCENARIOS[case]
    with pytest.raises(ConfigError) as caught:
        load_scenario(_write(tmp_path, text))
    _assert_mentions(str(caught.value), fragments, case)


@pytest.mark.parametrize(("text", "fragments"), NOT_A_TABLE)
def test_a_value_where_a_table_belongs_gives_a_config_error(tmp_path, text, fragments):
    with pytest.raises(ConfigError) as caught:
        load_scenario(_write(tmp_path, text))
    _assert_mentions(str(caught.value), fragments, text.strip())


def _compare(path_or_name, out) -> list[str]:
    return [
        "compare",
        "--scenario",
        str(path_or_name),
        "--residents",
        "3000",
        "--years",
        "1",
        "--replicates",
        "2",
        "--workers",
        "1",
        "--out",
        str(out),
    ]


@pytest.mark.parametrize("case", list(BAD_SCENARIOS))
def test_compare_with_a_bad_scenario_exits_2_and_writes_nothing(tmp_path, capsys, case):
    text, fragments = BAD_SCENARIOS[case]
    out = tmp_path / "out"
    code = main(_compare(_write(tmp_path, text), out))
    stderr = capsys.readouterr().err
    assert code == 2, f"{case}: exit code {code}, expected 2; stderr {stderr!r}"
    assert stderr.startswith("carescape: error:"), f"{case}: unclear stderr {stderr!r}"
    _assert_mentions(stderr, fragments, case)
    assert not out.exists(), f"{case}: the output folder was created despite the error"


@pytest.mark.parametrize(("text", "fragments"), NOT_A_TABLE)
def test_compare_with_a_value_where_a_table_belongs_exits_2(tmp_path, capsys, text, fragments):
    out = tmp_path / "out"
    code = main(_compare(_write(tmp_path, text), out))
    stderr = capsys.readouterr().err
    assert code == 2, f"exit code {code}, expected 2; stderr {stderr!r}"
    _assert_mentions(stderr, fragments, text.strip())
    assert not out.exists(), "the output folder was created despite the error"


# Problems that only show when the scenario meets a municipality or the calendar.
BAD_AT_RUN = {
    "unknown_preset": ('[scenario]\npreset = "atlantis"\n', ("atlantis", "default", "small")),
    "impossible_start": ('[scenario]\nstart = "2025-13"\n', ("start", "2025-13", "YYYY-MM")),
}


@pytest.mark.parametrize("case", list(BAD_AT_RUN))
def test_compare_with_a_scenario_the_model_cannot_run_exits_2_and_writes_nothing(
    tmp_path, capsys, case
):
    text, fragments = BAD_AT_RUN[case]
    out = tmp_path / "out"
    code = main(_compare(_write(tmp_path, text), out))
    stderr = capsys.readouterr().err
    assert code == 2, f"{case}: exit code {code}, expected 2; stderr {stderr!r}"
    _assert_mentions(stderr, fragments, case)
    assert not out.exists(), f"{case}: the output folder was created despite the error"


@pytest.mark.parametrize(
    ("scenario", "fragments"),
    [
        ("front-dor", ("front-dor", "neither a built-in scenario nor a file", "front-door")),
        ("nowhere.toml", ("nowhere.toml", "does not exist")),
    ],
)
def test_compare_with_an_unknown_scenario_names_it_and_the_built_in_ones(
    tmp_path, capsys, scenario, fragments
):
    out = tmp_path / "out"
    code = main(_compare(scenario, out))
    stderr = capsys.readouterr().err
    assert code == 2, f"--scenario {scenario}: exit code {code}, expected 2"
    _assert_mentions(stderr, fragments, scenario)
    assert not out.exists(), f"--scenario {scenario}: output folder created despite the error"


def test_a_scenario_naming_both_a_preset_and_a_profile_is_refused(tmp_path):
    profile = tmp_path / "town.toml"
    profile.write_text("[population]\nresidents = 20000\n", encoding="utf-8")
    text = '[scenario]\npreset = "city"\nprofile = "town.toml"\n'
    with pytest.raises(ConfigError, match="preset"):
        load_scenario(_write(tmp_path, text))


def test_compare_subprocess_bad_scenario_exit_code_and_stderr(tmp_path, python, subprocess_env):
    path = _write(tmp_path, "[policies.hh_norm]\nfortnightly_share = 2.0\n")
    out = tmp_path / "out"
    child = subprocess.run(
        [*carescape_command(python), *_compare(path, out)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 2, f"exit code {child.returncode}, expected 2: {child.stderr}"
    for fragment in ("hh_norm", "fortnightly_share = 2.0", "out of range", "[0.0, 1.0]"):
        assert fragment in child.stderr, f"stderr {child.stderr!r} lacks {fragment!r}"
    assert "Traceback" not in child.stderr, f"a traceback on stderr: {child.stderr}"
    assert not out.exists(), "the output folder was created despite the error"


# -- round trip ------------------------------------------------------------------------------
def _round_trip(scenario: Scenario, tmp_path) -> Scenario:
    path = tmp_path / f"{scenario.name}.toml"
    path.write_text(tomli_w.dumps(scenario.to_toml_dict()), encoding="utf-8")
    return parse_scenario(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


@pytest.mark.parametrize("name", scenario_names())
def test_every_builtin_scenario_survives_a_round_trip_through_toml(tmp_path, name):
    scenario = load_scenario(name)
    again = _round_trip(scenario, tmp_path)
    assert again == scenario, f"{name} changed on a TOML round trip:\n{scenario}\n{again}"


def test_a_scenario_with_every_kind_of_value_survives_a_round_trip(tmp_path):
    scenario = Scenario(
        name="everything",
        description="all levers with non-default values, an external, a profile and a start",
        preset=None,
        profile=str(tmp_path / "town.toml"),
        start="2026-07",
        policies={
            "poh_ggz": {"coverage": 0.5, "fte_per_10000": 1.25, "start_month": 6},
            "hh_norm": {"exempt_90_plus": 1, "fortnightly_share": 0.3, "phase_in_months": 6},
            "youth_demarcation": {"refused_route": "light", "strictness": 1.0},
            "stop_stacking": {},
            "funding_model": {"model": "population", "domain": "all", "providers": 12},
        },
        external={"covid_shock": {"onset_factor": 2.0, "duration_months": 18}},
    )
    again = _round_trip(scenario, tmp_path)
    assert again == scenario, f"the scenario changed on a TOML round trip:\n{scenario}\n{again}"
    built = [p.describe() for p in again.build_policies()]
    expected = [p.describe() for p in scenario.build_policies()]
    assert built == expected, f"the round-tripped scenario builds other policies: {built}"


def test_levers_and_externals_are_disjoint_and_cover_the_catalogue():
    assert not set(LEVERS) & set(EXTERNALS), (
        f"a policy cannot be both a lever and an external: {set(LEVERS) & set(EXTERNALS)}"
    )
    assert set(LEVERS) | set(EXTERNALS) == set(CATALOGUE), "every policy is a lever or external"


def test_policies_can_be_given_by_name_and_instances_are_not_shared_between_runs():
    by_name = run(**{**SMALL, "years": 1}, policies={"hh_norm": {"exempt_90_plus": 1}})
    shared = CATALOGUE["hh_norm"](exempt_90_plus=1)
    first = run(**{**SMALL, "years": 1}, policies=[shared])
    second = run(**{**SMALL, "years": 1}, policies=[shared])
    assert by_name.table.equals(first.table), "a policy given by name should act like an instance"
    assert first.table.equals(second.table), (
        "reusing one policy instance for two runs (as batch_run does) must not carry state over"
    )
    assert shared.records == [], "the model should work on its own copy of a policy instance"

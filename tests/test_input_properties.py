"""Property-based bad-input tests: profiles, scenarios and sweep files made from the declarations.

Hypothesis builds inputs from what the registry (``model/parameters.toml``) and the policy
catalogue declare - each parameter's type, range or choices - as TOML text, and changes
one entry: out of range, a fraction for an integer, the wrong type, a huge number (beyond
a float, or beyond the 4300 digits Python reads), an odd string, an unknown name. Every
input must either be accepted with the value it gave, or be refused with one ConfigError
whose message names the field and the value. A few of them go through the command line
in a child process: exit code 2, one line on stderr, no traceback, nothing in ``--out``.

The fast tests are derandomized (the same examples on every run); the slow ones try many
more. ``CARESCAPE_INPUT_TALLY=FILE`` writes how many inputs of each kind were tried and
what became of them (the README's reliability table).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from experiments.sweep import parse_spec
from model.params import REGISTRY, ConfigError, Parameter, parse_profile, parse_toml_bytes
from model.policies import EXTERNALS, LEVERS
from model.scenarios import parse_scenario

FAST = settings(max_examples=100, deadline=None, derandomize=True, database=None)
SLOW = settings(max_examples=1500, deadline=None, database=None)
CLI_FAST = settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
CLI_SLOW = settings(max_examples=25, deadline=None, database=None)

TALLY: Counter[str] = Counter()
# Registry parameters tied by a consistency rule: a value in range can still be refused.
LINKED = ("population.share_", "population.income_", "general.place_share_")
DIGITS_PYTHON_READS = 4300


@pytest.fixture(scope="module", autouse=True)
def _write_tally():
    yield
    path = os.environ.get("CARESCAPE_INPUT_TALLY")
    if path:
        Path(path).write_text(json.dumps(dict(sorted(TALLY.items())), indent=1) + "\n")


# -- values ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Digits:
    """An integer too long for Python to read from text: written into the TOML as digits."""

    count: int


ODD_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(
        ["", " ", "../../x", "1e5", "nan", "true", "\x00", "\ufeff", "1800-01", "-1", "é" * 300]
    ),
)
HUGE = st.one_of(
    st.integers(10**300, 10**310),
    st.integers(10**399, 10**400),
    st.sampled_from([2**63, 2**64, -(2**63) - 1, 1e308, -1e308, math.inf, -math.inf, math.nan]),
    st.integers(DIGITS_PYTHON_READS + 1, DIGITS_PYTHON_READS + 200).map(Digits),
)
WRONG_TYPE = st.one_of(
    ODD_TEXT,
    st.booleans(),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.sampled_from(["a", "value"]), st.integers(0, 3), min_size=1, max_size=2),
)


def valid_value(spec: Parameter) -> st.SearchStrategy[Any]:
    """A value inside the declaration."""
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    if isinstance(spec.default, int):
        return st.integers(int(spec.low), int(spec.high))
    return st.floats(spec.low, spec.high, allow_nan=False)


def changed_value(spec: Parameter) -> st.SearchStrategy[Any]:
    """A value likely outside the declaration (the oracle below decides whether it is)."""
    if spec.choices is not None:
        return st.one_of(WRONG_TYPE, HUGE, st.integers())
    low, high = spec.low, spec.high
    out_of_range = st.one_of(
        st.integers(max_value=math.ceil(low) - 1),
        st.integers(min_value=math.floor(high) + 1),
        st.floats(max_value=low, exclude_max=True, allow_nan=False),
        st.floats(min_value=high, exclude_min=True, allow_nan=False),
    )
    fraction = st.floats(low, high).filter(lambda v: not float(v).is_integer())
    inside = valid_value(spec)
    return st.one_of(out_of_range, fraction, WRONG_TYPE, HUGE, inside, inside)


def accepted(spec: Parameter, value: Any) -> bool:
    """Whether the declaration admits ``value`` (an oracle written from the declaration)."""
    if isinstance(value, Digits):
        return False
    if spec.choices is not None:
        return isinstance(value, str) and value in spec.choices
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(spec.default, int) and isinstance(value, float) and not value.is_integer():
        return False
    return spec.low <= value <= spec.high


def is_linked(name: str) -> bool:
    """A registry parameter in a consistency rule (shares that must fit together)."""
    return name.startswith(LINKED)


# -- TOML text ---------------------------------------------------------------------------------
def to_toml(tree: dict[str, Any]) -> bytes:
    """TOML text for ``tree``; a Digits value is written as that many digits."""
    raw: dict[str, str] = {}

    def swap(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [swap(v) for v in node]
        if isinstance(node, Digits):
            key = f"@@digits{len(raw)}@@"
            raw[f'"{key}"'] = "9" * node.count
            return key
        return node

    text = tomli_w.dumps(swap(tree))
    for key, digits in raw.items():
        text = text.replace(key, digits)
    return text.encode("utf-8")


def names_value(message: str, value: Any) -> bool:
    """Whether the message shows the value (a long one may be cut or given by its size)."""
    if value is None:  # an unknown name: the name is the value
        return True
    if isinstance(value, Digits) or (isinstance(value, int) and abs(value) > 10**60):
        return "digits" in message
    if isinstance(value, dict) and repr(value) not in message:  # a table: its first bad entry
        return any(f"{key} = {entry!r}" in message for key, entry in value.items())
    return repr(value)[:40] in message


def is_month(value: Any) -> bool:
    """A start month the model takes: YYYY-MM from 2000-01 to 2100-12."""
    match = isinstance(value, str) and re.fullmatch(r"([0-9]{4})-([0-9]{2})", value.strip())
    return bool(match) and 2000 <= int(match[1]) <= 2100 and 1 <= int(match[2]) <= 12


@dataclass(frozen=True)
class Case:
    """One generated input file with the entry that was changed in it."""

    kind: str  # profile | scenario | sweep
    text: bytes
    fragments: tuple[str, ...]  # what names the changed field in a message
    value: Any
    valid: bool  # the oracle's verdict on the changed entry


def _nest(name: str, value: Any) -> dict[str, Any]:
    section, _, key = name.partition(".")
    return {section: {key: value}}


def _merge(tree: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(tree.get(key), dict):
            _merge(tree[key], value)
        else:
            tree[key] = value
    return tree


FREE = sorted(name for name in REGISTRY if not is_linked(name))
MONTHS = st.one_of(
    ODD_TEXT,
    st.integers(),
    HUGE,
    st.builds("{}-{:02d}".format, st.integers(1990, 2110), st.integers(0, 13)),
    st.sampled_from(["2025-1", " 2025-01 ", "2025-01-01", "\u0662\u0660\u0662\u0665-01"]),
)
HEAD_TEXT = st.one_of(ODD_TEXT, WRONG_TYPE, st.integers(-5, 5), HUGE)


@st.composite
def profiles(draw) -> Case:
    """A profile with some parameters set in range, then one entry changed."""
    tree: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(FREE), max_size=6, unique=True)):
        _merge(tree, _nest(name, draw(valid_value(REGISTRY[name]))))
    target = draw(st.sampled_from(["none", "parameter", "parameter", "head", "unknown"]))
    if target == "none":
        return Case("profile", to_toml(tree), (), None, True)
    if target == "parameter":
        name = draw(st.sampled_from(sorted(REGISTRY)))
        value = draw(changed_value(REGISTRY[name]))
        _merge(tree, _nest(name, value))
        return Case("profile", to_toml(tree), (name,), value, accepted(REGISTRY[name], value))
    if target == "head":
        key = draw(st.sampled_from(["name", "description"]))
        value = draw(HEAD_TEXT)
        tree["profile"] = {key: value}
        return Case("profile", to_toml(tree), (f"profile.{key}",), value, isinstance(value, str))
    name = draw(st.sampled_from(sorted(REGISTRY))) + draw(st.sampled_from(["x", "_2", "s"]))
    value = draw(st.integers(0, 10))
    _merge(tree, _nest(name, value))
    return Case("profile", to_toml(tree), (name,), value, False)


POLICIES = {**{("policies", k): v for k, v in LEVERS.items()}}
POLICIES |= {("external", k): v for k, v in EXTERNALS.items()}


@st.composite
def scenarios(draw) -> Case:
    """A scenario with levers set in range, then one entry changed."""
    head = {"name": "p", "start": f"{draw(st.integers(2000, 2100))}-{draw(st.integers(1, 12)):02d}"}
    tree: dict[str, Any] = {"scenario": head}
    chosen = draw(st.lists(st.sampled_from(sorted(POLICIES)), min_size=1, max_size=3, unique=True))
    for table, name in chosen:
        declared = POLICIES[table, name].declared()
        keys = draw(st.lists(st.sampled_from(sorted(declared)), max_size=3, unique=True))
        tree.setdefault(table, {})[name] = {k: draw(valid_value(declared[k])) for k in keys}
    target = draw(st.sampled_from(["none", "parameter", "parameter", "start", "head", "unknown"]))
    if target == "none":
        return Case("scenario", to_toml(tree), (), None, True)
    if target == "parameter":
        table, name = draw(st.sampled_from(chosen))
        declared = POLICIES[table, name].declared()
        key = draw(st.sampled_from(sorted(declared)))
        value = draw(changed_value(declared[key]))
        tree[table][name][key] = value
        valid = accepted(declared[key], value)
        return Case("scenario", to_toml(tree), (f"[{table}.{name}]", key), value, valid)
    if target == "start":
        value = draw(MONTHS)
        head["start"] = value
        return Case("scenario", to_toml(tree), ("scenario.start",), value, is_month(value))
    if target == "head":
        key = draw(st.sampled_from(["name", "description", "preset", "profile"]))
        value = draw(HEAD_TEXT)
        head[key] = value  # any text parses: an unknown preset or file fails when loaded
        return Case("scenario", to_toml(tree), (f"scenario.{key}",), value, isinstance(value, str))
    name = draw(st.sampled_from(["poh_ggzz", "voorveld2", "nothing"]))
    tree.setdefault("policies", {})[name] = {}
    return Case("scenario", to_toml(tree), (f"[policies.{name}]",), None, False)


SWEEP_INTEGERS = {"years": (1, 50), "replicates": (1, 100000), "burn_in_months": (0, 600)}


@st.composite
def sweeps(draw) -> Case:
    """A grid sweep over registry and lever parameters, then one entry changed."""
    years = draw(st.integers(1, 5))
    head: dict[str, Any] = {"preset": "default", "years": years, "replicates": 1}
    name = draw(st.sampled_from(FREE))
    head["constants"] = {name: draw(valid_value(REGISTRY[name]))}
    varied = draw(st.sampled_from([n for n in FREE if n != name]))
    spec = REGISTRY[varied]
    head["vary"] = [
        {
            "path": varied,
            "values": draw(st.lists(valid_value(spec), min_size=1, max_size=3, unique=True)),
        }
    ]
    tree = {"sweep": head}
    target = draw(st.sampled_from(["none", "head", "constant", "vary", "start_month", "start"]))
    if target == "none":
        return Case("sweep", to_toml(tree), (), None, True)
    if target == "head":
        key = draw(st.sampled_from(sorted(SWEEP_INTEGERS)))
        value = draw(st.one_of(st.integers(-3, 700), HUGE, WRONG_TYPE))
        head[key] = value
        low, high = SWEEP_INTEGERS[key]
        valid = type(value) is int and low <= value <= high
        return Case("sweep", to_toml(tree), (f"sweep.{key}",), value, valid)
    if target == "constant":
        value = draw(changed_value(REGISTRY[name]))
        head["constants"][name] = value
        valid = accepted(REGISTRY[name], value)
        return Case("sweep", to_toml(tree), ("constants", name), value, valid)
    if target == "vary":
        value = draw(changed_value(spec))
        head["vary"][0]["values"] = [value]
        return Case("sweep", to_toml(tree), ("vary[0]", varied), value, accepted(spec, value))
    if target == "start_month":
        lever = draw(st.sampled_from(sorted(LEVERS)))
        value = draw(st.integers(0, 120))
        head["vary"].append(
            {"path": f"policies.{lever}.start_month", "values": [0, value] if value else [0]}
        )
        return Case("sweep", to_toml(tree), (lever, "start_month"), value, value < years * 12)
    value = draw(MONTHS)
    head["start"] = value
    return Case("sweep", to_toml(tree), ("sweep.start",), value, is_month(value))


# -- the property ------------------------------------------------------------------------------
PARSERS = {
    "profile": lambda raw, origin: parse_profile(raw, origin),
    "scenario": lambda raw, origin: parse_scenario(raw, origin),
    "sweep": lambda raw, origin: parse_spec(raw, origin, None),
}


def check(case: Case) -> None:
    """The case is accepted with its value, or refused by one ConfigError naming it."""
    origin = f"generated.{case.kind}.toml"
    try:
        PARSERS[case.kind](parse_toml_bytes(case.text, origin, case.kind), origin)
    except ConfigError as exc:
        message = str(exc)
        assert "\n" not in message, f"a message of more than one line: {message!r}"
        assert origin in message, f"the message {message!r} does not name the file"
        if case.valid:
            # An admitted value may still break a rule that ties several together.
            assert any(link in message for link in LINKED), (
                f"{case.value!r} is allowed, yet refused: {message!r}\n{case.text.decode()}"
            )
            TALLY[f"{case.kind}: refused, values that do not fit together"] += 1
            return
        # Python reads no such integer, so the message can point only at its line.
        fragments = ("(line ",) if isinstance(case.value, Digits) else case.fragments
        missing = [f for f in fragments if f not in message]
        assert not missing, f"the message {message!r} does not name {missing}"
        assert names_value(message, case.value), (
            f"the message {message!r} does not show the value {case.value!r}"
        )
        TALLY[f"{case.kind}: refused, naming field and value"] += 1
        return
    except Exception as exc:  # noqa: BLE001 - the property: nothing but ConfigError escapes
        raise AssertionError(
            f"{type(exc).__name__} instead of a ConfigError: {exc}\n{case.text.decode()}"
        ) from exc
    assert case.valid, f"{case.value!r} was accepted:\n{case.text.decode()}"
    TALLY[f"{case.kind}: accepted"] += 1


INPUTS = st.one_of(profiles(), scenarios(), sweeps())


@FAST
@given(case=INPUTS)
def test_every_generated_input_is_accepted_or_refused_by_name(case):
    check(case)


@pytest.mark.slow
@SLOW
@given(case=INPUTS)
def test_every_generated_input_is_accepted_or_refused_by_name_many(case):
    check(case)


# -- through the command line ------------------------------------------------------------------
def _command(case: Case, path: Path, out: Path) -> list[str]:
    if case.kind == "profile":
        return ["run", "--profile", str(path), "--years", "1", "--out", str(out)]
    if case.kind == "scenario":
        return ["compare", "--scenario", str(path), "--years", "1", "--out", str(out)]
    return ["sweep", str(path), "--out", str(out), "--workers", "0"]


def check_cli(case: Case, python: str, env: dict[str, str]) -> None:
    """A refused input exits 2 with one line on stderr and leaves ``--out`` unwritten."""
    with tempfile.TemporaryDirectory() as folder:
        path, out = Path(folder) / f"bad-{case.kind}.toml", Path(folder) / "out"
        path.write_bytes(case.text)
        child = subprocess.run(
            [python, "-m", "experiments.cli", *_command(case, path, out)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        lines = child.stderr.strip().splitlines()
        assert child.returncode == 2, f"exit {child.returncode}: {child.stderr}"
        assert "Traceback" not in child.stderr, child.stderr
        assert len(lines) == 1 and lines[0].startswith("carescape: error: "), child.stderr
        assert not out.exists(), f"{out} was written although the input was refused"
    TALLY[f"command line {case.kind}: exit 2, one line, nothing written"] += 1


REFUSED = INPUTS.filter(lambda case: not case.valid)


@pytest.mark.parametrize("kind", ["profile", "scenario", "sweep"])
@CLI_FAST
@given(data=st.data())
def test_refused_inputs_exit_2_from_the_command_line(kind, data, python, subprocess_env):
    case = data.draw(REFUSED.filter(lambda c: c.kind == kind))
    check_cli(case, python, subprocess_env)


@pytest.mark.slow
@CLI_SLOW
@given(case=REFUSED)
def test_refused_inputs_exit_2_from_the_command_line_many(case, python, subprocess_env):
    check_cli(case, python, subprocess_env)

"""The ODD description (docs/ODD.md) says what the code does.

Its tables are generated from the code; the prose is checked where a machine can:
every phase and every lever is described, and every registry parameter it names exists.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from model.params import REGISTRY
from model.policies import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "ODD.md"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_odd", ROOT / "scripts" / "gen_odd.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen_odd():
    """scripts/gen_odd.py, imported from its path."""
    return _generator()


@pytest.fixture(scope="module")
def text() -> str:
    """The document as committed."""
    return ODD.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def prose(text, gen_odd) -> str:
    """The hand-written part: the document with the generated blocks emptied."""
    return gen_odd.BLOCK.sub(lambda m: m.group(1) + m.group(4), text)


def test_generated_blocks_are_up_to_date(text, gen_odd):
    """Regenerating gives the same document: the tables match the code."""
    assert gen_odd.render(text) == text, (
        "docs/ODD.md is out of date with the code; run `python scripts/gen_odd.py` "
        "and review the diff (and the prose around any changed table)"
    )


def test_every_block_is_present(text, gen_odd):
    """Each table the generator knows appears in the document (none silently dropped)."""
    present = set(re.findall(r"<!-- generated:([a-z_]+) -->", text))
    assert present == set(gen_odd.BLOCKS), (
        f"docs/ODD.md generated blocks {sorted(present)} differ from the generator's "
        f"{sorted(gen_odd.BLOCKS)}"
    )


def test_every_phase_is_described_in_the_prose(prose, gen_odd):
    """Section 3 describes each phase CareModel calls, by its function name."""
    order = gen_odd.phase_order()
    assert len(order) >= 9, f"expected the month's phases, found {order}"
    missing = [name for name in order if f"`phases.{name}`" not in prose]
    assert not missing, f"phases not described in the prose of docs/ODD.md: {missing}"


def test_every_policy_is_described_in_the_prose(prose):
    """Section 7.10 names every lever and external scenario of the catalogue."""
    missing = [name for name in CATALOGUE if f"`{name}`" not in prose]
    assert not missing, f"policies not described in the prose of docs/ODD.md: {missing}"


def _named_parameters(prose: str) -> set[str]:
    """Dotted names in the prose whose first part is a registry section."""
    sections = {name.split(".")[0] for name in REGISTRY}
    pattern = re.compile(r"(?<![\w./-])([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*\*?)(?![\w(])")
    return {
        f"{section}.{name}"
        for section, name in pattern.findall(prose)
        if section in sections and name not in {"py", "toml", "md"}
    }


def test_parameters_named_in_the_prose_exist(prose):
    """Every `section.name` the prose mentions is in the registry (a `*` is a prefix)."""
    named = _named_parameters(prose)
    assert len(named) > 50, f"expected the prose to name many parameters, found {len(named)}"
    unknown = sorted(
        name
        for name in named
        if not (
            any(r.startswith(name[:-1]) for r in REGISTRY)
            if name.endswith("*")
            else name in REGISTRY
        )
    )
    assert not unknown, f"docs/ODD.md names parameters that are not in the registry: {unknown}"


def test_the_parameter_check_catches_a_misspelling():
    """The prose check is not vacuous: a misspelt parameter is found."""
    named = _named_parameters("uses `access.fte_per_1000` and model/network.py")
    assert named == {"access.fte_per_1000"}, named
    assert "access.fte_per_1000" not in REGISTRY

"""Shared fixtures: one small default run, reused by every test that only reads results.

Tests are fast by default (populations of 5,000-10,000 for 1-3 years, well under a
second each); end-to-end runs of the full presets are marked ``slow`` and run in
``make test`` (``pytest -m ''``).
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import REPO, SMALL, Run, run


@pytest.fixture(scope="session")
def small_run() -> Run:
    """One small default run (8,000 residents, 2 years, seed 7), built once per session."""
    return run(**SMALL)


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    """Environment for child Pythons: the repo importable, a different hash seed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONHASHSEED"] = "4242"  # the model must not depend on Python's str hashing
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project venv under make test)."""
    return sys.executable

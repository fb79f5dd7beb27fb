"""What identifies a result: the code that made it and a fingerprint of its configuration.

Every output file carries these (see ``experiments.output``) so that a reader can tell
which run wrote a table, and whether two tables belong together. One definition for the
whole package: runs, comparisons, sweeps, calibrations and reports all use it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any


def package_version() -> str:
    """The installed carescape version."""
    try:
        return version("carescape")
    except PackageNotFoundError:
        return "unknown"


@functools.cache
def code_version() -> str:
    """The package version and, in a git checkout, the commit (with -dirty if modified).

    Cached per process: the checkout does not change while a command runs, and a sweep's
    workers would otherwise start git once per run.
    """
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{package_version()}" + (f" ({commit})" if commit else "")


def code_fingerprint() -> str:
    """A hash of the model's source (model/ and agents/), to notice code changes on resume."""
    import agents
    import model

    digest = hashlib.sha256()
    for package in (model, agents):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.toml")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(data: Any) -> str:
    """A short hash of JSON-ready configuration (key order does not matter)."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity(command: str, seeds: Sequence[int], config: Any) -> dict[str, Any]:
    """What identifies one result: command, seeds, config fingerprint and code version.

    ``config`` is everything that determines the result except the seeds (resolved
    parameters, policies, years, ...); two results with equal fingerprints differ only
    by seed. Stored in every table's Parquet metadata and every JSON file of the result.
    """
    return {
        "command": command,
        "seeds": [int(s) for s in seeds],
        "config_fingerprint": fingerprint(config),
        "code_version": code_version(),
    }

"""What identifies a result: the code that made it and a fingerprint of its configuration.

Every output file carries these (see ``experiments.output``) so that a reader can tell
which run wrote a table, and whether two tables belong together. One definition for the
whole package: runs, comparisons, sweeps, calibrations and reports all use it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import platform
import subprocess
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import ModuleType
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


@functools.cache
def code_fingerprint() -> str:
    """A hash of the model's source (model/ and agents/), to notice code changes on resume.

    Cached per process: it describes the code this process imported, and a sweep worker
    stamps it into every part it writes.
    """
    import agents
    import model

    digest = hashlib.sha256()
    for package in (model, agents):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.toml")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The packages whose versions can change a sweep's numbers (model, sampling, analysis).
PACKAGES = ("carescape", "numpy", "pandas", "pyarrow", "mesa", "SALib", "scipy", "matplotlib")


def _git(*args: str) -> str:
    here = Path(__file__).resolve().parent
    try:
        return subprocess.run(
            ["git", *args], cwd=here, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@functools.cache
def git_state() -> dict[str, Any]:
    """The checkout's commit and whether tracked files differ from it (None outside git)."""
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "dirty": None}
    changed = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(changed)}


@functools.cache
def environment() -> dict[str, Any]:
    """Python and the versions of the packages that can change the numbers."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


def source_fingerprint(*modules: ModuleType) -> str:
    """A hash of some modules' source files (e.g. the sampler that made a design)."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(module.__name__.encode())
        digest.update(Path(module.__file__).read_bytes())
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

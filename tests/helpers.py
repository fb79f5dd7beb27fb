"""Helpers shared by the tests: the small default configuration and a run-to-the-end."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from pathlib import Path

import numpy as np
import pyarrow as pa

from model.care_model import CareModel
from model.results import to_table

REPO = Path(__file__).resolve().parents[1]

# The small default run: the default preset scaled down, long enough to fill the
# care system after the burn-in and to cover two calendar years.
SMALL = {"residents": 8000, "years": 2, "rng": 7}


@dataclass
class Run:
    """A finished model with its results table and the table's columns as arrays."""

    model: CareModel
    table: pa.Table
    series: dict[str, np.ndarray]


def series_of(table: pa.Table) -> dict[str, np.ndarray]:
    """Columns of a results table as numpy arrays."""
    return {name: table.column(name).to_numpy() for name in table.column_names}


def run(**kwargs) -> Run:
    """Build and run a CareModel to the end of its horizon."""
    model = CareModel(**kwargs)
    model.run()
    table = to_table(model.records)
    return Run(model, table, series_of(table))


def carescape_command(python: str) -> list[str]:
    """The installed console script next to the interpreter, else `python -m experiments.cli`."""
    script = Path(python).parent / "carescape"
    return [str(script)] if script.exists() else [python, "-m", "experiments.cli"]


def declared_commands() -> list[EntryPoint]:
    """The ``carescape.commands`` entry points as pyproject.toml declares them (not installed)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    group = "carescape.commands"
    return [
        EntryPoint(name, value, group)
        for name, value in project.get("entry-points", {}).get(group, {}).items()
    ]

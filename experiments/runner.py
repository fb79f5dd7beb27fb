"""Running a model to completion and writing its outputs (one writer for all callers)."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from experiments.output import result_set
from experiments.provenance import identity, package_version  # package_version: re-exported
from model.care_model import CareModel
from model.results import to_table

RUN_FILES = ("timeseries.parquet", "run.json")  # what a run folder holds (and manifest.json)


def run_model(
    progress: Callable[[CareModel], None] | None = None, **kwargs: Any
) -> tuple[CareModel, pa.Table]:
    """Build and run a CareModel; returns the model and its monthly table."""
    model = CareModel(**kwargs)
    started = time.perf_counter()
    model.run(progress)
    model.run_seconds = time.perf_counter() - started
    return model, to_table(model.records)


def run_metadata(model: CareModel) -> dict[str, Any]:
    """What run.json records: resolved configuration, seed, version, timing."""
    return {
        "carescape_version": package_version(),
        "python": platform.python_version(),
        "seed": model.seed,
        "profile": model.profile.name,
        "years": model.years,
        "start": model.start_date.isoformat(),
        "burn_in_months": model.burn_in_months,
        "policies": [p.describe() for p in model.policies],
        "parameters": dict(model.profile.values),
        "timing_seconds": {
            "setup_and_burn_in": round(model.setup_seconds, 3),
            "run": round(getattr(model, "run_seconds", 0.0), 3),
        },
    }


def run_config(model: CareModel) -> dict[str, Any]:
    """Everything that determines a run besides its seed (for the config fingerprint)."""
    return {
        "parameters": dict(model.profile.values),
        "years": model.years,
        "start": model.start_date.isoformat(),
        "burn_in_months": model.burn_in_months,
        "policies": [p.describe() for p in model.policies],
        "districts": dict(model.profile.districts or {}),
    }


def write_run(model: CareModel, table: pa.Table, out: Path) -> None:
    """Write timeseries.parquet and run.json into ``out`` as one result set."""
    with result_set(Path(out), identity("run", [model.seed], run_config(model))) as files:
        files.parquet("timeseries.parquet", table)
        files.json("run.json", run_metadata(model))

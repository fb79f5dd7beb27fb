"""Running a model to completion and writing its outputs (one writer for all callers)."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pyarrow as pa

from model.care_model import CareModel
from model.results import to_table, write_json, write_parquet


def package_version() -> str:
    """The installed carescape version."""
    try:
        return version("carescape")
    except PackageNotFoundError:
        return "unknown"


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


def write_run(model: CareModel, table: pa.Table, out: Path) -> None:
    """Write timeseries.parquet and run.json into ``out`` (each atomically)."""
    out = Path(out)
    write_parquet(table, out / "timeseries.parquet")
    write_json(run_metadata(model), out / "run.json")

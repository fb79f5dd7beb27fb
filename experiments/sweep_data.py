"""A sweep's runs on disk: one part per run while it runs, a few large files after.

While a sweep runs, every run writes ``data/run=NNNNN/part.parquet`` and
``runs/NNNNN.json`` (atomic, so a crash loses at most the runs in flight). That is two
files per run: a 10,000-run Sobol sweep would leave 20,000 files and 10,000 folders,
which file systems of clusters, backups and ``git annex`` handle badly.

**Compaction** (``compact``), once every run of a sweep is done, folds the parts of
``RUNS_PER_FILE`` consecutive runs into one file
``data/runs-<first>-<last>/part.parquet`` (the rows sorted by run and month, with the
run as the last column, ``int32`` - where and how the hive partition gives it) and removes their
parts and status files (the manifest keeps every status). Each part's identity - the
code hash, run, point, replicate, seed, arm - moves into the compacted file's Parquet
metadata (``carescape_runs``: a JSON list, one entry per run), so ``reproduce`` and
the provenance checks read it as before. A 10,000-run sweep then holds
ceil(10,000 / 256) = 40 data files, plus sweep.json, design.parquet and
manifest.parquet.

A compacted folder has no ``=`` in its name, so it is no hive partition: pyarrow's
``dataset(DIR / "data", partitioning="hive")`` and ``pandas.read_parquet(DIR / "data")``
read its ``run`` column from the file and the loose parts' from their folder, and give
the same table either way. Each compacted file is written completely (temporary file,
rename) before any part it replaces is removed; if the process dies in between, a run
is in both places, and ``run_files`` (which every reader here uses) takes the compacted
copy, and the next compaction removes the leftovers.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from experiments.output import read_identity, stamped, write_parquet

RUNS_PER_FILE = 256
COMPACT_FROM = 100  # sweeps of fewer runs keep one part per run unless asked (see run_sweep)
RUNS_KEY = b"carescape_runs"
RUN_TYPE = pa.int32()
PARTITIONING = ds.partitioning(pa.schema([("run", RUN_TYPE)]), flavor="hive")


def loose_parts(folder: Path) -> dict[int, Path]:
    """Run number -> its own part file (``data/run=NNNNN/part.parquet``)."""
    parts = {}
    for path in (Path(folder) / "data").glob("run=*/part.parquet"):
        number = path.parent.name[4:]
        if number.isdigit():
            parts[int(number)] = path
    return parts


def compacted_files(folder: Path) -> list[Path]:
    """The compacted files (``data/runs-<first>-<last>/part.parquet``), in run order."""
    return sorted((Path(folder) / "data").glob("runs-*-*/part.parquet"))


def compacted_stamps(path: Path) -> dict[int, dict[str, Any]]:
    """Run number -> the identity its part carried, from a compacted file's metadata."""
    raw = (pq.read_schema(path).metadata or {}).get(RUNS_KEY)
    return {int(stamp["run"]): stamp for stamp in json.loads(raw)} if raw else {}


def run_files(folder: Path) -> dict[int, Path]:
    """Run number -> the file holding it; a compacted copy wins over a leftover part."""
    files: dict[int, Path] = dict(loose_parts(folder))
    for path in compacted_files(folder):
        files.update(dict.fromkeys(compacted_stamps(path), path))
    return files


def dataset(folder: Path) -> ds.Dataset | None:
    """Every finished run's rows as one dataset (None when no run has finished)."""
    data = Path(folder) / "data"
    paths = sorted({str(p) for p in run_files(folder).values()})
    if not paths:
        return None
    return ds.dataset(
        paths, format="parquet", partitioning=PARTITIONING, partition_base_dir=str(data)
    )


def read_table(folder: Path, columns: list[str] | None = None) -> pa.Table:
    """The finished runs' rows (``columns``, default all), sorted by run and month."""
    data = dataset(folder)
    if data is None:
        return pa.table({name: pa.array([], pa.null()) for name in columns or ["run"]})
    table = data.to_table(columns=columns)
    if columns is None:  # the partition's place: last, whichever file the dataset saw first
        table = table.select([*(c for c in table.column_names if c != "run"), "run"])
    keys = [(k, "ascending") for k in ("run", "month") if k in table.column_names]
    return table.sort_by(keys) if keys else table


def read_run(folder: Path, run: int) -> tuple[pa.Table, dict[str, Any] | None, Path] | None:
    """One run's rows (no ``run`` column, as its part was written), its identity, its file."""
    path = run_files(folder).get(run)
    if path is None:
        return None
    if path.parent.name.startswith("run="):
        return pq.read_table(path), read_identity(path), path
    table = pq.read_table(path, filters=[("run", "=", run)])
    table = table.drop_columns(["run"]).replace_schema_metadata(None)
    return table, compacted_stamps(path).get(run), path


def compact(folder: Path, runs: int, per_file: int = RUNS_PER_FILE) -> int:
    """Fold the loose parts into files of ``per_file`` runs; return the files written.

    Call it only when every one of the sweep's ``runs`` is done (``run_sweep`` does), so
    that each group is complete and no later run adds a part to a compacted group.
    Leftover parts of runs already compacted are removed first.
    """
    folder = Path(folder)
    width = max(5, len(str(max(runs - 1, 0))))  # as SweepFolder names parts and statuses
    for path in compacted_files(folder):  # a crash between writing and removing
        _remove_parts(folder, compacted_stamps(path), loose_parts(folder), width)
    parts = loose_parts(folder)
    written = 0
    for start in range(0, runs, per_file):
        group = [r for r in range(start, min(start + per_file, runs)) if r in parts]
        if not group:
            continue
        last = min(start + per_file, runs) - 1
        target = folder / "data" / f"runs-{start:0{width}d}-{last:0{width}d}" / "part.parquet"
        table, stamps = _merge(parts, group)
        write_parquet(_with_stamps(table, stamps), target)
        _remove_parts(folder, stamps, parts, width)
        written += 1
    return written


def _merge(parts: dict[int, Path], group: Iterable[int]) -> tuple[pa.Table, dict[int, dict]]:
    """The group's parts as one table with a leading ``run`` column, and their identities."""
    tables, stamps = [], {}
    for run in group:
        table = pq.read_table(parts[run])
        stamps[run] = {**(read_identity(parts[run]) or {}), "run": run}
        column = pa.array([run] * table.num_rows, RUN_TYPE)
        tables.append(table.replace_schema_metadata(None).append_column("run", column))
    return pa.concat_tables(tables, promote_options="default"), stamps


def _with_stamps(table: pa.Table, stamps: dict[int, dict]) -> pa.Table:
    first, last = min(stamps), max(stamps)
    table = stamped(table, {"command": "sweep-compact", "runs": [first, last]})
    metadata = dict(table.schema.metadata or {})
    metadata[RUNS_KEY] = json.dumps([stamps[r] for r in sorted(stamps)]).encode()
    return table.replace_schema_metadata(metadata)


def _remove_parts(folder: Path, runs: Iterable[int], parts: dict[int, Path], width: int) -> None:
    """Remove the parts (and status files) of runs now held by a compacted file."""
    for run in runs:
        if run in parts:
            shutil.rmtree(parts[run].parent, ignore_errors=True)
        (Path(folder) / "runs" / f"{run:0{width}d}.json").unlink(missing_ok=True)

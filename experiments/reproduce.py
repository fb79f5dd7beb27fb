"""``carescape reproduce DIR RUN``: run one run of a sweep again and check it against its part.

The spec is rebuilt from the text sweep.json stores (relative profile and scenario files
from the spec's folder then), and must give the stored fingerprint: a profile or
scenario file changed since would make a different run, and is reported as such. The
run's task is made as the sweep made it, simulated in this process, and compared with
the stored part column by column, exactly (same seed, same code: same numbers). The
part's code hash says whether the code that wrote it is the code running now, so a
mismatch can be told apart from a code change.
"""

from __future__ import annotations

import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from experiments.analysis import load_meta
from experiments.provenance import code_fingerprint
from experiments.sweep import SweepSpec, load_spec, make_design, parse_spec, plan_runs
from experiments.sweep_data import read_run
from experiments.sweep_run import SweepFolder, make_tasks, part_path, simulate
from model.params import ConfigError


@dataclass
class Reproduction:
    """The outcome of reproducing one run."""

    run: int
    seed: int
    part: Path
    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the new run equals the stored part in every column."""
        return not self.differences


def rebuild_spec(folder: Path, meta: dict) -> SweepSpec:
    """The sweep's spec from sweep.json's text (or its file, for sweeps written before)."""
    text = meta.get("spec_text")
    if text:
        base = Path(meta.get("spec_folder") or folder)
        spec = parse_spec(tomllib.loads(text), meta.get("origin", "sweep.json"), base, text)
    else:
        origin = Path(meta.get("origin", ""))
        if not origin.is_file():
            raise ConfigError(
                f"{folder}/sweep.json holds no spec text and its spec file {str(origin)!r} is "
                "gone; this sweep cannot be reproduced"
            )
        spec = load_spec(origin)
    if spec.fingerprint() != meta.get("fingerprint"):
        raise ConfigError(
            f"the spec of {folder} no longer gives the sweep's fingerprint: a profile or scenario "
            "file it reads has changed since the sweep ran, so its runs cannot be reproduced"
        )
    return spec


def reproduce(folder: str | Path, run: int) -> Reproduction:
    """Run ``run`` of the sweep in ``folder`` again and compare it with its stored part."""
    folder = Path(folder)
    meta = load_meta(folder)
    spec = rebuild_spec(folder, meta)
    design = make_design(spec)
    runs = plan_runs(spec, design)
    if not 0 <= run < len(runs):
        raise ConfigError(f"RUN = {run} is not a run of this sweep; use 0..{len(runs) - 1}")
    width = SweepFolder(folder, len(runs)).width
    found = read_run(folder, run)
    if found is None:
        part = part_path(folder, run, width)
        raise ConfigError(f"run {run} has no stored part ({part}); it has not finished")
    stored, stamp, part = found
    planned = runs[run]
    with tempfile.TemporaryDirectory() as scratch:
        (task,) = make_tasks(spec, design, [planned], Path(scratch), width)
        fresh, _ = simulate(task)
    result = Reproduction(run, planned.seed, part)
    stored = stored.drop_columns([c for c in ("run",) if c in stored.column_names])
    result.differences = compare_tables(stored, fresh)
    stamp = stamp or {}
    if stamp.get("code") is None:
        result.notes.append("the part carries no code hash (written before parts had one)")
    elif stamp["code"] != code_fingerprint():
        result.notes.append(
            f"the part was written by other model code ({stamp['code']}) than runs now "
            f"({code_fingerprint()}); a difference can come from that change"
        )
    if stamp.get("seed") not in (None, planned.seed):
        result.differences.append(f"the part says seed {stamp['seed']}, the plan {planned.seed}")
    return result


def compare_tables(stored: pa.Table, fresh: pa.Table) -> list[str]:
    """Every column that differs, with where and by how much (empty: identical)."""
    problems = []
    if stored.num_rows != fresh.num_rows:
        problems.append(f"the part has {stored.num_rows} months, the new run {fresh.num_rows}")
    names = set(stored.column_names) ^ set(fresh.column_names)
    if names:
        problems.append(f"columns in only one of them: {', '.join(sorted(names))}")
    if problems:
        return problems
    for name in fresh.column_names:
        old, new = stored.column(name), fresh.column(name)
        if old.equals(new):
            continue
        try:
            a, b = old.to_numpy(zero_copy_only=False), new.to_numpy(zero_copy_only=False)
            at = np.flatnonzero(a != b)
            first = int(at[0]) if len(at) else 0
            detail = (
                f"{len(at)} of {len(a)} months, first at row {first}: {a[first]!r} vs {b[first]!r}"
            )
        except (TypeError, ValueError, pa.ArrowException):
            detail = "values differ"
        problems.append(f"{name}: {detail}")
    return problems


def format_reproduction(result: Reproduction) -> str:
    """A readable verdict."""
    lines = [
        f"run {result.run} (seed {result.seed}): "
        + ("reproduced exactly" if result.ok else "DIFFERS from the stored part")
        + f" ({result.part})"
    ]
    lines += [f"  differs: {d}" for d in result.differences]
    lines += [f"  note: {n}" for n in result.notes]
    return "\n".join(lines)

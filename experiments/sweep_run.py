"""Running a sweep: local worker processes or Dask, one Parquet part per run, resumable.

The output folder of ``carescape sweep SPEC --out DIR``::

    DIR/sweep.json                    the validated spec, its fingerprint, the version
    DIR/design.parquet                one row per design point (and the unit sample)
    DIR/manifest.parquet              one row per run: inputs, seed, status, timing
    DIR/data/run=00042/part.parquet   the run's monthly outputs (hive-partitioned by run)
DIR/data/runs-00000-00255/part.parquet   after compaction: 256 runs in one file
    DIR/runs/00042.json               the run's status, written by the worker

``DIR/data`` is one Parquet dataset: ``pyarrow.dataset.dataset(DIR / "data",
partitioning="hive")``, ``pandas.read_parquet(DIR / "data")`` and DuckDB's
``read_parquet('DIR/data/*/*.parquet', hive_partitioning = true)`` read it as it is
(DuckDB without ``hive_partitioning`` once it is compacted).
Each part holds the run's point, replicate, seed and factor values next to the outputs.
Once every run is done, large sweeps fold their parts into files of 256 runs
(``experiments.sweep_data``); the dataset reads the same.

Every file is written to a hidden temporary file in its folder and renamed into place,
so a part either exists complete or not at all, even after ``kill -9``. A part that
exists is a finished run: rerunning the same spec into the same folder runs only the
runs without a part (a different spec is refused). The workers write the parts and
status files; the coordinating process rewrites the manifest from them every few
seconds and at the end.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import json
import logging
import math
import os
import socket
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from agents import threads
from experiments import sweep
from experiments.lifetime import worker_pool
from experiments.output import write_json, write_parquet
from experiments.provenance import (
    code_fingerprint,
    code_version,
    environment,
    fingerprint,
    git_state,
    identity,
    package_version,
    source_fingerprint,
)
from experiments.sweep import Design, PlannedRun, SweepSpec, make_design, plan_runs, point_inputs
from experiments.sweep_data import COMPACT_FROM, compact, run_files
from experiments.workers import worker_count
from model.params import ConfigError, Profile

ARROW_TYPES = {"bool": pa.bool_(), "str": pa.string(), "int": pa.int64(), "float": pa.float64()}
MANIFEST_EVERY_SECONDS = 2.0
MAX_SHARED = 8  # runs sharing one burn-in at most (a group is one job on one worker)


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (picklable; no files needed on the worker)."""

    run: int
    point: int
    replicate: int
    seed: int
    profile: Profile | None  # None: passed to execute once per worker (Dask scatters it)
    overrides: dict[str, Any]
    policies: tuple[tuple[str, dict[str, Any]], ...]
    years: int
    start: str
    burn_in_months: int
    outputs: tuple[str, ...]  # schema outputs stored: recorded and derived (net cost, ...)
    factors: tuple[tuple[str, str, Any], ...]  # (path, dtype, value)
    out: str
    width: int
    identity: dict[str, Any] | None = None  # stamped into the part and the status file
    arm: str | None = None  # the arm's name when the spec declares arms


# -- the worker side -----------------------------------------------------------------------
def execute(task: RunTask, profile: Profile | None = None) -> dict[str, Any]:
    """Run one model, write its part file and its status file; return the status record."""
    return execute_group([task], profile)[0]


def execute_group(
    tasks: Sequence[RunTask], profile: Profile | None = None, per_core: bool = False
) -> list[dict[str, Any]]:
    """Run tasks that share their built model (``group_tasks``): one burn-in, one branch each.

    The tasks differ only in their policies, which act from month 0 on, so the model is
    built and burned in once and every task runs on a copy (``CareModel.branch``): the
    same numbers as a model built per task (tests/test_sweep_share.py; ``carescape
    reproduce`` checks a run against a fresh model). A failure to build fails them all;
    a failing branch fails only its own run. Each run's model time is its branch plus
    an equal share of the build. ``per_core``: this machine runs a task per core (Dask
    does), so the model's passes are not split over threads (``agents.threads.share``).
    """
    if per_core:
        threads.share(threads.cores())
    if tasks and tasks[0].profile is None:
        tasks = [dataclasses.replace(task, profile=profile) for task in tasks]
    started = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        base, build_seconds = built_model(tasks[0]) if len(tasks) > 1 else (None, 0.0)
        build_error = None
    except Exception as exc:  # reported per run below, as a run of its own would be
        base, build_seconds, build_error = None, 0.0, exc
    records = []
    for task in tasks:
        task_begin = time.perf_counter()
        record: dict[str, Any] = {"run": task.run, "status": "done", "error": ""}
        stamp = run_stamp(task)
        try:
            if build_error is not None:
                raise build_error
            table, seconds = simulate(task, base)
            record["seconds_model"] = seconds + build_seconds / len(tasks)
            write_parquet(table, part_path(Path(task.out), task.run, task.width), stamp)
        except Exception as exc:  # one bad run must not stop the sweep; the manifest shows it
            record.update(status="failed", error=f"{type(exc).__name__}: {exc}")
            record["seconds_model"] = math.nan
        record.update(
            seconds_total=time.perf_counter() - task_begin + build_seconds / len(tasks),
            started=started,
            worker=f"{socket.gethostname()}:{os.getpid()}",
        )
        write_json(record, status_path(Path(task.out), task.run, task.width), stamp)
        records.append(record)
    return records


def share_key(task: RunTask) -> tuple[Any, ...]:
    """What a task's built, burned-in model depends on: all but its policies."""
    return (task.seed, json.dumps(task.overrides, sort_keys=True, default=str))


def group_tasks(tasks: Sequence[RunTask], limit: int) -> list[list[RunTask]]:
    """Tasks that can share a burn-in, in groups of at most ``limit``, in task order.

    Runs of one seed whose profile overrides are equal differ only in their policies
    (the arms of a point, and points that vary only policy parameters): one burn-in
    serves them. ``limit`` keeps enough groups to keep every worker busy.
    """
    by_key: dict[tuple[Any, ...], list[RunTask]] = {}
    for task in tasks:
        by_key.setdefault(share_key(task), []).append(task)
    limit = max(1, limit)
    groups = [
        members[start : start + limit]
        for members in by_key.values()
        for start in range(0, len(members), limit)
    ]
    return sorted(groups, key=lambda group: group[0].run)


def group_limit(tasks: int, workers: int) -> int:
    """Group size that leaves at least two groups per worker, at most ``MAX_SHARED``."""
    return max(1, min(MAX_SHARED, tasks // (2 * max(workers, 1))))


def run_stamp(task: RunTask) -> dict[str, Any]:
    """A run's identity as its part carries it: the code this worker runs, the run, the seed.

    After a resume across a code change, ``code`` tells which runs used which code.
    """
    return {
        **(task.identity or {}),
        "code": code_fingerprint(),
        "run": task.run,
        "point": task.point,
        "replicate": task.replicate,
        "seed": task.seed,
        **({"arm": task.arm} if task.arm is not None else {}),
    }


def built_model(task: RunTask, policies: Sequence[Any] = ()) -> tuple[Any, float]:
    """The task's model built and burned in (without policies unless given), and its seconds."""
    from model.care_model import CareModel

    begin = time.perf_counter()
    model = CareModel(
        preset=None,
        profile=task.profile,
        years=task.years,
        rng=task.seed,
        start=task.start,
        policies=list(policies),
        overrides=task.overrides,
        burn_in_months=task.burn_in_months,
    )
    return model, time.perf_counter() - begin


def simulate(task: RunTask, base: Any = None) -> tuple[pa.Table, float]:
    """The run's table (keys, factor values, month, date, outputs) and its model seconds.

    ``base``: a built model of the same seed and overrides to branch from (its build
    time is not counted here).
    """
    from model.aggregate import monthly
    from model.policies import CATALOGUE
    from model.results import to_table

    begin = time.perf_counter()
    policies = [CATALOGUE[name](**params) for name, params in task.policies]
    model = base.branch(policies) if base is not None else built_model(task, policies)[0]
    model.run()
    seconds = time.perf_counter() - begin
    recorded = to_table(model.records)
    # Columns gathered first and made a table once: ``column_names`` is a new list on
    # every call and ``append_column`` a new table, 12 ms a run over ~100 outputs.
    recorded_names = set(recorded.column_names)
    series = {"month": recorded.column("month"), "date": recorded.column("date")}
    for name in task.outputs:  # a derived outcome (net cost) from its recorded inputs
        known = name in recorded_names
        series[name] = recorded.column(name) if known else pa.array(monthly(recorded, name))
    rows = recorded.num_rows
    columns = {
        "point": pa.array([task.point] * rows, pa.int32()),
        "replicate": pa.array([task.replicate] * rows, pa.int32()),
        "seed": pa.array([task.seed] * rows, pa.int64()),
    }
    if task.arm is not None:
        columns["arm"] = pa.array([task.arm] * rows, pa.string())
    for path, dtype, value in task.factors:
        columns[path] = pa.array([value] * rows, ARROW_TYPES[dtype])
    columns.update(series)
    return pa.table(columns), seconds


def part_path(out: Path, run: int, width: int) -> Path:
    """Where a run's Parquet part lives (hive-style ``run=NNNNN`` folder)."""
    return out / "data" / f"run={run:0{width}d}" / "part.parquet"


def status_path(out: Path, run: int, width: int) -> Path:
    """Where a run's status record lives."""
    return out / "runs" / f"{run:0{width}d}.json"


# -- the folder ---------------------------------------------------------------------------
class SweepFolder:
    """The output folder: which runs are done, temporary leftovers, the lock."""

    def __init__(self, out: Path, runs: int) -> None:
        self.out = Path(out)
        self.width = max(5, len(str(max(runs - 1, 0))))

    def done_runs(self) -> set[int]:
        """Runs with a part file or in a compacted file (either exists only complete)."""
        return set(run_files(self.out))

    def clean_temporaries(self) -> int:
        """Remove temporary files left by an interrupted write; return how many."""
        removed = 0
        for pattern in (".*.tmp", "data/run=*/.*.tmp", "data/runs-*/.*.tmp", "runs/.*.tmp"):
            for path in self.out.glob(pattern):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Refuse a second sweep into the same folder at the same time."""
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock
            yield
            return
        with open(self.out / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise ConfigError(
                    f"{self.out} is in use by another running sweep; wait for it or stop it"
                ) from exc
            yield


def check_folder(spec: SweepSpec, out: Path) -> dict[str, Any] | None:
    """Check ``out`` is new, empty, or holds this sweep (writes nothing).

    Returns:
        The stored sweep.json when resuming, None for a new sweep.
    """
    out = Path(out)
    meta = out / "sweep.json"
    if meta.is_file():
        stored = json.loads(meta.read_text(encoding="utf-8"))
        if stored.get("fingerprint") != spec.fingerprint():
            raise ConfigError(
                f"{out} holds a different sweep ({stored.get('name')!r}, from "
                f"{stored.get('origin')}); resume it with the same spec, or give another --out"
            )
        return stored
    ours = {"design.parquet", "sweep.json", ".lock"}
    if out.exists() and any(
        p.name not in ours and not p.name.endswith(".tmp") for p in out.iterdir()
    ):
        raise ConfigError(f"{out} is not empty and holds no sweep.json; give a new or empty folder")
    return None


def init_folder(spec: SweepSpec, design: Design, out: Path) -> None:
    """Write design.parquet, then sweep.json (whose presence marks a sweep folder)."""
    stamp = sweep_identity(spec)
    write_parquet(design_table(spec, design), Path(out) / "design.parquet", stamp)
    write_json(sweep_metadata(spec, len(design)), Path(out) / "sweep.json")


def sweep_identity(spec: SweepSpec) -> dict[str, Any]:
    """The identity of the sweep's own tables: all seeds, and the spec's fingerprint."""
    return {**identity("sweep", spec.seeds, None), "config_fingerprint": spec.fingerprint()}


def sweep_metadata(spec: SweepSpec, points: int) -> dict[str, Any]:
    """What sweep.json records."""
    return {
        **spec.to_dict(),
        "fingerprint": spec.fingerprint(),
        "points": points,
        "runs": points * max(len(spec.arms), 1) * len(spec.seeds),
        "problem": spec.problem(),
        "carescape_version": package_version(),
        "code": code_fingerprint(),
        "code_version": code_version(),
        "sampler": {
            "code": source_fingerprint(sweep),
            "salib": environment()["packages"].get("SALib"),
        },
        "git": git_state(),
        "environment": environment(),
        "spec_text": spec.text,
        "spec_folder": str(Path(spec.origin).resolve().parent),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def design_table(spec: SweepSpec, design: Design) -> pa.Table:
    """One row per design point: factor values, and the unit sample for sampled designs."""
    columns: dict[str, pa.Array] = {"point": pa.array(range(len(design)), pa.int32())}
    for j, factor in enumerate(spec.factors):
        values = [point[factor.path] for point in design.points]
        columns[factor.path] = pa.array(values, ARROW_TYPES[factor.dtype])
        if design.unit is not None:
            columns[f"unit:{factor.path}"] = pa.array(design.unit[:, j], pa.float64())
    return pa.table(columns)


# -- the manifest -------------------------------------------------------------------------
class Manifest:
    """One row per run (inputs, seed, status, timing), rewritten atomically."""

    TIMING = ("seconds_model", "seconds_total")
    TEXT = ("status", "started", "worker", "error")

    def __init__(self, spec: SweepSpec, design: Design, runs: Sequence[PlannedRun], out: Path):
        self.spec, self.design, self.out = spec, design, Path(out)
        self.runs = list(runs)
        self.records: dict[int, dict[str, Any]] = {}
        self._written = 0.0

    def load(self, folder: SweepFolder, done: set[int]) -> None:
        """Statuses from the status files; a run with a part is done whatever they say.

        Runs whose status file compaction removed keep the manifest's earlier row.
        """
        earlier = self._earlier()
        for run in self.runs:
            path = status_path(self.out, run.run, folder.width)
            record: dict[str, Any] = dict(earlier.get(run.run, {}))
            if path.is_file():
                with contextlib.suppress(ValueError, OSError):
                    record = json.loads(path.read_text(encoding="utf-8"))
            if run.run in done:
                record = {**record, "status": "done", "error": ""}
            elif record.get("status") == "done":  # status without a part: not done
                record = {}
            if record:
                self.records[run.run] = record

    def _earlier(self) -> dict[int, dict[str, Any]]:
        """The statuses and timings of the manifest.parquet already in the folder."""
        path = self.out / "manifest.parquet"
        if not path.is_file():
            return {}
        columns = ["run", *self.TEXT, *self.TIMING]
        try:
            rows = pq.read_table(path, columns=columns).to_pylist()
        except (pa.ArrowException, OSError, KeyError):
            return {}
        return {int(r["run"]): r for r in rows if r["status"] != "pending"}

    def update(self, record: dict[str, Any]) -> None:
        """Take a finished run's record."""
        self.records[int(record["run"])] = record

    def counts(self) -> dict[str, int]:
        """Runs by status."""
        statuses = [self.records.get(r.run, {}).get("status", "pending") for r in self.runs]
        return {s: statuses.count(s) for s in ("done", "failed", "pending")}

    def table(self) -> pa.Table:
        """The manifest as an Arrow table."""
        points = self.design.points
        columns: dict[str, Any] = {
            "run": pa.array([r.run for r in self.runs], pa.int32()),
            "point": pa.array([r.point for r in self.runs], pa.int32()),
            "replicate": pa.array([r.replicate for r in self.runs], pa.int32()),
            "seed": pa.array([r.seed for r in self.runs], pa.int64()),
        }
        if self.spec.arms:
            columns["arm"] = pa.array([self.spec.arms[r.arm].name for r in self.runs], pa.string())
        for factor in self.spec.factors:
            values = [points[r.point][factor.path] for r in self.runs]
            columns[factor.path] = pa.array(values, ARROW_TYPES[factor.dtype])
        records = [self.records.get(r.run, {}) for r in self.runs]
        for name in self.TEXT:
            default = "pending" if name == "status" else ""
            columns[name] = pa.array([str(x.get(name, default)) for x in records], pa.string())
        for name in self.TIMING:
            seconds = [x.get(name) for x in records]  # null in JSON: not measured
            columns[name] = pa.array(
                [math.nan if s is None else float(s) for s in seconds], pa.float64()
            )
        return pa.table(columns)

    def write(self, force: bool = False) -> None:
        """Rewrite manifest.parquet (at most every few seconds unless forced)."""
        now = time.monotonic()
        if force or now - self._written >= MANIFEST_EVERY_SECONDS:
            write_parquet(self.table(), self.out / "manifest.parquet", sweep_identity(self.spec))
            self._written = now


# -- progress ---------------------------------------------------------------------------
class Progress:
    """A one-line progress bar with ETA on stderr (a line per 10% when not a terminal)."""

    def __init__(self, total: int, done: int, stream: TextIO | None = None, enabled: bool = True):
        self.total, self.done, self.failed = total, done, 0
        self.first = done
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > done
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._drawn = -1.0
        self._decile = -1

    def update(self, record: dict[str, Any]) -> None:
        """Count a finished run and redraw."""
        self.done += 1
        self.failed += record.get("status") == "failed"
        self.draw()

    def line(self) -> str:
        """The bar, counts, elapsed time and the estimated time left."""
        elapsed = time.monotonic() - self.started
        fresh = self.done - self.first
        left = (self.total - self.done) * elapsed / fresh if fresh else math.nan
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        failed = f", {self.failed} failed" if self.failed else ""
        return (
            f"  [{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total} runs "
            f"({100 * self.done / self.total:.0f}%){failed}  elapsed {_clock(elapsed)}  "
            f"ETA {_clock(left)}"
        )

    def draw(self) -> None:
        """Redraw at most ten times a second (terminal) or once per 10% (logs)."""
        if not self.enabled:
            return
        final = self.done >= self.total
        if self.tty:
            now = time.monotonic()
            if final or now - self._drawn >= 0.1:
                print("\r" + self.line(), end="\n" if final else "", file=self.stream, flush=True)
                self._drawn = now
            return
        decile = int(10 * self.done / self.total)
        if final or decile > self._decile:
            print(self.line(), file=self.stream, flush=True)
            self._decile = decile

    def close(self) -> None:
        """End the line if the bar stopped before the end."""
        if self.enabled and self.tty and self.done < self.total:
            print(file=self.stream, flush=True)


def _clock(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "--:--"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


# -- executors ---------------------------------------------------------------------------
def local_results(tasks: Sequence[RunTask], workers: int) -> Iterator[dict[str, Any]]:
    """Run tasks in local worker processes (0: in this process), yielding records as done."""
    groups = group_tasks(tasks, group_limit(len(tasks), max(workers, 1)))
    if workers == 0:
        for group in groups:
            yield from execute_group(group)
        return
    pool = worker_pool(workers, ["experiments.sweep_run", "model.care_model"])
    try:
        futures = [pool.submit(execute_group, group) for group in groups]
        for future in as_completed(futures):
            yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def scheduler_warning(address: str) -> str | None:
    """Why a Dask scheduler address is unsafe, or None for ``tls://`` and loopback ones.

    A Dask scheduler runs whatever Python a client sends it, on every worker. Over plain
    TCP it asks no credentials, so anyone who can reach its port can run code as the
    workers' user; TLS with the cluster's own certificate authority (README, "On a
    cluster") makes client and workers prove who they are.
    """
    scheme, _, rest = address.rpartition("://")
    if scheme == "tls":
        return None
    host = rest.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host[1 : host.find("]")]
    elif host.count(":") == 1:
        host = host.split(":")[0]
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host.lower() == "localhost"
    if loopback:
        return None
    return (
        f"the Dask scheduler {address} is reached without TLS: anyone who can connect to it "
        "can run any code on its workers; use a tls:// scheduler with certificates (README, "
        "'On a cluster') or keep it on loopback"
    )


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster with ``workers``."""
    from distributed import Client, LocalCluster, Security

    if scheduler is not None and scheduler.startswith("tls://"):
        security = Security()  # Dask's configuration: environment or distributed.yaml
        if not (security.tls_ca_file and security.tls_client_cert):
            raise ConfigError(
                f"--scheduler = {scheduler!r} needs this client's certificate; set "
                "DASK_DISTRIBUTED__COMM__TLS__CA_FILE, ..._TLS__CLIENT__CERT and "
                "..._TLS__CLIENT__KEY (README, 'On a cluster')"
            )
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    try:
        client = Client(scheduler or cluster, timeout="20s")
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); is `dask scheduler` "
            "running there and the address right (tcp://host:8786)?"
        ) from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_results(tasks: Sequence[RunTask], client: Any) -> Iterator[dict[str, Any]]:
    """Run tasks on a Dask cluster, yielding records as runs finish."""
    from distributed import as_completed as dask_completed

    if not tasks:
        return
    # The profile (most of a task's bytes) travels to every worker once, not per run.
    profile = client.scatter(tasks[0].profile, broadcast=True)
    light = [dataclasses.replace(task, profile=None) for task in tasks]
    workers = len(client.scheduler_info().get("workers", {})) or 1
    groups = group_tasks(light, group_limit(len(light), workers))
    futures = client.map(execute_group, groups, profile=profile, per_core=True, pure=False)
    by_key = {future.key: group for future, group in zip(futures, groups, strict=True)}
    try:
        for future in dask_completed(futures):
            try:
                yield from future.result()
            except Exception as exc:  # a worker died repeatedly (KilledWorker) and the like
                for task in by_key[future.key]:
                    yield _lost(task, exc)
    finally:
        client.cancel(futures)


def _lost(task: RunTask, exc: BaseException) -> dict[str, Any]:
    return {
        "run": task.run,
        "status": "failed",
        "error": f"{type(exc).__name__}: {exc}",
        "seconds_model": math.nan,
        "seconds_total": math.nan,
    }


# -- the coordinator ---------------------------------------------------------------------
@dataclass
class SweepOutcome:
    """What a sweep invocation did."""

    out: Path
    runs: int
    already_done: int
    ran: int
    failed: int
    seconds: float
    compacted: int = 0  # compacted files written at the end (0: the parts stay per run)


def make_tasks(
    spec: SweepSpec, design: Design, runs: Sequence[PlannedRun], out: Path, width: int
) -> list[RunTask]:
    """One task per planned run."""
    arms = range(max(len(spec.arms), 1))
    inputs = {
        (p, a): point_inputs(spec, point, a) for p, point in enumerate(design.points) for a in arms
    }
    out_text = str(Path(out).resolve())
    base = {
        "parameters": fingerprint(dict(spec.profile.values)),
        "years": spec.years,
        "start": spec.start,
        "burn_in_months": spec.burn_in_months,
    }
    tasks = []
    for run in runs:
        overrides, policies = inputs[run.point, run.arm]
        config = {**base, "overrides": overrides, "policies": policies}
        point = design.points[run.point]
        factors = tuple((f.path, f.dtype, point[f.path]) for f in spec.factors)
        tasks.append(
            RunTask(
                run.run,
                run.point,
                run.replicate,
                run.seed,
                spec.profile,
                overrides,
                tuple(policies),
                spec.years,
                spec.start,
                spec.burn_in_months,
                spec.stored,
                factors,
                out_text,
                width,
                identity("sweep", [run.seed], config),
                spec.arms[run.arm].name if spec.arms else None,
            )
        )
    return tasks


def run_sweep(
    spec: SweepSpec,
    out: str | Path,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: bool = False,
    progress: bool = True,
    log: TextIO | None = None,
    compact_parts: bool | None = None,
) -> SweepOutcome:
    """Run the runs of ``spec`` that ``out`` does not hold yet; see the module docstring.

    ``compact_parts``: once every run is done, fold the parts into a few large files
    (``experiments.sweep_data``); None does so for sweeps of ``COMPACT_FROM`` runs or more.
    """
    log = log or sys.stderr
    out = Path(out)
    workers = worker_count(workers)
    design = make_design(spec)
    runs = plan_runs(spec, design)
    stored = check_folder(spec, out)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        client = None
        if scheduler is not None or dask_local:
            client = stack.enter_context(dask_client(scheduler, max(workers, 1)))
        if stored is None:
            init_folder(spec, design, out)
        elif stored.get("code") != code_fingerprint():
            print(
                "carescape: warning: the model code changed since this sweep started; runs "
                "already done keep the old code's results (start a new --out for a clean sweep)",
                file=log,
            )
        folder = SweepFolder(out, len(runs))
        stack.enter_context(folder.lock())
        folder.clean_temporaries()
        done = folder.done_runs() & {r.run for r in runs}
        manifest = Manifest(spec, design, runs, out)
        manifest.load(folder, done)
        manifest.write(force=True)
        todo = make_tasks(spec, design, [r for r in runs if r.run not in done], out, folder.width)
        print(
            f"carescape: sweep {spec.name!r}: {len(runs)} runs ({len(design)} points x "
            + (f"{len(spec.arms)} arms x " if spec.arms else "")
            + f"{len(spec.seeds)} seeds, {spec.design} design)"
            + (f"; resuming: {len(done)} done" if stored is not None else "")
            + f"; running {len(todo)} on {_where(scheduler, dask_local, workers)}",
            file=log,
            flush=True,
        )
        bar = Progress(len(runs), len(done), log, enabled=progress)
        results = dask_results(todo, client) if client else local_results(todo, workers)
        try:
            for record in results:
                manifest.update(record)
                bar.update(record)
                manifest.write()
        finally:
            bar.close()
            manifest.write(force=True)
        counts = manifest.counts()
        wanted = len(runs) >= COMPACT_FROM if compact_parts is None else compact_parts
        compacted = 0
        if wanted and counts["done"] == len(runs):
            compacted = compact(out, len(runs))
    return SweepOutcome(
        out,
        len(runs),
        len(done),
        len(todo),
        counts["failed"],
        time.monotonic() - started,
        compacted,
    )


def _where(scheduler: str | None, dask_local: bool, workers: int) -> str:
    if scheduler is not None:
        return f"the Dask cluster at {scheduler}"
    if dask_local:
        return f"a Dask LocalCluster with {workers} worker{'s' * (workers != 1)}"
    if workers == 0:
        return "this process"
    return f"{workers} local worker process{'es' * (workers != 1)}"

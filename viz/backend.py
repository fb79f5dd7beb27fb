"""What the what-if app asks of the experiments: scenarios from choices, streamed runs, bands.

The browser app (``viz/``) holds no model logic: it collects the strategist's choices,
and this module turns them into a validated :class:`~model.scenarios.Scenario`, runs
baseline vs scenario with paired seeds in worker processes (the runs of
``experiments.compare``), reports each finished pair of replicates as it arrives, and
summarises the replicates into monthly bands, the VNG four arrows, the referral flows
and export files.

The worker processes are shared by every browser session: a run's jobs go through a
:class:`~viz.scheduler.FairScheduler` (each session gets its turn), one run may ask at
most ``MAX_WORK`` resident-months, and uploads are at most ``MAX_UPLOAD_BYTES``.
"""

from __future__ import annotations

import atexit
import io
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import tomli_w

from experiments.compare import RunSpec, compare_table, run_one, t95
from experiments.lifetime import worker_pool
from model.aggregate import average_year, cumulative, district_yearly, last_year, monthly
from model.care_model import DEFAULT_BURN_IN_MONTHS
from model.context import parse_start
from model.params import ConfigError, Profile, parse_profile, parse_toml_bytes
from model.policies import CATALOGUE
from model.results import DISTRICT, DISTRICT_NAMES, NET_COST, REACHED
from model.scenarios import Scenario, parse_scenario
from viz import private
from viz.scheduler import Batch, FairScheduler

Results = dict[str, dict[int, dict[str, np.ndarray]]]
CUMULATIVE_SAVINGS = "cumulative_savings"  # baseline minus scenario net cost, cumulated
MEASURES_COST = "measures_cost"  # scenario minus baseline staff and measure spending, cumulated
# name: (the cumulated flow of the results schema, +1 scenario minus baseline / -1 the reverse)
CUMULATED: dict[str, tuple[str, int]] = {
    CUMULATIVE_SAVINGS: (NET_COST, -1),
    MEASURES_COST: ("spend_staff_eur", +1),
}


def css_name(policy: str) -> str:
    """The scenario-file style name of a catalogue entry: ``poh_ggz`` -> ``poh-ggz``."""
    return policy.replace("_", "-")


# -- choices -> a validated scenario ------------------------------------------------------------
def check_start(text: str) -> str:
    """A start month as ``YYYY-MM`` (the model's own check), or ConfigError."""
    parse_start(text)
    return text.strip()


def build_scenario(
    name: str,
    preset: str | None,
    profile: str | None,
    start: str,
    policies: Mapping[str, Mapping[str, Any]],
    external: Mapping[str, Mapping[str, Any]] | None = None,
    description: str = "",
) -> Scenario:
    """A scenario from the app's choices, validated by the model's own scenario parser."""
    head: dict[str, Any] = {"name": name, "description": description, "start": check_start(start)}
    if profile:
        head["profile"] = profile
    else:
        head["preset"] = preset or "default"
    raw = {
        "scenario": head,
        "policies": {k: dict(v) for k, v in policies.items()},
        "external": {k: dict(v) for k, v in (external or {}).items()},
    }
    return parse_scenario(raw, "scenario")


def check_policy_value(policy: str, key: str, value: Any) -> Any:
    """One policy parameter checked against its declaration (coerced value or ConfigError)."""
    return CATALOGUE[policy].check({key: value}, "")[key]


def scenario_toml(scenario: Scenario) -> str:
    """The scenario as a TOML file (the format of ``carescape compare --scenario``)."""
    return tomli_w.dumps(scenario.to_toml_dict())


def scenario_from_toml(data: bytes, filename: str) -> Scenario:
    """A scenario file uploaded by the user, validated (ConfigError on any problem)."""
    return parse_scenario(_toml(data, upload_name(filename), "scenario"), filename)


def profile_from_upload(data: bytes, filename: str, folder: Path) -> tuple[Profile, Path]:
    """Validate an uploaded municipality profile and keep a copy for the worker processes.

    The copy is written to a temporary name and renamed, so a run that reads the profile
    while the user uploads it again never sees half a file.
    """
    name = upload_name(filename)
    profile = parse_profile(_toml(data, name, "profile"), name)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    return profile, path


def upload_name(filename: str) -> str:
    """The file name of an upload (folders dropped), or ConfigError for one that names none.

    The browser sends the name the user's file had; ``.``, ``..`` or an empty name would
    make the copy kept for the workers a folder, not a file, and a leading dot would
    hide it (partial copies are dot files).
    """
    name = Path(str(filename).replace("\\", "/")).name
    if name in ("", ".", "..") or name.startswith("."):
        raise ConfigError(
            f"upload name = {filename!r} is not a file name; upload e.g. my-town.toml"
        )
    return name


# Profiles and scenario files are a few kB (the built-in presets are 8-12 kB).
MAX_UPLOAD_BYTES = 256 * 1024


class UploadTooLarge(ConfigError):
    """An uploaded file is over ``MAX_UPLOAD_BYTES`` (the page shows its own NL/EN text)."""

    def __init__(self, filename: str, limit: int = MAX_UPLOAD_BYTES) -> None:
        super().__init__(f"{filename}: the file is larger than {limit // 1024} kB; not read")
        self.filename = filename
        self.limit = limit


def upload_session_folder(session: str) -> Path:
    """A session's folder for uploads, inside the app's private per-process folder."""
    return private.subfolder("uploads", session)


def _toml(data: bytes, filename: str, kind: str) -> dict[str, Any]:
    """Parse an upload with the shared reader, after the size limit."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(filename)
    return parse_toml_bytes(data, filename, kind)


# -- runs, streamed -----------------------------------------------------------------------------
class Cancelled(Exception):
    """The user started another run or stopped this one."""


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_SCHEDULER: FairScheduler | None = None
# The most one run may ask, in resident-months: residents x (burn-in + horizon months) x
# runs (replicates x arms). 500 million is every run of the 45,000-resident default up to
# 15 years and 20 replicates, the 160,000-resident city for 10 years and 5 replicates,
# and about 3 minutes on two cores (~1.2 million resident-months per core-second).
MAX_WORK = int(os.environ.get("CARESCAPE_UI_MAX_WORK", "0")) or 500_000_000


def _pool(workers: int) -> ProcessPoolExecutor:
    """One long-lived pool of model processes (forkserver: safe next to the web server)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or getattr(_POOL, "_broken", False) or _POOL._max_workers != workers:
            if _POOL is not None:
                _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = worker_pool(workers, ["experiments.compare"])
        return _POOL


def scheduler(workers: int) -> FairScheduler:
    """The one scheduler that shares the pool's ``workers`` processes between sessions."""
    global _SCHEDULER
    with _POOL_LOCK:
        if _SCHEDULER is None or _SCHEDULER.slots != workers:
            _SCHEDULER = FairScheduler(workers, lambda: _pool(workers), private.subfolder("cancel"))
        return _SCHEDULER


def cancel_session(session: str) -> None:
    """Stop a session's queued and running jobs (its page was closed)."""
    if _SCHEDULER is not None:
        _SCHEDULER.cancel_session(session)


@atexit.register
def _shutdown() -> None:
    if _SCHEDULER is not None:  # stop running jobs first: the pool waits for them
        _SCHEDULER.cancel_all()
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)


def warm_up(workers: int | None = None) -> None:
    """Start the worker processes ahead of the first run (saves seconds on the first click).

    Only once per server: every later page would otherwise queue sleeps ahead of the
    runs of the sessions already at work.
    """
    workers = workers or os.cpu_count() or 1
    if _POOL is not None:
        return
    pool = _pool(workers)
    for _ in range(workers):  # a pool starts a process per task until all are busy
        pool.submit(time.sleep, 0.3)


class WorkTooLarge(ConfigError):
    """A run asks more than ``MAX_WORK`` resident-months (the page shows its own NL/EN text)."""

    def __init__(self, asked: int, limit: int) -> None:
        super().__init__(
            f"the run asks {asked:,} resident-months (residents x months incl. burn-in x "
            f"runs); at most {limit:,} are allowed: choose fewer residents, years or replicates"
        )
        self.asked = asked
        self.limit = limit


def run_work(residents: int, years: int, runs: int) -> int:
    """Resident-months a run asks: residents x (burn-in + horizon months) x runs."""
    return int(residents) * (DEFAULT_BURN_IN_MONTHS + 12 * int(years)) * int(runs)


def check_work(residents: int, years: int, runs: int, limit: int | None = None) -> int:
    """The run's resident-months, or WorkTooLarge when over the limit (``MAX_WORK``)."""
    limit = MAX_WORK if limit is None else limit
    asked = run_work(residents, years, runs)
    if asked > limit:
        raise WorkTooLarge(asked, limit)
    return asked


def complete_seeds(results: Results, arms: list[str]) -> Results:
    """Only the seeds for which every arm has finished (a valid paired comparison)."""
    seeds = set.intersection(*(set(results.get(arm, {})) for arm in arms)) if arms else set()
    return {arm: {s: results[arm][s] for s in sorted(seeds)} for arm in arms}


def run_streaming(
    specs: list[RunSpec],
    workers: int | None = None,
    on_pairs: Callable[[Results], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    session: str = "local",
    on_queue: Callable[[int, int], None] | None = None,
) -> Results:
    """Run specs in parallel; call ``on_pairs`` each time a seed has all its arms finished.

    With more than one worker the specs are one batch of the fair scheduler, in the
    name of ``session`` (a new batch of the same session cancels the previous one);
    ``on_queue(place, others)`` reports the place in the queue (0 once running) and how
    many other sessions share the workers, whenever that changes.
    """
    workers = workers or os.cpu_count() or 1
    arms = list(dict.fromkeys(spec.arm for spec in specs))
    results: Results = {}
    paired = 0

    def collect(arm: str, seed: int, columns: dict[str, np.ndarray], done: int) -> None:
        nonlocal paired
        results.setdefault(arm, {})[seed] = columns
        if on_progress:
            on_progress(done, len(specs))
        complete = complete_seeds(results, arms)
        if on_pairs and len(complete[arms[0]]) > paired:
            paired = len(complete[arms[0]])
            on_pairs(complete)

    if workers == 1:
        for done, spec in enumerate(specs, start=1):
            if cancel is not None and cancel.is_set():
                raise Cancelled
            collect(*run_one(spec), done)
        return results
    batch = scheduler(workers).submit(session, run_one, specs)
    for done, (_, value) in enumerate(batch_results(batch, cancel, on_queue), start=1):
        collect(*value, done)
    return results


def batch_results(
    batch: Batch,
    cancel: threading.Event | None = None,
    on_queue: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """``(index, result)`` of a scheduler batch's jobs as they finish; Cancelled when stopped.

    Stops (Cancelled) when ``cancel`` is set or the batch was cancelled (a newer run of
    the session, the page closed); a job's error is raised. The batch is cancelled when
    the caller stops reading, so nothing of it keeps running.
    """
    shown: tuple[int, int] | None = None
    try:
        for _ in range(batch.total):
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                if batch.cancelled:
                    raise Cancelled
                status = batch.status()
                if on_queue and status != shown:
                    shown = status
                    on_queue(*status)
                try:
                    index, value, error = batch.results.get(timeout=0.2)
                    break
                except queue.Empty:
                    continue
            if error is not None:
                raise error
            yield index, value
    finally:
        batch.cancel()  # nothing left to run when finished; stops the rest otherwise


class SharedWorkers(Executor):
    """The app's shared workers as an Executor (``map`` only), for ``calibrate``'s trials.

    Each ``map`` is one batch of the fair scheduler in the name of ``session``, so a fit
    takes its turn with the what-if runs of every session, and cancelling (``cancel``,
    or the session's page closed) stops its running jobs at once.
    """

    def __init__(
        self,
        workers: int,
        session: str,
        cancel: threading.Event,
        on_queue: Callable[[int, int], None] | None = None,
    ) -> None:
        self.workers, self.session, self.cancel, self.on_queue = workers, session, cancel, on_queue

    def map(self, fn, *iterables, timeout=None, chunksize=1):  # noqa: D102 - Executor's
        if len(iterables) != 1:
            raise TypeError("SharedWorkers.map takes one iterable of items")
        items = list(iterables[0])
        batch = scheduler(self.workers).submit(self.session, fn, items)
        out: list[Any] = [None] * len(items)
        for index, value in batch_results(batch, self.cancel, self.on_queue):
            out[index] = value
        return iter(out)


# -- summaries ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """A monthly mean with its 90% interval over replicates."""

    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


@dataclass(frozen=True)
class Series:
    """One indicator month by month: both arms and their paired difference."""

    name: str
    dates: list[str]
    baseline: Band
    scenario: Band
    diff: Band
    replicates: int


MIN_RUNS = 2  # replicates an interval, and so a verdict, needs


def judged(runs: int) -> bool:
    """Whether ``runs`` finished replicates give an interval to judge a difference by.

    One run has no spread: its band has zero width, and any difference would read as
    "better" or "worse" with 90% confidence, only to turn over when the next runs arrive.
    """
    return runs >= MIN_RUNS


def _band(values: np.ndarray) -> Band:
    """Mean and 90% t-interval over the rows (replicates).

    A single row gives lo = hi = mean, no band: callers check :func:`judged` before they
    call a difference clear.
    """
    n = values.shape[0]
    mean = values.mean(axis=0)
    if not judged(n):
        return Band(mean, mean.copy(), mean.copy())
    half = t95(n - 1) * values.std(axis=0, ddof=1) / np.sqrt(n)
    return Band(mean, mean - half, mean + half)


def _matrix(results: Results, arm: str, name: str) -> np.ndarray:
    seeds = sorted(results[arm])
    if name in CUMULATED:
        return np.array([cumulative(results[arm][s], CUMULATED[name][0]) for s in seeds])
    return np.array([monthly(results[arm][s], name) for s in seeds], dtype=float)


def series(results: Results, name: str, arm: str = "scenario") -> Series:
    """Monthly bands of one indicator (or of a derived one: cumulative savings, measures' cost).

    Cumulative savings are the baseline's net cost minus the scenario's, summed from the
    first month; the measures' cost is the scenario's staff and measure spending minus
    the baseline's (access-team FTE, POH co-financing, subsidies for extra places),
    summed from the first month as well.
    """
    base = _matrix(results, "baseline", name)
    scen = _matrix(results, arm, name)
    sign = CUMULATED[name][1] if name in CUMULATED else +1
    diff = scen - base if sign > 0 else base - scen
    first = results["baseline"][min(results["baseline"])]
    return Series(name, list(first["date"]), _band(base), _band(scen), _band(diff), len(base))


@dataclass(frozen=True)
class Arrow:
    """One of the VNG four arrows: the scenario's change in the final year vs the baseline."""

    key: str  # reach, availability, quality, budget
    indicator: str
    baseline: float
    scenario: float
    diff_lo: float
    diff_hi: float
    better_when: int  # +1: higher is better, -1: lower is better
    material: float  # smaller changes count as 'about the same'
    runs: int  # finished replicates behind the numbers

    @property
    def direction(self) -> int:
        """+1 up, -1 down, 0 no clear change (interval contains zero, or a negligible change).

        Also 0 with fewer than two runs: one run has no interval, so no change is clear yet.
        """
        if not judged(self.runs) or abs(self.scenario - self.baseline) < self.material:
            return 0
        if self.diff_lo > 0:
            return 1
        if self.diff_hi < 0:
            return -1
        return 0

    @property
    def verdict(self) -> str:
        """'better', 'worse', 'same', or 'too_few' runs yet to judge (early results)."""
        if not judged(self.runs):
            return "too_few"
        if self.direction == 0:
            return "same"
        return "better" if self.direction == self.better_when else "worse"


# key, indicator, better when, negligible change (relative to the baseline, absolute)
ARROWS: tuple[tuple[str, str, int, float, float], ...] = (
    ("reach", REACHED, +1, 0.005, 1.0),  # residents helped: tailored, general, light support
    ("availability", "wait_weeks_access", -1, 0.02, 0.1),
    # Wellbeing of the residents the social domain is about (waiting, helped, need unmet):
    # a lever's effect on a few hundred residents is diluted ten-fold in the mean of all.
    ("quality", "wellbeing_in_contact", +1, 0.0, 0.01),
    ("budget", NET_COST, -1, 0.002, 0.0),
)


def final_year(results: Results, name: str, arm: str = "scenario") -> tuple[float, float, Band]:
    """Final-year level (flows summed, stocks averaged) of both arms and the paired difference."""
    seeds = sorted(results["baseline"])
    base = np.array([last_year(results["baseline"][s], name) for s in seeds])
    scen = np.array([last_year(results[arm][s], name) for s in seeds])
    band = _band((scen - base)[:, None])
    return float(base.mean()), float(scen.mean()), band


def four_arrows(results: Results) -> list[Arrow]:
    """VNG's system indicators: reach, availability, quality, all within the budget."""
    arrows = []
    runs = len(results["baseline"])
    for key, name, better, relative, absolute in ARROWS:
        base, scen, band = final_year(results, name)
        material = max(relative * abs(base), absolute)
        arrows.append(Arrow(key, name, base, scen, band.lo[0], band.hi[0], better, material, runs))
    return arrows


FLOW_COLUMNS = (
    "youth_referrals_gp",
    "youth_referrals_access",
    "youth_referrals_other",
    "poh_helped",
    "inflow_tailored",
    "users_general",
    "users_light_support",
    "unmet_need",
)


def flows(results: Results, arm: str) -> dict[str, float]:
    """Entry points to outcomes, per year (flows) or on average (stocks), mean over seeds.

    Each figure is the average of the yearly figures (``model.aggregate``) over the horizon.

    Recorded flows: new youth trajectories by referrer (GP, access team, other: GI,
    medical specialist, parents directly), youths helped by a POH-GGZ without referral,
    and the inflow into tailored services (youth and Wmo). Wmo inflow passes the access
    team by law, so the access team's tailored inflow is its youth referrals plus the
    non-youth part of the tailored inflow. General-facility users, light-support clients
    and residents with unmet need are stocks: the results do not say by which door they came.
    """
    seeds = sorted(results[arm])
    out: dict[str, float] = {
        name: float(np.mean([average_year(results[arm][s], name) for s in seeds]))
        for name in FLOW_COLUMNS
    }
    youth = out["youth_referrals_gp"] + out["youth_referrals_access"] + out["youth_referrals_other"]
    out["wmo_inflow"] = max(out["inflow_tailored"] - youth, 0.0)
    out["entry_gp"] = out["youth_referrals_gp"] + out["poh_helped"]
    out["entry_access"] = out["youth_referrals_access"] + out["wmo_inflow"]
    out["entry_other"] = out["youth_referrals_other"]
    return out


# -- exports ------------------------------------------------------------------------------------
def results_tables(results: Results) -> dict[str, pa.Table]:
    """The yearly comparison (per indicator and year) and all monthly replicate series."""
    from experiments.compare import replicates_table

    return {"comparison": compare_table(results), "replicates": replicates_table(results)}


def table_bytes(table: pa.Table, fmt: str) -> bytes:
    """A table as Parquet or CSV bytes, for a download."""
    buffer = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(table, buffer)
    elif fmt == "csv":
        pacsv.write_csv(table, buffer)
    else:
        raise ValueError(f"format = {fmt!r} is not supported; use parquet or csv")
    return buffer.getvalue()


# -- per district (wijk) ------------------------------------------------------------------------
# What the district view shows, per district and year, from the declared district outputs
# (model.results.DISTRICT_INDICATORS): residents, tailored and general use per 1,000
# residents, residents waiting, and spending per resident.
DISTRICT_MEASURES = (
    "residents",
    "tailored_per_1000",
    "general_per_1000",
    "waiting",
    "spend_per_resident",
)


@dataclass(frozen=True)
class DistrictFigures:
    """Both arms' yearly figures per district (means over replicates) and the paired change.

    Every array is (years x districts + 1): one column per district in the order of
    ``names``, the last for the whole municipality. ``diff_lo``/``diff_hi`` bound the 90%
    interval of the scenario minus the baseline over the paired replicates; ``dates``
    are the first and last month of each year (``YYYY-MM-DD``).
    """

    names: list[str]
    years: np.ndarray
    dates: list[tuple[str, str]]
    baseline: dict[str, np.ndarray]
    scenario: dict[str, np.ndarray]
    diff_lo: dict[str, np.ndarray]
    diff_hi: dict[str, np.ndarray]
    replicates: int

    def diff(self, name: str) -> np.ndarray:
        """Scenario minus baseline (mean over the paired replicates)."""
        return self.scenario[name] - self.baseline[name]


def district_measures(columns: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One run's view figures per year and district: use per 1,000, waiting, EUR per resident.

    Arrays are (years x districts + 1); the last column is the municipality (the sum of
    the districts' counts and money, then the same ratios).

    General use counts general-facility users and the teams' own light support (the
    non-tailored side of the tailored share); spending is everything the district is
    allocated (tailored care, facilities, its team, its share of the measures' cost).
    """
    y = {
        name: np.column_stack([values, values.sum(axis=1)])
        for name, values in district_yearly(columns).items()
        if name != "year"
    }
    residents = np.maximum(y["residents"], 1.0)
    spend = sum(y[name] for name in DISTRICT if name.startswith("spend_"))
    return {
        "residents": y["residents"],
        "tailored_per_1000": 1000.0 * (y["clients_wmo"] + y["clients_youth"]) / residents,
        "general_per_1000": 1000.0 * (y["users_general"] + y["users_light_support"]) / residents,
        "waiting": y["waiting_access"] + y["waiting_providers"],
        "spend_per_resident": spend / residents,
    }


def district_figures(results: Results, arm: str = "scenario") -> DistrictFigures | None:
    """The district view's figures, or None when the runs carry no district outputs."""
    seeds = sorted(results.get("baseline", {}))
    if not seeds or DISTRICT_NAMES not in results["baseline"][seeds[0]]:
        return None
    base = [district_measures(results["baseline"][s]) for s in seeds]
    scen = [district_measures(results[arm][s]) for s in seeds]
    out: dict[str, dict[str, np.ndarray]] = {"b": {}, "s": {}, "lo": {}, "hi": {}}
    for name in DISTRICT_MEASURES:
        b = np.array([run[name] for run in base])
        s = np.array([run[name] for run in scen])
        band = _band(s - b)
        out["b"][name], out["s"][name] = b.mean(axis=0), s.mean(axis=0)
        out["lo"][name], out["hi"][name] = band.lo, band.hi
    first = results["baseline"][seeds[0]]
    years = district_yearly(first)["year"]
    dates = [str(d) for d in first["date"]]
    return DistrictFigures(
        [str(n) for n in first[DISTRICT_NAMES]],
        years,
        [(dates[12 * (y - 1)], dates[min(12 * y, len(dates)) - 1]) for y in years],
        out["b"],
        out["s"],
        out["lo"],
        out["hi"],
        len(seeds),
    )

"""What the what-if app asks of the experiments: scenarios from choices, streamed runs, bands.

The browser app (``viz/``) holds no model logic: it collects the strategist's choices,
and this module turns them into a validated :class:`~model.scenarios.Scenario`, runs
baseline vs scenario with paired seeds in worker processes (the runs of
``experiments.compare``), reports each finished pair of replicates as it arrives, and
summarises the replicates into monthly bands, the VNG four arrows, the referral flows
and export files.
"""

from __future__ import annotations

import atexit
import io
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
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
from model.aggregate import average_year, cumulative, last_year, monthly
from model.context import parse_start
from model.params import ConfigError, Profile, parse_profile, parse_toml_bytes
from model.policies import CATALOGUE
from model.results import NET_COST, REACHED
from model.scenarios import Scenario, parse_scenario

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
    return parse_scenario(parse_toml_bytes(data, upload_name(filename), "scenario"), filename)


def profile_from_upload(data: bytes, filename: str, folder: Path) -> tuple[Profile, Path]:
    """Validate an uploaded municipality profile and keep a copy for the worker processes."""
    name = upload_name(filename)
    profile = parse_profile(parse_toml_bytes(data, name, "profile"), name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return profile, path


def upload_name(filename: str) -> str:
    """The file name of an upload (folders dropped), or ConfigError for one that names none.

    The browser sends the name the user's file had; ``.``, ``..`` or an empty name would
    make the copy kept for the workers a folder, not a file.
    """
    name = Path(str(filename).replace("\\", "/")).name
    if name in ("", ".", ".."):
        raise ConfigError(f"upload name = {filename!r} is not a file name; upload a .toml file")
    return name


# -- runs, streamed -----------------------------------------------------------------------------
class Cancelled(Exception):
    """The user started another run or stopped this one."""


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool(workers: int) -> ProcessPoolExecutor:
    """One long-lived pool of model processes (forkserver: safe next to the web server)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or getattr(_POOL, "_broken", False) or _POOL._max_workers != workers:
            if _POOL is not None:
                _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = worker_pool(workers, ["experiments.compare"])
        return _POOL


@atexit.register
def _shutdown() -> None:
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)


def warm_up(workers: int | None = None) -> None:
    """Start the worker processes ahead of the first run (saves seconds on the first click)."""
    workers = workers or os.cpu_count() or 1
    pool = _pool(workers)
    for _ in range(workers):  # a pool starts a process per task until all are busy
        pool.submit(time.sleep, 0.3)


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
) -> Results:
    """Run specs in parallel; call ``on_pairs`` each time a seed has all its arms finished."""
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
    try:
        pending: set[Future] = {_pool(workers).submit(run_one, spec) for spec in specs}
    except BrokenProcessPool:
        pending = {_pool(workers).submit(run_one, spec) for spec in specs}
    done = 0
    try:
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if cancel is not None and cancel.is_set():
                raise Cancelled
            for future in finished:
                done += 1
                collect(*future.result(), done)
    finally:
        for future in pending:
            future.cancel()
    return results


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


def _band(values: np.ndarray) -> Band:
    n = values.shape[0]
    mean = values.mean(axis=0)
    if n < 2:
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

    @property
    def direction(self) -> int:
        """+1 up, -1 down, 0 no clear change (interval contains zero, or a negligible change)."""
        if abs(self.scenario - self.baseline) < self.material:
            return 0
        if self.diff_lo > 0:
            return 1
        if self.diff_hi < 0:
            return -1
        return 0

    @property
    def verdict(self) -> str:
        """'better', 'worse' or 'same'."""
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
    for key, name, better, relative, absolute in ARROWS:
        base, scen, band = final_year(results, name)
        material = max(relative * abs(base), absolute)
        arrows.append(Arrow(key, name, base, scen, band.lo[0], band.hi[0], better, material))
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

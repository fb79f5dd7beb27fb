"""The app's state (one copy per browser session) and the background run.

Module-level ``solara.reactive`` values are scoped per session by Solara. The run is a
threaded ``solara.lab.task``: it builds the scenario from the choices, runs baseline vs
scenario in worker processes via :mod:`viz.backend`, and publishes each
finished pair of replicates, so the page shows first results while the rest runs.

The workers are shared with every other session: a run over ``backend.MAX_WORK`` is
refused before it starts, the run's place in the queue is published while it waits,
and closing the page (``close_session``) stops the session's run and removes its
uploads.

A municipality's own figures (``load_figures``) are fitted by a second threaded task
(``run_fit``, see :mod:`viz.fit`) that takes its turn in the same scheduler under the
session's ``-fit`` name; the fitted municipality joins the session's picker
(``fitted``, ``choose_municipality``) and its profile file is what the runs use.
"""

from __future__ import annotations

import math
import os
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import solara
import solara.lab

from experiments.compare import contributions_table, plan_runs
from model.care_model import DEFAULT_BURN_IN_MONTHS
from model.params import REGISTRY, ConfigError, Profile, load_preset
from model.policies import CATALOGUE, EXTERNALS, LEVERS
from model.scenarios import Scenario
from viz import backend, fit, private
from viz.backend import (
    Cancelled,
    Results,
    UploadTooLarge,
    WorkTooLarge,
    build_scenario,
    check_policy_value,
    check_start,
    check_work,
    run_streaming,
)
from viz.i18n import figure_problem, file_problem, millions, number, policy_label, t
from viz.upload_check import FileProblem, UploadError

WORKERS: int | None = int(os.environ.get("CARESCAPE_UI_WORKERS", "0")) or None
MAX_YEARS = 15
MAX_REPLICATES = 20
FITTED_PREFIX = "fitted-"  # the picker's value of a fitted municipality: fitted-1, ...
RANGE_ERROR = "range"  # a field error the page words as the field's allowed range


@dataclass(frozen=True)
class UploadedProfile:
    """A validated municipality profile the user uploaded."""

    filename: str
    path: str
    profile: Profile


@dataclass(frozen=True)
class RunState:
    """Progress and (partial) results of the latest run."""

    running: bool = False
    done: int = 0
    total: int = 0
    results: Results | None = None
    contributions: Any = None  # pyarrow table or None
    version: int = 0
    started: float = 0.0
    first_seconds: float | None = None
    total_seconds: float | None = None
    error: str = ""
    scenario: Scenario | None = None
    years: int = 0
    label: str = ""
    place: int = 0  # place in the queue for a worker (0: running or not started)
    sharing: int = 0  # other sessions' runs sharing the workers
    cancel: threading.Event = field(default_factory=threading.Event)


lang = solara.reactive("nl")
preset = solara.reactive("default")
profile = solara.reactive(None)  # UploadedProfile | None
profile_error = solara.reactive(None)  # ConfigError | None, shown in the page's language
residents_text = solara.reactive("")
residents_error = solara.reactive("")
start = solara.reactive("2025-01")
start_error = solara.reactive("")
years = solara.reactive(10)
replicates = solara.reactive(5)
contributions = solara.reactive(False)
enabled = solara.reactive(())  # names of switched-on policies and externals, in order
values = solara.reactive({})  # {policy: {param: value}} as set by the user
field_errors = solara.reactive({})  # {"policy.param": message}
scenario_name = solara.reactive("mijn-scenario")
scenario_message = solara.reactive("")
scenario_error = solara.reactive(None)  # ConfigError | None
run_state = solara.reactive(RunState())


@dataclass(frozen=True)
class FitState:
    """Progress of the session's municipality fit (viz.fit), as the page shows it."""

    running: bool = False
    stopping: bool = False  # the cancel button was pressed: ends after the running trial
    stopped: bool = False  # cancelled before a trial finished: nothing kept
    done: int = 0
    total: int = 0
    best: float = math.nan
    elapsed: float = 0.0  # seconds, at the last finished trial
    seconds: float | None = None  # the whole fit, once finished
    fitted: str = ""  # the fitted municipality's key, once finished
    error: str = ""
    place: int = 0
    sharing: int = 0
    run: fit.FitRun | None = None

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace of the trials so far (None before the first)."""
        if not self.done:
            return None
        return self.elapsed / self.done * (self.total - self.done)


figures_upload = solara.reactive(None)  # fit.FiguresUpload | None
figures_error = solara.reactive(None)  # ConfigError | None, shown in the page's language
fit_trials = solara.reactive(fit.TRIALS)
fit_state = solara.reactive(FitState())
fitted = solara.reactive(())  # tuple[fit.Fitted, ...]: this session's fitted municipalities


# -- reading the choices ------------------------------------------------------------------------
def policy_values(name: str) -> dict[str, Any]:
    """A policy's parameters: defaults overridden by the user's values."""
    declared = CATALOGUE[name].declared()
    chosen = values.value.get(name, {})
    return {key: chosen.get(key, spec.default) for key, spec in declared.items()}


def set_policy_value(name: str, key: str, value: Any) -> None:
    """Store a parameter value; a value the declaration refuses is kept as a field error."""
    errors = dict(field_errors.value)
    try:
        value = check_policy_value(name, key, value)
        errors.pop(f"{name}.{key}", None)
    except ConfigError:  # the field shows what it accepts, in the page's language
        errors[f"{name}.{key}"] = RANGE_ERROR
    field_errors.value = errors
    chosen = {k: dict(v) for k, v in values.value.items()}
    chosen.setdefault(name, {})[key] = value
    values.value = chosen


def set_enabled(name: str, on: bool) -> None:
    """Switch a policy or external scenario on or off."""
    names = [n for n in enabled.value if n != name]
    if on:
        names.append(name)
    enabled.value = tuple(n for n in CATALOGUE if n in names)


def residents() -> int | None:
    """The residents override (None: as in the preset or profile)."""
    text = residents_text.value.strip().replace(".", "").replace(",", "").replace("_", "")
    return int(text) if text else None


def set_residents(text: str) -> None:
    """Validate the residents field against the registry's range."""
    residents_text.value = text or ""
    cleaned = residents_text.value.strip().replace(".", "").replace(",", "").replace("_", "")
    if not cleaned:
        residents_error.value = ""
        return
    spec = REGISTRY["population.residents"]
    try:
        spec.validate(int(cleaned), "")
        residents_error.value = ""
    except (ValueError, ConfigError):
        residents_error.value = RANGE_ERROR


def residents_message(language: str) -> str:
    """The residents field's error in the page's language: its range, ``1.000 – 2.000.000``."""
    if residents_error.value != RANGE_ERROR:
        return residents_error.value
    spec = REGISTRY["population.residents"]
    return f"{number(spec.low, language)} – {number(spec.high, language)}"


def set_start(text: str) -> None:
    """Validate the start month."""
    start.value = text or ""
    try:
        check_start(start.value)
        start_error.value = ""
    except ConfigError:
        start_error.value = "JJJJ-MM" if lang.value == "nl" else "YYYY-MM"


def base_residents() -> int:
    """Residents of the chosen municipality before any override."""
    if profile.value is not None:
        return int(profile.value.profile["population.residents"])
    return int(load_preset(preset_name())["population.residents"])


def preset_name() -> str:
    """The built-in preset the picker names (a fitted municipality's key is not one)."""
    return "default" if preset.value.startswith(FITTED_PREFIX) else preset.value


def blocking_errors() -> list[str]:
    """Fields that must be fixed before a run (a refused profile upload is one of them)."""
    keys = [k for k in field_errors.value if k.split(".")[0] in enabled.value]
    keys += [k for k, e in (("residents", residents_error), ("start", start_error)) if e.value]
    if profile_error.value is not None:
        keys.append("profile")
    return keys


def run_refusal(language: str) -> str:
    """Why the run button waits, in the page's language ("" when it need not wait)."""
    if profile_error.value is not None:
        return t("run_blocked_profile", language)
    if not any(n in LEVERS for n in enabled.value):
        return t("run_no_measures", language)
    if blocking_errors():
        return t("fix_fields", language)
    late = [n for n in enabled.value if policy_values(n)["start_month"] >= years.value * 12]
    if late:  # e.g. the horizon was shortened after the start month was set
        return t(
            "run_start_late", language, names=", ".join(policy_label(n, language) for n in late)
        )
    return ""


def current_scenario() -> Scenario:
    """The scenario the choices describe (validated by the model's scenario parser)."""
    on = enabled.value
    chosen = profile.value
    return build_scenario(
        scenario_name.value.strip() or "scenario",
        None if chosen else preset_name(),
        chosen.path if chosen else None,
        start.value,
        {n: policy_values(n) for n in on if n in LEVERS},
        {n: policy_values(n) for n in on if n in EXTERNALS},
    )


def apply_scenario(scenario: Scenario) -> None:
    """Set the choices from a loaded scenario file."""
    chosen = profile.value
    if scenario.profile and (chosen is None or Path(scenario.profile).name != chosen.filename):
        raise UploadError(
            scenario.name, [FileProblem("profile_first", "scenario.profile", scenario.profile)]
        )
    if not scenario.profile:
        profile.value = None
        preset.value = scenario.preset or "default"
    set_start(scenario.start)
    scenario_name.value = scenario.name
    loaded = {**scenario.policies, **scenario.external}
    values.value = {name: dict(v) for name, v in loaded.items()}
    field_errors.value = {}
    enabled.value = tuple(n for n in CATALOGUE if n in loaded)


def current_measures() -> dict[str, dict[str, Any]]:
    """The switched-on levers with all their parameters (what an alternative keeps)."""
    return {name: policy_values(name) for name in enabled.value if name in LEVERS}


def apply_measures(measures: Mapping[str, Mapping[str, Any]]) -> None:
    """Switch on exactly these levers with these values (a picked scenario or alternative).

    Unlike ``apply_scenario`` the municipality, the start month and the external
    developments stay as they are: a picked package is compared on the user's own choices.
    """
    externals = {n: v for n, v in values.value.items() if n in EXTERNALS}
    values.value = {**externals, **{name: dict(v) for name, v in measures.items()}}
    field_errors.value = {
        k: e for k, e in field_errors.value.items() if k.split(".")[0] not in LEVERS
    }
    on = set(measures) | {n for n in enabled.value if n in EXTERNALS}
    enabled.value = tuple(n for n in CATALOGUE if n in on)


# -- the session --------------------------------------------------------------------------------
_LOCAL = uuid.uuid4().hex  # outside a Solara kernel (tests, scripts): one session per process


def session_id() -> str:
    """The browser session's id (Solara's virtual kernel): the scheduler's unit of fairness."""
    try:
        kernel = solara.get_kernel_id(ipython_fallback=False)
    except RuntimeError:
        return _LOCAL
    return "".join(c for c in kernel if c.isalnum() or c in "-_")[:80] or _LOCAL


def upload_folder() -> Path:
    """The session's folder for uploads (private to this process, removed at exit)."""
    return backend.upload_session_folder(session_id())


def run_size() -> tuple[int, int]:
    """(resident-months the current choices ask, the most one run may ask)."""
    try:
        chosen = residents() or base_residents()
    except (ValueError, ConfigError):
        chosen = base_residents()
    levers = [n for n in enabled.value if n in LEVERS]
    arms = 2 + (len(levers) if contributions.value and len(levers) > 1 else 0)
    return backend.run_work(chosen, years.value, replicates.value * arms), backend.MAX_WORK


def work_text(key: str, asked: int, limit: int, language: str) -> str:
    """The cap on one run (``work_cap``) or its refusal (``work_too_large``), NL or EN."""
    return t(
        key,
        language,
        asked=millions(asked, language),
        limit=millions(limit, language),
        burn=DEFAULT_BURN_IN_MONTHS // 12,
    )


def upload_error(exc: ConfigError, language: str) -> str:
    """The message for a refused upload: the size limit in NL or EN, else the parser's text."""
    if isinstance(exc, UploadTooLarge):
        return t("upload_too_large", language, name=exc.filename, kb=exc.limit // 1024)
    return str(exc)


def upload_messages(exc: ConfigError, language: str) -> list[str]:
    """A refused profile or scenario upload in NL or EN: one line per problem in the file."""
    problems = getattr(exc, "problems", ())
    if problems:
        return [file_problem(p, language) for p in problems]
    if isinstance(exc, UploadTooLarge):
        return [upload_error(exc, language)]
    return [t("up_other", language, error=str(exc))]


def close_session(session: str) -> None:
    """The page was closed: stop its run (queued and running jobs) and drop its uploads."""
    backend.cancel_session(session)
    backend.cancel_session(fit_session(session))
    backend.cancel_session(alternatives_session(session))
    running_fit = fit_state.value.run
    if running_fit is not None:
        running_fit.cancel.set()
    private.remove(backend.upload_session_folder(session))
    run_state.value.cancel.set()


def fit_session(session: str) -> str:
    """The scheduler's name for a session's fit: it takes its turn beside the session's runs."""
    return f"{session}-fit"


def alternatives_session(session: str) -> str:
    """The scheduler's name for a session's comparison of alternatives (viz.alternatives)."""
    return f"{session}-alts"


# -- the run ------------------------------------------------------------------------------------
def _publish(**changes: Any) -> None:
    run_state.value = replace(run_state.value, **changes)


@solara.lab.task(prefer_threaded=True)
def run_comparison() -> None:
    """Baseline vs scenario with paired seeds, publishing every finished pair of replicates."""
    previous = run_state.value
    previous.cancel.set()
    scenario = current_scenario()
    seeds = list(range(1, replicates.value + 1))
    n_years = years.value
    session = session_id()
    try:
        specs = plan_runs(
            scenario, seeds, n_years, scenario.preset, residents(), contributions.value
        )
        check_work(residents() or base_residents(), n_years, len(specs))
    except WorkTooLarge as exc:  # the page disables the button first; this is the backstop
        text = work_text("work_too_large", exc.asked, exc.limit, lang.value)
        run_state.value = RunState(error=text, version=previous.version + 1)
        return
    except ConfigError as exc:  # e.g. a measure that starts after the horizon
        run_state.value = RunState(error=str(exc), version=previous.version + 1)
        return
    refusal = run_refusal(lang.value)
    if refusal:  # a refused profile or no measure: the button waits; this is the backstop
        run_state.value = RunState(error=refusal, version=previous.version + 1)
        return
    cancel = threading.Event()
    started = time.perf_counter()
    run_state.value = RunState(
        running=True,
        total=len(specs),
        started=started,
        scenario=scenario,
        years=n_years,
        cancel=cancel,
        version=previous.version + 1,
    )

    def on_progress(done: int, total: int) -> None:
        if not cancel.is_set():
            _publish(done=done, total=total)

    def on_pairs(results: Results) -> None:
        if cancel.is_set():
            raise Cancelled
        state = run_state.value
        first = state.first_seconds or round(time.perf_counter() - started, 1)
        _publish(results=results, first_seconds=first, version=state.version + 1)

    def on_queue(place: int, sharing: int) -> None:
        if not cancel.is_set():
            _publish(place=place, sharing=sharing)

    try:
        results = run_streaming(
            specs, WORKERS, on_pairs, on_progress, cancel, session=session, on_queue=on_queue
        )
    except Cancelled:
        if run_state.value.cancel is cancel:
            _publish(running=False, place=0)
        return
    except Exception as exc:  # shown in the page; the app keeps working
        _publish(running=False, error=f"{type(exc).__name__}: {exc}")
        return
    table = contributions_table(results) if contributions.value else None
    _publish(
        running=False,
        place=0,
        sharing=0,
        contributions=table,
        total_seconds=round(time.perf_counter() - started, 1),
        version=run_state.value.version + 1,
    )


def stop_run() -> None:
    """Stop the running comparison (results so far stay on screen)."""
    run_state.value.cancel.set()
    _publish(running=False)


# -- the own municipality: figures, fit, picker ---------------------------------------------------
def load_figures(filename: str, data: bytes) -> None:
    """Check an uploaded figures file; its problems (all at once) or the built profile."""
    try:
        upload = fit.figures_from_upload(data, filename, upload_folder())
    except ConfigError as exc:
        figures_error.value = exc
        figures_upload.value = None
        return
    figures_error.value = None
    figures_upload.value = upload


def figures_messages(exc: ConfigError, language: str) -> list[str]:
    """A refused figures file in NL or EN: one line per problem in the figures."""
    problems = getattr(exc, "problems", ())
    if problems:
        return [figure_problem(p, language) for p in problems]
    if isinstance(exc, UploadTooLarge):
        return [upload_error(exc, language)]
    return [t("figures_unreadable", language, error=str(exc))]


def choose_municipality(value: str) -> None:
    """Pick a built-in preset or a fitted municipality (its profile is used for runs)."""
    chosen = next((f for f in fitted.value if f.key == value), None)
    # the profile first: a page drawn in between never sees a fitted key without its profile
    profile.value = (
        UploadedProfile(chosen.path.name, str(chosen.path), chosen.profile) if chosen else None
    )
    preset.value = value if chosen else (value or "default")


def is_fitted_choice() -> bool:
    """The runs use one of this session's fitted municipalities."""
    return profile.value is not None and any(f.key == preset.value for f in fitted.value)


def _publish_fit(**changes: Any) -> None:
    fit_state.value = replace(fit_state.value, **changes)


@solara.lab.task(prefer_threaded=True)
def run_fit() -> None:
    """Fit the uploaded figures in the background, publishing each finished trial."""
    upload = figures_upload.value
    if upload is None or fit_state.value.running:
        return
    workers = WORKERS or os.cpu_count() or 1
    run = fit.FitRun(upload, int(fit_trials.value), workers, fit_session(session_id()))
    started = time.perf_counter()
    fit_state.value = FitState(running=True, total=run.trials, run=run)

    def progress(done: int, total: int, loss: float, best: float) -> None:
        _publish_fit(done=done, total=total, best=best, elapsed=time.perf_counter() - started)

    def on_queue(place: int, sharing: int) -> None:
        _publish_fit(place=place, sharing=sharing)

    try:
        path = fit.run_fit(run, progress, on_queue)
    except Cancelled:  # the page was closed: the fit's folder is gone
        _publish_fit(running=False, stopping=False, stopped=True, run=None)
        return
    except Exception as exc:  # shown in the page; the app keeps working
        _publish_fit(running=False, stopping=False, error=f"{type(exc).__name__}: {exc}", run=None)
        return
    seconds = round(time.perf_counter() - started, 1)
    if path is None:
        _publish_fit(running=False, stopping=False, stopped=True, run=None)
        return
    key = f"{FITTED_PREFIX}{len(fitted.value) + 1}"
    fitted.value = (*fitted.value, fit.fitted(path, key, seconds))
    choose_municipality(key)
    _publish_fit(running=False, stopping=False, seconds=seconds, fitted=key, place=0, run=None)


def stop_fit() -> None:
    """The cancel button: the fit ends after the running trial (the best so far is kept)."""
    running = fit_state.value.run
    if running is not None:
        running.stop.set()
        _publish_fit(stopping=True)


def fitted_by_key(key: str) -> fit.Fitted | None:
    """One of this session's fitted municipalities."""
    return next((f for f in fitted.value if f.key == key), None)

"""``carescape calibrate``: fit the assumption parameters to a target set with Optuna.

What is fitted, and in which range, is data (``model/presets/calibration.toml``); so are
the targets (``model/presets/targets/<preset>.toml``). Each trial runs the same seeds
(common random numbers: a parameter change, not a different draw, moves the loss),
evaluates every target on every seed, and scores the seeds' mean per target:

    loss = sum over targets of weight * e^2,
    e = (simulated - value) / (high - value) above the value, / (value - low) below,

i.e. each target's relative error divided by its relative tolerance on that side, so a
target inside its band adds at most its weight. Optuna's TPE sampler (seeded) proposes
the parameters; the study lives in a journal file keyed by the study name, so running
the same command again continues it (a study refuses to continue with other targets,
seeds, years, residents or preset, which would break the comparison between trials).
The first trial of a new study is the preset as it is, so the result is never worse
than the start. The result is a profile TOML (written atomically) with the preset's
values, the fitted ones and a ``[calibration]`` provenance table: the built-in presets
are produced this way.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
import sys
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from experiments.lifetime import worker_pool
from experiments.output import atomic_write_bytes, safe_name
from experiments.provenance import code_version  # re-exported (validate, scripts)
from experiments.targets import (
    LOSS_DOC,
    Evaluation,
    TargetSet,
    evaluate,
    resolve_targets,
    total_loss,
)
from experiments.tensions import Tension, find_tensions, study_trials
from experiments.workers import worker_count
from model.params import REGISTRY, ConfigError, Profile, read_toml, resolve_profile

FIT_FIELDS = ("low", "high", "log", "moves")


@dataclass(frozen=True)
class FitParameter:
    """A registry parameter the calibration searches, with its search range."""

    name: str
    low: float
    high: float
    log: bool = False
    moves: tuple[str, ...] = ()

    @property
    def is_int(self) -> bool:
        """Integer parameters are searched on integers."""
        return isinstance(REGISTRY[self.name].default, int)


@dataclass(frozen=True)
class FitSpec:
    """What the calibration fits (with ranges) and what it leaves, with reasons."""

    fitted: tuple[FitParameter, ...]
    not_fitted: Mapping[str, str]  # name or fnmatch pattern -> reason
    path: str

    def reason(self, name: str) -> str | None:
        """Why an assumption parameter is not fitted (None if it is not listed)."""
        for pattern, reason in self.not_fitted.items():
            if fnmatch.fnmatchcase(name, pattern):
                return reason
        return None

    def around(self, profile: Profile, fraction: float) -> FitSpec:
        """The same parameters searched only within +-``fraction`` of the profile's values.

        A local refinement: with 30-odd parameters a few dozen trials of a search over
        the whole ranges rarely beat a hand-fitted start; near it they can.
        """
        if not 0 < fraction <= 1:
            raise ConfigError(f"--around = {fraction} must be in (0, 1]")
        narrowed = []
        for p in self.fitted:
            value = min(max(float(profile[p.name]), p.low), p.high)
            low, high = max(p.low, value * (1 - fraction)), min(p.high, value * (1 + fraction))
            if p.is_int:
                low, high = math.floor(low), math.ceil(high)
            if high <= low:
                low, high = p.low, p.high
            narrowed.append(FitParameter(p.name, low, high, p.log and low > 0, p.moves))
        return FitSpec(tuple(narrowed), self.not_fitted, self.path)

    def without(self, names: set[str], reason: str) -> FitSpec:
        """The same spec with ``names`` moved from fitted to not fitted (with ``reason``)."""
        kept = tuple(p for p in self.fitted if p.name not in names)
        dropped = {p.name: reason for p in self.fitted if p.name in names}
        return FitSpec(kept, {**self.not_fitted, **dropped}, self.path)

    def unaccounted(self) -> list[str]:
        """Assumption parameters neither fitted nor listed with a reason."""
        fitted = {p.name for p in self.fitted}
        return [
            name
            for name, p in REGISTRY.items()
            if p.is_assumption and name not in fitted and self.reason(name) is None
        ]


def default_fit_path() -> Path:
    """The built-in fit specification."""
    return Path(str(resources.files("model.presets").joinpath("calibration.toml")))


def load_fit_spec(path: str | Path | None = None) -> FitSpec:
    """Parse calibration.toml; errors name the parameter, the field, the value, what is allowed."""
    path = Path(path) if path is not None else default_fit_path()
    raw = read_toml(path, kind="calibration")
    for key in raw:
        if key not in ("fit", "not_fitted"):
            raise ConfigError(f"{path}: top-level key {key!r} is not allowed; use fit, not_fitted")
    fitted = []
    for name, spec in raw.get("fit", {}).items():
        where = f"{path}: fit {name!r}"
        if name not in REGISTRY:
            raise ConfigError(f"{where}: not a registry parameter (see `carescape params`)")
        param = REGISTRY[name]
        if param.choices is not None:
            raise ConfigError(f"{where}: a choice parameter cannot be fitted")
        if not param.is_assumption:
            raise ConfigError(
                f"{where}: its source is a cited figure ({param.source!r}); only parameters "
                "whose source starts with 'assumption' may be fitted"
            )
        for key in spec:
            if key not in FIT_FIELDS:
                raise ConfigError(
                    f"{where}: field {key!r} is not allowed; use {', '.join(FIT_FIELDS)}"
                )
        low, high = spec.get("low"), spec.get("high")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
            raise ConfigError(f"{where}: low = {low!r}, high = {high!r} must both be numbers")
        if not param.low <= low < high <= param.high:
            raise ConfigError(
                f"{where}: the search range [{low}, {high}] must lie inside the registry range "
                f"[{param.low}, {param.high}] with low < high"
            )
        log = bool(spec.get("log", False))
        if log and low <= 0:
            raise ConfigError(f"{where}: log = true needs low > 0 (low = {low})")
        fitted.append(
            FitParameter(name, float(low), float(high), log, tuple(spec.get("moves", ())))
        )
    not_fitted = {str(k): str(v) for k, v in raw.get("not_fitted", {}).items()}
    return FitSpec(tuple(fitted), not_fitted, str(path))


# -- running seeds ----------------------------------------------------------------------


def run_seed(job: tuple[Profile, int, int]) -> dict[str, np.ndarray]:
    """One run's monthly columns (dates as ISO text); a top-level function for workers."""
    from experiments.targets import series_of
    from model.care_model import CareModel
    from model.results import to_table

    profile, seed, years = job
    model = CareModel(profile=profile, years=years, rng=seed)
    model.run()
    return series_of(to_table(model.records))


def simulate(
    profile: Profile,
    seeds: Sequence[int],
    years: int,
    pool: Executor | None = None,
) -> list[dict[str, np.ndarray]]:
    """Run the profile once per seed (in the pool's processes if given), in seed order."""
    jobs = [(profile, int(seed), int(years)) for seed in seeds]
    if pool is None:
        return [run_seed(job) for job in jobs]
    return list(pool.map(run_seed, jobs))


def make_pool(workers: int | None, seeds: int) -> Executor | None:
    """A process pool for the seeds of a trial (None: run in this process).

    ``workers`` as for every command (experiments.workers): 0 runs in this process.
    """
    workers = min(worker_count(workers), seeds)
    return worker_pool(workers, ["experiments.calibrate"]) if workers > 0 else None


# -- the study --------------------------------------------------------------------------


def _study_key(
    base: str,
    base_values: Mapping[str, Any],
    targets: TargetSet,
    seeds: Sequence[int],
    years: int,
    residents: int,
    fit: FitSpec,
) -> dict[str, Any]:
    return {
        "preset": base,
        # A profile file edited between two sessions is another starting point.
        "base_fingerprint": fingerprint(base_values),
        "targets": targets.names(),
        "target_file": Path(targets.path).name,
        "seeds": list(seeds),
        "years": years,
        "residents": residents,
        "fitted": [p.name for p in fit.fitted],
    }


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short hash of parameter values (stable across processes and machines)."""
    import hashlib
    import json

    text = json.dumps({k: values[k] for k in sorted(values)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def resolve_base(
    preset: str | None, profile: str | Path | None, targets: str | Path | None
) -> tuple[Profile, str, TargetSet]:
    """The starting profile, its label and its targets.

    A profile built from a municipality's figures (``carescape profile build``) names its
    targets file in ``[built_from]``; it is read from beside the profile.
    """
    base = resolve_profile(preset, profile)
    if profile is None:
        name = preset or "default"
        return base, name, resolve_targets(name, targets)
    label = Path(profile).stem
    if targets is not None:
        return base, label, resolve_targets(targets=targets)
    own = (base.built_from or {}).get("targets_file")
    if not own:
        raise ConfigError(
            f"profile {str(profile)!r} names no targets file ([built_from] targets_file, "
            "written by `carescape profile build`); give --targets FILE or a built-in set"
        )
    return base, label, resolve_targets(targets=Path(profile).with_name(str(own)))


def open_study(storage: Path, name: str, key: Mapping[str, Any], sampler_seed: int = 1):
    """Create or continue the study in a journal file; refuse one built for other settings."""
    import optuna
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage.parent.mkdir(parents=True, exist_ok=True)
    backend = JournalStorage(JournalFileBackend(str(storage)))
    study = optuna.create_study(
        study_name=name,
        storage=backend,
        direction="minimize",
        sampler=make_sampler(0, sampler_seed),
        load_if_exists=True,
    )
    stored = study.user_attrs.get("key")
    if stored is None:
        study.set_user_attr("key", dict(key))
    elif stored != dict(key):
        diff = [k for k in key if stored.get(k) != key[k]]
        raise ConfigError(
            f"study {name!r} in {storage} was started with other settings ({', '.join(diff)} "
            "differ); continuing it would compare trials on different runs. Use another "
            "--study name or the original settings"
        )
    return study


def make_sampler(trial_number: int, sampler_seed: int = 1):
    """The TPE sampler for one trial (see ``calibrate``: resumed = uninterrupted)."""
    import optuna

    seed = (sampler_seed * 1_000_003 + trial_number) % (2**31)
    return optuna.samplers.TPESampler(seed=seed, multivariate=True)


def _suggest(trial, param: FitParameter):
    if param.is_int:
        return trial.suggest_int(param.name, int(param.low), int(param.high), log=param.log)
    return trial.suggest_float(param.name, param.low, param.high, log=param.log)


def _start_point(profile: Profile, fit: FitSpec) -> dict[str, float]:
    """The preset's own values, clipped into the search ranges (trial 0 of a new study)."""
    return {p.name: min(max(profile[p.name], p.low), p.high) for p in fit.fitted}


@dataclass
class CalibrationResult:
    """The best trial: its values, evaluations, loss, and the study's size."""

    study: str
    storage: str
    params: dict[str, float]
    evaluations: list[Evaluation]
    loss: float
    trials: int
    best_trial: int
    profile_path: Path


# A municipality's first fit searches within 30% of the national values: over 80 trials
# (2 seeds x 8 years, 45,000 residents) that reached loss 11.7 and 22 of 22 own figures,
# the fit file's full ranges 13.8 and 21 of 22 (scripts/bench_fit.py, 2026-12-02).
MUNICIPALITY_AROUND = 0.3


def calibrate(
    preset: str | None = None,
    targets: str | Path | None = None,
    trials: int = 20,
    seeds: Sequence[int] = (1, 2, 3),
    residents: int | None = None,
    years: int = 10,
    out: Path | None = None,
    study_name: str | None = None,
    storage: Path | None = None,
    workers: int | None = None,
    fit_path: str | Path | None = None,
    skip_missing: bool = False,
    progress: Callable[[int, int, float, float], None] | None = None,
    around: float | None = None,
    profile: str | Path | None = None,
    should_stop: Callable[[], bool] | None = None,
    executor: Executor | None = None,
) -> CalibrationResult:
    """Run ``trials`` more trials of the study and write the best profile (see module doc).

    Start from a built-in ``preset`` or a ``profile`` file (e.g. one built from a
    municipality's figures: not yet calibrated, it is searched within
    ``MUNICIPALITY_AROUND`` of its values unless ``around`` says otherwise).
    ``should_stop`` is asked between trials (the app's cancel): the trials done so far
    stay in the journal and the best of them is written.
    ``executor`` runs the seeds of each trial instead of a pool of ``workers`` of its own
    (the app hands in its shared, fairly scheduled workers); it is not shut down here.
    """
    base, label, target_set = resolve_base(preset, profile, targets)
    missing = target_set.missing_columns()
    if missing and not skip_missing:
        lines = [f"{t}: {', '.join(cols)}" for t, cols in missing.items()]
        raise ConfigError(
            f"{len(missing)} target(s) of {target_set.path} need indicators the model does not "
            "record yet:\n  " + "\n  ".join(lines) + "\n(use --skip-missing to fit the rest)"
        )
    if missing:
        target_set = target_set.evaluable()
    fit = load_fit_spec(fit_path)
    if base.built_from:  # a municipality's own figures are not fitted away
        local = set(base.built_from.get("local_parameters", ()))
        fit = fit.without(local, "set from the municipality's own figures")
    if not fit.fitted:
        raise ConfigError(f"nothing to fit: every parameter of {fit.path} is set locally")
    if around is None and base.built_from and not base.calibration:
        around = MUNICIPALITY_AROUND  # a first fit of a municipality: near the national values
    if around is not None:
        fit = fit.around(base, around)
    run_profile = (
        base.with_overrides({"population.residents": residents}) if residents is not None else base
    )
    size = int(run_profile["population.residents"])
    name = study_name or f"{label}-{target_set.name}"
    out = Path(out or f"results/calibrate-{safe_name(name)}")
    storage = Path(storage or out / "study.journal")
    key = _study_key(label, base.values, target_set, seeds, years, size, fit)
    study = open_study(storage, name, key)
    if not study.trials:
        study.enqueue_trial(_start_point(base, fit))

    pool = executor if executor is not None else make_pool(workers, len(seeds))

    def objective(trial) -> float:
        values = {p.name: _suggest(trial, p) for p in fit.fitted}
        profile = run_profile.with_overrides(values, f"trial {trial.number}: ")
        evaluations = evaluate(target_set, simulate(profile, seeds, years, pool))
        loss = total_loss(evaluations)
        # Per-seed values, so the best trial's table needs no re-run (same seeds: CRN).
        trial.set_user_attr("per_seed", {e.target.name: list(e.per_seed) for e in evaluations})
        return loss

    try:
        for i in range(trials):
            if should_stop is not None and should_stop():
                break
            # A fresh sampler seeded by the trial's number: its proposal depends only on
            # the trials before it, so a fit resumed after an interruption makes the same
            # trials as one run straight through (TPE reads the history from the journal).
            study.sampler = make_sampler(len(study.trials))
            study.optimize(objective, n_trials=1)
            if progress:
                progress(i + 1, trials, study.trials[-1].value or math.nan, study.best_value)
    finally:
        if pool is not None and executor is None:
            pool.shutdown()
    best = study.best_trial
    per_seed = best.user_attrs["per_seed"]
    evaluations = [Evaluation(t, tuple(per_seed[t.name])) for t in target_set]
    complete = sum(1 for t in study.trials if t.value is not None)
    result = CalibrationResult(
        name,
        str(storage),
        dict(best.params),
        evaluations,
        total_loss(evaluations),
        complete,
        best.number,
        out / "profile.toml",
    )
    provenance = {
        "study": name,
        "storage": str(storage),
        "start": label,
        "target_file": target_set.path,
        "target_set": target_set.name,
        "skipped_targets": sorted(missing),
        "fit_spec": fit.path,
        "fitted_parameters": [p.name for p in fit.fitted],
        "search": f"within {around:.0%} of the start" if around else "the fit file's ranges",
        "seeds": list(seeds),
        "years": years,
        "residents": size,
        "trials": complete,
        "best_trial": best.number,
        "loss": round(result.loss, 6),
        "loss_definition": LOSS_DOC,
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "code_version": code_version(),
    }
    tensions = find_tensions(evaluations, *study_trials(study))
    built_from = _carried_built_from(base, fit, target_set, result.profile_path)
    write_profile(
        result.profile_path, base, result.params, provenance, evaluations, tensions, built_from
    )
    return result


def _carried_built_from(
    base: Profile, fit: FitSpec, target_set: TargetSet, profile_path: Path
) -> dict[str, Any] | None:
    """A built profile's [built_from], its targets copied beside the fitted profile.

    The fitted parameters are no longer national assumptions; the fitted profile's folder
    holds everything needed to validate or refit it.
    """
    if not base.built_from:
        return None
    carried = dict(base.built_from)
    fitted = {p.name for p in fit.fitted}
    carried["national_assumptions"] = sorted(set(carried.get("national_assumptions", ())) - fitted)
    copy = profile_path.with_name(f"{profile_path.stem}.targets.toml")
    text = Path(target_set.path).read_text(encoding="utf-8")
    atomic_write_bytes(copy, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    carried["targets_file"] = copy.name
    return carried


# -- the calibrated profile -------------------------------------------------------------


def toml_value(value: Any) -> str:
    """One value as TOML text.

    Profiles, targets and figures files are written as text so that a comment can stand
    beside each value.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(round(value, 10)) if math.isfinite(value) else '"nan"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def district_table(districts: Mapping[str, float] | None) -> list[str]:
    """The [profile.districts] lines (district name = residents), or none."""
    if not districts:
        return []
    rows = [f"{toml_value(name)} = {toml_value(size)}" for name, size in districts.items()]
    return ["", "[profile.districts]", *rows]


def parameter_tables(values: Mapping[str, Any], comment: Callable[[str], str]) -> list[str]:
    """Registry parameters as TOML tables by section, each line with ``comment(name)`` if any."""
    sections: dict[str, list[str]] = {}
    for name in sorted(values):
        section, key = name.split(".", 1)
        note = comment(name)
        mark = f"  # {note}" if note else ""
        sections.setdefault(section, []).append(f"{key} = {toml_value(values[name])}{mark}")
    lines: list[str] = []
    for section, entries in sections.items():
        lines += ["", f"[{section}]", *entries]
    return lines


def profile_toml(
    base: Profile,
    fitted: Mapping[str, Any],
    provenance: Mapping[str, Any],
    evaluations: Sequence[Evaluation],
    tensions: Sequence[Tension] = (),
    built_from: Mapping[str, Any] | None = None,
) -> str:
    """The calibrated profile: the preset's own values, the fitted ones, and provenance."""
    values = dict(fitted)
    for name, value in base.values.items():
        if name not in values and value != REGISTRY[name].default:
            values[name] = value  # the preset's own settings
    lines = [
        f"# Calibrated profile written by `carescape calibrate` ({provenance['date']}).",
        "# Values marked 'fitted' come from the study named in [calibration]; the others",
        f"# are the {base.name} preset's own settings. Registry defaults are not repeated.",
        "[profile]",
        f"name = {toml_value(base.name)}",
        f"description = {toml_value(base.description)}",
        *district_table(base.districts),
    ]
    lines += parameter_tables(values, lambda name: "fitted" if name in fitted else "")
    lines += ["", "[calibration]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in provenance.items()]
    for e in evaluations:
        t = e.target
        lines += [
            "",
            f"[calibration.per_target.{t.name}]",
            f"value = {toml_value(t.value)}",
            f"low = {toml_value(t.low)}",
            f"high = {toml_value(t.high)}",
            f"simulated = {toml_value(e.mean)}",
            f"loss = {toml_value(round(e.loss, 6))}",
            f"holds = {toml_value(e.holds)}",
        ]
    for tension in tensions:
        lines += ["", "[[calibration.tensions]]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in tension.as_table().items()]
    if built_from:
        lines += ["", "[built_from]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in built_from.items()]
    return "\n".join(lines) + "\n"


def write_profile(
    path: Path,
    base: Profile,
    fitted: Mapping[str, Any],
    provenance: Mapping[str, Any],
    evaluations: Sequence[Evaluation],
    tensions: Sequence[Tension] = (),
    built_from: Mapping[str, Any] | None = None,
) -> None:
    """Write the calibrated profile atomically (temporary file, then rename)."""
    text = profile_toml(base, fitted, provenance, evaluations, tensions, built_from)
    tomllib.loads(text)  # a malformed profile never reaches the disk
    atomic_write_bytes(Path(path), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def progress_bar(total_hint: int) -> Callable[[int, int, float, float], None]:
    """A one-line progress display on stderr (tqdm if installed)."""
    try:
        from tqdm import tqdm

        bar = tqdm(total=total_hint, desc="trials", unit="trial", file=sys.stderr)

        def show(done: int, total: int, loss: float, best: float) -> None:
            bar.update(1)
            bar.set_postfix(loss=f"{loss:.3g}", best=f"{best:.3g}")
            if done == total:
                bar.close()

        return show
    except ImportError:
        started = time.perf_counter()

        def show(done: int, total: int, loss: float, best: float) -> None:
            rate = (time.perf_counter() - started) / done
            print(
                f"\r  trial {done}/{total}  loss {loss:.3g}  best {best:.3g}  ({rate:.0f} s/trial)",
                end="\n" if done == total else "",
                file=sys.stderr,
                flush=True,
            )

        return show

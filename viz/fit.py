"""The app's own-municipality path: a figures upload -> a built profile -> a fitted one.

The page holds no model logic: this module checks an uploaded figures file (TOML or the
CSV template) with ``experiments.figures`` (every problem at once, before anything
runs), keeps the built profile and its targets in the session's private folder, runs
``experiments.calibrate`` on the app's shared workers (one trial's seeds at a time, in
the fair scheduler's turn), and reads the fit's summary back from the fitted profile.

Fit settings: ``TRIALS`` trials (40) of ``SEEDS`` (1, 2) over ``YEARS`` (8) years, at
most ``MAX_RESIDENTS`` (45,000) residents; a larger municipality is fitted at that size
(the behavioural parameters are rates, the fitted profile keeps its own residents).
Environment variables ``CARESCAPE_UI_FIT_TRIALS``, ``..._YEARS`` and ``..._RESIDENTS``
shrink the fit (the browser test fits a few trials of 3,000 residents over 2 years).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import threading
import uuid
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from experiments import figures
from experiments.calibrate import calibrate
from experiments.output import safe_name
from experiments.targets import load_targets
from experiments.tensions import describe
from model.params import REGISTRY, ConfigError, Profile, load_profile
from viz.backend import MAX_UPLOAD_BYTES, SharedWorkers, UploadTooLarge, run_work, upload_name
from viz.i18n import FIGURE_UNIT_NL

TRIALS = int(os.environ.get("CARESCAPE_UI_FIT_TRIALS", "0")) or 40
YEARS = int(os.environ.get("CARESCAPE_UI_FIT_YEARS", "0")) or 8
MAX_RESIDENTS = int(os.environ.get("CARESCAPE_UI_FIT_RESIDENTS", "0")) or 45_000
SEEDS = (1, 2)
MAX_TRIALS = 100
SUFFIXES = (".toml", ".csv")
# What a trial costs, measured on this machine (2 cores) for the estimate shown before a
# fit starts: 2 seeds x 45,000 residents x (7-year burn-in + 8 years) took 4.0-4.4 s a
# trial (2 x 8.1 million resident-months in parallel), 2 seeds x 3,000 residents x 2
# years about 1 s (the study's bookkeeping, the model's set-up and the workers' turns).
RATE_PER_CORE = 2.5e6  # resident-months a core simulates per second
TRIAL_OVERHEAD_S = 0.8


@dataclass(frozen=True)
class FiguresUpload:
    """A checked figures file and the profile built from it, in the session's folder."""

    name: str  # the municipality's name, as in the figures
    filename: str  # the uploaded file's name
    folder: Path  # private: the figures copy, the built profile, later the fit
    profile_path: Path
    residents: int

    @property
    def fit_residents(self) -> int:
        """The size the fit runs at (the municipality's own, at most ``MAX_RESIDENTS``)."""
        return min(self.residents, MAX_RESIDENTS)


def figures_from_upload(data: bytes, filename: str, session_folder: Path) -> FiguresUpload:
    """Check an uploaded figures file and build its profile; nothing is kept on a problem.

    Raises ``figures.FiguresError`` (all problems at once) for bad figures, and
    ConfigError for a file that cannot be read (size, suffix, syntax).
    """
    name = upload_name(filename)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise ConfigError(f"{name}: a figures file is .toml or .csv (the templates)")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(name)
    folder = session_folder / f"figures-{uuid.uuid4().hex[:12]}"
    folder.mkdir(mode=0o700, parents=True)
    try:
        source = folder / name
        source.write_bytes(data)
        out = folder / "built.toml"
        built = figures.build(source, out)
        figures.write(built, out)
    except figures.FiguresError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    except ConfigError as exc:  # unreadable: the message names the file, not where it is kept
        shutil.rmtree(folder, ignore_errors=True)
        raise ConfigError(str(exc).replace(f"{folder}/", "")) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    residents = int(built.profile["population.residents"])
    return FiguresUpload(built.profile.name, name, folder, out, residents)


DUTCH_TEMPLATE = "sjabloon-cijfers.csv"


def template_files() -> dict[str, bytes]:
    """The empty templates and the default municipality's own figures, for download.

    ``DUTCH_TEMPLATE`` is the CSV template a Dutch page offers, made from the same
    declaration as the English one (``figures.FIGURES``) with the Dutch units of
    ``FIGURE_UNIT_NL``; its byte order mark makes Excel read it as UTF-8 (ö, €).
    """
    folder = figures.figures_folder()
    files = {
        name: (folder / name).read_bytes()
        for name in ("template.toml", "template.csv", "default.toml", "default.csv")
    }
    files[DUTCH_TEMPLATE] = figures.figures_csv(units_nl=FIGURE_UNIT_NL).encode("utf-8-sig")
    return files


def estimate_seconds(residents: int, years: int, trials: int, workers: int) -> float:
    """What a fit will take: trials x the seeds' runs, the seeds in parallel on the workers."""
    per_run = run_work(residents, years, 1) / RATE_PER_CORE
    rounds = math.ceil(len(SEEDS) / max(1, min(workers, len(SEEDS))))
    return trials * (per_run * rounds + TRIAL_OVERHEAD_S)


# -- the fit ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FitSummary:
    """What the page says about a finished fit (read back from the fitted profile)."""

    name: str
    within: int  # own figures whose simulated value lies in the band
    local: int  # own figures that are targets
    loss: float
    trials: int
    residents: int
    years: int
    seeds: int
    tensions: tuple[Mapping[str, Any], ...]
    labels: Mapping[str, tuple[str, str]]  # target -> (Dutch, English) label

    def tension_sentences(self, lang: str) -> list[str]:
        """Which own figures pull against which, in the page's language."""
        labels = {name: pair[0 if lang == "nl" else 1] for name, pair in self.labels.items()}
        return [describe(t, labels, lang, _parameter_label(lang)) for t in self.tensions]


def _parameter_label(lang: str) -> Callable[[str], str]:
    """A fitted parameter as the page names it: what it means, never its registry key."""

    def label(name: str) -> str:
        spec = REGISTRY.get(name)
        if spec is None:
            return "één modelaanname" if lang == "nl" else "a model assumption"
        if lang == "nl":
            return f"de aanname '{spec.label_nl}'"
        return f"the assumption '{spec.unit}'"

    return label


def summary_of(profile: Profile, targets_path: Path) -> FitSummary:
    """The fit summary of a fitted profile and its targets file."""
    cal = profile.calibration or {}
    local = set((profile.built_from or {}).get("local_targets", ()))
    per_target = cal.get("per_target", {})
    mine = [per_target[n] for n in local if n in per_target]
    targets = load_targets(targets_path)
    return FitSummary(
        name=profile.name,
        within=sum(1 for row in mine if row.get("holds")),
        local=len(mine),
        loss=float(cal.get("loss", math.nan)),
        trials=int(cal.get("trials", 0)),
        residents=int(cal.get("residents", 0)),
        years=int(cal.get("years", 0)),
        seeds=len(cal.get("seeds", ())),
        tensions=tuple(t for t in cal.get("tensions", ()) if isinstance(t, Mapping)),
        labels={t.name: (t.label_nl, t.label) for t in targets},
    )


@dataclass(frozen=True)
class Fitted:
    """A fitted municipality of this session: its profile file and its summary."""

    key: str  # the picker's value
    path: Path  # the fitted profile (its targets file beside it)
    profile: Profile
    summary: FitSummary
    seconds: float

    def zip_bytes(self) -> bytes:
        """The fitted profile and its targets file in a folder named after the municipality."""
        folder = safe_name(self.profile.name, "municipality")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in (self.path, self.path.with_name(f"{self.path.stem}.targets.toml")):
                archive.writestr(f"{folder}/{path.name}", path.read_bytes())
        return buffer.getvalue()


@dataclass
class FitRun:
    """One fit in progress: what it was asked, and its flags (stop: after this trial)."""

    upload: FiguresUpload
    trials: int
    workers: int
    session: str
    stop: threading.Event = field(default_factory=threading.Event)  # the cancel button
    cancel: threading.Event = field(default_factory=threading.Event)  # the page closed


def run_fit(
    run: FitRun,
    progress: Callable[[int, int, float, float], None],
    on_queue: Callable[[int, int], None] | None = None,
) -> Path | None:
    """Fit the uploaded municipality; the fitted profile's path (None: stopped before a trial).

    The cancel button (``run.stop``) ends the fit after the running trial, and the best
    trial so far is written; a closed page (``run.cancel``) stops the running jobs at
    once and the fit's folder is removed, so nothing half-written stays behind.
    """
    out = run.upload.folder / "fit"
    executor = (
        SharedWorkers(run.workers, run.session, run.cancel, on_queue) if run.workers > 1 else None
    )
    try:
        result = calibrate(
            profile=run.upload.profile_path,
            trials=run.trials,
            seeds=SEEDS,
            residents=run.upload.fit_residents,
            years=YEARS,
            out=out,
            workers=0,
            progress=progress,
            should_stop=lambda: run.stop.is_set() or run.cancel.is_set(),
            executor=executor,
        )
    except ValueError as exc:  # optuna: no trial finished (stopped during the first)
        shutil.rmtree(out, ignore_errors=True)
        if run.stop.is_set() or run.cancel.is_set():
            return None
        raise ConfigError(str(exc)) from exc
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    if run.cancel.is_set():
        shutil.rmtree(out, ignore_errors=True)
        return None
    return result.profile_path


def fitted(path: Path, key: str, seconds: float) -> Fitted:
    """The fitted municipality read back from its profile file."""
    profile = load_profile(path)
    targets = path.with_name(f"{path.stem}.targets.toml")
    return Fitted(key, path, profile, summary_of(profile, targets), seconds)

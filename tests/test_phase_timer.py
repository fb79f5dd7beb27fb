"""The per-phase timer (``CareModel(time_phases=True)``) measures and changes nothing else."""

from __future__ import annotations

from model import phases
from model.care_model import CareModel


def _run(time_phases: bool) -> CareModel:
    model = CareModel(residents=2_000, years=1, rng=3, burn_in_months=6, time_phases=time_phases)
    model.run()
    return model


def test_timed_run_gives_the_same_rows_and_times_every_phase() -> None:
    plain, timed = _run(False), _run(True)
    assert plain.phase_seconds is None
    assert timed.records == plain.records
    expected = {"calendar", "recording", *(name for name, _ in phases.MONTH)}
    assert set(timed.phase_seconds) == expected
    assert all(seconds > 0 for seconds in timed.phase_seconds.values())

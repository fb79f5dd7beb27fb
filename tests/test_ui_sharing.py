"""The what-if app shared by several sessions: fair turns, a cap per run, cancel, private uploads.

Issue 10: one session's 2,000,000 residents x 15 years x 20 replicates held every worker
(a light run of another session took 30.9 s instead of 1.1 s), uploads had no size limit
and stayed in a fixed, world-readable folder. These tests check the scheduler's turns
with controlled fake jobs (fast), then with real model runs in the app's own worker pool
(slow): a light run beside a heavy one takes about its fair share, the heavy one's
results are identical to a solo run, and a closed session frees the workers at once.
"""

from __future__ import annotations

import os
import stat
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import ipyvuetify as v
import numpy as np
import pytest
import solara

from experiments.compare import plan_runs
from tests.test_ui import app, texts, wait_until, with_class  # noqa: F401 - the app fixture
from viz import backend
from viz.backend import (
    MAX_UPLOAD_BYTES,
    UploadTooLarge,
    WorkTooLarge,
    build_scenario,
    check_work,
    profile_from_upload,
    run_streaming,
    scenario_from_toml,
)
from viz.i18n import millions
from viz.scheduler import FairScheduler, JobStopped, run_job


# -- the scheduler's turns, with fake jobs ------------------------------------------------------
class Gate:
    """A fake job that records when it starts and runs until the test releases it."""

    def __init__(self, name: str, started: list[str]) -> None:
        self.name = name
        self.started = started
        self.release = threading.Event()

    def __call__(self) -> str:
        self.started.append(self.name)
        if not self.release.wait(10):
            raise TimeoutError(f"{self.name} was never released")
        return self.name


def call(job):
    return job()


def wait_for(check, what: str, timeout: float = 10.0):
    started = time.time()
    while time.time() - started < timeout:
        if check():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_newcomer_gets_the_next_free_worker_and_then_turns_alternate(tmp_path):
    started: list[str] = []
    jobs = {f"A{i}": Gate(f"A{i}", started) for i in range(6)}
    jobs |= {f"B{i}": Gate(f"B{i}", started) for i in range(2)}
    with ThreadPoolExecutor(2) as pool:
        fair = FairScheduler(2, lambda: pool, tmp_path)
        heavy = fair.submit("A", call, [jobs[f"A{i}"] for i in range(6)])
        wait_for(lambda: sorted(started) == ["A0", "A1"], "A's first two jobs on both workers")
        light = fair.submit("B", call, [jobs["B0"], jobs["B1"]])
        assert light.status() == (1, 1), "B is next in the queue, sharing with one other run"
        assert heavy.status() == (0, 1), "A is running"
        jobs["A0"].release.set()
        wait_for(lambda: len(started) == 3, "the freed worker")
        assert started[2] == "B0", f"the freed worker goes to the newcomer B: {started}"
        assert light.status()[0] == 0, "B runs: no longer queued"
        jobs["A1"].release.set()
        wait_for(lambda: len(started) == 4, "the next freed worker")
        assert started[3] == "A2", f"then A's turn (B was served last): {started}"
        jobs["B0"].release.set()
        wait_for(lambda: len(started) == 5, "B's worker freed")
        assert started[4] == "B1", f"turns alternate: {started}"
        for gate in jobs.values():
            gate.release.set()
        got = sorted(light.results.get(timeout=5)[1] for _ in range(2))
        assert got == ["B0", "B1"], "B's results arrive in its own batch"
        got_a = sorted(heavy.results.get(timeout=5)[1] for _ in range(6))
        assert got_a == [f"A{i}" for i in range(6)], "A still completes"
        wait_for(lambda: fair.busy() == 0, "all workers free")


def test_a_new_run_or_a_closed_session_drops_the_waiting_jobs(tmp_path):
    started: list[str] = []
    gates = [Gate(f"A{i}", started) for i in range(5)]
    with ThreadPoolExecutor(1) as pool:
        fair = FairScheduler(1, lambda: pool, tmp_path)
        first = fair.submit("A", call, gates)
        wait_for(lambda: started == ["A0"], "the first job")
        again = Gate("A-new", started)
        second = fair.submit("A", call, [again])
        assert first.cancelled and not first.waiting, "a new run cancels the session's previous"
        assert (tmp_path / first.flag.name).exists(), "the running job is asked to stop"
        gates[0].release.set()
        wait_for(lambda: started == ["A0", "A-new"], "the new run's job, not A1..A4")
        other = fair.submit("C", call, [Gate("C0", started)])
        fair.cancel_session("A")
        assert second.cancelled, "closing the session cancels its run"
        fair.cancel_all()  # the server stops
        assert other.cancelled and not other.waiting, "every session's run is cancelled"
        again.release.set()
        wait_for(lambda: fair.busy() == 0, "the worker free")
        wait_for(lambda: not any(tmp_path.iterdir()), "cancel flags removed once jobs end")
        assert first.results.empty(), "a cancelled run gets no results"


def slow_loop(seconds: float) -> str:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        time.sleep(0.01)
    return "finished"


def test_a_running_job_stops_when_its_flag_appears(tmp_path):
    flag = tmp_path / "stop"
    threading.Timer(0.3, flag.touch).start()
    started = time.perf_counter()
    with pytest.raises(JobStopped):
        run_job(slow_loop, 10.0, str(flag))  # in this (main) thread, as in a worker process
    took = time.perf_counter() - started
    assert took < 2.0, f"the job stopped {took:.1f} s after start (flag after 0.3 s), not 10 s"
    assert run_job(slow_loop, 0.05, str(tmp_path / "other")) == "finished", "no flag: runs"


# -- the cap on one run -------------------------------------------------------------------------
def test_the_cap_on_one_run_allows_the_defaults_and_refuses_the_issue_example():
    assert check_work(45_000, 10, 5 * 2) <= backend.MAX_WORK, "the default run fits"
    assert check_work(160_000, 10, 5 * 2) <= backend.MAX_WORK, "the city for 10 years fits"
    with pytest.raises(WorkTooLarge) as refused:
        check_work(2_000_000, 15, 20 * 2)
    assert refused.value.asked == 2_000_000 * (84 + 180) * 40, "residents x months x runs"
    assert "resident-months" in str(refused.value), str(refused.value)
    assert millions(500_000_000, "nl") == "500 mln" and millions(500_000_000, "en") == "500 m"
    assert millions(2_450_000, "nl") == "2,5 mln", "Dutch decimal comma below ten million"


def test_the_page_states_the_cap_and_refuses_a_run_over_it(app):  # noqa: F811
    box, rc, state = app
    note = texts(with_class(box, "cs-work-cap")[0])[0]
    assert "Maximaal 500 mln inwonermaanden per doorrekening" in note, note
    state.residents_text.value = "2000000"
    state.years.value = 15
    state.replicates.value = 20
    error = wait_until(lambda: with_class(box, "cs-work-error"), 10, "the refusal")
    message = " ".join(texts(error[0]))
    assert "Te veel rekenwerk" in message and "21.120 mln" in message, message
    assert rc.find(v.Btn, class_="cs-run").widget.disabled, "the run button is off"
    state.lang.value = "en"
    error = wait_until(lambda: with_class(box, "cs-work-error"), 10, "the English refusal")
    assert "21,120 m resident-months" in " ".join(texts(error[0]))
    state.run_comparison()  # the backstop, should the button be clicked anyway
    wait_until(lambda: state.run_state.value.error, 10, "the run's error")
    assert "Too much work" in state.run_state.value.error, state.run_state.value.error
    state.lang.value = "nl"
    state.residents_text.value = ""
    state.years.value = 10
    state.replicates.value = 5


def test_closing_the_page_cancels_the_sessions_runs(monkeypatch):
    from viz import state
    from viz.app import page

    monkeypatch.setattr(state, "WORKERS", 1)  # no worker pool for this page
    closed: list[str] = []
    monkeypatch.setattr(backend, "cancel_session", closed.append)
    state.run_state.value = state.RunState()
    box, rc = solara.render(page, handle_error=False)
    cancel = state.run_state.value.cancel
    rc.close()
    session = state.session_id()
    told = [session, state.fit_session(session), state.alternatives_session(session)]
    assert closed == told, f"the scheduler is told: {closed}"
    assert cancel.is_set(), "the session's run is stopped"


# -- uploads ------------------------------------------------------------------------------------
def test_an_upload_over_the_limit_is_refused_and_nothing_is_kept(tmp_path):
    big = b"# padding\n" * (MAX_UPLOAD_BYTES // 10) + b"[population]\nresidents = 5000\n"
    with pytest.raises(UploadTooLarge, match="larger than 256 kB"):
        profile_from_upload(big, "big.toml", tmp_path)
    assert not any(tmp_path.iterdir()), "nothing is written"
    with pytest.raises(UploadTooLarge):
        scenario_from_toml(big, "big.toml")
    from viz.state import upload_error

    refused = UploadTooLarge("big.toml")
    assert upload_error(refused, "nl").startswith("big.toml is groter dan 256 kB")
    assert upload_error(refused, "en").startswith("big.toml is larger than 256 kB")
    profile, path = profile_from_upload(b"[population]\nresidents = 5000\n", "t.toml", tmp_path)
    assert path.read_bytes().startswith(b"[population]"), "a file under the limit is kept"


def test_the_upload_folder_is_private_per_process_and_removed_at_exit(python, subprocess_env):
    script = (
        "from viz import backend, private\n"
        "folder = backend.upload_session_folder('s1')\n"
        "(folder / 'p.toml').write_text('x')\n"
        "print(private.private_folder(), oct(private.private_folder().stat().st_mode & 0o777),"
        " oct(folder.stat().st_mode & 0o777))\n"
    )
    roots = []
    for _ in range(2):
        out = subprocess.run(
            [python, "-c", script], env=subprocess_env, capture_output=True, text=True, check=True
        ).stdout.split()
        root, root_mode, folder_mode = Path(out[0]), out[1], out[2]
        assert (root_mode, folder_mode) == ("0o700", "0o700"), f"private: {out}"
        assert root.name.startswith("carescape-ui-") and root.name != "carescape-ui", root
        assert not root.exists(), f"{root} is removed when the process exits"
        roots.append(root)
    assert roots[0] != roots[1], "a fresh folder per process, never a fixed path"
    with pytest.raises(ValueError, match="not allowed"):
        backend.upload_session_folder("../elsewhere")


def test_a_forked_child_does_not_remove_the_parents_folder(monkeypatch):
    from viz import private

    root = private.private_folder()
    parent = os.getpid()
    monkeypatch.setattr(os, "getpid", lambda: parent + 1)  # as seen in a forked child
    private.cleanup()  # what the child's atexit would run
    assert root.is_dir() and stat.S_IMODE(root.stat().st_mode) == 0o700, "still there, private"


# -- real runs in the app's worker pool ---------------------------------------------------------
def specs(residents: int, years: int, replicates: int, first_seed: int = 1):
    scenario = build_scenario("t", "default", None, "2025-01", {"poh_ggz": {}})
    seeds = list(range(first_seed, first_seed + replicates))
    return plan_runs(scenario, seeds, years, None, residents, False)


def timed(job_specs, session: str):
    started = time.perf_counter()
    results = run_streaming(job_specs, 2, session=session)
    return results, time.perf_counter() - started


def same_results(a, b) -> bool:
    return a.keys() == b.keys() and all(
        a[arm].keys() == b[arm].keys()
        and all(np.array_equal(a[arm][s][c], b[arm][s][c]) for s in a[arm] for c in a[arm][s])
        for arm in a
    )


@pytest.mark.slow
def test_a_light_run_beside_a_heavy_one_gets_its_fair_share():
    """Two workers, two sessions: while the light run is going, the runs take turns.

    Counted in jobs, not seconds, so a busy machine cannot fail it (the CI of stop 20 failed
    a 3x time ratio at 3.1x on a loaded runner): with fair turns the heavy run finishes about
    one job per light job while the light run is going (one worker each, jobs of one size);
    first come, first served would finish all of the heavy run's remaining jobs first. The
    times are printed for the reader.
    """
    light = specs(3000, 1, 4, first_seed=101)  # 8 jobs
    heavy = specs(3000, 1, 16)  # 32 jobs of the same size
    run_streaming(specs(3000, 1, 1, first_seed=900), 2, session="warm")  # start the workers
    _, light_solo = timed(light, "B")
    heavy_solo_results, heavy_solo = timed(heavy, "A")
    fair = backend.scheduler(2)
    shared: dict = {}
    heavy_done = [0]

    def run_heavy() -> None:
        started = time.perf_counter()
        shared["results"] = run_streaming(
            heavy, 2, session="A", on_progress=lambda done, _: heavy_done.__setitem__(0, done)
        )
        shared["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=run_heavy)
    thread.start()
    wait_for(lambda: fair.busy() == 2, "the heavy run on both workers")
    time.sleep(0.5)
    heavy_before = heavy_done[0]
    light_results, light_shared = timed(light, "B")
    heavy_during = heavy_done[0] - heavy_before
    thread.join(timeout=600)
    report = (
        f"light run (8 jobs) solo {light_solo:.1f} s, beside the heavy one {light_shared:.1f} s "
        f"({light_shared / light_solo:.1f}x); heavy run (32 jobs) solo {heavy_solo:.1f} s, "
        f"shared {shared['seconds']:.1f} s; heavy jobs finished while the light run went: "
        f"{heavy_during} (before it: {heavy_before})"
    )
    print(report)
    assert heavy_before + heavy_during < len(heavy), f"the light run waited for it all: {report}"
    # the two heavy jobs running when the light run came, then one per light job, plus jitter
    assert heavy_during <= len(light) + 4, f"more than its fair share: {report}"
    assert same_results(shared["results"], heavy_solo_results), "the heavy run is unchanged"
    assert len(light_results["baseline"]) == 4, "the light run is complete"


@pytest.mark.slow
def test_closing_a_session_frees_the_workers_at_once():
    light = specs(3000, 1, 2, first_seed=201)
    run_streaming(specs(3000, 1, 1, first_seed=900), 2, session="warm")
    _, light_solo = timed(light, "B")
    heavy = specs(60_000, 5, 4)  # 8 jobs of ~20x the light run's work each
    fair = backend.scheduler(2)
    outcome: dict = {}

    def run_heavy() -> None:
        try:
            run_streaming(heavy, 2, session="A")
            outcome["result"] = "finished"
        except backend.Cancelled:
            outcome["result"] = "cancelled"

    thread = threading.Thread(target=run_heavy)
    thread.start()
    wait_for(lambda: fair.busy() == 2, "the heavy run on both workers")
    time.sleep(1.0)
    closed = time.perf_counter()
    backend.cancel_session("A")  # what closing the page does
    wait_for(lambda: fair.busy() == 0, "the workers freed", timeout=60)
    freed = time.perf_counter() - closed
    _, light_after = timed(light, "B")
    thread.join(timeout=60)
    report = (
        f"workers free {freed:.2f} s after the close; light run solo {light_solo:.1f} s, "
        f"after the close {light_after:.1f} s"
    )
    print(report)
    assert outcome == {"result": "cancelled"}, f"the closed session's run stops: {outcome}"
    # a second of slack: the light run is under a second, where a loaded machine's noise is large
    assert light_after <= 3.0 * light_solo + 1.0, f"the workers were not freed: {report}"
    flags = list(backend.private.subfolder("cancel").iterdir())
    assert not flags, f"cancel flags are removed: {flags}"


def test_a_vanished_browser_is_closed_after_minutes_not_a_day(monkeypatch):
    from viz.cli import server_env

    monkeypatch.delenv("SOLARA_KERNEL_CULL_TIMEOUT", raising=False)
    assert server_env()["SOLARA_KERNEL_CULL_TIMEOUT"] == "15m", "Solara's default is 24h"
    monkeypatch.setenv("SOLARA_KERNEL_CULL_TIMEOUT", "1h")
    assert server_env()["SOLARA_KERNEL_CULL_TIMEOUT"] == "1h", "an administrator may override"

"""No process of ours outlives the process that started it (issue 10, point 2).

Every process a test starts carries ``CARESCAPE_TEST_TAG=<uuid>`` in its environment,
inherited by everything it starts (forkserver, resource tracker, workers, the app's
server); after a fault the test looks for live processes with that tag. The fast tests
use the pool and the launcher directly; the slow ones kill real ``carescape run``,
``compare``, ``sweep`` and ``ui`` commands (parent or one worker) at a seeded random
moment and rerun them.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import textwrap
import time
import uuid
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest

from tests.helpers import carescape_command

TAG = "CARESCAPE_TEST_TAG"
GONE_WITHIN = 10.0  # seconds everything may take to stop after a kill (loaded CI machines)
pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with POSIX signals")


def tagged(tag: str) -> list[psutil.Process]:
    """Live (not zombie) processes whose environment carries ``tag``."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and proc.environ().get(TAG) == tag:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def describe(procs: list[psutil.Process]) -> str:
    lines = []
    for proc in procs:
        try:
            lines.append(f"{proc.pid} (parent {proc.ppid()}): {' '.join(proc.cmdline())[:120]}")
        except psutil.Error:
            continue
    return "\n".join(lines)


def wait_until_none(tag: str, what: str) -> None:
    """Fail unless no tagged process is alive within GONE_WITHIN seconds."""
    deadline = time.monotonic() + GONE_WITHIN
    while (alive := tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive, f"{what}: processes still alive {GONE_WITHIN:.0f} s later:\n{describe(alive)}"


def wait_for(condition, seconds: float, what: str, child: subprocess.Popen | None = None):
    """Poll ``condition`` until it returns something true; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert child is None or child.poll() is None, f"{what}: the process ended first"
        assert time.monotonic() < deadline, f"{what}: not within {seconds:.0f} s"
        time.sleep(0.05)
    return value


@pytest.fixture
def tag_env(subprocess_env):
    """The subprocess environment with a fresh tag; after the test, no tagged process lives."""
    tag = uuid.uuid4().hex
    yield tag, {**subprocess_env, TAG: tag}
    for proc in tagged(tag):  # a failed test must not leave its processes running
        proc.kill()


def start(command: list[str], env: dict[str, str], **how) -> subprocess.Popen:
    """Start ``command`` in its own session (a kill of the test run does not reach it)."""
    return subprocess.Popen(command, env=env, start_new_session=True, **how)


def reaches_eof(stream, seconds: float) -> bool:
    """Whether ``stream`` (a pipe) is closed by every writer within ``seconds``."""
    deadline = time.monotonic() + seconds
    os.set_blocking(stream.fileno(), False)
    while time.monotonic() < deadline:
        try:
            if os.read(stream.fileno(), 65536) == b"":
                return True
        except BlockingIOError:
            time.sleep(0.05)
    return False


# -- the pool -----------------------------------------------------------------------------------
POOL_PARENT = textwrap.dedent(
    """
    import os, sys, threading, time
    from experiments.lifetime import worker_pool

    def main():
        pool = worker_pool(2)
        # submitted from a thread that ends at once, as the app's session threads do
        futures = []
        submitter = threading.Thread(
            target=lambda: futures.extend(pool.submit(time.sleep, 0.5) for _ in range(2))
        )
        submitter.start()
        submitter.join()
        for future in futures:
            future.result()
        pids = [p.pid for p in pool._processes.values()]
        print(" ".join(map(str, pids)), flush=True)
        pool.submit(time.sleep, 600)
        time.sleep(600)

    if __name__ == "__main__":
        main()
    """
)


def test_pool_workers_forkserver_and_tracker_end_when_the_parent_is_killed(
    tag_env, python, tmp_path
):
    tag, env = tag_env
    script = tmp_path / "parent.py"
    script.write_text(POOL_PARENT)
    parent = start([python, str(script)], env, stdout=subprocess.PIPE)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2, f"two workers expected, got {workers}"
    ours = {p.pid for p in tagged(tag)}
    assert set(workers) < ours and len(ours) >= 4, (
        f"parent, forkserver, tracker and 2 workers expected:\n{describe(tagged(tag))}"
    )
    assert all(psutil.pid_exists(pid) for pid in workers), "the workers outlived the first tasks"
    parent.kill()
    parent.wait(timeout=10)
    assert reaches_eof(parent.stdout, GONE_WITHIN), (
        f"the parent's stdout is still held (`| tee` would hang):\n{describe(tagged(tag))}"
    )
    wait_until_none(tag, "pool parent killed with -9")


# -- a guarded child (the app's server) ---------------------------------------------------------
def guarded_server(python: str) -> list[str]:
    """A child that serves until stopped: ``python -m http.server``, guarded by lifetime."""
    return [python, "-m", "experiments.lifetime", "http.server", "0", "--bind", "127.0.0.1"]


LAUNCHER = textwrap.dedent(
    """
    import sys
    from experiments.lifetime import run_child

    sys.exit(run_child(sys.argv[1:], dict(__import__("os").environ)))
    """
)


def children_of(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children()
    except psutil.NoSuchProcess:
        return []


def test_a_guarded_child_ends_when_its_launchers_pipe_closes(tag_env, python):
    tag, env = tag_env
    env = {**env, "CARESCAPE_PARENT_PID": str(os.getpid())}  # the launcher: this test
    child = start(guarded_server(python), env, stdin=subprocess.PIPE)
    time.sleep(1.0)
    assert child.poll() is None, "the guarded child should run while its launcher lives"
    child.stdin.close()  # what the launcher's death does on every platform
    assert child.wait(timeout=GONE_WITHIN) == 70, "the child should stop as orphaned (70)"
    wait_until_none(tag, "launcher pipe closed")


@pytest.mark.parametrize("how", ["launcher killed", "launcher stopped", "child killed"])
def test_launcher_and_guarded_child_end_together(tag_env, python, how):
    tag, env = tag_env
    launcher = start([python, "-c", LAUNCHER, *guarded_server(python)], env)
    child = wait_for(lambda: children_of(launcher.pid), 30, "the child started", launcher)[0]
    assert child.pid != launcher.pid and os.getsid(child.pid) == child.pid, (
        "the child runs in its own session (Ctrl+C reaches it through the launcher only)"
    )
    if how == "launcher killed":
        launcher.kill()
    elif how == "launcher stopped":
        launcher.terminate()
        assert launcher.wait(timeout=GONE_WITHIN) == 0, "a forwarded stop is a normal end"
    else:
        child.kill()
        assert launcher.wait(timeout=GONE_WITHIN) == 128 + signal.SIGKILL, "the child's status"
    launcher.wait(timeout=GONE_WITHIN)
    wait_until_none(tag, how)


# -- real commands, killed at a random moment (slow) -------------------------------------------
RNG = random.Random(20240610)  # the kill moments: seeded, so a failure can be replayed
SWEEP = """
[sweep]
name = "fault"
years = 5
replicates = 3
outputs = ["clients_wmo", "spend_total_eur"]
[sweep.constants]
"population.residents" = 40000  # 12 runs: about 10 s on an idle machine
[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 1.0]
[[sweep.vary]]
path = "adult_needs.help_seeking"
values = [0.12, 0.24]
"""
# Long enough to be killed while the workers compute (kill 0.5-4 s after both start): runs
# sharing a burn-in made 3,000 residents x 1 year end before the kill (CI, 2026-12-06).
SMALL = ["--residents", "40000", "--years", "10"]  # about 8 s on an idle machine


def command_line(which: str, python: str, out: Path) -> list[str]:
    """The command to fault: tiny, two workers where it has workers."""
    if which == "run":
        # long enough to be killed while it computes: the kill comes 1-5 s after the start,
        # and 60,000 residents x 5 years once finished in under that on an idle machine
        # (~200 ns per resident-month); this takes about 10 s there
        args = ["run", "--residents", "200000", "--years", "10", "--out", str(out)]
    elif which == "compare":
        args = ["compare", "--scenario", "poh-ggz", *SMALL, "--replicates", "3"]
        args += ["--no-contributions", "--workers", "2", "--out", str(out)]
    else:
        spec = out.parent / "spec.toml"
        spec.write_text(SWEEP, encoding="utf-8")
        args = ["sweep", str(spec), "--out", str(out), "--workers", "2"]
    return [*carescape_command(python), *args]


def workers_of(parent: int, tag: str) -> list[psutil.Process]:
    """The tagged worker processes below ``parent`` (not the forkserver or the tracker)."""
    found = []
    for proc in tagged(tag):
        try:
            line = " ".join(proc.cmdline())
            if proc.pid != parent and proc.ppid() != parent and "forkserver" in line:
                found.append(proc)
        except psutil.Error:
            continue
    return found


def check_whole(which: str, out: Path) -> None:
    """After the kill the folder holds nothing or one complete set (its manifest matches)."""
    if which == "sweep" or not out.exists():
        return  # a sweep's parts are single atomic files; its rerun checks the runs
    files = sorted(p.name for p in out.iterdir())
    if not files:
        return
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == [f for f in files if f != "manifest.json"], (
        f"{which}: the folder holds {files}, its manifest lists {sorted(manifest['files'])}"
    )
    for name, entry in manifest["files"].items():
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{which}: {name} differs"


def check_rerun(which: str, command: list[str], env: dict[str, str], out: Path) -> None:
    """The same command run again completes (a sweep: exactly its 12 runs, all done)."""
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, f"the rerun of {which} failed:\n{rerun.stderr[-2000:]}"
    if which == "sweep":
        manifest = pq.read_table(out / "manifest.parquet").to_pandas()
        assert list(manifest["run"]) == list(range(12)), "runs 0..11, each once"
        assert set(manifest["status"]) == {"done"}, f"all done: {manifest['status'].tolist()}"
    else:
        assert any(out.iterdir()), f"the rerun of {which} wrote nothing in {out}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "which, victim",
    [
        ("run", "parent"),
        ("compare", "parent"),
        ("compare", "worker"),
        ("sweep", "parent"),
        ("sweep", "worker"),
    ],
)
def test_a_killed_command_leaves_no_process_and_reruns(tag_env, python, tmp_path, which, victim):
    tag, env = tag_env
    out = tmp_path / "out"
    command = command_line(which, python, out)
    child = start(command, env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if which != "run":  # until both workers run, then a random moment while they work
        wait_for(lambda: len(workers_of(child.pid, tag)) >= 2, 120, f"{which}'s workers", child)
    time.sleep(RNG.uniform(1.0, 5.0) if which == "run" else RNG.uniform(0.5, 4.0))
    assert child.poll() is None, f"{which} ended before the kill; lengthen it"
    if victim == "parent":
        child.kill()
    else:
        RNG.choice(workers_of(child.pid, tag)).kill()
    assert reaches_eof(child.stdout, 30 if victim == "worker" else GONE_WITHIN), (
        f"{which}'s stdout is still held after its {victim} was killed (`| tee` would hang):\n"
        f"{describe(tagged(tag))}"
    )
    code = child.wait(timeout=GONE_WITHIN)
    assert code != 0, f"{which} with a killed {victim} should not report success"
    wait_until_none(tag, f"{which} with its {victim} killed")
    check_whole(which, out)
    check_rerun(which, command, env, out)
    check_whole(which, out)
    wait_until_none(tag, f"the rerun of {which}")


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize(
    "stop", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["KILL", "TERM", "INT"]
)
def test_the_app_server_ends_with_carescape_ui(tag_env, python, stop):
    tag, env = tag_env
    port = free_port()
    ui = start(
        [*carescape_command(python), "ui", "--port", str(port)],
        env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: listening(port), 120, "carescape ui listening", ui)
    os.kill(ui.pid, stop)
    code = ui.wait(timeout=30)
    if stop != signal.SIGKILL:
        assert code == 0, f"a forwarded {signal.Signals(stop).name} is a normal end, not {code}"
    wait_until_none(tag, f"carescape ui after {signal.Signals(stop).name}")
    # a process that is exiting shows no environment any more but may hold its socket a moment
    wait_for(lambda: not listening(port), GONE_WITHIN, f"port {port} closed after the app ended")

"""Processes that die with the process that started them, on every platform.

Every place in carescape that starts processes goes through this module: the model
worker pools (``worker_pool``: ``compare``, ``sweep``, ``validate``'s patterns,
``calibrate`` and the app's backend) and the app's web server (``run_child``:
``carescape ui``). Without it a ``kill -9`` of the parent left the workers waiting for
work forever, and with them the forkserver, the resource tracker and the parent's
stdout (so ``carescape sweep ... | tee log`` never ended).

What holds where:

* Pool workers, every platform: a daemon thread waits on
  ``multiprocessing.parent_process().sentinel`` (on POSIX a pipe whose write end only
  the parent holds, on Windows a handle of the parent process) and ends the worker with
  ``os._exit`` the moment the parent is gone, however it ended. It is a thread of the
  worker, so it works while the model runs (the model gives up the GIL every few ms).
* The forkserver (POSIX) and the resource tracker are started by multiprocessing
  itself. The forkserver exits when the last of the parent and its workers has closed
  its "alive" pipe, the tracker when the last holder of its pipe has, so both follow
  the workers within a moment, and nothing is left holding stdout.
* The app's server (``run_child``): started as ``python -m experiments.lifetime
  MODULE ...`` in its own process group (session on POSIX) with a pipe on stdin that
  only the launcher holds; a thread ends the server when the pipe reaches end of file
  (the launcher is gone: every platform). On Linux the server also asks the kernel for
  SIGKILL when the launcher dies (``PR_SET_PDEATHSIG``) and then checks that the
  launcher is still its parent, since one that died before the call would be missed.
  The launcher forwards SIGINT and SIGTERM (Windows: CTRL_BREAK) to the server and
  kills it if it has not stopped after ``GRACE`` seconds.

Workers come from a forkserver where there is one (Linux, macOS), else spawn (Windows):
forking a process that runs threads (the app's web server) is unsafe, a forkserver
starts workers cheaply from preloaded modules, and its workers' parent is the
single-threaded forkserver rather than whichever thread first submitted work.
``PR_SET_PDEATHSIG`` is not used in pool workers: it fires when the parent *thread*
ends, and the workers' parent (the forkserver) outlives them by design. Runs are seeded
per task, so results do not depend on the start method or the number of workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait
from types import FrameType

from agents import threads

START_METHOD = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
PARENT_PID = "CARESCAPE_PARENT_PID"  # the launcher's pid, for the child's Linux check
GRACE = 10.0  # seconds a child gets to stop after a forwarded signal
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_ORPHANED = 70  # exit status of a process that ended because its parent was gone


# -- worker pools ---------------------------------------------------------------------------
def worker_pool(workers: int, preload: Sequence[str] = ()) -> ProcessPoolExecutor:
    """A process pool whose workers end as soon as this process is gone.

    Args:
        workers: the number of worker processes.
        preload: modules the forkserver imports once, so each worker starts with them
            (only the first pool of a process sets them; later ones share its forkserver).
    """
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD == "forkserver" and preload:
        context.set_forkserver_preload(list(preload))
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=guard_worker, initargs=(workers,)
    )


def guard_worker(workers: int = 1) -> None:
    """Pool initializer: start the watchdog on the parent (see the module docstring).

    Also gives the worker its share of the cores for a model's split passes
    (``agents.threads``): the ``workers`` processes already run side by side.
    """
    threads.share(workers)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        _watch(lambda: wait([parent.sentinel]), "parent process")


def _watch(until_gone: Callable[[], object], what: str) -> None:
    """Run ``until_gone`` in a daemon thread and end this process when it returns."""

    def watchdog() -> None:
        with contextlib.suppress(OSError, ValueError):
            until_gone()
        with contextlib.suppress(OSError, ValueError):  # stderr may be gone with the parent
            print(f"carescape: {what} is gone; stopping process {os.getpid()}", file=sys.stderr)
        os._exit(_ORPHANED)

    threading.Thread(target=watchdog, name="carescape-watchdog", daemon=True).start()


# -- a child program (the app's server) -------------------------------------------------------
def child_command(module: str, args: Sequence[str]) -> list[str]:
    """The command line that runs ``python -m module args`` so it dies with its parent."""
    return [sys.executable, "-m", "experiments.lifetime", module, *args]


def run_child(command: Sequence[str], env: dict[str, str]) -> int:
    """Run ``child_command(...)`` to its end, forwarding SIGINT and SIGTERM; its exit status.

    A stop asked for with a signal counts as a normal end (0); a child killed by a signal
    gives 128 + the signal's number, as in a shell.
    """
    env = {**env, PARENT_PID: str(os.getpid())}
    if os.name == "nt":
        how: dict = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        how = {"start_new_session": True}
    stopped: list[float] = []  # when the first stop signal came
    started: list[subprocess.Popen] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        stopped.append(time.monotonic())
        for child in started:  # none yet: the stop is passed on as soon as it starts
            with contextlib.suppress(OSError):
                child.send_signal(signal.CTRL_BREAK_EVENT if os.name == "nt" else signum)

    # The handlers come first: a stop that arrives while the child starts is not lost
    # (and does not kill the launcher before it can pass the stop on).
    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        child = subprocess.Popen(list(command), env=env, stdin=subprocess.PIPE, **how)
    except BaseException:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        raise
    started.append(child)
    if stopped:
        with contextlib.suppress(OSError):
            child.send_signal(signal.CTRL_BREAK_EVENT if os.name == "nt" else signal.SIGTERM)
    try:
        while True:  # short waits: a blocking wait would outlast the grace period
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopped and time.monotonic() - stopped[0] > GRACE:
                    child.kill()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if child.stdin is not None:
            child.stdin.close()
    if stopped:
        return 0
    return 128 - code if code < 0 else code  # killed by a signal: the shell's convention


def guard_child() -> None:
    """In a child of ``run_child``: end this process when the launcher is gone."""
    launcher = os.environ.pop(PARENT_PID, None)  # not passed on to this child's children
    if launcher is None:  # not started by run_child: stdin is not our pipe
        return
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != int(launcher):  # the launcher died before the call
            os._exit(_ORPHANED)
    stdin = sys.stdin.fileno()
    _watch(lambda: _read_to_end(stdin), "the launcher")


def _read_to_end(fd: int) -> None:
    while os.read(fd, 4096):
        pass


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m experiments.lifetime MODULE ARGS...``: MODULE as ``__main__``, guarded."""
    import runpy

    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        sys.exit("usage: python -m experiments.lifetime MODULE [ARGS...]")
    guard_child()
    sys.argv = argv
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()

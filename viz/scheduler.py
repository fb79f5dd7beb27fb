"""Fair sharing of the app's worker processes between browser sessions.

All sessions of the app share one process pool. Handing a run's jobs (one per seed and
arm) straight to the pool queues them first come, first served: one heavy run holds
every worker and a light run of another session waits behind all of it. The scheduler
keeps the jobs itself, gives the pool at most one job per worker, and each time a worker
frees up hands it to the session that was served longest ago (a newcomer first): a
round-robin over the sessions with work waiting. A lone session still gets every worker,
two sessions get half each, and a light run waits at most for one job of each other
session to finish before it starts.

A session has one run at a time: a new run cancels its previous one. Cancelling (a new
run, the stop button, the page closed) drops the run's waiting jobs and stops its
running ones: the job polls a flag file in the app's private folder from a watcher
thread and interrupts the model in its own main thread, so the worker is free again
within a fraction of a second instead of after the job, and the pool stays whole.
"""

from __future__ import annotations

import _thread
import itertools
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.2  # how often a running job looks at its cancel flag
RETRIES = 2  # a job whose pool broke underneath it is tried again this often
# interrupt_main only simulates a signal in the worker's own main thread; SIGUSR1 keeps
# Ctrl+C (SIGINT) for the terminal. Windows has no SIGUSR1 (and no forkserver either).
_SIGNAL = getattr(signal, "SIGUSR1", signal.SIGINT)


class JobStopped(Exception):
    """A job noticed its run was cancelled and stopped early."""


# -- the worker side ----------------------------------------------------------------------------
def run_job(fn: Callable[[Any], Any], item: Any, flag: str) -> Any:
    """``fn(item)`` in a worker, stopped (JobStopped) soon after the file ``flag`` appears."""
    if os.path.exists(flag):
        raise JobStopped
    if threading.current_thread() is not threading.main_thread():
        return fn(item)  # signals reach only the main thread (a thread pool, in tests)
    armed = True

    def on_signal(signum: int, frame: Any) -> None:
        if armed:  # after the job, a late signal does nothing
            raise JobStopped

    previous = signal.signal(_SIGNAL, on_signal)
    finished = threading.Event()
    watcher = threading.Thread(target=_watch, args=(flag, finished), daemon=True)
    watcher.start()
    try:
        return fn(item)
    finally:
        armed = False
        finished.set()
        watcher.join()
        signal.signal(_SIGNAL, previous)  # Python runs a pending (disarmed) handler first


def _watch(flag: str, finished: threading.Event) -> None:
    while not finished.wait(POLL_SECONDS):
        if os.path.exists(flag):
            _thread.interrupt_main(_SIGNAL)
            return


# -- the server side ----------------------------------------------------------------------------
@dataclass(eq=False)
class Job:
    """One item of a batch, waiting or running."""

    batch: Batch
    index: int
    item: Any
    tries: int = 0


@dataclass(eq=False)
class Batch:
    """One run of one session: its jobs' results arrive in ``results`` as they finish.

    Each entry is ``(index, result, error)``; ``error`` is None for a finished job.
    """

    session: str
    fn: Callable[[Any], Any]
    total: int
    flag: Path
    results: queue.Queue = field(default_factory=queue.Queue)
    waiting: deque = field(default_factory=deque)
    running: int = 0
    cancelled: bool = False
    scheduler: FairScheduler | None = None

    def cancel(self) -> None:
        """Drop the waiting jobs and stop the running ones."""
        if self.scheduler is not None:
            self.scheduler.cancel(self)

    def status(self) -> tuple[int, int]:
        """(place in the queue, 0 once a job runs; other sessions with work in the scheduler)."""
        assert self.scheduler is not None
        return self.scheduler.status(self)


class FairScheduler:
    """Round-robin over sessions of the jobs of their runs, at most ``slots`` at a time.

    ``executor`` gives the pool to submit to (called for every job, so a broken pool can
    be replaced); ``flags`` is a private folder for the cancel flags.
    """

    def __init__(self, slots: int, executor: Callable[[], Executor], flags: Path) -> None:
        self.slots = max(1, int(slots))
        self._executor = executor
        self._flags = flags
        self._lock = threading.Condition()
        self._batches: dict[str, Batch] = {}  # each session's current run
        self._served: dict[str, int] = {}  # session -> tick of its last job started
        self._tick = itertools.count(1)
        self._ids = itertools.count(1)
        self._running = 0
        self._thread = threading.Thread(target=self._dispatch, name="fair-scheduler", daemon=True)
        self._thread.start()

    # -- what sessions call ---------------------------------------------------------------------
    def submit(self, session: str, fn: Callable[[Any], Any], items: Sequence[Any]) -> Batch:
        """Queue a session's run (cancelling its previous one); results arrive in the batch."""
        flag = self._flags / f"run-{os.getpid()}-{next(self._ids)}"
        batch = Batch(session, fn, len(items), flag, scheduler=self)
        batch.waiting.extend(Job(batch, i, item) for i, item in enumerate(items))
        with self._lock:
            previous = self._batches.get(session)
            if previous is not None:
                self._cancel(previous)
            self._batches[session] = batch
            self._lock.notify_all()
        return batch

    def cancel(self, batch: Batch) -> None:
        """Cancel one run."""
        with self._lock:
            self._cancel(batch)

    def cancel_session(self, session: str) -> None:
        """Cancel the session's run and forget the session (its page was closed)."""
        with self._lock:
            batch = self._batches.get(session)
            if batch is not None:
                self._cancel(batch)
            self._served.pop(session, None)

    def cancel_all(self) -> None:
        """Cancel every session's run (the server is stopping: running jobs end at once)."""
        with self._lock:
            for batch in list(self._batches.values()):
                self._cancel(batch)

    def status(self, batch: Batch) -> tuple[int, int]:
        """(place in the queue, 0 once a job runs; other sessions with work in the scheduler).

        The place counts the runs that get a worker before this one: those with jobs
        waiting whose session was served longer ago (the order ``_next_job`` uses).
        """
        with self._lock:
            others = sum(
                1 for b in self._batches.values() if b is not batch and (b.waiting or b.running)
            )
            if batch.running or not batch.waiting:
                return 0, others
            queue_ = sorted(
                (b for b in self._batches.values() if b.waiting),
                key=lambda b: self._served.get(b.session, 0),
            )
            return 1 + queue_.index(batch), others

    def busy(self) -> int:
        """Jobs running in the pool now."""
        with self._lock:
            return self._running

    # -- inside ---------------------------------------------------------------------------------
    def _cancel(self, batch: Batch) -> None:
        if batch.cancelled:
            return
        batch.cancelled = True
        batch.waiting.clear()
        if batch.running:
            batch.flag.touch()  # the running jobs stop at their next look
        if self._batches.get(batch.session) is batch:
            del self._batches[batch.session]

    def _next_job(self) -> Job | None:
        """The next job of the session served longest ago that has jobs waiting."""
        waiting = [b for b in self._batches.values() if b.waiting]
        if not waiting or self._running >= self.slots:
            return None
        batch = min(waiting, key=lambda b: self._served.get(b.session, 0))
        self._served[batch.session] = next(self._tick)
        batch.running += 1
        self._running += 1
        return batch.waiting.popleft()

    def _dispatch(self) -> None:
        """Start jobs whenever a worker is free (one thread: submits never block the pool)."""
        while True:
            with self._lock:
                job = self._next_job()
                while job is None:
                    self._lock.wait()
                    job = self._next_job()
            try:
                flag = str(job.batch.flag)
                future = self._executor().submit(run_job, job.batch.fn, job.item, flag)
            except Exception as exc:  # a pool that cannot start: report it to the run
                future = Future()
                future.set_exception(exc)
            future.add_done_callback(lambda f, job=job: self._finished(job, f))

    def _finished(self, job: Job, future: Future) -> None:
        """A job ended: hand its result to its run, free the worker, start the next job."""
        error = BrokenProcessPool("the pool was shut down") if future.cancelled() else None
        error = error or future.exception()
        with self._lock:
            batch = job.batch
            batch.running -= 1
            self._running -= 1
            if isinstance(error, BrokenProcessPool) and job.tries < RETRIES and not batch.cancelled:
                job.tries += 1
                batch.waiting.appendleft(job)  # the pool is replaced; run it again
            elif not batch.cancelled:
                batch.results.put((job.index, None if error else future.result(), error))
            elif not batch.running:
                batch.flag.unlink(missing_ok=True)
            self._lock.notify_all()

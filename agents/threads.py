"""Full-population passes split over the machine's cores, with the same result on any count.

A month makes about ten compiled passes over every resident (needs, informal care,
ageing, the end of stays, the record). They are memory-bound loops that release the
GIL (``nogil=True``), so running the residents ``[0, n)`` as a few contiguous ranges in
threads takes the month's largest costs down on a machine with more than one core.
The kernels split this way touch only their own residents (or set the same flag
on a household from two ranges, which gives the same flags in any order), return
what each range found in resident order, and their caller joins the parts in range
order: the result is the same, bit for bit, for one range or several
(tests/test_threads.py). Numba's own ``parallel=True`` is not used: its default
threading layer may not be entered from two threads at once, and the app runs its
models in threads.

Only large towns are split (``MIN_RANGE``): waking a pool thread costs 30-100 us on
these virtual machines, about what a pass over 20,000 residents takes, and at
100,000 residents no gain could be measured; at 1,000,000 the split passes take 47
-> 26 ms a month on two cores.

Processes that already run one model per core take their share of the cores: the
worker pools (``experiments.lifetime.worker_pool``, ``share``) and Dask's tasks (one
thread each). The environment variable ``CARESCAPE_THREADS`` sets the count for a
whole process and its pools.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

MIN_RANGE = 131_072  # residents per range: below it a second thread saves nothing measurable
MAX_THREADS = 4  # the passes are memory-bound: more threads than this gain little


def cores() -> int:
    """The cores this process may run on (a container's or ``taskset``'s, not the host's)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _default_threads() -> int:
    """``CARESCAPE_THREADS`` if set (an integer >= 1), else the cores, at most ``MAX_THREADS``."""
    raw = os.environ.get("CARESCAPE_THREADS")
    if raw is None:
        return max(1, min(cores(), MAX_THREADS))
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"CARESCAPE_THREADS = {raw!r} is not allowed; use an integer >= 1")
    return value


_threads = _default_threads()
_pool: ThreadPoolExecutor | None = None


def use(threads: int) -> None:
    """Split passes over ``threads`` threads from now on (1: the calling thread only)."""
    global _threads
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads = {threads!r} is not allowed; use an integer >= 1")
    _threads = threads


def share(processes: int) -> None:
    """Take this process's share of the cores: ``processes`` processes run models side by side.

    ``CARESCAPE_THREADS``, when set, is kept: the user chose.
    """
    if "CARESCAPE_THREADS" not in os.environ:
        use(max(1, min(cores() // max(processes, 1), MAX_THREADS)))


def count() -> int:
    """The number of threads passes are split over."""
    return _threads


def ranges(n: int, min_range: int | None = None) -> list[tuple[int, int]]:
    """``[0, n)`` cut into contiguous ranges of at least ``min_range``, one per thread."""
    parts = max(1, min(_threads, n // (min_range or MIN_RANGE)))
    bounds = [n * k // parts for k in range(parts + 1)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=MAX_THREADS - 1, thread_name_prefix="carescape-pass")
    return _pool


def split(
    kernel: Callable[..., Any], n: int, *args: Any, min_range: int | None = None
) -> list[Any]:
    """``kernel(*args, lo, hi)`` for each range of ``[0, n)``; the results in range order.

    The first range runs in the calling thread, the others in the shared pool. Every
    range has finished when this returns or raises (no pass still writes afterwards).
    ``min_range``: for items dearer than a resident's pass, a smaller least range.
    """
    parts = ranges(n, min_range)
    if len(parts) == 1:
        return [kernel(*args, 0, n)]
    futures = [_executor().submit(kernel, *args, lo, hi) for lo, hi in parts[1:]]
    try:
        first = kernel(*args, *parts[0])
    finally:
        rest = [future.exception() for future in futures]  # waits for every range
    for error in rest:
        if error is not None:
            raise error
    return [first, *(future.result() for future in futures)]


def joined(kernel: Callable[..., Any], n: int, *args: Any) -> np.ndarray:
    """``split`` for a kernel that returns the ids it found in its range: all ids, in order."""
    parts = split(kernel, n, *args)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)

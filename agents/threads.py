"""Full-population passes split over the machine's cores, with the same result on any count.

A month makes about ten compiled passes over every resident (needs, informal care,
ageing, the end of stays, the record). They are bound by their branches and arithmetic
(flushing the caches first makes them about 5% slower), so running the residents
``[0, n)`` as a few contiguous ranges side by side on more than one core takes the
month's largest costs down. The kernels split this way touch
only their own residents (or set the same flag on a household from two ranges, which
gives the same flags in any order), return what each range found in resident order,
and their caller joins the parts in range order: the result is the same, bit for bit,
for one range or several (tests/test_threads.py).

The ranges run in numba's threads under a thread-safe threading layer (OpenMP or TBB),
so that the app may run models in several threads at once: each split kernel has a
driver next to it (``drives``), a ``parallel=True`` loop over the ranges that calls the
kernel on each and returns the results in range order. A driver names its kernel:
numba caches a module-level function that calls a global kernel, while one generic
driver taking the kernel as an argument (or a closure) is compiled again in every
process (0.5 s per kernel). Its first result is the kernel's on an empty range, which
sets the list's type and touches nothing. Python threads were tried first: a
pool thread's wake-up and its turn at the GIL cost 30-100 us a pass on these virtual
machines, which made a split pass at 100,000 residents no faster; an OpenMP region
costs 2-5 us. Where no thread-safe layer loads, the ranges run one after the
other (the same results). After a region OpenMP's threads spin a while before they
sleep, so a split run keeps the second core busy.

Processes that already run one model per core take their share of the cores: the
worker pools (``experiments.lifetime.worker_pool``, ``share``) and Dask's tasks (one
thread each). The environment variable ``CARESCAPE_THREADS`` sets the count for a
whole process and its pools.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numba
import numpy as np

if "NUMBA_THREADING_LAYER" not in os.environ:  # a user's own choice stands
    numba.config.THREADING_LAYER = "threadsafe"  # OpenMP or TBB: safe from several threads

# Residents per range. Measured by running one model's months alternately with two
# settings (the same numbers either way; Januaries left out, medians): the 45,000 default
# in two ranges of 22,500 runs a month 6-9% faster than in one (its kernels 3.2 -> 2.55
# ms), 100,000 residents 6-8%. (Timing whole runs one after the other had not shown it:
# the machine's speed swings by more.) Not splitting the record's passes, whose ranges'
# tables must be joined, was tried and measured 2-4% slower.
MIN_RANGE = 16_384
MAX_THREADS = 4  # assumption: a month's passes are too short for more threads to pay


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


def ranges(n: int, cost: float = 1.0) -> list[tuple[int, int]]:
    """``[0, n)`` cut into contiguous ranges, one per thread, of ``MIN_RANGE / cost`` at least.

    ``cost``: an item's work in residents' passes (a needy resident's care flows: 8).
    """
    parts = max(1, min(_threads, int(n * cost) // MIN_RANGE))
    bounds = [n * k // parts for k in range(parts + 1)]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


_serial_only = False  # set when no thread-safe threading layer could be loaded
_DRIVERS: dict[Callable[..., Any], Callable[..., list[Any]]] = {}
PARALLEL = {"parallel": True, "nogil": True, "cache": True}  # a driver's numba options


def drives(kernel: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as ``kernel``'s driver: ``driver(bounds, *args)``."""

    def register(driver: Callable[..., Any]) -> Callable[..., Any]:
        _DRIVERS[kernel] = driver
        return driver

    return register


def split(kernel: Callable[..., Any], n: int, *args: Any, cost: float = 1.0) -> list[Any]:
    """``kernel(*args, lo, hi)`` for each range of ``[0, n)``; the results in range order.

    ``cost``: an item's work in residents' passes (``ranges``): above 1 for dearer items,
    below 1 for passes whose ranges cost more to join than a thread gains in a small town.
    """
    parts = ranges(n, cost)
    if len(parts) == 1:
        return [kernel(*args, 0, n)]
    return split_at(kernel, [lo for lo, _ in parts] + [n], *args)


def split_at(kernel: Callable[..., Any], bounds: Sequence[int], *args: Any) -> list[Any]:
    """``kernel(*args, lo, hi)`` for each range between ``bounds``, side by side if possible.

    Every range has finished when this returns or raises (no pass still writes
    afterwards). The kernel must have a driver (``drives``).
    """
    global _serial_only
    if kernel not in _DRIVERS:
        raise LookupError(f"{kernel.__name__} has no driver (agents.threads.drives)")
    if not _serial_only:
        try:
            # No more of numba's threads than ranges: on a large machine the rest would
            # only spin after each region.
            numba.set_num_threads(min(len(bounds) - 1, numba.config.NUMBA_NUM_THREADS))
            return _DRIVERS[kernel](np.asarray(bounds, dtype=np.int64), *args)
        except ValueError as error:  # numba: "No threading layer could be loaded"
            if "threading layer" not in str(error):
                raise
            _serial_only = True
    return [kernel(*args, lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def joined(kernel: Callable[..., Any], n: int, *args: Any) -> np.ndarray:
    """``split`` for a kernel that returns the ids it found in its range: all ids, in order."""
    return concatenated(split(kernel, n, *args))


def concatenated(parts: Sequence[np.ndarray]) -> np.ndarray:
    """The ranges' arrays in order (one range's array itself: no copy)."""
    return parts[0] if len(parts) == 1 else np.concatenate(parts)

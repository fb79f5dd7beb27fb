"""One parallel driver per split kernel: its ranges run side by side in numba's threads.

``agents.threads.split`` hands a kernel's ranges to its driver here. A driver is a
``parallel=True`` loop (``prange``) over the ranges that calls the kernel on each and
returns the results in range order, so the hand-off costs what an OpenMP region costs
(about 10 us here) instead of a Python thread's wake-up and a turn at the GIL (30-100
us, which made a split pass at 100,000 residents no faster). Each driver names its
kernel: numba caches a module-level function that calls a global kernel, while one
generic driver taking the kernel as an argument (or a closure) is compiled again in
every process (0.5 s per kernel). The first result is the kernel's on an empty range,
which sets the list's type and touches nothing.
"""

from __future__ import annotations

from numba import njit, prange

from agents.access_kernels import group_masks
from agents.kernels import age_one_month
from agents.needs_kernels import (
    adult_needs_month,
    carer_burden,
    informal_flows,
    outcomes_pass,
    youth_needs_month,
)
from agents.provider_kernels import stays_over
from agents.record_kernels import resident_codes, tally_codes
from agents.rng_kernels import pcg64_float32_part

_PARALLEL = {"parallel": True, "nogil": True, "cache": True}


@njit(**_PARALLEL)
def _adult_needs_month(bounds, *args):
    results = [adult_needs_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = adult_needs_month(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _youth_needs_month(bounds, *args):
    results = [youth_needs_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = youth_needs_month(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _carer_burden(bounds, *args):
    results = [carer_burden(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = carer_burden(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _informal_flows(bounds, *args):
    for part in prange(len(bounds) - 1):
        informal_flows(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(**_PARALLEL)
def _outcomes_pass(bounds, *args):
    for part in prange(len(bounds) - 1):
        outcomes_pass(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(**_PARALLEL)
def _group_masks(bounds, *args):
    for part in prange(len(bounds) - 1):
        group_masks(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


@njit(**_PARALLEL)
def _age_one_month(bounds, *args):
    results = [age_one_month(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = age_one_month(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _stays_over(bounds, *args):
    results = [stays_over(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = stays_over(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _resident_codes(bounds, *args):
    results = [resident_codes(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = resident_codes(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _tally_codes(bounds, *args):
    results = [tally_codes(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = tally_codes(*args, bounds[part], bounds[part + 1])
    return results


@njit(**_PARALLEL)
def _pcg64_float32_part(bounds, *args):
    for part in prange(len(bounds) - 1):
        pcg64_float32_part(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


DRIVERS = {
    adult_needs_month: _adult_needs_month,
    youth_needs_month: _youth_needs_month,
    carer_burden: _carer_burden,
    informal_flows: _informal_flows,
    outcomes_pass: _outcomes_pass,
    group_masks: _group_masks,
    age_one_month: _age_one_month,
    stays_over: _stays_over,
    resident_codes: _resident_codes,
    tally_codes: _tally_codes,
    pcg64_float32_part: _pcg64_float32_part,
}

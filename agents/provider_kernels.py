"""Compiled passes of tailored care and the end of stays (phases 5-8 of a month).

A month at 100,000 residents grants some forty batches of indications and ends some
thirty, each a few to a few thousand rows of one product's caseload. In numpy each
batch was twenty to forty small operations (gathers of the residents' bit flags, a
filter, nine column writes or nine column compactions, bincounts per provider), a
microsecond or two each whatever the size: 3 ms a month. One compiled pass per batch
does the same work in a few microseconds. Here: granting (``grant_rows``) and ending
(``end_rows``) indications for ``agents.provider.ServiceSystem``; phase 7's endings
(``need_gone``, ``wmo_endings``, ``youth_endings``), admission (``waiting_in_order``,
``start_rows``) and billing (``delivered_by_provider``); phase 8's end of stays
(``stays_over``, one pass over the residents).

Every pass writes exactly what the numpy code wrote, row for row (the kept rows
close up in their order, new rows are appended in the order of the residents), so
admission order and every number stay as they were (tests/test_provider_kernels.py
keeps the numpy code and compares).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, types
from numba.core import cgutils
from numba.extending import intrinsic

from agents.threads import PARALLEL, drives


@njit(cache=True, nogil=True)
def grant_rows(
    residents: np.ndarray,
    services: np.ndarray,
    waiting: np.ndarray,
    youth_severity: np.ndarray,
    private_help: np.ndarray,
    bit: int,
    replaces_private_help: bool,
    units: np.ndarray,
    units_step: int,
    months: np.ndarray,
    months_step: int,
    referrer: np.ndarray,
    referrer_step: int,
    month: int,
    not_started: int,
    columns: tuple,
    used: int,
) -> int:
    """Append a waiting row for each resident who neither holds nor waits for the product.

    ``columns`` are the caseload's whole buffers in ``agents.caseload.COLUMNS`` order
    (room for every resident after row ``used``). ``units``, ``months`` and
    ``referrer`` hold one value per resident (step 1) or one for all (step 0). The
    planned last month is ``month + max(rint(months), 1) - 1``. Marks the granted
    residents as waiting (and, for HH, without private help); returns how many rows.
    """
    resident, provider, since, start, end, units_col, referrer_col, reviewed, severity = columns
    fresh = np.empty(len(residents), dtype=np.bool_)
    for i in range(len(residents)):
        r = residents[i]
        fresh[i] = ((services[r] | waiting[r]) & bit) == 0
    row = used
    for i in range(len(residents)):
        if not fresh[i]:
            continue
        r = residents[i]
        resident[row] = r
        provider[row] = -1
        since[row] = month
        start[row] = not_started
        end[row] = month + np.int32(max(np.rint(months[i * months_step]), 1)) - 1
        units_col[row] = units[i * units_step]
        referrer_col[row] = referrer[i * referrer_step]
        reviewed[row] = month
        severity[row] = youth_severity[r]
        row += 1
    for i in range(len(residents)):
        if fresh[i]:
            r = residents[i]
            waiting[r] |= bit
            if replaces_private_help:
                private_help[r] = False
    return row - used


@intrinsic
def _move_block(typingctx, column, dst, src, count):
    """``column[dst:dst + count] = column[src:src + count]`` as one memmove (may overlap).

    Numba copies an overlapping slice through a temporary, and a loop that moves
    elements one by one does not vectorise (the ranges may overlap): a memmove is
    five to ten times faster for the few thousand rows of a caseload column.
    """
    sig = types.void(column, types.intp, types.intp, types.intp)

    def codegen(context, builder, signature, args):
        array_type = signature.args[0]
        array = context.make_array(array_type)(context, builder, args[0])
        to = cgutils.get_item_pointer(context, builder, array_type, array, [args[1]])
        start = cgutils.get_item_pointer(context, builder, array_type, array, [args[2]])
        itemsize = context.get_abi_sizeof(context.get_data_type(array_type.dtype))
        cgutils.raw_memmove(builder, to, start, args[3], itemsize)
        return context.get_dummy_value()

    return sig, codegen


@njit(cache=True, nogil=True)
def _close_up(column: np.ndarray, removed: np.ndarray, used: int) -> None:
    """Move the rows between the ``removed`` ones (ascending) forward, in their order.

    The runs of kept rows move as blocks (a removed row is rare: a few in thousands),
    which writes what a row-by-row copy of the kept rows wrote.
    """
    write = removed[0]
    for m in range(len(removed)):
        start = removed[m] + 1
        stop = removed[m + 1] if m + 1 < len(removed) else used
        if stop > start:
            _move_block(column, write, start, stop - start)
            write += stop - start


@njit(cache=True, nogil=True)
def end_rows(
    rows: np.ndarray,
    columns: tuple,
    services: np.ndarray,
    waiting: np.ndarray,
    hh_hours: np.ndarray,
    bit: int,
    clears_hours: bool,
    month: int,
    not_started: int,
    providers: int,
):
    """Take the flagged rows out of a caseload and the residents off the product.

    ``columns`` are the caseload's columns in ``agents.caseload.COLUMNS`` order, of
    which the first ``len(rows)`` are used; the kept rows close up in their order
    (``_close_up``, column by column). The residents of the removed rows lose the
    product's bits (receiving, waiting) and, for HH, their hours. Returns the removed
    rows' residents in row order, the durations (months, counting the first and the
    last) of the removed rows that had started, and per provider the number of those
    and the sum of their durations.
    """
    resident, provider, since, start, end, units, referrer, reviewed, severity = columns
    count = 0
    for i in range(len(rows)):
        count += rows[i]
    removed = np.empty(count, dtype=np.int64)
    ended = np.empty(count, dtype=resident.dtype)
    durations = np.empty(count, dtype=np.int32)
    by_provider = np.zeros((2, providers), dtype=np.int64)
    keep = ~np.uint16(bit)
    taken = started = 0
    for i in range(len(rows)):
        if rows[i]:
            removed[taken] = i
            r = resident[i]
            ended[taken] = r
            taken += 1
            services[r] &= keep
            waiting[r] &= keep
            if clears_hours:
                hh_hours[r] = 0.0
            if start[i] != not_started:
                duration = np.int32(month - start[i] + 1)
                durations[started] = duration
                started += 1
                by_provider[0, provider[i]] += 1
                by_provider[1, provider[i]] += duration
    if count:
        used = len(rows)
        _close_up(resident, removed, used)
        _close_up(provider, removed, used)
        _close_up(since, removed, used)
        _close_up(start, removed, used)
        _close_up(end, removed, used)
        _close_up(units, removed, used)
        _close_up(referrer, removed, used)
        _close_up(reviewed, removed, used)
        _close_up(severity, removed, used)
    return ended, durations[:started], by_provider


@njit(cache=True, nogil=True)
def stays_over(
    general_until: np.ndarray,
    general_facility: np.ndarray,
    light_until: np.ndarray,
    poh_until: np.ndarray,
    carer_load: np.ndarray,
    alive: np.ndarray,
    in_wlz: np.ndarray,
    month: int,
    facilities: int,
    lo: int,
    hi: int,
):
    """The end of the month's stays (``model.phases.end_stays``).

    A general-facility stay that ended before ``month`` ends (the resident leaves the
    facility); light support that ended, or whose client died or moved to the Wlz,
    ends; a POH-GGZ contact that ended before ``month`` ends. Returns the leavers per
    facility, the carers (load above 0) not in a facility after the leaving, who may
    ask for carer support (ids in order; gathered without a branch, which measured
    faster than numpy's flatnonzero of a mask), and the light-support clients left;
    of residents ``lo`` to ``hi`` (``agents.threads``).
    """
    left = np.zeros(facilities, dtype=np.int64)
    # Slices indexed from 0: a loop from 0 lets the compiler drop negative-index checks.
    general_until, general_facility = general_until[lo:hi], general_facility[lo:hi]
    light_until, poh_until, carer_load = light_until[lo:hi], poh_until[lo:hi], carer_load[lo:hi]
    alive, in_wlz = alive[lo:hi], in_wlz[lo:hi]
    # Three loops, each on its own fields (the same result as one): the first, branch-free,
    # runs on vector units; one loop doing all took a third longer.
    light = 0
    for i in range(hi - lo):
        light_end = light_until[i]
        gone = (light_end >= 0) & ((light_end < month) | (alive[i] <= in_wlz[i]))
        light_end = -1 if gone else light_end
        light_until[i] = light_end
        light += light_end >= 0
        poh = poh_until[i]
        poh_until[i] = -1 if poh < month else poh
    for i in range(hi - lo):
        until = general_until[i]
        if until >= 0 and until < month and general_facility[i] != -1:
            if general_facility[i] >= facilities or general_facility[i] < 0:
                raise ValueError("a resident's general facility is not one of the facilities")
            left[general_facility[i]] += 1
            general_facility[i] = -1
            general_until[i] = -1
    seekers = np.empty(hi - lo, dtype=np.int64)
    seeking = 0
    for i in range(hi - lo):
        seekers[seeking] = lo + i
        seeking += (carer_load[i] > 0) & (general_facility[i] < 0)
    return left, seekers[:seeking].copy(), light


@drives(stays_over)
@njit(**PARALLEL)
def _stays_over_ranges(bounds: np.ndarray, *args: object) -> list:
    """``stays_over`` on each range between ``bounds``, side by side (``agents.threads``)."""
    results = [stays_over(*args, bounds[0], bounds[0])] * (len(bounds) - 1)
    for part in prange(len(bounds) - 1):
        results[part] = stays_over(*args, bounds[part], bounds[part + 1])
    return results


@njit(cache=True, nogil=True)
def need_gone(start: np.ndarray, resident: np.ndarray, need: np.ndarray, not_started: int):
    """Rows receiving care whose resident's need has gone (``need <= 0``), in row order.

    Only these rows' residents are asked (a keyed draw) whether they report it.
    """
    rows = np.empty(len(start), dtype=np.int64)
    found = 0
    for i in range(len(start)):
        rows[found] = i
        found += (start[i] != not_started) & (need[resident[i]] <= 0)
    return rows[:found].copy()


@njit(cache=True, nogil=True)
def wmo_endings(
    start: np.ndarray,
    end: np.ndarray,
    resident: np.ndarray,
    need: np.ndarray,
    reported: np.ndarray,
    withdraws: bool,
    month: int,
    not_started: int,
):
    """Which Wmo rows end and which are due for renewal (``model.phases``, phase 7).

    ``reported``: rows (in order) whose need has gone and was reported; they end. When
    ``withdraws``, a waiting row whose resident's need has gone ends as well. Returns
    the mask of ending rows and the rows (numbered as after the ending ones have gone)
    whose indication is due (``end <= month``) and that do not end.
    """
    ending = np.zeros(len(start), dtype=np.bool_)
    for i in reported:
        ending[i] = True
    due = np.empty(len(start), dtype=np.int64)
    found = gone = 0
    for i in range(len(start)):
        waiting = start[i] == not_started
        stop = ending[i] | (withdraws & waiting & (need[resident[i]] <= 0))
        ending[i] = stop
        due[found] = i - gone
        found += (not waiting) & (end[i] <= month) & (not stop)
        gone += stop
    return ending, due[:found].copy()


@njit(cache=True, nogil=True)
def youth_endings(
    start: np.ndarray,
    end: np.ndarray,
    resident: np.ndarray,
    severity_at_start: np.ndarray,
    severity: np.ndarray,
    coordinated: np.ndarray,
    on_result: bool,
    goal_factor: np.float32,
    month: int,
    not_started: int,
) -> np.ndarray:
    """Which youth-care rows end this month (``model.phases``, phase 7).

    A running trajectory ends when planned (``end <= month``), when the problem has
    gone (severity 0), when a coordinator sees the result reached (severity below
    0.15), or, paid per result, when the result is reached or the severity fell to
    ``severity_at_start * goal_factor`` (float32, as numpy computed it); a waiting
    youth whose problem has gone leaves the list.
    """
    ending = np.empty(len(start), dtype=np.bool_)
    for i in range(len(start)):
        level = severity[resident[i]]
        if start[i] == not_started:
            ending[i] = level <= 0
            continue
        reached = level < np.float32(0.15)  # numpy compared in float32
        stop = (end[i] <= month) | (level <= 0) | (reached & coordinated[resident[i]])
        if on_result:
            stop |= reached | (level <= severity_at_start[i] * goal_factor)
        ending[i] = stop
    return ending


@njit(cache=True, nogil=True)
def delivered_by_provider(
    start: np.ndarray,
    provider: np.ndarray,
    units: np.ndarray,
    intensity: np.ndarray,
    weeks: float,
    month: int,
    not_started: int,
    providers: int,
):
    """Per provider: units delivered this month by running rows, and rows started this month.

    A row delivers ``float64(units) * intensity[provider]``, times ``weeks`` for weekly
    units (``weeks`` 0 for a monthly tariff: not multiplied), summed in row order as
    numpy's weighted bincount summed it.
    """
    delivered = np.zeros(providers, dtype=np.float64)
    started = np.zeros(providers, dtype=np.int64)
    for i in range(len(start)):
        if start[i] == not_started:
            continue
        k = provider[i]
        value = np.float64(units[i]) * intensity[k]
        if weeks > 0:
            value = value * weeks
        delivered[k] += value
        started[k] += start[i] == month
    return delivered, started


@njit(cache=True, nogil=True)
def waiting_in_order(start: np.ndarray, since: np.ndarray, not_started: int) -> np.ndarray:
    """The waiting rows, longest waiting first (a stable sort by ``since``: ties by row)."""
    rows = np.empty(len(start), dtype=np.int64)
    found = 0
    for i in range(len(start)):
        rows[found] = i
        found += start[i] == not_started
    rows = rows[:found]
    return rows[np.argsort(since[rows], kind="mergesort")]


@njit(cache=True, nogil=True)
def start_rows(
    rows: np.ndarray,
    slots: np.ndarray,
    columns: tuple,
    services: np.ndarray,
    waiting: np.ndarray,
    hh_hours: np.ndarray,
    used_youth_care_year: np.ndarray,
    bit: int,
    sets_hours: bool,
    youth: bool,
    month: int,
    providers: int,
):
    """Waiting rows start care this month with the providers in ``slots`` (one per row).

    The indication keeps its length from the start; the residents flip from waiting
    to receiving (HH: their hours count; youth care: used this year). Returns the
    starts per provider, the youth starts per referrer (0-4) and the months waited
    from decision to start, each start counting half a month more (the sum is exact:
    half-months, in any order).
    """
    resident, provider, since, start, end, units, referrer, reviewed, severity = columns
    counts = np.zeros(providers, dtype=np.int64)
    referrers = np.zeros(5, dtype=np.int64)
    waited = 0.0
    keep = ~np.uint16(bit)
    for j in range(len(rows)):
        i = rows[j]
        waited += month - since[i] + 0.5
        end[i] = month + (end[i] - since[i])
        start[i] = month
        provider[i] = slots[j]
        counts[slots[j]] += 1
        r = resident[i]
        waiting[r] &= keep
        services[r] |= bit
        if sets_hours:
            hh_hours[r] = units[i]
        if youth:
            if referrer[i] >= 0:
                referrers[referrer[i]] += 1
            used_youth_care_year[r] = True
    return counts, referrers, waited

"""numpy's PCG64 float32 draws as one compiled loop: the same numbers, about 3x sooner.

``Residents.uniform`` draws one float32 per resident slot four times a month from
numpy Generators (PCG64). numpy makes each number through a bit generator's function
pointer (``next_float`` -> ``next_uint32``), about 4 ns a number; here the 128-bit LCG
step and its XSL-RR output are inlined in one loop over the array. The stream is
numpy's own, bit for bit: the state is read from and written back to the Generator,
including numpy's buffered upper half of a 64-bit output (``has_uint32``), so draws
made before and after with numpy continue exactly as if numpy had made these too
(tests/test_rng_kernels.py checks odd and even sizes, the buffer and the state).
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.extending import intrinsic

from agents.threads import PARALLEL, drives, ranges, split_at

# numpy's PCG64: state = state * MULTIPLIER + inc (mod 2**128), output XSL-RR of the new state
_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645
_MULT_HI = np.uint64(_MULTIPLIER >> 64)
_MULT_LO = np.uint64(_MULTIPLIER & (2**64 - 1))
_MASK32 = np.uint64(0xFFFFFFFF)
_S32, _S58, _S8 = np.uint64(32), np.uint64(58), np.uint64(8)
_S63, _S40 = np.uint64(63), np.uint64(40)
_FLOAT_UNIT = np.float32(1.0 / 16777216.0)
_MASK64 = 2**64 - 1


@intrinsic
def _mulhi(typingctx, a, b):
    """The upper 64 bits of the 128-bit product a * b (one native multiply in LLVM IR)."""
    signature = types.uint64(types.uint64, types.uint64)

    def codegen(context, builder, sig, args):
        wide = ir.IntType(128)
        product = builder.mul(builder.zext(args[0], wide), builder.zext(args[1], wide))
        return builder.trunc(builder.lshr(product, ir.Constant(wide, 64)), ir.IntType(64))

    return signature, codegen


@njit(cache=True, nogil=True, inline="always")
def _output(hi: np.uint64, lo: np.uint64) -> np.uint64:
    """PCG's XSL-RR output of a 128-bit state."""
    x = hi ^ lo
    rot = hi >> _S58
    return (x >> rot) | (x << ((np.uint64(64) - rot) & _S63))


@njit(cache=True, nogil=True, inline="always")
def _affine(
    hi: np.uint64, lo: np.uint64, m_hi: np.uint64, m_lo: np.uint64, c_hi: np.uint64, c_lo: np.uint64
) -> tuple[np.uint64, np.uint64]:
    """State * m + c (mod 2**128) on (hi, lo) halves."""
    new_lo = lo * m_lo
    new_hi = _mulhi(lo, m_lo) + lo * m_hi + hi * m_lo
    low = new_lo + c_lo
    return new_hi + c_hi + np.uint64(low < new_lo), low


@njit(cache=True, nogil=True)
def pcg64_float32(
    state: np.ndarray, jump: np.ndarray, buffered: np.ndarray, out: np.ndarray
) -> None:
    """Fill ``out`` with numpy's float32 draws; advance ``state`` and ``buffered`` in place.

    ``state``: uint64 [hi, lo, inc_hi, inc_lo]; ``jump``: [m2_hi, m2_lo, c2_hi, c2_lo], two
    LCG steps at once (m2 = M**2, c2 = inc * (M + 1)), so that two interleaved lanes (the
    odd and the even steps) run side by side instead of waiting on one multiply chain;
    ``buffered``: uint64 [has_uint32, uinteger].
    """
    hi, lo = state[0], state[1]
    inc_hi, inc_lo = state[2], state[3]
    has, kept = buffered[0], buffered[1]
    n = len(out)
    i = 0
    if has != 0 and n > 0:
        out[0] = np.float32(np.int32(kept >> _S8)) * _FLOAT_UNIT
        has = np.uint64(0)
        i = 1
    pairs = (n - i) // 4  # four floats = two steps, one per lane
    if pairs > 0:
        a_hi, a_lo = _affine(hi, lo, _MULT_HI, _MULT_LO, inc_hi, inc_lo)
        b_hi, b_lo = _affine(a_hi, a_lo, _MULT_HI, _MULT_LO, inc_hi, inc_lo)
        for _ in range(pairs):
            first = _output(a_hi, a_lo)
            second = _output(b_hi, b_lo)
            out[i] = np.float32(np.int32((first & _MASK32) >> _S8)) * _FLOAT_UNIT
            out[i + 1] = np.float32(np.int32(first >> _S40)) * _FLOAT_UNIT
            out[i + 2] = np.float32(np.int32((second & _MASK32) >> _S8)) * _FLOAT_UNIT
            out[i + 3] = np.float32(np.int32(second >> _S40)) * _FLOAT_UNIT
            i += 4
            hi, lo = b_hi, b_lo  # the last state used
            kept = second >> _S32  # numpy keeps the last upper half, even when used
            a_hi, a_lo = _affine(a_hi, a_lo, jump[0], jump[1], jump[2], jump[3])
            b_hi, b_lo = _affine(b_hi, b_lo, jump[0], jump[1], jump[2], jump[3])
    while i < n:
        hi, lo = _affine(hi, lo, _MULT_HI, _MULT_LO, inc_hi, inc_lo)
        value = _output(hi, lo)
        out[i] = np.float32(np.int32((value & _MASK32) >> _S8)) * _FLOAT_UNIT
        i += 1
        upper = value >> _S32
        kept = upper
        if i < n:
            out[i] = np.float32(np.int32(upper >> _S8)) * _FLOAT_UNIT
            i += 1
        else:
            has = np.uint64(1)
    state[0], state[1] = hi, lo
    buffered[0], buffered[1] = has, kept


def _halves(value: int) -> tuple[int, int]:
    return value >> 64, value & _MASK64


@njit(cache=True, nogil=True)
def pcg64_float32_part(
    bounds: np.ndarray,
    states: np.ndarray,
    kept: np.ndarray,
    jump: np.ndarray,
    out: np.ndarray,
    lo: int,
    hi: int,
) -> None:
    """``pcg64_float32`` on ``out[lo:hi]``, one of the parts between ``bounds``.

    The part's row of ``states`` and ``kept`` holds the state it starts from and
    leaves behind (``random_float32``).
    """
    row = np.searchsorted(bounds, lo)
    pcg64_float32(states[row], jump, kept[row], out[lo:hi])


@drives(pcg64_float32_part)
@njit(**PARALLEL)
def _pcg64_float32_part_ranges(bounds: np.ndarray, *args: object) -> list:
    """``pcg64_float32_part`` on each range between ``bounds``, side by side."""
    for part in prange(len(bounds) - 1):
        pcg64_float32_part(*args, bounds[part], bounds[part + 1])
    return [None] * (len(bounds) - 1)


def random_float32(rng: np.random.Generator, count: int) -> np.ndarray:
    """``rng.random(count, dtype=np.float32)``, the same numbers, from the compiled loop.

    A large town's draws are cut into contiguous parts filled side by side
    (``agents.threads``): each part starts from the state numpy would have reached
    there (``PCG64.advance``; a part after the first starts on a whole 64-bit output),
    and the last part leaves the state and numpy's buffered half behind. Anything else
    (another bit generator, a test's stand-in) draws with its own ``random``.
    """
    bit_generator = getattr(rng, "bit_generator", None)
    if type(bit_generator) is not np.random.PCG64:
        return rng.random(count, dtype=np.float32)
    saved = bit_generator.state
    inc = saved["state"]["inc"]
    jump = np.array(
        [*_halves(_MULTIPLIER**2 % 2**128), *_halves(inc * (_MULTIPLIER + 1) % 2**128)],
        dtype=np.uint64,
    )
    out = np.empty(count, dtype=np.float32)
    first = 1 if saved["has_uint32"] and count else 0  # numpy's buffered half comes first
    # Where a part may begin: after the buffered half, on a whole 64-bit output.
    # A draw costs half a resident's pass: parts from 65,536 draws (45,000 draws in two
    # parts took 88 -> 93 us, their states and advances costing more than the thread gave).
    bounds = [0] + [first + (lo - first) // 2 * 2 for lo, _ in ranges(count, cost=0.5)[1:]]
    bounds.append(count)
    states = np.empty((len(bounds) - 1, 4), dtype=np.uint64)
    kept = np.zeros((len(bounds) - 1, 2), dtype=np.uint64)
    kept[0] = saved["has_uint32"], saved["uinteger"]
    states[0] = [*_halves(saved["state"]["state"]), *_halves(inc)]
    if len(bounds) > 2:
        ahead = np.random.PCG64(0)  # a fixed seed: its state is replaced, no entropy read
        for part, lo in enumerate(bounds[1:-1], start=1):
            ahead.state = saved
            ahead.advance((lo - first) // 2)
            states[part] = [*_halves(ahead.state["state"]["state"]), *_halves(inc)]
    if len(bounds) == 2:
        pcg64_float32(states[0], jump, kept[0], out)
    else:
        starts = np.asarray(bounds, dtype=np.int64)  # each part finds its row of states
        split_at(pcg64_float32_part, bounds, starts, states, kept, jump, out)
    bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": (int(states[-1, 0]) << 64) | int(states[-1, 1]), "inc": inc},
        "has_uint32": int(kept[-1, 0]),
        "uinteger": int(kept[-1, 1]),
    }
    return out

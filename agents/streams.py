"""Named random streams: one numpy Generator per model process.

Common random numbers need more than a shared seed: if switching on a policy changes
how many draws one process makes, every later draw of that generator shifts and
unrelated residents get different luck. Each process therefore owns its own stream,
spawned from the run seed by a fixed name, and processes that act on residents draw
one number per resident slot (see ``Residents.uniform``) so that a resident's draw does
not depend on how many others were eligible.
"""

from __future__ import annotations

import hashlib

import numpy as np

from agents.kernels import keyed_uniform

STREAM_NAMES: tuple[str, ...] = (
    "population",
    "network",
    "demography",
    "adult_needs",
    "youth_needs",
    "carers",
    "help_seeking",
    "gp",
    "access",
    "facilities",
    "providers",
    "policies",
)


def _name_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "little")


class Streams:
    """A fixed set of independent generators derived from one seed."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._generators = {
            name: np.random.default_rng(np.random.SeedSequence([self.seed, _name_key(name)]))
            for name in STREAM_NAMES
        }

    def __getitem__(self, name: str) -> np.random.Generator:
        return self._generators[name]

    def stream(self, name: str) -> np.random.Generator:
        """A stream by name; policies ask for their own under their name."""
        if name not in self._generators:
            seq = np.random.SeedSequence([self.seed, _name_key(name)])
            self._generators[name] = np.random.default_rng(seq)
        return self._generators[name]


_MASK64 = 2**64 - 1
_PURPOSE_KEYS: dict[str, int] = {}


def _purpose_key(purpose: str) -> int:
    key = _PURPOSE_KEYS.get(purpose)
    if key is None:
        key = _PURPOSE_KEYS[purpose] = _name_key(purpose)
    return key


def _splitmix_int(x: int) -> int:
    """The splitmix64 finaliser on one Python integer (``kernels.keyed_uniform`` on arrays)."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


class KeyedDraws:
    """Counter-based uniforms: a pure function of (seed, purpose, month, resident).

    For decisions on a subset of residents (help-seekers, the assessed, new cases)
    the subset differs between scenarios; a generator would hand out its numbers in a
    different order and reshuffle everyone's luck. A keyed draw gives resident r in
    month t for purpose p the same number in every scenario (common random numbers).
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def uniform(self, purpose: str, tick: int, residents: np.ndarray) -> np.ndarray:
        """U(0,1) float64 per resident, reproducible and scenario-independent."""
        key = (self.seed * 1_000_003 + _purpose_key(purpose)) * 10_007 + int(tick)
        base = np.uint64(_splitmix_int(key % 2**64))
        # One compiled loop: splitmix64 of (resident * golden + base), top 53 bits.
        return keyed_uniform(np.asarray(residents), base)

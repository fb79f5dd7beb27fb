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

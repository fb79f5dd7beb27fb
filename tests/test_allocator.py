"""A month's freed arrays are reused: allocating them again does not page-fault."""

from __future__ import annotations

import subprocess
import sys

import pytest

_COUNT_FAULTS = """
import resource, sys
import numpy as np
if sys.argv[1] == "tuned":
    from model.allocator import keep_freed_memory
    assert keep_freed_memory(), "glibc's thresholds were not set"
def month():
    arrays = [np.ones(250_000, dtype=np.float32) for _ in range(4)]  # 1 MB each
    del arrays
month()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    month()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str, python: str, subprocess_env: dict[str, str]) -> int:
    env = {k: v for k, v in subprocess_env.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [python, "-c", _COUNT_FAULTS, mode], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux-only")
def test_arrays_of_a_month_reuse_freed_memory(python, subprocess_env) -> None:
    plain = _faults("plain", python, subprocess_env)
    tuned = _faults("tuned", python, subprocess_env)
    # 50 months x 4 MB: about 50,000 faults when every block is a fresh mapping.
    assert plain > 10_000, f"glibc's defaults page-faulted only {plain} times; the test is moot"
    assert tuned < plain / 20, f"{tuned} page faults with the thresholds raised, {plain} without"

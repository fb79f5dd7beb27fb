"""A month's freed arrays are reused: allocating them again does not page-fault."""

from __future__ import annotations

import subprocess
import sys

import pytest

_COUNT_FAULTS = """
import resource
import numpy as np
from model.allocator import keep_freed_memory
changed = keep_freed_memory()
def month():
    arrays = [np.ones(250_000, dtype=np.float32) for _ in range(4)]  # 1 MB each
    del arrays
month()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    month()
print(changed, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="glibc's mallopt is Linux-only"
)


def _months(python: str, env: dict[str, str], **malloc: str) -> tuple[bool, int]:
    """Whether the thresholds were changed, and the page faults of 50 months of arrays."""
    env = {k: v for k, v in env.items() if not k.startswith("MALLOC_")} | malloc
    done = subprocess.run(
        [python, "-c", _COUNT_FAULTS], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    changed, faults = done.stdout.split()
    return changed == "True", int(faults)


def test_arrays_of_a_month_reuse_freed_memory(python, subprocess_env) -> None:
    changed, tuned = _months(python, subprocess_env)
    # The user's own glibc settings are kept: here glibc's default mmap threshold (a fresh
    # mapping per block) and a trim threshold above Dask's.
    kept, plain = _months(
        python, subprocess_env, MALLOC_MMAP_THRESHOLD_="131072", MALLOC_TRIM_THRESHOLD_="268435456"
    )
    assert changed and not kept, "the thresholds were set where they should not be, or not set"
    # 50 months x 4 MB: about 50,000 faults when every block is a fresh mapping.
    assert plain > 10_000, f"glibc's defaults page-faulted only {plain} times; the test is moot"
    assert tuned < plain / 20, f"{tuned} page faults with the thresholds raised, {plain} without"


def test_under_dasks_eager_trimming_months_still_reuse_memory(python, subprocess_env) -> None:
    changed, faults = _months(python, subprocess_env, MALLOC_TRIM_THRESHOLD_="65536")
    assert changed, "under Dask's 64 KiB trim threshold the thresholds should be raised"
    assert faults < 2_500, f"{faults} page faults in 50 months under Dask's setting"

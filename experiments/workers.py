"""What ``--workers`` means, the same for every command (compare, sweep, calibrate, validate).

Omitted: one worker process per core. ``0``: no worker processes, everything runs in
this process (for debugging, profiling and small jobs). ``N``: N worker processes.
"""

from __future__ import annotations

import os

from model.params import ConfigError, shown

MAX_WORKERS = 1024
WORKERS_HELP = "worker processes (default: one per core; 0: run everything in this process)"


def worker_count(workers: int | None) -> int:
    """Worker processes to start for ``workers`` (0: none, run in this process)."""
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or not 0 <= workers <= MAX_WORKERS:
        raise ConfigError(
            f"--workers = {shown(workers)} is not allowed; use 0 (run in this process) or a "
            f"number of worker processes up to {MAX_WORKERS}"
        )
    return workers

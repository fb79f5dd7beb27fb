"""Hash every number a few runs produce, to prove a speed change changed none of them.

Runs the regression cases' kinds of model (presets, the headline package, lever pairs)
plus one 100,000-resident run, and prints one hash per run over every monthly record,
every district record and the residents' final arrays. Run it before and after a
change and diff the output: any moved bit shows. (The regression baseline compares
yearly means of 17 outcomes; this compares everything, bit for bit.)

Usage: .venv/bin/python scripts/speed_fingerprint.py [RUN ...] > before.txt
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.residents import FIELDS  # noqa: E402
from model.care_model import CareModel  # noqa: E402
from tests.regression.cases import CASES, _policies  # noqa: E402

RUNS = {
    "default12k": {"preset": "default", "residents": 12000, "years": 5, "rng": 11},
    "front-door": {"preset": "default", "residents": 12000, "years": 5, "rng": 11,
                   "policies": _policies(CASES["front-door"])},
    "case-mgmt": {"preset": "default", "residents": 12000, "years": 5, "rng": 11,
                  "policies": _policies(CASES["case-management"])},
    "reviews-pair": {"preset": "default", "residents": 12000, "years": 3, "rng": 5,
                     "policies": _policies(CASES["reviews-pair"])},
    "places-pair": {"preset": "default", "residents": 12000, "years": 3, "rng": 5,
                    "policies": _policies(CASES["places-pair"])},
    "city": {"preset": "city", "residents": 30000, "years": 3, "rng": 3},
    "small": {"preset": "small", "years": 3, "rng": 2},
    "100k": {"residents": 100000, "years": 2, "rng": 1},
}  # fmt: skip


def digest(model: CareModel) -> str:
    """One hash over the records, the district records and every resident field."""
    h = hashlib.sha256()
    for row in model.records:
        h.update(repr(sorted(row.items())).encode())
    for row in model.district_records:
        for key in sorted(row):
            value = row[key]
            h.update(key.encode())
            h.update(
                repr(value).encode() if isinstance(value, int) else np.asarray(value).tobytes()
            )
    for name in FIELDS:
        h.update(model.people.view(name).tobytes())
    return h.hexdigest()[:16]


def main(argv: list[str]) -> int:
    """Print ``name hash`` per run (all runs, or those named)."""
    for name in argv or list(RUNS):
        model = CareModel(**RUNS[name])
        model.run()
        print(name, digest(model), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

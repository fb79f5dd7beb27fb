"""The regression cases: yearly key outcomes of fixed runs, compared with a committed table.

A change to any number here must be an explicit, reviewed change: refresh the table
with ``python scripts/refresh_regression.py`` and commit it with a message that says
why the results moved.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

BASELINE_CSV = Path(__file__).with_name("baseline.csv")

RUN = {"residents": 12000, "years": 5, "rng": 11}

# Three presets without measures, the headline package, a package that adds staff,
# and two pairs of levers that act on the same thing (general places; the review budget).
CASES: dict[str, dict[str, Any]] = {
    "default": {"preset": "default"},
    "small": {"preset": "small"},
    "city": {"preset": "city"},
    "front-door": {"preset": "default", "scenario": "front-door"},
    "case-management": {"preset": "default", "scenario": "case-management"},
    "places-pair": {
        "preset": "default",
        "policies": {"daycare_general": {}, "voorveld": {}},
    },
    "reviews-pair": {
        "preset": "default",
        "policies": {"reassessment_drive": {}, "indication_length": {"mode": "indefinite"}},
    },
}

KEY_OUTCOMES = (
    "residents",
    "clients_hh",
    "clients_support",
    "clients_daycare",
    "clients_youth",
    "users_general",
    "users_light_support",
    "waiting_access",
    "waiting_providers",
    "reviews",
    "spend_wmo_eur",
    "spend_youth_eur",
    "spend_general_eur",
    "spend_staff_eur",
    "unmet_need",
    "overburdened_carers",
    "wellbeing_with_need",
)


def _policies(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    if "scenario" in case:
        from model.scenarios import load_scenario

        scenario = load_scenario(case["scenario"])
        return {**scenario.policies, **scenario.external}
    return case.get("policies", {})


def measure(name: str) -> dict[tuple[int, str], float]:
    """Run one case and return {(year, outcome): value}."""
    from model.aggregate import yearly
    from model.care_model import CareModel
    from model.results import to_table

    case = CASES[name]
    model = CareModel(preset=case["preset"], policies=_policies(case), **RUN)
    model.run()
    years = yearly(to_table(model.records))
    return {
        (int(year), outcome): float(years[outcome][i])
        for i, year in enumerate(years["year"])
        for outcome in KEY_OUTCOMES
    }


def read_baseline() -> dict[str, dict[tuple[int, str], float]]:
    """The committed table, by case."""
    table: dict[str, dict[tuple[int, str], float]] = {}
    with BASELINE_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(row["case"], {})[(int(row["year"]), row["outcome"])] = float(
                row["value"]
            )
    return table


def write_baseline(measured: dict[str, dict[tuple[int, str], float]]) -> None:
    """Write the table (17 significant digits: floats survive the round trip exactly)."""
    tmp = BASELINE_CSV.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case", "year", "outcome", "value"])
        for case, values in measured.items():
            for (year, outcome), value in sorted(values.items()):
                writer.writerow([case, year, outcome, np.format_float_positional(value)])
    tmp.replace(BASELINE_CSV)

"""Calibration targets as data (model/presets/targets/*.toml, experiments/targets.py).

The slow tests run the presets against their targets: the 16 head-count and referral
targets must hold now; the whole target set is the goal of issue 9 (mechanisms awake,
then `carescape calibrate`), so the full-set test fails until that is done.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from experiments.targets import (
    MEASURES,
    Evaluation,
    MissingIndicator,
    evaluate,
    load_targets,
    resolve_targets,
    target_set_names,
    total_loss,
)
from model.params import ConfigError, preset_names
from tests.helpers import run

ORIGINAL_16 = (
    "youth_users_u18",
    "youth_users_u23",
    "referrer_gp",
    "referrer_access",
    "referrer_none",
    "referrer_gi",
    "referrer_specialist",
    "ended_under_3m",
    "ended_over_12m",
    "wmo_per_1000",
    "hh_per_1000",
    "support_per_1000",
    "hh_75_84",
    "hh_85_plus",
    "informal_carers",
    "wlz_outflow",
)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
[targets.hh]
label = "HH clients per 1,000"
label_nl = "HH-clienten per 1.000"
value = 31.0
low = 25.0
high = 37.0
unit = "per 1,000"
source = "CBS 86050NED"
measure = "per_1000"
of = "clients_hh"
"""


def test_every_preset_has_a_target_file_that_parses():
    names = target_set_names()
    for preset in preset_names():
        assert preset in names, f"preset {preset!r} has no model/presets/targets/{preset}.toml"
        targets = resolve_targets(preset)
        missing16 = [n for n in ORIGINAL_16 if n not in targets.names()]
        assert not missing16, f"{preset}: the 16 carried-over targets lack {missing16}"


@pytest.mark.parametrize("name", target_set_names())
def test_every_target_names_a_source_labels_and_a_band_around_its_figure(name):
    for target in resolve_targets(targets=name):
        assert target.source.strip() and target.label and target.label_nl, target.name
        assert target.low <= target.value <= target.high and target.low < target.high, (
            f"{name}: target {target.name}: {target.value} outside its band "
            f"{target.low}-{target.high}"
        )
        assert target.measure in MEASURES


def test_iv3_spending_is_indexed_with_the_stated_constant():
    targets = resolve_targets("default")
    factor, source = targets.constants["cpi_2019_2025"]
    assert "83131NED" in source, "the price index must name its CBS table"
    spend = {t.name: t for t in targets}["spend_iv3_61"]
    assert spend.price_index == "cpi_2019_2025"
    # The model holds about half of line 6.1 (general facilities and carer support).
    assert spend.value == pytest.approx(49.5 * factor), "default uses the 20-50k class, indexed"
    city = {t.name: t for t in resolve_targets("city")}["spend_iv3_61"]
    assert city.value == pytest.approx(59.5 * factor), "city uses the national average"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("value = 31.0", "vale = 31.0"), ["'vale'", "did you mean value", "allowed fields"]),
        (('"per_1000"', '"per_thousand"'), ["'per_thousand'", "per_1000", "use one of"]),
        (("high = 37.0", "high = 30.0"), ["low <= value", "30.0"]),
        (("value = 31.0", 'value = "many"'), ["value = 'many'", "not a number"]),
        (('of = "clients_hh"', "of = 3"), ["of = 3", "indicator name"]),
        (('unit = "per 1,000"', 'unit = "per 1,000"\nprice_index = "cpi"'), ["'cpi'", "constant"]),
        (('source = "CBS 86050NED"\n', ""), ["'source' is missing"]),
    ],
)
def test_bad_target_files_name_the_field_the_value_and_what_is_allowed(tmp_path, edit, expected):
    path = _write(tmp_path, "bad.toml", GOOD.replace(*edit))
    with pytest.raises(ConfigError) as info:
        load_targets(path)
    message = str(info.value)
    assert "target 'hh'" in message or "price_index" in message, message
    for part in expected:
        assert part in message, f"error {message!r} lacks {part!r}"


def test_extends_overrides_field_by_field_and_drops(tmp_path):
    _write(tmp_path, "base.toml", GOOD + GOOD.replace("targets.hh", "targets.hh2"))
    child = _write(
        tmp_path,
        "child.toml",
        'extends = "base.toml"\ndrop = ["hh2"]\n[targets.hh]\nvalue = 40.0\nhigh = 48.0\n',
    )
    targets = load_targets(child)
    assert targets.names() == ["hh"]
    hh = targets.targets[0]
    assert (hh.value, hh.low, hh.high, hh.source) == (40.0, 25.0, 48.0, "CBS 86050NED")
    bad = _write(tmp_path, "bad.toml", 'extends = "base.toml"\ndrop = ["hhx"]\n')
    with pytest.raises(ConfigError, match="hhx"):
        load_targets(bad)
    with pytest.raises(ConfigError, match="top-level key 'target'"):
        load_targets(_write(tmp_path, "typo.toml", "[target.hh]\nvalue = 1\n"))


def test_a_missing_indicator_fails_naming_the_target_and_the_column(tmp_path):
    path = _write(tmp_path, "t.toml", GOOD.replace('"clients_hh"', '"hh_tea_breaks"'))
    targets = load_targets(path)
    assert targets.missing_columns() == {"hh": ["hh_tea_breaks"]}
    series = {"residents": np.ones(12), "clients_hh": np.ones(12)}
    with pytest.raises(MissingIndicator) as info:
        evaluate(targets, [series])
    assert "'hh'" in str(info.value) and "'hh_tea_breaks'" in str(info.value)


def _synthetic(years=3):
    months = years * 12
    grow = 100 * 1.02 ** (np.arange(months) // 12)  # +2% a year, flat within a year
    return {
        "month": np.arange(1, months + 1),
        "date": np.asarray([f"{2025 + m // 12}-{m % 12 + 1:02d}-01" for m in range(months)]),
        "residents": np.full(months, 1000.0),
        "clients_hh": np.full(months, 31.0),
        "clients_wmo": grow,
        "youth_users_year_u18": np.arange(months) % 12 + 1.0,  # December: 12
        "youth_residents": np.full(months, 100.0),
        "spend_wmo_eur": np.full(months, 110.0),
        "spend_youth_eur": np.zeros(months),
        "budget_total_eur": np.full(months, 100.0),
        "wlz_moves_wmo": np.full(months, 1.0),
    }


def test_measures_on_a_synthetic_series():
    series = _synthetic()
    common = {t.name: t for t in resolve_targets(targets="common")}
    values = {
        name: common[name].compute(series)
        for name in ("hh_per_1000", "youth_users_u18", "trend_wmo_clients", "budget_excess")
    }
    assert values["hh_per_1000"] == pytest.approx(31.0)
    assert values["youth_users_u18"] == pytest.approx(12.0), "December rows only"
    assert values["trend_wmo_clients"] == pytest.approx(2.0), "mean yearly growth, %"
    assert values["budget_excess"] == pytest.approx(10.0), "spending 10% over the budget"
    assert common["wlz_outflow"].compute(series) == pytest.approx(
        12 / np.mean(series["clients_wmo"]) * 100
    )


def test_loss_is_the_squared_error_over_the_tolerance_on_that_side(tmp_path):
    target = load_targets(_write(tmp_path, "t.toml", GOOD)).targets[0]  # 31, band 25-37
    assert Evaluation(target, (37.0,)).loss == pytest.approx(1.0)
    assert Evaluation(target, (28.0, 28.0)).loss == pytest.approx(0.25)
    assert Evaluation(target, (31.0,)).holds
    assert total_loss([Evaluation(target, (43.0,))]) == pytest.approx(4.0)
    assert math.isfinite(Evaluation(target, (math.nan,)).loss), "a NaN costs a finite penalty"


def test_evaluation_on_a_short_run(small_run):
    from experiments.targets import series_of

    series = series_of(small_run.table)
    targets = resolve_targets("default").evaluable(list(series))
    assert len(targets) >= 16
    results = {e.target.name: e.mean for e in evaluate(targets, [series])}
    assert results["hh_per_1000"] == pytest.approx(
        float(np.mean(series["clients_hh"] / series["residents"]) * 1000)
    )
    finite = [n for n in ORIGINAL_16 if math.isfinite(results[n])]
    assert finite == list(ORIGINAL_16), "every carried-over target is computable on 2 years"


def test_small_run_is_plausible(small_run):
    """Loose ranges on a small run: a sanity check, not the calibration."""
    from experiments.targets import series_of

    series = series_of(small_run.table)
    measured = {
        e.target.name: e.mean
        for e in evaluate(resolve_targets("default").subset(ORIGINAL_16), [series])
    }
    ranges = {
        "Wmo clients per 1,000": (measured["wmo_per_1000"], 35, 120),
        "HH clients per 1,000": (measured["hh_per_1000"], 12, 55),
        "youth-care users, % of under-18s": (measured["youth_users_u18"], 5, 22),
        "informal carers, % of 16+": (measured["informal_carers"], 5, 25),
        "tailored share of use": (float(series["tailored_share"].mean()), 0.3, 1.0),
        "mean wellbeing": (float(series["wellbeing_mean"].mean()), 5.0, 9.0),
        "deaths per 1,000 per year": (
            float(series["deaths"].sum() / series["residents"].mean() / 2 * 1000),
            4,
            16,
        ),
    }
    wrong = [
        f"{name}: {value:.2f} outside [{low}, {high}]"
        for name, (value, low, high) in ranges.items()
        if not low <= value <= high
    ]
    assert not wrong, "implausible small default run (8,000 residents, seed 7):\n  " + "\n  ".join(
        wrong
    )


def test_population_stays_near_its_size(small_run):
    residents = small_run.series["residents"]
    start = small_run.model.profile["population.residents"]
    drift = abs(residents[-1] - start) / start
    assert drift < 0.05, (
        f"population drifted {drift:.1%} from {start} to {residents[-1]} in two years: "
        "births, deaths, migration and Wlz moves should roughly balance"
    )


def _misses(preset, names=None, years=5, seeds=(1,)):
    from experiments.targets import series_of

    runs = [series_of(run(preset=preset, years=years, rng=s).table) for s in seeds]
    targets = resolve_targets(preset).evaluable(list(runs[0]))
    if names is not None:
        targets = targets.subset(names)
    return [
        f"{e.target.name} ({e.target.label}): simulated {e.mean:.3g}, band "
        f"{e.target.low:.3g}-{e.target.high:.3g} around {e.target.value:.3g} {e.target.unit}; "
        f"source: {e.target.source}"
        for e in evaluate(targets, runs)
        if not e.holds
    ]


@pytest.mark.slow
def test_default_preset_meets_the_carried_over_targets():
    misses = _misses("default", ORIGINAL_16)
    assert not misses, "calibration targets outside their band:\n  " + "\n  ".join(misses)


# Targets each preset may miss, with the measured miss (full size, 10 years, seeds 1-2,
# after the narrowed refits of model/presets/refits/); every other target must hold.
# Small: Wmo clients grow 0.97% a year (band from 1%) and youth clients fall 1.04%
# (band from -1%): the older, shrinking village population, at the edges of national
# bands. City: 2.4% of Wmo clients move to the Wlz a year (band from 2.64%: a city's Wmo
# clients are younger) and the 80+ grow 4.56% a year (band to 4.5%: the young city ages
# fast; demography is an input, not fitted).
KNOWN_OPEN: dict[str, set[str]] = {
    "default": set(),
    "small": {"trend_wmo_clients", "trend_youth_clients"},
    "city": {"wlz_outflow", "trend_80_plus"},
}


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["default", "small", "city"])
def test_preset_meets_every_evaluable_target(preset):
    misses = _misses(preset, years=10, seeds=(1, 2))
    new = [line for line in misses if line.split(" ")[0] not in KNOWN_OPEN[preset]]
    assert not new, f"{preset}: targets outside their band:\n  " + "\n  ".join(new)

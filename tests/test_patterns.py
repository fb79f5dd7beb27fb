"""BRIEF section 5's ten patterns as claims: direction and a plausible size (experiments.patterns).

Each test runs one pattern's paired experiment (default preset, 12,000 residents, five
years, seeds 1-3, common random numbers) and checks that the pattern holds - the
direction and the size its ``expected`` sentence states - and that the headline effect
lies in the range the sources make plausible. The arms are cached in one ``Lab`` per
test process, so the status quo runs once for all patterns.
"""

from __future__ import annotations

import math

import pytest

from experiments.patterns import PATTERNS, Lab, PatternResult, run_patterns


@pytest.fixture(scope="module")
def lab() -> Lab:
    return Lab("default", 12000, 5, (1, 2, 3), workers=1)


def check(result: PatternResult, low: float, high: float) -> None:
    """The pattern holds, and its headline effect lies in [low, high]."""
    story = f"\nexpected: {result.expected}\nmeasured: {result.measured}"
    assert result.holds, f"pattern {result.number} ({result.title}) does not hold" + story
    assert math.isfinite(result.effect) and low <= result.effect <= high, (
        f"effect {result.effect:.2f} {result.unit} outside [{low}, {high}]" + story
    )


def test_run_patterns_returns_results_with_sentences():
    results = run_patterns(residents=3000, years=2, seeds=(1,), numbers=[8, 9], workers=1)
    assert [r.number for r in results] == [8, 9]
    for r in results:
        assert r.title and r.title_nl and r.unit
        assert r.expected.endswith(".") and r.measured.endswith(".")
        assert isinstance(r.holds, bool) and isinstance(r.effect, float)


def test_unknown_pattern_number_is_refused():
    with pytest.raises(ValueError, match="pattern 11"):
        run_patterns(numbers=[11])


@pytest.mark.slow
def test_pattern_1_front_door_overload(lab):
    # A third less FTE: longer waits, fewer reviews, fewer light solutions, heavier
    # grants; tailored spending up by 0.5-25% (headline effect).
    check(PATTERNS[1](lab), 0.5, 25.0)


@pytest.mark.slow
def test_pattern_2_price_matters(lab):
    # Flat fee vs income-dependent: high incomes +20% or more (CBS: about doubled over
    # four years), middle +10% or more, low incomes -5% to +15% (CBS: +5%).
    check(PATTERNS[2](lab), 20.0, 150.0)


@pytest.mark.slow
def test_pattern_3_substitution_with_a_leak(lab):
    # About 41% helped without referral, yet at high induced demand youth clients stay
    # within +-5% of the status quo (CPB 2020 null result).
    check(PATTERNS[3](lab), -5.0, 5.0)


@pytest.mark.slow
def test_pattern_4_funding_shapes_behaviour(lab):
    # Lump sum shortens youth trajectories started after the switch by 5-40% against PxQ
    # and creates waiting lists.
    check(PATTERNS[4](lab), -40.0, -5.0)


@pytest.mark.slow
def test_pattern_5_ageing_outruns_norms(lab):
    # The norm framework lowers HH hours per client by 5-40%; HH clients still rise.
    check(PATTERNS[5](lab), -40.0, -5.0)


@pytest.mark.slow
def test_pattern_6_informal_care_breaks(lab):
    # 10-30% of carers overburdened (CBS 19%); 30% lower tolerance: Wmo clients +1-20%.
    check(PATTERNS[6](lab), 1.0, 20.0)


@pytest.mark.slow
def test_pattern_7_eighteenth_birthday(lab):
    # Youth care ends for most at 18; 3-50% of the care leavers enter the Wmo within
    # two years, over twice the rate of their peers.
    check(PATTERNS[7](lab), 3.0, 50.0)


@pytest.mark.slow
def test_pattern_8_dashboard_lags(lab):
    # The last quarter shows 10-90% below its true spending at the end of the horizon.
    check(PATTERNS[8](lab), 10.0, 90.0)


@pytest.mark.slow
def test_pattern_9_concentration(lab):
    # The costliest 10% of user households: 30-80% of tailored spending, and at least 10
    # points more of them with several care services (parents' problems and their
    # children's cluster in households: Trimbos KOPP/KVO).
    check(PATTERNS[9](lab), 30.0, 80.0)


@pytest.mark.slow
def test_pattern_10_general_services_saturate(lab):
    # Half the general places: 20-150% of the lost general users come back as tailored
    # demand or unmet need.
    check(PATTERNS[10](lab), 20.0, 150.0)

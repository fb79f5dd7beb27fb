"""Named alternatives: the scenario picker, keeping alternatives, comparing them with one seed set.

A strategist keeps several packages of measures under names, picks built-in scenarios,
and compares every package with the baseline in one run. These tests step the session's
state like the page does, run a small municipality (3,000 residents, 2 years, 2
replicates) in the test process, and render the comparison's table.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import solara

from model.policies import EXTERNALS
from tests.test_ui import walk, with_class
from viz import alternatives as alts
from viz import state
from viz.alternatives_view import AlternativesResults, ScenarioPicker


def texts(root) -> list[str]:
    """All plain strings shown under ``root``."""
    return [c for w in walk(root) for c in getattr(w, "children", []) or [] if isinstance(c, str)]


@pytest.fixture()
def session(monkeypatch):
    """A fresh session: the default municipality made small, no measures, no alternatives."""
    monkeypatch.setattr(state, "WORKERS", 1)
    state.lang.value = "nl"
    state.profile.value = None
    state.preset.value = "default"
    state.enabled.value = ()
    state.values.value = {}
    state.field_errors.value = {}
    state.start.value = "2025-01"
    state.residents_text.value = "3000"
    state.years.value = 2
    state.replicates.value = 2
    alts.alternatives.value = ()
    alts.draft_name.value = ""
    alts.problem.value = None
    alts.compare_state.value = alts.CompareState()
    yield state
    alts.compare_state.value.cancel.set()


def test_picking_a_built_in_scenario_sets_its_measures_and_keeps_the_rest(session):
    external = next(iter(EXTERNALS))
    state.set_enabled(external, True)
    state.preset.value = "small"
    alts.pick(alts.BUILTIN_PREFIX + "front-door")
    levers = set(alts.builtin_scenarios()["front-door"].policies)
    assert set(state.enabled.value) == levers | {external}, (
        f"front-door switches on its levers {levers}, and the external development stays: "
        f"{state.enabled.value}"
    )
    assert state.preset.value == "small", "picking a package does not change the municipality"
    assert state.values.value["youth_demarcation"]["strictness"] == 0.8, "its parameters are set"
    assert alts.current_choice() == alts.BUILTIN_PREFIX + "front-door", "the picker marks it"
    alts.pick(alts.BUILTIN_PREFIX + "poh-ggz")
    assert set(state.enabled.value) == {"poh_ggz", external}, "the next pick replaces the levers"


def test_built_in_scenarios_are_named_for_people_in_both_languages():
    for key in alts.builtin_scenarios():
        for lang in ("nl", "en"):
            name, text = alts.builtin_name(key, lang), alts.builtin_description(key, lang)
            assert key not in name and key not in text, f"the key {key} is not on screen: {name}"
            assert name and text, f"{key} has a name and a description in {lang}"
        assert alts.builtin_name(key, "nl") != alts.builtin_name(key, "en"), f"{key}: Dutch name"


def test_four_alternatives_are_kept_named_removed_and_renamed(session):
    for lever in ("poh_ggz", "hh_norm", "youth_demarcation", "case_management"):
        state.apply_measures({lever: {}})
        assert alts.add_alternative("", "nl"), f"saving {lever} works: {alts.problem.value}"
    names = [a.name for a in alts.alternatives.value]
    assert names == [f"Alternatief {c}" for c in "ABCD"], f"default names A-D, got {names}"
    assert alts.alternatives.value[1].measures == {"hh_norm": state.policy_values("hh_norm")}, (
        "an alternative keeps the measures with all their parameters"
    )
    assert not alts.add_alternative("alternatief a", "nl"), "a name in use is refused"
    assert alts.problem.value[0] == "alt_name_taken"
    second = alts.alternatives.value[1]
    assert alts.rename_alternative(second.key, "Strenger normenkader")
    assert alts.by_key(second.key).name == "Strenger normenkader", "renamed in place"
    assert not alts.rename_alternative(second.key, "  "), "an empty name is refused"
    alts.remove_alternative(alts.alternatives.value[0].key)
    assert [a.name for a in alts.alternatives.value] == [
        "Strenger normenkader",
        "Alternatief C",
        "Alternatief D",
    ]
    assert alts.default_name("nl") == "Alternatief A", "a freed default name is offered again"
    alts.pick(second.key)
    assert state.enabled.value == ("hh_norm",), "picking a saved alternative sets its measures"


def test_an_alternative_needs_a_measure_and_at_most_six_are_kept(session):
    assert not alts.add_alternative("Niets", "nl"), "no measure on: that is the baseline"
    assert alts.problem.value[0] == "alt_need_measure"
    state.apply_measures({"poh_ggz": {}})
    for _ in range(alts.MAX_ALTERNATIVES):
        assert alts.add_alternative("", "en")
    assert not alts.add_alternative("", "en"), f"at most {alts.MAX_ALTERNATIVES} are kept"
    assert alts.problem.value == ("alt_full", {"n": alts.MAX_ALTERNATIVES})


def test_every_arm_of_a_comparison_runs_the_same_seeds(session):
    scenarios = {}
    for key, lever in (("alt-a", "poh_ggz"), ("alt-b", "hh_norm")):
        state.apply_measures({lever: {}})
        scenarios[key] = alts.scenario_of(alts.Alternative(key, key, state.current_measures()))
    specs = alts.plan(scenarios, [1, 2, 3], 2, 3000)
    seeds = {arm: sorted(s.seed for s in specs if s.arm == arm) for arm in ("baseline", *scenarios)}
    assert seeds == {"baseline": [1, 2, 3], "alt-a": [1, 2, 3], "alt-b": [1, 2, 3]}, seeds
    assert [s.arm for s in specs[:3]] == ["baseline", "alt-a", "alt-b"], "seed by seed"
    baseline = next(s.scenario for s in specs if s.arm == "baseline")
    assert not baseline.policies, "the baseline has no measures"


@pytest.fixture(scope="module")
def compared():
    """Three alternatives compared (two with the same measures), 3,000 residents, 2 years."""
    saved = (state.WORKERS, state.residents_text.value, state.years.value, state.replicates.value)
    state.WORKERS = 1
    state.profile.value, state.preset.value, state.start.value = None, "default", "2025-01"
    state.residents_text.value, state.years.value, state.replicates.value = "3000", 2, 2
    state.enabled.value, state.values.value, state.field_errors.value = (), {}, {}
    alts.alternatives.value = ()
    alts.compare_state.value = alts.CompareState()
    for name, lever in (("POH", "poh_ggz"), ("POH bis", "poh_ggz"), ("Normen", "hh_norm")):
        state.apply_measures({lever: {}})
        assert alts.add_alternative(name, "nl")
    alts.compare()
    started = time.time()
    while time.time() - started < 240:
        run = alts.compare_state.value
        if run.seconds is not None or run.error:
            break
        time.sleep(0.2)
    run = alts.compare_state.value
    state.WORKERS, state.residents_text.value, state.years.value, state.replicates.value = saved
    assert not run.error, run.error
    assert run.seconds is not None, "the comparison finished"
    return run


def test_the_comparison_runs_baseline_and_every_alternative_with_the_same_seeds(compared):
    results = compared.results
    assert set(results) == {"baseline", *compared.arms}, f"one arm per alternative: {set(results)}"
    for arm in results:
        assert sorted(results[arm]) == [1, 2], f"{arm} ran seeds 1 and 2"
    assert compared.done == compared.total == 8, "4 arms x 2 replicates"
    first, second, _ = compared.arms
    for seed in (1, 2):
        a, b = results[first][seed], results[second][seed]
        assert np.array_equal(a["net_cost_eur"], b["net_cost_eur"]), (
            "two alternatives with the same measures and seed give the same run: the arms "
            "share their random numbers"
        )
    rows = {row.indicator.key: row for row in alts.table_rows(results, compared.arms)}
    poh = rows["net_cost_eur"].diffs[0]
    assert poh.mean != 0, f"the POH changes the net cost per year: {poh}"
    assert poh.lo <= poh.mean <= poh.hi, poh
    assert rows["net_cost_eur"].diffs[0] == rows["net_cost_eur"].diffs[1], "same package, same row"
    years = alts.year_labels(results)
    assert years == ["2025", "2026"], f"calendar years, got {years}"


def test_the_table_shows_each_alternative_and_its_difference(compared):
    alts.compare_state.value = compared
    state.lang.value = "nl"
    box, rc = solara.render(AlternativesResults("nl"), handle_error=False)
    table = with_class(box, "cs-alternatives-table")
    assert len(table) == 1, "one table"
    shown = texts(table[0])
    for name in ("POH", "POH bis", "Normen"):
        assert name in shown, f"a column named {name}: {shown}"
    row = alts.table_rows(compared.results, compared.arms)[0]
    money = alts.difference_text(row.diffs[2], "money", "nl")
    assert money in shown and money.startswith("EUR "), f"the net cost difference {money}"
    assert any(s.startswith("90%: ") and " tot " in s for s in shown), "intervals in Dutch"
    assert "Netto kosten per jaar, incl. maatregelen" in shown
    assert len(with_class(table[0], "cs-alt-cell")) == 3 * len(alts.INDICATORS), "every cell"
    rc.close()


def test_the_picker_lists_built_in_and_saved_names_never_keys(compared):
    box, rc = solara.render(ScenarioPicker("en"), handle_error=False)
    shown = texts(box)
    assert "Front-door package" in shown and "Normen" in shown, shown
    assert not [s for s in shown if s in alts.builtin_scenarios()], "no registry key on screen"
    rc.close()


def test_money_is_written_one_way_per_language():
    from viz.i18n import money_mln

    assert money_mln(22_560_000, "nl") == "EUR 22,6 mln"
    assert money_mln(22_560_000, "en") == "EUR 22.6 M"
    assert money_mln(-1_234_000, "nl", signed=True) == "EUR -1,2 mln"
    assert money_mln(350_000, "nl", signed=True) == "EUR +0,35 mln"
    assert money_mln(-1, "nl", signed=True) == "EUR 0,00 mln", "no minus before a zero"


def test_a_name_being_typed_survives_the_comparisons_progress(session):
    import ipyvuetify as v

    from viz.alternatives_view import AlternativesCard

    state.apply_measures({"poh_ggz": {}})
    box, rc = solara.render(AlternativesCard("nl"), handle_error=False)
    try:
        field = with_class(box, "cs-alternative-name-new")[0]
        assert isinstance(field, v.TextField)
        field.v_model = "Huisarts eerst"  # the browser syncs what was typed
        alts.compare_state.value = alts.CompareState(version=7)  # a replicate came in: redraw
        assert with_class(box, "cs-alternative-name-new")[0].v_model == "Huisarts eerst"
        with_class(box, "cs-alternative-add")[0].click()
        assert [a.name for a in alts.alternatives.value] == ["Huisarts eerst"]
    finally:
        rc.close()

"""The what-if app without a browser: the page renders, runs a small comparison, and its helpers.

The page is rendered with Solara's test renderer and stepped like a user would: switch a
policy on, run, see the four arrows and charts, switch language. Runs use a small
municipality in the test process (one worker) so this stays fast.
"""

from __future__ import annotations

import io
import time

import ipyvuetify as v
import ipywidgets
import numpy as np
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import solara

from experiments.compare import plan_runs
from model.params import ConfigError
from model.policies import CATALOGUE
from viz.backend import (
    CUMULATIVE_SAVINGS,
    build_scenario,
    css_name,
    flows,
    four_arrows,
    profile_from_upload,
    results_tables,
    run_streaming,
    scenario_from_toml,
    scenario_toml,
    series,
    table_bytes,
)


def walk(widget):
    """The widget and all its descendants."""
    yield widget
    for child in getattr(widget, "children", None) or []:
        if isinstance(child, ipywidgets.Widget):
            yield from walk(child)


def with_class(root, name: str) -> list:
    """Widgets under ``root`` that carry the CSS class ``name``."""
    return [w for w in walk(root) if name in str(getattr(w, "class_", "") or "").split()]


def wait_until(check, timeout: float, what: str):
    """Poll ``check`` until it returns something truthy."""
    started = time.time()
    while time.time() - started < timeout:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def texts(root) -> list[str]:
    """All plain strings shown under ``root``."""
    return [c for w in walk(root) for c in getattr(w, "children", []) or [] if isinstance(c, str)]


@pytest.fixture()
def app(monkeypatch):
    """The app's page rendered, with runs in the test process and a fresh state."""
    from viz import state

    monkeypatch.setattr(state, "WORKERS", 1)
    state.lang.value = "nl"  # a fresh session's state
    state.enabled.value = ()
    state.values.value = {}
    state.field_errors.value = {}
    state.run_state.value = state.RunState()
    from viz.app import page

    box, rc = solara.render(page, handle_error=False)
    yield box, rc, state
    state.run_state.value.cancel.set()


def test_page_has_a_switch_per_policy_and_the_stable_classes(app):
    box, rc, _ = app
    for name in CATALOGUE:
        assert with_class(box, f"cs-policy-{css_name(name)}"), f"no switch for policy {name}"
    for name in ("cs-run", "cs-lang", "cs-profile-upload", "cs-residents", "cs-start"):
        assert with_class(box, name), f"no element with class {name}"
    assert with_class(box, "cs-policy-poh-ggz"), "the POH-GGZ switch is cs-policy-poh-ggz"


def test_switch_on_run_and_see_results_then_switch_language(app):
    box, rc, state = app
    state.residents_text.value = "3000"
    state.years.value = 1
    state.replicates.value = 2
    rc.find(v.Switch, class_="cs-policy-poh-ggz").widget.v_model = True
    assert state.enabled.value == ("poh_ggz",), "the switch turns the policy on"
    assert with_class(box, "cs-param-poh-ggz-coverage"), "its parameters appear when it is on"
    rc.find(v.Btn, class_="cs-run").widget.click()
    wait_until(lambda: with_class(box, "cs-chart-flows"), 90, "the flow diagram")
    arrows = with_class(box, "cs-arrow")
    assert len(arrows) == 4, f"the four VNG arrows are shown, got {len(arrows)}"
    reach = with_class(box, "cs-arrow-reach")[0]
    assert texts(with_class(reach, "cs-base")[0]), "the baseline's number is shown"
    budget = four_arrows(state.run_state.value.results)[-1]
    assert budget.scenario != budget.baseline, f"the POH changes the net cost: {budget}"
    image = wait_until(
        lambda: [
            w for w in walk(with_class(box, "cs-chart-flows")[0]) if isinstance(w, ipywidgets.Image)
        ],
        30,
        "the flow diagram's picture",
    )
    assert image, "the flow diagram is drawn"
    run = state.run_state.value
    assert run.total == 4 and run.first_seconds is not None, f"progress is reported: {run}"
    assert "Doorrekenen" in texts(rc.find(v.Btn, class_="cs-run").widget), "Dutch by default"
    rc.find(v.BtnToggle, class_="cs-lang").widget.v_model = 1  # the EN button
    wait_until(lambda: "Run" in texts(rc.find(v.Btn, class_="cs-run").widget), 10, "English labels")
    assert state.lang.value == "en", "the language switch sets English"


def test_contributions_of_each_measure_are_shown_when_asked(app):
    box, rc, state = app
    state.residents_text.value = "3000"
    state.years.value = 1
    state.replicates.value = 2
    state.contributions.value = True
    state.set_enabled("hh_norm", True)
    state.set_enabled("case_management", True)
    state.run_comparison()
    wait_until(lambda: state.run_state.value.contributions is not None, 90, "contributions")
    levers = set(state.run_state.value.contributions.column("lever").to_pylist())
    assert levers == {"hh_norm", "case_management"}, f"one contribution per measure: {levers}"
    state.contributions.value = False


def test_a_bad_value_is_shown_next_to_its_field_and_blocks_the_run(app):
    box, rc, state = app
    state.set_enabled("poh_ggz", True)
    state.set_policy_value("poh_ggz", "cost_per_fte_year", -5.0)
    assert "poh_ggz.cost_per_fte_year" in state.field_errors.value, "the range is checked"
    assert rc.find(v.Btn, class_="cs-run").widget.disabled, "run waits until the field is fixed"
    state.set_policy_value("poh_ggz", "cost_per_fte_year", 90000.0)
    assert not rc.find(v.Btn, class_="cs-run").widget.disabled, "fixed: run is possible again"


# -- the backend the app calls ------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_results():
    scenario = build_scenario("t", "default", None, "2025-01", {"poh_ggz": {}})
    specs = plan_runs(scenario, [1, 2], 1, None, 8000, False)
    seen: list[int] = []
    results = run_streaming(specs, 1, on_pairs=lambda r: seen.append(len(r["baseline"])))
    assert seen == [1, 2], f"each finished pair of replicates is published, got {seen}"
    return results


def test_summaries_of_a_small_comparison(small_results):
    s = series(small_results, "clients_youth")
    assert s.baseline.mean.shape == (12,) and s.replicates == 2, "monthly bands over replicates"
    assert np.all(s.diff.lo <= s.diff.hi), "intervals are ordered"
    saving = series(small_results, CUMULATIVE_SAVINGS)
    assert saving.diff.mean.shape == (12,), "cumulative savings month by month"
    assert {a.key for a in four_arrows(small_results)} == {
        "reach",
        "availability",
        "quality",
        "budget",
    }, "the four VNG arrows"
    assert flows(small_results, "scenario")["poh_helped"] > 0, "the POH helps youths"
    assert flows(small_results, "baseline")["poh_helped"] == 0, "no POH in the baseline"


def test_exports_read_back(small_results):
    tables = results_tables(small_results)
    csv = pacsv.read_csv(io.BytesIO(table_bytes(tables["comparison"], "csv")))
    assert {"indicator", "year", "diff_mean"} <= set(csv.column_names), "yearly table columns"
    parquet = pq.read_table(io.BytesIO(table_bytes(tables["replicates"], "parquet")))
    assert set(parquet.column("arm").to_pylist()) == {"baseline", "scenario"}, "both arms"


def test_scenario_files_round_trip_and_bad_files_fail_clearly(tmp_path):
    scenario = build_scenario("x", "small", None, "2026-03", {"hh_norm": {"exempt_90_plus": 1}})
    again = scenario_from_toml(scenario_toml(scenario).encode(), "x.toml")
    assert again == scenario, "a saved scenario loads back unchanged"
    with pytest.raises(ConfigError, match="not valid TOML"):
        scenario_from_toml(b"[scenario\nname=", "bad.toml")
    with pytest.raises(ConfigError, match="start"):
        build_scenario("x", "default", None, "2025-13", {})
    with pytest.raises(ConfigError, match="residents"):
        profile_from_upload(b"[population]\nresidents = -5\n", "bad.toml", tmp_path)
    profile, path = profile_from_upload(b"[population]\nresidents = 12000\n", "mine.toml", tmp_path)
    assert profile["population.residents"] == 12000 and path.exists(), "a good profile is kept"


def test_ui_command_is_registered(monkeypatch):
    from experiments import cli as carescape_cli
    from tests.helpers import declared_commands
    from viz.cli import OFFLINE_ENV, server_command

    # pyproject's entry points (the installed ones: test_cli.py checks they match)
    monkeypatch.setattr(carescape_cli, "entry_points", lambda group: declared_commands())
    args = carescape_cli.build_parser().parse_args(["ui", "--port", "9999"])
    assert (args.host, args.port) == ("127.0.0.1", 9999), "binds to 127.0.0.1 by default"
    command = server_command("127.0.0.1", 9999)
    assert "--production" in command and "--no-check-version" in command, "no calls home"
    assert OFFLINE_ENV["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False", "no telemetry"

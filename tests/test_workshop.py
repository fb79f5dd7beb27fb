"""The workshop page without a browser: its model factory, its parameters, and the page stepped.

The factory is Mesa's way in: SolaraViz rebuilds the model by calling its class with the
parameter panel's keyword arguments. These tests check that the switches become the
catalogue's policies and nothing else, and render the page (Mesa's controls included)
with Solara's test renderer to press Step and Reset like a facilitator.
"""

from __future__ import annotations

import time

import ipyvuetify as v
import ipywidgets
import numpy as np
import pytest
import solara
from mesa.visualization.solara_viz import _build_model_init_kwargs, _check_model_params

from model.care_model import CareModel
from model.params import ConfigError
from model.policies import CATALOGUE, LEVERS
from viz import state
from viz.workshop import (
    CHARTS,
    DEFAULT_RESIDENTS,
    WORKSHOP_POLICIES,
    Layout,
    WorkshopModel,
    model_params,
    page,
)

SMALL = 5000  # residents: the factory tests need no full workshop municipality


def test_every_switch_is_a_lever_of_the_catalogue_and_the_factory_takes_no_other():
    with pytest.raises(ConfigError, match="not a workshop measure"):
        WorkshopModel(residents=SMALL, voorvel=True)
    for name in WORKSHOP_POLICIES:
        assert name in LEVERS, f"{name} is a lever in the policy catalogue"
    for lang in ("nl", "en"):
        params = model_params(lang)
        assert set(WORKSHOP_POLICIES) <= set(params), "a switch per workshop measure"
        _check_model_params(WorkshopModel.__init__, params)  # Mesa's own check passes


def test_switches_on_build_the_catalogue_policies_and_the_model_steps():
    model = WorkshopModel(
        residents=SMALL, rng=3, start_month=2, **dict.fromkeys(WORKSHOP_POLICIES, True)
    )
    assert [type(p) for p in model.policies] == [CATALOGUE[n] for n in WORKSHOP_POLICIES], (
        "every switch that is on becomes its catalogue policy, in catalogue order"
    )
    assert all(p.params["start_month"] == 2 for p in model.policies), "the start month is passed"
    for _ in range(4):
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 4, f"one row per month for Mesa's plots, got {len(frame)}"
    for spec in CHARTS:
        for name in spec.measure:
            assert frame[name].notna().all(), f"chart {spec.key} has data for {name}"
    acted = [p.name for p in model.policies if p.records]
    assert acted == list(WORKSHOP_POLICIES), f"all measures act from month 2, got {acted}"


def test_with_all_switches_off_the_factory_is_the_plain_care_model():
    workshop = WorkshopModel(residents=SMALL, rng=5)
    plain = CareModel(residents=SMALL, rng=5, years=workshop.years, start="2025-01")
    for _ in range(3):
        workshop.step()
        plain.step()
    for name in ("clients_wmo", "users_general", "spend_total_eur", "wellbeing_with_need"):
        got = [r[name] for r in workshop.records]
        want = [r[name] for r in plain.records]
        assert np.allclose(got, want), f"no switch on: {name} as CareModel, {got} vs {want}"
    assert workshop.policies == [], "no switch on: no policies"


def test_mesa_reset_rebuilds_the_factory_from_the_panel_values():
    model = WorkshopModel(residents=SMALL)
    panel = {k: p["value"] for k, p in model_params("nl").items()}
    panel.update(residents=SMALL, rng=4, poh_ggz=True, voorveld=True)
    kwargs = _build_model_init_kwargs(
        model, panel, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    rebuilt = type(model)(**kwargs)  # what Mesa's Reset button does
    assert rebuilt.switched_on == ("poh_ggz", "voorveld"), f"got {rebuilt.switched_on}"
    assert rebuilt.seed == 4, "the seed slider reaches the model"
    assert rebuilt.profile["population.residents"] == SMALL, "the residents slider too"


# -- the page, rendered -------------------------------------------------------------------------
def walk(widget):
    """The widget and its descendants (grid items included)."""
    yield widget
    for attr in ("children", "items"):
        for child in getattr(widget, attr, None) or []:
            if isinstance(child, ipywidgets.Widget):
                yield from walk(child)


def texts(root) -> str:
    """All plain strings under ``root``, joined."""
    return " ".join(
        c for w in walk(root) for c in getattr(w, "children", []) or [] if isinstance(c, str)
    )


def charts(root) -> dict[str, bytes]:
    """The chart pictures by chart key (the ``cs-chart-<key>`` class of their column)."""
    found = {}
    for widget in walk(root):
        classes = str(getattr(widget, "class_", "") or "").split()
        keys = [c.removeprefix("cs-chart-") for c in classes if c.startswith("cs-chart-")]
        if keys:
            images = [w for w in walk(widget) if isinstance(w, ipywidgets.Image)]
            found[keys[0]] = bytes(images[0].value) if images else b""
    return found


@pytest.fixture()
def workshop():
    """The workshop page rendered inside its layout (Mesa's controls are in the sidebar)."""
    state.lang.value = "nl"
    box, rc = solara.render(Layout(children=[page]), handle_error=False)
    yield box, rc
    rc.close()
    state.lang.value = "nl"


def test_page_steps_a_month_per_click_and_redraws_every_chart(workshop):
    box, rc = workshop
    assert "nog niet gestart" in texts(box), "before the first step the page says so"
    before = charts(box)
    assert set(before) == {spec.key for spec in CHARTS}, f"five charts, got {sorted(before)}"
    step = rc.find(v.Btn, children=["Step"]).widget
    started = time.perf_counter()
    step.click()
    seconds = time.perf_counter() - started
    assert "maand 1 van 120" in texts(box), "one click, one month"
    after = charts(box)
    changed = [k for k in after if after[k] != before[k] and after[k].startswith(b"\x89PNG")]
    assert sorted(changed) == sorted(after), f"every chart is redrawn, changed: {changed}"
    step.click()
    assert "maand 2 van 120" in texts(box), "the second click, the second month"
    assert seconds < 5, f"a month with its redraw takes {seconds:.2f} s at the default size"


def test_switch_a_measure_and_reset_rebuilds_the_municipality(workshop):
    box, rc = workshop
    rc.find(v.Btn, children=["Step"]).widget.click()
    rc.find(v.Checkbox, label="POH-GGZ jeugd bij de huisarts").widget.v_model = True
    rc.find(v.Btn, children=["Reset"]).widget.click()
    shown = texts(box)
    assert "Maatregelen: POH-GGZ jeugd bij de huisarts" in shown, "the status names the measure"
    assert "nog niet gestart" in shown, "Reset starts the month count again"
    assert f"{DEFAULT_RESIDENTS:,}".replace(",", ".") in shown, "the default municipality size"
    state.lang.value = "en"
    assert "not started" in texts(box), "the page follows the session language"


def test_the_workshop_is_a_route_of_the_ui_and_the_cli_points_to_it(capsys, monkeypatch, tmp_path):
    from experiments import cli as carescape_cli
    from tests.helpers import declared_commands
    from viz import app, cli, workshop

    monkeypatch.setattr(carescape_cli, "entry_points", lambda group: declared_commands())
    build_parser = carescape_cli.build_parser
    paths = {route.path: route.component for route in app.routes}
    assert paths == {"/": app.Page, "workshop": workshop.Page}, f"two pages: {paths}"
    args = build_parser().parse_args(["ui", "--workshop", "--port", "9999"])
    assert args.workshop, "carescape ui --workshop is accepted"
    monkeypatch.setattr(cli, "run_child", lambda *a, **k: 0)  # no server
    (tmp_path / "requirejs@2.3.6").mkdir()  # the front-end files, as far as the check looks
    monkeypatch.setattr(cli, "cdn_folder", lambda: tmp_path)
    assert cli.cmd_ui(args) == 0, "the command starts the (stubbed) server"
    assert "http://127.0.0.1:9999/workshop" in capsys.readouterr().out, "it prints the address"

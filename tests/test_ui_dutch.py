"""Dutch mode is Dutch: no English text of the app and no parameter key on the Dutch page.

The page is rendered with Solara's test renderer (fast, no browser) with every measure
and external development switched on, so every lever's explanation, fields and sources
are on screen; then a small comparison is run and the results are read as well. The
English strings come from the app's own declarations: the English side of
``viz.i18n.TEXT`` where it differs from the Dutch, the levers' English titles, labels
and sources.
"""

from __future__ import annotations

import re

import ipywidgets
import pytest

from model.params import REGISTRY
from model.policies import CATALOGUE
from tests.test_ui import app, wait_until, walk, with_class  # noqa: F401 - the fixture
from viz.i18n import TEXT

ATTRIBUTES = ("label", "placeholder", "hint", "messages", "error_messages", "title")
# A parameter key: snake_case (help_mild, poh_ggz) or a registry name (gp.poh_cases_...).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
DOTTED = re.compile(
    r"\b(?:" + "|".join(sorted({n.split(".")[0] for n in REGISTRY})) + r")\.[a-z_0-9]+\b"
)
PRESET_KEYS = re.compile(r"\b(?:default|city|small)\b")


def shown(root) -> list[str]:
    """Every text a user can read under ``root``: children, labels, hints, list items."""
    out: list[str] = []
    for widget in walk(root):
        for child in getattr(widget, "children", None) or []:
            if isinstance(child, str):
                out.append(child)
        for name in ATTRIBUTES:
            value = getattr(widget, name, None)
            if isinstance(value, str) and value:
                out.append(value)
        for item in getattr(widget, "items", None) or []:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                out.append(item["text"])
    return [text.strip() for text in out if text.strip()]


def english_strings() -> tuple[list[str], set[str]]:
    """(fragments of 12+ characters to find anywhere, short texts to find as a whole)."""
    english: list[str] = [en for nl, en in TEXT.values() if en != nl]
    for cls in CATALOGUE.values():
        english += [cls.label, cls.mechanism_en]
        for spec in cls.declared().values():
            if spec.label_nl and spec.label_nl != spec.unit:
                english.append(spec.unit.replace(" (1 = yes)", ""))
            if spec.source_nl and spec.source_nl != spec.source:
                english.append(spec.source)
            for nl, en in (spec.choice_labels or {}).values():
                if en != nl:
                    english.append(en)
    fragments, whole = [], set()
    for text in english:
        pieces = [p.strip(" .,:;()") for p in re.split(r"\{[^}]*\}", text)]
        long = [p for p in pieces if len(p) >= 12]
        fragments += long
        if not long and "{" not in text:
            whole.add(text.strip())
    return fragments, whole


def assert_dutch(texts: list[str], where: str) -> None:
    """No English string of the app and no parameter key among ``texts``."""
    fragments, whole = english_strings()
    page = "\n".join(texts)
    english = sorted({f for f in fragments if f in page} | (whole & set(texts)))
    assert not english, f"{where}: English on the Dutch page: {english}"
    keys = sorted({m for t in texts for m in SNAKE.findall(t) + DOTTED.findall(t)})
    assert not keys, f"{where}: parameter keys on the Dutch page: {keys}"


@pytest.fixture()
def everything_on(app):  # noqa: F811 - the fixture imported above
    """The Dutch page with every measure and external development switched on."""
    box, rc, state = app
    state.enabled.value = tuple(CATALOGUE)  # at once: one redraw, not one per measure
    yield box, rc, state
    state.enabled.value = ()


def test_the_dutch_page_with_every_measure_on_has_no_english_and_no_keys(everything_on):
    box, _, state = everything_on
    assert state.lang.value == "nl"
    texts = shown(box)
    assert any(t.startswith("Bron: keuze van de gemeente") for t in texts), "Dutch sources"
    assert_dutch(texts, "controls")


def test_the_checker_finds_english_and_keys():
    """The test above can fail: English words and keys are caught."""
    with pytest.raises(AssertionError, match="English"):
        assert_dutch(["Bron: as help_mild", "Source"], "probe")
    with pytest.raises(AssertionError, match="keys"):
        assert_dutch(["zie gp.poh_cases_per_fte_month"], "probe")


def test_dutch_results_name_the_municipality_and_state_money_once(app):  # noqa: F811
    box, _, state = app
    state.residents_text.value = "3000"
    state.years.value = 1
    state.replicates.value = 2
    for name in ("poh_ggz", "hh_norm", "voorveld"):
        state.set_enabled(name, True)
    state.run_comparison()
    wait_until(lambda: with_class(box, "cs-chart-flows"), 120, "the results")
    wait_until(lambda: not state.run_state.value.running, 120, "the end of the run")
    summary = " ".join(shown(with_class(box, "cs-run-summary")[0]))
    assert "Gemiddeld, ca. 45.000 inwoners" in summary, summary
    assert not PRESET_KEYS.search(summary), f"an internal preset name: {summary}"
    saving = " ".join(shown(with_class(box, "cs-kpi-saving")[0]))
    assert re.search(r"EUR -?\d+,\d+ mln", saving), f"EUR 22,6 mln: {saving}"
    assert "prijspeil 2025" in saving and " mln en EUR " in saving, f"prices, interval: {saving}"
    assert "±" not in saving, saving
    budget = " ".join(shown(with_class(box, "cs-arrow-budget")[0]))
    assert re.search(r"EUR \d+,\d+ mln", budget) and "mln €" not in budget, budget
    assert_dutch(shown(box), "results")
    state.enabled.value = ()
    state.residents_text.value, state.years.value, state.replicates.value = "", 10, 5


def test_a_run_without_measures_says_there_is_nothing_to_compare(app):  # noqa: F811
    box, rc, state = app
    import ipyvuetify as v

    button = rc.find(v.Btn, class_="cs-run").widget
    assert button.disabled, "no measure: the run button waits"
    reason = " ".join(shown(with_class(box, "cs-run-blocked")[0]))
    assert "niets te vergelijken" in reason, reason
    state.run_comparison()  # the backstop (a threaded task)
    error = wait_until(lambda: state.run_state.value.error, 30, "the refusal")
    assert "niets te vergelijken" in error, error
    assert not [w for w in walk(box) if isinstance(w, ipywidgets.Image)], "no page of zeros"


def test_the_english_page_shows_no_parameter_keys_either(everything_on):
    box, _, state = everything_on
    state.lang.value = "en"
    try:

        def english() -> list[str] | None:
            texts = shown(box)
            return texts if any(x.startswith("Source:") for x in texts) else None

        texts = wait_until(english, 10, "the English page")
        keys = sorted({m for t in texts for m in SNAKE.findall(t) + DOTTED.findall(t)})
        assert not keys, f"parameter keys on the English page: {keys}"
        assert not any("(1 = yes)" in t for t in texts), "a checkbox is a plain sentence"
    finally:
        state.lang.value = "nl"


def test_every_measure_explains_itself_in_both_languages_without_keys():
    for name, cls in CATALOGUE.items():
        for text in (cls.mechanism_nl, cls.mechanism_en):
            assert text, f"{name}: no plain-language mechanism in one of the languages"
            keys = SNAKE.findall(text) + DOTTED.findall(text)
            assert not keys, f"{name}: parameter keys in its explanation: {keys}"


def test_a_start_after_the_horizon_is_said_in_dutch_before_the_run(app):  # noqa: F811
    box, rc, state = app
    state.set_enabled("poh_ggz", True)
    state.set_policy_value("poh_ggz", "start_month", 30)
    state.years.value = 2  # shortened after the start was set: 24 months
    reason = wait_until(lambda: with_class(box, "cs-run-blocked"), 10, "the reason")
    text = " ".join(shown(reason[0]))
    assert "de start ligt na het einde van de looptijd" in text, text
    assert not SNAKE.findall(text), text
    state.years.value = 10
    state.values.value = {}
    state.enabled.value = ()


def test_money_that_rounds_to_zero_has_no_minus_sign():
    from viz.i18n import money_mln, number

    assert money_mln(-4_000.0, "nl") == "EUR 0,00 mln"
    assert money_mln(-6_000.0, "nl") == "EUR -0,01 mln"
    assert money_mln(-1_234_567.0, "en") == "EUR -1.2 M"
    assert number(-0.4, "nl") == "0" and number(-1_500.0, "nl") == "-1.500"

"""The results' sentences, on screen and in the council report, say what the numbers say.

The report is what a council member reads; these tests hold its wording to the
numbers: measure names keep their acronyms, a built-in municipality is named as a
municipality (not by the picker's label), ranges read "tussen ... en ...", and early
results of one run give no verdict (one run has no interval).
"""

from __future__ import annotations

import io
import re

import pytest
import solara
from openpyxl import load_workbook

from experiments.compare import plan_runs
from viz import state
from viz.backend import Results, build_scenario, four_arrows, run_streaming
from viz.export_tables import RunContext, settings_table
from viz.headline import (
    Saving,
    arrow_values,
    count,
    headline_kpis,
    saving,
    saving_explained,
)
from viz.i18n import t
from viz.report import in_sentence, question
from viz.spreadsheet import xlsx_bytes

YEARS = 2


@pytest.fixture(scope="module")
def results() -> Results:
    """A small comparison of the HH norm framework: 2,000 residents, 2 years, 2 replicates."""
    scenario = build_scenario("t", "default", None, "2025-01", {"hh_norm": {}})
    return run_streaming(plan_runs(scenario, [1, 2], YEARS, None, 2000, False), 1)


def _context(preset: str | None, policies: tuple[str, ...], name: str = "") -> RunContext:
    profile = None if preset else "eigen.toml"  # an own municipality: its profile file
    scenario = build_scenario("t", preset, profile, "2025-01", {p: {} for p in policies})
    return RunContext(scenario, 10, name or "Gemiddeld, ca. 45.000 inwoners")


def test_the_question_keeps_acronyms_and_lowercases_ordinary_words():
    text = question(_context("default", ("poh_ggz", "hh_norm")), "nl")
    assert "Wat doen POH-GGZ jeugd bij de huisarts en normenkader hulp" in text, text
    assert "pOH" not in text, f"an acronym is not lowercased: {text}"
    assert in_sentence("Wmo-loket op afspraak") == "Wmo-loket op afspraak", "a law keeps its W"
    assert in_sentence("Indicatieduur") == "indicatieduur", "an ordinary word is lowercased"


def test_the_question_names_a_builtin_municipality_as_a_municipality():
    for preset, nl, en in (
        ("default", "in een gemiddelde gemeente van ca. 45.000 inwoners over",
         "in an average municipality of about 45,000 residents over"),
        ("small", "in een kleine, landelijke gemeente van ca. 25.000 inwoners over",
         "in a small rural municipality of about 25,000 residents over"),
        ("city", "in een stad van ca. 160.000 inwoners over",
         "in a city of about 160,000 residents over"),
    ):  # fmt: skip
        context = _context(preset, ("hh_norm",), name="Stad, ca. 160.000")
        assert nl in question(context, "nl"), question(context, "nl")
        assert en in question(context, "en"), question(context, "en")
        assert "ca. 160.000 over" not in question(context, "nl"), "not the picker's label"


def test_the_question_keeps_an_own_municipality_s_name():
    context = _context(None, ("hh_norm",), name="Zaanstad")
    assert "normenkader hulp bij het huishouden in Zaanstad over 10 jaar" in question(
        context, "nl"
    ), question(context, "nl")
    assert "HH norm framework do in Zaanstad over 10 years" in question(context, "en")


def test_the_headline_interval_reads_between_and_in_both_languages(results):
    """ "tussen EUR 7,9 tot 19,2 mln" is bad Dutch; the report's sentence says it the same way."""
    for lang, between in (("nl", r"tussen EUR \S+ mln en EUR \S+ mln"),
                          ("en", r"between EUR \S+ M and EUR \S+ M")):  # fmt: skip
        label = headline_kpis(results, YEARS, lang)[0].label
        found = re.search(between, label)
        assert found and " tot " not in label, label
        interval = saving_explained(saving(results), YEARS, lang)[1]
        assert found[0] in interval, f"the same range: {label} / {interval}"


def test_the_report_says_single_runs_spread_more_only_when_they_do():
    """Two runs of 12,7 and 14,5 mln give a mean interval of 7,9 to 19,2 mln: narrower runs."""
    narrow = Saving(13.6e6, 7.9e6, 19.2e6, 2, 2, 12.7e6, 14.5e6)
    nl, en = (saving_explained(narrow, 10, lang)[2] for lang in ("nl", "en"))
    assert "spreidt meer" not in nl and "spreads more" not in en, f"false: {nl} / {en}"
    assert "lag tussen EUR 12,7 mln en EUR 14,5 mln" in nl, nl
    assert "lay between EUR 12.7 M and EUR 14.5 M" in en, en
    wide = Saving(13.6e6, 12.0e6, 15.0e6, 10, 9, -1.0e6, 20.0e6)
    nl, en = (saving_explained(wide, 10, lang)[2] for lang in ("nl", "en"))
    assert nl.startswith("Eén doorrekening spreidt meer dan dat interval"), nl
    assert en.startswith("A single run spreads more than that interval"), en
    assert "in 9 van de 10 doorrekeningen" in nl, nl


def _first_run(results: Results) -> Results:
    """The results as they stream in: the first finished pair of runs only."""
    return {arm: {1: runs[1]} for arm, runs in results.items()}


def test_one_run_gives_no_verdict_on_the_arrows_or_the_headline(results):
    """One run has no interval: no "90% zekerheid", no better/worse that turns over later."""
    one = _first_run(results)
    for arrow in four_arrows(one):
        assert arrow.verdict == "too_few" and arrow.direction == 0, f"no verdict: {arrow}"
    assert t("too_few", "nl") == "nog geen oordeel"
    for lang, waits in (("nl", "nog te weinig doorrekeningen voor een oordeel"),
                        ("en", "too few runs for a verdict yet")):  # fmt: skip
        kpis = headline_kpis(one, YEARS, lang)
        assert waits in kpis[0].label and "90%" not in kpis[0].label, kpis[0].label
        assert all(kpi.tone == "" for kpi in kpis), f"no good/bad colour: {kpis}"
        report = " ".join(saving_explained(saving(one), YEARS, lang))
        assert "90%" not in report, f"no interval of one run in the report: {report}"
    nl = saving_explained(saving(one), YEARS, "nl")[0]
    assert nl.startswith("Gemiddeld over 1 doorrekening:"), nl
    assert {a.verdict for a in four_arrows(results)} <= {"better", "worse", "same"}, "2 runs"


def test_replicates_are_counted_in_the_singular_and_plural():
    assert count(1, "replicates_one", "replicates_many", "nl") == "1 herhaling"
    assert count(2, "replicates_one", "replicates_many", "nl") == "2 herhalingen"
    assert count(1, "replicates_one", "replicates_many", "en") == "1 replicate"
    assert count(1000, "runs_one", "runs_many", "nl") == "1.000 doorrekeningen"


def test_the_page_says_the_verdict_waits_for_more_runs(results):
    """The app's run line and the arrows while only the first run is in."""
    from tests.test_ui import texts, with_class
    from viz.app import Results as ResultsView

    scenario = build_scenario("t", "default", None, "2025-01", {"hh_norm": {}})
    state.run_state.value = state.RunState(results=_first_run(results), scenario=scenario, years=2)
    try:
        box, rc = solara.render(ResultsView("nl"), handle_error=False)
        line = " ".join(texts(with_class(box, "cs-run-summary")[0]))
        assert line.endswith("· 1 herhaling"), line
        assert with_class(box, "cs-too-few"), "the arrows say their verdict waits"
        verdicts = [" ".join(texts(w)) for w in with_class(box, "cs-verdict")]
        assert verdicts == ["nog geen oordeel"] * 4, verdicts
        rc.close()
    finally:
        state.run_state.value = state.RunState()


def test_the_budget_arrow_in_the_report_and_picture_is_in_the_app_s_money_format(results):
    """ "33,30 mln €" / "33.30 EUR m" were a second money style beside "EUR 33,3 mln"."""
    budget = four_arrows(results)[-1]
    for lang, pattern in (("nl", r"EUR \d+,\d+ mln"), ("en", r"EUR \d+\.\d+ M")):
        for text in arrow_values(budget, lang):
            assert re.fullmatch(pattern, text), f"{text!r} is not like {pattern}"


def test_the_headline_counts_residents_with_a_thousands_separator(results):
    """ "+1520 inwoners" beside "1.520" in the district table; shares by the same helper."""
    more = {arm: dict(runs) for arm, runs in results.items()}
    for seed, run in results["scenario"].items():
        base = results["baseline"][seed]
        more["scenario"][seed] = run | {
            "unmet_need": base["unmet_need"] + 1520,
            "tailored_share": base["tailored_share"] + 0.01234,
        }
    for lang, unmet, share in (("nl", "+1.520 inwoners", "+1,2 %-punt"),
                               ("en", "+1,520 residents", "+1.2 %-points")):  # fmt: skip
        values = {kpi.key: kpi.value for kpi in headline_kpis(more, YEARS, lang)}
        assert values["unmet"] == unmet, values
        assert values["tailored"] == share, values


def test_settings_say_yes_no_and_shares_as_percentages_in_the_sheet(results):
    """A switch's "0" reads as a count and a share's "1" as one; the sheet says ja / 100%."""
    scenario = build_scenario(
        "t", "default", None, "2025-01",
        {"hh_norm": {"apply_at_review": 1, "fortnightly_share": 0.25}, "poh_ggz": {}},
    )  # fmt: skip
    context = RunContext(scenario, YEARS, "Testgemeente")
    for lang, expected in (
        ("nl", {"90-plussers houden de oude methode": "nee",
                "ook lopende indicaties herbeoordelen": "ja",
                "aandeel lichte cliënten met hulp eens per twee weken": "25%",
                "aandeel huisartspraktijken met een POH-GGZ jeugd": "100%",
                "nieuwe casussen per fte per maand": "12"}),
        ("en", {"residents aged 90+ keep the old method": "no",
                "also re-assess running indications at review": "yes",
                "share of GP practices with a POH-GGZ jeugd": "100%"}),
    ):  # fmt: skip
        book = load_workbook(io.BytesIO(xlsx_bytes([settings_table(context, results, lang)], lang)))
        sheet = book.worksheets[0]
        shown = {row[0].value.strip(): row[1].value for row in sheet.iter_rows(min_row=3)}
        for what, value in expected.items():
            assert shown.get(what) == value, f"{what}: {shown.get(what)!r}, not {value!r}"

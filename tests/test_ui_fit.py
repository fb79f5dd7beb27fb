"""The app's own-municipality path without a browser: figures upload, problems, fit, picker.

The fit runs in the test process (one worker) at 3,000 residents over 1 year with a few
trials, so the whole path (upload -> fit -> picker -> what-if) stays a few seconds.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import ipyvuetify as v
import pytest
import solara

from experiments import figures
from model.params import ConfigError
from tests.test_ui import texts, wait_until, with_class
from viz import fit, i18n

DEFAULT = figures.figures_folder() / "default.toml"


def bad_figures() -> bytes:
    """The default's own figures with five problems (two from one wrong share)."""
    text = DEFAULT.read_text(encoding="utf-8")
    for old, new in {
        '"district_5" = 9000': '"district_5" = 19000',
        "hh_per_1000 = 31.0": "hh_per_1000 = 150.0",
        "wmo_eur_per_resident = 226": "wmo_eur_per_resident = -226",
        "low_share = 0.3": "low_share = 30",
    }.items():
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def test_bad_figures_give_every_problem_at_once_in_dutch_and_keep_nothing(tmp_path):
    with pytest.raises(figures.FiguresError) as caught:
        fit.figures_from_upload(bad_figures(), "bad.toml", tmp_path)
    assert list(tmp_path.iterdir()) == [], "nothing is kept of a refused figures file"
    problems = caught.value.problems
    codes = {p.code for p in problems}
    assert codes == {"district_sum", "hh_over_75", "negative", "share_range", "income_sum"}
    assert "bad.toml: 5 problems in the figures: " in str(caught.value), "the CLI's line stays"
    dutch = [i18n.figure_problem(p, "nl") for p in problems]
    english = [i18n.figure_problem(p, "en") for p in problems]
    joined = "\n".join(dutch)
    assert "de wijken (districts.*) tellen op tot 55.000, niet tot" in joined, joined
    assert "municipality.residents = 45.000; toegestaan: hooguit 1% verschil" in joined
    assert "wmo.hh_per_1000 (per 1.000 inwoners) = 150 betekent 6.750 cliënten" in joined
    assert (
        "budget.wmo_eur_per_resident (euro per inwoner per jaar) = -226,1386: negatief; "
        "toegestaan: een getal ≥ 0" in joined
    )
    assert "income.low_share (aandeel van de huishoudens (0-1)) = 30: een aandeel" in joined
    assert "allowed" not in joined and "population." not in joined, "Dutch, no registry keys"
    assert any("6,750 home-help clients" in e for e in english), english


def test_every_figure_unit_and_problem_code_has_a_dutch_text():
    for f in figures.FIGURES:
        assert f.unit in i18n.FIGURE_UNIT_NL, f"no Dutch unit for {f.name}: {f.unit!r}"
    codes = {
        "unknown", "text", "not_number", "negative", "share_range", "percent_range",
        "district_value", "missing", "zero_residents", "age_incomplete", "age_sum",
        "district_sum", "single_over_total", "hh_over_75", "income_sum", "derived",
        "csv_header", "csv_empty", "csv_row", "csv_encoding", "csv_dots",
    }  # fmt: skip
    source = (figures.__file__ and open(figures.__file__, encoding="utf-8").read()) or ""
    used = {c for c in codes if f'"{c}"' in source}
    assert used == codes, f"codes the checker uses: {used ^ codes}"
    for code in codes:
        nl, en = i18n.TEXT[f"fp_{code}"]
        assert nl != en, f"fp_{code} is translated"


def filled(template: bytes, values: dict, dutch: bool) -> bytes:
    """A downloaded CSV template with the values filled in as Excel writes them.

    Dutch Excel: ``;`` and decimal commas; English: ``,`` and points. The districts beyond
    the template's one row are added.
    """
    text = template.decode("utf-8-sig")
    delimiter = ";" if dutch else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    districts = [k.split(".")[1] for k in values if k.startswith("districts.")]
    rows += [["districts", k, "", "", ""] for k in districts]
    rows = list({(r[0], r[1]): r for r in rows}.values())  # district_1 once
    for row in rows[1:]:
        value = values.get(f"{row[0]}.{row[1]}", "")
        row[2] = str(value).replace(".", ",") if dutch and isinstance(value, float) else value
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_the_dutch_csv_template_is_dutch_and_round_trips_like_the_english_one(tmp_path):
    files = fit.template_files()
    dutch = files[fit.DUTCH_TEMPLATE].decode("utf-8-sig")
    english = files["template.csv"].decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(dutch), delimiter=";"))
    assert header == ["sectie", "sleutel", "waarde", "eenheid", "bron"], header
    en_rows = list(csv.reader(io.StringIO(english)))[1:]
    assert [r[:2] for r in rows] == [r[:2] for r in en_rows], "the same keys, in order"
    assert {r[3] for r in rows} <= set(i18n.FIGURE_UNIT_NL.values()), "Dutch units"
    for word in ("your", "related", "low income", "top", "annual", "formation", "subsidy", "GP"):
        assert not any(word in r[4] for r in rows), f"an English source: {word}"
    # the default's own figures, filled in each template and read back: the same figures
    values = figures.read_figures(DEFAULT)
    read = {}
    for name, template, is_dutch in (
        ("nl.csv", files[fit.DUTCH_TEMPLATE], True),
        ("en.csv", files["template.csv"], False),
    ):
        (tmp_path / name).write_bytes(filled(template, values, is_dutch))
        read[name] = figures.read_figures(tmp_path / name)
    assert read["nl.csv"] == read["en.csv"] == values
    upload = fit.figures_from_upload(
        filled(files[fit.DUTCH_TEMPLATE], values, True), "d.csv", tmp_path
    )
    assert (upload.name, upload.residents) == ("default", 45_000), "the Dutch file builds"


def test_a_dutch_headed_semicolon_csv_is_read():
    text = "Sectie;Sleutel;Waarde\nmunicipality;name;Ons Dorp\naccess;team_fte;21,5\n"
    assert figures.parse_csv(text, "x.csv") == {
        "municipality.name": "Ons Dorp",
        "access.team_fte": 21.5,
    }
    text = "sectie,sleutel,waarde\nmunicipality,name,Ons Dorp\naccess,team_fte,21.5\n"
    assert figures.parse_csv(text, "x.csv")["access.team_fte"] == 21.5


def test_a_dotted_thousand_in_a_dutch_csv_is_refused_not_read_as_a_decimal(tmp_path):
    """45.000 typed in a ';' file means forty-five thousand to a Dutch writer: it was read
    as 45. Refused with the row, the figure and what to write instead."""
    from viz import state

    text = "sectie;sleutel;waarde\nmunicipality;residents;45.000\naccess;team_fte;0.5\n"
    with pytest.raises(ConfigError) as caught:
        figures.parse_csv(text, "x.csv")
    (line,) = state.figures_messages(caught.value, "nl")
    assert line.startswith("regel 2: municipality.residents") and "45.000" in line, line
    assert "dubbelzinnig" in line and "decimale komma" in line, line
    text = "sectie;sleutel;waarde\nmunicipality;residents;45000\naccess;team_fte;0.5\n"
    assert figures.parse_csv(text, "x.csv") == {
        "municipality.residents": 45000,
        "access.team_fte": 0.5,  # a decimal point is not a thousands dot
    }


@pytest.mark.parametrize(
    ("data", "dutch"),
    [
        (b"naam;aantal\nOns Dorp;30000\n", "de eerste regel moet de kopregel zijn met de kolommen"),
        (b"", "het bestand is leeg"),
        (b"sectie;sleutel;waarde\nmunicipality;name\n", "regel 2 heeft te weinig kolommen"),
        (
            "sectie;sleutel;waarde\nmunicipality;name;Café\n".encode("latin-1"),
            "het bestand is geen UTF-8",
        ),
    ],
)
def test_a_csv_of_the_wrong_shape_is_explained_in_plain_dutch(tmp_path, data, dutch):
    from viz import state

    with pytest.raises(ConfigError) as caught:
        fit.figures_from_upload(data, "testdorp.csv", tmp_path)
    (line,) = state.figures_messages(caught.value, "nl")
    assert line.startswith(dutch), line
    assert "[" not in line and not re.search(r"[a-z]_[a-z]", line), f"no list, no keys: {line}"
    assert not re.search(r"\b(the|must|got|row)\b", line), f"no English: {line}"
    assert "sectie" in line or "UTF-8" in line or "regel 2" in line, "what is expected"
    assert "the first row must be the header section,key,value" in str(caught.value) or (
        "row 2 has 2 cells" in str(caught.value) or "UTF-8 CSV" in str(caught.value)
    ), "the command line's English line stays"
    assert list(tmp_path.iterdir()) == []


def test_every_kind_of_problem_renders_in_both_languages(tmp_path):
    flat = {
        "municipality.name": 5,
        "municipality.residents": 1000,
        "age.residents_0_17": 100,
        "age.residents_18_64": "many",
        "youth.users_u81": 3,
        "youth.users_u23": 130,
        "districts.north": -1,
        "households.total": 400,
        "households.single": 500,
    }
    with pytest.raises(figures.FiguresError) as caught:
        figures.check_figures(flat, "x.toml")
    source = DEFAULT.read_text(encoding="utf-8").replace("team_fte = 31.5", "team_fte = 3150")
    (tmp_path / "derived.toml").write_text(source, encoding="utf-8")
    with pytest.raises(figures.FiguresError) as derived:
        figures.build(tmp_path / "derived.toml", tmp_path / "out.toml")
    problems = [*caught.value.problems, *derived.value.problems]
    assert {p.code for p in problems} >= {
        "text", "not_number", "unknown", "percent_range", "district_value",
        "single_over_total", "age_incomplete", "derived",
    }  # fmt: skip
    for p in problems:
        for lang in ("nl", "en"):
            text = i18n.figure_problem(p, lang)
            assert p.figure.split(",")[0] in text and "{" not in text, text
    unknown = next(p for p in problems if p.code == "unknown")
    assert "(bedoelt u youth.users_u18" in i18n.figure_problem(unknown, "nl")
    fte = next(p for p in problems if p.code == "derived")
    assert i18n.figure_problem(fte, "nl").startswith(
        "uit access.team_fte (fte van de toegangsteams) volgt een modelwaarde van 700,"
    )


def test_unreadable_and_oversized_files_are_refused_in_the_page_language(tmp_path):
    from viz import state

    with pytest.raises(ConfigError) as caught:
        fit.figures_from_upload(b"[municipality\nname = ", "mine.toml", tmp_path)
    assert state.figures_messages(caught.value, "nl")[0].startswith(
        "Het cijferbestand kon niet worden gelezen"
    )
    with pytest.raises(ConfigError, match=r"\.toml or \.csv"):
        fit.figures_from_upload(b"x", "mine.xlsx", tmp_path)
    with pytest.raises(ConfigError) as caught:
        fit.figures_from_upload(b"#" * (300 * 1024), "big.toml", tmp_path)
    assert "groter dan 256 kB" in state.figures_messages(caught.value, "nl")[0]
    assert list(tmp_path.iterdir()) == []


def test_the_fit_is_sized_and_estimated_before_it_starts(tmp_path):
    upload = fit.figures_from_upload(DEFAULT.read_bytes(), "default.toml", tmp_path)
    assert (upload.name, upload.residents) == ("default", 45_000)
    assert upload.profile_path.exists() and upload.profile_path.with_name("built.targets.toml")
    assert upload.fit_residents == min(45_000, fit.MAX_RESIDENTS)
    one = fit.estimate_seconds(45_000, 8, 40, workers=2)
    assert 60 < one < 600, f"a 40-trial fit of 45k over 8 years: {one:.0f} s"
    one_core = fit.estimate_seconds(45_000, 8, 40, workers=1)
    assert one_core == pytest.approx(2 * one - 40 * fit.TRIAL_OVERHEAD_S), "seeds one by one"


@pytest.fixture()
def fit_app(monkeypatch):
    """The page rendered with a fresh session state, fits and runs in the test process."""
    from viz import state

    monkeypatch.setattr(state, "WORKERS", 1)
    monkeypatch.setattr(fit, "MAX_RESIDENTS", 3000)
    monkeypatch.setattr(fit, "YEARS", 1)
    state.lang.value = "nl"
    state.enabled.value = ()
    state.values.value = {}
    state.field_errors.value = {}
    state.residents_text.value = ""
    state.run_state.value = state.RunState()
    state.figures_upload.value = None
    state.figures_error.value = None
    state.fit_state.value = state.FitState()
    state.fitted.value = ()
    state.choose_municipality("default")
    state.fit_trials.value = 3
    from viz.app import page

    box, rc = solara.render(page, handle_error=False)
    yield box, rc, state
    state.run_state.value.cancel.set()
    state.choose_municipality("default")


def test_bad_figures_in_the_page_show_every_problem_and_start_nothing(fit_app):
    box, rc, state = fit_app
    state.load_figures("bad.toml", bad_figures())
    shown = wait_until(lambda: with_class(box, "cs-figure-problem"), 10, "the problems")
    assert len(shown) == 5, "one line per problem"
    assert "5 problemen in de cijfers; er is niets gestart:" in texts(box)
    assert not with_class(box, "cs-fit-start"), "no fit can start from bad figures"
    started = state.fit_state.value
    assert not started.running and started.run is None and not started.done, "nothing started"


def test_the_page_offers_the_csv_template_in_its_language(fit_app):
    from solara.components.file_download import FileDownloadWidget

    box, rc, state = fit_app

    def offered() -> set[str]:
        return {w.widget.filename for w in rc.find(FileDownloadWidget)}

    assert fit.DUTCH_TEMPLATE in offered() and "template.csv" not in offered()
    state.lang.value = "en"
    wait_until(lambda: "template.csv" in offered(), 10, "the English template")
    assert fit.DUTCH_TEMPLATE not in offered()


def test_upload_fit_pick_and_run_a_what_if(fit_app):
    box, rc, state = fit_app
    state.load_figures("default.toml", DEFAULT.read_bytes())
    assert state.figures_error.value is None
    smaller = wait_until(lambda: with_class(box, "cs-fit-smaller"), 10, "the size note")
    assert "afstellen gebeurt op 3.000" in texts(smaller[0])[0], "a smaller fit is said"
    rc.find(v.Btn, class_="cs-fit-start").widget.click()
    wait_until(lambda: state.fit_state.value.fitted, 120, "the fit")
    done = state.fit_state.value
    assert (done.done, done.total, done.seconds is not None) == (3, 3, True), done
    chosen = state.fitted_by_key(done.fitted)
    assert chosen.profile.name == "default" and chosen.summary.trials == 3
    assert chosen.summary.local > 20 and 0 <= chosen.summary.within <= chosen.summary.local
    assert state.is_fitted_choice(), "the fitted municipality is picked for the runs"
    assert state.current_scenario().profile == str(chosen.path)
    summary = wait_until(lambda: with_class(box, "cs-fit-within"), 10, "the summary")
    assert texts(summary[0])[0].startswith("Eigen cijfers binnen de marge:")
    picker = rc.find(v.Select, class_="cs-preset").widget
    assert {"text": "default (eigen cijfers)", "value": done.fitted} in picker.items
    with zipfile.ZipFile(io.BytesIO(chosen.zip_bytes())) as archive:
        assert sorted(archive.namelist()) == [
            "default/profile.targets.toml",
            "default/profile.toml",
        ]
    # a what-if on the fitted municipality
    state.residents_text.value = "3000"
    state.years.value = 1
    state.replicates.value = 2
    state.set_enabled("poh_ggz", True)
    state.run_comparison()
    wait_until(lambda: with_class(box, "cs-chart-flows"), 90, "the what-if results")
    assert state.run_state.value.scenario.profile == str(chosen.path)
    # back to a built-in preset and to the fitted one again through the picker
    state.choose_municipality("small")
    assert state.profile.value is None and state.preset.value == "small"
    state.choose_municipality(done.fitted)
    assert state.profile.value.path == str(chosen.path)


def test_cancel_before_the_first_trial_keeps_nothing(tmp_path):
    upload = fit.figures_from_upload(DEFAULT.read_bytes(), "default.toml", tmp_path)
    run = fit.FitRun(upload, trials=3, workers=1, session="t")
    run.stop.set()
    assert fit.run_fit(run, lambda *a: None) is None
    assert not (upload.folder / "fit").exists(), "the fit's folder is removed"


def test_closing_the_page_stops_the_fit_and_removes_its_files(monkeypatch):
    from viz import backend, state

    cancelled = []
    monkeypatch.setattr(backend, "cancel_session", cancelled.append)
    folder = backend.upload_session_folder("closing")
    upload = fit.figures_from_upload(DEFAULT.read_bytes(), "default.toml", folder)
    run = fit.FitRun(upload, trials=3, workers=2, session="closing-fit")
    state.fit_state.value = state.FitState(running=True, run=run)
    state.close_session("closing")
    assert cancelled == ["closing", "closing-fit", "closing-alts"], (
        "the runs, the fit and the comparison of alternatives are cancelled"
    )
    assert run.cancel.is_set() and not folder.exists(), "the fit stops, its files are gone"
    state.fit_state.value = state.FitState()

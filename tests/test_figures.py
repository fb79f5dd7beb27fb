"""`carescape profile build`: a municipality's figures -> profile + calibration targets."""

from __future__ import annotations

import csv
import io

import pytest

from experiments import figures
from experiments.cli import main
from experiments.targets import load_targets, resolve_targets
from model.params import ConfigError, load_preset, load_profile

FOLDER = figures.figures_folder()
DEFAULT = FOLDER / "default.toml"


def _build(tmp_path, source=DEFAULT, name="town.toml"):
    out = tmp_path / name
    assert main(["profile", "build", str(source), "--out", str(out)]) == 0
    return load_profile(out), load_targets(out.with_name(out.stem + ".targets.toml"))


def test_default_figures_reproduce_the_default_preset(tmp_path):
    profile, targets = _build(tmp_path)
    preset = load_preset("default")
    for param in figures.STRUCTURAL:
        assert profile[param] == pytest.approx(preset[param], rel=1e-9), param
    expected = {t.name: t for t in resolve_targets("default")}
    assert targets.names() == list(expected)
    for t in targets:
        e = expected[t.name]
        assert (t.value, t.low, t.high) == pytest.approx((e.value, e.low, e.high)), t.name
        assert (t.measure, t.of, t.per, t.scale) == (e.measure, e.of, e.per, e.scale)
    assert targets.missing_columns() == {}  # every measure reads a recorded indicator
    built_from = profile.built_from
    assert "youth_users_u18" in built_from["local_targets"]
    assert "youth_needs.onset_rate" in built_from["national_assumptions"]
    assert "population.residents" not in built_from["national_assumptions"]


def test_filled_csv_template_gives_the_same_profile(tmp_path):
    from_toml, targets_toml = _build(tmp_path, name="a.toml")
    # Fill the empty CSV template with the default's values, Excel NL style (; and ,).
    values = figures.read_figures(DEFAULT)
    rows = list(csv.reader(io.StringIO(figures.figures_csv())))
    filled = [rows[0]]
    for section, key, _, unit, source in rows[1:]:
        if section != "districts":
            value = values.get(f"{section}.{key}", "")
            filled.append([section, key, str(value).replace(".", ","), unit, source])
    filled += [
        ["districts", k.split(".")[1], str(v), "", ""]
        for k, v in values.items()
        if k.startswith("districts.")
    ]
    path = tmp_path / "filled.csv"
    path.write_text("\n".join(";".join(r) for r in filled), encoding="utf-8")
    from_csv, targets_csv = _build(tmp_path, path, "b.toml")
    assert from_csv.values == pytest.approx(from_toml.values)
    assert [(t.name, t.value, t.low, t.high) for t in targets_csv] == [
        (t.name, t.value, t.low, t.high) for t in targets_toml
    ]


def test_shipped_files_are_generated_from_the_definitions():
    for name, text in figures.shipped_files().items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, f"regenerate {name}"


def test_a_local_figure_moves_its_target_only(tmp_path):
    text = DEFAULT.read_text(encoding="utf-8").replace("users_u18 = 12.1", "users_u18 = 24.2")
    source = tmp_path / "twice.toml"
    source.write_text(text, encoding="utf-8")
    _, targets = _build(tmp_path, source)
    youth = {t.name: t for t in targets}["youth_users_u18"]
    assert (youth.value, youth.low, youth.high) == pytest.approx((24.2, 19.36, 29.04))


def _bad(tmp_path, capsys, replace: dict[str, str], extra: str = ""):
    text = DEFAULT.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    source = tmp_path / "bad.toml"
    source.write_text(text + extra, encoding="utf-8")
    out = tmp_path / "town.toml"
    assert main(["profile", "build", str(source), "--out", str(out)]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]  # nothing written
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_three_inconsistencies_in_one_error(tmp_path, capsys):
    err = _bad(
        tmp_path,
        capsys,
        {
            '"district_5" = 9000': '"district_5" = 19000',
            "hh_per_1000 = 31.0": "hh_per_1000 = 150.0",
            "wmo_eur_per_resident = 226": "wmo_eur_per_resident = -226",
        },
    )
    assert "3 problems" in err
    assert "districts add up to 55000, not municipality.residents = 45000" in err
    assert "wmo.hh_per_1000 = 150 means 6750 HH clients, more than the 4342" in err
    assert "budget.wmo_eur_per_resident = -226.1386040315 is negative" in err


def test_age_bands_and_shares(tmp_path, capsys):
    err = _bad(
        tmp_path,
        capsys,
        {"residents_0_17 = 8775": "residents_0_17 = 9775", "low_share = 0.3": "low_share = 30"},
    )
    assert "age bands add up to 46000" in err
    assert "income.low_share = 30 is a share; use a number in [0, 1]" in err


def test_unknown_keys_and_wrong_types(tmp_path, capsys):
    err = _bad(
        tmp_path,
        capsys,
        {"users_u18 = 12.1": "users_u81 = 12.1", "team_fte = 31.5": 'team_fte = "31.5"'},
    )
    assert "youth.users_u81 = 12.1 is not a known figure (did you mean youth.users_u18" in err
    assert "access.team_fte = '31.5' is not a number" in err


def test_municipality_name_and_residents_required(tmp_path, capsys):
    err = _bad(tmp_path, capsys, {'name = "default"': "name = 5", "residents = 45000 ": "# "})
    assert "municipality.name = 5 must be a non-empty text" in err
    assert "municipality.residents is missing" in err


def test_derived_parameter_out_of_range(tmp_path, capsys):
    err = _bad(tmp_path, capsys, {"team_fte = 31.5": "team_fte = 3150"})
    assert "access.fte_per_10000 = 700.0 is out of range" in err
    assert "derived from access.team_fte" in err


def test_zero_residents(tmp_path, capsys):
    err = _bad(tmp_path, capsys, {"residents = 45000 ": "residents = 0 "})
    assert "municipality.residents = 0; give the number of residents (> 0)" in err


def test_out_must_be_a_new_toml_file(tmp_path, capsys):
    assert main(["profile", "build", str(DEFAULT), "--out", str(tmp_path)]) == 2
    assert "must be a .toml file path" in capsys.readouterr().err
    copy = tmp_path / "figures.toml"
    copy.write_bytes(DEFAULT.read_bytes())
    assert main(["profile", "build", str(copy), "--out", str(copy)]) == 2
    assert "is the figures file itself" in capsys.readouterr().err
    assert copy.read_bytes() == DEFAULT.read_bytes()


def test_csv_cells():
    text = "section;key;value\nmunicipality;name;Ons Dorp\nmunicipality;residents;30000\n"
    text += "access;team_fte;21,5\ngeneral;places;400.5\ngeneral;budget_eur_year;1.440.000,0\n"
    got = figures.parse_csv(text, "x.csv")
    assert got == {
        "municipality.name": "Ons Dorp",
        "municipality.residents": 30000,
        "access.team_fte": 21.5,
        "general.places": 400.5,
        "general.budget_eur_year": 1440000.0,
    }


def test_empty_templates_name_what_is_required(tmp_path):
    for name in ("template.toml", "template.csv"):
        with pytest.raises(ConfigError) as caught:
            figures.check_figures(figures.read_figures(FOLDER / name), name)
        message = str(caught.value)
        assert "2 problems" in message and "municipality.residents is missing" in message
    rows = list(csv.reader(io.StringIO((FOLDER / "template.csv").read_text("utf-8"))))
    assert {(r[0], r[1]) for r in rows[1:]} >= {(f.section, f.key) for f in figures.FIGURES}
    assert all(r[3] and r[4] for r in rows[1:])  # every figure has a unit and a source


def test_missing_file(tmp_path, capsys):
    for name in ("none.toml", "none.csv"):
        assert (
            main(["profile", "build", str(tmp_path / name), "--out", str(tmp_path / "t.toml")]) == 2
        )
        assert "does not exist" in capsys.readouterr().err


def test_csv_without_header(tmp_path, capsys):
    source = tmp_path / "bad.csv"
    source.write_text("municipality,name,x\n", encoding="utf-8")
    assert main(["profile", "build", str(source), "--out", str(tmp_path / "t.toml")]) == 2
    assert "the first row must be the header section,key,value" in capsys.readouterr().err

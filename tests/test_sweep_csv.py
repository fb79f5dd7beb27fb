"""`carescape sweep-csv`: one row per run and year, plain names, '.' decimals, a codebook."""

from __future__ import annotations

import io
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from experiments.analysis import analyze
from experiments.cli import main
from experiments.sweep import parse_spec
from experiments.sweep_csv import NAME_LIMIT, plain_name
from experiments.sweep_data import compact
from experiments.sweep_run import run_sweep


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """2 points (case management off/on) x 2 seeds, 2 years, 2,000 residents."""
    out = tmp_path_factory.mktemp("csv") / "out"
    raw = {
        "sweep": {
            "name": "csv",
            "years": 2,
            "replicates": 2,
            "outputs": ["clients_wmo", "net_cost_eur"],
            "constants": {"population.residents": 2000},
            "vary": [{"path": "policies.case_management.enabled", "values": [False, True]}],
        }
    }
    run_sweep(parse_spec(raw, "test"), out, workers=0, progress=False, log=io.StringIO())
    assert main(["sweep-csv", str(out)]) == 0, "the export should succeed"
    return out


def test_one_row_per_run_and_year_with_plain_column_names(swept):
    rows = pd.read_csv(swept / "csv" / "sweep.csv")
    assert len(rows) == 4 * 2, f"4 runs x 2 years, not {len(rows)}"
    assert list(rows.columns) == [
        "run",
        "point",
        "replicate",
        "seed",
        "year",
        "policies_case_management_enabled",
        "clients_wmo",
        "net_cost_eur",
    ], list(rows.columns)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", c) for c in rows.columns)
    assert sorted(rows["policies_case_management_enabled"].unique()) == [0, 1], "true/false as 1/0"
    assert sorted(rows["seed"].unique()) == [1, 2] and sorted(rows["year"].unique()) == [1, 2]


def test_the_figures_are_analyzes_yearly_figures(swept):
    rows = pd.read_csv(swept / "csv" / "sweep.csv")
    for year in (1, 2):
        values = analyze(swept, year=year, plots=False, out=swept / f"a{year}").summary
        ours = rows[rows["year"] == year].groupby("point")["net_cost_eur"].mean()
        theirs = values[values["output"] == "net_cost_eur"].set_index("point")["mean"]
        assert np.allclose(ours.sort_index(), theirs.sort_index(), rtol=1e-12), (year, ours, theirs)


def test_numbers_use_a_decimal_point_and_no_thousands_separator(swept):
    text = (swept / "csv" / "sweep.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert all(line.count(",") == 7 for line in lines), "8 fields per line, no comma in a number"
    cells = [cell for line in lines[1:] for cell in line.split(",")]
    assert any("." in cell for cell in cells), "fractional figures keep their '.' decimals"
    assert all(re.fullmatch(r"-?\d+(\.\d+)?(e[-+]\d+)?", cell) for cell in cells), cells[:20]


def test_the_codebook_names_each_column_its_sweep_name_label_and_unit(swept):
    book = pd.read_csv(swept / "csv" / "codebook.csv").set_index("column")
    assert book.loc["policies_case_management_enabled", "sweep_name"] == (
        "policies.case_management.enabled"
    )
    assert (
        book.loc["net_cost_eur", "unit"] == "EUR" and book.loc["net_cost_eur", "kind"] == "output"
    )
    assert "sum" in book.loc["net_cost_eur", "per_year"], "a flow is the year's sum"
    assert "mean" in book.loc["clients_wmo", "per_year"], "a stock is the year's mean"


def test_a_compacted_sweep_exports_the_same_csv(swept, tmp_path):
    packed = tmp_path / "packed"
    shutil.copytree(swept, packed)
    shutil.rmtree(packed / "csv")
    assert compact(packed, 4) == 1
    assert main(["sweep-csv", str(packed), "--out", str(tmp_path / "csv")]) == 0
    assert (tmp_path / "csv" / "sweep.csv").read_bytes() == (
        swept / "csv" / "sweep.csv"
    ).read_bytes()


def test_an_output_outside_the_sweep_is_refused(swept, capsys):
    assert main(["sweep-csv", str(swept), "--outputs", "clients_youth"]) == 2
    assert "not in this sweep's outputs" in capsys.readouterr().err


def test_plain_names_are_valid_unique_and_short():
    taken: set[str] = set()
    assert plain_name("policies.poh_ggz.coverage", taken) == "policies_poh_ggz_coverage"
    assert plain_name("policies.poh_ggz__coverage", taken) == "policies_poh_ggz_coverage_2"
    assert plain_name("2nd.value", taken) == "v_2nd_value"
    assert plain_name("Year", {"year"}) == "Year_2", "SPSS ignores case"
    long = plain_name("a." * 60 + "b", taken)
    assert len(long) <= NAME_LIMIT and long[0].isalpha(), long

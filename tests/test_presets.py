"""The built-in municipalities load, validate and run; the headline job works end to end."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from experiments.cli import main
from model.params import REGISTRY, load_preset, preset_names
from model.results import SCHEMA_INDICATORS
from tests.helpers import run

SIZES = {"default": 45000, "small": 25000, "city": 160000}


def test_the_three_presets_exist():
    assert sorted(preset_names()) == sorted(SIZES), f"presets: {preset_names()}"


@pytest.mark.parametrize("name", list(SIZES))
def test_preset_loads_every_registered_parameter(name):
    profile = load_preset(name)
    assert set(profile.values) == set(REGISTRY), f"preset {name} does not resolve every parameter"
    assert profile["population.residents"] == SIZES[name], (
        f"preset {name} should have {SIZES[name]} residents, has {profile['population.residents']}"
    )
    assert profile.description, f"preset {name} has no description"


@pytest.mark.parametrize("name", list(SIZES))
def test_preset_runs_a_year_with_sensible_stocks(name):
    result = run(preset=name, years=1, rng=1, residents=8000 if name == "city" else None)
    series = result.series
    residents = series["residents"]
    assert residents.min() > 0.9 * result.model.profile["population.residents"], (
        f"preset {name}: the population shrank to {residents.min()}"
    )
    wmo = float((series["clients_wmo"] / residents).mean() * 1000)
    assert 20 < wmo < 200, f"preset {name}: {wmo:.0f} Wmo clients per 1,000 is implausible"


def test_small_preset_is_older_than_default():
    small = run(preset="small", years=1, rng=1, residents=8000)
    default = run(preset="default", years=1, rng=1, residents=8000)

    def share_65(result):
        return float((result.series["residents_65_plus"] / result.series["residents"]).mean())

    assert share_65(small) > share_65(default), (
        f"the small rural preset should be older: 65+ share {share_65(small):.1%} vs "
        f"{share_65(default):.1%} in default"
    )
    hh_small = float((small.series["clients_hh"] / small.series["residents"]).mean())
    hh_default = float((default.series["clients_hh"] / default.series["residents"]).mean())
    assert hh_small > hh_default, (
        f"an older municipality should use more HH per resident: {hh_small * 1000:.1f} vs "
        f"{hh_default * 1000:.1f} per 1,000"
    )


@pytest.mark.slow
def test_make_run_job_default_preset_ten_years(tmp_path, capsys):
    out = tmp_path / "default"
    code = main(["run", "--preset", "default", "--years", "10", "--out", str(out)])
    assert code == 0, f"the headline job failed with exit code {code}"
    table = pq.read_table(out / "timeseries.parquet")
    assert table.num_rows == 120, f"10 years should give 120 monthly rows, got {table.num_rows}"
    assert table.column_names == [i.name for i in SCHEMA_INDICATORS], "columns differ from schema"
    printed = capsys.readouterr().out
    for year in range(2025, 2035):
        assert f"\n {year} " in printed, f"the yearly summary lacks {year}"


@pytest.mark.slow
def test_city_preset_runs_at_full_size():
    result = run(preset="city", years=1, rng=1)
    assert result.series["residents"][-1] > 150000, (
        f"the city preset should keep about 160,000 residents, has {result.series['residents'][-1]}"
    )

"""Provenance: sweep.json says what made the sweep; each part what made the run; reproduce."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from experiments.cli import main
from experiments.output import read_identity
from experiments.provenance import code_fingerprint
from experiments.reproduce import reproduce
from experiments.sweep import load_spec
from experiments.sweep_run import part_path, run_sweep

SPEC = """# a comment the fingerprint ignores but sweep.json keeps
[sweep]
name = "prov"
years = 1
seeds = [5, 6]
outputs = ["clients_wmo", "net_cost_eur"]
[sweep.constants]
"population.residents" = 2000
[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 1.0]
"""


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prov")
    path = folder / "spec.toml"
    path.write_text(SPEC, encoding="utf-8")
    out = folder / "out"
    run_sweep(load_spec(path), out, workers=0, progress=False, log=io.StringIO())
    return out


def test_sweep_json_records_the_spec_text_git_python_and_packages(swept):
    meta = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    assert meta["spec_text"] == SPEC, "the spec's text, comments and all"
    assert set(meta["git"]) == {"commit", "dirty"}, f"git commit and dirty flag: {meta['git']}"
    assert len(meta["git"]["commit"]) == 40 and isinstance(meta["git"]["dirty"], bool), meta["git"]
    env = meta["environment"]
    assert env["python"].count(".") == 2, f"the Python version: {env['python']}"
    for name in ("numpy", "pyarrow", "SALib", "mesa"):
        assert env["packages"].get(name), f"{name}'s version should be recorded: {env['packages']}"
    assert meta["sampler"]["code"], "a hash of the sampler's code"


def test_each_part_carries_its_code_hash_and_seed(swept):
    manifest = pq.read_table(swept / "manifest.parquet").to_pandas()
    for row in manifest.to_dict("records"):
        stamp = read_identity(part_path(swept, row["run"], 5))
        assert stamp["code"] == code_fingerprint(), f"run {row['run']}: code hash {stamp}"
        assert stamp["seed"] == row["seed"] and stamp["run"] == row["run"], stamp


def test_reproduce_passes_on_a_stored_run(swept, capsys):
    result = reproduce(swept, 3)
    assert result.ok, f"run 3 should reproduce exactly: {result.differences}"
    assert main(["reproduce", str(swept), "1"]) == 0, "the command exits 0 on a match"
    assert "reproduced exactly" in capsys.readouterr().out


def test_reproduce_fails_after_the_part_is_altered(swept, capsys):
    path = part_path(swept, 2, 5)
    table = pq.read_table(path)
    table = table.drop_columns([c for c in ("run",) if c in table.column_names])
    index = table.column_names.index("clients_wmo")
    changed = pc.add(table.column("clients_wmo"), pa.scalar(1, pa.int64()))
    pq.write_table(table.set_column(index, "clients_wmo", changed), path)
    result = reproduce(swept, 2)
    assert not result.ok, "an altered part must not pass"
    assert any(d.startswith("clients_wmo") for d in result.differences), result.differences
    assert main(["reproduce", str(swept), "2"]) == 1, "the command exits 1 on a difference"
    assert "DIFFERS" in capsys.readouterr().out


def test_reproduce_refuses_a_run_that_does_not_exist(swept):
    assert main(["reproduce", str(swept), "99"]) == 2, "an unknown run is a usage error"

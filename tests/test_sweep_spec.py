"""Sweep specs are validated on load: clear errors naming the field, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from experiments.cli import main
from experiments.sweep import (
    LEVER,
    UNCERTAINTY,
    load_spec,
    make_design,
    parse_spec,
    plan_runs,
    point_inputs,
)
from model.params import ConfigError

SPECS = Path(__file__).resolve().parents[1] / "experiments" / "specs"

GOOD = """
[sweep]
name = "ok"
years = 1
replicates = 2
[sweep.constants]
"population.residents" = 3000
[[sweep.vary]]
path = "policies.poh_ggz.coverage"
values = [0.0, 1.0]
[[sweep.vary]]
path = "adult_needs.help_seeking"
low = 0.1
high = 0.3
levels = 3
"""


def spec_of(text: str, tmp_path: Path, name: str = "spec.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def sweep(body: str, vary: str = "") -> str:
    """A spec text: [sweep] keys, then optional [[sweep.vary]] tables."""
    return f"[sweep]\nyears = 1\n{body}\n{vary}"


VARY_OK = '[[sweep.vary]]\npath = "adult_needs.help_seeking"\nvalues = [0.1, 0.2]\n'

# name -> (spec text, fragments the error message must contain)
BAD_SPECS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unknown_profile_parameter": (
        sweep("", '[[sweep.vary]]\npath = "adult_needs.help_seekin"\nvalues = [0.1]\n'),
        ("adult_needs.help_seekin", "not a known parameter", "adult_needs.help_seeking"),
    ),
    "unknown_section": (
        sweep("", '[[sweep.vary]]\npath = "adult_need.help_seeking"\nvalues = [0.1]\n'),
        ("adult_need.help_seeking", "adult_needs", "policies.<lever>.<param>", "poh_ggz"),
    ),
    "unknown_lever": (
        sweep("", '[[sweep.vary]]\npath = "policies.poh.coverage"\nvalues = [0.1]\n'),
        ("'poh' is not a known lever", "poh_ggz", "case_management"),
    ),
    "unknown_lever_parameter": (
        sweep("", '[[sweep.vary]]\npath = "policies.poh_ggz.coverag"\nvalues = [0.1]\n'),
        ("not a parameter of poh_ggz", "policies.poh_ggz.coverage", "policies.poh_ggz.enabled"),
    ),
    "external_as_lever": (
        sweep("", '[[sweep.vary]]\npath = "policies.covid_shock.onset_factor"\nvalues = [2.0]\n'),
        ("'covid_shock' is not a known lever",),
    ),
    "value_out_of_range": (
        sweep("", '[[sweep.vary]]\npath = "adult_needs.help_seeking"\nvalues = [0.1, 1.5]\n'),
        ("adult_needs.help_seeking", "1.5", "out of range", "[0.0, 1.0]"),
    ),
    "lever_value_out_of_range": (
        sweep("", '[[sweep.vary]]\npath = "policies.poh_ggz.coverage"\nvalues = [2.0]\n'),
        ("policies.poh_ggz.coverage", "2.0", "out of range", "[0, 1]"),
    ),
    "low_out_of_range": (
        sweep(
            'design = "lhs"\nsamples = 4',
            '[[sweep.vary]]\npath = "population.residents"\nlow = 10\nhigh = 5000\n',
        ),
        ("population.residents", "low", "10", "[1000, 2000000]"),
    ),
    "low_above_high": (
        sweep(
            'design = "lhs"\nsamples = 4',
            '[[sweep.vary]]\npath = "adult_needs.help_seeking"\nlow = 0.3\nhigh = 0.1\n',
        ),
        ("low = 0.3 must be below high = 0.1",),
    ),
    "grid_without_values": (
        sweep("", '[[sweep.vary]]\npath = "adult_needs.help_seeking"\nlow = 0.1\nhigh = 0.3\n'),
        ("a grid needs values", "levels"),
    ),
    "unknown_design": (sweep('design = "factorial"', VARY_OK), ("factorial", "grid, lhs, sobol")),
    "sobol_not_power_of_two": (
        sweep('design = "sobol"\nsamples = 60', VARY_OK),
        ("samples = 60", "power of 2", "32 or 64"),
    ),
    "sampled_design_without_samples": (sweep('design = "lhs"', VARY_OK), ("needs samples",)),
    "seeds_and_replicates": (
        sweep("seeds = [1, 2]\nreplicates = 2", VARY_OK),
        ("seeds", "not both"),
    ),
    "repeated_seed": (sweep("seeds = [1, 1]", VARY_OK), ("repeat a seed",)),
    "unknown_output": (
        sweep('outputs = ["clients_yuoth"]', VARY_OK),
        ("clients_yuoth", "not an indicator", "clients_youth"),
    ),
    "unknown_sweep_key": (sweep("replicate = 3", VARY_OK), ("sweep.replicate", "replicates")),
    "unknown_vary_key": (
        sweep("", VARY_OK + "step = 0.1\n"),
        ("step is not allowed", "path, values, low, high, levels"),
    ),
    "varied_twice": (sweep("", VARY_OK + VARY_OK), ("varied twice",)),
    "inconsistent_point": (
        sweep("", '[[sweep.vary]]\npath = "population.share_80_plus"\nvalues = [0.05, 0.14]\n')
        + '[sweep.constants]\n"population.share_65_plus" = 0.1\n',
        ("design point 1", "share_80_plus", "below population.share_65_plus"),
    ),
    "unknown_preset": (sweep('preset = "metropolis"', VARY_OK), ("metropolis", "default")),
    "unknown_scenario": (sweep('scenario = "poh"', VARY_OK), ("'poh'", "poh-ggz")),
    "years_out_of_range": ("[sweep]\nyears = 0\n" + VARY_OK, ("years = 0", "[1, 50]")),
    "enabled_not_bool": (
        sweep("", '[[sweep.vary]]\npath = "policies.hh_norm.enabled"\nvalues = [0, 1]\n'),
        ("policies.hh_norm.enabled", "true or false"),
    ),
    "choice_not_allowed": (
        sweep("", '[[sweep.vary]]\npath = "contribution.regime"\nvalues = ["free"]\n'),
        ("contribution.regime", "'free'", "'flat', 'income'"),
    ),
    "misspelt_table": ("[sweeps]\nyears = 1\n", ("one [sweep] table", "sweeps")),
}


@pytest.mark.parametrize("case", sorted(BAD_SPECS))
def test_bad_spec_fails_with_a_message_naming_the_problem(case, tmp_path):
    text, fragments = BAD_SPECS[case]
    with pytest.raises(ConfigError) as caught:
        spec_of(text, tmp_path)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{case}: the error should mention {fragment!r}: {message}"


@pytest.mark.parametrize(
    "case", ["unknown_lever_parameter", "value_out_of_range", "misspelt_table"]
)
def test_bad_spec_from_the_command_line_exits_2_and_writes_nothing(case, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_SPECS[case][0], encoding="utf-8")
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--out", str(out), "--workers", "0"])
    err = capsys.readouterr().err
    assert code == 2, f"a bad spec should exit with 2, not {code}"
    assert "carescape: error:" in err, f"stderr should carry the error: {err!r}"
    assert not out.exists(), f"nothing may be written for a bad spec, but {out} exists"


def test_missing_spec_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_spec(tmp_path / "nope.toml")


def test_paths_are_told_apart_as_uncertainties_and_levers(tmp_path):
    text = sweep(
        'design = "lhs"\nsamples = 4',
        '[[sweep.vary]]\npath = "adult_needs.help_seeking"\n'
        '[[sweep.vary]]\npath = "external.covid_shock.onset_factor"\n'
        '[[sweep.vary]]\npath = "policies.poh_ggz.coverage"\n',
    )
    kinds = {f.path: f.kind for f in spec_of(text, tmp_path).factors}
    assert kinds == {
        "adult_needs.help_seeking": UNCERTAINTY,
        "external.covid_shock.onset_factor": UNCERTAINTY,
        "policies.poh_ggz.coverage": LEVER,
    }, f"profile and external inputs are uncertainties, policy parameters levers: {kinds}"


def test_sampled_ranges_default_to_the_registry_range(tmp_path):
    text = sweep('design = "lhs"\nsamples = 4', '[[sweep.vary]]\npath = "general.reach"\n')
    factor = spec_of(text, tmp_path).factors[0]
    assert (factor.low, factor.high) == (0.0, 1.0), (
        f"without low/high a sampled factor should span the registry range, not "
        f"{factor.low}..{factor.high}"
    )


def test_grid_is_the_full_product_times_the_seeds(tmp_path):
    spec = spec_of(GOOD, tmp_path)
    design = make_design(spec)
    runs = plan_runs(spec, design)
    assert len(design) == 6, f"2 x 3 values give 6 points, not {len(design)}"
    assert len(runs) == 12, f"6 points x 2 replicates give 12 runs, not {len(runs)}"
    assert [r.run for r in runs] == list(range(12)), "runs should be numbered 0..n-1"
    levels = sorted({p["adult_needs.help_seeking"] for p in design.points})
    assert levels == [0.1, 0.2, 0.3], f"low/high/levels = 3 should give 0.1, 0.2, 0.3: {levels}"
    seeds = {p: sorted(r.seed for r in runs if r.point == p) for p in range(6)}
    assert all(s == [1, 2] for s in seeds.values()), (
        f"every point should run the same seeds (common random numbers): {seeds}"
    )


@pytest.mark.parametrize(
    "design, extra, points",
    [
        ("lhs", "samples = 10", 10),
        ("sobol", "samples = 8", 8 * (3 + 2)),
        ("sobol", "samples = 8\nsecond_order = true", 8 * (2 * 3 + 2)),
        ("morris", "samples = 5", 5 * (3 + 1)),
    ],
)
def test_sampled_designs_have_the_expected_size_and_stay_in_range(design, extra, points, tmp_path):
    vary = (
        '[[sweep.vary]]\npath = "adult_needs.help_seeking"\nlow = 0.1\nhigh = 0.3\n'
        '[[sweep.vary]]\npath = "population.districts"\nlow = 2\nhigh = 6\n'
        '[[sweep.vary]]\npath = "contribution.regime"\n'
    )
    spec = spec_of(sweep(f'design = "{design}"\n{extra}', vary), tmp_path)
    found = make_design(spec)
    assert len(found) == points, f"{design} with {extra!r} should give {points} points"
    help_seeking = [p["adult_needs.help_seeking"] for p in found.points]
    districts = {p["population.districts"] for p in found.points}
    regimes = {p["contribution.regime"] for p in found.points}
    assert 0.1 <= min(help_seeking) and max(help_seeking) <= 0.3, "a real factor left its range"
    assert districts <= set(range(2, 7)) and all(isinstance(d, int) for d in districts), (
        f"an integer factor should take integers in [2, 6]: {districts}"
    )
    assert regimes <= {"flat", "income"}, f"a categorical factor took {regimes}"
    again = make_design(spec_of(sweep(f'design = "{design}"\n{extra}', vary), tmp_path))
    assert again.points == found.points, f"the {design} sample should be reproducible"


def test_levers_are_added_changed_and_switched_off_per_point(tmp_path):
    text = sweep(
        'scenario = "poh-ggz"',
        '[[sweep.vary]]\npath = "policies.poh_ggz.enabled"\nvalues = [false, true]\n'
        '[[sweep.vary]]\npath = "policies.case_management.intensity"\nvalues = [0.5]\n',
    )
    spec = spec_of(text, tmp_path)
    inputs = [point_inputs(spec, p) for p in make_design(spec).points]
    off = dict(inputs[0][1])
    on = dict(inputs[1][1])
    assert "poh_ggz" not in off, f"enabled = false should remove the lever: {off}"
    assert on["poh_ggz"]["coverage"] == 1.0, f"the scenario's own values should stay: {on}"
    assert on["case_management"] == {"intensity": 0.5}, (
        f"naming a lever outside the scenario should add it with that value: {on}"
    )


def test_constants_reach_every_point_as_profile_overrides(tmp_path):
    spec = spec_of(GOOD, tmp_path)
    for point in make_design(spec).points:
        overrides, _ = point_inputs(spec, point)
        assert overrides["population.residents"] == 3000, f"constant missing: {overrides}"


def test_fingerprint_ignores_comments_but_not_values(tmp_path):
    first = spec_of(GOOD, tmp_path, "a.toml")
    commented = spec_of("# a comment\n" + GOOD, tmp_path, "b.toml")
    changed = spec_of(GOOD.replace("replicates = 2", "replicates = 3"), tmp_path, "c.toml")
    assert first.fingerprint() == commented.fingerprint(), "a comment changed the fingerprint"
    assert first.fingerprint() != changed.fingerprint(), "more replicates kept the fingerprint"


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.toml")), ids=lambda p: p.stem)
def test_example_specs_load(path):
    spec = load_spec(path)
    assert len(plan_runs(spec, make_design(spec))) > 0, f"{path.name} plans no runs"


def test_dry_run_describes_the_design_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["sweep", str(path), "--out", str(out), "--dry-run"])
    text = capsys.readouterr().out
    assert code == 0, f"--dry-run of a good spec should exit 0, not {code}"
    assert "6 points x 2 seeds = 12 runs" in text, f"the dry run should count runs:\n{text}"
    assert "lever" in text and "uncertainty" in text, f"factor kinds missing:\n{text}"
    assert not out.exists(), "--dry-run must not write anything"


def test_parse_spec_accepts_a_dict():
    spec = parse_spec({"sweep": {"years": 1, "seeds": [4, 9]}}, "inline")
    assert spec.seeds == (4, 9), f"explicit seeds should be kept in order: {spec.seeds}"
    assert len(make_design(spec)) == 1, "a grid without factors is one point"

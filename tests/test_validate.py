"""`carescape validate`: the report's content and its atomic, self-contained files."""

from __future__ import annotations

import re
import sys

import pytest

from experiments import validate
from experiments.cli import main
from experiments.validate import Report, build_report, write_report
from model.params import ConfigError


def test_fewer_than_five_seeds_is_refused():
    with pytest.raises(ConfigError, match="at least 5"):
        build_report(seeds=4)
    assert main(["validate", "--seeds", "3", "--out", "/nonexistent/x"]) == 2


@pytest.fixture(scope="module")
def tiny_report() -> Report:
    return build_report(seeds=5, residents=1500, years=2, workers=0, patterns=False)


def test_the_report_lists_every_target_with_mean_band_value_source_verdict(tiny_report):
    from experiments.targets import resolve_targets

    targets = resolve_targets("default")
    assert [r.target.name for r in tiny_report.rows] == targets.names()
    for row in tiny_report.rows:
        if row.target.name in targets.missing_columns():
            assert row.verdict == "not evaluable" and "not recorded" in row.problem
        else:
            assert row.verdict in ("within band", "OUTSIDE")
            assert len(row.evaluation.per_seed) == 5
    assert tiny_report.trends and len(tiny_report.trends[0].years) == 2


def test_both_files_are_written_and_the_html_is_self_contained(tiny_report, tmp_path):
    md, page = write_report(tiny_report, tmp_path)
    text, markup = md.read_text(), page.read_text()
    for row in tiny_report.rows:
        assert row.target.label in text, f"{row.target.name} missing from validation.md"
    assert "<svg" in markup and "Baseline trends" in markup
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup), "external resource"
    assert "skipped" in text, "the report says why there are no patterns"
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failing_render_leaves_the_previous_files_untouched(tiny_report, tmp_path, monkeypatch):
    write_report(tiny_report, tmp_path)
    before = (tmp_path / "validation.md").read_text()

    def broken(report):
        raise RuntimeError("render failed")

    monkeypatch.setattr(validate, "render_html", broken)
    with pytest.raises(RuntimeError):
        write_report(tiny_report, tmp_path)
    assert (tmp_path / "validation.md").read_text() == before
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


def test_a_missing_patterns_module_is_reported(monkeypatch):
    monkeypatch.setitem(sys.modules, "experiments.patterns", None)  # import fails
    found, note = validate._patterns("default", 1000, 1, (1,))
    assert found == [] and "experiments.patterns" in note and "not available" in note


@pytest.mark.slow
def test_the_validate_command_writes_both_files(tmp_path, capsys):
    out = tmp_path / "v"
    args = ["validate", "--seeds", "5", "--residents", "1500", "--years", "2", "--out", str(out)]
    assert main([*args, "--workers", "0", "--no-patterns"]) == 0
    assert (out / "validation.md").is_file() and (out / "validation.html").is_file()
    assert "evaluable targets within their band" in capsys.readouterr().out


def test_pattern_results_are_rendered_with_direction_and_effect(tiny_report, monkeypatch):
    from types import SimpleNamespace

    result = SimpleNamespace(
        number=1,
        title="Overloaded access grants heavier",
        title_nl="Overbelaste toegang indiceert zwaarder",
        expected="more hours per client",
        measured="+0.4 h/week",
        effect=0.4,
        unit="h/week",
        holds=True,
    )
    monkeypatch.setattr(tiny_report, "patterns", [result])
    monkeypatch.setattr(tiny_report, "patterns_note", "")
    text, markup = validate.render_markdown(tiny_report), validate.render_html(tiny_report)
    for part in ("Overloaded access grants heavier", "more hours per client", "+0.4 h/week"):
        assert part in text and part in markup

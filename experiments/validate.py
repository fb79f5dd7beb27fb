"""``carescape validate``: the validation report of a preset against its real figures.

Runs the preset for at least five seeds and writes ``validation.md`` and a
self-contained ``validation.html`` (inline SVG figures, no external files: readable
offline) with

* every target of the preset's target file: simulated mean over the seeds and the
  5-95% band of the seeds, the real value, the tolerance band, the source and the
  verdict (a target whose indicator is not recorded is listed as not evaluable, with
  the missing column, rather than silently dropped);
* the BRIEF's patterns 1-10, each a small experiment with its expected direction and
  measured effect, from ``experiments.patterns.run_patterns`` (imported lazily: if the
  module is missing, the report says so);
* the baseline trends over the simulated years: a small chart per main indicator.
"""

from __future__ import annotations

import html
import io
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from experiments.calibrate import make_pool, simulate
from experiments.output import result_set
from experiments.provenance import code_version, identity
from experiments.targets import Evaluation, MissingIndicator, Target
from model.params import ConfigError, Profile
from model.results import INDICATORS, kind_of

if TYPE_CHECKING:  # written in parallel (issue 9); imported lazily at run time
    from experiments.patterns import PatternResult

MIN_SEEDS = 5
# Main indicators whose yearly path the report charts (those recorded are shown).
TREND_INDICATORS = (
    "residents_80_plus",
    "clients_wmo",
    "clients_hh",
    "clients_support",
    "clients_youth",
    "clients_youth_residential",
    "waiting_access",
    "wait_weeks_access",
    "waiting_providers",
    "waiting_providers_hh",
    "overburdened_carers",
    "users_general",
    "spend_wmo_eur",
    "spend_youth_eur",
    "spend_general_eur",
    "budget_total_eur",
    "wellbeing_with_need",
)


@dataclass
class TargetRow:
    """One target in the report: evaluated, or why it could not be."""

    target: Target
    evaluation: Evaluation | None = None
    problem: str = ""

    @property
    def verdict(self) -> str:
        """'within band', 'OUTSIDE' or 'not evaluable'."""
        if self.evaluation is None:
            return "not evaluable"
        return "within band" if self.evaluation.holds else "OUTSIDE"


@dataclass
class Trend:
    """Yearly values of one indicator: mean and 5-95% band over the seeds."""

    name: str
    label: str
    unit: str
    years: list[int]
    mean: list[float]
    low: list[float]
    high: list[float]

    @property
    def growth(self) -> float:
        """Mean yearly growth over the years, %."""
        first, last = self.mean[0], self.mean[-1]
        if len(self.mean) < 2 or first <= 0 or last <= 0:
            return math.nan
        return ((last / first) ** (1 / (len(self.mean) - 1)) - 1) * 100


@dataclass
class Report:
    """Everything the report shows."""

    preset: str
    target_file: str
    seeds: list[int]
    years: int
    residents: int
    rows: list[TargetRow]
    trends: list[Trend]
    patterns: list[PatternResult] = field(default_factory=list)
    patterns_note: str = ""
    seconds: float = 0.0
    version: str = ""
    # A fit report (a profile file rather than a built-in preset): what it was built
    # from and fitted to, and the tensions between figures the fit found.
    fit_lines: list[str] = field(default_factory=list)
    tensions: list[str] = field(default_factory=list)
    is_profile: bool = False

    @property
    def title(self) -> str:
        """The report's heading."""
        if self.is_profile:
            return f"Fit report of {self.preset}"
        return f"Validation of the {self.preset} preset"

    @property
    def summary(self) -> str:
        """'N of M evaluable targets within their band; K not evaluable'."""
        evaluated = [r for r in self.rows if r.evaluation is not None]
        ok = sum(r.evaluation.holds for r in evaluated)
        text = f"{ok} of {len(evaluated)} evaluable targets within their band"
        missing = len(self.rows) - len(evaluated)
        return text + (f"; {missing} not evaluable (indicator not recorded)" if missing else "")


def _rows(target_set, runs) -> list[TargetRow]:
    rows = []
    for target in target_set:
        try:
            rows.append(
                TargetRow(target, Evaluation(target, tuple(target.compute(r) for r in runs)))
            )
        except MissingIndicator:
            missing = [c for c in target.columns if c not in runs[0]]
            rows.append(TargetRow(target, None, f"not recorded: {', '.join(missing)}"))
    return rows


def _trends(runs: Sequence[dict[str, np.ndarray]]) -> list[Trend]:
    first = runs[0]
    start = int(str(first["date"][0])[:4]) if "date" in first else 0
    years = len(first["month"]) // 12
    trends = []
    for name in TREND_INDICATORS:
        if name not in first or name not in INDICATORS:
            continue
        per_seed = []
        for series in runs:
            values = np.asarray(series[name], dtype=float)[: years * 12].reshape(years, 12)
            per_seed.append(values.mean(axis=1) if kind_of(name) == "stock" else values.sum(1))
        stacked = np.vstack(per_seed)
        indicator = INDICATORS[name]
        trends.append(
            Trend(
                name,
                indicator.label,
                indicator.unit + ("" if kind_of(name) == "stock" else " per year"),
                [start + i for i in range(years)],
                stacked.mean(axis=0).tolist(),
                np.percentile(stacked, 5, axis=0).tolist(),
                np.percentile(stacked, 95, axis=0).tolist(),
            )
        )
    return trends


def _patterns(preset: str, residents: int, years: int, seeds: Sequence[int]):
    """The pattern experiments, or a note why there are none."""
    try:
        from experiments.patterns import run_patterns
    except ImportError as exc:
        return [], (
            f"The pattern experiments are not available: experiments.patterns could not be "
            f"imported ({exc})."
        )
    try:
        return list(run_patterns(preset, residents=residents, years=years, seeds=seeds)), ""
    except Exception as exc:  # noqa: BLE001 - the report must still be written; it says why
        return [], f"The pattern experiments failed: {type(exc).__name__}: {exc}"


def _fit_lines(profile: Profile, rows: Sequence[TargetRow]) -> list[str]:
    """What a built or calibrated profile came from, for the head of its fit report."""
    lines = []
    built = profile.built_from or {}
    if built:
        local = set(built.get("local_targets", ()))
        mine = [r for r in rows if r.target.name in local and r.evaluation is not None]
        ok = sum(r.evaluation.holds for r in mine)
        lines.append(
            f"Built from `{built.get('figures_file', '?')}`: {len(built.get('figures', ()))} "
            f"figures; {len(built.get('local_parameters', ()))} parameters set from them "
            f"directly; {len(local)} targets from its own figures (**{ok} of {len(mine)} "
            f"within their band**), {len(built.get('national_targets', ()))} national "
            f"targets where the municipality gave no figure (base set "
            f"`{built.get('base_targets', '?')}`)."
        )
    cal = profile.calibration or {}
    if cal:
        lines.append(
            f"Fitted: {len(cal.get('fitted_parameters', ()))} behavioural parameters by study "
            f"`{cal.get('study', '?')}`, {cal.get('trials', '?')} trials x "
            f"{len(cal.get('seeds', ()))} seeds at {cal.get('residents', '?'):,} residents, "
            f"{cal.get('years', '?')} years; best loss {cal.get('loss', float('nan')):.3g}."
        )
    if built:
        lines.append(
            f"Still national assumptions (registry defaults with their sources): "
            f"{len(built.get('national_assumptions', ()))} parameters; "
            "`carescape params` lists each with its source."
        )
    return lines


def _tension_lines(profile: Profile, target_set) -> list[str]:
    from experiments.tensions import describe

    labels = {t.name: t.label for t in target_set}
    stored = (profile.calibration or {}).get("tensions", [])
    return [describe(t, labels) for t in stored if isinstance(t, dict)]


def build_report(
    preset: str | None = None,
    seeds: int = MIN_SEEDS,
    years: int = 10,
    residents: int | None = None,
    targets: str | Path | None = None,
    workers: int | None = None,
    patterns: bool = True,
    pattern_residents: int = 12000,
    pattern_years: int = 5,
    profile_path: str | Path | None = None,
) -> Report:
    """Run the seeds (and the pattern experiments) and collect the report.

    With ``profile_path`` (a municipality's own profile) it is the fit report: the
    profile's own targets, what it was built from, and which figures pull against which.
    The pattern experiments are properties of the model's mechanisms, checked in the
    built-in presets' reports; a fit report leaves them out and says so.
    """
    from experiments.calibrate import resolve_base

    if seeds < MIN_SEEDS:
        raise ConfigError(f"seeds = {seeds} is too few; use at least {MIN_SEEDS}")
    started = time.perf_counter()
    base, label, target_set = resolve_base(preset, profile_path, targets)
    profile = base
    if residents is not None:
        profile = profile.with_overrides({"population.residents": residents})
    seed_list = list(range(1, seeds + 1))
    pool = make_pool(workers, len(seed_list))
    try:
        runs = simulate(profile, seed_list, years, pool)
    finally:
        if pool is not None:
            pool.shutdown()
    if profile_path is not None:
        found, note = (
            [],
            (
                "The pattern experiments test the model's mechanisms and are reported for the "
                "built-in presets (docs/validation/); this report is about this municipality's "
                "own figures."
            ),
        )
    elif patterns:
        found, note = _patterns(label, pattern_residents, pattern_years, (1, 2, 3))
    else:
        found, note = [], "The pattern experiments were skipped (--no-patterns)."
    rows = _rows(target_set, runs)
    return Report(
        base.name if profile_path is not None else label,
        target_set.path,
        seed_list,
        years,
        int(profile["population.residents"]),
        rows,
        _trends(runs),
        found,
        note,
        time.perf_counter() - started,
        code_version(),
        _fit_lines(base, rows) if profile_path is not None else [],
        _tension_lines(base, target_set),
        profile_path is not None,
    )


# -- rendering --------------------------------------------------------------------------


def _fmt(value: float) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} M"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _target_cells(row: TargetRow) -> list[str]:
    t, e = row.target, row.evaluation
    if e is None:
        model, band = "n/a", "n/a"
    else:
        model, (lo, hi) = _fmt(e.mean), e.band
        band = f"{_fmt(lo)}-{_fmt(hi)}"
    return [
        t.label,
        model,
        band,
        _fmt(t.value),
        f"{_fmt(t.low)}-{_fmt(t.high)}",
        t.unit,
        row.verdict,
        t.source + (f" [{row.problem}]" if row.problem else ""),
    ]


TARGET_HEADER = [
    "target",
    "model (mean)",
    "model 90% band",
    "real",
    "tolerance",
    "unit",
    "verdict",
    "source",
]
PATTERN_HEADER = ["#", "pattern", "expected", "measured", "effect", "holds"]


def _pattern_cells(p: PatternResult) -> list[str]:
    return [
        str(p.number),
        p.title,
        p.expected,
        p.measured,
        f"{_fmt(p.effect)} {p.unit}",
        "yes" if p.holds else "NO",
    ]


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def clean(cell: str) -> str:
        return cell.replace("|", "/").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(clean(c) for c in row) + " |" for row in rows]
    return lines


def _header_text(report: Report) -> list[str]:
    seeds = ", ".join(map(str, report.seeds))
    kind = "Profile" if report.is_profile else "Preset"
    return [
        f"{kind} **{report.preset}** ({report.residents:,} residents), {report.years} years, "
        f"seeds {seeds}; targets from `{Path(report.target_file).name}`; "
        f"carescape {report.version}; {report.seconds:.0f} s.",
        "",
        f"**{report.summary}.** The model's value is the mean over the seeds; its band is "
        "the 5-95% range of the seeds. The verdict compares the mean with the tolerance.",
        *(line for text in report.fit_lines for line in ("", text)),
    ]


TENSIONS_INTRO = (
    "Where a figure stays outside its band, the trials of the fit show which other figure "
    "it pulls against (their errors move in opposite directions over the trials: the "
    "model cannot meet both with its current assumptions; one of the two figures may "
    "also be measured differently locally)."
)


def _tension_section(report: Report) -> list[str]:
    """Markdown lines of the tensions, or none when the report is of a preset without them."""
    if not report.is_profile and not report.tensions:
        return []
    lines = ["", "## Which figures pull against which", "", TENSIONS_INTRO, ""]
    if report.tensions:
        lines += [f"- {t}" for t in report.tensions]
    else:
        lines.append(
            "No tension found: every figure is within its band, or the study has too few "
            "trials to tell (at least 8, and a rank correlation beyond chance)."
        )
    return lines


def render_markdown(report: Report) -> str:
    """validation.md."""
    lines = [f"# {report.title}", "", *_header_text(report), ""]
    lines += ["## Targets", ""]
    lines += _md_table(TARGET_HEADER, [_target_cells(r) for r in report.rows])
    lines += _tension_section(report)
    lines += ["", "## Patterns (BRIEF section 5)", ""]
    if report.patterns:
        lines += _md_table(PATTERN_HEADER, [_pattern_cells(p) for p in report.patterns])
    if report.patterns_note:
        lines += ["", report.patterns_note]
    lines += ["", "## Baseline trends", ""]
    header = ["indicator", "unit", *(str(y) for y in report.trends[0].years), "growth %/yr"]
    rows = [[t.label, t.unit, *(_fmt(v) for v in t.mean), _fmt(t.growth)] for t in report.trends]
    lines += _md_table(header, rows) if report.trends else ["No trends recorded."]
    return "\n".join(lines) + "\n"


def _svg_chart(trend: Trend) -> str:
    """A small line chart with the seeds' band, as inline SVG (matplotlib if installed)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.rcParams["svg.fonttype"] = "none"  # text as text: a small, searchable file
    except ImportError:
        return _plain_svg(trend)
    fig, ax = plt.subplots(figsize=(3.6, 2.2), dpi=100)
    ax.fill_between(trend.years, trend.low, trend.high, alpha=0.25, color="#3b6ea8", lw=0)
    ax.plot(trend.years, trend.mean, color="#3b6ea8", lw=1.8)
    ax.set_title(trend.label, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_ylabel(trend.unit, fontsize=7)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _plain_svg(trend: Trend) -> str:
    """A minimal SVG polyline without matplotlib."""
    w, h, pad = 360, 180, 20
    lo, hi = min(trend.low), max(trend.high)
    span = (hi - lo) or 1.0
    n = max(len(trend.mean) - 1, 1)

    def xy(i: int, v: float) -> str:
        return f"{pad + i * (w - 2 * pad) / n:.1f},{h - pad - (v - lo) * (h - 2 * pad) / span:.1f}"

    points = " ".join(xy(i, v) for i, v in enumerate(trend.mean))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
        f'<text x="{pad}" y="14" font-size="11">{html.escape(trend.label)}</text>'
        f'<polyline fill="none" stroke="#3b6ea8" stroke-width="2" points="{points}"/></svg>'
    )


def _html_table(header: list[str], rows: list[list[str]], verdict_col: int | None) -> str:
    out = ["<table><thead><tr>"]
    out += [f"<th>{html.escape(h)}</th>" for h in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cls = ""
        if verdict_col is not None:
            verdict = row[verdict_col]
            cls = {"within band": "ok", "yes": "ok", "OUTSIDE": "bad", "NO": "bad"}.get(
                verdict, "na"
            )
        out.append(f'<tr class="{cls}">' + "".join(f"<td>{html.escape(c)}</td>" for c in row))
    out.append("</tbody></table>")
    return "".join(out)


CSS = """
body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;color:#222}
table{border-collapse:collapse;font-size:13px;margin:1em 0}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#eee}tr.ok td:nth-child(7){color:#176b2c}tr.bad td{background:#fde8e8}
tr.na td{color:#777}.charts{display:flex;flex-wrap:wrap;gap:8px}.charts svg{max-width:360px}
"""


def render_html(report: Report) -> str:
    """validation.html: one file, inline SVG charts, no external resources."""

    def para(text: str) -> str:
        escaped = html.escape(text)
        while "**" in escaped:
            escaped = escaped.replace("**", "<b>", 1).replace("**", "</b>", 1)
        return f"<p>{escaped.replace('`', '')}</p>"

    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>carescape: {html.escape(report.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
        *(para(t) for t in _header_text(report) if t),
        "<h2>Targets</h2>",
        _html_table(TARGET_HEADER, [_target_cells(r) for r in report.rows], 6),
        *_tension_html(_tension_section(report), para),
        "<h2>Patterns (BRIEF section 5)</h2>",
    ]
    if report.patterns:
        parts.append(_html_table(PATTERN_HEADER, [_pattern_cells(p) for p in report.patterns], 5))
    if report.patterns_note:
        parts.append(para(report.patterns_note))
    parts.append("<h2>Baseline trends</h2><div class='charts'>")
    parts += [f"<figure>{_svg_chart(t)}</figure>" for t in report.trends]
    parts.append("</div></body></html>")
    return "\n".join(parts)


def _tension_html(lines: Sequence[str], para) -> list[str]:
    """The tension section's markdown lines as HTML (heading, paragraphs, list)."""
    parts, items = [], []
    for line in lines:
        if line.startswith("## "):
            parts.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:]).replace('`', '')}</li>")
        elif line:
            parts.append(para(line))
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return parts


REPORT_FILES = ("validation.md", "validation.html")


def write_report(report: Report, out: Path) -> tuple[Path, Path]:
    """Write validation.md and validation.html into ``out`` as one result set."""
    out = Path(out)
    config = {
        "preset": report.preset,
        "targets": report.target_file,
        "years": report.years,
        "residents": report.residents,
    }
    texts = (render_markdown(report), render_html(report))
    with result_set(out, identity("validate", report.seeds, config)) as files:
        for name, text in zip(REPORT_FILES, texts, strict=True):
            files.path(name).write_text(text, encoding="utf-8")
    return out / REPORT_FILES[0], out / REPORT_FILES[1]

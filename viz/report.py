"""The council report: one document a municipality hands to its council, from one run.

The content is built once as a list of blocks (headings, paragraphs, the headline
numbers, tables, charts, a code block) by :func:`report_blocks`; two writers render
it: :func:`report_html` (one self-contained HTML file, charts inline, that staff open
in Word or a browser and edit) and ``viz.report_pdf.report_pdf``. Everything comes
from the same functions the app and the spreadsheets use (``viz.headline``,
``viz.export_tables``, ``viz.charts``), so the report shows the numbers on screen.
No Solara here: it can be made from the CLI or a test.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import zipfile

from model.params import REGISTRY
from model.results import outcome
from viz import charts
from viz.backend import (
    CUMULATIVE_SAVINGS,
    MEASURES_COST,
    Results,
    flows,
    four_arrows,
    scenario_toml,
    series,
)
from viz.export_tables import RunContext, budget_lines, settings_rows, year_labels
from viz.headline import arrow_values, headline_kpis, money, saving, saving_explained
from viz.i18n import indicator_label, number, policy_label, t, unit_label
from viz.report_blocks import Block
from viz.report_pdf import report_pdf
from viz.summary_png import arrows_png

KEY_CHARTS = ("net_cost_eur", "clients_youth", "waiting_access", "unmet_need")


# Names a Dutch sentence keeps capitalised although the second letter is lowercase.
ABBREVIATIONS = ("Wmo", "Wlz", "Jeugdwet")


def in_sentence(name: str) -> str:
    """A Dutch measure name inside a sentence: an ordinary first word lowercased.

    "Normenkader hulp ..." becomes "normenkader hulp ...", but an acronym or a law keeps
    its capitals ("POH-GGZ jeugd", "Wmo-..."): lowercasing those breaks them ("pOH-GGZ").
    """
    first = name.split(" ")[0]
    if len(first) < 2 or not first[1].islower() or first.startswith(ABBREVIATIONS):
        return name
    return name[:1].lower() + name[1:]


def place(context: RunContext, lang: str) -> str:
    """Where the run is, as a sentence says it.

    A built-in preset's picker label ("Gemiddeld, ca. 45.000 inwoners") is no place name,
    so it reads "een gemiddelde gemeente van ca. 45.000 inwoners"; an own municipality
    keeps its own name.
    """
    preset = context.scenario.preset
    key = f"rp_place_{preset}"
    if preset and t(key, lang) != key:
        return t(key, lang)
    return context.municipality


def _measures(context: RunContext, lang: str) -> str:
    names = [policy_label(n, lang) for n in context.scenario.policies]
    if not names:
        return t("rp_no_measures", lang)
    names = [in_sentence(n) for n in names] if lang == "nl" else names
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {t('rp_and', lang)} {names[-1]}"


def question(context: RunContext, lang: str) -> str:
    """The report's first sentence: which measures, where, over which years."""
    labels = year_labels(context.scenario.start, context.years)
    return t(
        "rp_question",
        lang,
        measures=_measures(context, lang),
        municipality=place(context, lang),
        years=context.years,
        first=labels[0],
        last=labels[-1],
    )


def _question(context: RunContext, lang: str) -> list[Block]:
    return [Block("h1", t("rp_title", lang)), Block("h2", t("rp_question_title", lang)),
            Block("p", question(context, lang))]  # fmt: skip


def _settings(context: RunContext, results: Results, lang: str) -> list[Block]:
    rows = tuple(
        (f"· {what.strip()}" if what.startswith(" ") else what, value)
        for what, value in settings_rows(context, results, lang)
    )
    return [Block("h2", t("rp_settings_title", lang)), Block("table", rows=rows)]


def _headline(context: RunContext, results: Results, lang: str) -> list[Block]:
    explained = saving_explained(saving(results), context.years, lang)
    return [
        Block("h2", t("rp_headline_title", lang)),
        Block("p", t("rp_headline_app", lang)),
        Block("kpis", kpis=tuple(headline_kpis(results, context.years, lang))),
        *(Block("p", sentence) for sentence in explained),
    ]


def _arrows(results: Results, lang: str) -> list[Block]:
    rows = []
    arrows = four_arrows(results)
    for arrow in arrows:
        base, scen = arrow_values(arrow, lang)
        rows.append(
            (
                t(f"arrow_{arrow.key}", lang),
                t(arrow.verdict, lang),
                base,
                scen,
                t(f"arrow_{arrow.key}_what", lang),
            )
        )
    header = (t("rp_arrow", lang), t("rp_verdict", lang), t("baseline", lang),
              t("scenario", lang), t("rp_what", lang))  # fmt: skip
    return [
        Block("h2", t("rp_arrows_title", lang)),
        Block("p", t("rp_arrows_intro", lang)),
        Block("image", png=arrows_png(arrows, lang)),
        Block("table", header=header, rows=tuple(rows)),
    ]


def _charts(results: Results, lang: str) -> list[Block]:
    blocks = [Block("h2", t("rp_charts_title", lang))]
    savings = charts.savings_png(
        series(results, CUMULATIVE_SAVINGS), series(results, MEASURES_COST), lang
    )
    blocks.append(Block("image", t("savings_note", lang), png=savings))
    blocks.append(
        Block(
            "image",
            t("flows_note", lang),
            png=charts.flows_png(flows(results, "baseline"), flows(results, "scenario"), lang),
        )
    )
    for name in KEY_CHARTS:
        unit = outcome(name).unit
        label = indicator_label(name, lang)
        png = charts.comparison_png(
            series(results, name), label, unit, unit_label(unit, lang), lang
        )
        blocks.append(Block("image", png=png))
    return blocks


def contribution_rows(context: RunContext) -> list[tuple[str, float, float, float]]:
    """Each measure's contribution to the net cost over the horizon: lever, mean, lo, hi."""
    return net_cost_contributions(context.contributions)


def net_cost_contributions(contributions) -> list[tuple[str, float, float, float]]:
    """The net-cost rows of a contributions table (lever, mean, lo, hi); none without one."""
    if contributions is None:
        return []
    data = contributions.to_pydict()
    return [
        (lever, mean, lo, hi)
        for lever, name, mean, lo, hi in zip(
            data["lever"],
            data["indicator"],
            data["contribution_mean"],
            data["contribution_lo"],
            data["contribution_hi"],
            strict=True,
        )
        if name == "net_cost_eur"
    ]


def _contributions(context: RunContext, lang: str) -> list[Block]:
    rows = contribution_rows(context)
    if not rows:
        return []
    table = tuple(
        (policy_label(lever, lang), f"{money(mean, lang)} ({money(lo, lang)} – {money(hi, lang)})")
        for lever, mean, lo, hi in rows
    )
    png = charts.contributions_png(rows, lang, lambda n: policy_label(n, lang))
    return [
        Block("h2", t("rp_contrib_title", lang)),
        Block("p", t("rp_contrib_head", lang)),
        Block("table", header=(t("rp_measure", lang), t("rp_contribution", lang)), rows=table),
        Block("image", png=png),
    ]


def _budget(results: Results, context: RunContext, lang: str) -> list[Block]:
    lines = budget_lines(results)
    labels = year_labels(context.scenario.start, len(lines[0].baseline))
    rows = []
    for line in lines:
        for part in ("baseline", "scenario", "difference"):
            values = getattr(line, part)
            first = line.label(lang) if part == "baseline" else ""
            rows.append(
                (
                    first,
                    t(f"rp_variant_{part}", lang),
                    *(number(v / 1e6, lang, 2) for v in values),
                )
            )
    header = (t("rp_line", lang), "", *labels)
    return [
        Block("h2", t("rp_budget_title", lang)),
        Block("p", t("rp_budget_intro", lang)),
        Block("table", header=header, rows=tuple(rows), wide=True),
    ]


def _caveats(lang: str) -> list[Block]:
    assumed = sum(spec.is_assumption for spec in REGISTRY.values())
    items = [
        t("rp_caveat_explore", lang),
        t("rp_caveat_calibrated", lang, assumed=assumed, total=len(REGISTRY)),
        t("rp_caveat_prices", lang),
        t("rp_caveat_scope", lang),
        t("rp_caveat_quality", lang),
        t("rp_caveat_dashboard", lang),
        t("rp_caveat_runs", lang),
    ]
    return [Block("h2", t("rp_caveats_title", lang)), Block("bullets", items=tuple(items))]


def reproduce_command(context: RunContext, replicates: int, residents: int | None) -> str:
    """The command line that repeats the run (the app's seeds are 1 .. replicates)."""
    parts = [
        "carescape compare --scenario scenario.toml",
        f"--years {context.years} --replicates {replicates} --seed 1",
    ]
    if residents:
        parts.append(f"--residents {residents}")
    if context.contributions is None:
        parts.append("--no-contributions")
    return " ".join(parts)


def _reproduce(context: RunContext, results: Results, lang: str, today: dt.date) -> list[Block]:
    seeds = sorted(results["baseline"])
    text = t(
        "rp_reproduce",
        lang,
        version=context.code(),
        date=today.isoformat(),
        seeds=", ".join(map(str, seeds)),
    )
    command = reproduce_command(context, len(seeds), context.residents)
    return [
        Block("h2", t("rp_reproduce_title", lang)),
        Block("p", text),
        Block("code", command),
        Block("code", scenario_toml(context.scenario)),
    ]


def report_blocks(
    context: RunContext, results: Results, lang: str, today: dt.date | None = None
) -> list[Block]:
    """The whole report as blocks, in reading order: the answer first, the settings after."""
    return [
        *_question(context, lang),
        *_headline(context, results, lang),
        *_arrows(results, lang),
        *_charts(results, lang),
        *_contributions(context, lang),
        *_budget(results, context, lang),
        *_settings(context, results, lang),
        *_caveats(lang),
        *_reproduce(context, results, lang, today or dt.date.today()),
    ]


# -- HTML ---------------------------------------------------------------------------------------
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; color: #1f2933;
       max-width: 960px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
h1 { color: #12355b; font-size: 20pt; } h2 { color: #12355b; font-size: 14pt; margin-top: 22px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 9.5pt; }
th, td { border: 1px solid #cbd2d9; padding: 3px 6px; vertical-align: top; }
th { background: #12355b; color: white; text-align: left; }
table.wide td, table.wide th { text-align: right; white-space: nowrap; font-size: 8.5pt; }
table.wide td:first-child, table.wide th:first-child { text-align: left; white-space: normal; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; }
.kpi { border: 1px solid #cbd2d9; border-radius: 6px; padding: 8px 12px; min-width: 180px; }
.kpi .value { font-size: 16pt; font-weight: bold; color: #12355b; }
.kpi .label { font-size: 9pt; color: #52606d; }
img { max-width: 100%; } figure { margin: 10px 0; } figcaption { font-size: 9pt; color: #52606d; }
pre { background: #f4f6f8; padding: 8px; font-size: 9pt; white-space: pre-wrap; }
"""


def _html_block(block: Block) -> str:
    e = html.escape
    if block.kind in ("h1", "h2", "p"):
        return f"<{block.kind}>{e(block.text)}</{block.kind}>"
    if block.kind == "bullets":
        return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.items) + "</ul>"
    if block.kind == "kpis":
        cards = "".join(
            f'<div class="kpi"><div class="value">{e(k.value)}</div>'
            f'<div class="label">{e(k.label)}</div></div>'
            for k in block.kpis
        )
        return f'<div class="kpis">{cards}</div>'
    if block.kind == "table":
        head = "".join(f"<th>{e(h)}</th>" for h in block.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in block.rows
        )
        css = ' class="wide"' if block.wide else ""
        return f"<table{css}>" + (f"<tr>{head}</tr>" if head else "") + body + "</table>"
    if block.kind == "image":
        data = base64.b64encode(block.png).decode("ascii")
        caption = f"<figcaption>{e(block.text)}</figcaption>" if block.text else ""
        return f'<figure><img alt="" src="data:image/png;base64,{data}">{caption}</figure>'
    if block.kind == "code":
        return f"<pre>{e(block.text)}</pre>"
    raise ValueError(f"block kind = {block.kind!r} is not a report block")


def report_html(blocks: list[Block], lang: str) -> str:
    """The report as one self-contained HTML file (inline CSS, charts as data URIs)."""
    title = next((b.text for b in blocks if b.kind == "h1"), "carescape")
    body = "\n".join(_html_block(block) for block in blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def report_zip(context: RunContext, results: Results, lang: str) -> bytes:
    """The PDF and the editable HTML of one report in a ZIP (one download, one click)."""
    blocks = report_blocks(context, results, lang)
    stem = "raadsrapport" if lang == "nl" else "council-report"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"carescape-{stem}.pdf", report_pdf(blocks, lang))
        archive.writestr(f"carescape-{stem}.html", report_html(blocks, lang))
    return buffer.getvalue()

"""The tables a municipality hands out, as plain rows with Dutch and English column labels.

One description of every export table (yearly comparison, monthly data, each measure's
contribution, the yearly budget by IV3 line, the settings) that the CSV and ``.xlsx``
writers (``viz.spreadsheet``) and the council report (``viz.report``) all read, so the
three never disagree. Years are calendar years counted from the scenario's start month
(``2025`` ... ``2034``; ``2025/26`` when the run does not start in January), money is in
euros at the model's constant 2025 prices. No Solara here: usable from tests and the CLI.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from experiments.compare import compare_table
from experiments.provenance import code_version
from model.aggregate import yearly
from model.context import parse_start
from model.policies import CATALOGUE
from model.results import NET_COST, outcome
from model.scenarios import Scenario
from viz.backend import Results
from viz.i18n import (
    choice_label,
    figure_value,
    indicator_label,
    param_label,
    policy_label,
    t,
)

PRICE_LEVEL = 2025  # the model's money is in constant 2025 prices (docs/ODD.md, finance)


@dataclass(frozen=True)
class Column:
    """One column: its technical name, Dutch and English label, and how values are shown.

    ``kind``: ``text``, ``count`` (whole), ``money`` (whole euros), ``percent`` (one
    decimal), ``decimal`` (two decimals), or ``unit`` (digits follow the unit of the
    row's indicator, named in the table's ``indicator_column``).
    """

    name: str
    nl: str
    en: str
    kind: str = "text"

    def label(self, lang: str) -> str:
        """The label in the chosen language."""
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class Table:
    """An export table: a sheet name per language, columns and rows of plain values."""

    key: str
    nl: str
    en: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    indicator_column: str = ""  # the column naming each row's indicator (for ``kind = "unit"``)
    notes: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (nl, en) lines

    def title(self, lang: str) -> str:
        """The sheet name in the chosen language."""
        return self.nl if lang == "nl" else self.en


# Digits a value of each unit is shown with: counts and euros whole, rates with decimals.
UNIT_DIGITS = {
    "EUR": 0,
    "share": 1,  # shown in percent
    "score": 2,
    "weeks": 1,
    "months": 1,
    "hours/week": 2,
    "assessment-equivalents": 1,
}


def digits(column: Column, unit: str = "") -> int:
    """Decimals a value of ``column`` gets (in a row whose unit is ``unit``)."""
    if column.kind == "unit":
        return UNIT_DIGITS.get(unit, 0)
    return {"count": 0, "money": 0, "percent": 1, "decimal": 2}.get(column.kind, 0)


# -- years --------------------------------------------------------------------------------------
def year_labels(start: str, years: int) -> list[str]:
    """Calendar-year labels of a run: ``2025`` ... or ``2025/26`` when it starts mid-year."""
    first = parse_start(start)
    if first.month == 1:
        return [str(first.year + i) for i in range(years)]
    return [f"{first.year + i}/{(first.year + i + 1) % 100:02d}" for i in range(years)]


def start_of(results: Results) -> str:
    """The first recorded month of a run as ``YYYY-MM``."""
    first = results["baseline"][min(results["baseline"])]["date"][0]
    date = first if isinstance(first, dt.date) else np.datetime64(first, "D").astype(dt.date)
    return f"{date.year}-{date.month:02d}"


# -- yearly comparison --------------------------------------------------------------------------
def _value_columns(unit_label: tuple[str, str]) -> tuple[Column, ...]:
    return (
        Column("indicator_label", "Indicator", "Indicator"),
        Column("indicator", "Technische naam", "Technical name"),
        Column("unit", *unit_label),
        Column("year", "Jaar", "Year"),
        Column("baseline_mean", "Basis (gemiddeld)", "Baseline (mean)", "unit"),
        Column("scenario_mean", "Met maatregelen (gemiddeld)", "With measures (mean)", "unit"),
        Column("diff_mean", "Verschil", "Difference", "unit"),
        Column("diff_lo", "Verschil, ondergrens 90%", "Difference, 90% lower bound", "unit"),
        Column("diff_hi", "Verschil, bovengrens 90%", "Difference, 90% upper bound", "unit"),
        Column("replicates", "Herhalingen", "Replicates", "count"),
    )


def row_unit(table: Table, row: Sequence[Any]) -> str:
    """The unit of a row's indicator (``""`` for tables without one), for its rounding."""
    if not table.indicator_column:
        return ""
    names = [c.name for c in table.columns]
    return _unit(row[names.index(table.indicator_column)])


def _unit(name: str) -> str:
    return outcome(name).unit


def _shown(value: float, unit: str) -> float:
    """A value in the unit a reader expects: shares in percent."""
    return value * 100 if unit == "share" else value


UNIT_TEXT = {  # unit -> (nl, en) as a spreadsheet column shows it
    "EUR": (f"EUR (prijspeil {PRICE_LEVEL})", f"EUR ({PRICE_LEVEL} prices)"),
    "share": ("%", "%"),
}


def unit_text(unit: str, lang: str) -> str:
    """A unit as the spreadsheets show it (money with its price level)."""
    from viz.i18n import unit_label

    if unit in UNIT_TEXT:
        return UNIT_TEXT[unit][0 if lang == "nl" else 1]
    return unit_label(unit, lang)


def comparison_table(results: Results, lang: str) -> Table:
    """Per indicator and calendar year: both variants' means and the paired difference.

    The indicators the app shows, the IV3 lines and the net cost; the full set of the
    results schema is in the Parquet download.
    """
    table = compare_table(results).to_pydict()
    labels = year_labels(start_of(results), max(table["year"]))
    order = {name: i for i, name in enumerate(COMPARISON_COLUMNS)}
    chosen = sorted(
        (i for i, name in enumerate(table["indicator"]) if name in order),
        key=lambda i: (order[table["indicator"][i]], table["year"][i]),
    )
    rows = []
    for i in chosen:
        name = table["indicator"][i]
        unit = _unit(name)
        rows.append(
            (
                indicator_name(name, lang),
                name,
                unit_text(unit, lang),
                labels[table["year"][i] - 1],
                *(_shown(table[k][i], unit) for k in ("baseline_mean", "scenario_mean")),
                *(_shown(table[k][i], unit) for k in ("diff_mean", "diff_lo", "diff_hi")),
                table["replicates"][i],
            )
        )
    return Table(
        "comparison",
        "Jaartabel",
        "Yearly table",
        _value_columns(("Eenheid", "Unit")),
        rows,
        indicator_column="indicator",
        notes=(
            (
                "Stromen (uitgaven, instroom) opgeteld per jaar, standen (cliënten, wachtenden) "
                "gemiddeld over het jaar. 90%: betrouwbaarheidsinterval van het gemiddelde "
                "gepaarde verschil over de herhalingen.",
                "Flows (spending, inflow) summed per year, stocks (clients, waiting) averaged "
                "over the year. 90%: confidence interval of the mean paired difference over "
                "the replicates.",
            ),
        ),
    )


# -- monthly data -------------------------------------------------------------------------------
IV3_LINES: tuple[tuple[str, str, str, str], ...] = (  # code, column, Dutch, English
    ("6.1", "spend_iv3_61_eur", "Samenkracht en burgerparticipatie (algemene voorzieningen)",
     "Community strength and participation (general facilities)"),
    ("6.2", "spend_iv3_62_eur", "Toegang en eerstelijnsvoorzieningen (wijkteams)",
     "Access and first-line services (district teams)"),
    ("6.6", "spend_iv3_66_eur", "Maatwerkvoorzieningen (Wmo): hulpmiddelen en woningaanpassingen",
     "Tailored provisions (Wmo): aids and home adaptations"),
    ("6.71", "spend_iv3_671_eur", "Maatwerkdienstverlening 18+ (hulp bij het huishouden, "
     "begeleiding, dagbesteding)", "Tailored services 18+ (home help, support, day care)"),
    ("6.72", "spend_iv3_672_eur", "Maatwerkdienstverlening 18- (ambulante jeugdhulp, jeugd-GGZ)",
     "Tailored services 18- (ambulant youth care, youth mental health)"),
    ("6.82", "spend_iv3_682_eur", "Geëscaleerde zorg 18- (jeugdhulp met verblijf)",
     "Escalated care 18- (residential youth care)"),
)  # fmt: skip
MEASURES_LINE = (
    "",
    "measures_cost_eur",
    "Kosten van de maatregelen (extra formatie, cofinanciering, subsidies)",
    "Cost of the measures (extra staff, co-financing, subsidies)",
)
TOTAL_LINE = (
    "",
    NET_COST,
    "Programma sociaal domein, gemodelleerd deel (totaal)",
    "Social domain programme, modelled part (total)",
)

MONTHLY_COLUMNS: tuple[str, ...] = (  # the indicators the app shows, then the IV3 lines
    "residents",
    "clients_wmo",
    "clients_hh",
    "clients_support",
    "clients_daycare",
    "clients_youth",
    "users_general",
    "users_light_support",
    "tailored_share",
    "waiting_access",
    "wait_weeks_access",
    "waiting_providers",
    "waiting_youth",
    "unmet_need",
    "wellbeing_in_contact",
    "overburdened_carers",
    "spend_wmo_eur",
    "spend_youth_eur",
    "spend_general_eur",
    "spend_staff_eur",
    "spend_total_eur",
    "declared_total_eur",
    *(line[1] for line in IV3_LINES),
)


LABELS_NL = {"residents": "Inwoners", "clients_youth_ggz": "Jeugdigen in jeugd-GGZ"}
COMPARISON_COLUMNS: tuple[str, ...] = (*MONTHLY_COLUMNS, NET_COST, "reached")


def indicator_name(name: str, lang: str) -> str:
    """An indicator's name in an export (IV3 lines by their code and budget name)."""
    for code, column, nl, en in IV3_LINES:
        if column == name:
            return f"IV3 {code} {nl if lang == 'nl' else en}"
    if lang == "nl" and name in LABELS_NL:
        return LABELS_NL[name]
    return indicator_label(name, lang)


def _kind(name: str) -> str:
    unit = _unit(name)
    if unit == "EUR":
        return "money"
    if unit == "share":
        return "percent"
    return "decimal" if unit in UNIT_DIGITS else "count"


def monthly_table(results: Results, lang: str) -> Table:
    """Every run month by month (baseline and with measures) for the indicators the app shows."""
    arm_names = {
        "baseline": ("basis", "baseline"),
        "scenario": ("met maatregelen", "with measures"),
    }
    names = [n for n in MONTHLY_COLUMNS if n in results["baseline"][min(results["baseline"])]]
    columns = (
        Column("arm", "Variant", "Variant"),
        Column("seed", "Herhaling (seed)", "Replicate (seed)", "count"),
        Column("date", "Maand", "Month"),
        *(Column(n, indicator_name(n, "nl"), indicator_name(n, "en"), _kind(n)) for n in names),
    )
    rows = []
    for arm in ("baseline", "scenario"):
        for seed, data in sorted(results[arm].items()):
            dates = [str(d)[:7] for d in data["date"]]
            values = [np.asarray(data[n], dtype=float) * (100 if _kind(n) == "percent" else 1)
                      for n in names]  # fmt: skip
            label = arm_names[arm][0 if lang == "nl" else 1]
            for m, date in enumerate(dates):
                rows.append((label, int(seed), date, *(float(v[m]) for v in values)))
    return Table("monthly", "Maanddata", "Monthly data", columns, rows)


# -- the yearly budget --------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetLine:
    """One line of the budget table: yearly amounts of both variants (means over replicates)."""

    code: str
    name: str
    nl: str
    en: str
    baseline: np.ndarray
    scenario: np.ndarray

    @property
    def difference(self) -> np.ndarray:
        """With measures minus baseline, per year (negative: a saving)."""
        return self.scenario - self.baseline

    def label(self, lang: str) -> str:
        """``6.71 Maatwerkdienstverlening 18+ ...`` in the chosen language."""
        text = self.nl if lang == "nl" else self.en
        return f"{self.code} {text}" if self.code else text


def _yearly_mean(results: Results, arm: str, name: str) -> np.ndarray:
    per_seed = []
    for seed in sorted(results["baseline"]):
        data = results[arm][seed]
        if name == "measures_cost_eur":  # own staff beyond the status quo: the levers' cost
            staff = yearly(data, ("spend_staff_eur", "spend_iv3_62_eur"))
            per_seed.append(staff["spend_staff_eur"] - staff["spend_iv3_62_eur"])
        else:
            per_seed.append(yearly(data, (name,))[name])
    return np.mean(per_seed, axis=0)


def budget_lines(results: Results) -> list[BudgetLine]:
    """The municipal budget's lines (IV3), the measures' own cost and the programme total.

    The lines plus the measures' cost add up to the total (the net cost the app reports);
    6.81 (sheltered living) and the parts of 6.1 and 6.2 the model does not simulate are
    not in it.
    """
    return [
        BudgetLine(
            code,
            name,
            nl,
            en,
            _yearly_mean(results, "baseline", name),
            _yearly_mean(results, "scenario", name),
        )
        for code, name, nl, en in (*IV3_LINES, MEASURES_LINE, TOTAL_LINE)
    ]


def budget_table(results: Results, lang: str) -> Table:
    """The yearly budget by IV3 line: per calendar year baseline, with measures, difference."""
    lines = budget_lines(results)
    labels = year_labels(start_of(results), len(lines[0].baseline))
    parts = (
        ("baseline", "basis", "baseline"),
        ("scenario", "met maatregelen", "with measures"),
        ("difference", "verschil", "difference"),
    )
    columns = [
        Column("iv3", "IV3-taakveld", "IV3 line"),
        Column("line", "Omschrijving", "Description"),
        Column("indicator", "Technische naam", "Technical name"),
    ]
    for year in labels:
        for key, nl, en in parts:
            columns.append(Column(f"y{year}_{key}", f"{year} {nl}", f"{year} {en}", "money"))
    rows = []
    for line in lines:
        values = []
        for y in range(len(labels)):
            values += [line.baseline[y], line.scenario[y], line.difference[y]]
        rows.append(
            (line.code, line.nl if lang == "nl" else line.en, line.name, *map(float, values))
        )
    return Table(
        "budget",
        "Begroting per jaar",
        "Yearly budget",
        tuple(columns),
        rows,
        notes=(
            (
                f"Bedragen in euro per jaar, prijspeil {PRICE_LEVEL}, gemiddeld over de "
                "herhalingen. Alleen het gemodelleerde deel van het programma sociaal domein: "
                "6.81 (beschermd wonen, opvang) ontbreekt, van 6.1 en 6.2 alleen wat het model "
                "simuleert.",
                f"Euros per year, {PRICE_LEVEL} prices, mean over the replicates. Only the "
                "modelled part of the social domain programme: 6.81 (sheltered living, shelter) "
                "is missing, of 6.1 and 6.2 only what the model simulates.",
            ),
        ),
    )


# -- contributions ------------------------------------------------------------------------------
def contributions_table(contributions: pa.Table | None, lang: str) -> Table | None:
    """Each measure's contribution over the horizon (full package minus package without it)."""
    if contributions is None:
        return None
    data = contributions.to_pydict()
    columns = (
        Column("lever_label", "Maatregel", "Measure"),
        Column("lever", "Technische naam", "Technical name"),
        Column("indicator_label", "Indicator", "Indicator"),
        Column("indicator", "Indicator (technisch)", "Indicator (technical)"),
        Column("unit", "Eenheid", "Unit"),
        Column("contribution_mean", "Bijdrage", "Contribution", "unit"),
        Column("contribution_lo", "Ondergrens 90%", "90% lower bound", "unit"),
        Column("contribution_hi", "Bovengrens 90%", "90% upper bound", "unit"),
    )
    rows = []
    for i, lever in enumerate(data["lever"]):
        name = data["indicator"][i]
        unit = _unit(name)
        rows.append(
            (
                policy_label(lever, lang),
                lever,
                indicator_name(name, lang),
                name,
                unit_text(unit, lang),
                *(_shown(data[k][i], unit) for k in ("contribution_mean", "contribution_lo",
                                                      "contribution_hi")),
            )
        )  # fmt: skip
    return Table(
        "contributions",
        "Bijdrage per maatregel",
        "Contributions",
        columns,
        rows,
        indicator_column="indicator",
    )


# -- settings -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunContext:
    """What a run was: everything an export needs besides the results, to reproduce it."""

    scenario: Scenario
    years: int
    municipality: str
    contributions: pa.Table | None = None
    version: str = ""
    residents: int | None = None  # the residents override of the run (None: as the profile)

    def code(self) -> str:
        """The carescape version and commit that made the results."""
        return self.version or code_version()


SWITCH_UNIT = "(1 = yes)"  # how a declaration's unit marks a yes/no setting (a checkbox)


def _is_share(unit: str) -> bool:
    """Whether a declaration's unit says the value is a share of 0-1 ("share of ...")."""
    return unit.startswith("share ") or "fraction" in unit


def setting_value(policy: str, key: str, value: Any, lang: str) -> str:
    """A measure's setting as a reader says it: labels, yes/no, percentages, Dutch numbers.

    The declaration's unit says which is which: a council member reads a switch's "0" as
    a count, not as "nee", and a share's "1" as one, not as all (100%) of the practices.
    """
    spec = CATALOGUE[policy].declared()[key]
    if isinstance(value, str):
        return choice_label(spec, value, lang)
    if spec.unit.endswith(SWITCH_UNIT):
        return t("setting_yes" if value else "setting_no", lang)
    if _is_share(spec.unit):
        return f"{figure_value(round(value * 100, 6), lang)}%"
    return figure_value(value, lang)


def settings_rows(context: RunContext, results: Results, lang: str) -> list[tuple[str, str]]:
    """The run's settings as (what, value) pairs: municipality, period, measures, seeds, code."""
    nl = lang == "nl"
    seeds = sorted(results["baseline"])
    first = results["baseline"][seeds[0]]
    scenario = context.scenario
    labels = year_labels(scenario.start, context.years)
    rows = [
        ("Gemeente" if nl else "Municipality", context.municipality),
        ("Inwoners bij de start" if nl else "Residents at the start",
         figure_value(int(first["residents"][0]), lang)),
        ("Startmaand" if nl else "Start month", scenario.start),
        ("Looptijd" if nl else "Horizon",
         f"{context.years} {'jaar' if nl else 'years'} ({labels[0]} – {labels[-1]})"),
        ("Herhalingen" if nl else "Replicates", str(len(seeds))),
        ("Seeds (toevalsreeksen)" if nl else "Seeds", ", ".join(map(str, seeds))),
        ("Prijspeil" if nl else "Price level", str(PRICE_LEVEL)),
    ]  # fmt: skip
    for group, policies in (
        ("Maatregel" if nl else "Measure", scenario.policies),
        ("Externe ontwikkeling" if nl else "External development", scenario.external),
    ):
        for policy, chosen in policies.items():
            rows.append((group, policy_label(policy, lang)))
            declared = CATALOGUE[policy].declared()
            values = {key: spec.default for key, spec in declared.items()} | dict(chosen)
            for key, value in values.items():
                rows.append(
                    (
                        f"  {param_label(policy, key, lang)}",
                        setting_value(policy, key, value, lang),
                    )
                )
    if not scenario.policies:
        rows.append(("Maatregel" if nl else "Measure", "geen" if nl else "none"))
    rows.append(("carescape-versie" if nl else "carescape version", context.code()))
    return rows


def settings_table(context: RunContext, results: Results, lang: str) -> Table:
    """The settings as a two-column sheet."""
    return Table(
        "settings",
        "Instellingen",
        "Settings",
        (Column("setting", "Instelling", "Setting"), Column("value", "Waarde", "Value")),
        list(settings_rows(context, results, lang)),
    )


def all_tables(context: RunContext, results: Results, lang: str) -> list[Table]:
    """Every table of an export, in sheet order (contributions only when computed)."""
    tables = [
        comparison_table(results, lang),
        budget_table(results, lang),
        monthly_table(results, lang),
        contributions_table(context.contributions, lang),
        settings_table(context, results, lang),
    ]
    return [table for table in tables if table is not None]


def as_mapping(table: Table) -> Mapping[str, list[Any]]:
    """A table's columns by technical name (for tests and the report)."""
    return {c.name: [row[i] for row in table.rows] for i, c in enumerate(table.columns)}

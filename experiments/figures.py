"""A municipality's own figures -> a profile and its calibration targets.

A *figures file* (TOML, or the same rows as a CSV template a controller fills in) holds
what a Dutch municipality has at hand: CBS structure figures and its own monitor
(Gemeentelijke Monitor Sociaal Domein, GMSD). Every figure is declared once in
``FIGURES`` (unit, where to find it, what it sets); the empty templates, the reader and
the builder all come from that table. Structural figures set registry parameters
directly; monitor figures replace the value of a built-in calibration target (its
measure, labels and relative tolerance are reused from the default target set), so the
written targets file is the format ``carescape calibrate --targets`` reads.

All inconsistencies are collected and reported at once, before anything is written.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from experiments.calibrate import district_table, parameter_tables, toml_value
from experiments.output import atomic_write_bytes
from experiments.targets import Target, TargetSet, resolve_targets
from model.params import (
    REGISTRY,
    ConfigError,
    Profile,
    parse_profile,
    read_toml,
    shown,
    suggest,
)

GMSD = "Gemeentelijke Monitor Sociaal Domein (waarstaatjegemeente.nl)"
KWB = "CBS StatLine 85984NED (Kerncijfers wijken en buurten)"
CSV_COLUMNS = ("section", "key", "value", "unit", "source")
# The Dutch template's header (``figures_csv(units_nl=...)``); the reader takes either.
CSV_COLUMNS_NL = ("sectie", "sleutel", "waarde", "eenheid", "bron")


@dataclass(frozen=True)
class Figure:
    """One local figure: unit, where a municipality finds it, and what it sets.

    ``target`` names the built-in calibration target whose value it replaces (monitor
    figures); structural figures are turned into parameters by ``structural_values``.
    ``source_nl`` is the source in the Dutch template; empty where the source is already
    a Dutch name (a CBS table, the monitor). The Dutch units are in viz.i18n.
    """

    section: str
    key: str
    unit: str
    source: str
    kind: str = "count"  # count, share (0-1), percent (0-100), amount (>= 0), text
    target: str = ""
    source_nl: str = ""

    @property
    def name(self) -> str:
        """``section.key``, as in the error messages and the CSV."""
        return f"{self.section}.{self.key}"

    @property
    def dutch_source(self) -> str:
        """Where a Dutch municipality finds the figure, in Dutch (the Dutch template)."""
        return self.source_nl or self.source


def _monitor(
    section: str, key: str, target: str, unit: str, source: str, kind: str, source_nl: str = ""
) -> Figure:
    return Figure(section, key, unit, source, kind, target, source_nl)


_IV3 = "your own annual accounts, Iv3 task field (also in the Iv3 tables on CBS StatLine)"
_IV3_NL = "uw eigen jaarrekening, Iv3-taakveld (ook in de Iv3-tabellen op CBS StatLine)"
_BJ = "CBS Beleidsinformatie Jeugd (StatLine 85097NED and related tables)"
_BJ_NL = "CBS Beleidsinformatie Jeugd (StatLine 85097NED en verwante tabellen)"
FIGURES: tuple[Figure, ...] = (
    Figure(
        "municipality",
        "name",
        "text",
        "your municipality's name",
        "text",
        source_nl="de naam van uw gemeente",
    ),
    Figure("municipality", "residents", "residents on 1 January", "CBS StatLine 03759ned"),
    *(
        Figure("age", f"residents_{band}", "residents on 1 January", "CBS StatLine 03759ned")
        for band in ("0_17", "18_64", "65_74", "75_79", "80_plus")
    ),
    Figure("households", "total", "households", "CBS StatLine 71486ned"),
    Figure("households", "single", "single-person households", "CBS StatLine 71486ned"),
    Figure(
        "income",
        "low_share",
        "share of households (0-1)",
        f"{KWB}: low income",
        "share",
        source_nl=f"{KWB}: laag inkomen",
    ),
    Figure(
        "income",
        "high_share",
        "share of households (0-1)",
        f"{KWB}: top 20%",
        "share",
        source_nl=f"{KWB}: hoogste 20%",
    ),
    Figure(
        "gp",
        "practices",
        "GP practices",
        "your regional GP cooperative or Nivel's register",
        source_nl="uw regionale huisartsencoöperatie of het register van Nivel",
    ),
    # [districts] has free keys: one per district, its residents (CBS 85984NED).
    _monitor("wmo", "clients_per_1000", "wmo_per_1000", "per 1,000 residents", GMSD, "amount"),
    _monitor("wmo", "hh_per_1000", "hh_per_1000", "per 1,000 residents", GMSD, "amount"),
    _monitor("wmo", "support_per_1000", "support_per_1000", "per 1,000 residents", GMSD, "amount"),
    _monitor("hh_by_age", "share_75_84", "hh_75_84", "% of residents 75-84", GMSD, "percent"),
    _monitor("hh_by_age", "share_85_plus", "hh_85_plus", "% of residents 85+", GMSD, "percent"),
    _monitor("youth", "users_u18", "youth_users_u18", "% of under-18s", _BJ, "percent", _BJ_NL),
    _monitor("youth", "users_u23", "youth_users_u23", "% of under-23s", _BJ, "percent", _BJ_NL),
    *(
        _monitor("referrer", who, f"referrer_{who}", "% of trajectories", _BJ, "percent", _BJ_NL)
        for who in ("gp", "access", "none", "gi", "specialist")
    ),
    *(
        _monitor("ended", key, f"ended_{key}", "% of ended trajectories", _BJ, "percent", _BJ_NL)
        for key in ("under_3m", "over_12m")
    ),
    _monitor("waiting", "access_weeks", "access_wait_weeks", "weeks", GMSD, "amount"),
    _monitor("waiting", "hh_start_weeks", "hh_start_wait_weeks", "weeks", GMSD, "amount"),
    *(
        _monitor(
            "spending",
            f"iv3_{line}",
            f"spend_iv3_{line}",
            "EUR/inhabitant/year (2025 prices)",
            f"{_IV3} {line[0]}.{line[1:]}",
            "amount",
            f"{_IV3_NL} {line[0]}.{line[1:]}",
        )
        for line in ("61", "62", "66", "671", "672", "682")
    ),
    *(
        Figure(
            "budget",
            f"{domain}_eur_per_resident",
            "EUR/resident/year",
            "budget",
            "amount",
            source_nl="begroting",
        )
        for domain in ("wmo", "youth")
    ),
    Figure(
        "access",
        "team_fte",
        "FTE of the access teams",
        "own formation plan",
        "amount",
        source_nl="eigen formatieplan",
    ),
    *(
        Figure("general", key, unit, "subsidy register", "amount", source_nl="subsidieregister")
        for key, unit in (
            ("places", "places in general facilities"),
            ("budget_eur_year", "EUR subsidy/year"),
        )
    ),
)
BY_NAME: dict[str, Figure] = {f.name: f for f in FIGURES}
SECTIONS = tuple(dict.fromkeys(f.section for f in FIGURES)) + ("districts",)
AGE_BANDS = tuple(f.name for f in FIGURES if f.section == "age")

# Structural parameter -> the figures it is derived from (recorded in the profile).
STRUCTURAL: dict[str, tuple[str, ...]] = {
    "population.residents": ("municipality.residents",),
    "population.share_0_17": AGE_BANDS,
    "population.share_65_plus": AGE_BANDS,
    "population.share_80_plus": AGE_BANDS,
    "population.household_size_mean": ("households.total",),
    "population.single_household_share": ("households.total", "households.single"),
    "population.districts": ("districts",),
    "population.income_low_share": ("income.low_share",),
    "population.income_high_share": ("income.high_share",),
    "population.patients_per_gp_practice": ("gp.practices",),
    "finance.budget_wmo_eur_per_resident_year": ("budget.wmo_eur_per_resident",),
    "finance.budget_youth_eur_per_resident_year": ("budget.youth_eur_per_resident",),
    "access.fte_per_10000": ("access.team_fte",),
    "general.places_per_1000": ("general.places",),
    "general.budget_eur_per_place_month": ("general.places", "general.budget_eur_year"),
    # Contracted capacity follows the users figure each places parameter cites (its source
    # in model/parameters.toml): the municipality's own users, not the national ones.
    "providers.places_hh_per_1000": ("wmo.hh_per_1000",),
    "providers.places_support_per_1000": ("wmo.support_per_1000",),
    **{
        f"providers.places_youth_{kind}_per_1000": ("youth.users_u18", "age.residents_0_17")
        for kind in ("ambulant", "ggz", "residential")
    },
}


# -- reading ----------------------------------------------------------------------------


def read_figures(path: str | Path) -> dict[str, Any]:
    """A figures file (TOML, or CSV by suffix) as {"section.key": value}, not yet checked."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        if not path.is_file():
            raise ConfigError(f"figures file {str(path)!r} does not exist or is not a file")
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            message = (
                f"figures file {str(path)!r} cannot be read as UTF-8 CSV ({exc}); "
                "save it from Excel as CSV UTF-8"
            )
            raise FiguresError(message, [Problem("csv_encoding", "", None, message)]) from exc
        return parse_csv(text, str(path))
    raw = read_toml(path, kind="figures")
    flat: dict[str, Any] = {}
    for section, table in raw.items():
        if not isinstance(table, Mapping):
            flat[section] = table  # reported as an unknown/bad key by check_figures
            continue
        for key, value in table.items():
            flat[f"{section}.{key}"] = value
    return flat


THOUSANDS_DOTS = re.compile(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+")  # 45.000, 1.234.567


def _cell(text: str, decimal_comma: bool) -> Any:
    """A number if the cell holds one (``1.234,5`` and ``31,5`` in a ``;`` file), else text.

    A dot alone stays a decimal point: Excel writes no thousands separators in CSV, and
    reading ``31.5`` as 315 would be a silent error.
    """
    text = text.strip()
    number = text
    if decimal_comma and "," in text:
        number = text.replace(".", "").replace(",", ".")
    for kind in (int, float):
        try:
            return kind(number)
        except ValueError:
            pass
    return text


def parse_csv(text: str, origin: str) -> dict[str, Any]:
    """Rows section,key,value[,unit,source] of either template, English or Dutch.

    The separator is the one the header uses most (``;`` and decimal commas as Excel NL
    writes them, ``,`` as the English template); the header may be English (section, key,
    value) or Dutch (sectie, sleutel, waarde). A file of the wrong shape is a FiguresError
    whose problems the app says in Dutch; the command line prints its English line.
    """
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first = [c.strip().lower() for c in rows[0][:3]] if rows else []
    if first not in (list(CSV_COLUMNS[:3]), list(CSV_COLUMNS_NL[:3])):
        found = ", ".join(c.strip() for c in rows[0]) if rows else ""
        message = (
            f"the first row must be the header {','.join(CSV_COLUMNS)} "
            f"(or {';'.join(CSV_COLUMNS_NL)}); got {shown(rows[0] if rows else '')}"
        )
        code = "csv_header" if found else "csv_empty"
        raise FiguresError(f"{origin}: {message}", [Problem(code, "", found, message)])
    flat: dict[str, Any] = {}
    short: list[Problem] = []
    dutch = delimiter == ";"
    for number, row in enumerate(rows[1:], 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 3:
            message = f"row {number} has {len(row)} cells; give section,key,value"
            found = ", ".join(c.strip() for c in row)
            short.append(Problem("csv_row", "", found, message, {"row": number}))
            continue
        section, key, value = (c.strip() for c in row[:3])
        if value == "":
            continue  # a figure the municipality left empty
        name = f"{section}.{key}"
        if dutch and THOUSANDS_DOTS.fullmatch(value) and name != "municipality.name":
            # 45.000 in a Dutch file is forty-five thousand to its writer, 45 to Python.
            message = (
                f"row {number}: {name} = {value} is ambiguous in a ';' file (thousands "
                f"or decimals?); write it without the dot, or with a decimal comma"
            )
            short.append(Problem("csv_dots", name, value, message, {"row": number}))
            continue
        flat[name] = value if name == "municipality.name" else _cell(value, dutch)
    if short:
        raise FiguresError(f"{origin}: " + "; ".join(p.text for p in short), short)
    return flat


# -- checking ---------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Problem:
    """One problem in a figures file, structured so that any language can say it.

    ``figure`` is the figure as the template names it (``section.key``; for a total, the
    figures it adds up), ``value`` what the file gave, ``code`` what is wrong and
    ``details`` the numbers that say what is allowed; ``text`` is the English sentence the
    command line prints. The app renders the same problem in Dutch (viz.i18n).
    """

    code: str
    figure: str
    value: Any
    text: str
    details: Mapping[str, Any] = field(default_factory=dict)


class FiguresError(ConfigError):
    """Every problem of a figures file at once: one English line, and the problems."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


def _raise(origin: str, what: str, problems: list[Problem]) -> None:
    if problems:
        raise FiguresError(
            f"{origin}: {len(problems)} {what}: " + "; ".join(p.text for p in problems), problems
        )


def check_figures(flat: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """Every problem at once (one FiguresError); the checked figures otherwise."""
    problems: list[Problem] = []
    known = [*BY_NAME, "districts.<name>"]
    for name, value in flat.items():
        section = name.split(".", 1)[0]
        v = shown(value)
        if section == "districts" and "." in name:
            if not _is_number(value) or value < 0:
                text = f"{name} = {v}: a district's residents must be a number >= 0"
                problems.append(Problem("district_value", name, value, text))
            continue
        figure = BY_NAME.get(name)
        if figure is None:
            close = difflib.get_close_matches(name, known, n=3)
            text = f"{name} = {v} is not a known figure{suggest(name, known)}"
            problems.append(Problem("unknown", name, value, text, {"close": close}))
        elif figure.kind == "text":
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    Problem("text", name, value, f"{name} = {v} must be a non-empty text")
                )
        elif not _is_number(value):
            text = f"{name} = {v} is not a number ({figure.unit})"
            problems.append(Problem("not_number", name, value, text))
        elif value < 0:
            text = f"{name} = {v} is negative; use a number >= 0 ({figure.unit})"
            problems.append(Problem("negative", name, value, text))
        elif figure.kind == "share" and value > 1:
            text = f"{name} = {v} is a share; use a number in [0, 1]"
            problems.append(Problem("share_range", name, value, text))
        elif figure.kind == "percent" and value > 100:
            text = f"{name} = {v} is a percentage; use a number in [0, 100]"
            problems.append(Problem("percent_range", name, value, text))
    for required in ("municipality.name", "municipality.residents"):
        if required not in flat:
            text = f"{required} is missing; [municipality] needs name and residents"
            problems.append(Problem("missing", required, None, text))
    good = {k: v for k, v in flat.items() if _is_number(v) and v >= 0}
    residents = good.get("municipality.residents")
    if residents == 0:
        text = "municipality.residents = 0; give the number of residents (> 0)"
        problems.append(Problem("zero_residents", "municipality.residents", 0, text))
    if residents:
        _check_totals(good, residents, problems)
    _raise(origin, f"problem{'s' if len(problems) > 1 else ''} in the figures", problems)
    return dict(flat)


def _close(total: float, residents: float) -> bool:
    return abs(total - residents) <= 0.01 * residents


def _check_totals(good: Mapping[str, Any], residents: float, problems: list[Problem]) -> None:
    bands = [good[b] for b in AGE_BANDS if b in good]
    if bands and len(bands) < len(AGE_BANDS):
        missing = [b for b in AGE_BANDS if b not in good]
        text = f"age bands incomplete: give also {', '.join(missing)}"
        problems.append(Problem("age_incomplete", ", ".join(missing), None, text))
    elif bands and not _close(sum(bands), residents):
        text = (
            f"age bands add up to {sum(bands):g}, not municipality.residents = {residents:g} "
            "(allowed: within 1%)"
        )
        details = {"total": sum(bands), "residents": residents}
        problems.append(Problem("age_sum", "age.residents_*", sum(bands), text, details))
    districts = [v for k, v in good.items() if k.startswith("districts.")]
    if districts and not _close(sum(districts), residents):
        text = (
            f"districts add up to {sum(districts):g}, not municipality.residents = "
            f"{residents:g} (allowed: within 1%)"
        )
        details = {"total": sum(districts), "residents": residents}
        problems.append(Problem("district_sum", "districts.*", sum(districts), text, details))
    if good.get("households.single", 0) > good.get("households.total", math.inf):
        single, total = good["households.single"], good["households.total"]
        text = f"households.single = {single:g} exceeds households.total = {total:g}"
        problems.append(
            Problem("single_over_total", "households.single", single, text, {"total": total})
        )
    over_75 = good.get("age.residents_75_79", 0) + good.get("age.residents_80_plus", 0)
    hh = good.get("wmo.hh_per_1000")
    if hh is not None and bands and hh * residents / 1000 > over_75:
        clients = hh * residents / 1000
        text = (
            f"wmo.hh_per_1000 = {hh:g} means {clients:.0f} HH clients, more than "
            f"the {over_75:g} residents over 75 (allowed: at most the residents over 75)"
        )
        details = {"clients": clients, "over_75": over_75}
        problems.append(Problem("hh_over_75", "wmo.hh_per_1000", hh, text, details))
    low, high = good.get("income.low_share", 0), good.get("income.high_share", 0)
    if low + high > 0.95:
        text = f"income.low_share + income.high_share = {low + high:g}; at most 0.95"
        figure = "income.low_share + income.high_share"
        problems.append(Problem("income_sum", figure, low + high, text, {"limit": 0.95}))


# -- building ---------------------------------------------------------------------------


def structural_values(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Registry parameters set directly by the structural figures that are present."""
    n = figures["municipality.residents"]
    out: dict[str, Any] = {"population.residents": n}
    if all(b in figures for b in AGE_BANDS):
        total = sum(figures[b] for b in AGE_BANDS)
        over_65 = sum(figures[b] for b in AGE_BANDS[2:])
        out["population.share_0_17"] = round(figures["age.residents_0_17"] / total, 4)
        out["population.share_65_plus"] = round(over_65 / total, 4)
        out["population.share_80_plus"] = round(figures["age.residents_80_plus"] / total, 4)
    if "households.total" in figures and figures["households.total"] > 0:
        out["population.household_size_mean"] = round(n / figures["households.total"], 2)
        if "households.single" in figures:
            share = figures["households.single"] / figures["households.total"]
            out["population.single_household_share"] = round(share, 4)
    districts = [k for k in figures if k.startswith("districts.")]
    if districts:
        out["population.districts"] = len(districts)
    for key in ("low_share", "high_share"):
        if f"income.{key}" in figures:
            out[f"population.income_{key}"] = figures[f"income.{key}"]
    if figures.get("gp.practices"):
        out["population.patients_per_gp_practice"] = round(n / figures["gp.practices"])
    for domain in ("wmo", "youth"):
        if f"budget.{domain}_eur_per_resident" in figures:
            value = figures[f"budget.{domain}_eur_per_resident"]
            out[f"finance.budget_{domain}_eur_per_resident_year"] = value
    if "access.team_fte" in figures:
        out["access.fte_per_10000"] = round(figures["access.team_fte"] / n * 10000, 10)
    out.update(_capacity(figures, out.get("population.share_0_17")))
    if "general.places" in figures:
        places = figures["general.places"]
        out["general.places_per_1000"] = round(places / n * 1000, 10)
        if "general.budget_eur_year" in figures and places > 0:
            month = figures["general.budget_eur_year"] / places / 12
            out["general.budget_eur_per_place_month"] = round(month, 10)
    return out


def _capacity(figures: Mapping[str, Any], share_0_17: float | None) -> dict[str, Any]:
    """Contracted places from the municipality's own users figures.

    HH and support places per 1,000 are the clients per 1,000 the registry cites; youth
    places scale with youth-care users per resident (users % of under-18s x share of
    under-18s) relative to the national figures the defaults were derived from.
    Without the figure, the national capacity stays.
    """
    out: dict[str, Any] = {}
    for product in ("hh", "support"):
        if f"wmo.{product}_per_1000" in figures:
            out[f"providers.places_{product}_per_1000"] = figures[f"wmo.{product}_per_1000"]
    if "youth.users_u18" in figures:
        common = {t.name: t for t in resolve_targets(targets="common")}
        national_users = common["youth_users_u18"].value
        national_share = REGISTRY["population.share_0_17"].default
        local = figures["youth.users_u18"] * (share_0_17 or national_share)
        factor = local / (national_users * national_share)
        for kind in ("ambulant", "ggz", "residential"):
            name = f"providers.places_youth_{kind}_per_1000"
            out[name] = round(REGISTRY[name].default * factor, 4)
    return out


def _checked_parameters(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """Registry range checks on the derived parameters, all problems at once.

    The problem names the figures the value was derived from (what the user can change).
    """
    problems = []
    for name, value in values.items():
        spec = REGISTRY[name]
        try:
            spec.validate(value)
        except ConfigError as exc:
            text = f"{exc} (derived from {', '.join(STRUCTURAL[name])})"
            details = {"low": spec.low, "high": spec.high}
            problems.append(Problem("derived", ", ".join(STRUCTURAL[name]), value, text, details))
    _raise(origin, "derived parameter(s) out of range", problems)
    return dict(values)


def local_targets(figures: Mapping[str, Any], base: TargetSet) -> list[tuple[Target, bool]]:
    """The base targets with the local figures' values; (target, is_local) in file order.

    A local value keeps the base target's relative band: low/value and high/value.
    """
    local = {f.target: figures[f.name] for f in FIGURES if f.target and f.name in figures}
    out = []
    for t in base:
        if t.name not in local:
            out.append((t, False))
            continue
        value = float(local[t.name])
        low = value * t.low / t.value if t.value else t.low
        high = value * t.high / t.value if t.value else t.high
        if low == high:  # a local zero: keep an absolute band around it
            low, high = value - (t.value - t.low), value + (t.high - t.value)
        out.append((_replace(t, value, low, high), True))
    return out


def _replace(t: Target, value: float, low: float, high: float) -> Target:
    from dataclasses import replace

    return replace(t, value=value, low=low, high=high, price_index="")


def targets_toml(name: str, targets: list[tuple[Target, bool]], origin: str) -> str:
    """A standalone target file (the format of model/presets/targets/*.toml)."""
    lines = [
        f"# Calibration targets of {name}, written by `carescape profile build` from {origin}.",
        "# Targets marked 'local' carry the municipality's own figure with the band of the",
        "# national target (same relative tolerance); the others are national figures.",
        f"description = {toml_value(f'{name}: local figures from {origin}, national otherwise')}",
    ]
    for t, is_local in targets:
        lines += ["", f"[targets.{t.name}]  # {'local' if is_local else 'national'}"]
        fields = {
            "label": t.label,
            "label_nl": t.label_nl,
            "value": t.value,
            "low": t.low,
            "high": t.high,
            "unit": t.unit,
            "source": f"{origin} (local figure)" if is_local else t.source,
            "measure": t.measure,
            "of": list(t.of),
        }
        if t.per:
            fields["per"] = list(t.per)
        fields.update(scale=t.scale, weight=t.weight)
        if t.note:
            fields["note"] = t.note
        lines += [f"{k} = {toml_value(v)}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


def profile_toml(
    name: str,
    values: Mapping[str, Any],
    built_from: Mapping[str, Any],
    districts: Mapping[str, float] | None = None,
) -> str:
    """The built profile: the locally set parameters and the [built_from] provenance."""
    lines = [
        f"# Profile of {name}, written by `carescape profile build`. Parameters not listed",
        "# keep their national default (model/parameters.toml names each one's source).",
        "[profile]",
        f"name = {toml_value(name)}",
        f"description = {toml_value(f'{name}: built from local figures')}",
        *district_table(districts),
    ]
    lines += parameter_tables(values, lambda name: ", ".join(STRUCTURAL[name]))
    lines += ["", "[built_from]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in built_from.items()]
    return "\n".join(lines) + "\n"


def _unequal(districts: dict[str, float]) -> dict[str, float] | None:
    """Named or unequal districts go into the profile; numbered equal ones need not."""
    numbered = list(districts) == [f"district_{i + 1}" for i in range(len(districts))]
    equal = len({round(v) for v in districts.values()}) <= 1
    return None if (numbered and equal) or not districts else districts


@dataclass(frozen=True)
class Built:
    """What `profile build` made: the profile, its text, and the targets' text."""

    profile: Profile
    profile_text: str
    targets_text: str
    targets_path: Path


def base_target_set(residents: float) -> str:
    """The built-in target set whose national figures fill the gaps: by size class.

    Only the IV3 spending differs by class, and the sources give a class for 20-50k
    residents only; outside it the national averages (common) apply.
    """
    return "class_20_50k" if 20_000 <= residents <= 50_000 else "common"


def _check_out(out: Path, figures_path: Path) -> None:
    if out.suffix != ".toml" or out.is_dir():
        raise ConfigError(f"--out = {str(out)!r} must be a .toml file path (the profile)")
    if out.resolve() == figures_path.resolve():
        raise ConfigError(f"--out = {str(out)!r} is the figures file itself; give a new name")


def build(figures_path: str | Path, out: str | Path, base_targets: str | None = None) -> Built:
    """Check the figures, derive profile and targets; nothing is written (see ``write``)."""
    origin, out = str(figures_path), Path(out)
    _check_out(out, Path(figures_path))
    figures = check_figures(read_figures(figures_path), origin)
    values = _checked_parameters(structural_values(figures), origin)
    base_targets = base_targets or base_target_set(figures["municipality.residents"])
    targets = local_targets(figures, resolve_targets(targets=base_targets))
    targets_path = out.with_name(f"{out.stem}.targets.toml")
    name = figures["municipality.name"]
    built_from = {
        "figures_file": Path(origin).name,
        "figures": sorted(figures),
        "targets_file": targets_path.name,
        "local_targets": [t.name for t, local in targets if local],
        "national_targets": [t.name for t, local in targets if not local],
        "base_targets": base_targets,
        "local_parameters": sorted(values),
        "national_assumptions": sorted(set(REGISTRY) - set(values)),
    }
    districts = {k.split(".", 1)[1]: figures[k] for k in figures if k.startswith("districts.")}
    text = profile_toml(name, values, built_from, _unequal(districts))
    import tomllib

    profile = parse_profile(tomllib.loads(text), str(out))  # never write what cannot load
    return Built(profile, text, targets_toml(name, targets, Path(origin).name), targets_path)


def write(built: Built, out: str | Path) -> None:
    """Both files atomically (temporary file, then rename); the targets first."""
    for path, text in ((built.targets_path, built.targets_text), (Path(out), built.profile_text)):
        atomic_write_bytes(path, lambda tmp, text=text: Path(tmp).write_text(text, "utf-8"))


# -- templates and the default preset's own figures -------------------------------------


def figures_of(profile: Profile, targets: TargetSet) -> dict[str, Any]:
    """The figures a municipality would give for this profile and target set (inverse)."""
    v, n = profile.values, profile["population.residents"]
    kids = round(n * v["population.share_0_17"])
    over_65 = round(n * v["population.share_65_plus"])
    over_80 = round(n * v["population.share_80_plus"])
    over_75 = over_80 + round((over_65 - over_80) * 0.3)  # split 65-79 (not in the profile)
    households = round(n / v["population.household_size_mean"])
    places = n * v["general.places_per_1000"] / 1000
    out: dict[str, Any] = {
        "municipality.name": profile.name,
        "municipality.residents": n,
        "age.residents_0_17": kids,
        "age.residents_18_64": n - kids - over_65,
        "age.residents_65_74": over_65 - over_75,
        "age.residents_75_79": over_75 - over_80,
        "age.residents_80_plus": over_80,
        "households.total": households,
        "households.single": round(households * v["population.single_household_share"]),
        "income.low_share": v["population.income_low_share"],
        "income.high_share": v["population.income_high_share"],
        "budget.wmo_eur_per_resident": v["finance.budget_wmo_eur_per_resident_year"],
        "budget.youth_eur_per_resident": v["finance.budget_youth_eur_per_resident_year"],
        "access.team_fte": v["access.fte_per_10000"] * n / 10000,
        "general.places": places,
        "general.budget_eur_year": v["general.budget_eur_per_place_month"] * places * 12,
    }
    practices = round(n / v["population.patients_per_gp_practice"])
    if round(n / practices) == v["population.patients_per_gp_practice"]:
        out["gp.practices"] = practices  # left out when no whole number gives the ratio
    by_target = {t.name: t.value for t in targets}
    out.update({f.name: by_target[f.target] for f in FIGURES if f.target in by_target})
    for i in range(v["population.districts"]):
        share = n // v["population.districts"] + (1 if i < n % v["population.districts"] else 0)
        out[f"districts.district_{i + 1}"] = share
    return out


def figures_toml(figures: Mapping[str, Any] | None = None) -> str:
    """A figures file in TOML; without figures, the empty template (keys commented out)."""
    lines = [
        "# Figures of a municipality for `carescape profile build` (units and sources",
        "# per figure; leave out what you do not have, except [municipality]).",
    ]
    for section in SECTIONS:
        lines += ["", f"[{section}]"]
        if section == "districts":
            lines.append("# one entry per district: its name = its residents (" + KWB + ")")
            rows = [
                (k.split(".", 1)[1], figures[k])
                for k in (figures or {})
                if k.startswith("districts.")
            ]
            lines += [f"{toml_value(k)} = {toml_value(v)}" for k, v in rows]
            continue
        for f in (f for f in FIGURES if f.section == section):
            note = f"  # {f.unit}; {f.source}"
            if figures is not None and f.name in figures:
                lines.append(f"{f.key} = {toml_value(figures[f.name])}{note}")
            else:
                lines.append(f"# {f.key} ={note}")
    return "\n".join(lines) + "\n"


def figures_csv(
    figures: Mapping[str, Any] | None = None, units_nl: Mapping[str, str] | None = None
) -> str:
    """The same as CSV rows (section, key, value, unit, source).

    With ``units_nl`` (English unit -> Dutch, viz.i18n.FIGURE_UNIT_NL) it is the Dutch
    template: ``;`` separated with decimal commas (what Dutch Excel opens in columns),
    Dutch headers, units and sources; the section and key stay, they identify the figure.
    A unit without a Dutch one is a KeyError, never an English word in the Dutch file.
    """
    dutch = units_nl is not None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",", lineterminator="\n")
    writer.writerow(CSV_COLUMNS_NL if dutch else CSV_COLUMNS)
    districts = [k for k in (figures or {}) if k.startswith("districts.")] or [
        "districts.district_1"
    ]
    rows = [(f.section, f.key, f.name, f.unit, f.source, f.dutch_source) for f in FIGURES]
    rows += [("districts", k.split(".", 1)[1], k, "residents", KWB, KWB) for k in districts]
    for section, key, name, unit, source, source_nl in rows:
        value = (figures or {}).get(name, "")
        if units_nl is not None:
            unit, source = units_nl[unit], source_nl
            value = repr(value).replace(".", ",") if isinstance(value, float) else value
        writer.writerow((section, key, value, unit, source))
    return buffer.getvalue()


def figures_folder() -> Path:
    """Where the shipped templates and example figures live."""
    from importlib import resources

    return Path(str(resources.files("model.presets").joinpath("figures")))


def shipped_files() -> dict[str, str]:
    """File name -> text of everything in ``figures_folder()`` (generated, never hand-edited)."""
    from model.params import load_preset

    default = figures_of(load_preset("default"), resolve_targets("default"))
    return {
        "template.toml": figures_toml(),
        "template.csv": figures_csv(),
        "default.toml": figures_toml(default),
        "default.csv": figures_csv(default),
    }


if __name__ == "__main__":  # regenerate: python -m experiments.figures
    for file_name, content in shipped_files().items():
        path = figures_folder() / file_name
        atomic_write_bytes(
            path, lambda tmp, content=content: Path(tmp).write_text(content, "utf-8")
        )
        print(f"wrote {path}")

"""The sweep explorer's words in Dutch and English: outputs, factors, levels, warnings.

Outputs are named by the results schema (``viz.i18n.indicator_label``; a spec's own
outcome by its own label), shown in the units of ``sweep_labels.output_scale`` (EUR mln,
percent). Factors read as ``sweep_labels.factor_label`` writes them in English; in Dutch
a measure by its Dutch term and its parameters by their Dutch labels, a registry
parameter by its Dutch section and its ``label_nl`` (``model/parameters.toml``).
The diagnostics of ``sobol_check`` and ``analysis.sensitivity`` are English sentences;
they are recognised here and said again in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from experiments.sweep_labels import factor_label, output_scale
from model.params import REGISTRY
from model.policies import CATALOGUE
from viz.i18n import choice_label, indicator_label, number, param_label, policy_label, t
from viz.i18n import unit_label as indicator_unit
from viz.sweep_explorer_data import Sweep, SweepProblem

# Dutch names of the registry's sections; each parameter's own Dutch name is its label_nl.
SECTION_NL = {
    "population": "Bevolking",
    "demography": "Demografie",
    "network": "Netwerk en mantelzorg",
    "adult_needs": "Behoeften van volwassenen",
    "youth_needs": "Behoeften van jeugdigen",
    "gp": "Huisarts",
    "access": "Toegang",
    "contribution": "Eigen bijdrage",
    "general": "Algemene voorzieningen",
    "providers": "Zorgaanbieders",
    "finance": "Financiën",
    "hh_norm": "Normenkader huishoudelijke hulp",
    "wellbeing": "Welzijn",
    "outcomes": "Uitkomsten",
}
# Units the page shows in Dutch where the results schema's units (viz.i18n.UNIT_NL) stop.
SHOWN_UNIT_NL = {"EUR mln": "EUR mln", "%": "%"}


# -- outputs ---------------------------------------------------------------------------------
def output_name(name: str, sweep: Sweep, lang: str) -> str:
    """The output's label in the language (a spec's own outcome keeps the spec's label)."""
    if name in sweep.outcomes:
        return sweep.outcomes[name].label
    return indicator_label(name, lang)


def output_unit(name: str, sweep: Sweep, lang: str) -> str:
    """The unit the page shows the output in: EUR mln, %, or the declared unit."""
    unit = output_scale(name, sweep.outcomes).unit
    if lang != "nl" or not unit:
        return unit
    return SHOWN_UNIT_NL.get(unit) or indicator_unit(unit, lang)


def output_title(name: str, sweep: Sweep, lang: str) -> str:
    """'Netto kosten incl. maatregelen (EUR mln)'."""
    unit = output_unit(name, sweep, lang)
    label = output_name(name, sweep, lang)
    return f"{label} ({unit})" if unit else label


def shown(value: float, name: str, sweep: Sweep, lang: str) -> str:
    """A value of the output in its shown unit, with the language's separators."""
    scaled = value / output_scale(name, sweep.outcomes).divisor
    size = abs(scaled)
    digits = 2 if size < 10 else 1 if size < 1000 else 0
    return number(scaled, lang, digits)


# -- factors ---------------------------------------------------------------------------------
def factor_name(factor: Mapping[str, Any], lang: str) -> str:
    """What a factor is, never its dotted path: 'POH-GGZ jeugd' / 'Toegang: fte per ...'."""
    english = factor_label(factor)
    if lang != "nl":
        return f"{english.label} ({english.unit})" if english.unit else english.label
    path = factor["path"]
    head, _, rest = path.partition(".")
    if head in ("policies", "external"):
        name, _, key = rest.partition(".")
        if name not in CATALOGUE:
            return english.label
        title = policy_label(name, lang)
        return title if key == "enabled" else f"{title}: {param_label(name, key, lang)}"
    section = SECTION_NL.get(head, head.replace("_", " "))
    known = REGISTRY.get(path)
    meaning = known.label_nl if known is not None and known.label_nl else rest.replace("_", " ")
    return f"{section}: {meaning}"


def level_text(factor: Mapping[str, Any], value: Any, lang: str, binned: bool = False) -> str:
    """A factor's value as the page shows it: aan/uit, a choice's label, a number."""
    if factor.get("dtype") == "bool" or isinstance(value, bool):
        return t("sx_on" if bool(value) else "sx_off", lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _significant(float(value), lang)
        return t("sx_bin_around", lang, value=text) if binned else text
    head, _, rest = factor["path"].partition(".")
    name, _, key = rest.partition(".")
    if head in ("policies", "external") and name in CATALOGUE:
        spec = CATALOGUE[name].declared().get(key)
        if spec is not None:
            return choice_label(spec, str(value), lang)
    return str(value).replace("_", " ")


def _significant(value: float, lang: str) -> str:
    """Four significant digits, no float noise, Dutch separators in Dutch."""
    if value == int(value) and abs(value) < 1e12:
        return number(value, lang)
    text = f"{value:.4g}"
    if "e" in text:
        return text
    digits = len(text.split(".")[1]) if "." in text else 0
    return number(value, lang, digits)


def arm_name(arm: str | None, lang: str) -> str:
    """An arm's name as the spec gave it (the whole sweep when there are no arms)."""
    return t("sx_all_runs", lang) if arm is None else str(arm)


# -- problems and diagnostics ----------------------------------------------------------------
def problem_text(problem: SweepProblem, lang: str) -> str:
    """A folder problem in the language, naming the folder and what is missing."""
    return t(f"sx_err_{problem.code}", lang, **problem.details)


_ARM = r"(?:arm '(?P<arm>[^']*)': )?"
PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "too_few",
        re.compile(
            r"too few samples: N = (?P<n>\d+) gives confidence half-widths up to "
            r"(?P<width>[\d.]+); about N = (?P<needed>\d+)"
        ),
    ),
    (
        "not_converged",
        re.compile(
            r"not converged: indices moved by up to (?P<shift>[\d.inf]+) between N = "
            r"(?P<half>\d+) and N = (?P<n>\d+)"
        ),
    ),
    ("too_small", re.compile(r"N = (?P<n>\d+) is too small to check convergence")),
    ("implausible", re.compile(r"implausible indices for (?P<factor>[^:]+):")),
    ("sum_above", re.compile(r"the first-order indices sum to (?P<total>[\d.]+), above 1")),
    ("no_conf", re.compile(r"confidence intervals could not be estimated")),
    ("numerical", re.compile(r"numerical warning from the Sobol estimator")),
    ("points_missing", re.compile(r"(?P<count>\d+) design points have no finished run")),
    ("no_indices", re.compile(r"design gives no Sobol or Morris indices")),
]


def diagnostic_text(note: str, sweep: Sweep, lang: str) -> str:
    """One note of ``analysis.sensitivity`` in plain words of the language."""
    arm = re.search(r"arm '([^']*)': ", note)
    for code, pattern in PATTERNS:
        found = pattern.search(note)
        if found is None:
            continue
        values = {k: v for k, v in found.groupdict().items() if v is not None}
        for key in ("width", "shift", "total"):
            if key in values and values[key] != "inf":
                values[key] = number(float(values[key]), lang, 2)
        if "factor" in values:
            path = values["factor"].strip()
            known = {f["path"]: f for f in sweep.factors}
            values["factor"] = factor_name(known[path], lang) if path in known else path
        text = t(f"sx_diag_{code}", lang, **values)
        return f"{t('sx_arm', lang)} {arm.group(1)}: {text}" if arm else text
    return note


def noise_text(arm: str | None, share: float, lang: str) -> str:
    """The seed-noise warning in plain words."""
    text = t("sx_noise_warning", lang, share=number(100 * share, lang))
    return f"{t('sx_arm', lang)} {arm}: {text}" if arm is not None else text

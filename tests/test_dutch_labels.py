"""Every registry parameter and every sweep output has a plain Dutch name.

The sweep explorer names a sweep's factors (registry parameters) and outputs (indicators)
in the page's language; a Dutch user must never read a registry key or an English unit
sentence in Dutch mode. These checks read the registry and the label tables only: no
model runs.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from experiments.sweep import OUTPUTS
from model.params import REGISTRY
from viz.i18n import indicator_label
from viz.sweep_explorer_text import SECTION_NL, factor_name, output_unit

# A key such as ``help_seeking`` or ``adult_needs.help_seeking``.
KEY = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b|\b[a-z_]+\.[a-z_]+\b")
# Words that give away an English label; none of them is also a Dutch word.
ENGLISH = re.compile(
    r"\b(the|and|with|per month|residents|clients|youths?|care|spending|waiting|users|"
    r"decisions|requests|share|probability|hours|weeks|months|places|need)\b",
    re.IGNORECASE,
)
# Outputs whose Dutch label may equal the English one because the word is the same in
# both languages (name -> why). Empty today: every output has its own Dutch words.
SAME_IN_BOTH: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_parameter_has_a_plain_dutch_label(name):
    spec = REGISTRY[name]
    label = spec.label_nl
    assert label.strip(), f"{name} has no label_nl in model/parameters.toml"
    assert label.lower() != spec.unit.lower(), f"{name}: label_nl is its English unit {label!r}"
    assert not KEY.search(label), f"{name}: a key in its Dutch label {label!r}"
    english = ENGLISH.findall(label)
    assert not english, f"{name}: English words {english} in its Dutch label {label!r}"


def test_no_two_parameters_share_a_dutch_label():
    seen: dict[str, str] = {}
    for name, spec in REGISTRY.items():
        assert spec.label_nl not in seen, (
            f"{name} and {seen.get(spec.label_nl)} both read {spec.label_nl!r}"
        )
        seen[spec.label_nl] = name


@pytest.mark.parametrize("name", OUTPUTS)
def test_every_sweep_output_has_a_dutch_label(name):
    dutch, english = indicator_label(name, "nl"), indicator_label(name, "en")
    assert dutch != name and not KEY.search(dutch), f"{name}: a key, not a label: {dutch!r}"
    if name in SAME_IN_BOTH:
        assert dutch == english, f"{name} is listed as the same in both languages"
        return
    assert dutch != english, f"{name} has no Dutch label: {dutch!r} (viz/i18n.py INDICATOR_NL)"
    english_words = ENGLISH.findall(dutch)
    assert not english_words, f"{name}: English words {english_words} in {dutch!r}"


def test_outputs_listed_as_the_same_in_both_languages_are_outputs():
    unknown = set(SAME_IN_BOTH) - set(OUTPUTS)
    assert not unknown, f"SAME_IN_BOTH names outputs the sweeps do not have: {unknown}"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_explorer_names_a_registry_factor_by_its_dutch_section_and_label(name):
    section = name.split(".")[0]
    assert section in SECTION_NL, f"section {section!r} has no Dutch name in SECTION_NL"
    shown = factor_name({"path": name, "dtype": "float"}, "nl")
    assert shown == f"{SECTION_NL[section]}: {REGISTRY[name].label_nl}", shown
    assert name not in shown and not KEY.search(shown), f"a key on screen: {shown!r}"


# Units written the same in both languages.
UNITS_SAME_IN_BOTH = {"%", "EUR mln"}


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_explorer_shows_every_output_unit_in_dutch(name):
    sweep = SimpleNamespace(outcomes={})  # the schema's outputs: no spec outcomes
    dutch, english = output_unit(name, sweep, "nl"), output_unit(name, sweep, "en")
    assert dutch, f"{name}: no unit shown"
    assert dutch != english or english in UNITS_SAME_IN_BOTH, (
        f"{name}: the unit {english!r} is English in Dutch mode"
    )


def test_the_fit_report_names_a_tensions_parameter_in_plain_words():
    from viz.fit import FitSummary

    tension = {
        "target": "a",
        "against": "b",
        "rho": -0.6,
        "trials": 40,
        "parameter": "access.fte_per_10000",
    }
    summary = FitSummary(
        "x",
        1,
        2,
        1.0,
        40,
        20000,
        8,
        2,
        (tension,),
        {"a": ("Wachttijd", "Wait"), "b": ("Uitgaven", "Spending")},
    )
    dutch = summary.tension_sentences("nl")[0]
    assert "fte wijkteams per 10.000 inwoners" in dutch and "access." not in dutch, dutch
    assert "access." not in summary.tension_sentences("en")[0]

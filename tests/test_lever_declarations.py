"""Each lever is declared once, completely: what the app, sweeps and the EMA adapter read.

A lever's class holds its titles, its mechanism in English (docstring) and Dutch, and
for every parameter a unit, a range or choices, a source and a Dutch label; the app
shows nothing else, so a missing Dutch text would put English or a key on a Dutch
screen.
"""

from __future__ import annotations

import pytest

from agents.general_facility import place_shares
from model.params import ConfigError, load_preset
from model.policies import CATALOGUE
from viz.i18n import choice_label, param_label, policy_label, policy_mechanism


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_a_policy_declares_its_texts_in_both_languages(name: str) -> None:
    cls = CATALOGUE[name]
    assert cls.label and cls.dutch and cls.mechanism_nl, f"{name}: titles and Dutch mechanism"
    assert "Mechanism" in (cls.__doc__ or "") or cls.kind != "lever", (
        f"{name}: the docstring says how the mechanism works"
    )
    assert policy_mechanism(name, "nl") == cls.mechanism_nl
    assert policy_label(name, "nl")[0].isupper(), f"{name}: a Dutch title starts upper case"
    for key, spec in cls.declared().items():
        assert spec.label_nl, f"{name}.{key}: no Dutch label"
        assert param_label(name, key, "nl") == spec.label_nl
        assert spec.source, f"{name}.{key}: no source (or 'assumption')"
        for choice in spec.choices or ():
            assert choice_label(spec, choice, "nl") != choice, (
                f"{name}.{key}: the choice {choice!r} has no Dutch label"
            )


def test_place_share_weights_split_the_general_places_whatever_their_sum() -> None:
    values = load_preset("default").with_overrides({"general.place_share_youth_work": 0.5}).values
    shares = place_shares(values)
    assert abs(sum(shares) - 1) < 1e-12, f"shares add up to 1: {shares}"
    assert shares[3] == max(shares), f"youth work got the largest weight: {shares}"
    zero = dict.fromkeys((k for k in values if k.startswith("general.place_share_")), 0.0)
    with pytest.raises(ConfigError, match="weights are all 0"):
        load_preset("default").with_overrides(zero)

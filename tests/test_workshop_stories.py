"""Workshop stories: residents chosen from the model's state, lines read from their arrays."""

from __future__ import annotations

import copy

import networkx as nx
import numpy as np
import pytest

from agents.residents import NO_ONE
from model.care_model import CareModel
from viz.workshop_session import WorkshopSession
from viz.workshop_stories import (
    SERVICE_NAMES,
    Person,
    introduce,
    network,
    observe,
    pick,
    story,
)


@pytest.fixture(scope="module")
def run():
    """A small municipality followed for two years, its stories' residents observed."""
    model = CareModel(residents=6000, rng=2, years=3)
    people = pick(model)
    session = WorkshopSession(model=copy.deepcopy(model), observe=lambda m: observe(m, people))
    session.switch("poh_ggz", True)
    for _ in range(24):
        session.step()
    return model, people, session


def test_one_resident_per_role_chosen_by_their_state(run):
    model, people, _ = run
    p = model.people
    assert [x.role for x in people] == ["alone", "youth", "carer"]
    alone, youth, carer = (x.index for x in people)
    assert p.age_m[alone] // 12 >= 80 and p.kin_carer[alone] != NO_ONE
    assert 12 <= p.age_m[youth] // 12 <= 17 and p.youth_severity[youth] > 0
    assert p.carer_load[carer] > 0
    assert pick(model) == people, "the same residents for the same model"


def test_the_network_is_the_models_graph_around_the_household(run):
    model, people, _ = run
    person = people[0]
    graph = network(model, person)
    home = int(model.people.household[person.index])
    assert isinstance(graph, nx.Graph) and home in graph
    kin = model.network.kin
    tied = set(kin[kin[:, 0] == home, 1]) | set(kin[kin[:, 1] == home, 0])
    assert {o for o in graph.neighbors(home) if graph.edges[home, o]["kind"] == "kin"} == tied
    text = introduce(model, person, "nl")
    assert text.startswith(f"{person.name} (") and "familiehuishouden" in text
    assert "Network:" in introduce(model, person, "en")


def test_every_new_service_in_the_arrays_gets_a_line_and_nothing_else_is_invented(run):
    _, people, session = run
    months = session.branch.observed
    told = 0
    for person in people:
        lines = story(person, months, "nl")
        assert lines, f"{person.name} has at least the opening line"
        told += len(lines)
        for before, now in zip(months, months[1:], strict=False):
            gained = now[person.index].services & ~before[person.index].services
            for product, (dutch, _) in SERVICE_NAMES.items():
                if gained & (1 << product):
                    label = f"{now[person.index].date:%Y}"
                    assert any(dutch in text and label in m for m, text in lines), dutch
        for _, text in lines:
            assert person.name in text or text.startswith("De "), text
    assert told > len(people), "something happens to someone in two years"


NOUNS = {  # singular, plural as the introductions use them
    "nl": (
        ("huisgenoot", "huisgenoten"),
        ("familiehuishouden", "familiehuishoudens"),
        ("buur", "buren"),
    ),
    "en": (("other", "others"), ("kin household", "kin households"), ("neighbour", "neighbours")),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_introductions_count_housemates_and_network_in_singular_and_plural(run, lang):
    """'1 huisgenoot', '3 huisgenoten': never the placeholder 'huisgeno(o)t(en)'."""
    import re

    from viz.workshop import counted

    model, _, _ = run
    seen = set()
    living = np.flatnonzero(model.people.living())
    for index in living[:3000:10].tolist():
        text = introduce(model, Person(index, "role", "Anna"), lang)
        assert not re.search(r"\((?!\d+\))", text), f"no placeholder plural: {text}"
        for one, many in NOUNS[lang]:
            for n, noun in re.findall(rf"(\d+) ({one}|{many})\b", text):
                assert (noun == one) == (n == "1"), f"{n} {noun}: {text}"
                seen.add(noun == one)
    assert seen == {True, False}, "both singulars and plurals occur among 300 residents"
    assert counted("ws_votes_n", 1, lang) == ("1 stem" if lang == "nl" else "1 vote")
    assert counted("ws_votes_n", 2, lang) == ("2 stemmen" if lang == "nl" else "2 votes")
    assert counted("ws_participants", 1, lang).endswith(("deelnemer", "participant"))

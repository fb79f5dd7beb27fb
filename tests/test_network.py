"""The informal network: a networkx graph of households whose edges feed informal care."""

from __future__ import annotations

import networkx as nx
import numpy as np

from model.care_model import CareModel


def test_graph_holds_every_household_and_both_kinds_of_ties():
    model = CareModel(residents=4000, years=1, rng=3, burn_in_months=0)
    graph = model.network.graph
    households = int(model.people.view("household").max()) + 1
    assert isinstance(graph, nx.Graph), "the informal network should be a networkx graph"
    assert graph.number_of_nodes() >= households, (
        f"every household should be a node: {graph.number_of_nodes()} nodes, "
        f"{households} households"
    )
    kinds = {kind for _, _, kind in graph.edges(data="kind")}
    assert kinds == {"kin", "neighbour"}, f"edges should be kin or neighbour ties, got {kinds}"


def test_network_hours_follow_the_graph_ties():
    model = CareModel(residents=4000, years=1, rng=3, burn_in_months=0)
    graph = model.network.graph
    people = model.people
    values = model.profile
    resident = int(np.flatnonzero(people.view("network_hours") > 0)[0])
    household = int(people.household[resident])
    ties = [graph.edges[household, other]["kind"] for other in graph.neighbors(household)]
    kin, neighbours = ties.count("kin"), ties.count("neighbour")
    expected = values["network.kin_hours"] * min(kin, 3) + values["network.neighbour_hours"] * min(
        neighbours, 4
    )
    assert abs(people.network_hours[resident] - expected) < 1e-4, (
        f"resident {resident}: {people.network_hours[resident]} network hours/week, but the graph "
        f"gives {kin} kin and {neighbours} neighbour ties = {expected} hours/week"
    )


def test_households_without_ties_get_no_network_hours():
    model = CareModel(
        residents=3000,
        years=1,
        rng=4,
        burn_in_months=0,
        overrides={"network.kin_links_mean": 0.0, "network.neighbour_links": 0},
    )
    assert model.network.graph.number_of_edges() == 0, "no links asked, none should exist"
    assert float(model.people.view("network_hours").max()) == 0.0, (
        "without kin or neighbours nobody outside the household can give informal care"
    )


def test_a_pair_of_households_tied_as_kin_is_no_neighbour_tie_too():
    """Each pair counts once: drawn as kin and as neighbours it stays a kin tie only."""
    from model.network import InformalNetwork

    rng = np.random.default_rng(4)
    kin = rng.integers(0, 300, (800, 2))
    neighbour = np.concatenate([rng.integers(0, 300, (800, 2)), kin[:200, ::-1]])
    network = InformalNetwork(300, kin, neighbour)
    kin_pairs = {tuple(pair) for pair in network.kin.tolist()}
    neighbour_pairs = [tuple(pair) for pair in network.neighbour.tolist()]
    drawn = {tuple(sorted(pair)) for pair in neighbour.tolist()}
    assert len(neighbour_pairs) == len(set(neighbour_pairs)), "a neighbour pair appears twice"
    assert not kin_pairs & set(neighbour_pairs), "a kin pair is a neighbour tie too"
    assert set(neighbour_pairs) == drawn - kin_pairs, "a neighbour pair was lost or made up"
    assert neighbour_pairs == sorted(neighbour_pairs), "neighbour pairs not in (low, high) order"


def test_tie_counts_kept_up_to_date_equal_counting_the_edges_again():
    """The per-household tie counts the January refresh uses are bincounts of the edges."""
    model = CareModel(residents=3_000, years=3, rng=5)
    model.run()  # three years of newcomer households, each with a neighbour tie
    network = model.network
    households = network.households + 7  # more households than any edge names
    kin, neighbour = network.ties(households)
    assert len(network.neighbour) > len(network.kin) > 0
    assert np.array_equal(kin, np.bincount(network.kin.ravel(), minlength=households))
    assert np.array_equal(neighbour, np.bincount(network.neighbour.ravel(), minlength=households))
    assert not kin.flags.writeable and not neighbour.flags.writeable, "the kept counts leak"
    twin = CareModel(residents=3_000, years=3, rng=5)
    assert twin.network.households < network.households, "no households arrived"

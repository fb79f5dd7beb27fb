"""The informal network (mantelzorg): households linked by kin and neighbour ties.

The network links households (nodes) by edges of a ``kind`` ("kin" or "neighbour");
``InformalNetwork.graph`` gives it as a networkx graph for analysis. Within a
household, a partner is the first informal carer. Every January (after a year of
deaths and moves) the edges are turned into per-resident arrays: who the partner is,
which kin and neighbour adults can help, and how many hours a week they can give.
The month's care flows then run vectorised on those arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

from agents.kernels import extreme_per_group
from agents.network_kernels import linked_helpers, partners, youngest_helpers
from agents.residents import Residents

KIN_AGE_GAP_YEARS = 28  # assumption: kin ties mostly between parent and child generations


class InformalNetwork:
    """The household graph plus its edge lists as arrays (for vectorised care flows)."""

    def __init__(self, households: int, kin: np.ndarray, neighbour: np.ndarray) -> None:
        self.households = households
        # One tie per pair of households: a pair drawn twice (or as kin and as
        # neighbours) counts once, as it does in the graph.
        self.kin = _unique_pairs(kin)  # (edges, 2) household pairs
        neighbour = _unique_pairs(neighbour)
        if len(neighbour) and len(self.kin):
            # Both key lists are sorted (pairs in (low, high) order): a binary search
            # finds the kin ties, where np.isin hashes both (a fifth of a 1M build).
            kin_keys = self.kin[:, 0] * households + self.kin[:, 1]
            keys = neighbour[:, 0] * households + neighbour[:, 1]
            at = np.minimum(np.searchsorted(kin_keys, keys), len(kin_keys) - 1)
            neighbour = neighbour[kin_keys[at] != keys]
        self.neighbour = neighbour
        self._kin_ties = np.bincount(self.kin.ravel(), minlength=households)

    def ties(self, households: int) -> tuple[np.ndarray, np.ndarray]:
        """Kin and neighbour ties of each of ``households`` households (at least all linked).

        ``np.bincount`` of each edge list, kept as the edges change rather than counted
        again every January (at 1,000,000 residents two bincounts took 11 ms a January):
        kin ties are set once, and a newcomer household's one neighbour tie adds one to it
        and one to its anchor (``add_households``). Read-only views of the kept counts.
        """
        return _read_only(_padded(self._kin_ties, households)), _read_only(
            _padded(self._neighbour_ties, households)
        )

    @property
    def neighbour(self) -> np.ndarray:
        """(edges, 2) neighbour household pairs: a view of a buffer that grows by doubling."""
        return self._neighbour[: self._neighbours]

    @neighbour.setter
    def neighbour(self, edges: np.ndarray) -> None:
        self._neighbour = np.asarray(edges, dtype=np.int64).reshape(-1, 2).copy()
        self._neighbours = len(self._neighbour)
        self._neighbour_ties = np.bincount(self._neighbour.ravel(), minlength=self.households)

    @property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph (households as nodes, edges with a ``kind``).

        Built on request from the edge lists: the month's care flows use the arrays,
        and building a graph of 100k+ edges in Python would cost a third of a run.
        """
        graph = nx.Graph()
        graph.add_nodes_from(range(self.households))
        graph.add_edges_from(self.kin.tolist(), kind="kin")
        graph.add_edges_from(self.neighbour.tolist(), kind="neighbour")
        return graph

    def add_households(self, new_households: np.ndarray, anchors: np.ndarray) -> None:
        """Newcomer households get one neighbour tie each."""
        if len(new_households) == 0:
            return
        self.households = max(self.households, int(new_households.max()) + 1)
        end = self._neighbours + len(new_households)
        if end > len(self._neighbour):  # amortised growth: no copy of every edge each month
            grown = np.zeros((max(end, 2 * len(self._neighbour)), 2), dtype=np.int64)
            grown[: self._neighbours] = self._neighbour[: self._neighbours]
            self._neighbour = grown
        self._neighbour[self._neighbours : end, 0] = new_households
        self._neighbour[self._neighbours : end, 1] = anchors
        self._neighbours = end
        ties = _padded(self._neighbour_ties, self.households)
        np.add.at(ties, new_households, 1)  # a few households a month
        np.add.at(ties, anchors, 1)
        self._neighbour_ties = ties


def _read_only(counts: np.ndarray) -> np.ndarray:
    view = counts.view()
    view.flags.writeable = False
    return view


def _padded(counts: np.ndarray, length: int) -> np.ndarray:
    """``counts`` with zeros after it up to ``length`` (itself when long enough)."""
    if len(counts) >= length:
        return counts
    return np.concatenate([counts, np.zeros(length - len(counts), dtype=counts.dtype)])


def _unique_pairs(edges: np.ndarray) -> np.ndarray:
    """Undirected pairs (low, high), each once, in (low, high) order.

    As ``np.unique(pairs, axis=0)`` gave them, from one integer per pair (``low * size +
    high``, whose order is the pairs' order): row-wise unique sorts rows as opaque
    bytes and took half of building a 100,000-resident model.
    """
    if len(edges) == 0:
        return edges.reshape(0, 2).astype(np.int64)
    pairs = np.sort(edges, axis=1).astype(np.int64)
    size = int(pairs.max()) + 1
    keys = np.sort(pairs[:, 0] * size + pairs[:, 1])
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return np.column_stack([keys // size, keys % size])


def build_network(
    people: Residents, values: Mapping[str, Any], rng: np.random.Generator
) -> InformalNetwork:
    """Link households: kin across generations, neighbours within a district."""
    household = people.view("household")
    n_households = int(household.max()) + 1
    head_age = extreme_per_group(household, people.age_years, n_households, 0.0, largest=True)
    district = np.zeros(n_households, dtype=np.int64)
    district[household] = people.view("district")
    kin = _kin_edges(head_age, values["network.kin_links_mean"], rng)
    neighbour = _neighbour_edges(district, int(values["network.neighbour_links"]), rng)
    return InformalNetwork(n_households, kin, neighbour)


def _kin_edges(head_age: np.ndarray, mean_links: float, rng: np.random.Generator) -> np.ndarray:
    """Each household links to households about a generation older or younger."""
    n = len(head_age)
    links = rng.poisson(mean_links / 2.0, n)  # each edge is shared by two households
    source = np.repeat(np.arange(n), links)
    direction = np.where(rng.random(len(source)) < 0.5, -1.0, 1.0)
    target_age = head_age[source] + direction * (KIN_AGE_GAP_YEARS + rng.normal(0, 4, len(source)))
    order = np.argsort(head_age, kind="stable")
    rank = np.searchsorted(head_age[order], target_age).clip(0, n - 1)
    rank = (rank + rng.integers(-20, 21, len(rank))).clip(0, n - 1)
    target = order[rank]
    keep = target != source
    return np.column_stack([source[keep], target[keep]]).astype(np.int64)


def _neighbour_edges(district: np.ndarray, links: int, rng: np.random.Generator) -> np.ndarray:
    """Each household links to ``links`` random households in its own district."""
    n = len(district)
    if links == 0 or n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.argsort(district, kind="stable")
    starts = np.searchsorted(district[order], district)
    ends = np.searchsorted(district[order], district, side="right")
    source = np.repeat(np.arange(n), links)
    size = (ends - starts)[source]
    target = order[starts[source] + (rng.random(len(source)) * size).astype(int)]
    keep = target != source
    return np.column_stack([source[keep], target[keep]]).astype(np.int64)


def assign_carers(
    people: Residents, network: InformalNetwork, values: Mapping[str, Any], rng: np.random.Generator
) -> None:
    """Derive partner, kin carer and structural network hours from the graph."""
    n = people.n
    alive = people.living()
    adult = alive & (people.age_years >= 18)
    household = people.view("household")
    n_households = max(int(household.max()) + 1, network.households)
    # Partner: another living adult of the same household (first two adults pair up).
    people.partner[:n] = partners(adult, household, n_households)
    # A helping adult per household: the youngest living adult under 80.
    helper = youngest_helpers(
        adult & (people.age_years < 80), household, people.view("age_m"), n_households
    )
    kin_count, neighbour_count = network.ties(n_households)
    people.kin_carer[:n] = linked_helpers(network.kin, helper, n_households)[household]
    people.neighbour_carer[:n] = linked_helpers(network.neighbour, helper, n_households)[household]
    hours = values["network.kin_hours"] * np.minimum(kin_count, 3) + values[
        "network.neighbour_hours"
    ] * np.minimum(neighbour_count, 4)
    people.network_hours[:n] = hours[household].astype(np.float32)
    fresh = people.carer_tolerance[:n] == 0
    tolerance = values["network.carer_tolerance_hours"] * rng.lognormal(0, 0.5, int(fresh.sum()))
    people.carer_tolerance[:n][fresh] = tolerance.astype(np.float32)

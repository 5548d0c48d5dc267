"""The graph as contributions: every node and edge that the build adds, with the place in the
build's order where it was added, so that a graph built in pieces folds to the graph of one
build.

The in-memory build (:mod:`policykg.graph.build`) adds documents in file order to one graph,
and what it adds first wins: a node's type and name, the properties it fills in first, the
order of its aliases, an edge's provenance. A :class:`RecordingGraph` is a graph that also
records each ``add_node`` and each edge it adds as a row with its *order*, ``(file, document,
step)``: the index of the file in the build, of the document in the file, and a count of the
adds for that document. Fed the documents of any set of plan titles in that order, it
records what one build would add for them; folding every node's rows in order with the merge
of :meth:`KnowledgeGraph.add_node` (:func:`fold_node`), and keeping every edge's first row
(:func:`fold_edges`), gives the nodes and edges of one build of all the documents. Where a
piece adds a node that an earlier piece made (a place, a national department), the piece's
rows come later in the order than the first one, and merge as a later add would.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from policykg.graph.kg import KnowledgeGraph, adds_to, merge_node
from policykg.schema.model import edge_key

Order = tuple[int, int, int]  # file, document in the file, add in the document
ORDER = ("file", "doc", "step")


class RecordingGraph(KnowledgeGraph):
    """A KnowledgeGraph that records each node added and each edge added (the first time) as
    a row of plain values, with its :data:`Order`. An add that changes nothing of a node here
    is not recorded: merging only grows a node, so it would change nothing of the node folded
    from every piece either. Properties are pickled (``props``)."""

    def __init__(self) -> None:
        super().__init__()
        self.node_rows: list[dict[str, Any]] = []
        self.edge_rows: list[dict[str, Any]] = []
        self.file = self.doc = self.step = 0

    def at(self, file: int, doc: int) -> None:
        """The document that the next adds come from."""
        self.file, self.doc, self.step = file, doc, 0

    def add_node(self, id: str, type: str, name: str, aliases: tuple[str, ...] | list[str] = (),
                 **properties: Any) -> str:
        data = self.graph.nodes.get(id)
        self.step += 1
        if data is not None and data["type"] == type and not adds_to(data, name, aliases,
                                                                     properties):
            return id
        super().add_node(id, type, name, aliases, **properties)
        self.node_rows.append({
            "id": id, "file": self.file, "doc": self.doc, "step": self.step, "type": type,
            "name": name, "aliases": list(aliases), "props": _dumps(properties)})
        return id

    def add_edge(self, source: str, target: str, type: str, **properties: Any) -> bool:
        self.step += 1
        if not super().add_edge(source, target, type, **properties):
            return False
        nodes = self.graph.nodes
        self.edge_rows.append({
            "source": source, "target": target, "type": type,
            "key": edge_key(type, properties), "file": self.file,
            "doc": self.doc, "step": self.step, "props": _dumps(properties),
            "source_plan": nodes[source]["type"] == "Plan",
            "target_plan": nodes[target]["type"] == "Plan"})
        return True


def _dumps(properties: dict[str, Any]) -> bytes:
    return pickle.dumps({k: v for k, v in properties.items() if v is not None},
                        protocol=pickle.HIGHEST_PROTOCOL)


def props(row: dict[str, Any]) -> dict[str, Any]:
    """The properties of a node or edge row."""
    return pickle.loads(row["props"])


def fold_nodes(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The nodes of node ``rows`` (of any nodes, in any order), each in node-link form
    (``id``, ``type``, ``name``, ``aliases`` and its properties), by id: its rows merged in
    their order, the first giving its type and name."""
    ordered = sorted(rows, key=itemgetter("id", *ORDER))
    for id, group in groupby(ordered, key=itemgetter("id")):
        data: dict[str, Any] = {}
        for row in group:
            if not data:
                data.update(id=id, type=row["type"], name=row["name"], aliases=[])
            merge_node(data, row["name"], row["aliases"], props(row))
        yield data


EDGE_KEY = ("source", "target", "key")  # key: the type and its key properties (edge_key)


def fold_edges(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The first row in order of each edge of edge ``rows`` (each :data:`EDGE_KEY`), in the
    order of their keys."""
    ordered = sorted(rows, key=itemgetter(*EDGE_KEY, *ORDER))
    for _, group in groupby(ordered, key=itemgetter(*EDGE_KEY)):
        yield next(group)


def edge_of(row: dict[str, Any]) -> dict[str, Any]:
    """The edge of an edge row in node-link form: ``source``, ``target``, ``type`` and its
    properties."""
    return {"source": row["source"], "target": row["target"], "type": row["type"], **props(row)}

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

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from policykg.graph.kg import KnowledgeGraph, merge_node

Order = tuple[int, int, int]  # file, document in the file, add in the document
ORDER = ("file", "doc", "step")


class RecordingGraph(KnowledgeGraph):
    """A KnowledgeGraph that records each node added (every time) and each edge added (the
    first time) as a row of plain values, with its :data:`Order`."""

    def __init__(self) -> None:
        super().__init__()
        self.node_rows: list[dict[str, Any]] = []
        self.edge_rows: list[dict[str, Any]] = []
        self.file = self.doc = self.step = 0

    def at(self, file: int, doc: int) -> None:
        """The document that the next adds come from."""
        self.file, self.doc, self.step = file, doc, 0

    def order(self) -> Order:
        self.step += 1
        return self.file, self.doc, self.step

    def add_node(self, id: str, type: str, name: str, aliases: tuple[str, ...] | list[str] = (),
                 **properties: Any) -> str:
        super().add_node(id, type, name, aliases, **properties)
        file, doc, step = self.order()
        self.node_rows.append({
            "id": id, "file": file, "doc": doc, "step": step, "type": type, "name": name,
            "aliases": list(aliases),
            "props": _dumps({k: v for k, v in properties.items() if v is not None})})
        return id

    def add_edge(self, source: str, target: str, type: str, **properties: Any) -> bool:
        if not super().add_edge(source, target, type, **properties):
            return False
        file, doc, step = self.order()
        nodes = self.graph.nodes
        self.edge_rows.append({
            "source": source, "target": target, "type": type, "file": file, "doc": doc,
            "step": step, "props": _dumps({k: v for k, v in properties.items() if v is not None}),
            "source_plan": nodes[source]["type"] == "Plan",
            "target_plan": nodes[target]["type"] == "Plan"})
        return True


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


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
            merge_node(data, row["name"], row["aliases"], json.loads(row["props"]))
        yield data


EDGE_KEY = ("source", "target", "type")


def fold_edges(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The first row in order of each (source, target, type) of edge ``rows``, by that key."""
    ordered = sorted(rows, key=itemgetter(*EDGE_KEY, *ORDER))
    for _, group in groupby(ordered, key=itemgetter(*EDGE_KEY)):
        yield next(group)


def edge_of(row: dict[str, Any]) -> dict[str, Any]:
    """The edge of an edge row in node-link form: ``source``, ``target``, ``type`` and its
    properties."""
    return {"source": row["source"], "target": row["target"], "type": row["type"],
            **json.loads(row["props"])}

"""KnowledgeGraph: typed nodes and edges on a networkx MultiDiGraph.

Nodes are keyed by a stable ``id`` and carry ``type``, ``name`` and ``aliases`` (every surface
form seen). Between two nodes there is at most one edge of each type (of each key, for the
types whose edges the schema tells apart by properties: :func:`policykg.schema.model.edge_key`,
the multigraph's key); adding it again merges nothing and keeps the first provenance, so that
the same statement read from two sources is counted once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import networkx as nx

from policykg.schema.model import EDGE_TYPES, NODE_TYPES, edge_key


def merge_node(data: dict[str, Any], name: str, aliases: tuple[str, ...] | list[str],
               properties: dict[str, Any]) -> None:
    """Merge one more mention of a node into its ``data``: ``name`` and ``aliases`` join its
    aliases, properties it lacks (or holds as None) are filled in, list properties are united
    (:meth:`KnowledgeGraph.add_node`; the Dask build folds a node's mentions with it too)."""
    for alias in (name, *aliases):
        if alias and alias not in data["aliases"]:
            data["aliases"].append(alias)
    for key, value in properties.items():
        if value is None:
            continue
        old = data.get(key)
        if isinstance(value, list):
            merged = list(old or [])
            merged.extend(v for v in value if v not in merged)
            data[key] = merged
        elif old is None:
            data[key] = value


def adds_to(data: dict[str, Any], name: str, aliases: tuple[str, ...] | list[str],
            properties: dict[str, Any]) -> bool:
    """Whether :func:`merge_node` of this mention would change ``data``."""
    have = data["aliases"]
    if any(alias and alias not in have for alias in (name, *aliases)):
        return True
    for key, value in properties.items():
        if value is None:
            continue
        old = data.get(key)
        if old is None or isinstance(value, list) and (
                not isinstance(old, list) or any(v not in old for v in value)):
            return True
    return False


class KnowledgeGraph:
    """A typed, provenance-carrying graph of plans, tasks, units and entities."""

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()

    # -- building ---------------------------------------------------------------------------
    def add_node(self, id: str, type: str, name: str, aliases: tuple[str, ...] | list[str] = (),
                 **properties: Any) -> str:
        """Add a node, or merge into the existing one: aliases are united, properties that the
        node lacks (or holds as None) are filled in, list properties are united."""
        if type not in NODE_TYPES:
            raise ValueError(f"unknown node type {type!r}")
        data = self.graph.nodes.get(id)
        if data is None:
            self.graph.add_node(id, type=type, name=name, aliases=[])
            data = self.graph.nodes[id]
        elif data["type"] != type:
            raise ValueError(f"node {id!r} is a {data['type']}, not a {type}")
        merge_node(data, name, aliases, properties)
        return id

    def add_edge(self, source: str, target: str, type: str, **properties: Any) -> bool:
        """Add an edge of ``type`` unless one of the same key already joins the pair; True if
        added."""
        if type not in EDGE_TYPES:
            raise ValueError(f"unknown edge type {type!r}")
        for end in (source, target):
            if end not in self.graph:
                raise KeyError(f"edge {type} refers to unknown node {end!r}")
        key = edge_key(type, properties)
        if self.graph.has_edge(source, target, key=key):
            return False
        self.graph.add_edge(source, target, key=key, type=type,
                            **{k: v for k, v in properties.items() if v is not None})
        return True

    def remove_nodes(self, ids: list[str]) -> None:
        self.graph.remove_nodes_from(ids)

    # -- reading ----------------------------------------------------------------------------
    def __contains__(self, id: object) -> bool:
        return id in self.graph

    def node(self, id: str) -> dict[str, Any]:
        return {"id": id, **self.graph.nodes[id]}

    def nodes(self, type: str | None = None) -> Iterator[dict[str, Any]]:
        for id, data in self.graph.nodes(data=True):
            if type is None or data["type"] == type:
                yield {"id": id, **data}

    def edges(self, type: str | None = None) -> Iterator[dict[str, Any]]:
        for source, target, data in self.graph.edges(data=True):
            if type is None or data["type"] == type:
                yield {"source": source, "target": target, **data}

    def neighbours(self, id: str, type: str, direction: str = "out") -> Iterator[dict[str, Any]]:
        """Nodes joined to ``id`` by edges of ``type`` (``out``: id is the source)."""
        view = self.graph.out_edges if direction == "out" else self.graph.in_edges
        for source, target, data in view(id, data=True):
            if data["type"] == type:
                yield self.node(target if direction == "out" else source)

    def counts(self) -> dict[str, Counter]:
        """Node counts per type and edge counts per type."""
        return {
            "nodes": Counter(d["type"] for _, d in self.graph.nodes(data=True)),
            "edges": Counter(d["type"] for _, _, d in self.graph.edges(data=True)),
        }

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    # -- node-link form ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The graph in node-link form: ``{"nodes": [...], "edges": [...]}``, sorted."""
        nodes = sorted(self.nodes(), key=lambda n: n["id"])
        edges = sorted(self.edges(), key=lambda e: (e["source"], e["target"],
                                                    edge_key(e["type"], e)))
        return {"directed": True, "multigraph": True, "nodes": nodes, "edges": edges}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KnowledgeGraph:
        kg = cls()
        for node in data["nodes"]:
            node = dict(node)
            kg.graph.add_node(node.pop("id"), **node)
        for edge in data["edges"]:
            edge = dict(edge)
            source, target = edge.pop("source"), edge.pop("target")
            kg.graph.add_edge(source, target, key=edge_key(edge["type"], edge), **edge)
        return kg

"""Choosing a subgraph to draw or export: by plan, node type, ego network, department or
canned query.

Every option that names nodes (``plans``, ``around``, ``departments``, ``query``) yields a set
of nodes; a repeated option unites its sets, and different options intersect. ``types`` then
keeps only nodes of the given types. No option at all selects the whole graph. The result is
the subgraph induced by the chosen nodes: every edge between two chosen nodes is kept. A plan
brings its own nodes, not the plans it shares passages with: name those too (``--plan`` again)
to see their reuse links, or take the plan's ego network (``--around``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from policykg.graph.kg import KnowledgeGraph
from policykg.schema.model import NODE_TYPES, UNIT_TYPES

RESPONSIBILITY = ("LEADS", "SUPPORTS")
REUSE = ("REUSES", "SIMILAR_TO")


class SelectionError(ValueError):
    """A selection names something the graph does not hold."""


@dataclass(frozen=True)
class Selection:
    """What to keep of a graph; see the module docstring for how options combine."""

    plans: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    around: str | None = None
    hops: int = 1
    departments: tuple[str, ...] = ()
    query: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.plans or self.types or self.around or self.departments or self.query)


def select(kg: KnowledgeGraph, selection: Selection) -> KnowledgeGraph:
    """The subgraph of ``kg`` that ``selection`` chooses (a new KnowledgeGraph)."""
    for t in selection.types:
        if t not in NODE_TYPES:
            raise SelectionError(f"unknown node type {t!r}; known: {', '.join(NODE_TYPES)}")
    chosen: set[str] | None = None
    for found in _option_sets(kg, selection):
        chosen = found if chosen is None else chosen & found
    ids = set(kg.graph) if chosen is None else chosen
    if selection.types:
        ids = {i for i in ids if kg.graph.nodes[i]["type"] in selection.types}
    return subgraph(kg, ids)


def subgraph(kg: KnowledgeGraph, ids: Iterable[str]) -> KnowledgeGraph:
    """The subgraph induced by ``ids``, as a KnowledgeGraph of its own."""
    out = KnowledgeGraph()
    out.graph = kg.graph.subgraph(ids).copy()
    return out


def resolve(kg: KnowledgeGraph, name: str, types: Iterable[str] | None = None) -> list[str]:
    """Ids of the nodes ``name`` denotes: the node with that id, else every node with that
    name, else every node with that alias; restricted to ``types`` if given."""
    wanted = set(types) if types is not None else None

    def keep(node_id: str) -> bool:
        return wanted is None or kg.graph.nodes[node_id]["type"] in wanted

    if name in kg.graph and keep(name):
        return [name]
    nodes = kg.graph.nodes(data=True)
    by_name = sorted(i for i, d in nodes if d.get("name") == name and keep(i))
    if by_name:
        return by_name
    return sorted(i for i, d in nodes if name in d.get("aliases", ()) and keep(i))


def _resolve_or_fail(kg: KnowledgeGraph, name: str, types: Iterable[str] | None,
                     what: str) -> list[str]:
    ids = resolve(kg, name, types)
    if not ids:
        raise SelectionError(f"no {what} named {name!r} in the graph")
    return ids


def _option_sets(kg: KnowledgeGraph, selection: Selection) -> Iterator[set[str]]:
    if selection.plans:
        yield set().union(*(plan_nodes(kg, p) for p in selection.plans))
    if selection.around:
        yield ego_nodes(kg, selection.around, selection.hops)
    if selection.departments:
        yield set().union(*(department_nodes(kg, d) for d in selection.departments))
    if selection.query:
        yield query_nodes(kg, selection.query, selection.params)


def plan_nodes(kg: KnowledgeGraph, plan: str) -> set[str]:
    """A plan, its tasks, and every node joined to the plan or one of its tasks (but for the
    plans it shares passages with)."""
    ids = _resolve_or_fail(kg, plan, ("Plan",), "plan")
    core = set(ids)
    for pid in ids:
        core.update(t["id"] for t in kg.neighbours(pid, "HAS_TASK"))
    return core | set().union(*(_adjacent(kg, n) for n in core))


def ego_nodes(kg: KnowledgeGraph, name: str, hops: int) -> set[str]:
    """Nodes within ``hops`` edges (either direction) of the node(s) named ``name``."""
    if hops < 0:
        raise SelectionError("--hops must be 0 or more")
    undirected = kg.graph.to_undirected(as_view=True)
    found: set[str] = set()
    for centre in _resolve_or_fail(kg, name, None, "node"):
        found.update(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    return found


def department_nodes(kg: KnowledgeGraph, name: str) -> set[str]:
    """A unit, the tasks it leads or supports, and the other units on those tasks."""
    units = _resolve_or_fail(kg, name, UNIT_TYPES, "department or unit")
    found = set(units)
    for unit in units:
        for kind in RESPONSIBILITY:
            for task in kg.neighbours(unit, kind):
                found.add(task["id"])
                found.update(u["id"] for k in RESPONSIBILITY
                             for u in kg.neighbours(task["id"], k, "in"))
    return found


def query_nodes(kg: KnowledgeGraph, name: str, params: Mapping[str, str]) -> set[str]:
    """The nodes whose name (or id) appears in a cell of the canned query's result."""
    from policykg.queries import QueryError, run_query

    try:
        result = run_query(name, dict(params), kg=kg)
    except QueryError as exc:
        raise SelectionError(str(exc)) from exc
    index = _name_index(kg)
    return {i for value in _cells(result) for i in index.get(value, ())}


def _cells(result: Any) -> Iterator[str]:
    rows = getattr(result, "rows", result)
    for row in rows:
        values = row.values() if isinstance(row, Mapping) else row
        yield from (v for v in values if isinstance(v, str))


def _name_index(kg: KnowledgeGraph) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for node_id, data in kg.graph.nodes(data=True):
        for key in {node_id, data.get("name")}:
            if key:
                index.setdefault(key, []).append(node_id)
    return index


def _adjacent(kg: KnowledgeGraph, node_id: str) -> set[str]:
    """The nodes joined to ``node_id`` by an edge other than a reuse link."""
    return ({t for _, t, d in kg.graph.out_edges(node_id, data=True) if d["type"] not in REUSE}
            | {s for s, _, d in kg.graph.in_edges(node_id, data=True) if d["type"] not in REUSE})

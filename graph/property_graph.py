"""The graph as a property graph's rows, as a load into Neo4j (:mod:`policykg.stores.neo4j`) and
the Neo4j exports (:mod:`policykg.exports.neo4j`) write it.

Each node has one label, its type; each edge becomes a relationship of its type. Properties are
the graph's, provenance included (lists of strings or numbers as they are, anything else as
JSON text), plus three of a load's own:

* ``kg_dataset``: the dataset the element belongs to: one database holds several datasets side
  by side, each a copy of its build, and a node is known by its dataset and its id;
* ``kg_plans``: the plans the element comes from (a Plan itself, a Task's plan, an edge's
  ``plan`` or the plan at its end, a node: the plans of its edges; a unit's plans reach its
  place through PART_OF, a district's its city …);
* ``kg_hash``: a digest of the element's label and other properties, so that a load can tell
  what changed;
* ``kg_key``, on a relationship of a type whose edges the schema tells apart by properties
  (REUSES, SIMILAR_TO: one per pair of passages): its key
  (:func:`policykg.schema.model.edge_key`), which a load merges it on.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from policykg.graph.gc_pause import gc_paused
from policykg.graph.kg import KnowledgeGraph
from policykg.schema.model import EDGE_TYPES, edge_key

DATASET, PLANS, HASH, KEY = "kg_dataset", "kg_plans", "kg_hash", "kg_key"
RelKey = tuple[str, str, str]  # source id, key (the type, for most types), target id


def property_value(value: Any) -> Any:
    """A graph property as Neo4j stores it: scalars and lists of scalars as they are, anything
    else as JSON text."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    if isinstance(value, list | tuple) and all(isinstance(v, int | float) for v in value):
        return list(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def element_plans(kg: KnowledgeGraph) -> tuple[dict[str, set[str]], dict[RelKey, set[str]]]:
    """The plans each node and each edge comes from (see the module docstring)."""
    types = {n["id"]: n["type"] for n in kg.nodes()}
    nodes: dict[str, set[str]] = defaultdict(set)
    edges: dict[RelKey, set[str]] = {}
    for node in kg.nodes():
        if node["type"] == "Plan":
            nodes[node["id"]].add(node["id"])
        elif node.get("plan"):
            nodes[node["id"]].add(node["plan"])
    part_of = []
    for e in kg.edges():
        key = (e["source"], edge_key(e["type"], e), e["target"])
        ends = (e["source"], e["target"])
        plans = {e["plan"]} if e.get("plan") else {x for x in ends if types[x] == "Plan"}
        if e["type"] == "PART_OF":
            part_of.append(key)
            plans = set()
        edges[key] = plans
        for end in ends:
            nodes[end] |= plans
    changed = True
    while changed:  # a unit's plans reach its place, a district's its city …
        changed = False
        for key in part_of:
            source, _, target = key
            if not nodes[source] <= edges[key] or not nodes[source] <= nodes[target]:
                edges[key] |= nodes[source]
                nodes[target] |= nodes[source]
                changed = True
    return nodes, edges


# One encoder for every digest: json.dumps with options builds a new one per call. Properties
# are plain values, which hold no cycles to look for.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False)
SCALARS = frozenset({str, int, float, bool})


def digest(label: str, props: dict[str, Any]) -> str:
    text = _CANONICAL.encode([label, props])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def load_props(data: dict[str, Any], skip: tuple[str, ...], dataset: str, plans: Iterable[str],
               label: str, key: str | None = None) -> dict[str, Any]:
    """The properties of a node or edge ``data`` (but the keys in ``skip``) as a load writes
    them, with ``kg_dataset``, ``kg_key`` (``key``: what tells apart the edges of a keyed type
    joining the same two nodes), ``kg_plans`` (``plans``, sorted) and ``kg_hash``."""
    props = {k: v if type(v) in SCALARS else property_value(v)
             for k, v in data.items() if k not in skip and v is not None}
    props[DATASET] = dataset
    if key is not None:
        props[KEY] = key
    props[PLANS] = sorted(plans)
    props[HASH] = digest(label, props)
    return props


def load_key(edge: dict[str, Any]) -> str | None:
    """An edge's ``kg_key`` as a load writes it: its :func:`edge_key` where its type is keyed
    (edges of that type join the same two nodes more than once), else None."""
    return edge_key(edge["type"], edge) if EDGE_TYPES[edge["type"]].key else None


def value_kind(value: Any) -> str:
    """The kind of a property value as a load writes it (:func:`property_value`): its type's
    name, or ``list[`` + the names of its items' types + ``]``. The kinds of a property's values,
    over shards, give its column type in the Neo4j import CSVs."""
    if isinstance(value, list):
        return "list[" + ",".join(sorted({type(v).__name__ for v in value})) + "]"
    return type(value).__name__


def add_property_kinds(kinds: dict[str, set[str]], data: dict[str, Any],
                       skip: tuple[str, ...] = ()) -> None:
    """Add to ``kinds`` the kind of each property of ``data`` (but the keys in ``skip``), as a
    load writes it (:func:`value_kind` of :func:`property_value`)."""
    for k, v in data.items():
        if v is None or k in skip:
            continue
        t = type(v)
        kind = t.__name__ if t in SCALARS else value_kind(property_value(v))
        known = kinds.get(k)
        if known is None:
            kinds[k] = {kind}
        else:
            known.add(kind)


class PropertyKinds:
    """The kinds of the properties of many elements, by label (``kinds[label][key]``: the
    kinds of :func:`add_property_kinds`, but the keys in ``skip``). An element whose keys and
    value types, all scalars, an earlier element of its label had adds nothing, and costs only
    the look-up of that signature (most edges of a type have one of a few)."""

    def __init__(self, skip: tuple[str, ...]) -> None:
        self.skip = skip
        self.kinds: dict[str, dict[str, set[str]]] = {}
        self.seen: set[tuple[str, tuple[str, ...], tuple[type, ...]]] = set()

    def add(self, label: str, data: dict[str, Any]) -> None:
        """Add the kinds of the properties of ``data``, an element of ``label``."""
        types = tuple(map(type, data.values()))
        signature = (label, tuple(data), types)
        if signature in self.seen:
            return
        add_property_kinds(self.kinds.setdefault(label, {}), data, self.skip)
        if SCALARS.issuperset(types):
            self.seen.add(signature)


@dataclass
class GraphRows:
    """The graph as load rows of one dataset: nodes by label, relationships by (type, source
    label, target label), each row with its ``props`` (``kg_hash`` included)."""

    dataset: str
    labels: dict[str, str]
    nodes: dict[str, list[dict]]
    rels: dict[tuple[str, str, str], list[dict]]


@gc_paused()
def graph_rows(kg: KnowledgeGraph, dataset: str) -> GraphRows:
    """The rows of ``kg`` as the dataset ``dataset``."""
    node_plans, edge_plans = element_plans(kg)
    labels: dict[str, str] = {}
    nodes: dict[str, list[dict]] = defaultdict(list)
    for node in kg.nodes():
        labels[node["id"]] = node["type"]
        props = load_props(node, ("type",), dataset, node_plans[node["id"]], node["type"])
        nodes[node["type"]].append({"id": node["id"], "props": props})
    rels: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for e in kg.edges():
        key = (e["source"], edge_key(e["type"], e), e["target"])
        props = load_props(e, ("source", "target", "type"), dataset, edge_plans[key], e["type"],
                           load_key(e))
        rels[(e["type"], labels[e["source"]], labels[e["target"]])].append(
            {"s": e["source"], "t": e["target"], "props": props})
    return GraphRows(dataset, labels, dict(nodes), dict(rels))

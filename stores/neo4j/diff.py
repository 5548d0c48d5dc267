"""What a dataset holds on the server, and what a load must change to make it equal the graph.

A load reads the ``id``/``kg_hash`` of every node and relationship of its dataset (what earlier
loads wrote; in pages of many pairs a record, see :data:`PAGE_BYTES`), with the nodes a load
wrote before datasets existed (no ``kg_dataset``), and compares them with the graph's rows:
what is new or changed is written, what the graph no longer has is deleted, and a node that is
on the server twice, under another label or without a dataset is deleted and written again
with every relationship at it. Elements a load did not write (no ``kg_hash``) and those of
other datasets are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import neo4j

from policykg.graph.gc_pause import gc_paused
from policykg.graph.property_graph import DATASET, HASH, KEY, PLANS, GraphRows, RelKey
from policykg.schema.model import NODE_TYPES
from policykg.stores.neo4j.bolt import Target

# The loaded elements are read in pages: one record per label (or type and end labels) and run
# of internal ids, holding the (id, hash) pairs of up to ``$per`` elements. A record per element
# would cost more in the driver than the rest of a no-op load; a record over 64 KB hangs
# FalkorDB's Bolt listener, so ``$per`` keeps a page under PAGE_BYTES.
PAGE_BYTES = 32_000
_NODES = (f"MATCH (n) WHERE n.{HASH} IS NOT NULL "
          f"AND coalesce(n.{DATASET}, $dataset) = $dataset")
_RELS = f"MATCH (a)-[r]->(b) WHERE r.{HASH} IS NOT NULL AND r.{DATASET} = $dataset"
NODES_LONGEST = f"{_NODES} RETURN max(size(n.id) + size(n.{HASH})) AS chars"
RELS_LONGEST = (f"{_RELS} RETURN max(size(a.id) + size(b.id) + size(r.{HASH}) "
                f"+ size(coalesce(r.{KEY}, ''))) AS chars")
NODES_ON_SERVER = (f"{_NODES} RETURN labels(n) AS labels, id(n) / $per AS page, "
                   f"collect([n.id, n.{HASH}, n.{DATASET} IS NULL]) AS items")
RELS_ON_SERVER = (f"{_RELS} RETURN labels(a) AS sl, type(r) AS type, labels(b) AS tl, "
                  f"id(r) / $per AS page, collect([a.id, b.id, r.{HASH}, r.{KEY}]) AS items")


@dataclass
class ServerState:
    """The dataset's elements on the server: node id -> [(label, hash)] (hash None for a node
    written before datasets), relationship key (source id, ``kg_key`` or type, target id) ->
    [(source label, target label, hash)]."""

    nodes: dict[str, list[tuple[str | None, str | None]]]
    rels: dict[RelKey, list[tuple[str | None, str | None, str]]]


def _label(labels: list[str]) -> str | None:
    return labels[0] if len(labels) == 1 and labels[0] in NODE_TYPES else None


def _pages(target: Target, longest: str, query: str, dataset: str) -> list[neo4j.Record]:
    """The records of ``query`` with ``$per`` set so that a page's items fit PAGE_BYTES (at
    most 4 UTF-8 bytes a character, a few more for each item's framing)."""
    chars = target.read(longest, dataset=dataset)[0]["chars"]
    if chars is None:
        return []
    return target.records(query, dataset=dataset,
                          per=max(1, PAGE_BYTES // (4 * chars + 16)))


@gc_paused()
def read_server_state(target: Target, dataset: str) -> ServerState:
    nodes: dict = defaultdict(list)
    for rec in _pages(target, NODES_LONGEST, NODES_ON_SERVER, dataset):
        label = _label(rec["labels"])
        for id, kg_hash, undated in rec["items"]:
            nodes[id].append((label, None if undated else kg_hash))
    rels: dict = defaultdict(list)
    for rec in _pages(target, RELS_LONGEST, RELS_ON_SERVER, dataset):
        sl, type, tl = _label(rec["sl"]), rec["type"], _label(rec["tl"])
        for s, t, kg_hash, key in rec["items"]:
            rels[(s, key or type, t)].append((sl, tl, kg_hash))
    return ServerState(dict(nodes), dict(rels))


@dataclass
class LoadPlan:
    """What a load writes: deletions first, then writes, grouped by label/type; and how many
    nodes of the dataset it deletes for good (``gone``: the graph no longer has them) of the
    ``held`` it holds."""

    delete_rels: dict[tuple[str, str | None, str | None], list[dict]]
    delete_nodes: dict[str | None, list[str]]
    write_nodes: dict[str, list[dict]]
    write_rels: dict[tuple[str, str, str], list[dict]]
    unchanged_nodes: int = 0
    unchanged_rels: int = 0
    gone: int = 0
    held: int = 0

    def plans(self) -> list[str]:
        """The plans whose contributions this load changes."""
        rows = [r for group in (*self.write_nodes.values(), *self.write_rels.values())
                for r in group]
        return sorted({p for r in rows for p in r["props"][PLANS]})


def plan_load(rows: GraphRows, state: ServerState) -> LoadPlan:
    """The difference between the graph and the dataset on the server. A node on the server
    twice, under another label or written before datasets is deleted and written again with
    every relationship at it."""
    redo = {id for id, copies in state.nodes.items()
            if len(copies) > 1 or copies[0][1] is None
            or (id in rows.labels and copies[0][0] != rows.labels[id])}
    delete_nodes: dict[str | None, list[str]] = defaultdict(list)
    for id, copies in state.nodes.items():
        if id in redo or id not in rows.labels:
            for label in {label for label, _ in copies}:
                delete_nodes[label].append(id)
    plan = LoadPlan(defaultdict(list), delete_nodes, defaultdict(list), defaultdict(list),
                    gone=sum(id not in rows.labels for id in state.nodes),
                    held=len(state.nodes))
    for label, group in rows.nodes.items():
        for row in group:
            on_server = state.nodes.get(row["id"])
            if row["id"] in redo or not on_server or on_server[0][1] != row["props"][HASH]:
                plan.write_nodes[label].append(row)
            else:
                plan.unchanged_nodes += 1
    wanted: set[RelKey] = set()
    for (type, sl, tl), group in rows.rels.items():
        for row in group:
            rel = (row["s"], row["props"].get(KEY, type), row["t"])
            wanted.add(rel)
            rel_copies = state.rels.get(rel, [])
            fresh = (len(rel_copies) == 1 and rel_copies[0][2] == row["props"][HASH]
                     and row["s"] not in redo and row["t"] not in redo)
            if fresh:
                plan.unchanged_rels += 1
            else:
                plan.write_rels[(type, sl, tl)].append(row)
    for (s, key, t), rel_copies in state.rels.items():
        if (s, key, t) not in wanted or len(rel_copies) > 1:
            kind = key.split(" ", 1)[0]  # a key is the type, or the type and more (edge_key)
            gone = {"s": s, "t": t, **({"k": key} if key != kind else {})}
            for source_label, target_label, _ in rel_copies:
                plan.delete_rels[(kind, source_label, target_label)].append(gone)
    return plan

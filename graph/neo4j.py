"""Loading a built graph into Neo4j (or another server that speaks Bolt and Neo4j 5's Cypher).

Each node gets one label, its type; each edge becomes a relationship of its type. Properties are
the graph's, provenance included, plus two of the load's own:

* ``kg_plans``: the plans the element comes from (a Plan itself, a Task's plan, an edge's
  ``plan`` or the plan at its end, a node: the plans of its edges);
* ``kg_hash``: a digest of the element's label and properties.

A load reads the ``id``/``kg_hash`` of every node and relationship on the server that carries a
``kg_hash`` (what earlier loads wrote; in pages of many pairs a record, see
:data:`PAGE_BYTES`), compares them with the graph, and writes only the
difference in batches (``UNWIND $rows … MERGE`` on the ids, ``SET x = row.props``), each batch
one transaction retried on transient errors (on Neo4j, the driver's managed transactions; on
FalkorDB, see :class:`Target`): stale relationships are
deleted, then stale nodes (with what hangs on them), then new or changed nodes and
relationships are written. Loading the same graph again writes nothing; after a rebuild in
which one document changed, only that plan's contributions change; elements the load did not
write (no ``kg_hash``) are never touched. Every step is idempotent, so a load that died half
way is finished by loading again.

The Cypher used is the subset Neo4j 5 and FalkorDB both run. Two things differ, each behind
one function: uniqueness constraints (:func:`ensure_id_indexes`), and how parameters travel
(:class:`Target`). Neo4j takes Bolt parameters; FalkorDB's Bolt listener splices them into the
query text unescaped (and drops them past 4 KB), so for a server that fails the round-trip probe
the parameters are sent in FalkorDB's own parameter header, ``CYPHER rows=[…] UNWIND $rows …``,
written by :func:`cypher_literal`; the query text keeps its ``$params`` either way.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from policykg.graph.gc_pause import gc_paused
from policykg.graph.kg import KnowledgeGraph
from policykg.schema.model import EDGE_TYPES, NODE_TYPES

HASH, PLANS = "kg_hash", "kg_plans"
BATCH_SIZE = 2000
# A handshake that hangs (FalkorDB's Bolt listener sometimes ignores the first connection after
# a client said GOODBYE) fails after this many seconds and the managed transaction retries.
ACQUIRE_TIMEOUT = 5.0

MAX_STATEMENT_BYTES = 1_000_000  # FalkorDB copies a statement onto its stack
PROBE = "a'b\"c\\d}`$e{\n"

Progress = Callable[[str, int, int], None]
RelKey = tuple[str, str, str]  # source id, type, target id
T = TypeVar("T")


class Neo4jLoadError(RuntimeError):
    """The server could not be reached or refused the load."""


# -- connection ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Connection:
    """Where to load: Bolt URI, user, password and database (FalkorDB: the graph's name)."""

    uri: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, user: str | None = None,
                 database: str | None = None) -> Connection:
        """Arguments given win over NEO4J_URI, NEO4J_USER and NEO4J_DATABASE; the password
        comes only from NEO4J_PASSWORD."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise Neo4jLoadError("no server: pass --uri or set NEO4J_URI "
                                 "(bolt://, neo4j://, neo4j+s://)")
        return cls(uri, user or os.environ.get("NEO4J_USER"),
                   os.environ.get("NEO4J_PASSWORD"),
                   database or os.environ.get("NEO4J_DATABASE") or None)

    def driver(self) -> neo4j.Driver:
        return open_driver(self.uri, self.user, self.password)


@cache
def open_driver(uri: str, user: str | None, password: str | None) -> neo4j.Driver:
    """One driver (connection pool) per server and user for the life of the process, as the
    driver's manual advises; closed at exit. No password means no authentication."""
    auth = (user or "neo4j", password) if password else None
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth,
                                            connection_acquisition_timeout=ACQUIRE_TIMEOUT)
    except ValueError as error:
        raise Neo4jLoadError(f"bad Neo4j URI {uri!r}: {error}") from error
    atexit.register(driver.close)
    return driver


# -- the graph as rows -----------------------------------------------------------------------
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
        key = (e["source"], e["type"], e["target"])
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


# One encoder for every digest: json.dumps with options builds a new one per call.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
SCALARS = frozenset({str, int, float, bool})


def digest(label: str, props: dict[str, Any]) -> str:
    text = _CANONICAL.encode([label, props])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _props(data: dict[str, Any], skip: tuple[str, ...], plans: set[str], label: str) -> dict:
    props = {k: v if type(v) in SCALARS else property_value(v)
             for k, v in data.items() if k not in skip and v is not None}
    props[PLANS] = sorted(plans)
    props[HASH] = digest(label, props)
    return props


@dataclass
class GraphRows:
    """The graph as load rows: nodes by label, relationships by (type, source label, target
    label), each row with its ``props`` (``kg_hash`` included)."""

    labels: dict[str, str]
    nodes: dict[str, list[dict]]
    rels: dict[tuple[str, str, str], list[dict]]


@gc_paused()
def graph_rows(kg: KnowledgeGraph) -> GraphRows:
    node_plans, edge_plans = element_plans(kg)
    labels: dict[str, str] = {}
    nodes: dict[str, list[dict]] = defaultdict(list)
    for node in kg.nodes():
        labels[node["id"]] = node["type"]
        props = _props(node, ("type",), node_plans[node["id"]], node["type"])
        nodes[node["type"]].append({"id": node["id"], "props": props})
    rels: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for e in kg.edges():
        key = (e["source"], e["type"], e["target"])
        props = _props(e, ("source", "target", "type"), edge_plans[key], e["type"])
        rels[(e["type"], labels[e["source"]], labels[e["target"]])].append(
            {"s": e["source"], "t": e["target"], "props": props})
    return GraphRows(labels, dict(nodes), dict(rels))


# -- what is on the server, and the difference -----------------------------------------------
# The loaded elements are read in pages: one record per label (or type and end labels) and run
# of internal ids, holding the (id, hash) pairs of up to ``$per`` elements. A record per element
# would cost more in the driver than the rest of a no-op load; a record over 64 KB hangs
# FalkorDB's Bolt listener, so ``$per`` keeps a page under PAGE_BYTES.
PAGE_BYTES = 32_000
NODES_LONGEST = ("MATCH (n) WHERE n.kg_hash IS NOT NULL "
                 "RETURN max(size(n.id) + size(n.kg_hash)) AS chars")
RELS_LONGEST = ("MATCH (a)-[r]->(b) WHERE r.kg_hash IS NOT NULL "
                "RETURN max(size(a.id) + size(b.id) + size(r.kg_hash)) AS chars")
NODES_ON_SERVER = ("MATCH (n) WHERE n.kg_hash IS NOT NULL "
                   "RETURN labels(n) AS labels, id(n) / $per AS page, "
                   "collect([n.id, n.kg_hash]) AS items")
RELS_ON_SERVER = ("MATCH (a)-[r]->(b) WHERE r.kg_hash IS NOT NULL "
                  "RETURN labels(a) AS sl, type(r) AS type, labels(b) AS tl, id(r) / $per AS page, "
                  "collect([a.id, b.id, r.kg_hash]) AS items")


@dataclass
class ServerState:
    """The loaded elements on the server: node id -> [(label, hash)], relationship key ->
    [(source label, target label, hash)]."""

    nodes: dict[str, list[tuple[str | None, str]]]
    rels: dict[RelKey, list[tuple[str | None, str | None, str]]]


def _label(labels: list[str]) -> str | None:
    return labels[0] if len(labels) == 1 and labels[0] in NODE_TYPES else None


def _pages(target: Target, longest: str, query: str) -> list[neo4j.Record]:
    """The records of ``query`` with ``$per`` set so that a page's items fit PAGE_BYTES (at
    most 4 UTF-8 bytes a character, a few more for each item's framing)."""
    chars = target.read(longest)[0]["chars"]
    if chars is None:
        return []
    return target.records(query, per=max(1, PAGE_BYTES // (4 * chars + 16)))


@gc_paused()
def read_server_state(target: Target) -> ServerState:
    nodes: dict = defaultdict(list)
    for rec in _pages(target, NODES_LONGEST, NODES_ON_SERVER):
        label = _label(rec["labels"])
        for id, kg_hash in rec["items"]:
            nodes[id].append((label, kg_hash))
    rels: dict = defaultdict(list)
    for rec in _pages(target, RELS_LONGEST, RELS_ON_SERVER):
        sl, type, tl = _label(rec["sl"]), rec["type"], _label(rec["tl"])
        for s, t, kg_hash in rec["items"]:
            rels[(s, type, t)].append((sl, tl, kg_hash))
    return ServerState(dict(nodes), dict(rels))


@dataclass
class LoadPlan:
    """What a load writes: deletions first, then writes, grouped by label/type."""

    delete_rels: dict[tuple[str, str | None, str | None], list[dict]]
    delete_nodes: dict[str | None, list[str]]
    write_nodes: dict[str, list[dict]]
    write_rels: dict[tuple[str, str, str], list[dict]]
    unchanged_nodes: int = 0
    unchanged_rels: int = 0

    def plans(self) -> list[str]:
        """The plans whose contributions this load changes."""
        rows = [r for group in (*self.write_nodes.values(), *self.write_rels.values())
                for r in group]
        return sorted({p for r in rows for p in r["props"][PLANS]})


def plan_load(rows: GraphRows, state: ServerState) -> LoadPlan:
    """The difference between the graph and the server. A node on the server twice, or under
    another label, is deleted and written again with every relationship at it."""
    redo = {id for id, copies in state.nodes.items()
            if len(copies) > 1 or (id in rows.labels and copies[0][0] != rows.labels[id])}
    delete_nodes: dict[str | None, list[str]] = defaultdict(list)
    for id, copies in state.nodes.items():
        if id in redo or id not in rows.labels:
            for label in {label for label, _ in copies}:
                delete_nodes[label].append(id)
    plan = LoadPlan(defaultdict(list), delete_nodes, defaultdict(list), defaultdict(list))
    for label, group in rows.nodes.items():
        for row in group:
            copies = state.nodes.get(row["id"])
            if row["id"] in redo or not copies or copies[0][1] != row["props"][HASH]:
                plan.write_nodes[label].append(row)
            else:
                plan.unchanged_nodes += 1
    wanted: set[RelKey] = set()
    for (type, sl, tl), group in rows.rels.items():
        for row in group:
            key = (row["s"], type, row["t"])
            wanted.add(key)
            copies = state.rels.get(key, [])
            fresh = (len(copies) == 1 and copies[0][2] == row["props"][HASH]
                     and row["s"] not in redo and row["t"] not in redo)
            if fresh:
                plan.unchanged_rels += 1
            else:
                plan.write_rels[(type, sl, tl)].append(row)
    for (s, type, t), copies in state.rels.items():
        if (s, type, t) not in wanted or len(copies) > 1:
            for sl, tl, _ in copies:
                plan.delete_rels[(type, sl, tl)].append({"s": s, "t": t})
    return plan


# -- Cypher ----------------------------------------------------------------------------------
def schema_label(label: str) -> str:
    """``label`` if it is a node type of the schema: labels are put into Cypher text, so they
    only ever come from the schema."""
    if label not in NODE_TYPES:
        raise ValueError(f"{label!r} is not a node type of the schema")
    return label


def _node(var: str, label: str | None, key: str) -> str:
    """``(var:Label {id: key})``, or ``(var {id: key})`` for an unknown label."""
    if label is None:
        return f"({var} {{id: {key}}})"
    return f"({var}:{schema_label(label)} {{id: {key}}})"


def _rel_type(type: str) -> str:
    if type not in EDGE_TYPES:
        raise ValueError(f"{type!r} is not an edge type of the schema")
    return type


def merge_nodes_query(label: str) -> str:
    return f"UNWIND $rows AS row MERGE {_node('n', label, 'row.id')} SET n = row.props"


def merge_rels_query(type: str, source: str, target: str) -> str:
    return (f"UNWIND $rows AS row MATCH {_node('a', source, 'row.s')} "
            f"MATCH {_node('b', target, 'row.t')} "
            f"MERGE (a)-[r:{_rel_type(type)}]->(b) SET r = row.props")


def delete_rels_query(type: str, source: str | None, target: str | None) -> str:
    if type in EDGE_TYPES:
        rel = f"[r:{type}]"
        where = ""
    else:  # a type no longer in the schema: matched by value
        rel, where = "[r]", " WHERE type(r) = $type AND r.kg_hash IS NOT NULL"
    return (f"UNWIND $rows AS row MATCH {_node('a', source, 'row.s')}-{rel}->"
            f"{_node('b', target, 'row.t')}{where} DELETE r")


def delete_nodes_query(label: str | None) -> str:
    return (f"UNWIND $rows AS row MATCH {_node('n', label, 'row')} "
            "WHERE n.kg_hash IS NOT NULL DETACH DELETE n")


# -- parameters: the other place where servers differ ---------------------------------------
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Rendered(str):
    """Text already rendered by :func:`cypher_literal`, passed through as it is."""


def _string(value: str) -> str:
    """A single-quoted string; line breaks escaped too, so a literal never spans lines."""
    return "'" + (value.replace("\\", "\\\\").replace("'", "\\'")
                  .replace("\n", "\\n").replace("\r", "\\r")) + "'"


def _list(value: list | tuple) -> str:
    return "[" + ", ".join([_string(v) if type(v) is str else cypher_literal(v)
                            for v in value]) + "]"


def _map(value: dict) -> str:
    return "{" + ", ".join([_map_key(k) + (_string(v) if type(v) is str else cypher_literal(v))
                            for k, v in value.items()]) + "}"


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise TypeError(f"no Cypher literal for {value!r}")
    return repr(value)


LITERALS: dict[type, Callable[[Any], str]] = {
    str: _string, Rendered: str.__str__, list: _list, tuple: _list, dict: _map,
    type(None): lambda value: "null", bool: lambda value: "true" if value else "false",
    int: int.__repr__, float: _float,
}


def cypher_literal(value: Any) -> str:
    r"""``value`` as a Cypher literal. Strings are single-quoted with backslash, quote, line
    feed and carriage return escaped (``\\``, ``\'``, ``\n``, ``\r``: Neo4j and FalkorDB read
    these alike, and a literal never spans lines); map keys are plain or backtick-quoted
    identifiers; floats must be finite."""
    render = LITERALS.get(type(value))
    if render is None:
        raise TypeError(f"no Cypher literal for {value!r}")
    return render(value)


def cypher_key(key: str) -> str:
    """A map key or property name, backtick-quoted unless it is a plain identifier."""
    return key if IDENTIFIER.fullmatch(key) else "`" + key.replace("`", "``") + "`"


@cache
def _map_key(key: str) -> str:
    return cypher_key(key) + ": "


@dataclass(frozen=True)
class Target:
    """A database on a server, and how to talk to it.

    ``inline`` False (Neo4j): Bolt parameters, managed transactions that the driver retries.
    ``inline`` True (FalkorDB, whose Bolt listener mangles parameters and has no transactions:
    BEGIN and COMMIT are acknowledged and ignored, and statements inside them go to another
    graph than those outside): parameters in the ``CYPHER`` header and auto-commit statements,
    retried here on the same errors for ``retry_seconds``. FalkorDB 4.16 also ignores the
    database name: every statement goes to one graph.
    """

    driver: neo4j.Driver
    database: str | None = None
    inline: bool = False
    retry_seconds: float = 30.0

    @classmethod
    def probe(cls, driver: neo4j.Driver, database: str | None = None) -> Target:
        """Send a hostile string as a Bolt parameter and read it back; if it comes back
        changed, use the ``CYPHER`` header, after checking that it round-trips."""
        for inline in (False, True):
            target = cls(driver, database, inline)
            try:
                if target.read("RETURN $probe AS v", probe=PROBE) == [{"v": PROBE}]:
                    return target
            except Neo4jError:
                continue
        raise Neo4jLoadError("the server changes string parameters; refusing to load")

    def statement(self, query: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if not self.inline or not params:
            return query, params
        header = " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items())
        return f"CYPHER {header} {query}", {}

    def _run(self, query: str, params: dict[str, Any], write: bool,
             collect: Callable[[neo4j.Result], Any]) -> Any:
        text, values = self.statement(query, params)
        if not self.inline:
            with self.driver.session(database=self.database) as session:
                execute = session.execute_write if write else session.execute_read
                return execute(lambda tx: collect(tx.run(text, values)))
        deadline, delay = time.monotonic() + self.retry_seconds, 0.1
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    return collect(session.run(text, values))
            except (Neo4jError, DriverError) as error:
                if not error.is_retryable() or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(2 * delay, 2.0)

    def read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return self._run(query, params, False, lambda result: result.data())

    def records(self, query: str, **params: Any) -> list[neo4j.Record]:
        """Like :meth:`read`, without copying each value into plain dicts and lists."""
        return self._run(query, params, False, list)

    def write(self, query: str, **params: Any) -> neo4j.SummaryCounters:
        return self._run(query, params, True, lambda result: result.consume().counters)


# -- constraints: the one place where servers differ in Cypher -------------------------------
NEO4J_UNIQUE = ("CREATE CONSTRAINT kg_{label}_id IF NOT EXISTS "
                "FOR (n:{label}) REQUIRE n.id IS UNIQUE")
PLAIN_INDEX = "CREATE INDEX FOR (n:{label}) ON (n.id)"
LIST_INDEXES = "CALL db.indexes() YIELD label, properties RETURN label, properties"


def _try_write(target: Target, query: str) -> bool:
    try:
        target.write(query)
        return True
    except Neo4jError:
        return False


def _indexed_labels(target: Target) -> set[str]:
    try:
        records = target.read(LIST_INDEXES)
    except Neo4jError:
        return set()
    return {r["label"] for r in records if "id" in (r["properties"] or [])}


def ensure_id_indexes(target: Target, labels: Iterable[str]) -> str:
    """Uniqueness constraints on ``:Label(id)`` (Neo4j 5 syntax); on a server that refuses
    them (FalkorDB), a plain index per label; returns a sentence saying which."""
    labels = [schema_label(label) for label in labels]
    if all(_try_write(target, NEO4J_UNIQUE.format(label=label)) for label in labels):
        return f"uniqueness constraints on id for {len(labels)} labels"
    have = _indexed_labels(target)
    made = [label for label in labels
            if label in have or _try_write(target, PLAIN_INDEX.format(label=label))]
    if len(made) == len(labels):
        return ("the server refused Neo4j 5 uniqueness constraints; using plain indexes on id "
                f"for {len(labels)} labels instead (uniqueness is kept by MERGE)")
    missing = sorted(set(labels) - set(made))
    return ("the server refused uniqueness constraints and indexes on id for "
            f"{', '.join(missing)}; loading without them (MERGE scans the label)")


# -- the load --------------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What a load did, from the server's own counters."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    nodes_written: int = 0
    relationships_written: int = 0
    nodes_unchanged: int = 0
    relationships_unchanged: int = 0
    plans_changed: list[str] = field(default_factory=list)
    schema: str = ""

    def add(self, counters: neo4j.SummaryCounters) -> None:
        self.nodes_created += counters.nodes_created
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_created += counters.relationships_created
        self.relationships_deleted += counters.relationships_deleted

    def summary(self) -> str:
        return (f"{self.nodes_created} nodes and {self.relationships_created} relationships "
                f"created, {self.nodes_deleted} nodes and {self.relationships_deleted} "
                f"relationships deleted, {self.nodes_written} nodes and "
                f"{self.relationships_written} relationships written, "
                f"{self.nodes_unchanged} nodes and {self.relationships_unchanged} "
                f"relationships unchanged; plans changed: {len(self.plans_changed)}")


def batches(rows: list, batch_size: int, inline: bool) -> Iterator[list]:
    """``rows`` in runs of at most ``batch_size``; with parameters in the query text, rendered
    once and in runs of at most :data:`MAX_STATEMENT_BYTES` of text."""
    batch: list = []
    size = 0
    for row in rows:
        if inline:
            row = Rendered(cypher_literal(row))
        cost = len(row) * 4 if inline else 0  # at most 4 UTF-8 bytes a character
        if batch and (len(batch) >= batch_size or size + cost > MAX_STATEMENT_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += cost
    if batch:
        yield batch


def prefetched(items: Iterator[T]) -> Iterator[T]:
    """``items``, each made in a worker thread while the caller uses the one before: the next
    batch is rendered while the server writes this one (the driver waits without the GIL)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        ahead = worker.submit(next, items, None)
        while (item := ahead.result()) is not None:
            ahead = worker.submit(next, items, None)
            yield item


def run_batches(target: Target, query: str, rows: list, report: LoadReport, *,
                batch_size: int, step: str, progress: Progress | None = None,
                **params: Any) -> None:
    """``query`` over ``rows``, one managed transaction per batch."""
    done = 0
    for batch in prefetched(batches(rows, batch_size, target.inline)):
        report.add(target.write(query, rows=batch, **params))
        done += len(batch)
        if progress:
            progress(step, done, len(rows))


def apply_plan(target: Target, plan: LoadPlan, report: LoadReport, *,
               batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> None:
    def run(step: str, query: str, rows: list, **params: Any) -> None:
        run_batches(target, query, rows, report, batch_size=batch_size, step=step,
                    progress=progress, **params)

    for (type, sl, tl), rows in plan.delete_rels.items():
        run(f"delete {type}", delete_rels_query(type, sl, tl), rows,
            **({} if type in EDGE_TYPES else {"type": type}))
    for label, ids in plan.delete_nodes.items():
        run(f"delete {label or 'nodes'}", delete_nodes_query(label), ids)
    for label, rows in plan.write_nodes.items():
        run(f"nodes {label}", merge_nodes_query(label), rows)
        report.nodes_written += len(rows)
    for (type, sl, tl), rows in plan.write_rels.items():
        run(f"{type} {sl}->{tl}", merge_rels_query(type, sl, tl), rows)
        report.relationships_written += len(rows)


def load_graph(kg: KnowledgeGraph, target: Target, *, batch_size: int = BATCH_SIZE,
               progress: Progress | None = None) -> LoadReport:
    """Make the loaded part of the target database equal ``kg``, writing only what differs."""
    rows = graph_rows(kg)
    report = LoadReport()
    try:
        report.schema = ensure_id_indexes(target, sorted(rows.nodes))
        plan = plan_load(rows, read_server_state(target))
        report.nodes_unchanged = plan.unchanged_nodes
        report.relationships_unchanged = plan.unchanged_rels
        report.plans_changed = plan.plans()
        apply_plan(target, plan, report, batch_size=batch_size, progress=progress)
    except (Neo4jError, DriverError) as error:
        raise Neo4jLoadError(f"Neo4j load failed: {type(error).__name__}: "
                             f"{error}".splitlines()[0]) from error
    return report


def connect(connection: Connection) -> Target:
    """The target of ``connection`` through the process's driver, parameters probed."""
    driver = connection.driver()
    try:
        for attempt in range(3):  # a FalkorDB handshake may hang once; a refusal is quick
            try:
                driver.verify_connectivity()
                break
            except neo4j.exceptions.ServiceUnavailable:
                if attempt == 2:
                    raise
        return Target.probe(driver, connection.database)
    except (Neo4jError, DriverError) as error:
        raise Neo4jLoadError(f"cannot reach {connection.uri}: {type(error).__name__}: "
                             f"{error}".splitlines()[0]) from error


def load_neo4j(kg: KnowledgeGraph, connection: Connection, *, batch_size: int = BATCH_SIZE,
               progress: Progress | None = None) -> LoadReport:
    """:func:`load_graph` into the server and database of ``connection``."""
    return load_graph(kg, connect(connection), batch_size=batch_size, progress=progress)


def server_counts(target: Target) -> dict[str, Counter]:
    """Node counts per label and relationship counts per type on the server."""
    nodes = target.read("MATCH (n) RETURN labels(n)[0] AS label, count(n) AS n")
    rels = target.read("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n")
    return {"nodes": Counter({r["label"]: r["n"] for r in nodes}),
            "edges": Counter({r["type"]: r["n"] for r in rels})}

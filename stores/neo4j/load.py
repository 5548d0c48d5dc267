"""Loading a graph into one dataset of a Neo4j database (or another server that speaks Bolt
and Neo4j 5's Cypher), writing only what changed.

The graph becomes rows (:mod:`policykg.graph.property_graph`), the dataset on the server is
read and compared with them (:mod:`policykg.stores.neo4j.diff`), and the difference is written
in batches (``UNWIND $rows … MERGE`` on the dataset and id, ``SET x = row.props``), each batch
one transaction retried on transient errors (on Neo4j, the driver's managed transactions; on
FalkorDB, see :class:`policykg.stores.neo4j.bolt.Target`): stale relationships are deleted,
then stale nodes (with what hangs on them), then new or changed nodes and relationships are
written. Loading the same graph again writes nothing; after a rebuild in which one document
changed, only that plan's contributions change. Every step is idempotent, so a load that died
half way is finished by loading again. A load that would delete most of the dataset's nodes
refuses unless told to prune (:func:`policykg.stores.base.check_prune`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from policykg.graph.cypher import (
    NEO4J_OLD_UNIQUE,
    NEO4J_UNIQUE,
    PLAIN_INDEX,
    Rendered,
    cypher_literal,
    delete_nodes_query,
    delete_rels_query,
    merge_nodes_query,
    merge_rels_query,
    schema_label,
)
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.property_graph import graph_rows
from policykg.schema.model import EDGE_TYPES
from policykg.stores.base import DEFAULT_DATASET, Report, check_prune
from policykg.stores.neo4j.bolt import BoltError, Target
from policykg.stores.neo4j.diff import LoadPlan, plan_load, read_server_state

BATCH_SIZE = 2000
MAX_STATEMENT_BYTES = 1_000_000  # FalkorDB copies a statement onto its stack
LIST_INDEXES = "CALL db.indexes() YIELD label, properties RETURN label, properties"

Progress = Callable[[str, int, int], None]  # a step, its rows done, its rows
T = TypeVar("T")


@dataclass
class LoadReport(Report):
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

    def notes(self) -> list[str]:
        return [self.schema] if self.schema else []

    def summary(self) -> str:
        return (f"{self.nodes_created} nodes and {self.relationships_created} relationships "
                f"created, {self.nodes_deleted} nodes and {self.relationships_deleted} "
                f"relationships deleted, {self.nodes_written} nodes and "
                f"{self.relationships_written} relationships written, "
                f"{self.nodes_unchanged} nodes and {self.relationships_unchanged} "
                f"relationships unchanged; plans changed: {len(self.plans_changed)}")


# -- constraints: the one place where servers differ in Cypher -------------------------------
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
    """Uniqueness constraints on ``:Label(kg_dataset, id)`` (Neo4j 5 syntax; the constraint on
    id alone of loads before datasets dropped); on a server that refuses them (FalkorDB), a
    plain index on id per label; returns a sentence saying which."""
    labels = [schema_label(label) for label in labels]
    if all(_try_write(target, NEO4J_OLD_UNIQUE.format(label=label))
           and _try_write(target, NEO4J_UNIQUE.format(label=label)) for label in labels):
        return f"uniqueness constraints on dataset and id for {len(labels)} labels"
    have = _indexed_labels(target)
    made = [label for label in labels
            if label in have or _try_write(target, PLAIN_INDEX.format(label=label))]
    if len(made) == len(labels):
        return ("the server refused Neo4j 5 uniqueness constraints; using plain indexes on id "
                f"for {len(labels)} labels instead (uniqueness is kept by MERGE)")
    missing = sorted(set(labels) - set(made))
    return ("the server refused uniqueness constraints and indexes on id for "
            f"{', '.join(missing)}; loading without them (MERGE scans the label)")


# -- batches ---------------------------------------------------------------------------------
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


def apply_plan(target: Target, plan: LoadPlan, report: LoadReport, dataset: str, *,
               batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> None:
    def run(step: str, query: str, rows: list, **params: Any) -> None:
        run_batches(target, query, rows, report, batch_size=batch_size, step=step,
                    progress=progress, **params)

    for (type, sl, tl), rows in plan.delete_rels.items():
        run(f"delete {type}", delete_rels_query(type, sl, tl), rows, dataset=dataset,
            **({} if type in EDGE_TYPES else {"type": type}))
    for label, ids in plan.delete_nodes.items():
        run(f"delete {label or 'nodes'}", delete_nodes_query(label), ids, dataset=dataset)
    for label, rows in plan.write_nodes.items():
        run(f"nodes {label}", merge_nodes_query(label), rows)
        report.nodes_written += len(rows)
    for (type, sl, tl), rows in plan.write_rels.items():
        run(f"{type} {sl}->{tl}", merge_rels_query(type, sl, tl), rows)
        report.relationships_written += len(rows)


def load_graph(kg: KnowledgeGraph, target: Target, *, dataset: str = DEFAULT_DATASET,
               prune: bool = False, batch_size: int = BATCH_SIZE,
               progress: Progress | None = None) -> LoadReport:
    """Make the dataset ``dataset`` of the target database equal ``kg``, writing only what
    differs; PruneRequired, before anything is written, when that would delete most of the
    dataset's nodes and ``prune`` is not set."""
    rows = graph_rows(kg, dataset)
    report = LoadReport(dataset=dataset)
    try:
        report.schema = ensure_id_indexes(target, sorted(rows.nodes))
        plan = plan_load(rows, read_server_state(target, dataset))
        check_prune(plan.gone, plan.held, "nodes", dataset, prune)
        report.nodes_unchanged = plan.unchanged_nodes
        report.relationships_unchanged = plan.unchanged_rels
        report.plans_changed = plan.plans()
        apply_plan(target, plan, report, dataset, batch_size=batch_size, progress=progress)
    except (Neo4jError, DriverError) as error:
        raise BoltError(f"Neo4j load failed: {type(error).__name__}: "
                        f"{error}".splitlines()[0]) from error
    return report

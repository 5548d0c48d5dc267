"""Node and edge tables as Parquet files, for DuckDB, Spark, pandas and polars.

``nodes`` has the columns ``id``, ``type``, ``name``, ``aliases`` (a list of strings),
``plans`` (the plans the node comes from, as ``kg_plans`` of a load) and ``properties`` (the
node's other properties as JSON text); ``edges`` has ``source``, ``target``, ``type``, ``plans``
and ``properties``. ``export --format parquet`` writes ``nodes.parquet`` and ``edges.parquet``
into a folder; a sharded build (``build --engine dask``) writes the same tables in parts,
``nodes.part-NNNNN.parquet`` and ``edges.part-NNNNN.parquet``, which DuckDB reads as one
(``SELECT type, count(*) FROM 'shards/parquet/nodes.*.parquet' GROUP BY type``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from policykg.graph.kg import KnowledgeGraph
from policykg.graph.partitions import write_table
from policykg.graph.property_graph import element_plans
from policykg.graph.shards import GraphPart
from policykg.schema.model import edge_key

_STRINGS = pa.list_(pa.string())
NODES = pa.schema([("id", pa.string()), ("type", pa.string()), ("name", pa.string()),
                   ("aliases", _STRINGS), ("plans", _STRINGS), ("properties", pa.string())])
EDGES = pa.schema([("source", pa.string()), ("target", pa.string()), ("type", pa.string()),
                   ("plans", _STRINGS), ("properties", pa.string())])
NODE_COLUMNS, EDGE_COLUMNS = ("id", "type", "name", "aliases"), ("source", "target", "type")
# One encoder for every row: json.dumps with options builds a new one per call. Properties are
# plain values, which hold no cycles to look for.
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _rest(data: dict[str, Any], columns: tuple[str, ...]) -> str:
    return _JSON.encode({k: v for k, v in data.items() if k not in columns})


def node_rows(nodes: list[dict[str, Any]],
              plans: Mapping[str, list[str]]) -> list[dict[str, Any]]:
    return [{"id": n["id"], "type": n["type"], "name": n["name"], "aliases": n["aliases"],
             "plans": plans.get(n["id"], []), "properties": _rest(n, NODE_COLUMNS)}
            for n in nodes]


def edge_rows(edges: list[dict[str, Any]], plans: list[list[str]]) -> list[dict[str, Any]]:
    return [{"source": e["source"], "target": e["target"], "type": e["type"], "plans": p,
             "properties": _rest(e, EDGE_COLUMNS)} for e, p in zip(edges, plans, strict=True)]


def write_tables(kg: KnowledgeGraph, folder: str | Path) -> None:
    """``nodes.parquet`` and ``edges.parquet`` of ``kg`` in ``folder``."""
    folder = Path(folder)
    node_plans, edge_plans = element_plans(kg)
    data = kg.to_dict()
    write_table(folder / "nodes.parquet",
           node_rows(data["nodes"], {k: sorted(v) for k, v in node_plans.items()}), NODES)
    write_table(folder / "edges.parquet", edge_rows(data["edges"], [
        sorted(edge_plans[(e["source"], edge_key(e["type"], e), e["target"])])
        for e in data["edges"]]),
        EDGES)


def write_table_shard(part: GraphPart, folder: Path) -> list[tuple[Path, int]]:
    """The partition's rows of the node and edge tables."""
    nodes, edges = folder / part.name("nodes", "parquet"), folder / part.name("edges", "parquet")
    write_table(nodes, node_rows(part.nodes, part.node_plans), NODES)
    write_table(edges, edge_rows(part.edges, part.edge_plans), EDGES)
    return [(nodes, len(part.nodes)), (edges, len(part.edges))]

"""Exports for Neo4j users: CSVs for ``neo4j-admin database import`` and a cypher-shell script.

``write_csv(kg, folder, dataset)`` writes one ``nodes_<Label>.csv`` per node type and one
``rels_<TYPE>.csv`` per edge type, with the import tool's headers: ``id:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID``, ``:TYPE`` and typed properties (``rank:int``,
``aliases:string[]``, arrays joined by :data:`ARRAY_DELIMITER`, which must be passed as
``--array-delimiter``). Properties are those of a load (:mod:`policykg.graph.property_graph`),
``kg_dataset``, ``kg_plans`` and ``kg_hash`` included, so a later ``policykg load neo4j`` of
the same dataset sees an import as its own.

``write_cypher(kg, path, dataset)`` writes a script that ``cypher-shell -f`` runs: constraints,
then one ``UNWIND [...] AS row MERGE …`` statement per batch whose rows are Cypher literals
escaped by :func:`policykg.graph.cypher.cypher_literal`. Line breaks inside values are written
as ``\n`` and ``\r`` escapes, so no string literal spans lines of the script and a value's line
can never be read as a cypher-shell command or comment.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from policykg.graph.atomic import atomic_write
from policykg.graph.cypher import (
    NEO4J_UNIQUE,
    cypher_literal,
    merge_nodes_query,
    merge_rels_query,
)
from policykg.graph.io import DEFAULT_DATASET
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.property_graph import (
    DATASET,
    HASH,
    KEY,
    PLANS,
    add_property_kinds,
    graph_rows,
    load_key,
    load_props,
)
from policykg.graph.shards import GraphPart, Schema
from policykg.schema.model import EDGE_TYPES

ARRAY_DELIMITER = "\x1f"  # the unit separator: never in a name
SCRIPT_BATCH = 500


def csv_type(kinds: Iterable[str]) -> str:
    """The import tool's type for a property whose values are of ``kinds``
    (:func:`policykg.graph.property_graph.value_kind`)."""
    kinds = set(kinds)
    if kinds and all(kind.startswith("list[") for kind in kinds):
        inner = {t for kind in kinds for t in kind[5:-1].split(",") if t}
        return "int[]" if inner == {"int"} else "double[]" if inner and inner <= {
            "int", "float"} else "string[]"
    if kinds == {"int"}:
        return "int"
    if kinds and kinds <= {"int", "float"}:
        return "double"
    if kinds == {"bool"}:
        return "boolean"
    return "string"


def _typed(keys: Iterable[str], kinds: dict[str, set[str]]) -> tuple[list[str], list[str]]:
    """Property keys (sorted, but ``id``) and their typed header names."""
    keys = sorted(set(keys) - {"id"})
    types = {k: csv_type(kinds[k]) for k in keys}
    return keys, [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]


def _header(rows: list[dict]) -> tuple[list[str], list[str]]:
    """Property keys (sorted) and their typed header names."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        add_property_kinds(kinds, row["props"])
    return _typed(kinds, kinds)


def _cells(props: dict[str, Any], keys: list[str]) -> list[Any]:
    """The cells of the properties ``props`` in the columns ``keys``: strings, most of them,
    as they are, the other values by :func:`_cell`."""
    return [v if type(v) is str else _cell(v) for v in map(props.get, keys)]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_table(path: Path, header: list[str], lines: list[list[Any]]) -> None:
    with atomic_write(path) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(lines)


def write_csv(kg: KnowledgeGraph, folder: str | Path,
              dataset: str = DEFAULT_DATASET) -> list[Path]:
    """The node and relationship CSVs of ``kg`` as the dataset ``dataset`` in ``folder``;
    returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(kg, dataset)
    written = []
    for label, group in sorted(rows.nodes.items()):
        keys, names = _header(group)
        path = folder / f"nodes_{label}.csv"
        _write_table(path, ["id:ID", ":LABEL", *names],
                     [[r["id"], label, *_cells(r["props"], keys)]
                      for r in group])
        written.append(path)
    by_type: dict[str, list[dict]] = {}
    for (type, _, _), group in rows.rels.items():
        by_type.setdefault(type, []).extend(group)
    for type, group in sorted(by_type.items()):
        keys, names = _header(group)
        path = folder / f"rels_{type}.csv"
        _write_table(path, [":START_ID", ":END_ID", ":TYPE", *names],
                     [[r["s"], r["t"], type, *_cells(r["props"], keys)]
                      for r in group])
        written.append(path)
    return written


# The properties every row has beside the graph's own, and their kinds.
LOAD_KINDS = {DATASET: {"str"}, PLANS: {"list[str]"}, HASH: {"str"}}
NODE_SKIP, EDGE_SKIP = ("type",), ("source", "target", "type")


def _columns(schema: Schema, kind: str, label: str) -> tuple[list[str], list[str]]:
    """The keys and typed header names of a label's (or a type's) columns over all shards."""
    kinds = {**{k: set(v) for k, v in schema[kind].get(label, {}).items()}, **LOAD_KINDS}
    if kind == "edge" and EDGE_TYPES[label].key:
        kinds[KEY] = {"str"}
    return _typed(kinds, kinds)


def write_csv_shard(part: GraphPart, folder: Path) -> list[tuple[Path, int]]:
    """The partition's rows of each node label (``nodes_Label.part-NNNNN.csv``) and each
    relationship type (``rels_TYPE.part-NNNNN.csv``), without headers: the columns of
    :func:`write_csv_headers`, which the import tool reads first."""
    groups: dict[tuple[str, str], list[list[Any]]] = {}
    columns: dict[tuple[str, str], list[str]] = {}

    def keys_of(kind: str, label: str) -> list[str]:
        if (kind, label) not in columns:
            columns[kind, label] = _columns(part.schema, kind, label)[0]
        return columns[kind, label]

    for node in part.nodes:
        label = node["type"]
        keys = keys_of("node", label)
        props = load_props(node, NODE_SKIP, part.dataset, part.node_plans[node["id"]], label)
        groups.setdefault(("nodes", label), []).append(
            [node["id"], label, *_cells(props, keys)])
    for edge, plans in zip(part.edges, part.edge_plans, strict=True):
        type = edge["type"]
        keys = keys_of("edge", type)
        props = load_props(edge, EDGE_SKIP, part.dataset, plans, type, load_key(edge))
        groups.setdefault(("rels", type), []).append(
            [edge["source"], edge["target"], type, *_cells(props, keys)])
    written = []
    for (stem, label), lines in sorted(groups.items()):
        path = folder / part.name(f"{stem}_{label}", "csv")
        with atomic_write(path) as handle:
            csv.writer(handle, lineterminator="\n").writerows(lines)
        written.append((path, len(lines)))
    return written


def write_csv_headers(folder: Path, schema: Schema) -> list[Path]:
    """The header file of each node label and relationship type of the shards
    (``nodes_Label.header.csv``)."""
    written = []
    for kind, stem, head in (("node", "nodes", ["id:ID", ":LABEL"]),
                             ("edge", "rels", [":START_ID", ":END_ID", ":TYPE"])):
        for label in sorted(schema[kind]):
            _, names = _columns(schema, kind, label)
            path = folder / f"{stem}_{label}.header.csv"
            _write_table(path, [*head, *names], [])
            written.append(path)
    return written


def script_statements(kg: KnowledgeGraph, dataset: str = DEFAULT_DATASET,
                      batch_size: int = SCRIPT_BATCH) -> list[str]:
    """The statements of the cypher-shell script, without their closing semicolons."""
    rows = graph_rows(kg, dataset)
    statements = [NEO4J_UNIQUE.format(label=label) for label in sorted(rows.nodes)]
    groups = [(merge_nodes_query(label), group) for label, group in sorted(rows.nodes.items())]
    groups += [(merge_rels_query(*key), group) for key, group in sorted(rows.rels.items())]
    for query, group in groups:
        body = query.removeprefix("UNWIND $rows AS row ")
        for start in range(0, len(group), batch_size):
            literal = cypher_literal(group[start:start + batch_size])
            statements.append(f"UNWIND {literal} AS row\n{body}")
    return statements


def write_cypher(kg: KnowledgeGraph, path: str | Path,
                 dataset: str = DEFAULT_DATASET) -> None:
    """A script that ``cypher-shell -f PATH`` runs to create the graph as the dataset
    ``dataset`` (idempotent: MERGE)."""
    with atomic_write(path) as handle:
        handle.write("// policykg graph for cypher-shell: constraints, nodes, relationships\n")
        for statement in script_statements(kg, dataset):
            handle.write(statement + ";\n")

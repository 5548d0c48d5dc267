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
from policykg.graph.property_graph import graph_rows

ARRAY_DELIMITER = "\x1f"  # the unit separator: never in a name
SCRIPT_BATCH = 500


def _csv_type(values: list[Any]) -> str:
    """The import tool's type for a property holding ``values``."""
    kinds = {type(v) for v in values}
    if kinds == {list}:
        inner = {type(x) for v in values for x in v}
        return "int[]" if inner == {int} else "double[]" if inner <= {int, float} and inner \
            else "string[]"
    if kinds == {int}:
        return "int"
    if kinds <= {int, float}:
        return "double"
    if kinds == {bool}:
        return "boolean"
    return "string"


def _header(rows: list[dict]) -> tuple[list[str], list[str]]:
    """Property keys (sorted) and their typed header names."""
    keys = sorted({k for r in rows for k in r["props"]} - {"id"})
    types = {k: _csv_type([r["props"][k] for r in rows if k in r["props"]]) for k in keys}
    return keys, [k if types[k] == "string" else f"{k}:{types[k]}" for k in keys]


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
                     [[r["id"], label, *(_cell(r["props"].get(k)) for k in keys)]
                      for r in group])
        written.append(path)
    by_type: dict[str, list[dict]] = {}
    for (type, _, _), group in rows.rels.items():
        by_type.setdefault(type, []).extend(group)
    for type, group in sorted(by_type.items()):
        keys, names = _header(group)
        path = folder / f"rels_{type}.csv"
        _write_table(path, [":START_ID", ":END_ID", ":TYPE", *names],
                     [[r["s"], r["t"], type, *(_cell(r["props"].get(k)) for k in keys)]
                      for r in group])
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

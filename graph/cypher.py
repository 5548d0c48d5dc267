"""Cypher text: literals, and the statements that write the rows of
:mod:`policykg.graph.property_graph` into a database and delete them again.

Labels and relationship types are put into the text, so they only ever come from the schema
(:func:`schema_label`); every value travels as a parameter (``$rows``, ``$dataset``) or, where
a server can't take parameters, as a literal written by :func:`cypher_literal`. A node is
matched by its dataset and id: the statements that write take the dataset from the row
(``row.props.kg_dataset``), so that a script of them runs as it is; those that delete take it
as ``$dataset``. The Cypher used is the subset Neo4j 5 and FalkorDB both run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from policykg.graph.property_graph import DATASET, HASH, KEY
from policykg.schema.model import EDGE_TYPES, NODE_TYPES

# Neo4j 5: one node per dataset and id. Loads before datasets had a constraint on id alone.
NEO4J_UNIQUE = (f"CREATE CONSTRAINT kg_{{label}}_dataset_id IF NOT EXISTS "
                f"FOR (n:{{label}}) REQUIRE (n.{DATASET}, n.id) IS UNIQUE")
NEO4J_OLD_UNIQUE = "DROP CONSTRAINT kg_{label}_id IF EXISTS"
PLAIN_INDEX = "CREATE INDEX FOR (n:{label}) ON (n.id)"


def schema_label(label: str) -> str:
    """``label`` if it is a node type of the schema."""
    if label not in NODE_TYPES:
        raise ValueError(f"{label!r} is not a node type of the schema")
    return label


def _rel_type(type: str) -> str:
    if type not in EDGE_TYPES:
        raise ValueError(f"{type!r} is not an edge type of the schema")
    return type


def _node(var: str, label: str | None, key: str, dataset: str) -> str:
    """``(var:Label {kg_dataset: dataset, id: key})``, without the label for an unknown one."""
    scope = f"{{{DATASET}: {dataset}, id: {key}}}"
    return f"({var} {scope})" if label is None else f"({var}:{schema_label(label)} {scope})"


ROW_DATASET = f"row.props.{DATASET}"


def merge_nodes_query(label: str) -> str:
    return (f"UNWIND $rows AS row MERGE {_node('n', label, 'row.id', ROW_DATASET)} "
            "SET n = row.props")


def _rel(type: str, key: str) -> str:
    """``[r:TYPE]``, with ``{kg_key: key}`` for a type whose edges are told apart by a key."""
    return f"[r:{_rel_type(type)} {{{KEY}: {key}}}]" if EDGE_TYPES[type].key else f"[r:{type}]"


def merge_rels_query(type: str, source: str, target: str) -> str:
    return (f"UNWIND $rows AS row MATCH {_node('a', source, 'row.s', ROW_DATASET)} "
            f"MATCH {_node('b', target, 'row.t', ROW_DATASET)} "
            f"MERGE (a)-{_rel(type, f'row.props.{KEY}')}->(b) SET r = row.props")


def delete_rels_query(type: str, source: str | None, target: str | None) -> str:
    """Delete the relationships of ``$rows`` (``{s, t}``, and ``k``, the key, for a type told
    apart by one) of ``$dataset``; a type no longer in the schema is matched by value
    (``$type``: all of them between the two nodes go)."""
    if type in EDGE_TYPES:
        rel, where = _rel(type, "row.k"), ""
    else:
        rel, where = "[r]", f" WHERE type(r) = $type AND r.{HASH} IS NOT NULL"
    return (f"UNWIND $rows AS row MATCH {_node('a', source, 'row.s', '$dataset')}-{rel}->"
            f"{_node('b', target, 'row.t', '$dataset')}{where} DELETE r")


def delete_nodes_query(label: str | None) -> str:
    """Delete the nodes with the ids of ``$rows`` that a load wrote into ``$dataset`` (or into
    no dataset: loads before datasets), with their relationships."""
    node = f"(n:{schema_label(label)} {{id: row}})" if label else "(n {id: row})"
    return (f"UNWIND $rows AS row MATCH {node} WHERE n.{HASH} IS NOT NULL "
            f"AND coalesce(n.{DATASET}, $dataset) = $dataset DETACH DELETE n")


# -- literals --------------------------------------------------------------------------------
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

"""Running canned SPARQL queries: embedded (pyoxigraph, rdflib) or on a SPARQL endpoint.

Parameter ``NAME`` of a query is the SPARQL variable ``?param_NAME``. Values are bound by the
store, never spliced into the query text: pyoxigraph ``substitutions``, rdflib
``initBindings``; for an endpoint, which has no binding parameter, a ``VALUES`` block written
by pyoxigraph's N-Triples serialiser of the literal is put at the start of the query's WHERE
group. Results are plain Python values: integers for xsd:integer, strings otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rdflib
from pyoxigraph import Literal, NamedNode, Store, Variable

from policykg.graph.io import read_graph
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import (
    DEFAULT_BASE_IRI,
    INTEGER_TYPES,
    oxigraph_store,
)
from policykg.graph.rdf import graph_iri as rdf_graph_iri
from policykg.graph.rdflib_form import rdflib_graph
from policykg.graph.sparql_endpoint import select

if TYPE_CHECKING:
    from policykg.queries import CannedQuery

DEFAULT_GRAPH_DIR = "policykg-out"
STORES = ("oxigraph", "rdflib")


def param_variable(name: str) -> str:
    """The SPARQL variable (without ``?``) that parameter ``name`` binds."""
    return f"param_{name}"


def python_value(term: Any) -> Any:
    """A pyoxigraph or rdflib result term as a Python value."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        text, datatype = term.value, term.datatype.value
    else:
        text, datatype = str(term), str(getattr(term, "datatype", None) or "")
    return int(text) if datatype in INTEGER_TYPES else text


def query_oxigraph(store: Store, query: CannedQuery, params: dict[str, str]) -> list[tuple]:
    """Rows of ``query`` on a pyoxigraph store, parameters bound by substitution."""
    solutions = store.query(query.sparql, substitutions={
        Variable(param_variable(k)): Literal(v) for k, v in params.items()})
    return [tuple(python_value(s[c]) for c in query.columns) for s in solutions]


def query_rdflib(graph: rdflib.Graph, query: CannedQuery, params: dict[str, str]) -> list[tuple]:
    """Rows of ``query`` on an rdflib graph, parameters bound as initial bindings."""
    result = graph.query(query.sparql, initBindings={
        param_variable(k): rdflib.Literal(v) for k, v in params.items()})
    return [tuple(python_value(row[c]) for c in query.columns) for row in result]


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, params: dict[str, str]) -> str:
    """The query with ``VALUES ?param_NAME { "value" }`` opening its outermost WHERE group;
    each value is written by the N-Triples serialiser of a literal, so it cannot end the string
    or the block."""
    if not params:
        return text
    match = _WHERE.search(text)
    if match is None:
        raise ValueError("query has no WHERE group to bind parameters in")
    values = "".join(f"\n  VALUES ?{param_variable(k)} {{ {Literal(v)} }}"
                     for k, v in params.items())
    return text[:match.end()] + values + text[match.end():]


def query_endpoint(endpoint: str, query: CannedQuery, params: dict[str, str],
                   graph_iri: str) -> list[tuple]:
    """Rows of ``query`` on a SPARQL endpoint, over its named graph ``graph_iri`` (sent as the
    query's default graph)."""
    rows = select(endpoint, with_values(query.sparql, params), default_graph=graph_iri)
    return [tuple(row.get(c) for c in query.columns) for row in rows]


def load_kg(kg: KnowledgeGraph | None, graph_dir: str | Path | None) -> KnowledgeGraph:
    return kg if kg is not None else read_graph(graph_dir or DEFAULT_GRAPH_DIR)


def run_sparql(query: CannedQuery, params: dict[str, str], *,
               graph_dir: str | Path | None = None, kg: KnowledgeGraph | None = None,
               store: str = "oxigraph", endpoint: str | None = None,
               graph_iri: str | None = None, base_iri: str = DEFAULT_BASE_IRI) -> list[tuple]:
    """Rows of ``query``: on ``endpoint`` if given (over the named graph ``graph_iri``, default
    the one a push writes), else on ``kg`` or the build in ``graph_dir`` loaded into the
    embedded ``store``."""
    if endpoint:
        return query_endpoint(endpoint, query, params, graph_iri or rdf_graph_iri(base_iri))
    if store not in STORES:
        raise ValueError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    graph = load_kg(kg, graph_dir)
    if store == "rdflib":
        return query_rdflib(rdflib_graph(graph, base_iri), query, params)
    return query_oxigraph(oxigraph_store(graph, base_iri), query, params)

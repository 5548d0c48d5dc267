"""Running the canned SPARQL queries on a build in memory: pyoxigraph's store, or rdflib's.

Parameter ``NAME`` of a query is the SPARQL variable ``?param_NAME``. Values are bound by the
store, never spliced into the query text: pyoxigraph ``substitutions``, rdflib
``initBindings``. Results are plain Python values: integers for xsd:integer, floats for
xsd:decimal, strings otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store, Variable
from rdflib.query import ResultRow

from policykg.graph.io import DEFAULT_DIR, read_graph
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI, literal_value, oxigraph_store
from policykg.graph.rdflib_form import rdflib_graph
from policykg.queries.catalogue import CannedQuery, QueryError
from policykg.stores.sparql import param_variable

STORES = ("oxigraph", "rdflib")


def python_value(term: Any) -> Any:
    """A pyoxigraph or rdflib result term as a Python value."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        return literal_value(term.value, term.datatype.value)
    return literal_value(str(term), str(getattr(term, "datatype", None) or ""))


def query_oxigraph(store: Store, query: CannedQuery,
                   params: Mapping[str, str]) -> list[tuple]:
    """Rows of ``query`` on a pyoxigraph store, parameters bound by substitution."""
    solutions = store.query(query.sparql, substitutions={
        Variable(param_variable(k)): Literal(v) for k, v in params.items()})
    if not isinstance(solutions, QuerySolutions):
        raise QueryError(f"{query.name} is not a SELECT query")
    return [tuple(python_value(s[c]) for c in query.columns) for s in solutions]


def query_rdflib(graph: rdflib.Graph, query: CannedQuery,
                 params: Mapping[str, str]) -> list[tuple]:
    """Rows of ``query`` on an rdflib graph, parameters bound as initial bindings."""
    result = graph.query(query.sparql, initBindings={
        param_variable(k): rdflib.Literal(v) for k, v in params.items()})
    rows = []
    for row in result:
        assert isinstance(row, ResultRow)  # the rows of a SELECT query
        values = row.asdict()
        rows.append(tuple(python_value(values.get(c)) for c in query.columns))
    return rows


def run_embedded(query: CannedQuery, params: Mapping[str, str], *,
                 kg: KnowledgeGraph | None = None, graph_dir: str | Path | None = None,
                 store: str = "oxigraph", base_iri: str = DEFAULT_BASE_IRI) -> list[tuple]:
    """Rows of ``query`` on ``kg``, or on the build in ``graph_dir`` (default
    ``./policykg-out``), loaded into the embedded ``store``."""
    if store not in STORES:
        raise QueryError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    graph = kg if kg is not None else read_graph(graph_dir or DEFAULT_DIR)
    if store == "rdflib":
        return query_rdflib(rdflib_graph(graph, base_iri), query, params)
    return query_oxigraph(oxigraph_store(graph, base_iri), query, params)

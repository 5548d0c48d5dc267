"""Canned queries: one SPARQL (.rq) and one Cypher (.cypher) file per question, same names,
same parameters and same result columns, and the code that runs them on any store.

The catalogue (:mod:`policykg.queries.catalogue`) is the set of ``sparql/*.rq`` files. Each
opens with a comment that declares the query::

    # NAME: what the query answers …
    # Param department: a name or alias of the unit, matched exactly      (zero or more)
    # Columns: department, role, label, plan, task, quote
    # Order: plan, task, role                                 (``col desc`` for descending)

:func:`run_query` runs a query and returns a :class:`QueryResult` (columns + rows, and
``to_dataframe()`` when pandas is installed). Rows are sorted again here by the ``Order`` key,
ties broken by the remaining columns left to right, so every store returns the same table.

A query runs on the build in memory (``kg``, or the build in ``graph_dir``) in an embedded
store (pyoxigraph; rdflib with ``store="rdflib"``: :mod:`policykg.queries.embedded`), or on a
dataset of a database server: ``backend`` is a store of :mod:`policykg.stores` (an opened one,
or the name of one with its settings and ``dataset``), which runs the query's twin in its own
language. Parameters are checked against the query's declarations before anything runs, and
bound by the store, never spliced into the query text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policykg.graph.io import DEFAULT_DATASET
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI
from policykg.queries.catalogue import (
    CannedQuery,
    QueryError,
    QueryResult,
    check_params,
    get_query,
    list_queries,
)
from policykg.queries.embedded import run_embedded
from policykg.stores import Store, StoreError, open_store
from policykg.stores import get as get_store

__all__ = ["CannedQuery", "QueryError", "QueryResult", "get_query", "list_queries",
           "run_query"]


def run_query(name: str, params: dict[str, str] | None = None, *,
              kg: KnowledgeGraph | None = None, graph_dir: str | Path | None = None,
              store: str = "oxigraph", base_iri: str = DEFAULT_BASE_IRI,
              backend: str | Store | None = None, dataset: str | None = None,
              **settings: Any) -> QueryResult:
    """Run the canned query ``name`` with ``params`` and return its rows.

    Without ``backend`` the query runs on ``kg`` or the build in ``graph_dir`` (default
    ``./policykg-out``) in the embedded ``store`` ("oxigraph" or "rdflib"), its IRIs based on
    ``base_iri``. With ``backend`` it runs on a server: a :class:`policykg.stores.Store`, or
    the name of a registered store, opened on ``dataset`` (default ``policykg-out``) with
    ``settings`` (``endpoint=URL`` for ``sparql``, which it also implies; ``uri=``,
    ``database=`` for ``neo4j``). ``backend="sparql"`` without an endpoint is the embedded
    store. StoreError when the server can't be reached or fails.
    """
    query = get_query(name)
    params = check_params(query, params)
    server = _server(backend, dataset, base_iri, settings)
    if server is None:
        rows = run_embedded(query, params, kg=kg, graph_dir=graph_dir, store=store,
                            base_iri=base_iri)
    else:
        records = server.select(query.text(server.language), params)
        rows = [tuple(record.get(c) for c in query.columns) for record in records]
    return QueryResult(name, query.columns, query.sort(rows))


def _server(backend: str | Store | None, dataset: str | None, base_iri: str,
            settings: dict[str, Any]) -> Store | None:
    """The store ``run_query`` runs on, or None for the embedded store."""
    if isinstance(backend, Store):
        return backend
    name = backend or ("sparql" if settings.get("endpoint") else None)
    if name is None or (name == "sparql" and not settings.get("endpoint")):
        return None
    try:
        if any(s.name == "base_iri" for s in get_store(name).settings):
            settings = {"base_iri": base_iri, **settings}
        return open_store(name, dataset or DEFAULT_DATASET, **settings)
    except StoreError as error:
        raise QueryError(str(error)) from error

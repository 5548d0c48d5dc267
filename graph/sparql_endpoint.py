"""Talking to any SPARQL 1.1 server over HTTP: pushing a graph and running SELECT queries.

A push replaces one named graph (default :func:`policykg.graph.rdf.graph_iri`) with the
build, using SPARQL 1.1 Update only, so it works on any server (Oxigraph, Fuseki, GraphDB,
Virtuoso …): the triples go in batches of ``INSERT DATA`` into a staging graph, then one
``MOVE`` replaces the target with it. A re-push never duplicates, and a push that fails half
way leaves the target graph as it was.

``endpoint`` is the server's update URL for a push (Oxigraph: ``http://host:7878/update``) and
its query URL for a query (Oxigraph: ``http://host:7878/query``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from contextlib import suppress
from itertools import islice
from typing import Any

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from policykg.graph import rdf
from policykg.graph.kg import KnowledgeGraph

BATCH_SIZE = 20_000
TIMEOUT = 120.0


class EndpointError(RuntimeError):
    """The server could not be reached or refused a request."""


def _post(url: str, body: str, content_type: str, accept: str | None = None,
          timeout: float = TIMEOUT) -> bytes:
    headers = {"Content-Type": f"{content_type}; charset=utf-8"}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") \
            from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"{url}: cannot reach the server ({reason})") from None


def update(endpoint: str, text: str, timeout: float = TIMEOUT) -> None:
    """Run one SPARQL Update request."""
    _post(endpoint, text, "application/sparql-update", timeout=timeout)


def _value(binding: dict[str, str]) -> Any:
    if binding.get("datatype") in rdf.INTEGER_TYPES:
        return int(binding["value"])
    return binding["value"]


def select(endpoint: str, text: str, default_graph: str | None = None,
           timeout: float = TIMEOUT) -> list[dict[str, Any]]:
    """Run a SELECT query; each row maps bound variable names to Python values (integers for
    xsd:integer, strings otherwise). ``default_graph`` is sent as ``default-graph-uri``."""
    url = endpoint
    if default_graph:
        separator = "&" if "?" in endpoint else "?"
        url += separator + urllib.parse.urlencode({"default-graph-uri": default_graph})
    body = _post(url, text, "application/sparql-query",
                 accept="application/sparql-results+json", timeout=timeout)
    try:
        bindings = json.loads(body)["results"]["bindings"]
    except (ValueError, KeyError) as exc:
        raise EndpointError(f"{endpoint}: not a SPARQL JSON result ({exc})") from None
    return [{k: _value(v) for k, v in row.items()} for row in bindings]


def _batches(items: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_data(graph: str, batch: list[Triple]) -> str:
    """An ``INSERT DATA`` request for ``batch`` into ``graph``; terms are written by
    pyoxigraph's N-Triples serialiser, whose lines are valid SPARQL triples."""
    body = serialize(batch, format=RdfFormat.N_TRIPLES).decode("utf-8")
    return f"INSERT DATA {{ GRAPH {NamedNode(graph)} {{\n{body}}} }}"


def push_graph(kg: KnowledgeGraph, endpoint: str, *, graph_iri: str | None = None,
               base_iri: str = rdf.DEFAULT_BASE_IRI, batch_size: int = BATCH_SIZE,
               timeout: float = TIMEOUT) -> int:
    """Replace the named graph ``graph_iri`` (default: :func:`rdf.graph_iri` of ``base_iri``) on
    the server whose update URL is ``endpoint`` with ``kg``; return the number of triples."""
    target = NamedNode(graph_iri or rdf.graph_iri(base_iri))
    staging = NamedNode(f"{target.value}-staging-{uuid.uuid4().hex}")
    count = 0
    try:
        for batch in _batches(rdf.triples(kg, base_iri), batch_size):
            update(endpoint, insert_data(staging.value, batch), timeout)
            count += len(batch)
        if count:
            update(endpoint, f"MOVE {staging} TO {target}", timeout)
        else:
            update(endpoint, f"DROP SILENT GRAPH {target}", timeout)
    except BaseException:
        with suppress(EndpointError):
            update(endpoint, f"DROP SILENT GRAPH {staging}", timeout)
        raise
    return count

"""SPARQL 1.1 over HTTP: one update request, one SELECT (rows as Python values), and the query
URL that goes with an update URL. ``endpoint`` is the server's update URL for an update
(Oxigraph: ``http://host:7878/update``) and its query URL for a query (Oxigraph:
``http://host:7878/query``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from policykg.graph import rdf
from policykg.stores.base import StoreError

TIMEOUT = 120.0


class EndpointError(StoreError):
    """The server could not be reached or refused a request."""


@contextmanager
def request(url: str, body: str, content_type: str, accept: str | None = None,
             timeout: float = TIMEOUT) -> Iterator[IO[bytes]]:
    headers = {"Content-Type": f"{content_type}; charset=utf-8"}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers,
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            yield response
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{url}: HTTP {exc.code}: {detail[0] if detail else exc.reason}") \
            from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"{url}: cannot reach the server ({reason})") from None


def _post(url: str, body: str, content_type: str, accept: str | None = None,
          timeout: float = TIMEOUT) -> bytes:
    with request(url, body, content_type, accept, timeout) as response:
        return response.read()


def update(endpoint: str, text: str, timeout: float = TIMEOUT) -> None:
    """Run one SPARQL Update request."""
    _post(endpoint, text, "application/sparql-update", timeout=timeout)


def _value(binding: dict[str, str]) -> Any:
    return rdf.literal_value(binding["value"], binding.get("datatype"))


def select(endpoint: str, text: str, default_graph: str | None = None,
           timeout: float = TIMEOUT) -> list[dict[str, Any]]:
    """Run a SELECT query; each row maps bound variable names to Python values (integers for
    xsd:integer, floats for xsd:decimal, strings otherwise). ``default_graph`` is sent as
    ``default-graph-uri``."""
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


def query_url(update_endpoint: str) -> str:
    """The query URL of the server whose update URL is ``update_endpoint``: a last path segment
    ``update`` becomes ``query`` (Oxigraph, Fuseki), ``statements`` is dropped (GraphDB,
    RDF4J); any other URL serves both (Virtuoso's ``/sparql``, a Fuseki dataset)."""
    parts = urllib.parse.urlsplit(update_endpoint)
    head, _, last = parts.path.rpartition("/")
    if last == "update":
        path = head + "/query"
    elif last == "statements":
        path = head
    else:
        return update_endpoint
    return urllib.parse.urlunsplit(parts._replace(path=path))



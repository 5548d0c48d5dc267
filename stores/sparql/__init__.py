"""The SPARQL store: any SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso …), over HTTP
with SPARQL 1.1 Update and Query only. A dataset is a named graph, :func:`dataset_graph`
(``graph_iri`` names another); a load is a push (:mod:`policykg.stores.sparql.push`), and a
canned query runs with the dataset's graph as its default graph, its parameters bound in a
``VALUES`` block.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import Literal

from policykg.graph import rdf
from policykg.graph.kg import KnowledgeGraph
from policykg.stores.base import Progress, Report, Setting, Store, StoreError
from policykg.stores.sparql.http import query_url, select


def dataset_graph(dataset: str, base_iri: str = rdf.DEFAULT_BASE_IRI) -> str:
    """The named graph of ``dataset``: the base IRI + ``graph/`` + the name, percent-encoded
    where an IRI needs it."""
    return rdf.node_iri(f"graph/{dataset}", base_iri)


def param_variable(name: str) -> str:
    """The SPARQL variable (without ``?``) that parameter ``name`` binds."""
    return f"param_{name}"


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def with_values(text: str, params: Mapping[str, str]) -> str:
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


class SparqlStore(Store):
    name = "sparql"
    description = "a SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB, Virtuoso …)"
    language = "sparql"
    settings = (
        Setting("endpoint", "the server's update URL (Oxigraph: http://HOST:PORT/update); for "
                "a query, its query URL or the update URL"),
        Setting("query_endpoint", "its query URL [default: the update URL with /update made "
                "/query, /statements dropped]"),
        Setting("graph_iri", "the named graph [default: BASE_IRI + 'graph/' + the dataset]"),
        Setting("base_iri", "base of the nodes' IRIs (as given to the build)",
                default=rdf.DEFAULT_BASE_IRI),
        Setting("batch_size", "triples per INSERT DATA request", type=int, default=20_000,
                load_only=True),
        Setting("full", "replace the whole named graph, not only what changed since the "
                "last load", type=bool, default=False, flag=True, load_only=True),
        Setting("location", "with --bulk: the folder of a local Oxigraph store, loaded with "
                "`oxigraph load` while no server runs on it", load_only=True),
    )

    @property
    def graph(self) -> str:
        """The dataset's named graph on the server."""
        return self.options["graph_iri"] or dataset_graph(self.dataset, self.options["base_iri"])

    @property
    def where(self) -> str:
        return f"{self.options['endpoint']} <{self.graph}>"

    def _endpoint(self) -> str:
        if not self.options["endpoint"]:
            raise StoreError("no server: pass --endpoint URL")
        return self.options["endpoint"]

    def load(self, kg: KnowledgeGraph, *, prune: bool = False,
             progress: Progress | None = None) -> Report:
        from policykg.stores.sparql.push import push_graph

        report = push_graph(kg, self._endpoint(), query_endpoint=self.options["query_endpoint"],
                            graph_iri=self.graph, base_iri=self.options["base_iri"],
                            batch_size=self.options["batch_size"], full=self.options["full"],
                            progress=progress, dataset=self.dataset, prune=prune)
        report.where, report.dataset = self.where, self.dataset
        return report

    def bulk_load(self, shards: Path) -> Report:
        """The N-Triples shards into the local Oxigraph store at ``location``
        (:mod:`policykg.stores.sparql.bulk`)."""
        from policykg.stores.sparql.bulk import bulk_load

        if not self.options["location"]:
            raise StoreError("a bulk load needs --location: the folder of a local Oxigraph "
                             "store (for QLever and Virtuoso, see policykg.stores.sparql.bulk)")
        report = bulk_load(shards, self.options["location"], self.graph)
        report.where, report.dataset = f"{self.options['location']} <{self.graph}>", self.dataset
        return report

    def select(self, text: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
        url = self.options["query_endpoint"] or query_url(self._endpoint())
        return select(url, with_values(text, params), default_graph=self.graph)

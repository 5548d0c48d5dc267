"""The graph in rdflib's in-memory store, for pyshacl and the embedded rdflib store of the
canned queries.

Apart from :mod:`policykg.graph.rdf` so that a build, which writes RDF with pyoxigraph, does not
import rdflib.
"""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI, PREFIXES, XSD, triples


def to_rdflib(term: NamedNode | BlankNode | Literal | Triple) -> rdflib.term.Identifier:
    """The rdflib term equal to a pyoxigraph one (xsd:string literals become plain, as rdflib
    matches them). The graph's RDF form has no triple terms."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Triple):
        raise TypeError(f"no rdflib term for the triple term {term}")
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def rdflib_graph(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> rdflib.Graph:
    """The graph in rdflib's default in-memory store."""
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph)
               for t in triples(kg, base_iri))
    return graph

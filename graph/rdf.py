"""The knowledge graph as RDF: stable IRIs, the triples, and the RDF files a build writes.

The vocabulary is ``schema/ontology.ttl`` (namespace ``pkg:``, reusing ORG, schema.org, PROV-O,
SKOS and DC terms). Each node becomes one resource whose IRI is the base IRI followed by its
percent-encoded graph id, so the same entity has the same IRI on every build; its id is kept as
``dcterms:identifier``, its name as ``skos:prefLabel`` and its other aliases as ``skos:altLabel``
(all ``@zh``).

Each edge becomes one direct triple (``unit pkg:leads task``). An edge read from a document
(LEADS, SUPPORTS, ISSUED_BY, MENTIONS, HOSTS) also gets a *qualified node*, the PROV-O pattern:
``task prov:qualifiedAssociation [ prov:agent unit ; prov:hadRole pkg:LeadRole ;
pkg:sourceFile … ; pkg:start … ; pkg:end … ; pkg:quote … ]``. Qualified nodes rather than
RDF-star because they are plain RDF 1.1: every SPARQL 1.1 server, rdflib, pyshacl and the
Graph Store Protocol handle them alike, the provenance stays queryable with ordinary patterns,
and PROV-O already names the shape. Their IRIs are derived from (edge type, source, target), so
they are as stable as the nodes'.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import (
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Store,
    Triple,
    parse,
    serialize,
)

from policykg.graph.io import atomic_write
from policykg.graph.kg import KnowledgeGraph

PKG = "https://w3id.org/policykg/ns#"
DEFAULT_BASE_IRI = "https://w3id.org/policykg/id/"
ONTOLOGY = Path(__file__).resolve().parent.parent / "schema" / "ontology.ttl"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
PREFIXES = {"pkg": PKG, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS,
            "prov": PROV, "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/"}

FORMATS: dict[str, tuple[str, RdfFormat]] = {
    "ttl": ("graph.ttl", RdfFormat.TURTLE),
    "nt": ("graph.nt", RdfFormat.N_TRIPLES),
    "jsonld": ("graph.jsonld", RdfFormat.JSON_LD),
    "trig": ("graph.trig", RdfFormat.TRIG),
}

TYPE = NamedNode(RDF + "type")
PREF_LABEL = NamedNode(SKOS + "prefLabel")
ALT_LABEL = NamedNode(SKOS + "altLabel")
IDENTIFIER = NamedNode(DCTERMS + "identifier")
IN_SCHEME = NamedNode(SKOS + "inScheme")
NOTATION = NamedNode(SKOS + "notation")
CONCEPT = NamedNode(SKOS + "Concept")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_DATE = NamedNode(XSD + "date")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
INTEGER_TYPES = frozenset(XSD + t for t in ("integer", "int", "long"))

EDGE_PREDICATES = {
    "HAS_TASK": "hasTask", "LEADS": "leads", "SUPPORTS": "supports", "ISSUED_BY": "issuedBy",
    "JURISDICTION": "hasJurisdiction", "PART_OF": "partOf", "MENTIONS": "mentions",
    "HOSTS": "hosts",
}

# How a node or edge property becomes a triple: (predicate IRI, kind of object). Kinds:
# "zh" a @zh string, "str" a plain string, "int" an integer, "date" an xsd:date when ISO,
# "plan" the IRI of the plan with that id, "kind" a platform-kind concept, "skip" nothing (the
# property is already an edge). Properties not listed here become pkg:<key> plain literals.
PROPERTIES: dict[str, tuple[str, str]] = {
    "sources": (PKG + "sourceFile", "str"),
    "file": (PKG + "sourceFile", "str"),
    "start": (PKG + "start", "int"),
    "end": (PKG + "end", "int"),
    "quote": (PKG + "quote", "str"),
    "label": (PKG + "label", "zh"),
    "rank": (PKG + "rank", "int"),
    "plan": (PKG + "inPlan", "plan"),
    "jurisdiction": (PKG + "jurisdictionName", "str"),
    "issuer": (PKG + "issuerName", "str"),
    "doc_number": (PKG + "docNumber", "str"),
    "date": (DCTERMS + "issued", "date"),
    "period": (PKG + "period", "str"),
    "level": (PKG + "level", "str"),
    "number": (PKG + "number", "str"),
    "title": (DCTERMS + "title", "zh"),
    "text": (PKG + "text", "zh"),
    "section": (PKG + "section", "zh"),
    "kind": (PKG + "kind", "kind"),
}
TASK_PROPERTIES = {**PROPERTIES, "plan": ("", "skip")}
NODE_KEYS = ("id", "type", "name", "aliases")


@dataclass(frozen=True)
class Qualification:
    """How an edge type's qualified node hangs: from the edge's ``on`` end through ``link``,
    pointing to the other end through ``other``, typed ``cls``, with an optional ``role``."""

    on: str
    link: str
    cls: str
    other: str
    role: str | None = None


QUALIFIED = {
    "LEADS": Qualification("target", PROV + "qualifiedAssociation", PKG + "Responsibility",
                           PROV + "agent", PKG + "LeadRole"),
    "SUPPORTS": Qualification("target", PROV + "qualifiedAssociation", PKG + "Responsibility",
                              PROV + "agent", PKG + "SupportRole"),
    "ISSUED_BY": Qualification("source", PROV + "qualifiedAttribution", PKG + "Issuance",
                               PROV + "agent", PKG + "IssuerRole"),
    "MENTIONS": Qualification("source", PKG + "qualifiedMention", PKG + "Mention",
                              PKG + "mentioned"),
    "HOSTS": Qualification("target", PKG + "qualifiedHosting", PKG + "Hosting", PKG + "host"),
}

# Characters kept as they are in an IRI path: unreserved ASCII, a few delimiters, and the
# non-ASCII characters RFC 3987 allows (ucschar). Everything else is percent-encoded as UTF-8.
_ESCAPED = re.compile(r"[^A-Za-z0-9\-._~:@!$&'()*+,;=/\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
                      r"\U00010000-\U0001fffd]|[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f"
                      r"\u205f\u3000]")


def node_iri(id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The stable IRI of the node with graph id ``id``."""
    return base_iri + _ESCAPED.sub(_percent, id)


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def statement_iri(edge: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The stable IRI of an edge's qualified node."""
    key = "\0".join((edge["type"], edge["source"], edge["target"]))
    return f"{base_iri}statement/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:24]}"


def graph_iri(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of the named graph that holds a build (TriG output, pushes to an endpoint)."""
    return base_iri + "graph"


@cache
def standard_types() -> dict[str, tuple[str, ...]]:
    """For each pkg: class, its superclasses outside pkg: (ORG, schema.org, PROV, SKOS), read
    from the ontology, so that data carries the standard types without a reasoner."""
    supers: dict[str, set[str]] = {}
    for t in parse(path=str(ONTOLOGY), format=RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "subClassOf" and t.subject.value.startswith(PKG):
            supers.setdefault(t.subject.value, set()).add(t.object.value)

    def closure(cls: str) -> set[str]:
        direct = supers.get(cls, set())
        return direct.union(*(closure(s) for s in direct if s.startswith(PKG)))

    return {cls: tuple(sorted(s for s in closure(cls) if not s.startswith(PKG)))
            for cls in supers}


class _Writer:
    """Turns nodes and edges into pyoxigraph triples for one base IRI."""

    def __init__(self, kg: KnowledgeGraph, base_iri: str) -> None:
        self.kg = kg
        self.base_iri = base_iri
        self.kinds: set[str] = set()

    def iri(self, id: str) -> NamedNode:
        return NamedNode(node_iri(id, self.base_iri))

    def objects(self, kind: str, value: Any) -> Iterator[Literal | NamedNode]:
        for v in value if isinstance(value, list) else [value]:
            if kind == "zh":
                yield Literal(str(v), language="zh")
            elif kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v)):
                yield Literal(str(v), datatype=XSD_DATE)
            elif kind in ("str", "date"):
                yield Literal(str(v))
            elif kind == "plan":
                if v in self.kg:
                    yield self.iri(v)
            elif kind == "kind":
                self.kinds.add(str(v))
                yield self.kind_iri(str(v))
            elif kind != "skip":
                yield _typed(v)

    def properties(self, subject: NamedNode, data: dict[str, Any],
                   table: dict[str, tuple[str, str]]) -> Iterator[Triple]:
        for key, value in data.items():
            if key in NODE_KEYS or value is None:
                continue
            predicate, kind = table.get(key, (PKG + key, "str"))
            for obj in self.objects(kind, value):
                yield Triple(subject, NamedNode(predicate), obj)

    def node(self, node: dict[str, Any]) -> Iterator[Triple]:
        subject = self.iri(node["id"])
        cls = PKG + node["type"]
        for type_iri in (cls, *standard_types().get(cls, ())):
            yield Triple(subject, TYPE, NamedNode(type_iri))
        if node["type"] == "Industry":
            yield Triple(subject, IN_SCHEME, NamedNode(PKG + "industries"))
        yield Triple(subject, IDENTIFIER, Literal(node["id"]))
        yield Triple(subject, PREF_LABEL, Literal(node["name"], language="zh"))
        for alias in node.get("aliases") or ():
            if alias != node["name"]:
                yield Triple(subject, ALT_LABEL, Literal(alias, language="zh"))
        table = TASK_PROPERTIES if node["type"] == "Task" else PROPERTIES
        yield from self.properties(subject, node, table)

    def edge(self, edge: dict[str, Any]) -> Iterator[Triple]:
        source, target = self.iri(edge["source"]), self.iri(edge["target"])
        yield Triple(source, NamedNode(PKG + EDGE_PREDICATES[edge["type"]]), target)
        q = QUALIFIED.get(edge["type"])
        if q is None:
            return
        stmt = NamedNode(statement_iri(edge, self.base_iri))
        on, other = (source, target) if q.on == "source" else (target, source)
        yield Triple(on, NamedNode(q.link), stmt)
        yield Triple(stmt, TYPE, NamedNode(q.cls))
        yield Triple(stmt, NamedNode(q.other), other)
        if q.role:
            yield Triple(stmt, NamedNode(PROV + "hadRole"), NamedNode(q.role))
        extra = {k: v for k, v in edge.items() if k not in ("source", "target", "type")}
        yield from self.properties(stmt, extra, PROPERTIES)

    def kind_iri(self, kind: str) -> NamedNode:
        return NamedNode(node_iri("platform-kind:" + kind, self.base_iri))

    def kind_concepts(self) -> Iterator[Triple]:
        for kind in sorted(self.kinds):
            concept = self.kind_iri(kind)
            yield Triple(concept, TYPE, CONCEPT)
            yield Triple(concept, IN_SCHEME, NamedNode(PKG + "platformKinds"))
            yield Triple(concept, NOTATION, Literal(kind))


def _typed(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(str(value).lower(), datatype=XSD_BOOLEAN)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD_INTEGER)
    return Literal(str(value))


def triples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Triple]:
    """Every triple of the graph's RDF form, nodes first, in a stable order."""
    writer = _Writer(kg, base_iri)
    data = kg.to_dict()
    for node in data["nodes"]:
        yield from writer.node(node)
    for edge in data["edges"]:
        yield from writer.edge(edge)
    yield from writer.kind_concepts()


def quads(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
          graph: NamedNode | DefaultGraph | None = None) -> Iterator[Quad]:
    """The triples as quads in ``graph`` (default: the default graph)."""
    graph = graph or DefaultGraph()
    for t in triples(kg, base_iri):
        yield Quad(t.subject, t.predicate, t.object, graph)


def write_rdf(kg: KnowledgeGraph, out_dir: str | Path, fmt: str = "ttl",
              base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write the graph as ``out_dir/graph.<fmt>`` (ttl, nt, jsonld or trig; TriG puts it in
    the named graph :func:`graph_iri`) atomically, and return the path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    name, rdf_format = FORMATS[fmt]
    path = Path(out_dir) / name
    data: Iterable[Triple | Quad] = (
        quads(kg, base_iri, NamedNode(graph_iri(base_iri))) if rdf_format.supports_datasets
        else triples(kg, base_iri))
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    with atomic_write(path, "wb") as handle:
        serialize(data, handle, rdf_format, prefixes=prefixes)
    return path


def oxigraph_store(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Store:
    """An in-memory pyoxigraph store holding the graph in its default graph."""
    store = Store()
    store.extend(quads(kg, base_iri))
    return store


def to_rdflib(term: NamedNode | Literal) -> rdflib.term.Identifier:
    """The rdflib term equal to a pyoxigraph one (xsd:string literals become plain, as rdflib
    matches them)."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
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

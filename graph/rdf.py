"""The knowledge graph as RDF: stable IRIs, the triples, and the RDF files a build writes.

The vocabulary is ``schema/ontology.ttl`` (namespace ``pkg:``, reusing ORG, schema.org, PROV-O,
SKOS and DC terms). Each node becomes one resource whose IRI is the base IRI followed by its
percent-encoded graph id, so the same entity has the same IRI on every build; its id is kept as
``dcterms:identifier``, its name as ``skos:prefLabel`` and its other aliases as ``skos:altLabel``
(all ``@zh``).

Each edge becomes one direct triple (``unit pkg:leads task``). An edge read from a document
(LEADS, SUPPORTS, ISSUED_BY, MENTIONS, HOSTS, REUSES, SIMILAR_TO) also gets a *qualified node*,
the PROV-O pattern: ``task prov:qualifiedAssociation [ prov:agent unit ; prov:hadRole
pkg:LeadRole ; pkg:sourceFile … ; pkg:start … ; pkg:end … ; pkg:quote … ]``. A reuse link is a
derivation of the later plan from the earlier (``plan pkg:reuses earlier``, a
``prov:wasDerivedFrom``; ``plan prov:qualifiedDerivation [ a pkg:Reuse ; prov:entity earlier ;
pkg:score … ; pkg:sourceFile … ; pkg:quote … ; pkg:inTask … ; pkg:targetFile … ; pkg:targetQuote
… ; pkg:targetTask … ]``), one qualified node per pair of passages. Qualified nodes rather than
RDF-star because they are plain RDF 1.1: every SPARQL 1.1 server, rdflib, pyshacl and the
Graph Store Protocol handle them alike, the provenance stays queryable with ordinary patterns,
and PROV-O already names the shape. Their IRIs are derived from the edge's key
(:func:`policykg.schema.model.edge_key`), source and target, so they are as stable as the
nodes'.

The triples are made as N-Triples text (:func:`terms`, :func:`ntriples`): the N-Triples, Turtle
and TriG files are written from it directly, and pyoxigraph parses it where terms or a store
are needed (:func:`triples`, :func:`oxigraph_store`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import islice
from pathlib import Path
from typing import IO, Any

from pyoxigraph import (
    Quad,
    RdfFormat,
    Store,
    Triple,
    parse,
    serialize,
)

from policykg.graph.atomic import atomic_write
from policykg.graph.kg import KnowledgeGraph
from policykg.schema.files import ONTOLOGY, schema_text
from policykg.schema.model import edge_key

PKG = "https://w3id.org/policykg/ns#"
DEFAULT_BASE_IRI = "https://w3id.org/policykg/id/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
PREFIXES = {"pkg": PKG, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS,
            "prov": PROV, "org": "http://www.w3.org/ns/org#", "schema": "https://schema.org/"}

RDF_FORMATS = ("ttl", "nt", "jsonld", "trig")  # registered in policykg.graph.formats

TYPE = f"<{RDF}type>"
PREF_LABEL = f"<{SKOS}prefLabel>"
ALT_LABEL = f"<{SKOS}altLabel>"
IDENTIFIER = f"<{DCTERMS}identifier>"
IN_SCHEME = f"<{SKOS}inScheme>"
NOTATION = f"<{SKOS}notation>"
CONCEPT = f"<{SKOS}Concept>"
XSD_INTEGER = f"<{XSD}integer>"
XSD_DATE = f"<{XSD}date>"
XSD_BOOLEAN = f"<{XSD}boolean>"
XSD_DECIMAL = f"<{XSD}decimal>"
INTEGER_TYPES = frozenset(XSD + t for t in ("integer", "int", "long"))
DECIMAL_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))

EDGE_PREDICATES = {
    "HAS_TASK": "hasTask", "LEADS": "leads", "SUPPORTS": "supports", "ISSUED_BY": "issuedBy",
    "JURISDICTION": "hasJurisdiction", "PART_OF": "partOf", "MENTIONS": "mentions",
    "HOSTS": "hosts", "REUSES": "reuses", "SIMILAR_TO": "similarTo",
}

# How a node or edge property becomes a triple: (predicate IRI, kind of object). Kinds:
# "zh" a @zh string, "str" a plain string, "int" an integer, "decimal" an xsd:decimal, "date" an
# xsd:date when ISO, "node" the IRI of the node with that id (a plan, a task), "kind" a
# platform-kind concept, "skip" nothing (the property is already an edge). Properties not
# listed here become pkg:<key> plain literals.
PROPERTIES: dict[str, tuple[str, str]] = {
    "sources": (PKG + "sourceFile", "str"),
    "file": (PKG + "sourceFile", "str"),
    "start": (PKG + "start", "int"),
    "end": (PKG + "end", "int"),
    "quote": (PKG + "quote", "str"),
    "label": (PKG + "label", "zh"),
    "rank": (PKG + "rank", "int"),
    "plan": (PKG + "inPlan", "node"),
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
    "rule": (PKG + "foundBy", "str"),
    "cue": (PKG + "cue", "zh"),
    "chars": (PKG + "chars", "int"),
    "score": (PKG + "score", "decimal"),
    "similarity": (PKG + "similarity", "decimal"),
    "plans_sharing": (PKG + "plansSharing", "int"),
    "task": (PKG + "inTask", "node"),
    "target_file": (PKG + "targetFile", "str"),
    "target_start": (PKG + "targetStart", "int"),
    "target_end": (PKG + "targetEnd", "int"),
    "target_quote": (PKG + "targetQuote", "str"),
    "target_task": (PKG + "targetTask", "node"),
    "target_section": (PKG + "targetSection", "zh"),
}
TASK_PROPERTIES = {**PROPERTIES, "plan": ("", "skip")}
NODE_KEYS = ("id", "type", "name", "aliases")
EDGE_SKIPPED = frozenset((*NODE_KEYS, "source", "target"))  # not properties of the edge
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    "REUSES": Qualification("source", PROV + "qualifiedDerivation", PKG + "Reuse",
                            PROV + "entity"),
    "SIMILAR_TO": Qualification("source", PKG + "qualifiedSimilarity", PKG + "Similarity",
                                PKG + "similarPlan"),
}

# Characters kept as they are in an IRI path: unreserved ASCII, a few delimiters, and the
# non-ASCII characters RFC 3987 allows (ucschar). Everything else is percent-encoded as UTF-8.
_ESCAPED = re.compile(r"[^A-Za-z0-9\-._~:@!$&'()*+,;=/\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
                      r"\U00010000-\U0001fffd]|[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f"
                      r"\u205f\u3000]")


def literal_value(text: str, datatype: str | None) -> Any:
    """A literal of a query's result as a Python value: an integer for xsd:integer (and int,
    long), a float for xsd:decimal (and double, float), else its text."""
    if datatype in INTEGER_TYPES:
        return int(text)
    if datatype in DECIMAL_TYPES:
        return float(text)
    return text


def node_iri(id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The stable IRI of the node with graph id ``id``."""
    return base_iri + _ESCAPED.sub(_percent, id)


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def statement_iri(edge: dict[str, Any], base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The stable IRI of an edge's qualified node."""
    key = "\0".join((edge_key(edge["type"], edge), edge["source"], edge["target"]))
    return f"{base_iri}statement/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:24]}"


def graph_iri(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The IRI of the named graph that holds a build (TriG output, pushes to an endpoint)."""
    return base_iri + "graph"


@cache
def standard_types() -> dict[str, tuple[str, ...]]:
    """For each pkg: class, its superclasses outside pkg: (ORG, schema.org, PROV, SKOS), read
    from the ontology, so that data carries the standard types without a reasoner."""
    supers: dict[str, set[str]] = {}
    for t in parse(schema_text(ONTOLOGY), RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "subClassOf" and t.subject.value.startswith(PKG):
            supers.setdefault(t.subject.value, set()).add(t.object.value)

    def closure(cls: str) -> set[str]:
        direct = supers.get(cls, set())
        return direct.union(*(closure(s) for s in direct if s.startswith(PKG)))

    return {cls: tuple(sorted(s for s in closure(cls) if not s.startswith(PKG)))
            for cls in supers}


# N-Triples string escapes: the characters a quoted literal can't hold as they are.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_CHUNK = 20_000  # lines parsed or written at a time
Terms = tuple[str, str, str]  # subject, predicate, object in N-Triples syntax


def _literal(text: str, suffix: str = "") -> str:
    """An N-Triples literal: ``suffix`` is "" (plain), "@zh" or "^^<datatype>"."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:  # seldom: translate is slow
        text = text.translate(_ESCAPES)
    return f'"{text}"{suffix}'


def _iri(iri: str) -> str:
    return f"<{iri}>"


def _predicates(table: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """A property table with its predicates as N-Triples terms, made once, not per triple."""
    return {key: (_iri(iri), kind) for key, (iri, kind) in table.items()}


_PREDICATES, _TASK_PREDICATES = _predicates(PROPERTIES), _predicates(TASK_PROPERTIES)


@cache
def _other_predicate(key: str) -> tuple[str, str]:
    """The predicate term and kind of a property that :data:`PROPERTIES` does not list."""
    return _iri(PKG + key), "str"


class TermWriter:
    """Turns nodes and edges into triples of N-Triples terms for one base IRI.

    Text rather than pyoxigraph terms: building a pyoxigraph Triple around a Literal from
    Python costs a few microseconds, and a graph has hundreds of thousands of them. The files
    are written from the text; pyoxigraph parses it where terms are needed, and its parser
    checks every IRI and literal."""

    def __init__(self, known: Container[str], base_iri: str) -> None:
        self.known = known  # the node ids a property may point to (pkg:inPlan, pkg:inTask)
        self.base_iri = base_iri
        self.kinds: set[str] = set()
        self.iris: dict[str, str] = {}  # node id -> <IRI>; most nodes recur in many triples
        self.last: Terms | None = None  # the direct triple of the edge before

    def iri(self, id: str) -> str:
        iri = self.iris.get(id)
        if iri is None:
            iri = self.iris[id] = _iri(node_iri(id, self.base_iri))
        return iri

    def term(self, kind: str, value: Any) -> str | None:
        """The object of a property of ``kind`` with one ``value`` (None: no triple)."""
        if kind == "str":
            return _literal(str(value))
        if kind == "int":
            return _typed(value)
        if kind == "decimal":
            return _literal(format(Decimal(str(value)).normalize(), "f"), "^^" + XSD_DECIMAL)
        if kind == "zh":
            return _literal(str(value), "@zh")
        if kind == "date":
            text = str(value)
            return _literal(text, "^^" + XSD_DATE if ISO_DATE.fullmatch(text) else "")
        if kind == "node":
            return self.iri(value) if value in self.known else None
        if kind == "kind":
            self.kinds.add(str(value))
            return self.kind_iri(str(value))
        raise ValueError(f"unknown property kind {kind!r}")

    def properties(self, subject: str, data: dict[str, Any],
                   table: dict[str, tuple[str, str]],
                   skip: frozenset[str] = frozenset(NODE_KEYS)) -> Iterator[Terms]:
        """The triples of ``data``'s properties, by ``table`` (:func:`_predicates` of
        :data:`PROPERTIES` or another table of its form)."""
        for key, value in data.items():
            if value is None or key in skip:
                continue
            predicate, kind = table.get(key) or _other_predicate(key)
            if kind == "skip":
                continue
            if kind == "str" and not isinstance(value, list):  # most values: no call of term
                yield subject, predicate, _literal(str(value))
                continue
            if kind == "int" and type(value) is int:  # the next most: offsets, ranks
                yield subject, predicate, f'"{value}"^^{XSD_INTEGER}'
                continue
            for v in value if isinstance(value, list) else (value,):
                obj = self.term(kind, v)
                if obj is not None:
                    yield subject, predicate, obj

    def node(self, node: dict[str, Any]) -> Iterator[Terms]:
        subject = self.iri(node["id"])
        cls = PKG + node["type"]
        for type_iri in (cls, *standard_types().get(cls, ())):
            yield subject, TYPE, _iri(type_iri)
        if node["type"] == "Industry":
            yield subject, IN_SCHEME, _iri(PKG + "industries")
        yield subject, IDENTIFIER, _literal(node["id"])
        yield subject, PREF_LABEL, _literal(node["name"], "@zh")
        for alias in node.get("aliases") or ():
            if alias != node["name"]:
                yield subject, ALT_LABEL, _literal(alias, "@zh")
        table = _TASK_PREDICATES if node["type"] == "Task" else _PREDICATES
        yield from self.properties(subject, node, table)

    def edge(self, edge: dict[str, Any]) -> Iterator[Terms]:
        yield from self.edge_ends(edge)
        yield from self.statement(edge)

    def edge_ends(self, edge: dict[str, Any]) -> Iterator[Terms]:
        """The triples of an edge whose subjects are its ends: the direct triple, and the one
        that hangs its qualified node from one end."""
        source, target = self.iri(edge["source"]), self.iri(edge["target"])
        direct = source, _iri(PKG + EDGE_PREDICATES[edge["type"]]), target
        if direct != self.last:  # once for the edges of one pair and type (reuse links), which
            self.last = direct   # come one after another (sorted by source, target and key)
            yield direct
        q = QUALIFIED.get(edge["type"])
        if q is not None:
            on = source if q.on == "source" else target
            yield on, _iri(q.link), _iri(statement_iri(edge, self.base_iri))

    def statement(self, edge: dict[str, Any]) -> Iterator[Terms]:
        """The triples of an edge's qualified node, if it has one."""
        q = QUALIFIED.get(edge["type"])
        if q is None:
            return
        stmt = _iri(statement_iri(edge, self.base_iri))
        other = self.iri(edge["target"] if q.on == "source" else edge["source"])
        yield stmt, TYPE, _iri(q.cls)
        yield stmt, _iri(q.other), other
        if q.role:
            yield stmt, _iri(PROV + "hadRole"), _iri(q.role)
        yield from self.properties(stmt, edge, _PREDICATES, EDGE_SKIPPED)

    def kind_iri(self, kind: str) -> str:
        return _iri(node_iri("platform-kind:" + kind, self.base_iri))

    def kind_concepts(self) -> Iterator[Terms]:
        for kind in sorted(self.kinds):
            concept = self.kind_iri(kind)
            yield concept, TYPE, CONCEPT
            yield concept, IN_SCHEME, _iri(PKG + "platformKinds")
            yield concept, NOTATION, _literal(kind)


def _typed(value: Any) -> str:
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^{XSD_BOOLEAN}'
    if isinstance(value, int):
        return f'"{value}"^^{XSD_INTEGER}'
    return _literal(str(value))


def terms(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Terms]:
    """Every triple of the graph's RDF form as (subject, predicate, object) in N-Triples
    syntax, nodes first, in a stable order."""
    writer = TermWriter(kg, base_iri)
    data = kg.to_dict()
    for node in data["nodes"]:
        yield from writer.node(node)
    for edge in data["edges"]:
        yield from writer.edge(edge)
    yield from writer.kind_concepts()


def ntriples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[str]:
    """Every triple as an N-Triples line, in the order of :func:`terms`."""
    return (f"{s} {p} {o} .\n" for s, p, o in terms(kg, base_iri))


def chunks(lines: Iterable[str]) -> Iterator[bytes]:
    """N-Triples ``lines`` as UTF-8 bytes, :data:`_CHUNK` lines at a time: one parse or one
    write per chunk, not per line."""
    iterator = iter(lines)
    while chunk := "".join(islice(iterator, _CHUNK)):
        yield chunk.encode("utf-8")


def _parsed(lines: Iterable[str]) -> Iterator[Quad]:
    """The quads (in the default graph) of N-Triples ``lines``, parsed a chunk at a time."""
    for chunk in chunks(lines):
        yield from parse(chunk, RdfFormat.N_TRIPLES)


def triples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Triple]:
    """Every triple of the graph's RDF form, nodes first, in a stable order."""
    return (quad.triple for quad in _parsed(ntriples(kg, base_iri)))


def write_rdf_file(kg: KnowledgeGraph, path: str | Path, fmt: str = "ttl",
                   base_iri: str = DEFAULT_BASE_IRI) -> None:
    """Write the graph in format ``fmt`` (ttl, nt, jsonld or trig; TriG puts it in the named
    graph :func:`graph_iri`) to ``path`` atomically. N-Triples, Turtle and TriG are written
    from the text of :func:`terms`; JSON-LD by pyoxigraph's serialiser."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    if fmt == "jsonld":
        with atomic_write(path, "wb") as handle:
            serialize(triples(kg, base_iri), handle, RdfFormat.JSON_LD)
        return
    with atomic_write(path) as handle:
        if fmt == "nt":
            handle.writelines(ntriples(kg, base_iri))
        else:
            graph = _iri(graph_iri(base_iri)) if fmt == "trig" else None
            write_turtle(terms(kg, base_iri), handle, graph)


# A local name written as a prefixed name (pkg:leads); others keep their full IRI.
_PLAIN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def write_turtle(triples: Iterable[Terms], out: IO[str], graph: str | None = None) -> None:
    """Write ``triples`` as Turtle, or as TriG inside ``graph`` (an N-Triples IRI): the
    prefixes of :data:`PREFIXES`, then one block per run of triples with the same subject
    (``;`` between predicates, ``,`` between objects of one predicate)."""
    names = _PrefixedNames({TYPE: "a"})  # rdf:type is only ever a predicate
    out.writelines(f"@prefix {prefix}: <{namespace}> .\n"
                   for prefix, namespace in PREFIXES.items())
    if graph:
        out.write(f"{graph} {{\n")
    subject = predicate = None
    for s, p, o in triples:
        p = names[p]
        if o[-1] == ">":  # an IRI or a typed literal
            if o[0] == "<":
                o = names[o]
            else:
                body, _, datatype = o.rpartition("^^")
                o = f"{body}^^{names[datatype]}"
        if s != subject:
            out.write(f" .\n{names[s]} {p} {o}" if subject else f"{names[s]} {p} {o}")
        elif p != predicate:
            out.write(f" ;\n\t{p} {o}")
        else:
            out.write(f" , {o}")
        subject, predicate = s, p
    if subject:
        out.write(" .\n")
    if graph:
        out.write("}\n")


class _PrefixedNames(dict[str, str]):
    """IRI term -> its prefixed name (``pkg:leads``) where a prefix and a plain local name
    fit, else the term itself; each worked out once."""

    def __missing__(self, iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace, 1) and _PLAIN_LOCAL.fullmatch(iri, len(namespace) + 1,
                                                                       len(iri) - 1):
                name = self[iri] = f"{prefix}:{iri[len(namespace) + 1:-1]}"
                return name
        self[iri] = iri
        return iri


def oxigraph_store(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> Store:
    """An in-memory pyoxigraph store holding the graph in its default graph."""
    store = Store()
    for chunk in chunks(ntriples(kg, base_iri)):
        store.load(chunk, RdfFormat.N_TRIPLES)
    return store

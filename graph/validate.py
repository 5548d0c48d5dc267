"""SHACL validation of the graph's RDF form against ``schema/shapes.ttl`` (pyshacl), with
``schema/ontology.ttl`` as the ontology so that class constraints see subclasses."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib

from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import DEFAULT_BASE_IRI
from policykg.graph.rdflib_form import rdflib_graph
from policykg.schema.files import ONTOLOGY, SHAPES, schema_text

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    text: str


def _violations(report: rdflib.Graph) -> tuple[Violation, ...]:
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        def value(predicate: rdflib.URIRef, result: rdflib.term.Node = result) -> str:
            return str(report.value(result, predicate) or "")
        found.append(Violation(value(SH.focusNode), value(SH.resultPath),
                               value(SH.resultMessage)))
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.message)))


def validate_rdf(data: rdflib.Graph, shapes: str | None = None) -> ValidationReport:
    """Validate an RDF graph against the shapes (Turtle text; default ``schema/shapes.ttl``)."""
    try:
        import pyshacl
    except ImportError as exc:
        raise RuntimeError("validation needs pyshacl: pip install 'policykg[shacl]'") from exc
    ontology = rdflib.Graph().parse(data=schema_text(ONTOLOGY), format="turtle")
    shapes_graph = rdflib.Graph().parse(data=shapes or schema_text(SHAPES), format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=False)
    return ValidationReport(bool(conforms), _violations(report), text)


def validate_graph(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI) -> ValidationReport:
    """Validate the RDF form of ``kg``."""
    return validate_rdf(rdflib_graph(kg, base_iri))

"""``schema/model.py`` is the one source of node and edge types: every table keyed by type
covers every type, so a type added to the model and missing from a table fails here, not with
a KeyError in a user's run. Checked on a graph with one node and one edge of every type."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH

from policykg.evaluate import ENTITY_KINDS, ROLE_OF_EDGE
from policykg.exports.neo4j import script_statements, write_csv
from policykg.graph.rdf import EDGE_PREDICATES, PKG, QUALIFIED
from policykg.graph.rdflib_form import rdflib_graph
from policykg.graph.validate import validate_rdf
from policykg.schema.files import ONTOLOGY, SHAPES, schema_text
from policykg.schema.model import (
    EDGE_TYPES,
    ENTITY_TYPES,
    MENTION_RULES,
    NODE_TYPES,
    PROVENANCE,
)
from policykg.viz.html import EDGE_STYLE, NODE_STYLE, build_network

from testkit.small_graph import every_type_kg


@pytest.fixture(scope="module")
def kg():
    return every_type_kg()


def test_the_graph_holds_every_type(kg) -> None:
    counts = kg.counts()
    assert set(counts["nodes"]) == set(NODE_TYPES) and set(counts["edges"]) == set(EDGE_TYPES)


def test_the_ontology_declares_every_type_and_predicate() -> None:
    ontology = rdflib.Graph().parse(data=schema_text(ONTOLOGY), format="turtle")
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class)}
    assert {PKG + t for t in NODE_TYPES} <= classes
    assert set(EDGE_PREDICATES) == set(EDGE_TYPES)
    properties = {str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    assert {PKG + p for p in EDGE_PREDICATES.values()} <= properties


def test_the_rdf_form_qualifies_every_edge_read_from_a_document() -> None:
    assert set(QUALIFIED) == {t for t, e in EDGE_TYPES.items()
                              if set(PROVENANCE) <= set(e.properties)}


def test_the_shapes_constrain_every_predicate_and_accept_every_type(kg) -> None:
    shapes = rdflib.Graph().parse(data=schema_text(SHAPES), format="turtle")
    named = {str(o) for o in shapes.objects()} | {str(s) for s in shapes.subjects()}
    assert {PKG + p for p in EDGE_PREDICATES.values()} <= named
    report = validate_rdf(rdflib_graph(kg))
    assert report.conforms, report.text


def test_the_shapes_accept_every_mention_rule() -> None:
    shapes = rdflib.Graph().parse(data=schema_text(SHAPES), format="turtle")
    found_by = next(shapes.subjects(SH.path, rdflib.URIRef(PKG + "foundBy")))
    allowed = Collection(shapes, next(shapes.objects(found_by, SH["in"])))
    assert sorted(map(str, allowed)) == sorted(MENTION_RULES)


def test_the_explorer_styles_every_type(kg) -> None:
    assert set(NODE_STYLE) == set(NODE_TYPES)
    assert set(EDGE_STYLE) == set(EDGE_TYPES)
    _, page = build_network(kg)
    assert [t["name"] for t in page["nodeTypes"]] == list(NODE_STYLE)
    assert [t["name"] for t in page["edgeTypes"]] == list(EDGE_STYLE)


def test_the_neo4j_exports_write_every_type(kg, tmp_path: Path) -> None:
    written = {path.name for path in write_csv(kg, tmp_path)}
    assert written == {f"nodes_{t}.csv" for t in NODE_TYPES} | {f"rels_{t}.csv"
                                                                 for t in EDGE_TYPES}
    script = "\n".join(script_statements(kg))
    for node_type in NODE_TYPES:
        assert f"MERGE (n:{node_type} " in script
    for name, edge_type in EDGE_TYPES.items():
        rel = f"[r:{name} {{kg_key: row.props.kg_key}}]" if edge_type.key else f"[r:{name}]"
        assert f"MERGE (a)-{rel}->(b)" in script


def test_evaluate_scores_every_entity_type_and_responsibility() -> None:
    scored = [t for types in ENTITY_KINDS.values() for t in types]
    assert sorted(scored) == sorted(ENTITY_TYPES)
    assert set(ROLE_OF_EDGE) == {t for t, e in EDGE_TYPES.items()
                                 if e.targets == ("Task",) and "label" in e.properties}

"""The RDF form of the graph: stable IRIs, labels, provenance on qualified nodes, files."""

from __future__ import annotations

import io

import pyoxigraph
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from policykg.graph import formats
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import (
    DEFAULT_BASE_IRI,
    PROV,
    RDF,
    SKOS,
    XSD,
    graph_iri,
    node_iri,
    oxigraph_store,
    triples,
    write_turtle,
)
from policykg.graph.rdflib_form import rdflib_graph

from testkit.small_graph import HOSTILE, make_small_kg

PREFIXES = """
PREFIX pkg: <https://w3id.org/policykg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def ask(store: pyoxigraph.Store, body: str, **bindings: str) -> bool:
    return bool(store.query(PREFIXES + f"ASK {{ {body} }}", substitutions={
        pyoxigraph.Variable(k): pyoxigraph.NamedNode(v) for k, v in bindings.items()}))


def test_iris_are_stable_and_derived_from_ids():
    assert set(triples(make_small_kg())) == set(triples(make_small_kg()))
    assert node_iri("dept:西安市/市科学技术局") == DEFAULT_BASE_IRI + "dept:西安市/市科学技术局"
    assert node_iri("plan:计划#3", "http://x.org/") == "http://x.org/plan:计划%233"
    hostile = node_iri("dept:成都市/" + HOSTILE)
    assert not set(hostile) & set('"{}\\\n`<> ^|')
    pyoxigraph.NamedNode(hostile)  # a valid IRI, or this raises


def test_base_iri_is_configurable():
    base = "http://example.org/kg/"
    subjects = {t.subject.value for t in triples(make_small_kg(), base)}
    assert subjects and all(s.startswith(base) for s in subjects)


def test_labels_are_zh_and_aliases_alt_labels():
    store = oxigraph_store(make_small_kg())
    dept = node_iri("dept:西安市/市科学技术局")
    assert ask(store, '?d skos:prefLabel "西安市科学技术局"@zh ; skos:altLabel "市科技局"@zh ; '
                      'dcterms:identifier "dept:西安市/市科学技术局" ; a pkg:Department', d=dept)
    assert not ask(store, '?d skos:altLabel "西安市科学技术局"@zh', d=dept)
    assert not ask(store, "?s skos:prefLabel|skos:altLabel ?l FILTER(LANG(?l) != 'zh')")


@pytest.mark.parametrize("edge_type", ["LEADS", "SUPPORTS", "HOSTS", "MENTIONS"])
def test_every_statement_keeps_file_span_and_quote(edge_type):
    kg = make_small_kg()
    store = oxigraph_store(kg)
    edges = list(kg.edges(edge_type))
    assert edges
    # ?s is the edge's source, ?t its target, ?q the qualified node
    link = {
        "LEADS": "?t prov:qualifiedAssociation ?q . ?q prov:agent ?s ; prov:hadRole pkg:LeadRole",
        "SUPPORTS": "?t prov:qualifiedAssociation ?q . "
                    "?q prov:agent ?s ; prov:hadRole pkg:SupportRole",
        "HOSTS": "?t pkg:qualifiedHosting ?q . ?q pkg:host ?s",
        "MENTIONS": "?s pkg:qualifiedMention ?q . ?q pkg:mentioned ?t",
    }[edge_type]
    for edge in edges:
        body = (f'{link} ; pkg:sourceFile "{edge["file"]}" ; pkg:start {edge["start"]} ; '
                f'pkg:end {edge["end"]} ; pkg:quote ?quote ; pkg:inPlan ?plan')
        rows = list(store.query(PREFIXES + f"SELECT ?s ?t ?quote ?plan WHERE {{ {body} }}",
                                substitutions={
                                    pyoxigraph.Variable("s"): pyoxigraph.NamedNode(
                                        node_iri(edge["source"])),
                                    pyoxigraph.Variable("t"): pyoxigraph.NamedNode(
                                        node_iri(edge["target"]))}))
        assert [(r["quote"].value, r["plan"].value) for r in rows] == [
            (edge["quote"], node_iri(edge["plan"]))]


def test_standard_types_are_materialised():
    store = oxigraph_store(make_small_kg())
    uni = node_iri("university:西安交通大学")
    assert ask(store, "?u a <http://www.w3.org/ns/org#Organization>, "
                      "<https://schema.org/CollegeOrUniversity>", u=uni)
    assert ask(store, "?p a prov:Plan", p=node_iri("plan:西安市行动方案"))
    assert ask(store, "?i a skos:Concept ; skos:inScheme pkg:industries",
               i=node_iri("industry:智能制造"))


def write_rdf(kg: KnowledgeGraph, folder, fmt: str):
    """``kg`` written in the RDF format ``fmt`` under the file name a build gives it."""
    return formats.write(kg, fmt, folder / formats.get(fmt).file_name)


def syntax(path) -> pyoxigraph.RdfFormat:
    return pyoxigraph.RdfFormat.from_extension(path.suffix.removeprefix("."))


@pytest.mark.parametrize("fmt", formats.names(rdf=True))
def test_every_format_round_trips(tmp_path, fmt):
    kg = make_small_kg()
    path = write_rdf(kg, tmp_path, fmt)
    assert path.name == f"graph.{fmt}"
    store = pyoxigraph.Store()
    store.load(path=str(path), format=syntax(path))
    expected = set(triples(kg))
    if fmt == "trig":
        graph = pyoxigraph.NamedNode(graph_iri())
        assert {q.graph_name for q in store} == {graph}
    assert {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store} == expected


def test_turtle_output_is_the_rdflib_graph(tmp_path):
    kg = make_small_kg()
    parsed = rdflib.Graph().parse(write_rdf(kg, tmp_path, "ttl"), format="turtle")
    assert isomorphic(parsed, rdflib_graph(kg))
    assert len(parsed) == len(list(triples(kg)))


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        formats.write(make_small_kg(), "xml", tmp_path / "graph.xml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=40))
@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig"])
def test_any_text_comes_back_from_the_written_files(tmp_path_factory, fmt, name):
    """The N-Triples and Turtle text policykg writes itself escapes every string: the value
    pyoxigraph reads back is the name as it was, in a node's id, label and a quote."""
    kg = KnowledgeGraph()
    kg.add_node("university:" + name, "University", name)
    kg.add_node("plan:p", "Plan", "p")
    kg.add_edge("plan:p", "university:" + name, "MENTIONS", quote=name, start=0, end=len(name))
    path = write_rdf(kg, tmp_path_factory.mktemp(fmt), fmt)
    got = {(q.predicate.value, q.object.value) for q in
           pyoxigraph.parse(path=str(path), format=syntax(path))
           if isinstance(q.object, pyoxigraph.Literal)}
    assert {("http://purl.org/dc/terms/identifier", "university:" + name),
            ("http://www.w3.org/2004/02/skos/core#prefLabel", name),
            ("https://w3id.org/policykg/ns#quote", name)} <= got


def test_turtle_groups_a_subject_and_lists_objects():
    out = io.StringIO()
    write_turtle([("<https://e.org/a>", f"<{RDF}type>", f"<{SKOS}Concept>"),
                  ("<https://e.org/a>", f"<{RDF}type>", f"<{PROV}Agent>"),
                  ("<https://e.org/a>", f"<{SKOS}notation>", f'"1"^^<{XSD}integer>'),
                  ("<https://e.org/b>", "<https://e.org/odd#x.y>", '"q\\""@zh')], out)
    body = [line for line in out.getvalue().split("\n") if not line.startswith("@prefix")]
    assert body == ["<https://e.org/a> a skos:Concept , prov:Agent ;",
                    '\tskos:notation "1"^^xsd:integer .',
                    '<https://e.org/b> <https://e.org/odd#x.y> "q\\""@zh .', ""]


def test_a_mention_keeps_the_rule_and_cue_that_found_it(tmp_path):
    from policykg.graph.build import build
    (tmp_path / "plan.txt").write_text(
        "甲市人工智能行动方案\n推动钜芯微电子、奥琦玮软件等龙头企业发展。\n", encoding="utf-8")
    store = oxigraph_store(build([tmp_path], on_problem=lambda problem: None))
    assert ask(store, """?m pkg:mentioned ?e ; pkg:foundBy "list" ; pkg:cue "等龙头企业"@zh .
                         ?e skos:prefLabel "钜芯微电子"@zh .""")

"""Two corpora in one database: the bundled corpus and the fourteen test plans (which share 19
node ids with it) loaded under two dataset names into one Neo4j database (FalkorDB's Bolt
listener, and NEO4J_URI when set) and into one SPARQL server (Oxigraph). Each dataset stays
whole whatever is loaded into the other; a load of the same build writes nothing; a load of
the other corpus into a dataset by mistake is refused until --prune; canned queries on a
dataset give the tables of its build."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, parse

from policykg.cli import main
from policykg.graph.build import build
from policykg.graph.io import write_json
from policykg.graph.kg import KnowledgeGraph
from policykg.graph.rdf import triples
from policykg.queries import run_query
from policykg.stores import PruneRequired
from policykg.stores.neo4j import Neo4jStore
from policykg.stores.neo4j.bolt import Target, server_counts
from policykg.stores.sparql import SparqlStore, dataset_graph
from policykg.stores.sparql.http import select

PLANS = Path(__file__).parent / "data" / "plans"
QUERIES = ("lead-departments", "plan-summary", "industries-by-city")


@pytest.fixture(scope="module")
def corpora() -> dict[str, KnowledgeGraph]:
    quiet = {"on_problem": lambda problem: None}
    return {"corpus": build(**quiet), "plans": build([PLANS], **quiet)}


def dataset_state(target: Target, dataset: str) -> dict:
    """The dataset's nodes (id -> labels, properties, internal id) and relationships."""
    nodes = {r["id"]: (r["labels"], r["props"], r["nid"]) for r in target.read(
        "MATCH (n {kg_dataset: $d}) RETURN n.id AS id, labels(n) AS labels, "
        "properties(n) AS props, id(n) AS nid", d=dataset)}
    rels = {(r["s"], r["type"], r["t"]): r["props"] for r in target.read(
        "MATCH (a)-[r {kg_dataset: $d}]->(b) RETURN a.id AS s, type(r) AS type, b.id AS t, "
        "properties(r) AS props", d=dataset)}
    return {"nodes": nodes, "rels": rels}


def same_tables(kg: KnowledgeGraph, store: Neo4jStore | SparqlStore) -> None:
    for name in QUERIES:
        assert run_query(name, backend=store).rows == run_query(name, kg=kg).rows, name


def test_two_corpora_in_one_neo4j_database(bolt_target: Target, corpora) -> None:
    corpus, plans = corpora["corpus"], corpora["plans"]
    first = Neo4jStore("corpus", target=bolt_target)
    second = Neo4jStore("plans", target=bolt_target)
    first.load(corpus)
    before = dataset_state(bolt_target, "corpus")
    report = second.load(plans)
    assert report.nodes_created == len(plans) and report.nodes_deleted == 0
    assert server_counts(bolt_target, "corpus") == corpus.counts()
    assert server_counts(bolt_target, "plans") == plans.counts()
    assert dataset_state(bolt_target, "corpus") == before  # the same nodes, untouched
    shared = set(corpus.graph) & set(plans.graph)
    assert len(shared) == 19
    for id in shared:  # one node of that id in each dataset, each with its build's aliases
        assert before["nodes"][id][1]["aliases"] == corpus.node(id)["aliases"]
    same_tables(corpus, first)
    same_tables(plans, second)

    again = first.load(corpus)
    assert (again.nodes_written, again.relationships_written) == (0, 0)
    with pytest.raises(PruneRequired, match=f"holds {len(corpus)} nodes; this load would "
                                            f"delete {len(corpus) - len(shared)}"):
        first.load(plans)
    assert dataset_state(bolt_target, "corpus") == before
    first.load(plans, prune=True)
    assert server_counts(bolt_target, "corpus") == plans.counts()
    assert server_counts(bolt_target, "plans") == plans.counts()
    same_tables(plans, first)


def stored(oxigraph_url: str, graph: str) -> set:
    """Every triple of the named graph ``graph`` on the server (as many as it counts)."""
    rows = select(f"{oxigraph_url}/query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH "
                  f"{NamedNode(graph)} {{ ?s ?p ?o }} }}")
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {NamedNode(graph)} {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        f"{oxigraph_url}/query", data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    with urllib.request.urlopen(request) as response:
        found = {quad.triple for quad in parse(response.read(), RdfFormat.N_TRIPLES)}
    assert rows[0]["n"] == len(found)
    return found


def test_two_corpora_in_one_sparql_store(oxigraph_url: str, corpora) -> None:
    corpus, plans = corpora["corpus"], corpora["plans"]
    endpoint = f"{oxigraph_url}/update"
    first = SparqlStore("two-corpus", endpoint=endpoint)
    second = SparqlStore("two-plans", endpoint=endpoint)
    assert first.graph == dataset_graph("two-corpus") != second.graph
    first.load(corpus)
    second.load(plans)
    assert stored(oxigraph_url, first.graph) == set(triples(corpus))
    assert stored(oxigraph_url, second.graph) == set(triples(plans))
    same_tables(corpus, first)
    same_tables(plans, second)

    again = first.load(corpus)
    assert (again.full, again.triples_inserted, again.triples_deleted) == (False, 0, 0)
    with pytest.raises(PruneRequired, match="dataset 'two-corpus' holds"):
        first.load(plans)
    assert stored(oxigraph_url, first.graph) == set(triples(corpus))
    first.load(plans, prune=True)
    assert stored(oxigraph_url, first.graph) == set(triples(plans))
    assert stored(oxigraph_url, second.graph) == set(triples(plans))


def test_cli_datasets_default_to_the_build_folder(oxigraph_url: str, corpora,
                                                 tmp_path: Path) -> None:
    """Two builds in two folders push to two datasets; the other corpus built into a folder
    already pushed is refused, with the reason and the way out, until --prune."""
    for name in corpora:
        (tmp_path / name).mkdir()
        write_json(corpora[name], tmp_path / name / "graph.json")

    def push(folder: str, *extra: str):
        return CliRunner().invoke(main, ["push", "sparql", "--endpoint", f"{oxigraph_url}/update",
                                         "--graph", str(tmp_path / folder), *extra])

    for name in corpora:
        result = push(name)
        assert result.exit_code == 0, result.output
        assert f"<{dataset_graph(name)}> dataset {name!r}: full push" in result.output
    write_json(corpora["plans"], tmp_path / "corpus" / "graph.json")  # rebuilt with others
    refused = push("corpus")
    assert refused.exit_code == 1
    assert "dataset 'corpus' holds" in refused.output and "--prune" in refused.output
    assert stored(oxigraph_url, dataset_graph("corpus")) == set(triples(corpora["corpus"]))
    assert push("corpus", "--prune").exit_code == 0
    assert stored(oxigraph_url, dataset_graph("corpus")) == set(triples(corpora["plans"]))
    rows = CliRunner().invoke(main, ["query", "plan-summary", "--endpoint",
                                     f"{oxigraph_url}/query", "--graph",
                                     str(tmp_path / "plans"), "--format", "csv"])
    assert rows.exit_code == 0, rows.output
    assert rows.output.count("\n") == 1 + corpora["plans"].counts()["nodes"]["Plan"]

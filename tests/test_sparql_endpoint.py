"""Pushing to and querying a real Oxigraph server, started and stopped by this module."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.io import write_json
from policykg.graph.rdf import graph_iri, triples
from policykg.graph.sparql_endpoint import EndpointError, push_graph, select
from policykg.queries import run_query
from policykg.tests.conftest import HOSTILE, make_small_kg
from policykg.tests.servers import oxigraph_server
from policykg.tests.test_sparql_queries import CASE_IDS, CASES, HOSTILE_VALUES

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <%s>) }"


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory) -> str:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def pushed(oxigraph_url) -> str:
    """The small graph pushed to the server's default named graph; yields the query URL."""
    push_graph(make_small_kg(), f"{oxigraph_url}/update", batch_size=50)
    return f"{oxigraph_url}/query"


def count(query_url: str, graph: str) -> int:
    return select(query_url, COUNT % graph)[0]["n"]


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=CASE_IDS)
def test_canned_query_on_the_server_matches_the_embedded_store(pushed, name, params, expected):
    on_server = run_query(name, params, endpoint=pushed)
    assert on_server.rows == expected
    assert on_server.rows == run_query(name, params, kg=make_small_kg()).rows


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_parameters_on_the_server_match_exactly_or_nothing(pushed, value):
    expected = [(HOSTILE, "SUPPORTS", "责任单位", "成都市实施意见",
                 "推动新一代人工智能创新应用平台建设", "［牵头单位：市科技局；责任单位：" + HOSTILE + "］")]
    rows = run_query("department-responsibilities", {"department": value}, endpoint=pushed).rows
    assert rows == (expected if value == HOSTILE else [])
    assert run_query("entity-plans", {"name": value}, endpoint=pushed).rows == []


def test_an_update_smuggled_in_a_parameter_is_only_data(pushed):
    value = '"}} ; DROP ALL ; SELECT * WHERE {{ "'
    assert run_query("entity-plans", {"name": value}, endpoint=pushed).rows == []
    assert count(pushed, graph_iri()) == len(list(triples(make_small_kg())))


def test_a_repush_replaces_the_graph_and_never_duplicates(oxigraph_url, pushed):
    kg = make_small_kg()
    n = len(list(triples(kg)))
    assert count(pushed, graph_iri()) == n
    assert push_graph(kg, f"{oxigraph_url}/update", batch_size=7) == n
    assert count(pushed, graph_iri()) == n
    graphs = select(pushed, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs == [{"g": graph_iri()}], "no staging graph is left behind"


def test_a_smaller_graph_replaces_a_larger_one(oxigraph_url):
    other = "https://example.org/other-graph"
    kg = make_small_kg()
    push_graph(kg, f"{oxigraph_url}/update", graph_iri=other)
    kg.remove_nodes(["company:华为"])
    n = push_graph(kg, f"{oxigraph_url}/update", graph_iri=other)
    assert count(f"{oxigraph_url}/query", other) == n == len(list(triples(kg)))
    rows = run_query("companies-by-plan", endpoint=f"{oxigraph_url}/query", graph_iri=other)
    assert rows.rows == []


def test_cli_push_and_query_on_the_server(oxigraph_url, tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    graph = "https://example.org/cli-graph"
    runner = CliRunner()
    pushed = runner.invoke(main, ["push", "sparql", "--endpoint", f"{oxigraph_url}/update",
                                  "--graph-iri", graph, "--graph", str(tmp_path)])
    assert pushed.exit_code == 0, pushed.output
    assert f"pushed {len(list(triples(make_small_kg())))} triples" in pushed.output
    result = runner.invoke(main, ["query", "department-responsibilities", "--param",
                                  f"department={HOSTILE}", "--endpoint",
                                  f"{oxigraph_url}/query", "--graph-iri", graph,
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"role": "SUPPORTS"' in result.output


def test_unreachable_or_failing_server_is_a_clear_error(oxigraph_url):
    with pytest.raises(EndpointError, match="cannot reach"):
        select("http://127.0.0.1:1/query", "ASK {}")
    with pytest.raises(EndpointError, match="HTTP 400"):
        select(f"{oxigraph_url}/query", "SELECT WHERE {")
    result = CliRunner().invoke(main, ["query", "plan-summary", "--endpoint",
                                       "http://127.0.0.1:1/query"])
    assert result.exit_code == 1
    assert "cannot reach the server" in result.output

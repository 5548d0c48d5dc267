"""The canned SPARQL queries on the embedded stores, against hand-counted rows of the small
graph, with parameters that try to break out of the query."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykg.graph.io import write_json
from policykg.graph.rdf import oxigraph_store
from policykg.graph.rdflib_form import rdflib_graph
from policykg.queries import QueryError, get_query, list_queries, run_query
from policykg.queries.embedded import query_oxigraph, query_rdflib
from policykg.stores.sparql import with_values

from testkit.small_graph import (
    C1,
    CASE_IDS,
    CASES,
    HOSTILE,
    HOSTILE_VALUES,
    Q3,
    XA_STI,
    C,
    X,
    make_small_kg,
)


@pytest.fixture(scope="module")
def stores():
    kg = make_small_kg()
    return {"oxigraph": oxigraph_store(kg), "rdflib": rdflib_graph(kg)}


def run(stores, store: str, name: str, params: dict[str, str]) -> list[tuple]:
    query = get_query(name)
    runner = query_oxigraph if store == "oxigraph" else query_rdflib
    return query.sort(runner(stores[store], query, params))


def test_every_canned_query_has_a_hand_counted_case():
    assert {name for name, _, _ in CASES} == {q.name for q in list_queries()}
    assert len(list_queries()) == 13


def test_headers_declare_what_the_spec_says():
    assert get_query("department-responsibilities").columns == (
        "department", "role", "label", "plan", "task", "quote")
    assert list(get_query("shared-actors").params) == ["plan_a", "plan_b"]
    assert get_query("lead-departments").order == (
        ("leads", True), ("supports", True), ("department", False))
    for query in list_queries():
        assert query.description
        assert all(f"?param_{p}" in query.sparql for p in query.params)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=CASE_IDS)
def test_canned_query_rows(stores, store, name, params, expected):
    assert run(stores, store, name, params) == expected


def test_the_store_order_is_the_declared_order(stores):
    """The queries' own ORDER BY agrees with the runner's sort, on both stores."""
    for name, params, expected in CASES:
        query = get_query(name)
        assert query_oxigraph(stores["oxigraph"], query, params) == expected, name
        assert query_rdflib(stores["rdflib"], query, params) == expected, name


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_parameters_match_exactly_or_nothing(stores, store, value):
    expected = {HOSTILE: [(HOSTILE, "SUPPORTS", "责任单位", C, C1, Q3)]}.get(value, [])
    assert run(stores, store, "department-responsibilities", {"department": value}) == expected
    assert run(stores, store, "entity-plans", {"name": value}) == []
    assert run(stores, store, "shared-actors", {"plan_a": value, "plan_b": X}) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text())
def test_any_text_parameter_is_data_never_syntax(stores, value):
    expected = run(stores, "oxigraph", "entity-plans", {"name": "华为"}) if value == "华为" else []
    for store in ("oxigraph", "rdflib"):
        assert run(stores, store, "entity-plans", {"name": value}) == expected


def test_values_block_is_serialised_not_spliced():
    text = with_values("SELECT * WHERE { ?s ?p ?o }", {"name": 'a"} \\\n'})
    assert 'VALUES ?param_name { "a\\"} \\\\\\n" }' in text
    assert text.startswith("SELECT * WHERE {\n  VALUES")


def test_run_query_reads_a_build_folder_and_makes_a_dataframe(tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    result = run_query("lead-departments", graph_dir=tmp_path, store="rdflib")
    assert result.columns == ("department", "jurisdiction", "leads", "supports")
    assert result.rows[0] == (XA_STI, "西安市", 2, 0)
    frame = result.to_dataframe()
    assert list(frame.columns) == list(result.columns)
    assert frame["leads"].tolist() == [2, 1, 1, 0]
    assert result.to_dicts()[3]["department"] == HOSTILE


def test_parameters_are_checked():
    kg = make_small_kg()
    with pytest.raises(QueryError, match="missing: department"):
        run_query("department-responsibilities", kg=kg)
    with pytest.raises(QueryError, match="unknown: x"):
        run_query("plan-summary", {"x": "1"}, kg=kg)
    with pytest.raises(QueryError, match="no query named"):
        run_query("no-such-query", kg=kg)
    with pytest.raises(QueryError, match="no store named .no-such-backend.; known: neo4j, sparql"):
        run_query("plan-summary", kg=kg, backend="no-such-backend")

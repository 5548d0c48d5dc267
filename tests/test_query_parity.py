"""Every canned query on both backends over the same build: SPARQL on the embedded store and
Cypher on the real Bolt server (FalkorDB, and NEO4J_URI when set) give identical tables, after
the runner's documented ordering (queries/README.md), with another dataset loaded beside it in
the same database."""

from __future__ import annotations

import pytest

from policykg.queries import list_queries, run_query
from policykg.stores.neo4j import Neo4jStore
from policykg.stores.neo4j.bolt import Target

from testkit.small_graph import HOSTILE, make_small_kg, replicate

X, C = "plan:西安市行动方案", "plan:成都市实施意见"
PARAMS: dict[str, list[dict[str, str]]] = {
    "department-responsibilities": [{"department": "市科技局"}, {"department": HOSTILE},
                                    {"department": "相关区县政府"}, {"department": "无此单位"}],
    "entity-plans": [{"name": "华为"}, {"name": "西安交大"}, {"name": "智能制造"},
                     {"name": "西安交通大学国家应用数学中心"}, {"name": HOSTILE}],
    "shared-actors": [{"plan_a": X, "plan_b": "成都市实施意见"},
                      {"plan_a": "西安市行动方案", "plan_b": X}, {"plan_a": C, "plan_b": "?"}],
    "reused-passages": [{"plan": X}, {"plan": "成都市实施意见"}, {"plan": "无此计划"},
                        {"plan": HOSTILE}],
    "task-origins": [{"task": "开展人工智能基础前沿技术研究"}, {"task": X + "#2"},
                     {"task": "推动新一代人工智能创新应用平台建设"}, {"task": HOSTILE}],
}
CASES = [(q.name, p) for q in list_queries() for p in PARAMS.get(q.name, [{}])]


def test_every_canned_query_is_covered() -> None:
    assert {name for name, _ in CASES} == {q.name for q in list_queries()}
    assert len(list_queries()) == 13


def test_every_cypher_query_is_scoped_to_a_dataset() -> None:
    for query in list_queries():
        assert "{kg_dataset: $dataset}" in query.cypher, query.name


@pytest.fixture
def loaded(bolt_target: Target) -> Neo4jStore:
    """The small graph as the dataset "small", beside three copies of it (the same names in
    copy 0) as the dataset "other"."""
    Neo4jStore("other", target=bolt_target).load(replicate(make_small_kg(), 3))
    store = Neo4jStore("small", target=bolt_target)
    store.load(make_small_kg())
    return store


def test_cypher_and_sparql_tables_are_identical(loaded: Neo4jStore) -> None:
    kg = make_small_kg()
    nonempty = 0
    for name, params in CASES:
        sparql = run_query(name, params, kg=kg)
        cypher = run_query(name, params, backend=loaded)
        assert cypher.columns == sparql.columns, name
        assert [tuple(map(repr, r)) for r in cypher.rows] == \
            [tuple(map(repr, r)) for r in sparql.rows], (name, params)
        nonempty += bool(sparql.rows)
    assert nonempty >= len({n for n, _ in CASES}) + 3


def test_hand_counted_rows_on_the_server(loaded: Neo4jStore) -> None:
    rows = run_query("lead-departments", backend=loaded).rows
    assert rows == [("西安市科学技术局", "西安市", 2, 0), ("西安市发展和改革委员会", "西安市", 1, 1),
                    ("成都市科学技术局", "成都市", 1, 0), (HOSTILE, "成都市", 0, 1)]
    summary = run_query("plan-summary", backend=loaded).rows
    assert summary == [("成都市实施意见", 1, 2, 0, 1, 0), ("西安市行动方案", 2, 2, 1, 1, 1)]

"""Exports for Neo4j users: the neo4j-admin import CSVs and the cypher-shell script, whose
statements are run on the real Bolt server and read back, hostile name included."""

from __future__ import annotations

import csv

from policykg.exports.neo4j import (
    ARRAY_DELIMITER,
    script_statements,
    write_csv,
    write_cypher,
)
from policykg.graph.cypher import cypher_literal
from policykg.stores.neo4j.bolt import Target, server_counts

from testkit.small_graph import HOSTILE, HOSTILE_ID, make_small_kg


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_headers_types_and_arrays(tmp_path) -> None:
    files = write_csv(make_small_kg(), tmp_path)
    assert {f.name for f in files} >= {"nodes_Department.csv", "rels_LEADS.csv"}
    depts = read_csv(tmp_path / "nodes_Department.csv")
    assert list(depts[0])[:2] == ["id:ID", ":LABEL"]
    assert "aliases:string[]" in depts[0] and "kg_plans:string[]" in depts[0]
    hostile = next(r for r in depts if r["id:ID"] == HOSTILE_ID)
    assert hostile["name"] == HOSTILE and hostile[":LABEL"] == "Department"
    assert hostile["aliases:string[]"].split(ARRAY_DELIMITER) == [HOSTILE]
    xian = next(r for r in depts if r["id:ID"] == "dept:西安市/市科学技术局")
    assert xian["aliases:string[]"].split(ARRAY_DELIMITER) == ["西安市科学技术局", "市科技局"]
    leads = read_csv(tmp_path / "rels_LEADS.csv")
    assert list(leads[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"rank:int", "start:int", "end:int", "quote", "plan"} <= set(leads[0])
    assert len(leads) == 4 and {r[":TYPE"] for r in leads} == {"LEADS"}
    tasks = read_csv(tmp_path / "nodes_Task.csv")
    assert "number" in tasks[0] and "start:int" in tasks[0]  # number is text in the graph


def test_cypher_script_builds_the_graph_on_the_server(bolt_target: Target, tmp_path) -> None:
    kg = make_small_kg()
    write_cypher(kg, tmp_path / "graph.cypher")
    text = (tmp_path / "graph.cypher").read_text(encoding="utf-8")
    statements = script_statements(kg)
    assert text.count(";\n") >= len(statements)
    hostile = cypher_literal(HOSTILE)  # a line feed inside, written as an escape
    assert "\n" in HOSTILE and "\n" not in hostile and hostile in text
    for statement in statements:  # UNWIND line, MERGE line: no literal spans lines
        assert statement.count("\n") <= 1
    for statement in statements:
        if statement.startswith("CREATE CONSTRAINT") and bolt_target.inline:
            continue  # FalkorDB has no Neo4j constraints; the rest is plain Cypher
        bolt_target.write(statement)
    assert server_counts(bolt_target) == kg.counts()
    rows = bolt_target.read("MATCH (d:Department {id: $id})-[r:SUPPORTS]->(t:Task) "
                            "RETURN d.name AS name, d.aliases AS aliases, r.quote AS quote",
                            id=HOSTILE_ID)
    assert rows == [{"name": HOSTILE, "aliases": [HOSTILE],
                     "quote": "［牵头单位：市科技局；责任单位：" + HOSTILE + "］"}]

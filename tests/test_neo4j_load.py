"""Loading into a real Bolt server (FalkorDB started by the suite; NEO4J_URI too when set):
counts, properties, hostile names, idempotence and the replacement of one changed plan."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.cli import main
from policykg.graph.cypher import cypher_literal
from policykg.graph.io import write_json
from policykg.graph.property_graph import graph_rows
from policykg.stores.neo4j import diff
from policykg.stores.neo4j.bolt import Connection, Target, open_driver, server_counts
from policykg.stores.neo4j.load import load_graph

from testkit.falkordb import dump, without_internal_ids
from testkit.small_graph import HOSTILE, HOSTILE_ID, make_small_kg, replicate

X, C = "plan:西安市行动方案", "plan:成都市实施意见"


def test_load_creates_every_node_and_edge(bolt_target: Target) -> None:
    kg = make_small_kg()
    report = load_graph(kg, bolt_target)
    assert report.nodes_created == len(kg) == 17
    assert report.relationships_created == kg.graph.number_of_edges() == 27  # 3 reuse links
    assert server_counts(bolt_target) == kg.counts()


def test_second_load_creates_and_writes_nothing(bolt_target: Target) -> None:
    kg = make_small_kg()
    load_graph(kg, bolt_target)
    before = dump(bolt_target)
    again = load_graph(kg, bolt_target, batch_size=3)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert (again.nodes_written, again.relationships_written) == (0, 0)
    assert (again.nodes_unchanged, again.relationships_unchanged) == (17, 27)
    assert dump(bolt_target) == before


def test_properties_provenance_and_plans_round_trip(bolt_target: Target) -> None:
    load_graph(make_small_kg(), bolt_target)
    state = dump(bolt_target)
    labels, props, _ = state["nodes"]["dept:西安市/市科学技术局"]
    assert labels == ["Department"]
    assert props["aliases"] == ["西安市科学技术局", "市科技局"]
    assert props["kg_plans"] == [X]
    lead = state["rels"][("dept:西安市/市科学技术局", "LEADS", f"{X}#1")]
    assert {k: lead[k] for k in ("label", "rank", "plan", "file", "start", "end")} == {
        "label": "牵头单位", "rank": 1, "plan": X, "file": "000.txt", "start": 10, "end": 38}
    assert lead["quote"] == "（牵头单位：市科技局；配合单位：市发改委、相关区县政府）"
    assert state["nodes"]["place:陕西省"][1]["kg_plans"] == [X]  # through PART_OF
    assert state["nodes"]["company:华为"][1]["kg_plans"] == [C, X]


def test_hostile_name_is_stored_and_matched_exactly(bolt_target: Target) -> None:
    load_graph(make_small_kg(), bolt_target)
    rows = bolt_target.read("MATCH (d:Department) WHERE d.name = $name "
                            "RETURN d.id AS id, d.aliases AS aliases", name=HOSTILE)
    assert rows == [{"id": HOSTILE_ID, "aliases": [HOSTILE]}]
    quote = bolt_target.read("MATCH (:Department {id: $id})-[r:SUPPORTS]->() "
                             "RETURN r.quote AS q", id=HOSTILE_ID)
    assert quote == [{"q": "［牵头单位：市科技局；责任单位：" + HOSTILE + "］"}]


def test_server_state_is_read_in_pages(bolt_target: Target, monkeypatch) -> None:
    kg = replicate(make_small_kg(), 20)
    load_graph(kg, bolt_target)
    monkeypatch.setattr(diff, "PAGE_BYTES", 400)  # a few elements a page: many pages
    state = diff.read_server_state(bolt_target, "policykg-out")
    rows = graph_rows(kg, "policykg-out")
    assert state.nodes == {r["id"]: [(label, r["props"]["kg_hash"])]
                           for label, group in rows.nodes.items() for r in group}
    assert state.rels == {(r["s"], r["props"].get("kg_key", type), r["t"]):
                          [(sl, tl, r["props"]["kg_hash"])]
                          for (type, sl, tl), group in rows.rels.items() for r in group}
    again = load_graph(kg, bolt_target)
    assert (again.nodes_written, again.relationships_written) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(list("'\"\\`${}[]():,= \n\r\tab中𝄞")), max_size=12))
def test_string_parameters_round_trip(falkordb, value: str) -> None:
    target = Target.probe(open_driver(falkordb.uri, None, None), "params")
    assert target.read("RETURN $v AS v, [$v] AS l, {k: $v} AS m", v=value) == [
        {"v": value, "l": [value], "m": {"k": value}}]
    assert cypher_literal(value).startswith("'")


def changed_small_kg():
    """The small graph after a rebuild in which plan C's document changed: the hostile
    department no longer supports C#1 (and so leaves the graph), a new quote for 华为."""
    kg = make_small_kg()
    kg.graph.remove_node(HOSTILE_ID)
    kg.graph.edges[C, "company:华为", "MENTIONS"]["quote"] = "华为技术"
    return kg


def test_changed_plan_replaces_its_contributions_only(bolt_target: Target) -> None:
    load_graph(make_small_kg(), bolt_target)
    before = dump(bolt_target)
    report = load_graph(changed_small_kg(), bolt_target)
    after = dump(bolt_target)
    assert report.plans_changed == [C]
    assert (report.nodes_deleted, report.relationships_deleted) == (1, 2)  # SUPPORTS, PART_OF
    assert HOSTILE_ID not in after["nodes"]
    assert after["rels"][(C, "MENTIONS", "company:华为")]["quote"] == "华为技术"
    untouched = [id for id, (_, props, _) in before["nodes"].items()
                 if props["kg_plans"] == [X]]
    assert len(untouched) > 5
    for id in untouched:  # same node (internal id), same properties
        assert after["nodes"][id] == before["nodes"][id]
    for key, props in before["rels"].items():
        if props["kg_plans"] == [X]:
            assert after["rels"][key] == props
    bolt_target.write("MATCH (n) WHERE n.kg_hash IS NOT NULL DETACH DELETE n")
    load_graph(changed_small_kg(), bolt_target)
    assert without_internal_ids(dump(bolt_target)) == without_internal_ids(after)


def test_reuse_links_of_one_pair_of_plans_load_one_by_one(bolt_target: Target) -> None:
    """X reuses C by two pairs of passages: two relationships, told apart by their kg_key; a
    rebuild that drops one and rescores the other deletes one and rewrites one, nothing else."""
    kg = make_small_kg()
    load_graph(kg, bolt_target)
    links = sorted((s, t, k) for s, t, k, d in kg.graph.edges(keys=True, data=True)
                   if d["type"] == "REUSES")
    assert [k.split()[:2] for _, _, k in links] == [["REUSES", "000.txt"]] * 2
    assert bolt_target.read("MATCH (:Plan)-[r:REUSES]->(:Plan) RETURN count(r) AS n") == [
        {"n": 2}]
    changed = make_small_kg()
    changed.graph.remove_edge(*links[0])
    changed.graph.edges[links[1]]["score"] = 0.85
    report = load_graph(changed, bolt_target)
    assert (report.relationships_deleted, report.relationships_written) == (1, 1)
    assert report.relationships_unchanged == changed.graph.number_of_edges() - 1
    rows = bolt_target.read("MATCH (a:Plan)-[r:REUSES]->(b:Plan) "
                            "RETURN a.id AS a, r.kg_key AS key, r.score AS score, b.id AS b")
    assert rows == [{"a": X, "key": links[1][2], "score": 0.85, "b": C}]


def test_load_collapses_a_duplicate_node(bolt_target: Target) -> None:
    load_graph(make_small_kg(), bolt_target)
    bolt_target.write("CREATE (:Company {id: 'company:华为', kg_hash: 'stale'})")
    load_graph(make_small_kg(), bolt_target)
    assert server_counts(bolt_target) == make_small_kg().counts()
    assert bolt_target.read("MATCH (c:Company)<-[:MENTIONS]-() RETURN count(c) AS n") == [
        {"n": 2}]


def test_cli_load_reads_env_and_never_prints_the_password(falkordb, tmp_path,
                                                          monkeypatch) -> None:
    write_json(make_small_kg(), tmp_path / "graph.json")
    wipe = Target.probe(open_driver(falkordb.uri, None, None), "cli")
    wipe.write("MATCH (n) DETACH DELETE n")
    monkeypatch.setenv("NEO4J_URI", falkordb.uri)
    monkeypatch.setenv("NEO4J_DATABASE", "cli")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner().invoke(main, ["load", "neo4j", "--graph", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "17 nodes and 27 relationships created" in result.output
    again = CliRunner().invoke(main, ["load", "neo4j", "--graph", str(tmp_path)])
    assert "0 nodes and 0 relationships created" in again.output
    rows = CliRunner().invoke(main, ["query", "lead-departments", "--backend", "neo4j",
                                     "--graph", str(tmp_path), "--format", "json"])
    assert rows.exit_code == 0, rows.output
    assert json.loads(rows.output)[0] == {"department": "西安市科学技术局",
                                          "jurisdiction": "西安市", "leads": 2, "supports": 0}
    assert repr(Connection("bolt://x", "u", "s3cret")).count("s3cret") == 0


def test_cli_load_fails_in_one_line(tmp_path) -> None:
    write_json(make_small_kg(), tmp_path / "graph.json")
    result = CliRunner().invoke(main, ["load", "neo4j", "--graph", str(tmp_path),
                                       "--uri", "bolt://127.0.0.1:1"],
                                env={"NEO4J_PASSWORD": "s3cret"})
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "cannot reach bolt://127.0.0.1:1" in result.output
    assert "s3cret" not in result.output
    missing = CliRunner().invoke(main, ["load", "neo4j", "--graph", str(tmp_path)],
                                 env={"NEO4J_URI": ""})
    assert missing.exit_code == 1 and "NEO4J_URI" in missing.output

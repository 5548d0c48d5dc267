"""Exports round-trip: GraphML and GEXF through networkx, Turtle through rdflib, matrices, DL
and Pajek against the graph, each with the selection's counts."""

from __future__ import annotations

import csv

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from policykg.cli import main
from policykg.exports import export
from policykg.graph.io import write_json
from policykg.viz.select import Selection, select

from testkit.small_graph import HOSTILE, make_small_kg

PLAN_X = Selection(plans=("西安市行动方案",))
LABEL = " ".join(HOSTILE.split())  # labels hold a name on one line


@pytest.fixture
def sub():
    return select(make_small_kg(), PLAN_X)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_reread_by_networkx(sub, tmp_path, fmt):
    path = export(sub, fmt, tmp_path / f"g.{fmt}")
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() == len(sub) == 11
    assert graph.number_of_edges() == sub.graph.number_of_edges() == 15
    kind = "type" if fmt == "graphml" else "kind"
    assert sorted(d[kind] for _, _, d in graph.edges(data=True)).count("LEADS") == 3


def test_turtle_reread_by_rdflib(tmp_path):
    kg = make_small_kg()
    path = export(kg, "ttl", tmp_path / "g.ttl")
    graph = rdflib.Graph().parse(path, format="turtle")
    labels = {str(o) for o in graph.objects()}
    assert HOSTILE in labels and "西安市行动方案" in labels


def test_matrices_agree_with_the_graph(tmp_path):
    folder = export(make_small_kg(), "matrix", tmp_path / "m")
    with open(folder / "incidence.csv", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    incidence = {row[0]: [int(v) for v in row[1:]] for row in rows}
    assert len(header) - 1 == 3 and len(incidence) == 4
    assert sum(map(sum, incidence.values())) == 6  # LEADS+SUPPORTS from Department nodes
    with open(folder / "co-responsibility.csv", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    co = {row[0]: dict(zip(header[1:], map(int, row[1:]), strict=True)) for row in rows}
    for a, row_a in incidence.items():
        for b, row_b in incidence.items():
            assert co[a][b] == sum(x * y for x, y in zip(row_a, row_b, strict=True))
    assert co["西安市科学技术局"]["西安市发展和改革委员会"] == 2
    assert co[LABEL]["成都市科学技术局"] == 1


def test_the_reuse_matrix_counts_shared_passages(tmp_path):
    """Plan X reuses two passages of C; C is similar to X by one (counted both ways)."""
    path = export(make_small_kg(), "reuse-matrix", tmp_path / "reuse.csv")
    with open(path, encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["plan", "成都市实施意见", "西安市行动方案"]
    assert rows == [["成都市实施意见", "0", "1"], ["西安市行动方案", "3", "0"]]


def test_pajek_and_ucinet_hold_the_co_responsibility_network(tmp_path):
    kg = make_small_kg()
    pajek = nx.read_pajek(export(kg, "pajek", tmp_path / "g.net"))
    assert pajek.number_of_nodes() == 4
    weights = {frozenset((a, b)): d["weight"] for a, b, d in pajek.edges(data=True)}
    assert weights == {frozenset(("西安市科学技术局", "西安市发展和改革委员会")): 2.0,
                       frozenset(("成都市科学技术局", LABEL.replace('"', "'")
                                  .replace("\\", "/"))): 1.0}
    lines = export(kg, "ucinet", tmp_path / "g.dl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "DL N=4"
    data = [list(map(int, line.split())) for line in lines[lines.index("DATA:") + 1:]]
    assert len(data) == 4 and all(len(r) == 4 for r in data)
    assert sum(map(sum, data)) == 2 * (2 + 1)


def test_neo4j_csv_headers(tmp_path):
    folder = export(make_small_kg(), "neo4j-csv", tmp_path / "neo4j")
    headers = [f.read_text(encoding="utf-8").splitlines()[0] for f in folder.glob("*.csv")]
    assert any(":ID" in h for h in headers) and any(":START_ID" in h for h in headers)


def test_export_command_writes_the_selection(tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    out = tmp_path / "x.json"
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path), "--format", "json",
                                       "--out", str(out), "--plan", "西安市行动方案"])
    assert result.exit_code == 0, result.output
    assert "11 nodes, 15 edges" in result.output
    bad = CliRunner().invoke(main, ["export", "--graph", str(tmp_path), "--format", "xls",
                                    "--out", str(out)])
    assert bad.exit_code == 2 and "'xls' is not one of" in bad.output
    assert "'gexf'" in bad.output and "'neo4j-csv'" in bad.output  # the registered formats

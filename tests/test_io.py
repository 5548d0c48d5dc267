"""Graph files: node-link JSON and GraphML round trips, atomic writes."""

import os
import stat

import networkx as nx
import pytest

from policykg.graph.io import atomic_write, read_graph, to_graphml_graph, write_graphml, write_json


def test_json_round_trip(small_kg, tmp_path):
    write_json(small_kg, tmp_path / "graph.json")
    assert read_graph(tmp_path).to_dict() == small_kg.to_dict()


def test_graphml_is_read_back_by_networkx(small_kg, tmp_path):
    write_graphml(small_kg, tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    expected = to_graphml_graph(small_kg)
    assert back.number_of_nodes() == expected.number_of_nodes()
    assert back.number_of_edges() == expected.number_of_edges()
    for node, data in expected.nodes(data=True):
        assert back.nodes[node] == data  # hostile names included: quotes, <, &, newline
    edges = sorted((s, t, d["type"], d.get("rank")) for s, t, d in back.edges(data=True))
    assert edges == sorted((s, t, d["type"], d.get("rank"))
                           for s, t, d in expected.edges(data=True))


def test_atomic_write_leaves_nothing_behind_on_failure(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_atomic_write_gives_ordinary_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "f.txt") as handle:
            handle.write("x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "f.txt").stat().st_mode) == 0o644

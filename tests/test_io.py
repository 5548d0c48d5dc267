"""Graph files: node-link JSON and GraphML round trips, atomic writes."""

import os
import stat

import networkx as nx
import pytest

from policykg.graph.atomic import all_or_nothing, atomic_write, write_side_by_side
from policykg.graph.io import (
    _xml_attr,
    _xml_text,
    read_graph,
    to_graphml_graph,
    write_graphml,
    write_json,
)
from policykg.graph.outputs import write_outputs


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


@pytest.mark.parametrize("text", ["市科技局", "a & b < c > d", 'say "hi"', "it's", "it's \"so\"",
                                  "line\nnext\tcol\r", ""])
def test_graphml_escapes_are_those_of_the_standard_library(text):
    from xml.sax.saxutils import escape, quoteattr

    assert _xml_text(text) == escape(text)
    assert _xml_attr(text) == quoteattr(text)


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


def _fail(path):
    raise ValueError(f"cannot write {path.name}")


def _write_text(text):
    def write(path):
        with atomic_write(path) as handle:
            handle.write(text)
    return write


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_outputs_are_the_same_whatever_the_workers(small_kg, tmp_path, workers):
    serial = write_outputs(small_kg, tmp_path / "one", workers=1)
    written = write_outputs(small_kg, tmp_path / "many", workers=workers)
    assert [p.name for p in written] == ["graph.json", "graph.graphml", "graph.ttl"]
    for a, b in zip(serial, written, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert sorted(os.listdir(tmp_path / "many")) == ["graph.graphml", "graph.json", "graph.ttl"]


@pytest.mark.parametrize("failing", [0, 2])  # written here; written by a forked process
def test_a_failing_job_leaves_the_old_files_and_no_parts(tmp_path, failing):
    names = ["a.txt", "b.txt", "c.txt"]
    for name in names:
        (tmp_path / name).write_text("old")
    jobs = [(tmp_path / name, _write_text("new")) for name in names]
    jobs[failing] = (jobs[failing][0], _fail)
    with pytest.raises(ValueError, match=f"cannot write .*{names[failing]}"), all_or_nothing():
        write_side_by_side(jobs, workers=2)
    assert sorted(os.listdir(tmp_path)) == names
    assert all((tmp_path / name).read_text() == "old" for name in names)


def test_forked_jobs_are_renamed_with_the_rest(tmp_path):
    jobs = [(tmp_path / f"{i}.txt", _write_text(str(i))) for i in range(4)]
    with all_or_nothing():
        write_side_by_side(jobs, workers=3)
        assert not any(path.exists() for path, _ in jobs)  # renamed when the block ends
    assert [(tmp_path / f"{i}.txt").read_text() for i in range(4)] == ["0", "1", "2", "3"]
    assert sorted(os.listdir(tmp_path)) == [f"{i}.txt" for i in range(4)]


def test_side_by_side_needs_an_all_or_nothing_block(tmp_path):
    with pytest.raises(RuntimeError, match="all_or_nothing"):
        write_side_by_side([(tmp_path / "a", _write_text("a")), (tmp_path / "b", _fail)], 2)


def _die(path):
    os._exit(3)  # as a process killed half way


def test_a_forked_job_that_dies_is_an_error_naming_its_file(tmp_path):
    (tmp_path / "b.txt").write_text("old")
    jobs = [(tmp_path / "a.txt", _write_text("new")), (tmp_path / "b.txt", _die)]
    with pytest.raises(OSError, match=r"b\.txt: the process writing it died"), all_or_nothing():
        write_side_by_side(jobs, workers=2)
    assert sorted(os.listdir(tmp_path)) == ["b.txt"]
    assert (tmp_path / "b.txt").read_text() == "old"

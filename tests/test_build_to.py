"""The library's build into a folder (``build_to``): the outputs written, a build of unchanged
input, options and code not done again and its report replayed (problems included), any change
rebuilding, and clear errors for an output folder that can't be written or an input with no
plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.outputs import BuildError, build_to

PLAN = "甲市人工智能行动方案\n一、重点任务\n1. 建设平台。（牵头单位：市科技局；配合单位：市财政局）\n"


def test_an_unchanged_build_is_replayed_not_redone(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    out, heard = tmp_path / "out", []
    first = build_to([tmp_path], out, on_problem=heard.append)
    assert not first.unchanged
    assert [p.name for p in first.outputs] == ["graph.json", "graph.graphml", "graph.ttl"]
    assert first.counts["nodes"]["Plan"] == 1
    assert [Path(p.path).name for p in first.problems] == ["bad.docx"] and heard == first.problems
    stamps = [p.stat().st_mtime_ns for p in first.outputs]

    heard.clear()
    again = build_to([tmp_path], out, on_problem=heard.append)
    assert again.unchanged
    assert (again.outputs, again.counts, again.problems) == (first.outputs, first.counts,
                                                             first.problems)
    assert heard == first.problems  # a replayed build reports its problems again
    assert [p.stat().st_mtime_ns for p in again.outputs] == stamps

    assert not build_to([tmp_path], out, rdf_format="nt").unchanged  # another option
    (tmp_path / "plan.txt").write_text(PLAN.replace("市财政局", "市教育局"), encoding="utf-8")
    changed = build_to([tmp_path], out, rdf_format="nt")
    assert not changed.unchanged and "市教育局" in (out / "graph.json").read_text("utf-8")
    assert not build_to([tmp_path], out, rdf_format="nt", cache=False).unchanged


def test_errors_name_the_folder_or_the_reason(tmp_path: Path) -> None:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    with pytest.raises(BuildError, match="taken: cannot write the outputs"):
        build_to([tmp_path / "plan.txt"], tmp_path / "taken")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="nothing was built"):
        build_to([tmp_path / "empty.txt"], tmp_path / "out")

"""The command line: build, evaluate and entities, with their options and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from policykg.cli import main

from testkit.gold import needs_shared_gold, shared_gold

PLAN = "甲市人工智能行动方案\n一、重点任务\n1. 建设平台。支持西安交大建设实验室。（牵头单位：市科技局；配合单位：市财政局）\n"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_its_outputs_and_a_summary(corpus_build):
    out, result = corpus_build
    assert sorted(p.name for p in out.iterdir()) == [
        ".cache", "graph.graphml", "graph.json", "graph.ttl"]
    assert "│ plans " in result.stdout and "│ 36 " in result.stdout
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert sum(n["type"] == "Plan" for n in data["nodes"]) == 36
    assert "line 3360: unclosed bracket" in result.stderr  # a broken source annotation


def test_the_program_ends_a_build_with_its_output_complete(corpus_build, tmp_path):
    """Run as a program, ``policykg build`` ends the process at once when done (no interpreter
    teardown): what it printed into a pipe and the files it wrote are all there."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "policykg.cli", "build", "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == corpus_build[1].stdout.replace(str(corpus_build[0]), str(out))
    assert "line 3360: unclosed bracket" in done.stderr
    for name in ("graph.json", "graph.graphml", "graph.ttl"):
        assert (out / name).read_bytes() == (corpus_build[0] / name).read_bytes()


def test_build_of_a_folder_with_nothing_buildable_fails(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr
    assert "nothing was built" in result.stderr
    assert not (tmp_path / "o" / "graph.json").exists()


def test_strict_fails_on_any_problem_but_still_writes(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "bad.docx").write_bytes(b"not a zip")
    out = tmp_path / "o"
    lenient = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(out), "--quiet"])
    assert lenient.exit_code == 0 and "bad.docx" in lenient.stderr
    strict = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(out), "--strict"])
    assert strict.exit_code == 1 and "--strict" in strict.stderr
    assert (out / "graph.json").exists()


def test_a_missing_path_is_reported(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), str(tmp_path / "nope"),
                                       "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 0
    assert "nope" in result.stderr


def test_user_department_aliases(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN.replace("市财政局", "市财金局"), encoding="utf-8")
    (tmp_path / "aliases.tsv").write_text("alias\tcanonical\n财金局\t财政局\n", encoding="utf-8")
    out = tmp_path / "o"
    CliRunner().invoke(main, ["build", str(tmp_path / "plan.txt"), "--out", str(out), "--quiet",
                              "--aliases", str(tmp_path / "aliases.tsv")])
    ids = {n["id"] for n in json.loads((out / "graph.json").read_text("utf-8"))["nodes"]}
    assert "dept:甲市/市财政局" in ids


@needs_shared_gold
def test_evaluate_json(corpus_build):
    out, _ = corpus_build
    result = CliRunner().invoke(main, ["evaluate", *map(str, shared_gold()), "--graph", str(out),
                                       "--format", "json"])
    assert result.exit_code == 0
    figures = json.loads(result.stdout)["all"]
    assert figures["unit_f1"] >= 0.98 and figures["role_accuracy"] >= 0.98


def test_evaluate_without_a_build(tmp_path):
    gold = tmp_path / "g.json"
    gold.write_text('{"documents": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--graph", str(tmp_path)])
    assert result.exit_code == 1 and "no graph here" in result.stderr


def test_entities_by_type_and_plan(corpus_build):
    out, _ = corpus_build
    result = CliRunner().invoke(main, [
        "entities", "--graph", str(out), "--type", "University", "--format", "json",
        "--plan", "西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）"])
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == ["西北工业大学", "西安交通大学", "西安电子科技大学"]
    assert all("西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）" in r["plans"]
               for r in rows)
    unknown = CliRunner().invoke(main, ["entities", "--graph", str(out), "--plan", "无此计划"])
    assert unknown.exit_code == 1 and "no plan titled" in unknown.stderr


def test_entity_aliases_merge_and_split(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "o"

    def universities(*extra: str) -> dict[str, list[str]]:
        CliRunner().invoke(main, ["build", str(tmp_path / "plan.txt"), "--out", str(out),
                                  "--quiet", *extra])
        result = CliRunner().invoke(main, ["entities", "--graph", str(out), "--type",
                                           "University", "--format", "json"])
        return {r["name"]: r["aliases"] for r in json.loads(result.stdout)}

    assert universities() == {"西安交通大学": ["西安交大"]}
    (tmp_path / "split.tsv").write_text("!西安交大\t\tUniversity\n", encoding="utf-8")
    assert universities("--entity-aliases", str(tmp_path / "split.tsv")) == {"西安交大": []}
    (tmp_path / "merge.tsv").write_text("西安交大\t交通大学西安本部\tUniversity\n", encoding="utf-8")
    assert universities("--entity-aliases", str(tmp_path / "merge.tsv")) == {
        "交通大学西安本部": ["西安交大"]}


def test_an_unchanged_build_is_not_redone(tmp_path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "o"

    def run(*extra: str):
        return CliRunner().invoke(main, ["build", str(tmp_path / "plan.txt"), "--out", str(out),
                                         *extra])

    first = run()
    assert first.exit_code == 0 and "unchanged since" not in first.stdout
    stamp = (out / "graph.json").stat().st_mtime_ns
    again = run()
    assert again.exit_code == 0 and "unchanged since the last build" in again.stdout
    assert "│ 1 " in again.stdout  # the summary of the build that made the outputs
    assert (out / "graph.json").stat().st_mtime_ns == stamp
    assert "unchanged since" not in run("--rdf-format", "nt").stdout  # another option: rebuilt
    (tmp_path / "plan.txt").write_text(PLAN.replace("市财政局", "市教育局"), encoding="utf-8")
    assert "unchanged since" not in run("--rdf-format", "nt").stdout  # another input: rebuilt
    assert "市教育局" in (out / "graph.json").read_text(encoding="utf-8")
    assert "unchanged since" not in run("--rdf-format", "nt", "--no-cache").stdout


def test_entities_show_the_rule_and_cue_that_found_them(tmp_path):
    (tmp_path / "plan.txt").write_text(
        "甲市人工智能行动方案\n一、重点任务\n1. 培育骨干企业。推动钜芯微电子、奥琦玮软件等龙头企业"
        "建设星海实验室。（牵头单位：市科技局）\n", encoding="utf-8")
    out = tmp_path / "o"
    CliRunner().invoke(main, ["build", str(tmp_path / "plan.txt"), "--out", str(out), "--quiet"])
    result = CliRunner().invoke(main, ["entities", "--graph", str(out), "--format", "csv"])
    rows = {line.split(",")[2]: line.split(",")[-1] for line in result.stdout.splitlines()[1:]}
    assert rows["钜芯微电子"] == rows["奥琦玮软件"] == "list 等龙头企业"
    assert rows["星海实验室"] == "ending 实验室"
    table = CliRunner().invoke(main, ["entities", "--graph", str(out)])
    assert "found by" in table.stdout and "list 等龙头企业" in table.stdout

"""The build of the bundled corpus, end to end: plans, tasks, units with provenance,
jurisdiction scoping, one plan from two sources, and the gold scores."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from policykg.corpus import CORPUS_DIR
from policykg.evaluate import evaluate
from policykg.graph.build import Problem, build
from policykg.loaders.decode import decode_bytes

from testkit.gold import OWN_GOLD_DIR, needs_shared_gold, shared_gold

OWN_GOLD = sorted(OWN_GOLD_DIR.glob("*.json"))
XIAN = "plan:西安市建设国家新一代人工智能创新发展试验区行动方案(2020-2022年)"
CHENGDU = "plan:成都市人民政府办公厅关于推动新一代人工智能发展的实施意见"


@pytest.fixture(scope="module")
def kg():
    problems: list[Problem] = []
    graph = build(on_problem=problems.append)
    graph.problems = problems
    return graph


def original(file: str) -> str:
    return decode_bytes((CORPUS_DIR / file).read_bytes(), file)


def test_thirty_six_distinct_plans(kg):
    plans = list(kg.nodes("Plan"))
    assert len(plans) == 36
    sources = defaultdict(int)
    for plan in plans:
        for source in plan["sources"]:
            sources[source] += 1
    assert sources == {"000_55743e28cf397c9a.txt": 1, "001_0ff1a1ad9b8f566d.txt": 1,
                       "002_19fc23e80da6329a.txt": 33, "003_639e8bddb50c525d.txt": 1,
                       "004_568e6f9c64701c30.txt": 1}


def test_the_plan_in_two_sources_is_one_node_with_its_tasks_once(kg):
    plan = kg.node(XIAN)
    assert plan["sources"] == ["000_55743e28cf397c9a.txt", "002_19fc23e80da6329a.txt"]
    assert (plan["doc_number"], plan["date"], plan["issuer"]) == (
        "市政办发〔2020〕39号", "2020-11-04", "西安市人民政府办公厅")
    tasks = list(kg.neighbours(XIAN, "HAS_TASK"))
    assert len(tasks) == 24
    assert len({t["title"] for t in tasks}) == 24


def test_a_task_with_its_units_and_provenance(kg):
    (task,) = [t for t in kg.neighbours(XIAN, "HAS_TASK") if t["title"] == "开展人工智能基础前沿技术研究"]
    assert task["number"] == "1."
    assert task["section"] == ["四、重点任务", "（一）构建人工智能技术创新体系"]
    units = sorted((e["type"], e["rank"], e["source"], e["surface"], e["label"])
                   for e in kg.edges() if e["target"] == task["id"] and "rank" in e)
    assert units == [
        ("LEADS", 1, "dept:西安市/市科学技术局", "市科技局", "牵头单位"),
        ("SUPPORTS", 1, "group:西安市/相关区县政府", "相关区县政府", "配合单位"),
        ("SUPPORTS", 2, "place:西咸新区", "西咸新区", "配合单位"),
        ("SUPPORTS", 3, "group:西安市/各开发区管委会", "各开发区管委会", "配合单位"),
    ]
    edge = next(e for e in kg.edges("LEADS") if e["target"] == task["id"])
    quote = "（牵头单位：市科技局；配合单位：相关区县政府，西咸新区，各开发区管委会等）"
    text = original("000_55743e28cf397c9a.txt")
    assert edge["quote"] == quote
    assert (edge["file"], edge["start"], edge["end"]) == (
        "000_55743e28cf397c9a.txt", text.index(quote), text.index(quote) + len(quote))


def test_every_quote_is_the_text_at_its_span(kg):
    texts = {f.name: original(f.name) for f in CORPUS_DIR.glob("*.txt")}
    quoted = [e for e in kg.edges() if "quote" in e]
    assert len(quoted) > 3000
    for edge in quoted:
        assert texts[edge["file"]][edge["start"]:edge["end"]] == edge["quote"]


def test_an_annotation_broken_across_blank_lines(kg):
    text = original("000_55743e28cf397c9a.txt")
    broken = [e for e in kg.edges("SUPPORTS") if "配合单\n\n位" in e.get("quote", "")]
    assert broken and all(text[e["start"]:e["end"]] == e["quote"] for e in broken)


def test_departments_are_scoped_to_their_city(kg):
    xian, chengdu = kg.node("dept:西安市/市科学技术局"), kg.node("dept:成都市/市科学技术局")
    assert xian["name"] == "西安市科学技术局" and chengdu["name"] == "成都市科学技术局"
    assert "市科技局" in xian["aliases"] and "市科技局" in chengdu["aliases"]
    places_of = defaultdict(set)
    for edge in kg.edges():
        if edge["type"] in ("LEADS", "SUPPORTS"):
            unit = kg.node(edge["source"])
            if unit["type"] == "Department" and unit.get("level") == "city":
                places_of[unit["id"]].add(kg.node(edge["plan"]).get("jurisdiction"))
    assert places_of and all(len(places) == 1 for places in places_of.values())


def test_short_and_full_forms_are_one_department(kg):
    node = kg.node("dept:西安市/市发展和改革委员会")
    assert {"市发改委"} <= set(node["aliases"])


def test_non_government_assignees_are_not_departments(kg):
    supports = {kg.node(e["source"])["name"]: kg.node(e["source"])["type"]
                for e in kg.edges("SUPPORTS") if e["plan"] == CHENGDU}
    assert supports["成都银行"] == "Company"
    assert supports["有关区（市）县政府"] == "CollectiveActor"


def test_jointly_issued_plan(kg):
    plan = "plan:关于加快推进上海人工智能高质量发展的实施办法"
    issuers = [kg.node(e["target"])["name"] for e in sorted(
        (e for e in kg.edges("ISSUED_BY") if e["source"] == plan), key=lambda e: e["rank"])]
    assert issuers == ["上海市经济和信息化委员会", "上海市发展和改革委员会", "上海市科学技术委员会",
                       "上海市人力资源和社会保障局", "上海市财政局"]


@needs_shared_gold
def test_gold_scores(kg):
    figures = evaluate(kg, shared_gold())["all"].figures()
    assert figures["task_recall"] == 1.0
    assert figures["unit_f1"] >= 0.98
    assert figures["role_accuracy"] >= 0.98
    for kind in ("universities", "institutes", "companies"):
        assert figures[f"{kind}_recall"] >= 0.95
        assert figures[f"{kind}_precision"] >= 0.9
    assert figures["hosts_found"] == 1.0


# Floors under the development set's figures (tests/gold: 001 and seventeen plans of 002, the
# fourteen of issue 12 coded for entities only), as measured when the recogniser was last
# changed (README, "Check it against hand-coded documents"): a change that loses more fails.
OWN_FLOORS = {"universities": (0.95, 0.95), "institutes": (0.95, 0.95),
              "companies": (0.93, 0.97), "platforms": (0.84, 0.78), "industries": (0.82, 0.57),
              "places": (0.91, 0.88)}


def test_own_gold_scores(kg):
    figures = evaluate(kg, OWN_GOLD)["all"].figures()
    assert figures["task_recall"] == 1.0 and figures["unit_f1"] >= 0.98
    for kind, (recall, precision) in OWN_FLOORS.items():
        assert figures[f"{kind}_recall"] >= recall, kind
        assert figures[f"{kind}_precision"] >= precision, kind
    assert figures["hosts_found"] >= 0.95


def test_a_bad_file_is_reported_and_the_rest_built(tmp_path):
    (tmp_path / "bad.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_text(
        "甲市人工智能行动方案\n一、重点任务\n1. 建设平台。（牵头单位：市科技局）\n", encoding="utf-8")
    problems: list[Problem] = []
    graph = build([tmp_path], on_problem=problems.append)
    assert [p.path.endswith("bad.txt") for p in problems] == [True]
    assert "cannot decode" in problems[0].message
    assert [p["name"] for p in graph.nodes("Plan")] == ["甲市人工智能行动方案"]


def test_gold_files_are_valid_json():
    for path in OWN_GOLD:
        assert json.loads(path.read_text(encoding="utf-8"))["documents"]

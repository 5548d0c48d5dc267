"""Passage reuse end to end, on plans written for these tests (none is from the corpus): files
built into a graph whose REUSES and SIMILAR_TO edges carry exact spans, quotes, tasks and
sections; the three reuse queries with rows counted by hand, the same on the embedded store, on
a real Oxigraph server and on the FalkorDB Bolt listener; the build's options; and a rebuild in
which one file changed, which leaves the links of the other plans as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.graph.build import build
from policykg.graph.io import read_graph
from policykg.graph.outputs import build_to
from policykg.queries import run_query
from policykg.stores.neo4j import Neo4jStore
from policykg.stores.neo4j.bolt import Target
from policykg.stores.sparql import SparqlStore

BOILERPLATE = ("各有关部门要加强组织领导，强化资金保障，建立健全工作推进机制，确保各项任务落到实处。"
               "本方案自印发之日起施行，由市发展改革部门会同有关部门负责解释。")
COPIED = "支持建设智能网联汽车封闭测试场，开放城市道路开展自动驾驶车辆道路测试和示范运营。"
REWORDED = ("鼓励银行机构开发知识产权质押贷款产品，对科技型中小企业给予贷款贴息和担保费补贴。",
            "引导银行机构开发知识产权质押融资产品，对科技型中小企业给予贷款贴息和担保费用补助。")
ADDED = ("建立人才公寓保障体系，为引进的高层次人才提供租房补贴和子女入学便利。",
         "建立人才公寓保障体系，为引进的高层次人才和青年大学生提供租房补贴、购房优惠和子女入学便利。")
A = "甲市智能产业发展三年行动计划（2019—2021年）"
B = "乙市智能交通发展行动方案（2021—2023年）"
C = "丙市科技金融发展实施方案"
TASKS = {  # plan -> (task title, its text, lead unit); every plan ends with the boilerplate
    A: [("建设智能网联汽车测试场", COPIED, "市经信局"),
        ("发展知识产权金融", REWORDED[0], "市金融局")],
    B: [("发展智能交通", "加快建设车路协同基础设施。" + COPIED, "市交通局"),
        ("完善人才住房保障", ADDED[1], "市人社局")],
    C: [("发展知识产权融资", REWORDED[1], "市科技局")],
    "丁市智慧农业发展行动方案": [("建设高标准农田", "建设高标准农田示范片区，推广水稻机插秧和无人机植保作业，提升粮食生产全程机械化水平。", "市农业农村局")],
    "戊市智慧水务发展行动方案": [("改造老旧供水管网", "实施城区老旧供水管网改造工程，降低管网漏损率，保障居民饮用水水质安全稳定达标。", "市水务局")],
}
SECTION = "一、重点任务"


def plan_text(title: str, extra: str = "") -> str:
    items = "".join(f"（{'一二三'[n]}）{task}。{text}（牵头单位：{lead}）\n"
                    for n, (task, text, lead) in enumerate(TASKS[title]))
    return (f"{title}\n{SECTION}\n{items}{extra}二、保障措施\n{BOILERPLATE}\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reuse-plans")
    for n, title in enumerate(TASKS):
        (folder / f"{n}.txt").write_text(plan_text(title, ADDED[0] + "\n" if title == C else ""),
                                         encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def kg(corpus):
    return build([corpus], on_problem=lambda problem: None)


def links(kg) -> list[tuple]:
    return sorted((e["type"], kg.node(e["source"])["name"], kg.node(e["target"])["name"],
                   e["quote"], e["target_quote"]) for e in kg.edges()
                  if e["type"] in ("REUSES", "SIMILAR_TO"))


def test_copied_reworded_and_extended_passages_are_linked_and_boilerplate_is_not(kg):
    assert links(kg) == [
        ("REUSES", B, A, COPIED, COPIED),  # B (2021) is later than A (2019)
        ("SIMILAR_TO", B, C, ADDED[1], ADDED[0]),  # C is not dated
        ("SIMILAR_TO", A, C, REWORDED[0], REWORDED[1]),
    ]


def test_each_link_carries_both_passages_in_their_files_tasks_and_sections(kg, corpus):
    (edge,) = kg.edges("REUSES")
    for prefix, plan in (("", B), ("target_", A)):
        text = (corpus / edge[f"{prefix}file"]).read_text(encoding="utf-8")
        assert text[edge[f"{prefix}start"]:edge[f"{prefix}end"]] == edge[f"{prefix}quote"]
        task = kg.node(edge[f"{prefix}task"])  # the plan's first task holds the passage
        assert (task["type"], kg.node(task["plan"])["name"]) == ("Task", plan)
        assert task["title"] == TASKS[plan][0][0]
        assert edge[f"{prefix}section"] == f"{SECTION} > （一）{TASKS[plan][0][0]}"
    assert (edge["score"], edge["similarity"], edge["plans_sharing"]) == (1.0, 1.0, 2)
    (outside,) = [e for e in kg.edges("SIMILAR_TO") if e["target_quote"] == ADDED[0]]
    assert "target_task" not in outside  # C's sentence stands after its task's annotation,
    assert outside["target_section"] == f"{SECTION} > （一）发展知识产权融资"  # in its item


# rows of the three queries, counted by hand from the texts above
REUSED_B = [
    (B, "is similar to", C, 0.8837, ADDED[1], "完善人才住房保障", ADDED[0],
     f"{SECTION} > （一）发展知识产权融资"),
    (B, "reuses", A, 1.0, COPIED, "发展智能交通", COPIED, "建设智能网联汽车测试场"),
]
ORIGINS = [("发展智能交通", B, "REUSES", COPIED, A, COPIED, "建设智能网联汽车测试场", 1.0)]


def test_the_reuse_queries_on_the_build(kg):
    rows = run_query("reused-passages", {"plan": B}, kg=kg).rows
    assert [r[:3] + r[4:] for r in rows] == [r[:3] + r[4:] for r in REUSED_B]
    assert 0.8 < rows[0][3] < 0.95 and rows[1][3] == 1.0
    assert run_query("task-origins", {"task": "发展智能交通"}, kg=kg).rows == ORIGINS
    # A's own passage is the origin, not a reuse: no row for A's task
    assert run_query("task-origins", {"task": "建设智能网联汽车测试场"}, kg=kg).rows == []
    shares = {(r[0], r[2]): r[3:] for r in run_query("plan-reuse", kg=kg).rows}
    chars = {n["name"]: n["chars"] for n in kg.nodes("Plan")}
    assert set(shares) == {(B, A), (A, C), (B, C)}
    assert shares[B, A] == (1, round(len(COPIED) / chars[B], 3),
                            round(len(COPIED) / chars[A], 3))
    # a plan's text: what follows its title, annotations and line breaks left out: headings,
    # items (（一）, title, 。, text) and the boilerplate
    assert chars[A] == len(SECTION + "二、保障措施" + BOILERPLATE) + sum(
        len(f"（一）{title}。{text}") for title, text, _ in TASKS[A])


def same_rows_on(store, kg) -> None:
    store.load(kg)
    for name, params in (("reused-passages", {"plan": B}), ("reused-passages", {"plan": C}),
                         ("task-origins", {"task": "发展智能交通"}), ("plan-reuse", {})):
        rows = run_query(name, params, backend=store).rows
        assert rows and rows == run_query(name, params, kg=kg).rows, (name, params)


def test_the_reuse_queries_on_a_sparql_server(kg, oxigraph_url):
    same_rows_on(SparqlStore("reuse-plans", endpoint=f"{oxigraph_url}/update"), kg)


def test_the_reuse_queries_on_a_bolt_server(kg, bolt_target: Target):
    same_rows_on(Neo4jStore("reuse-plans", target=bolt_target), kg)


def test_build_options(corpus):
    assert not [e for e in build([corpus], reuse=False, on_problem=lambda p: None).edges()
                if e["type"] in ("REUSES", "SIMILAR_TO")]
    strict = build([corpus], reuse_threshold=0.95, on_problem=lambda p: None)
    assert [link[:3] for link in links(strict)] == [("REUSES", B, A)]


def test_a_changed_file_leaves_the_other_plans_links_as_they_were(corpus, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in corpus.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    build_to([folder], out, workers=1)
    before = {(e["source"], e["target"], e["start"]): e for e in read_graph(out).edges()
              if e["type"] in ("REUSES", "SIMILAR_TO")}
    changed = folder / "2.txt"  # plan C: its clause of ADDED goes
    changed.write_text(plan_text(C), encoding="utf-8")
    result = build_to([folder], out, workers=1)
    assert not result.unchanged
    after = {(e["source"], e["target"], e["start"]): e for e in read_graph(out).edges()
             if e["type"] in ("REUSES", "SIMILAR_TO")}
    assert set(before) - set(after) == {k for k, e in before.items()
                                        if e["target_quote"] == ADDED[0]}
    assert all(after[k] == before[k] for k in after)

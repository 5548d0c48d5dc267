"""Shared test fixtures: a small hand-made graph in the shape `policykg build` writes."""

from __future__ import annotations

import pytest

from policykg.graph.kg import KnowledgeGraph

HOSTILE = 'A"}\\\n`$x{}\'</script><script>alert(1)</script><img src=x onerror=alert(2)>'


def make_small_kg() -> KnowledgeGraph:
    """Two plans of two cities, three tasks, scoped departments, entities and one hostile name.

    Hand-countable: plan X has tasks 1-2, plan C has task 1; 西安市科学技术局 leads X#1 and
    X#2; 西安市发展和改革委员会 supports X#1 and leads X#2; 成都市科学技术局 leads C#1; the
    hostile-named department supports C#1.
    """
    kg = KnowledgeGraph()
    x, c = "plan:西安市行动方案", "plan:成都市实施意见"
    kg.add_node(x, "Plan", "西安市行动方案", sources=["000.txt", "002.txt"],
                jurisdiction="西安市", doc_number="市政办发〔2020〕39号", date="2020-11-04")
    kg.add_node(c, "Plan", "成都市实施意见", sources=["004.txt"], jurisdiction="成都市")
    kg.add_node("place:西安市", "City", "西安市", ["西安"])
    kg.add_node("place:成都市", "City", "成都市", ["成都"])
    kg.add_node("place:陕西省", "Province", "陕西省")
    kg.add_edge("place:西安市", "place:陕西省", "PART_OF")
    kg.add_edge(x, "place:西安市", "JURISDICTION")
    kg.add_edge(c, "place:成都市", "JURISDICTION")
    tasks = {
        f"{x}#1": (x, 1, "开展人工智能基础前沿技术研究"),
        f"{x}#2": (x, 2, "搭建人工智能开放创新平台"),
        f"{c}#1": (c, 1, "推动新一代人工智能创新应用平台建设"),
    }
    for tid, (plan, number, title) in tasks.items():
        kg.add_node(tid, "Task", title, plan=plan, number=str(number), title=title,
                    text=title + "。支持西安交通大学。", section=["四、重点任务"],
                    file="000.txt", start=100 * number, end=100 * number + 40)
        kg.add_edge(plan, tid, "HAS_TASK")
    depts = {
        "dept:西安市/市科学技术局": ("西安市科学技术局", ["市科技局"], "西安市"),
        "dept:西安市/市发展和改革委员会": ("西安市发展和改革委员会", ["市发改委"], "西安市"),
        "dept:成都市/市科学技术局": ("成都市科学技术局", ["市科技局"], "成都市"),
        "dept:成都市/" + HOSTILE: (HOSTILE, [], "成都市"),
    }
    for did, (name, aliases, place) in depts.items():
        kg.add_node(did, "Department", name, aliases, jurisdiction=place, level="city")
        kg.add_edge(did, "place:" + place, "PART_OF")
    kg.add_node("group:西安市/相关区县政府", "CollectiveActor", "相关区县政府", jurisdiction="西安市")

    def resp(unit: str, task: str, kind: str, label: str, rank: int, quote: str) -> None:
        kg.add_edge(unit, task, kind, label=label, rank=rank, plan=task.split("#")[0],
                    file="000.txt", start=10, end=10 + len(quote), quote=quote)

    q1 = "（牵头单位：市科技局；配合单位：市发改委、相关区县政府）"
    resp("dept:西安市/市科学技术局", f"{x}#1", "LEADS", "牵头单位", 1, q1)
    resp("dept:西安市/市发展和改革委员会", f"{x}#1", "SUPPORTS", "配合单位", 1, q1)
    resp("group:西安市/相关区县政府", f"{x}#1", "SUPPORTS", "配合单位", 2, q1)
    q2 = "（牵头单位：市发改委、市科技局）"
    resp("dept:西安市/市发展和改革委员会", f"{x}#2", "LEADS", "牵头单位", 1, q2)
    resp("dept:西安市/市科学技术局", f"{x}#2", "LEADS", "牵头单位", 2, q2)
    q3 = "［牵头单位：市科技局；责任单位：" + HOSTILE + "］"
    resp("dept:成都市/市科学技术局", f"{c}#1", "LEADS", "牵头单位", 1, q3)
    resp("dept:成都市/" + HOSTILE, f"{c}#1", "SUPPORTS", "责任单位", 1, q3)

    kg.add_node("university:西安交通大学", "University", "西安交通大学", ["西安交大"])
    kg.add_node("company:华为", "Company", "华为")
    kg.add_node("platform:西安交通大学国家应用数学中心", "Platform", "西安交通大学国家应用数学中心",
                kind="innovation_centre", level="national")
    kg.add_node("industry:智能制造", "Industry", "智能制造")

    def mention(src: str, entity: str, quote: str) -> None:
        plan = src.split("#")[0]
        kg.add_edge(src, entity, "MENTIONS", plan=plan, file="000.txt", start=5,
                    end=5 + len(quote), quote=quote)

    mention(f"{x}#1", "university:西安交通大学", "西安交大")
    mention(f"{x}#2", "company:华为", "华为")
    mention(f"{x}#2", "platform:西安交通大学国家应用数学中心", "西安交通大学国家应用数学中心")
    mention(x, "industry:智能制造", "智能制造")
    mention(c, "industry:智能制造", "智能制造")
    mention(c, "company:华为", "华为")
    kg.add_edge("university:西安交通大学", "platform:西安交通大学国家应用数学中心", "HOSTS",
                plan=x, file="000.txt", start=5, end=20, quote="西安交通大学国家应用数学中心")
    return kg


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    return make_small_kg()

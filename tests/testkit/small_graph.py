"""The tests' small graph: two plans of two cities, hand-countable, with one hostile name; the
rows each canned query gives on it, counted by hand; and :func:`replicate`, which makes a large
graph of many varied copies of a graph (for the load tests and the benchmarks).

Copy ``k`` of a replicated graph is another set of plans, tasks, units, places and platforms
whose ids and names carry the tag ``·k`` (copy 0 keeps the base names, so queries written for
the base still find it); universities, institutes, companies and industries come from a shared
pool, one pool variant per ``SHARE`` copies, so that an entity is mentioned by the plans of
many copies as in a real corpus.
"""

from __future__ import annotations

from policykg.graph.kg import KnowledgeGraph

HOSTILE = 'A"}\\\n`$x{}\'</script><script>alert(1)</script><img src=x onerror=alert(2)>'


def make_small_kg() -> KnowledgeGraph:
    """Two plans of two cities, three tasks, scoped departments, entities, reuse links and one
    hostile name.

    Hand-countable: plan X has tasks 1-2, plan C has task 1; 西安市科学技术局 leads X#1 and
    X#2; 西安市发展和改革委员会 supports X#1 and leads X#2; 成都市科学技术局 leads C#1; the
    hostile-named department supports C#1. X REUSES two passages of C (one in X#1 from C#1, one
    in a section of X from a section of C whose quote holds the hostile name), and C is
    SIMILAR_TO X by one passage (of a section of C, in X#2); X's text has 400 characters, C's
    200.
    """
    kg = KnowledgeGraph()
    x, c = "plan:西安市行动方案", "plan:成都市实施意见"
    kg.add_node(x, "Plan", "西安市行动方案", sources=["000.txt", "002.txt"],
                jurisdiction="西安市", doc_number="市政办发〔2020〕39号", date="2020-11-04",
                chars=400)
    kg.add_node(c, "Plan", "成都市实施意见", sources=["004.txt"], jurisdiction="成都市",
                chars=200)
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

    def reuse(kind: str, source: str, target: str, score: float, here: tuple, there: tuple
              ) -> None:
        """A reuse link; ``here`` and ``there``: (file, start, end, quote, task, section)."""
        names = ("file", "start", "end", "quote", "task", "section")
        kg.add_edge(source, target, kind, score=score, similarity=score, plans_sharing=2,
                    **dict(zip(names, here, strict=True)),
                    **{f"target_{n}": v for n, v in zip(names, there, strict=True)})

    reuse("REUSES", x, c, 0.9, ("000.txt", 110, 130, R1, f"{x}#1", S1),
          ("004.txt", 105, 125, R1C, f"{c}#1", S2))
    reuse("REUSES", x, c, 0.8, ("000.txt", 20, 50, R2, None, S3),
          ("004.txt", 30, 60, R2C, None, S4))
    reuse("SIMILAR_TO", c, x, 1.0, ("004.txt", 70, 80, R3, None, S4),
          ("000.txt", 300, 310, R3, f"{x}#2", S1))
    return kg


# The reuse links' quotes and sections.
R1 = "支持建设人工智能开放创新平台，推动算法模型开源开放。"
R1C = "支持建设人工智能开放创新平台，推进算法模型开源共享。"
R2 = "建立健全人工智能伦理审查机制，加强安全风险评估。"
R2C = "建立健全人工智能伦理审查制度，" + HOSTILE + "加强安全风险评估。"
R3 = "打造一批人工智能应用示范场景，形成可复制可推广的经验。"
S1, S2 = "四、重点任务", "二、主要任务 > （一）平台建设"
S3, S4 = "一、总体要求", "三、保障措施"


HOSTILE_ID = "dept:成都市/" + HOSTILE

X, C = "西安市行动方案", "成都市实施意见"
X1, X2 = "开展人工智能基础前沿技术研究", "搭建人工智能开放创新平台"
C1 = "推动新一代人工智能创新应用平台建设"
XA_STI, XA_NDRC, CD_STI = "西安市科学技术局", "西安市发展和改革委员会", "成都市科学技术局"
Q1 = "（牵头单位：市科技局；配合单位：市发改委、相关区县政府）"
Q2 = "（牵头单位：市发改委、市科技局）"
Q3 = "［牵头单位：市科技局；责任单位：" + HOSTILE + "］"
PLATFORM = "西安交通大学国家应用数学中心"

# (query, params, expected rows in order), counted by hand from make_small_kg().
CASES = [
    ("universities-by-plan", {}, [(X, "西安交通大学")]),
    ("companies-by-plan", {}, [(C, "华为"), (X, "华为")]),
    ("department-responsibilities", {"department": "市科技局"}, [
        (CD_STI, "LEADS", "牵头单位", C, C1, Q3),
        (XA_STI, "LEADS", "牵头单位", X, X1, Q1),
        (XA_STI, "LEADS", "牵头单位", X, X2, Q2),
    ]),
    ("department-responsibilities", {"department": XA_NDRC}, [
        (XA_NDRC, "SUPPORTS", "配合单位", X, X1, Q1),
        (XA_NDRC, "LEADS", "牵头单位", X, X2, Q2),
    ]),
    ("department-responsibilities", {"department": "相关区县政府"}, [
        ("相关区县政府", "SUPPORTS", "配合单位", X, X1, Q1),
    ]),
    ("department-responsibilities", {"department": HOSTILE}, [
        (HOSTILE, "SUPPORTS", "责任单位", C, C1, Q3),
    ]),
    ("department-responsibilities", {"department": "科技局"}, []),
    ("lead-departments", {}, [
        (XA_STI, "西安市", 2, 0),
        (XA_NDRC, "西安市", 1, 1),
        (CD_STI, "成都市", 1, 0),
        (HOSTILE, "成都市", 0, 1),
    ]),
    ("co-responsibility", {}, [(XA_NDRC, XA_STI, 2), (HOSTILE, CD_STI, 1)]),
    ("platform-hosts", {}, [(PLATFORM, "innovation_centre", "西安交通大学", "University")]),
    ("industries-by-city", {}, [("成都市", "智能制造", 1), ("西安市", "智能制造", 1)]),
    ("entity-plans", {"name": "华为"}, [
        ("华为", "Company", C, "华为"), ("华为", "Company", X, "华为"),
    ]),
    ("entity-plans", {"name": "西安交大"}, [("西安交通大学", "University", X, "西安交大")]),
    ("entity-plans", {"name": PLATFORM}, [(PLATFORM, "Platform", X, PLATFORM)]),
    ("shared-actors", {"plan_a": X, "plan_b": "plan:" + C}, [
        ("华为", "Company"), ("智能制造", "Industry"),
    ]),
    ("shared-actors", {"plan_a": "plan:" + X, "plan_b": X}, [
        ("华为", "Company"), ("智能制造", "Industry"), ("相关区县政府", "CollectiveActor"),
        ("西安交通大学", "University"), (PLATFORM, "Platform"), (XA_NDRC, "Department"),
        (XA_STI, "Department"),
    ]),
    ("plan-summary", {}, [(C, 1, 2, 0, 1, 0), (X, 2, 2, 1, 1, 1)]),
    ("reused-passages", {"plan": X}, [
        (X, "is similar to", C, 1.0, R3, X2, R3, S4),
        (X, "reuses", C, 0.9, R1, X1, R1C, C1),
        (X, "reuses", C, 0.8, R2, S3, R2C, S4),
    ]),
    ("reused-passages", {"plan": "plan:" + C}, [
        (C, "is similar to", X, 1.0, R3, S4, R3, X2),
        (C, "is reused by", X, 0.9, R1C, C1, R1, X1),
        (C, "is reused by", X, 0.8, R2C, S4, R2, S3),
    ]),
    ("plan-reuse", {}, [
        # X's passages cover (130 - 110) + (50 - 20) of its 400 characters, C's (125 - 105) +
        # (60 - 30) of 200; the similar passage 10 of 200 (C) and of 400 (X)
        (X, "REUSES", C, 2, 0.125, 0.25),
        (C, "SIMILAR_TO", X, 1, 0.05, 0.025),
    ]),
    ("task-origins", {"task": X1}, [(X1, X, "REUSES", R1, C, R1C, C1, 0.9)]),
    ("task-origins", {"task": "plan:" + X + "#2"}, [(X2, X, "SIMILAR_TO", R3, C, R3, S4, 1.0)]),
    ("task-origins", {"task": C1}, []),  # C#1 is the origin of X#1, not the reverse
]
CASE_IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]
# Values that would end a string literal, a group or a line if spliced into the query text.
HOSTILE_VALUES = [HOSTILE, '"', '" } } #', 'x"@zh } UNION { ?s ?p ?o } #', "\\", "a\nb", "}",
                  '"""', "'", "\\u0022", "\x00", ""]

# replicate: types whose nodes are shared by SHARE copies
SHARED_TYPES = ("University", "Institute", "Company", "Industry")
SHARE = 10


def _tag(k: int) -> str:
    return f"·{k}" if k else ""


def _variant(node: dict, copy: int) -> int:
    return copy // SHARE if node["type"] in SHARED_TYPES else copy


def _renamed(kg: KnowledgeGraph, id: str, k: int) -> str:
    """The id of node ``id`` in variant ``k``; a task keeps its ``#n`` after its plan's id."""
    plan, sep, number = id.partition("#")
    if sep and kg.node(id)["type"] == "Task":
        return f"{plan}{_tag(k)}#{number}"
    return id + _tag(k)


def replicate(base: KnowledgeGraph, copies: int) -> KnowledgeGraph:
    """``copies`` copies of ``base`` in one graph, names varied as the module says."""
    out = KnowledgeGraph()
    nodes = list(base.nodes())
    edges = list(base.edges())
    for copy in range(copies):
        ids = {}
        for node in nodes:
            k = _variant(node, copy)
            ids[node["id"]] = new = _renamed(base, node["id"], k)
            if new in out:
                continue
            props = {key: value for key, value in node.items()
                     if key not in ("id", "type", "name", "aliases")}
            if "plan" in props:
                props["plan"] = _renamed(base, props["plan"], copy)
            out.add_node(new, node["type"], node["name"] + _tag(k),
                         [a + _tag(k) for a in node.get("aliases", ())], **props)
        for edge in edges:
            props = {key: value for key, value in edge.items()
                     if key not in ("source", "target", "type")}
            for key in ("plan", "task", "target_task"):
                if key in props:
                    props[key] = ids.get(props[key], props[key])
            out.add_edge(ids[edge["source"]], ids[edge["target"]], edge["type"], **props)
    return out


# A value for each property an edge of the schema carries (schema/model.py), for every_type_kg.
EDGE_VALUES = {"label": "牵头单位", "rank": 1, "surface": "市科技局", "file": "x.txt", "start": 0,
               "end": 4, "quote": "原文引文", "rule": "dictionary", "cue": "实验室",
               "score": 0.8, "similarity": 0.9, "plans_sharing": 3, "section": "一、重点任务",
               "target_file": "y.txt", "target_start": 2, "target_end": 6,
               "target_quote": "原文引语", "target_section": "二、保障措施"}


def every_type_kg() -> KnowledgeGraph:
    """A graph with one node of every node type and one edge of every edge type of
    ``schema/model.py`` (from its first source type to its first target type), each edge with
    the properties the model gives it: what every table keyed by type must cover."""
    from policykg.schema.model import EDGE_TYPES, NODE_TYPES

    kg = KnowledgeGraph()
    plan = "plan:每类一个"
    ids = {name: plan if name == "Plan" else f"{name.lower()}:{name}" for name in NODE_TYPES}
    for name, id in ids.items():
        kg.add_node(id, name, f"{name}名称", plan=plan if name == "Task" else None)
    nodes = {"plan": plan, "task": ids["Task"], "target_task": ids["Task"]}
    for edge in EDGE_TYPES.values():
        values = {p: nodes[p] if p in nodes else EDGE_VALUES[p] for p in edge.properties}
        kg.add_edge(ids[edge.sources[0]], ids[edge.targets[0]], edge.name, **values)
    return kg

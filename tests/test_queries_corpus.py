"""Every canned query on the bundled corpus, against rows checked by hand in the source text of
the Xi'an plan (corpus/000), the Shaanxi plan (001) and the Chengdu 2018 opinions (004); and the
same tables from the embedded store and from a real Oxigraph server holding the same build.

Queries that span all plans are cut to the rows of these three plans (or of their units). Rows
the build gets wrong are listed in WRONG with the evidence, kept out of the expectations, and
checked to be the only extra rows, so a fix (or a new error) makes the test fail.
"""

from __future__ import annotations

import pytest

from policykg.graph.build import build
from policykg.graph.rdf import oxigraph_store
from policykg.loaders.documents import title_key
from policykg.queries import list_queries, run_query
from policykg.queries.embedded import query_oxigraph
from policykg.schema.model import MENTION_RULES
from policykg.stores.sparql.push import push_graph

X = "西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）"
S = "陕西省培育千亿级人工智能产业创新集群行动计划"
C = "成都市人民政府办公厅关于推动新一代人工智能发展的实施意见"
PLANS = (X, S, C)
JXW, KJJ = "成都市经济和信息化委员会", "成都市科学技术局"  # 市经信委, 市科技局 in 004
SH = "上海市推动新一代人工智能发展的实施意见"  # the Shanghai opinions of 2017, in 002
PARAMS = {
    "department-responsibilities": {"department": JXW},
    "entity-plans": {"name": "西安交通大学"},
    "shared-actors": {"plan_a": X, "plan_b": S},
    "reused-passages": {"plan": C},
    "task-origins": {"task": "开展人工智能社会实验"},
}

# Wrong rows of the build, with the evidence in the source text (none known at present).
# Not an error: 001 names 华为 only inside "华为西安研究所等与西安电子科技大学…" (offset 619):
# the Institute 华为西安研究所 is the mention of the whole name, and the company it belongs to
# is named inside it, as a host is inside a platform's name; the gold (tests/gold/001) lists
# both, as it lists 新华三 of 新华三成都研究院 and 清华大学 of 清华大学合肥公共安全研究院 (002).
WRONG: dict[str, set[tuple]] = {
    # 004 line 3 and 002 line 235 each open by citing the State Council's plan of 2017
    # (国发〔2017〕35号): a formula many plans use, not a measure one took from the other.
    "reused-passages": {(C, "is similar to", SH, 0.7715,
                         "为深入贯彻落实国务院《关于印发新一代人工智能发展规划的通知》（国发〔2017〕35号），", "",
                         "为贯彻落实国家《新一代人工智能发展规划》（国发〔2017〕35号），", "")},
}

UNIVERSITIES = [  # 000 lines 60-62, 108; 001 lines 51-59, 141, 221, 335 …; none in 004
    (X, "西北工业大学"), (X, "西安交通大学"), (X, "西安电子科技大学"),
    (S, "西北工业大学"), (S, "西安交通大学"), (S, "西安理工大学"), (S, "西安电子科技大学"),
    (S, "西安邮电大学"), (S, "长安大学"),
]
COMPANIES = [  # 000 lines 66 and 72; 001: 法士特、比亚迪, 延长和陕煤集团, 中兴通讯, 西安天和防务,
    # 长安大学车联网教育部-中国移动联合实验室, 华为西安研究所; 004: 金融 task (责任单位：成都银行、
    # 成都农商银行、锦泰保险公司)
    (C, "成都农商银行"), (C, "成都银行"), (C, "锦泰保险公司"),
    (X, "三星"), (X, "云从科技"), (X, "华为"), (X, "商汤科技"), (X, "寒武纪"), (X, "科大讯飞"),
    (X, "紫光国芯"), (X, "美光"),
    (S, "中兴通讯"), (S, "中国移动"), (S, "华为"), (S, "延长石油"), (S, "比亚迪"), (S, "法士特"),
    (S, "西安天和防务"), (S, "陕煤集团"),
]


def _resp(role: str, task: str, quote: str) -> tuple[str, ...]:
    return (JXW, role, "牵头单位" if role == "LEADS" else "责任单位", C, task, quote)


JXW_TASKS = [  # every annotation of 004 naming 市经信委 (lines 12-28), by task title
    _resp("SUPPORTS", "“人工智能+健康医疗”工程", "（牵头单位：市卫计委；责任单位：市经信委、市科技局）"),
    _resp("LEADS", "“人工智能+军民融合”工程", "（牵头单位：市经信委；责任单位：市科技局）"),
    _resp("LEADS", "“人工智能+智能制造”工程", "（牵头单位：市经信委；责任单位：市科技局）"),
    _resp("SUPPORTS", "加大高端人工智能人才引进力度",
          "（牵头单位：市人才办；责任单位：市经信委、市科技局、市财政局、市新经济委）"),
    _resp("SUPPORTS", "加强引进人工智能龙头企业", "（牵头单位：市投促委；责任单位：市经信委、市新经济委）"),
    _resp("LEADS", "加快发展智能网联汽车",
          "（牵头单位：市经信委；责任单位：市科技局，成都高新区、成都经开区管委会）"),
    _resp("SUPPORTS", "加快培育人工智能领军企业",
          "（牵头单位：市科技局；责任单位：市经信委、市财政局、市新经济委）"),
    _resp("SUPPORTS", "培育高水平人工智能创新人才和团队", "（牵头单位：市科技局；责任单位：市经信委、市新经济委）"),
    _resp("SUPPORTS", "完善人工智能服务支撑体系", "（牵头单位：市科技局；责任单位：市经信委、市质监局）"),
    _resp("SUPPORTS", "打造人工智能创新示范基地",
          "（牵头单位：市科技局；责任单位：市发改委、市经信委、市新经济委）"),
    _resp("SUPPORTS", "推动新一代人工智能创新应用平台建设",
          "［牵头单位：市科技局；责任单位：市发改委、市经信委，有关区（市）县政府］"),
    _resp("LEADS", "深化发展智能软硬件", "（牵头单位：市经信委；责任单位：市科技局）"),
    _resp("LEADS", "集成发展智能机器人", "［牵头单位：市经信委；责任单位：市科技局，有关区（市）县政府］"),
]
# Co-responsible with 市经信委 in 004: 市科技局 in 12 of its 13 tasks (not 加强引进…龙头企业),
# 市新经济委 in 5, 市发改委 and 市财政局 in 2, 市人才办, 市卫计委, 市投促委 and 市质监局 in 1.
CO_RESPONSIBLE = [
    (KJJ, JXW, 12), ("成都市新经济发展委员会", JXW, 5), ("成都市发展和改革委员会", JXW, 2),
    (JXW, "成都市财政局", 2), ("成都市人才工作领导小组办公室", JXW, 1),
    ("成都市卫生和计划生育委员会", JXW, 1), ("成都市投资促进委员会", JXW, 1),
    (JXW, "成都市质量技术监督局", 1),
]
# Platforms of 001 named after their host university (lines 221-388); kinds from their names.
HOSTS = [
    ("西北工业大学无人机系统国家工程研究中心", "engineering_centre", "西北工业大学", "University"),
    ("西安交通大学人机混合增强智能全国重点实验室", "lab", "西安交通大学", "University"),
    ("西安交通大学视觉信息处理与应用国家工程研究中心", "engineering_centre", "西安交通大学",
     "University"),
    ("西安电子科技大学国家人工智能产教融合创新平台", "open_platform", "西安电子科技大学", "University"),
    ("西安电子科技大学智能感知与图像理解教育部重点实验室", "lab", "西安电子科技大学", "University"),
    ("长安大学车联网教育部-中国移动联合实验室", "lab", "长安大学", "University"),
]
# Industries the Xi'an plan names (each found in 000); Xi'an issued no other plan of the corpus.
# Not industries: 公共服务, 文化旅游, 网络安全, 云计算 and 智慧物流, which 000 names only as
# modifiers of another noun ("提高旅游公共服务能力", "文化旅游资源的深度开发", "网络安全技术设备")
# or in a facility's name ("云计算中心建设", "打造西北智慧物流中心"); 北斗导航, only as new
# infrastructure ("加快物联网、北斗导航、5G、大数据等新型基础设施建设"); 5G, 大数据, 物联网 and
# 智能视觉, only as technologies ("应用 5G、大数据、物联网、智能控制、智能视觉等技术") or in
# 市大数据局, and 大数据 once more in "打造大数据和互联网医疗综合服务人工智能体系", where no verb
# treats it as an industry (the shared gold of 000 lists 大数据: a judgement call). Found by
# shape or from the national classifications: 数字娱乐 and 动漫游戏 ("推动人工智能技术在创意设计、
# 数字文博、数字娱乐、传媒影视、动漫游戏、电子竞技…"), 物流装备 ("…加工配送等物流装备研发"),
# 智慧会展 ("建设智能化设施及智慧会展…"), 互联网医疗 (above); the shared gold leaves them out.
XIAN_INDUSTRIES = [
    "互联网医疗", "先进制造", "军民两用", "军民融合", "动漫游戏", "可穿戴设备", "商贸物流",
    "基础软件", "大数据", "工业机器人", "数字娱乐", "文创旅游", "无人机", "无人车", "无人驾驶", "智慧会展",
    "智慧城市", "智慧旅游", "智能传感器", "智能制造", "智能安防", "智能教育", "智能无人系统",
    "智能机器人", "智能汽车", "智能物流", "智能硬件", "智能终端", "智能芯片", "智能软件", "智能运载工具",
    "服务机器人", "物流装备", "特种机器人", "自动驾驶",
]
# 大数据 (000 line 76) is listed with 先进制造 and 智能芯片 among the "重点领域和产业方向", as the
# shared gold of 000 has it.
# Named in both 000 and 001 (001 has no responsibility annotations, so no shared unit). Not
# shared: 公共服务, 文化旅游, 网络安全, 云计算 and 智慧物流, which 000 names only as modifiers or in
# a facility's name, 5G and 物联网, which it names only as technologies, and 大数据, which 001
# names only as a technology; 智能硬件 and 智能软件, which 001 names only inside 人工智能硬件, 人工智能软件
# (AI hardware and software), and 智能终端, only in "智能终端平台技术" (tests/gold/001 leaves all
# three out).
SHARED = [
    ("华为", "Company"), ("可穿戴设备", "Industry"),
    ("工业机器人", "Industry"), ("无人机", "Industry"), ("无人驾驶", "Industry"), ("智慧城市", "Industry"),
    ("智慧旅游", "Industry"), ("智能传感器", "Industry"), ("智能制造", "Industry"),
    ("智能机器人", "Industry"), ("智能汽车", "Industry"), ("智能物流", "Industry"),
    ("智能芯片", "Industry"), ("服务机器人", "Industry"),
    ("自动驾驶", "Industry"), ("西北工业大学", "University"), ("西咸新区", "District"),
    ("西安交通大学", "University"), ("西安市", "City"), ("西安电子科技大学", "University"),
    ("西安高新区", "District"),
]


# Passages of 004 alike to passages of the Shanghai opinions (002) and of 000. 004 line 29 and
# 002 line 275 share a sentence word for word (the example); 000 line 126 (task 20,
# 开展人工智能社会实验) and 004's last measure (五、保障措施 （三）) name the same policy areas.
# No plan of the three is dated by the loaders in a way that tells which is earlier (004 and
# 002's Shanghai plan carry no date), so the links are SIMILAR_TO.
JUDICIAL = "推动司法业务智能化记录、核查、评价，推动执法管理智能化联动，促进智慧法庭建设。"
POLICY_X = "制定适应人工智能的教育、医疗、保险、社会救助等政策体系。"
POLICY_C = "研究完善适应人工智能快速发展的教育、医疗、保险、社会救助等政策体系。"
CHENGDU_REUSE = [
    (C, "is similar to", SH, 1.0, JUDICIAL, "“人工智能+公共服务”工程", JUDICIAL,
     "二、拓展人工智能融合应用场景 > （四）强化决策辅助促进公共服务提质增效"),
    (C, "is similar to", X, 0.8387, POLICY_C, "五、保障措施 > （三）完善政策保障", POLICY_X,
     "开展人工智能社会实验"),
]
# Pairs of the three plans: 000 and 004 share the sentence above (29 of 000's 5011 characters,
# 35 of 004's 4330); 000 and 001 four clauses: 智能化装卸搬运…物流装备研发和推广应用 (000 line
# 92, 001 lines 585-587), the universities' AI disciplines (000 line 108, 001 lines 221-223)
# and two clauses that name the same universities of Xi'an for other measures (000 lines 60
# and 108, 001 lines 139-141 and 386-388): alike words, not one measure; 001 and 004 one clause
# word for word, 推进智能制造关键技术装备、核心支撑软件、工业互联网等系统集成应用 (001 lines
# 521-523, 004 line 28).
PLAN_REUSE = [
    (X, "SIMILAR_TO", S, 4, 0.023, 0.014),
    (X, "SIMILAR_TO", C, 1, 0.006, 0.008),
    (S, "SIMILAR_TO", C, 1, 0.003, 0.008),
]
TASK_ORIGINS = [("开展人工智能社会实验", X, "SIMILAR_TO", POLICY_X, C, POLICY_C,
                 "五、保障措施 > （三）完善政策保障", 0.8387)]


def _of_plans(column: int):
    return lambda rows: [r for r in rows if r[column] in PLANS]


def _by_value(column: int, values):
    return lambda rows: [r for r in rows if r[column] in values]


def _summary(rows):  # platforms left out: generic phrases (人工智能场景创新中心) count as platforms
    return [r[:5] for r in rows if r[0] in PLANS]


# (query, how the rows are cut, expected rows in the runner's order)
CASES = {
    "universities-by-plan": (_of_plans(0), sorted(UNIVERSITIES)),
    "companies-by-plan": (_of_plans(0), COMPANIES),
    "department-responsibilities": (list, JXW_TASKS),
    "lead-departments": (_by_value(0, {JXW}), [(JXW, "成都市", 5, 8)]),
    "co-responsibility": (lambda rows: [r for r in rows if JXW in r[:2]], CO_RESPONSIBLE),
    "platform-hosts": (_by_value(0, {h[0] for h in HOSTS}), HOSTS),
    "industries-by-city": (_by_value(0, {"西安市"}), [("西安市", i, 1) for i in XIAN_INDUSTRIES]),
    "entity-plans": (list, [("西安交通大学", "University", X, "西安交通大学"),
                            ("西安交通大学", "University", S, "西安交通大学")]),
    "shared-actors": (list, SHARED),
    "plan-summary": (_summary, [(C, 20, 21, 0, 3), (X, 24, 23, 3, 8), (S, 0, 0, 6, 8)]),
    "reused-passages": (_by_value(2, {SH, X}), CHENGDU_REUSE),
    "plan-reuse": (lambda rows: [r for r in rows if r[0] in PLANS and r[2] in PLANS],
                   PLAN_REUSE),
    "task-origins": (list, TASK_ORIGINS),
}


@pytest.fixture(scope="module")
def corpus():
    return build(None, on_problem=lambda problem: None)  # the bundled corpus


@pytest.fixture(scope="module")
def tables(corpus):
    """Every canned query's full table on the embedded store, sorted as the runner sorts."""
    store = oxigraph_store(corpus)
    return {q.name: q.sort(query_oxigraph(store, q, PARAMS.get(q.name, {})))
            for q in list_queries()}


def test_every_mention_of_the_corpus_is_found_by_a_rule_of_the_model(corpus):
    rules = {e["rule"] for e in corpus.edges("MENTIONS")}
    assert rules <= set(MENTION_RULES) and "context" in rules


def test_every_canned_query_has_corpus_rows():
    assert set(CASES) == {q.name for q in list_queries()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hand_checked_rows_on_the_corpus(tables, name):
    cut, expected = CASES[name]
    rows = cut(tables[name])
    wrong = WRONG.get(name, set())
    assert [r for r in rows if r not in wrong] == expected
    assert wrong <= set(rows), "a known error of the build is gone: update WRONG and the rows"


def test_the_server_returns_identical_tables(corpus, tables, oxigraph_url):
    graph = "https://example.org/corpus"
    push_graph(corpus, f"{oxigraph_url}/update", graph_iri=graph)
    for query in list_queries():
        on_server = run_query(query.name, PARAMS.get(query.name),
                              endpoint=f"{oxigraph_url}/query", graph_iri=graph)
        assert on_server.rows == tables[query.name], query.name


def test_a_company_named_inside_its_institute(corpus):
    """001 line 51, "华为西安研究所等与西安电子科技大学…": the Institute is the whole name; the
    Shaanxi plan's only mention of the Company 华为 lies inside it."""
    plan = "plan:" + title_key(S)
    spans = {(e["target"], e["start"], e["end"]) for e in corpus.edges("MENTIONS")
             if e["plan"] == plan and e["target"] in ("institute:华为西安研究所", "company:华为")}
    (_, start, end), = [s for s in spans if s[0] == "institute:华为西安研究所"]
    assert {s for s in spans if s[0] == "company:华为"} == {("company:华为", start, start + 2)}
    assert end - start == len("华为西安研究所")

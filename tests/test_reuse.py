"""The passage-reuse engine on texts written for these tests (none is from the corpus)."""

from __future__ import annotations

import re

import pytest
from datasketch import MinHash

from policykg.graph.reuse import PlanText, find_reuse, plan_texts
from policykg.graph.reuse.engine import NUM_PERM, SEED, later, shingle_hashes, signatures
from policykg.loaders.passages import key_of, passages

# Sentences every plan of the fixture repeats: boilerplate.
BOILERPLATE = ("各有关部门要加强组织领导，强化资金保障，建立健全工作推进机制，确保各项任务落到实处。"
               "本方案自印发之日起施行，由市发展改革部门会同有关部门负责解释。")
# One measure of its own per plan, on unrelated topics.
TOPICS = {
    "农业": "建设高标准农田示范片区，推广水稻机插秧和无人机植保作业，提升粮食生产全程机械化水平。",
    "水务": "实施城区老旧供水管网改造工程，降低管网漏损率，保障居民饮用水水质安全稳定达标。",
    "文旅": "打造运河文化主题旅游线路，修缮沿线历史街区和古桥古井，培育夜间文旅消费新场景。",
    "教育": "新建和改扩建一批公办幼儿园，扩大普惠性学前教育资源供给，缓解城区入园难问题。",
    "交通": "优化公交线网布局，开通社区微循环公交线路，推动公交站点与地铁站点无缝衔接换乘。",
    "养老": "推进社区嵌入式养老服务设施建设，发展老年助餐服务，为失能老人提供上门照护服务。",
}
COPIED = "支持建设智能网联汽车封闭测试场，开放城市道路开展自动驾驶车辆道路测试和示范运营。"
REWORDED = ("鼓励银行机构开发知识产权质押贷款产品，对科技型中小企业给予贷款贴息和担保费补贴。",
            "引导银行机构开发知识产权质押融资产品，对科技型中小企业给予贷款贴息和担保费用补助。")
CLAUSE_ADDED = ("建立人才公寓保障体系，为引进的高层次人才提供租房补贴和子女入学便利。",
                "建立人才公寓保障体系，为引进的高层次人才和青年大学生提供租房补贴、购房优惠和子女入学便利。")


def town_plans(extra: dict[str, str] | None = None,
               dates: dict[str, str] | None = None) -> list[PlanText]:
    """One plan per topic: its own measure and the boilerplate, plus ``extra`` text."""
    extra, dates = extra or {}, dates or {}
    return [PlanText.of(f"plan:{topic}", f"一、重点任务\n{text}{extra.get(topic, '')}\n"
                                         f"二、保障措施\n{BOILERPLATE}\n", dates.get(topic))
            for topic, text in TOPICS.items()]


def quotes(link) -> tuple[str, str]:
    return link.source_passage.quote, link.target_passage.quote


# -- what counts as reuse -----------------------------------------------------------------
@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_unrelated_plans_sharing_only_boilerplate_are_not_linked(method):
    assert find_reuse(town_plans(), method=method) == []


def test_boilerplate_counts_where_few_plans_share_it():
    """The same sentences, held by two plans of six, are a link: the weight comes from how many
    plans share a passage, not from its words."""
    plans = [PlanText.of("plan:甲", f"{COPIED}\n{BOILERPLATE}"),
             PlanText.of("plan:乙", f"{TOPICS['农业']}\n{BOILERPLATE}"),
             *(PlanText.of(f"plan:{topic}", text) for topic, text in list(TOPICS.items())[1:5])]
    links = find_reuse(plans)
    assert {link.source_passage.quote for link in links} == set(re.findall(r"[^。]+。",
                                                                          BOILERPLATE))
    assert all(link.plans_sharing == 2 and link.score == 1.0 for link in links)


@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_a_copied_sentence(method):
    plans = town_plans({"农业": COPIED, "交通": "加快建设车路协同基础设施。" + COPIED})
    (link,) = find_reuse(plans, method=method)
    assert {link.source, link.target} == {"plan:农业", "plan:交通"}
    assert quotes(link) == (COPIED, COPIED)
    assert link.similarity == link.score == 1.0
    assert link.plans_sharing == 2


@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_a_reworded_sentence(method):
    plans = town_plans({"水务": REWORDED[0], "教育": REWORDED[1]})
    (link,) = find_reuse(plans, method=method)
    assert set(quotes(link)) == set(REWORDED)
    assert 0.8 <= link.similarity < 1.0


@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_a_passage_with_a_clause_added(method):
    plans = town_plans({"文旅": CLAUSE_ADDED[0], "养老": CLAUSE_ADDED[1]})
    (link,) = find_reuse(plans, method=method)
    assert set(quotes(link)) == set(CLAUSE_ADDED)
    assert link.similarity < 1.0


def test_the_shared_clauses_of_two_sentences_are_quoted():
    """Clauses before and after the part the alignment matches are no part of the quote."""
    plans = town_plans({"农业": "按照统一部署，" + COPIED, "水务": COPIED[:-1] + "等工作。"})
    (link,) = find_reuse(plans)
    assert quotes(link) == (COPIED, COPIED[:-1] + "等工作。")


def test_a_shared_clause_met_from_both_sides_is_one_link():
    """Each sentence is alike to the other's clause, the sentences are not: one link."""
    clause = "推进城市大脑数据中台建设和业务协同的全流程闭环管理与考核评价"  # 30 characters
    plans = town_plans({"农业": f"统筹各方力量并强化要素保障，{clause}。",
                        "水务": f"{clause}，力争于三年内在全市范围形成示范。"})
    (link,) = find_reuse(plans)
    assert quotes(link) == (f"{clause}。", f"{clause}，")


def test_a_passage_below_the_threshold_is_not_linked():
    plans = town_plans({"水务": REWORDED[0], "教育": REWORDED[1]})
    assert find_reuse(plans, threshold=0.95) == []


# -- direction ----------------------------------------------------------------------------
def test_the_later_plan_reuses_the_earlier():
    plans = town_plans({"农业": COPIED, "交通": COPIED},
                       dates={"农业": "2021-03-02", "交通": "2019-05-20"})
    (link,) = find_reuse(plans)
    assert (link.type, link.source, link.target) == ("REUSES", "plan:农业", "plan:交通")


@pytest.mark.parametrize("dates", [{"农业": "2021-03-02"}, {},
                                   {"农业": "2021", "交通": "2021-05-20"}])
def test_plans_without_two_dates_that_differ_are_similar(dates):
    plans = town_plans({"农业": COPIED, "交通": COPIED}, dates=dates)
    (link,) = find_reuse(plans)
    assert link.type == "SIMILAR_TO"
    assert (link.source, link.target) == ("plan:农业", "plan:交通")  # in the order given


def test_dates_compare_at_their_common_precision():
    assert later("2021-03-02", "2020-12-31") == 1
    assert later("2020-12", "2021") == -1
    assert later("2020", "2020-11-04") == 0
    assert later(None, "2020") == 0


# -- spans and quotes in the files ---------------------------------------------------------
def write_plan(path, title: str, body: str) -> None:
    path.write_text(f"{title}\n{body}\n", encoding="utf-8")


def test_spans_and_quotes_are_exact_in_the_source_files(tmp_path):
    """A markdown file is cleaned (indentation, bold marks go): the quote is still the text of
    the file at the span, markup included."""
    marked = "**支持建设智能网联汽车封闭测试场**，开放城市道路开展自动驾驶车辆道路测试和示范运营。"
    write_plan(tmp_path / "a.md", "# 甲市智能交通发展行动方案", "\u3000\u3000" + marked)
    write_plan(tmp_path / "b.txt", "乙市智能交通发展行动方案", "\u3000\u3000" + COPIED)
    for topic, text in TOPICS.items():
        write_plan(tmp_path / f"{topic}.txt", f"{topic}行动方案", text)
    (link,) = find_reuse(list(plan_texts([tmp_path])))
    for span in (link.source_passage, link.target_passage):
        original = (tmp_path / span.file).read_text(encoding="utf-8")
        assert original[span.start:span.end] == span.quote
    assert {link.source_passage.quote, link.target_passage.quote} == {marked[2:], COPIED}


def test_plan_texts_take_the_body_of_each_plan_once(tmp_path):
    notice = ("丙市人民政府办公厅关于印发丙市数字经济发展实施方案的通知\n"
              "各区人民政府，市政府各部门：\n"
              "《丙市数字经济发展实施方案》已经市政府同意，现印发给你们，请结合实际认真贯彻执行。\n"
              "丙市人民政府办公厅\n2021年6月8日\n")
    text = notice + "丙市数字经济发展实施方案\n" + COPIED + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text("丙市数字经济发展实施方案\n" + COPIED + "\n", encoding="utf-8")
    (plan,) = plan_texts([tmp_path])
    assert plan.plan == "plan:丙市数字经济发展实施方案"
    assert plan.date == "2021-06-08"
    assert [p.span.file for p in plan.passages] == ["a.txt"]
    assert [p.text for p in plan.passages] == [COPIED]  # the notice is no passage


def test_a_plan_without_a_date_is_dated_by_the_period_in_its_title(tmp_path):
    write_plan(tmp_path / "a.txt", "丁市智慧城市建设三年行动计划（2019—2021年）", COPIED)
    write_plan(tmp_path / "b.txt", "戊市智慧城市建设实施方案", COPIED)
    assert [plan.date for plan in plan_texts([tmp_path])] == ["2019", None]


def test_plan_texts_report_a_file_that_cannot_be_read_and_read_the_others(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    write_plan(tmp_path / "b.txt", "乙市智能交通发展行动方案", COPIED)
    problems = []
    plans = list(plan_texts([tmp_path], on_problem=problems.append))
    assert [plan.plan for plan in plans] == ["plan:乙市智能交通发展行动方案"]
    assert [problem.path for problem in problems] == [str(tmp_path / "a.txt")]


# -- passages -------------------------------------------------------------------------------
def test_passages_are_sentences_and_their_long_clauses():
    long_clause = "推动人工智能与实体经济深度融合发展的各项重点任务全面落地见效"
    text = f"1. {long_clause}，加强统筹。短句。\n（二）{COPIED}"
    found = passages(text)
    assert [(p.text, p.clause) for p in found] == [
        (f"{long_clause}，加强统筹。", False),
        (f"{long_clause}，", True),
        (COPIED, False),  # its clauses are short
    ]
    assert all(text[p.start:p.end] == p.text for p in found)


def test_a_bracketed_annotation_is_one_passage():
    note = "（牵头单位：市科技局；配合单位：市发展改革委、市工业和信息化局、各区人民政府）"
    found = passages(f"{COPIED}{note}")
    assert [p.text for p in found if not p.clause] == [COPIED, note]


def test_passages_skip_spans_and_short_text():
    text = f"{COPIED}\n{COPIED}\n"
    found = passages(text, [(0, len(COPIED))])
    assert [p.start for p in found if not p.clause] == [len(COPIED) + 1]
    assert passages("加强组织领导。强化资金保障。") == []


def test_keys_ignore_spaces_and_full_width_forms():
    assert key_of("给予最高 ５００ 万元补贴") == key_of("给予最高500万元补贴")


# -- hashing, determinism, bad input ----------------------------------------------------------
def test_signatures_are_datasketchs_minhash():
    keys = [COPIED, REWORDED[0], "abc"]
    for key, row in zip(keys, signatures(keys), strict=True):
        minhash = MinHash(NUM_PERM, seed=SEED, hashfunc=int)
        minhash.update_batch([int(h) for h in shingle_hashes(key)])
        assert (minhash.hashvalues == row).all()


def test_output_is_deterministic():
    plans = town_plans({"农业": COPIED + REWORDED[0], "交通": COPIED, "水务": REWORDED[1]})
    first = find_reuse(plans)
    assert len(first) == 2
    assert first == find_reuse(plans) == find_reuse(plans, method="exhaustive")


@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_a_plan_repeating_itself_is_no_reuse(method):
    assert find_reuse(town_plans({"农业": COPIED + COPIED}), method=method) == []


@pytest.mark.parametrize("method", ["lsh", "exhaustive"])
def test_fewer_than_two_plans_with_passages_have_no_links(method):
    assert find_reuse([], method=method) == []
    assert find_reuse([PlanText.of("plan:甲", COPIED), PlanText.of("plan:乙", "短句。")],
                      method=method) == []


def test_bad_arguments_are_named():
    plans = town_plans()
    with pytest.raises(ValueError, match="plan:农业"):
        find_reuse(plans + plans[:1])
    with pytest.raises(ValueError, match="method"):
        find_reuse(plans, method="fast")
    with pytest.raises(ValueError, match="threshold"):
        find_reuse(plans, threshold=80)

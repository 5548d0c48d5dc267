"""Responsibility annotations: every form, exact spans, the role rule, and the gold files."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.annotations import Annotation, edges, find_annotations

from testkit.gold import shared_gold_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def rows(text: str, annotation: Annotation) -> list[tuple]:
    """(label, kind, surface, name, start, end, rank) of every unit, checking each span."""
    out = []
    for role in annotation.roles:
        for unit in role.units:
            assert "".join(ch for ch in text[unit.start:unit.end] if not ch.isspace()) \
                == unit.surface
            out.append((role.label, role.kind, unit.surface, unit.name, unit.start, unit.end,
                        unit.rank))
    return out


def at(text: str, surface: str, after: int = 0) -> tuple[int, int]:
    start = text.index(surface, after)
    return start, start + len(surface)


def only(text: str) -> Annotation:
    found = find_annotations(text)
    assert len(found) == 1, found
    assert found[0].text == text[found[0].start:found[0].end]
    return found[0]


def test_lead_and_support_with_trailing_deng():
    written = "（牵头单位：市科技局；配合单位：市发改委、市工信局等）"
    text = f"推进研究。{written}下一句。"
    annotation = only(text)
    assert (annotation.start, annotation.end) == at(text, written)
    assert rows(text, annotation) == [
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1),
        ("配合单位", "support", "市发改委", "市发改委", *at(text, "市发改委"), 1),
        ("配合单位", "support", "市工信局", "市工信局", *at(text, "市工信局"), 2),
    ]
    assert annotation.warnings == ()


def test_two_leads():
    text = "（牵头单位：市科技局、市工信局；配合单位：各区人民政府）"
    assert rows(text, only(text)) == [
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1),
        ("牵头单位", "lead", "市工信局", "市工信局", *at(text, "市工信局"), 2),
        ("配合单位", "support", "各区人民政府", "各区人民政府", *at(text, "各区人民政府"), 1),
    ]


def test_square_brackets_lead_and_responsible_with_bracketed_unit():
    text = "建设平台。［牵头单位：市科技局；责任单位：市发改委，有关区（市）县政府］　　"
    annotation = only(text)
    assert annotation.text == "［牵头单位：市科技局；责任单位：市发改委，有关区（市）县政府］"
    assert rows(text, annotation) == [
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1),
        ("责任单位", "responsible", "市发改委", "市发改委", *at(text, "市发改委"), 1),
        ("责任单位", "responsible", "有关区（市）县政府", "有关区（市）县政府",
         *at(text, "有关区（市）县政府"), 2),
    ]
    assert [(kind, unit.surface) for kind, _, unit in edges(annotation)] == [
        ("LEADS", "市科技局"), ("SUPPORTS", "市发改委"), ("SUPPORTS", "有关区（市）县政府")]


def test_responsible_only_leads_jointly():
    text = "（责任单位：市科技局、市财政局、各区人民政府）"
    annotation = only(text)
    assert [(kind, role.label, unit.surface, unit.rank) for kind, role, unit in
            edges(annotation)] == [
        ("LEADS", "责任单位", "市科技局", 1), ("LEADS", "责任单位", "市财政局", 2),
        ("LEADS", "责任单位", "各区人民政府", 3)]


def test_half_width_brackets_and_colon():
    text = "给予补贴。(责任部门:市经信局、市财政局)"
    annotation = only(text)
    assert annotation.text == "(责任部门:市经信局、市财政局)"
    assert rows(text, annotation) == [
        ("责任部门", "responsible", "市经信局", "市经信局", *at(text, "市经信局"), 1),
        ("责任部门", "responsible", "市财政局", "市财政局", *at(text, "市财政局"), 2),
    ]


@pytest.mark.parametrize("opening, closing", [("〔", "〕"), ("〈", "〉"), ("【", "】"), ("[", "]")])
def test_other_bracket_shapes(opening, closing):
    text = f"句子。{opening}牵头单位：市科技局；配合单位：市财政局{closing}后文"
    annotation = only(text)
    assert annotation.text == f"{opening}牵头单位：市科技局；配合单位：市财政局{closing}"
    assert [row[:3] for row in rows(text, annotation)] == [
        ("牵头单位", "lead", "市科技局"), ("配合单位", "support", "市财政局")]


def test_comma_where_a_semicolon_is_expected():
    text = "（牵头单位：市科技局，配合单位：市财政局）"
    assert rows(text, only(text)) == [
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1),
        ("配合单位", "support", "市财政局", "市财政局", *at(text, "市财政局"), 1),
    ]


def test_compound_labels():
    text = "（牵头责任单位：市教育局；主要责任单位：市人社局）"
    assert [row[:3] for row in rows(text, only(text))] == [
        ("牵头责任单位", "lead", "市教育局"), ("主要责任单位", "lead", "市人社局")]


def test_main_and_cooperating_labels():
    text = "（主责单位：市科技局；协同单位：市财政局；参与单位：各区县政府）"
    annotation = only(text)
    assert [(kind, role.label, role.kind, unit.surface) for kind, role, unit in
            edges(annotation)] == [
        ("LEADS", "主责单位", "responsible", "市科技局"),
        ("SUPPORTS", "协同单位", "support", "市财政局"),
        ("SUPPORTS", "参与单位", "support", "各区县政府"),
    ]


def test_suffix_form_with_prefix_distribution():
    text = "（省工业和信息化厅牵头，省发展改革委、科技厅配合）"
    annotation = only(text)
    assert (annotation.start, annotation.end) == (0, len(text))
    assert rows(text, annotation) == [
        ("牵头", "lead", "省工业和信息化厅", "省工业和信息化厅", *at(text, "省工业和信息化厅"), 1),
        ("配合", "support", "省发展改革委", "省发展改革委", *at(text, "省发展改革委"), 1),
        ("配合", "support", "科技厅", "省科技厅", *at(text, "科技厅", 15), 2),
    ]


def test_suffix_form_lead_only_and_with_you_and_fuze():
    text = "加快发展。（市科技局牵头）继续推进。（由市发改委牵头负责）"
    first, second = find_annotations(text)
    assert first.text == "（市科技局牵头）"
    assert rows(text, first) == [
        ("牵头", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1)]
    assert second.text == "（由市发改委牵头负责）"
    assert rows(text, second) == [
        ("牵头", "lead", "市发改委", "市发改委", *at(text, "市发改委"), 1)]


def test_suffix_form_by_responsibility():
    text = "（市工业和信息化局、市科技局等按职责分工负责）"
    annotation = only(text)
    assert [(kind, unit.surface) for kind, _, unit in edges(annotation)] == [
        ("LEADS", "市工业和信息化局"), ("LEADS", "市科技局")]


def test_annotation_on_a_line_of_its_own():
    text = "开展研究。\n牵头单位：市科技局；配合单位：市财政局\n2. 下一项。"
    annotation = only(text)
    assert annotation.text == "牵头单位：市科技局；配合单位：市财政局"
    assert rows(text, annotation) == [
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 1),
        ("配合单位", "support", "市财政局", "市财政局", *at(text, "市财政局"), 1),
    ]


def test_annotation_after_a_sentence_end_without_brackets():
    text = "开展研究。责任单位：市科技局、市财政局。"
    annotation = only(text)
    assert annotation.text == "责任单位：市科技局、市财政局"
    assert [row[2] for row in rows(text, annotation)] == ["市科技局", "市财政局"]


def test_units_containing_brackets():
    text = "（责任单位：成都高新区（管委会）、有关区（市）县政府、市财政局）"
    annotation = only(text)
    assert annotation.end == len(text)
    assert [row[2:6] for row in rows(text, annotation)] == [
        ("成都高新区（管委会）", "成都高新区（管委会）", *at(text, "成都高新区（管委会）")),
        ("有关区（市）县政府", "有关区（市）县政府", *at(text, "有关区（市）县政府")),
        ("市财政局", "市财政局", *at(text, "市财政局")),
    ]


def test_trailing_deng_words_end_a_list_but_names_keep_their_deng():
    text = "（牵头单位：市教育局；配合单位：中等职业学校、各开发区管委会等单位）"
    assert [row[2:6] for row in rows(text, only(text))] == [
        ("市教育局", "市教育局", *at(text, "市教育局")),
        ("中等职业学校", "中等职业学校", *at(text, "中等职业学校")),
        ("各开发区管委会", "各开发区管委会", *at(text, "各开发区管委会")),
    ]


def test_deng_inside_a_list_ends_its_unit():
    text = "（牵头单位：市科技局；配合单位：市发改委、市大数据局等，相关区县政府，西咸新区）"
    assert [row[2] for row in rows(text, only(text)) if row[1] == "support"] == [
        "市发改委", "市大数据局", "相关区县政府", "西咸新区"]


@pytest.mark.parametrize("separator", ["、", "，", ",", "／", "/", " ", "\u3000"])
def test_unit_separators(separator):
    text = f"（责任单位：市科技局{separator}市财政局）"
    assert [row[2:6] for row in rows(text, only(text))] == [
        ("市科技局", "市科技局", *at(text, "市科技局")),
        ("市财政局", "市财政局", *at(text, "市财政局"))]


def test_broken_across_lines_and_page_breaks():
    text = "（牵\n\n头单位：市科\n技局；配合单\n\f\n位：市市\n\n场监管局）"
    annotation = only(text)
    assert annotation.end == len(text)
    assert rows(text, annotation) == [
        ("牵头单位", "lead", "市科技局", "市科技局",
         text.index("市科"), text.index("技局") + 2, 1),
        ("配合单位", "support", "市市场监管局", "市市场监管局",
         text.index("市市"), len(text) - 1, 1),
    ]


def test_ascii_punctuation_throughout():
    text = "(牵头单位:市科技局;配合单位:市财政局,市教育局)"
    assert [row[:3] for row in rows(text, only(text))] == [
        ("牵头单位", "lead", "市科技局"), ("配合单位", "support", "市财政局"),
        ("配合单位", "support", "市教育局")]


def test_prefix_distribution_skips_collectives_places_and_companies():
    text = ("（责任单位：市科技创新委、发展改革委、各区人民政府、西咸新区、成都银行、闵行区政府、"
            "工业和信息化局）")
    names = [row[3] for row in rows(text, only(text))]
    assert names == ["市科技创新委", "市发展改革委", "各区人民政府", "西咸新区", "成都银行",
                     "闵行区政府", "市工业和信息化局"]


def test_prefix_carries_from_the_most_recent_prefixed_unit():
    text = "（责任单位：市科技局、财政局、区教育局、人社局）"
    assert [row[3] for row in rows(text, only(text))] == ["市科技局", "市财政局", "区教育局",
                                                         "区人社局"]


@pytest.mark.parametrize("text", [
    "各单位要落实实施单位：的责任，确保任务完成。",
    "（以下简称牵头单位）负责组织实施。",
    "由分管市领导牵头，相关部门参与。",
    "鼓励企业牵头承担国家级重大科技项目（企业牵头）。",
    "明确责任单位和进度安排。",
])
def test_prose_is_not_an_annotation(text):
    assert find_annotations(text) == []


def test_unclosed_bracket_warns_and_keeps_only_its_line():
    text = "推进工作。（牵头单位：市科技局；配合单位：市财政局\n2. 下一项任务。继续。"
    annotation = only(text)
    assert annotation.warnings == ("unclosed bracket",)
    assert annotation.text == "（牵头单位：市科技局；配合单位：市财政局"
    assert [row[2] for row in rows(text, annotation)] == ["市科技局", "市财政局"]


def test_stray_closing_brackets_do_not_raise():
    assert find_annotations("））牵头）（配合）】〕") == []


# --- passages from the seeds -------------------------------------------------------------------

def test_seed_000_label_broken_by_blank_lines():
    text = ("鼓励中小学开设人工智能相关课程，开展人工智能知识普及教育。"
            "（牵头单位：市人社局、市科技局；配合单\n\n"
            "位：市教育局等，相关区县政府，西咸新区，各开发区管委会）\n\n"
            "#### （五）营造人工智能创新发展生态")
    annotation = only(text)
    assert annotation.text.endswith("各开发区管委会）")
    assert rows(text, annotation) == [
        ("牵头单位", "lead", "市人社局", "市人社局", *at(text, "市人社局"), 1),
        ("牵头单位", "lead", "市科技局", "市科技局", *at(text, "市科技局"), 2),
        ("配合单位", "support", "市教育局", "市教育局", *at(text, "市教育局"), 1),
        ("配合单位", "support", "相关区县政府", "相关区县政府", *at(text, "相关区县政府"), 2),
        ("配合单位", "support", "西咸新区", "西咸新区", *at(text, "西咸新区"), 3),
        ("配合单位", "support", "各开发区管委会", "各开发区管委会", *at(text, "各开发区管委会"), 4),
    ]


def test_seed_004_square_brackets():
    text = ("推进工业机器人智能化升级。"
            "［牵头单位：市经信委；责任单位：市科技局，有关区（市）县政府］　　　\n"
            "加快发展智能网联汽车。"
            "（牵头单位：市经信委；责任单位：市科技局，成都高新区、成都经开区管委会）　　　")
    first, second = find_annotations(text)
    assert [(kind, unit.surface) for kind, _, unit in edges(first)] == [
        ("LEADS", "市经信委"), ("SUPPORTS", "市科技局"), ("SUPPORTS", "有关区（市）县政府")]
    assert [(kind, unit.surface) for kind, _, unit in edges(second)] == [
        ("LEADS", "市经信委"), ("SUPPORTS", "市科技局"), ("SUPPORTS", "成都高新区"),
        ("SUPPORTS", "成都经开区管委会")]


def test_seed_002_half_width():
    text = ("题。(责任单位:市科技局)建立人工智能产业联盟,促进行业交流合作和应用。"
            "(责任单位:市发改委、市科技局)")
    first, second = find_annotations(text)
    assert first.text == "(责任单位:市科技局)"
    assert [row[2:] for row in rows(text, second)] == [
        ("市发改委", "市发改委", *at(text, "市发改委"), 1),
        ("市科技局", "市科技局", *at(text, "市科技局", second.start), 2)]


# --- the gold files ----------------------------------------------------------------------------

def _joined(text: str) -> str:
    return re.sub(r"[ \t\u3000]*\n\s*", "", text)


@pytest.mark.parametrize("stem", ["000_55743e28cf397c9a", "004_568e6f9c64701c30"])
def test_units_match_the_gold(stem):
    gold_file = shared_gold_file(stem)
    text = _joined((CORPUS / f"{stem}.txt").read_text(encoding="utf-8"))
    found = Counter()
    for annotation in find_annotations(text):
        pairs = edges(annotation)
        found[(tuple(u.surface for kind, _, u in pairs if kind == "LEADS"),
               tuple(u.surface for kind, _, u in pairs if kind == "SUPPORTS"))] += 1
    expected = Counter()
    for document in json.loads(gold_file.read_text(encoding="utf-8"))["documents"]:
        for task in document["tasks"]:
            expected[(tuple(u[0] for u in task["lead"]),
                      tuple(u[0] for u in task["support"]))] += 1
    assert found == expected


@pytest.mark.parametrize("stem", ["000_55743e28cf397c9a", "004_568e6f9c64701c30"])
def test_raw_text_gives_the_same_units_as_joined_text(stem):
    raw = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    def units(text):
        return [[unit.surface for role in a.roles for unit in role.units]
                for a in find_annotations(text)]
    assert units(raw) == units(_joined(raw))


def test_every_annotation_of_the_largest_seed_is_found():
    text = (CORPUS / "002_19fc23e80da6329a.txt").read_text(encoding="utf-8")
    labelled = len(re.findall(r"[（(［\[](?:牵头单位|责任单位|责任部门)[：:]", text))
    assert len(find_annotations(text)) >= labelled


# --- properties --------------------------------------------------------------------------------

ALPHABET = list("牵头单位责任部门配合主责协同参与由负责等市省区科技局委厅办政府各有关县"
                "（）()［］[]〔〕〈〉【】：:；;、，,／/。 \n\u3000")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_never_raises_and_spans_are_exact(text):
    previous_end = 0
    for annotation in find_annotations(text):
        assert annotation.text == text[annotation.start:annotation.end]
        assert previous_end <= annotation.start < annotation.end
        previous_end = annotation.end
        for role in annotation.roles:
            assert [unit.rank for unit in role.units] == list(range(1, len(role.units) + 1))
            for unit in role.units:
                assert annotation.start <= unit.start < unit.end <= annotation.end
                span = text[unit.start:unit.end]
                assert "".join(ch for ch in span if not ch.isspace()) == unit.surface
                assert unit.surface and unit.name.endswith(unit.surface)
        edges(annotation)


def test_units_joined_by_a_conjunction_are_two_units_when_both_end_with_a_unit_head():
    text = ("推进农田水利设施建设。（牵头单位：市农业农村局；配合单位：各县区人民政府和开发区管委会、"
            "市水务局及林业局、市工业和信息化局、新城区政府等相关县（市）区政府）")
    units = [(label, surface, name, rank)
             for label, _, surface, name, _, _, rank in rows(text, only(text))]
    assert units == [
        ("牵头单位", "市农业农村局", "市农业农村局", 1),
        ("配合单位", "各县区人民政府", "各县区人民政府", 1),
        ("配合单位", "开发区管委会", "开发区管委会", 2),
        ("配合单位", "市水务局", "市水务局", 3),
        ("配合单位", "林业局", "市林业局", 4),  # the prefix distributes as in any list
        ("配合单位", "市工业和信息化局", "市工业和信息化局", 5),  # one name: 市工业 is no unit
        ("配合单位", "新城区政府", "新城区政府", 6),
        ("配合单位", "相关县（市）区政府", "相关县（市）区政府", 7),
    ]


@pytest.mark.parametrize("name", ["市大数据和电子政务办", "市人力资源和社会保障局",
                                  "市住房和城乡建设局", "区卫生健康和体育局"])
def test_a_name_with_a_conjunction_inside_stays_one_unit(name):
    text = f"（责任单位：{name}）"
    assert [row[2] for row in rows(text, only(text))] == [name]


def test_a_label_after_a_colon_starts_a_role():
    text = "（牵头单位：市发展改革委：配合单位：市工业和信息化局、市科技局）"
    assert [(label, surface) for label, _, surface, *_ in rows(text, only(text))] == [
        ("牵头单位", "市发展改革委"), ("配合单位", "市工业和信息化局"), ("配合单位", "市科技局")]

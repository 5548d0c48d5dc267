"""Tasks: one per annotation, opened by its item or by the previous annotation, titled by
its first phrase, placed under its section path."""

from policykg.loaders.annotations import find_annotations
from policykg.loaders.documents import split_documents
from policykg.loaders.tasks import extract_tasks
from policykg.loaders.text import SourceText


def tasks_of(text: str):
    source = SourceText.identity("t.txt", text)
    (doc,) = split_documents(source)
    return extract_tasks(doc, find_annotations(text))


def test_numbered_items_each_closed_by_an_annotation():
    text = ("甲市人工智能行动方案\n四、重点任务\n（一）构建技术创新体系\n"
            "1. 开展基础前沿技术研究。支持高校院所开展研究。（牵头单位：市科技局；配合单位：市财政局）\n"
            "2. 搭建开放创新平台。支持企业建设平台。（责任单位：市发改委、市工信局）\n"
            "五、保障措施\n加强组织领导。\n")
    first, second = tasks_of(text)
    assert (first.number, first.title) == ("1.", "开展基础前沿技术研究")
    assert first.section == ("四、重点任务", "（一）构建技术创新体系")
    assert text[first.start:first.end] == (
        "1. 开展基础前沿技术研究。支持高校院所开展研究。（牵头单位：市科技局；配合单位：市财政局）")
    assert first.text == text[first.start:first.end]
    assert (second.number, second.title) == ("2.", "搭建开放创新平台")
    assert second.annotation.text == "（责任单位：市发改委、市工信局）"


def test_one_item_with_several_annotations_holds_several_tasks():
    text = ("甲市方案\n三、重点任务\n"
            "1. 智能语音。突破语音识别技术。（责任单位：市科技局）建设语音产业基地。"
            "（责任单位：市发改委）\n")
    first, second = tasks_of(text)
    assert first.title == "突破语音识别技术"
    assert first.section == ("三、重点任务", "1.智能语音")
    assert second.title == "建设语音产业基地"
    assert (first.number, second.number) == ("1.-1", "1.-2")
    assert text[second.start:second.end] == "建设语音产业基地。（责任单位：市发改委）"


def test_unnumbered_paragraphs_under_a_heading_are_tasks_of_their_own():
    text = ("乙市实施意见\n三、重点任务\n"
            "（一）前沿基础研发计划。加强前沿基础理论研究突破。聚焦深度学习。（牵头单位：市科技局）\n"
            "推动创新应用平台建设。组建产业技术研究院。［牵头单位：市科技局；责任单位：市发改委、"
            "有关区（市）县政府］\n")
    first, second = tasks_of(text)
    assert first.title == "加强前沿基础理论研究突破"
    assert second.title == "推动创新应用平台建设"
    assert first.section == second.section == ("三、重点任务", "（一）前沿基础研发计划")
    assert text[second.start:second.end].startswith("推动创新应用平台建设。")


def test_text_joins_line_breaks_inside_a_task():
    text = "丙市方案\n一、任务\n1. 建设平台。支持\n企业。（牵头单位：市科\n技局）\n"
    (task,) = tasks_of(text)
    assert task.text == "1. 建设平台。支持企业。（牵头单位：市科技局）"


def test_a_heading_on_its_own_line_is_no_part_of_the_title():
    text = "丁市方案\n六、下一步工作\n（一）强化统筹机制\n建立协调推进工作机制。（责任单位：市发改委）\n"
    (task,) = tasks_of(text)
    assert (task.number, task.title) == ("（一）", "强化统筹机制")

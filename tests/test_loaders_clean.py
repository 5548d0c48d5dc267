"""clean(): spaces, markdown, page furniture and line joining, on the seeds and on made-up text.

Every check on a cleaned span also checks what it quotes from the file.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders.clean import clean
from policykg.loaders.text import SourceText


def seed(prefix: str) -> SourceText:
    folder = resources.files("policykg.corpus")
    name = next(e.name for e in folder.iterdir() if e.name.startswith(prefix))
    return clean(SourceText.identity(name, folder.joinpath(name).read_text(encoding="utf-8")))


def cleaned(text: str) -> SourceText:
    return clean(SourceText.identity("t.txt", text))


def quotes(src: SourceText, word: str) -> list[str]:
    return [src.quote(m.start(), m.end()) for m in re.finditer(re.escape(word), src.text)]


def assert_tidy(src: SourceText) -> None:
    """One paragraph per line: no blank lines, no edge spaces, no markdown marks left."""
    for line in src.text.split("\n"):
        assert line.strip() and line == line.strip(" "), repr(line)  # a table row keeps its tabs
        assert not line.startswith("#") and "**" not in line, line


# ---------------------------------------------------------------- the seeds


def test_000_markdown_notice_and_broken_annotations() -> None:
    src = seed("000_")
    assert_tidy(src)
    lines = src.text.split("\n")
    assert lines[:3] == ["西安市人民政府办公厅文件", "市政办发〔2020〕39号",
                         "西安市人民政府办公厅关于印发建设国家新一代人工智能创新发展试验区行动方案"
                         "（2020—2022年）的通知"]
    # the two-space hard break keeps signature and date apart
    assert lines[lines.index("西安市人民政府办公厅") + 1] == "2020年11月4日"
    assert "西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）" in lines
    assert quotes(src, "配合单位：市教育局等") == ["配合单\n\n位：市教育局等"]
    assert quotes(src, "（牵头单位：市商务局") == ["（牵头单位：\n\n\n\n市商务局"]
    assert quotes(src, "关键核心技术研发方面") == ["关键核心\n\n技术研发方面"]
    assert sorted(quotes(src, "市市场监管局")) == ["市市\n\n场监管局", "市市场监管局"]
    # headings stand alone; a numbered task runs on through its annotation
    assert "（一）构建人工智能技术创新体系" in lines and "四、重点任务" in lines
    task1 = next(line for line in lines if line.startswith("1. 开展人工智能基础前沿技术研究。"))
    assert task1.endswith("（牵头单位：市科技局；配合单位：相关区县政府，西咸新区，各开发区管委会等）")
    # an annotation on its own line after the sentence closes that paragraph
    task6 = next(line for line in lines if line.startswith("6. "))
    assert task6.endswith("特色小镇。（牵头单位：相关区县政府，西咸新区，各开发区管委会；"
                          "配合单位：市科技局、市工信局、市投资局等）")
    assert sum(bool(re.match(r"\d+\. ", line)) for line in lines) == 21
    assert lines[-2:] == ["西安市人民政府办公厅", "2020年11月5日印发"]


def test_001_hard_wrapped_pdf_text() -> None:
    src = seed("001_")
    assert_tidy(src)
    lines = src.text.split("\n")
    assert lines[0] == "陕西省培育千亿级人工智能产业创新集群行动计划"
    assert src.quote(0, len(lines[0])) == "陕西省培育千亿级人工智能\n产业创新集群行动计划"
    assert lines[1].startswith("为深入贯彻落实国家发展新一代人工智能决策部署，积极开展")
    assert lines[1].endswith("结合我省实际，制定本行动计划。")
    assert lines[2:4] == ["一、发展现状", "在当今万物智联、数智赋能新时代，人工智能不仅是新质生产力的"
                          "坚实基座与核心引擎，其产业也是新质生产力的重要组成与重要体现。“人工智能+”是"
                          "基于大模型、大数据、大算力等技术，实现人工智能对各行各业的深度融合，创造新的"
                          "发展生态。陕西在人工智能领域拥有一批优秀的企业和科研机构，为人工智能技术研发"
                          "和应用创新提供了丰富人才资源和科研环境，推动了人工智能技术与产业及其领域深度"
                          "融合的快速发展。"]
    assert "西安交通大学" in src.text
    assert "西安交\n\n通大学" in quotes(src, "西安交通大学")
    assert "通过“感知-认知-进化”为一体的类脑认知计算新理论" in src.text
    for heading in ["（一）产业前景良好", "三、主要任务", "（五）产业生态优化工程", "四、保障措施"]:
        assert heading in lines
    assert lines[-1].endswith("推动陕西高质量发展。")
    assert len(lines) < 90  # 449 source lines


def test_002_titles_stay_on_their_own_lines() -> None:
    src = seed("002_")
    assert_tidy(src)
    lines = src.text.split("\n")
    i = lines.index("北京市加快科技创新培育人工智能产业的指导意见")
    assert lines[i + 1].startswith("为深入贯彻落实国家关于发展新一代人工智能的决策部署")
    assert lines[i - 1].startswith("33. 沈阳市新一代人工智能发展规划")  # the last TOC entry
    for title in ["北京市关于加快中关村科学城人工智能创新引领发展的十五条措施",
                  "天津市关于进一步支持发展智能制造的政策措施",
                  "合肥建设国家新一代人工智能创新发展试验区实施方案（2020-2023年）",
                  "深圳市新一代人工智能发展行动计划(2019—2023 年)",
                  "成都市加快人工智能产业发展专项政策"]:
        assert title in lines, title
    assert "1. 北京市加快科技创新培育人工智能产业的指导意见.....6" in lines  # bullet stripped
    assert quotes(src, "人机交互能力为重点") == ["人机交互\n\n能力为重点"]
    assert "国家新一代人工智能创新发展试验区人工智能政策汇编" in lines
    assert lines[lines.index("（一）建立人工智能创新体系") + 1].startswith("1. 强化新一代人工智能")
    assert "2018" not in lines  # a lone page number


def test_003_web_footer_is_dropped() -> None:
    src = seed("003_")
    assert_tidy(src)
    lines = src.text.split("\n")
    assert lines[:4] == [
        "标题: 科技部关于印发《国家新一代人工智能创新发展试验区建设工作指引（修订版）》的通知",
        "索引号: 306-32-2020-462 发文机构: 科技部",
        "成文日期: 2020年09月29日 发布日期: 2020年10月29日",
        "发文字号: 国科发规〔2020〕254号 有效性: 有效",
    ]
    assert quotes(src, "索引号") == ["索 引 号"]
    assert "科技部" in lines and "2020年9月29日" in lines and "（此件主动公开）" in lines
    assert lines[-1].startswith("(三) 宣传引导。加强试验区建设的政策解读")
    assert lines[-1].endswith("在全社会营造人工智能创新发展的良好氛围。")
    for furniture in ["下载", "扫一扫", "打印", "版权所有", "办公地址", "邮政", "ICP", "字体"]:
        assert furniture not in src.text, furniture


def test_004_full_width_indentation() -> None:
    src = seed("004_")
    assert_tidy(src)
    lines = src.text.split("\n")
    assert "\u3000" not in src.text
    assert len(lines) == 36
    assert lines[:2] == ["成都市人民政府办公厅关于推动新一代人工智能发展的实施意见",
                         "各区（市）县政府，市政府各部门："]
    assert lines[-1] == "本意见自印发之日起30日后施行，有效期3年。"
    i = src.text.index("集成发展智能机器人")
    assert src.original_span(i, i + 1)[0] == src.original.index("集成发展智能机器人")


# ---------------------------------------------------------------- made-up text


def _wrap(paragraph: str, width: int) -> list[str]:
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)]


def test_pdf_like_text_is_unwrapped() -> None:
    body1 = ("为加快推进人工智能产业发展，依托北京航空航天大学和中国科学院自动化研究所建设"
             "一批重点实验室，培育一批具有国际竞争力的领军企业，形成完善的产业生态体系。")
    body2 = ("支持浙江大学联合阿里巴巴集团建设开放创新平台，推动计算机视觉、自然语言处理"
             "和智能语音技术在制造业、医疗和交通领域的深度应用，提升产业整体水平。")
    raw = ["某某市人工智能产业", "发展三年行动计划", "", *_wrap(body1, 20), "", "- 3 -", "",
           "一、重点任务", "", *_wrap(body2, 20), "", "第4页", "", "（一）保障措施", "5/20"]
    src = cleaned("\r\n".join(raw) + "\r\n")
    assert src.text.split("\n") == ["某某市人工智能产业发展三年行动计划", body1, "一、重点任务", body2,
                                    "（一）保障措施"]
    i = src.text.index("北京航空航天大学")
    assert src.quote(i, i + 8) in {"北京航空航天大学", *(body1[16:20] + "\r\n" + body1[20:24],)}
    assert all(src.quote(m.start(), m.end()).replace("\r\n", "") == "阿里巴巴集团"
               for m in re.finditer("阿里巴巴集团", src.text))


def test_markdown_markup_is_stripped() -> None:
    src = cleaned("## 一、总体要求\n\n**（一）指导思想**\n\n- 支持[西安交通大学](https://x.cn)建设。\n"
                  "[\\[打印\\]](#)\n签发人  \n张三\n\n---\n\n见<https://www.example.cn/a.html>。\n")
    assert src.text.split("\n") == ["一、总体要求", "（一）指导思想", "支持西安交通大学建设。",
                                    "签发人", "张三", "见https://www.example.cn/a.html。"]
    i = src.text.index("西安交通大学")
    assert src.quote(i, i + 6) == "西安交通大学"
    assert src.quote(i - 2, i + 8) == "支持[西安交通大学](https://x.cn)建设"


def test_spaces_between_cjk_go_other_spaces_collapse() -> None:
    src = cleaned("\u3000\u3000科技 部\u3000关于 AI\u00a0 应用 的通知\t附件 2 份   \n")
    assert src.text == "科技部关于 AI 应用的通知\t附件 2 份"
    i = src.text.index("AI ")
    assert src.quote(i, i + 3) == "AI\u00a0"


def test_broken_paragraph_joins_but_short_lines_do_not() -> None:
    src = cleaned("建设国家新一代人工智能创新发展试验区是国家赋予本市的重要使命，我们将坚持创新\n\n"
                  "驱动发展战略。\n\n关于印发某某方案的通知\n\n各区县人民政府：\n\n现印发给你们。\n")
    assert src.text.split("\n") == [
        "建设国家新一代人工智能创新发展试验区是国家赋予本市的重要使命，我们将坚持创新驱动发展战略。",
        "关于印发某某方案的通知", "各区县人民政府：", "现印发给你们。"]


def test_empty_and_blank_text() -> None:
    assert cleaned("").text == ""
    assert cleaned("\n\u3000\n  \n").text == ""


def test_a_long_blank_line_is_dropped() -> None:
    # the pattern of a line of links only once tried every split of a blank run: a line of
    # 200,000 spaces took hours
    assert cleaned("建设平台。\n" + " " * 200_000 + "\n[首页](/) | [下载](a.pdf)\n").text == "建设平台。"


def test_long_lines_of_brackets_are_read_as_text() -> None:
    # a failed link once scanned to the line's end from every bracket: 20,000 "[" took 17 s,
    # a line of "<http://a" or "\[" longer still
    for piece in ("[", "\\[", "<http://a", "[a]("):
        line = piece * (100_000 // len(piece))
        text = cleaned(f"建设平台。\n{line}\n[平台](https://x.cn)建设。\n").text
        assert text.startswith("建设平台。") and text.endswith("平台建设。") and len(text) > 50_000


# ---------------------------------------------------------------- any text

_ALPHABET = st.sampled_from(list("人工智能。，、：；（）()[]#*-_ \u3000\u00a0\t\r\n12ab\\<>!|—") +
                            ["**", "## ", "[a](#)", "  \n", "第3页", "扫一扫"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_ALPHABET, st.text(max_size=5)), max_size=40).map("".join))
def test_every_cleaned_character_maps_to_itself_or_a_space(text: str) -> None:
    src = cleaned(text)
    assert len(src.offsets) == len(src.text)
    for char, offset in zip(src.text, src.offsets, strict=True):
        source = text[offset]
        if char in " \n":
            assert source.isspace() or unicodedata.category(source) in ("Zs", "Cf"), repr(source)
        else:
            assert source == char

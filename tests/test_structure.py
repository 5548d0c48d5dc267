"""Heading structure: markers, depths learnt per document, section paths, first phrases."""

from policykg.loaders.structure import first_phrase, match_marker, parse_headings


def test_markers_of_every_kind():
    assert match_marker("一、总体要求") == ("cn", "一、")
    assert match_marker("（一）构建创新体系") == ("paren_cn", "（一）")
    assert match_marker("(二)基本原则") == ("paren_cn", "(二)")
    assert match_marker("1. 开展研究。") == ("num", "1.")
    assert match_marker("12．加强保障") == ("num", "12．")
    assert match_marker("（3）智能装备") == ("paren_num", "（3）")
    assert match_marker("①建设平台") == ("circled", "①")
    assert match_marker("第二章 重点任务") == ("chapter", "第二章")
    assert match_marker("第十条 本办法自印发之日起施行") == ("article", "第十条")


def test_numbers_that_are_not_markers():
    assert match_marker("2.5万亿元的产业规模") is None
    assert match_marker("2020年，实现突破") is None
    assert match_marker("1.") is None  # a marker alone is no heading


def test_depths_follow_the_order_markers_first_appear():
    text = "一、重点任务\n（一）创新体系\n1. 开展研究。支持高校。\n2. 建设平台。\n（二）产业\n1. 做强产业。\n二、保障措施\n1. 加强领导。"
    headings = parse_headings(text)
    assert [(h.marker, h.depth, h.phrase) for h in headings] == [
        ("一、", 0, "重点任务"), ("（一）", 1, "创新体系"), ("1.", 2, "开展研究"),
        ("2.", 2, "建设平台"), ("（二）", 1, "产业"), ("1.", 2, "做强产业"),
        ("二、", 0, "保障措施"), ("1.", 2, "加强领导"),  # a known kind keeps its depth
    ]
    assert headings[5].path == ("一、重点任务", "（二）产业")
    assert headings[7].path == ("二、保障措施",)
    assert text[headings[2].start:headings[2].end] == "1. 开展研究。支持高校。"


def test_numbered_items_above_chinese_numerals():
    headings = parse_headings("1.总体要求\n（一）目标\n2.任务\n（一）平台")
    assert [h.depth for h in headings] == [0, 1, 0, 1]
    assert headings[3].path == ("2.任务",)


def test_first_phrase_stops_at_sentence_end_or_line_break():
    assert first_phrase("开展人工智能基础前沿技术研究。支持西安交通大学") == "开展人工智能基础前沿技术研究"
    assert first_phrase("强化统筹机制\n建立市、区协调推进工作机制。") == "强化统筹机制"
    assert first_phrase("  没有句号的标题") == "没有句号的标题"

"""Documents: compilations split by their table of contents; notices give way to the plan
they issue; front matter (issuers, document number, date, period)."""

from policykg.loaders.documents import split_documents, title_key
from policykg.loaders.text import SourceText

COMPILATION = """政策汇编
编写说明
本汇编收录各地政策。
目录
一、甲市试验区
1. 甲市人工智能发展行动计划（2020—2022 年）.....3
2. 甲市关于支持智能制造的若干政策..... 9
二、乙省试验区
3. 乙省新一代人工智能产业发展实施方案 12
甲市人工智能发展行动计划
（2020—2022年）
为加快发展，制定本计划。
一、重点任务
1. 开展研究。（牵头单位：市科技局）
甲市关于支持智能制造的若干政策
一、支持企业
乙省新一代人工智能产业发展实施方案
为贯彻落实，制定本方案。
"""

NOTICE = """西安市人民政府办公厅文件
市政办发〔2020〕39号
西安市人民政府办公厅关于印发建设国家新一代人工智能创新发展试验区 行动方案（2020—2022年）的通知
各区、县人民政府，市人民政府各工作部门：
《西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）》已经市政府同意，现印发给你们。
西安市人民政府办公厅
2020年11月4日
西安市建设国家新一代人工智能 创新发展试验区行动方案（2020—2022年）
为抢抓机遇，制定如下行动方案。
一、总体要求
"""


def test_a_compilation_splits_into_the_documents_of_its_table_of_contents():
    docs = split_documents(SourceText.identity("c.txt", COMPILATION))
    assert [d.title for d in docs] == [
        "甲市人工智能发展行动计划（2020—2022年）",
        "甲市关于支持智能制造的若干政策",
        "乙省新一代人工智能产业发展实施方案",
    ]
    first = docs[0]
    assert COMPILATION[first.start:].startswith("甲市人工智能发展行动计划\n（2020—2022年）")
    assert first.end == COMPILATION.index("甲市关于支持智能制造的若干政策\n一、")
    assert first.period == "2020-2022"
    assert docs[2].end == len(COMPILATION)
    assert "目录" not in "".join(d.text for d in docs)  # the preface is no document


def test_a_notice_gives_way_to_the_plan_it_issues():
    (doc,) = split_documents(SourceText.identity("n.txt", NOTICE))
    assert doc.title == "西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）"
    assert NOTICE[doc.title_span[0]:doc.title_span[1]].startswith("西安市建设国家新一代人工智能 创新")
    assert [name for name, _, _ in doc.issuers] == ["西安市人民政府办公厅"]
    name, start, end = doc.issuers[0]
    assert NOTICE[start:end] == name
    assert doc.doc_number == "市政办发〔2020〕39号"
    assert doc.date == "2020-11-04"
    assert doc.period == "2020-2022"


def test_jointly_issued_plan_names_every_signer():
    text = ("关于加快推进人工智能发展的实施办法\n有关单位：\n为深化落实，现印发实施办法。\n"
            "甲市经济和信息化委员会\n甲市发展和改革委员会\n甲市财政局\n2018年9月17日\n"
            "一、总体要求\n")
    (doc,) = split_documents(SourceText.identity("j.txt", text))
    assert [n for n, _, _ in doc.issuers] == ["甲市经济和信息化委员会", "甲市发展和改革委员会",
                                             "甲市财政局"]
    assert doc.date == "2018-09-17"


def test_issuer_named_in_the_title():
    text = "成都市人民政府办公厅关于推动新一代人工智能发展的实施意见\n一、总体要求\n"
    (doc,) = split_documents(SourceText.identity("t.txt", text))
    assert doc.title == "成都市人民政府办公厅关于推动新一代人工智能发展的实施意见"
    assert doc.issuers == [("成都市人民政府办公厅", 0, 10)]
    assert doc.doc_number is None and doc.date is None


def test_title_key_folds_spaces_brackets_and_dashes():
    assert title_key("行动计划 (2019—2023 年)") == title_key("行动计划（2019-2023年）")

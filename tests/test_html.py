"""Portal pages: fourteen plans written for these tests, each saved as a government site serves
it (banner, navigation, breadcrumbs, metadata table, title, body, print bar, footer; three
layouts; some in GB18030) and again without the banner, build to the same tasks, units and
titles as their text; the metadata table fills the plan's issuer, number and date; every span
quotes the HTML source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policykg.graph.build import Problem, build
from policykg.loaders import load
from policykg.loaders.decode import decode_bytes
from policykg.loaders.html import parse, title

from testkit.portal import Metadata, metadata_for, plan_texts, portal_page, write_pages


def plans_by_title(kg) -> dict[str, dict]:
    """Per plan title: its tasks (number, title) and its responsibilities."""
    out = {}
    for plan in kg.nodes("Plan"):
        tasks = sorted(kg.neighbours(plan["id"], "HAS_TASK"), key=lambda t: t["start"])
        units = sorted((t["number"], e["type"], e["surface"]) for t in tasks
                       for e in kg.edges() if e["target"] == t["id"] and "surface" in e)
        out[plan["name"]] = {"tasks": [(t["number"], t["title"]) for t in tasks],
                             "units": units, "plan": plan}
    return out


@pytest.fixture(scope="module")
def from_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("texts")
    for stem, text in plan_texts().items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return plans_by_title(build([folder], on_problem=lambda p: None))


@pytest.mark.parametrize("banner", [True, False], ids=["with banner", "without banner"])
def test_each_portal_page_builds_to_the_tasks_units_and_title_of_its_text(
        from_text, tmp_path, banner):
    pages = write_pages(tmp_path, banner=banner)
    assert any(b"charset=\"gb2312\"" in p.read_bytes() for p in pages.values())
    problems: list[Problem] = []
    kg = build([tmp_path], on_problem=problems.append)
    assert problems == []
    from_pages = plans_by_title(kg)
    assert sorted(from_pages) == sorted(from_text)
    assert sum(len(p["tasks"]) for p in from_pages.values()) == 43
    for name, plan in from_pages.items():
        assert plan["tasks"] == from_text[name]["tasks"], name
        assert plan["units"] == from_text[name]["units"], name
    sources = {p.name: decode_bytes(p.read_bytes(), p) for p in pages.values()}
    for edge in kg.edges():
        if "quote" in edge:
            assert sources[edge["file"]][edge["start"]:edge["end"]] == edge["quote"]


def test_the_metadata_table_fills_issuer_number_and_date(tmp_path):
    pages = write_pages(tmp_path)
    kg = build([tmp_path], on_problem=lambda p: None)
    texts = plan_texts()
    for stem, path in pages.items():
        meta = metadata_for(stem, texts[stem])
        (plan,) = [p for p in kg.nodes("Plan") if p["sources"] == [path.name]]
        y, m, d = map(int, re.findall(r"\d+", meta.date))
        assert plan["doc_number"] == meta.number
        assert plan["date"] == f"{y:04d}-{m:02d}-{d:02d}"
        assert meta.issuer in plan["issuer"].split("、")


PAGE = """<html><head><meta charset="utf-8"><title>{title}_{site}政府网</title></head><body>
<header><h1><a href="/">{site}人民政府</a></h1></header>
<nav><a href="/">首页</a> <a href="/zw">政务公开</a></nav>
<div class="body">
<p>一、重点任务</p>
<p>1. 建设城市感知网络。（牵头单位：市数据局；配合单位：市公安局）</p>
<p>2. 推进工业设备联网，完善标识解析体系。（牵头单位：省工业和</p>
</div>
<div class="tools">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】</div>
<div class="footer">主办单位：{site}人民政府办公室　网站标识码：1234</div>
</body></html>
"""


def test_the_title_never_comes_from_the_navigation_and_the_print_bar_never_joins(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(title="丙市物联网产业发展行动方案", site="丙市"), encoding="utf-8")
    source = load(path)
    assert source.text.split("\n") == [
        "丙市物联网产业发展行动方案", "一、重点任务",
        "1. 建设城市感知网络。（牵头单位：市数据局；配合单位：市公安局）",
        "2. 推进工业设备联网，完善标识解析体系。（牵头单位：省工业和"]
    i = source.text.index("丙市物联网")  # the title quotes <title>, where it came from
    assert source.quote(i, i + 13) == "丙市物联网产业发展行动方案"
    assert source.original_span(i, i + 1)[0] == source.original.index("丙市物联网")
    problems: list[Problem] = []
    kg = build([path], on_problem=problems.append)
    (plan,) = kg.nodes("Plan")
    assert plan["name"] == "丙市物联网产业发展行动方案"
    names = {n["name"] for n in kg.nodes() if n["type"] in ("Department", "Company")}
    assert not any("打印" in name or "窗口" in name for name in names)
    assert [p.message for p in problems] == ["line 7: unclosed bracket"]


def test_an_h1_that_disagrees_with_the_article_title_is_not_the_title():
    page = ('<html><head><meta name="ArticleTitle" content="丁市智慧农业实施意见"></head>'
            '<body><div class="logo"><h1>丁市人民政府门户网站</h1></div>'
            '<div><h1>丁市智慧农业实施意见</h1><p>发展智慧农业。（责任单位：市农业农村局）</p>'
            '</div></body></html>')
    assert title(parse(page), []).text == "丁市智慧农业实施意见"
    without_h1 = page.replace("<h1>丁市智慧农业实施意见</h1>", "")
    found = title(parse(without_h1), [])
    assert found.text == "丁市智慧农业实施意见"  # from the meta element, quoting it
    assert without_h1[found.origins[0]:found.origins[-1] + 1] == "丁市智慧农业实施意见"


def test_a_page_that_declares_gb18030_is_read_in_it(tmp_path):
    text = plan_texts()["03_nanning"]
    page = portal_page(text, Metadata("南宁市人民政府办公厅", "南府发〔2024〕2号", "2024年5月6日"),
                       charset="gbk")
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gb18030"))
    source = load(path)
    assert "南宁市推进跨境电子商务综合试验区建设实施方案" in source.text
    assert source.original == page


def test_metadata_lines_at_the_head_of_a_saved_text_fill_the_front_matter(tmp_path):
    path = Path(tmp_path) / "saved.txt"
    path.write_text("发布机构：戊市人民政府办公室\t发文字号：戊政办发〔2021〕8号\n成文日期：2021-06-30\n"
                    "戊市新能源汽车推广应用实施方案\n一、重点任务\n"
                    "1. 建设充电设施。（牵头单位：市发展改革委）\n", encoding="utf-8")
    kg = build([path], on_problem=lambda p: None)
    (plan,) = kg.nodes("Plan")
    assert (plan["name"], plan["doc_number"], plan["date"], plan["issuer"]) == (
        "戊市新能源汽车推广应用实施方案", "戊政办发〔2021〕8号", "2021-06-30", "戊市人民政府办公室")
    (issued,) = [e for e in kg.edges("ISSUED_BY")]
    assert issued["quote"] == "戊市人民政府办公室"

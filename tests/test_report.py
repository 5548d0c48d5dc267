"""The report: what each chart draws, counted by hand on the small graph; the page as a browser
sees it (real headless Chromium): offline, no console error, every chart drawn, and a hostile
plan title shown as text that runs nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from selenium.webdriver.common.by import By

from policykg.cli import main
from policykg.graph.io import write_json
from policykg.viz import report
from policykg.viz.report import CHARTS, ReportError, report_html, rows_of, write_report

from testkit import browser
from testkit.small_graph import HOSTILE, make_small_kg

X, C = "西安市行动方案", "成都市实施意见"
XA_STI, XA_NDRC, CD_STI = "西安市科学技术局", "西安市发展和改革委员会", "成都市科学技术局"
H = "plan:" + HOSTILE
TITLE = HOSTILE + "（2021—2023年）"
LABEL = " ".join(TITLE.split())  # a label is a name on one line


def hostile_kg():
    """The small graph and a plan of Chengdu titled with the hostile name (2021-2023): one task,
    led by the hostile-named department, and a passage it reuses from plan X."""
    kg = make_small_kg()
    kg.add_node(H, "Plan", TITLE, jurisdiction="成都市", period="2021-2023", chars=100)
    kg.add_node(H + "#1", "Task", HOSTILE, plan=H, title=HOSTILE)
    kg.add_edge(H, H + "#1", "HAS_TASK")
    kg.add_edge("dept:成都市/" + HOSTILE, H + "#1", "LEADS", plan=H, quote=HOSTILE)
    kg.add_edge(H, "plan:" + X, "REUSES", score=0.9, similarity=0.9, plans_sharing=2,
                file="h.txt", start=0, end=10, quote=HOSTILE, target_file="000.txt",
                target_start=0, target_end=10, target_quote="原文")
    return kg


def chart(name: str, kg=None) -> list[dict]:
    (made,) = [c for c in (f(kg or make_small_kg()) for f in CHARTS) if c.id == name]
    return list(rows_of(made))


def test_the_timeline_places_dated_plans_and_lists_the_others():
    assert chart("timeline") == [  # X is dated 2020-11-04; C has neither date nor period
        {"plan": X, "place": "西安市", "from": 2020, "to": 2021, "period": "2020"}]
    rows = chart("timeline", hostile_kg())
    assert {"plan": LABEL, "place": "成都市", "from": 2021, "to": 2024,
            "period": "2021–2023"} in rows
    page = report_html(make_small_kg())
    assert '<section id="undated"><h2>Plans without a date or period</h2><ul><li>成都市实施意见' \
        in page


def test_tasks_leading_units_and_departments_by_plan():
    assert sorted((r["plan"], r["tasks"]) for r in chart("tasks")) == [(C, 1), (X, 2)]
    assert chart("leading-units") == [
        {"unit": CD_STI, "place": "成都市", "leads": 1},
        {"unit": XA_STI, "place": "西安市", "leads": 2},
        {"unit": XA_NDRC, "place": "西安市", "leads": 1},
    ]
    cells = {(r["department"], r["plan"], r["role"]): r["tasks"] for r in chart("departments")}
    assert cells == {(XA_STI, X, "leads"): 2, (XA_NDRC, X, "leads"): 1,
                     (XA_NDRC, X, "supports"): 1, (CD_STI, C, "leads"): 1,
                     (" ".join(HOSTILE.split()), C, "supports"): 1}


def test_shared_passages_and_entities_per_plan():
    # X reuses two passages of C and is similar to it by one (counted both ways)
    assert chart("reuse") == [{"plan": C, "other": X, "passages": 1},
                              {"plan": X, "other": C, "passages": 3}]
    assert sorted((r["plan"], r["kind"], r["entities"]) for r in chart("entities")) == [
        (C, "Company", 1), (X, "Company", 1), (X, "Platform", 1), (X, "University", 1)]


def test_a_selection_without_reuse_says_there_is_nothing_to_draw():
    kg = make_small_kg()
    for source, target, key in [(s, t, k) for s, t, k, d in
                                kg.graph.edges(keys=True, data=True)
                                if d["type"] in ("REUSES", "SIMILAR_TO")]:
        kg.graph.remove_edge(source, target, key)
    page = report_html(kg)
    section = page[page.index('<section id="reuse">'):]
    assert section.index("Nothing to draw in this selection.") < section.index("</section>")


def test_document_text_is_escaped_and_the_page_has_no_script():
    page = report_html(hostile_kg(), title=HOSTILE)
    assert "<script" not in page and "<img" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_missing_renderer_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # as if not installed
    with pytest.raises(ReportError, match=r"pip install 'policykg\[report\]'"):
        report_html(make_small_kg())


def reuse_section(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index('<section id="reuse">')
    return text[start:text.index("</section>", start)]


def test_the_report_command_writes_the_selection(tmp_path):
    write_json(make_small_kg(), tmp_path / "graph.json")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--graph", str(tmp_path), "--plan", C,
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 plan)" in result.output
    assert "Nothing to draw" in reuse_section(out)  # X, whose passages C shares, is not chosen
    result = CliRunner().invoke(main, ["report", "--graph", str(tmp_path), "--plan", C,
                                       "--plan", X, "--out", str(out)])
    assert "2 plans)" in result.output
    assert "<svg" in reuse_section(out)
    result = CliRunner().invoke(main, ["export", "--graph", str(tmp_path), "--format", "report",
                                       "--out", str(tmp_path / "e.html")])
    assert result.exit_code == 0, result.output
    assert report.PAGE.split("<title>")[0] in (tmp_path / "e.html").read_text(encoding="utf-8")


# -- in Chromium -----------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.skipif(not browser.available(), reason="needs Debian's chromium")
def test_the_page_draws_every_chart_offline_and_runs_no_document_text(tmp_path):
    path = tmp_path / "report.html"
    write_report(hostile_kg(), path, title=HOSTILE)
    with browser.chromium() as driver:
        driver.get_log("performance")
        driver.get(path.resolve().as_uri())
        assert driver.execute_script("return document.readyState") == "complete"
        errors = browser.console_errors(driver)
        requests = browser.requested_urls(driver)
        assert errors == []
        assert [u for u in requests if not u.startswith("data:")] == [driver.current_url]
        assert driver.title == HOSTILE.replace("\n", " ")  # a title's line break is a space
        assert driver.execute_script("return window.__alerts") == []
        assert driver.execute_script("return document.scripts.length") == 0
        charts = [c(hostile_kg()) for c in CHARTS]
        figures = driver.find_elements(By.CSS_SELECTOR, "section > figure.chart")
        assert [f.find_element(By.XPATH, "..").get_attribute("id") for f in figures] == [
            c.id for c in charts]
        for made, figure in zip(charts, figures, strict=True):
            svg = figure.find_element(By.TAG_NAME, "svg")  # drawn: a size, and a bar or cell
            assert svg.size["width"] > 100 and svg.size["height"] > 30, made.id
            bars = driver.execute_script(  # per row of data (Vega draws a rect as a path)
                "return arguments[0].querySelectorAll('g.mark-rect.role-mark > path').length",
                svg)
            assert bars == len(list(rows_of(made))), made.id
        texts = driver.execute_script(
            "return [...document.querySelectorAll('svg text')].map((t) => t.textContent)")
        assert any(HOSTILE.split("\n")[0] in t for t in texts)  # shown as text, cut or whole
        assert driver.execute_script("return document.querySelectorAll('img').length") == 0
        artifacts = Path(__file__).resolve().parent.parent / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        driver.save_screenshot(str(artifacts / "report.png"))

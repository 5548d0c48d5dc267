"""The explorer in real headless Chromium: offline loading, node count, side panel, search,
plain-text tooltips and the hostile fixture. One browser serves the whole module."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from policykg.viz.html import write_explorer
from policykg.viz.select import Selection, select

from testkit import browser
from testkit.small_graph import C1, HOSTILE, R1, R1C, R2, R2C, R3, S4, X1, make_small_kg

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browser.available(), reason="needs Debian's chromium")]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
HREF_NAME = '<a href="javascript:alert(3)">链接</a>'
X1_ID = "plan:西安市行动方案#1"


def hostile_kg():
    kg = make_small_kg()
    kg.add_node("company:href", "Company", HREF_NAME)
    kg.add_edge("plan:成都市实施意见#1", "company:href", "MENTIONS", quote=HREF_NAME)
    return kg


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The explorer of the hostile fixture, open in Chromium, with the requests it made."""
    path = tmp_path_factory.mktemp("viz") / "explorer.html"
    write_explorer(hostile_kg(), path)
    with browser.chromium() as driver:
        browser.open_explorer(driver, path)
        driver.requests = browser.requested_urls(driver)
        driver.errors = browser.console_errors(driver)
        yield driver


def js(driver, script: str):
    return driver.execute_script(script)


def click_node(driver, key: str) -> None:
    """Click on the canvas where the node with graph id ``key`` is drawn."""
    x, y = js(driver, f"""
        const id = policykg.nodes.get({{filter: (n) => n.key === {key!r}}})[0].id;
        policykg.network.moveTo({{position: policykg.network.getPosition(id), scale: 1}});
        const p = policykg.network.canvasToDOM(policykg.network.getPosition(id));
        return [p.x, p.y];""")
    canvas = driver.find_element(By.CSS_SELECTOR, "#network canvas")
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - canvas.size["width"] / 2), int(y - canvas.size["height"] / 2)
    ).click().perform()


def test_loads_offline_without_errors(page):
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith("data:")] == [page.current_url]


def test_draws_every_node_of_the_selection(page, tmp_path):
    kg = hostile_kg()
    assert js(page, "return policykg.nodes.length") == len(kg)
    assert js(page, "return policykg.network.body.nodeIndices.length") == len(kg)
    assert js(page, "return policykg.edges.length") == kg.graph.number_of_edges()
    shown = kg.graph.number_of_edges() - kg.counts()["edges"]["MENTIONS"]
    assert js(page, "return policykg.edgeView.length") == shown
    sub = select(make_small_kg(), Selection(plans=("西安市行动方案",)))
    path = tmp_path / "plan.html"
    write_explorer(sub, path)
    browser.open_explorer(page, path)
    try:  # the plan, its tasks, their units and entities, not the plan it shares passages with
        assert js(page, "return policykg.network.body.nodeIndices.length") == len(sub) == 11
    finally:
        browser.open_explorer(page, Path(page.requests[0].removeprefix("file://")))


def test_click_opens_panel_with_quote(page):
    click_node(page, X1_ID)
    assert page.find_element(By.ID, "panel").is_displayed()
    assert page.find_element(By.ID, "panel-name").text == "开展人工智能基础前沿技术研究"
    quotes = [q.text for q in page.find_elements(By.CSS_SELECTOR, "#panel-edges blockquote")]
    assert "（牵头单位：市科技局；配合单位：市发改委、相关区县政府）" in quotes
    assert page.find_element(By.ID, "panel-plans").text == "西安市行动方案"


def test_search_finds_a_node_by_alias(page):
    box = page.find_element(By.ID, "search")
    box.clear()
    box.send_keys("市发改委", Keys.ENTER)
    selected = js(page, "return policykg.network.getSelectedNodes()"
                        ".map((id) => policykg.nodes.get(id).key)")
    assert selected == ["dept:西安市/市发展和改革委员会"]
    assert page.find_element(By.ID, "panel-name").text == "西安市发展和改革委员会"


def test_hostile_text_is_shown_and_runs_nothing(page):
    click_node(page, "dept:成都市/" + HOSTILE)
    name = js(page, "return document.getElementById('panel-name').textContent")
    assert name == HOSTILE
    assert any(HOSTILE in q.get_attribute("textContent") for q in
               page.find_elements(By.CSS_SELECTOR, "#panel-edges blockquote"))
    assert js(page, "return window.__alerts") == []
    assert js(page, "return document.images.length") == 0
    assert js(page, "return document.querySelectorAll('#panel a, #panel img, #panel script')"
                    ".length") == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "viz-explorer.png"))


def toggle(page, edge_type: str) -> None:
    """Click the legend's checkbox of ``edge_type``."""
    (item,) = [li for li in page.find_elements(By.CSS_SELECTOR, "#edge-types li")
               if edge_type in li.text.split()]
    item.find_element(By.TAG_NAME, "input").click()


def reuse_items(page) -> list[tuple[str, list[str], list[str]]]:
    """The side panel's reuse links: heading, where each passage stands, both quotes."""
    items = page.find_elements(By.CSS_SELECTOR, "#panel-reuse > li")
    return [(page.execute_script("return arguments[0].firstChild.textContent", item),
             [w.get_attribute("textContent") for w in item.find_elements(By.CLASS_NAME, "where")],
             [q.get_attribute("textContent") for q in item.find_elements(By.TAG_NAME, "blockquote")])
            for item in items]


def test_a_plan_panel_lists_its_counterparts_with_both_quotes(page):
    click_node(page, "plan:西安市行动方案")
    links = sorted(reuse_items(page))
    assert links == sorted([
        ("reuses 成都市实施意见 (0.9)", [f"here · {X1}", f"there · {C1}"], [R1, R1C]),
        ("reuses 成都市实施意见 (0.8)", ["here · 一、总体要求", f"there · {S4}"], [R2, R2C]),
        ("similar to 成都市实施意见 (1)", ["here · 搭建人工智能开放创新平台", f"there · {S4}"], [R3, R3]),
    ])
    assert js(page, "return window.__alerts") == []  # R2C holds the hostile name
    assert js(page, "return document.querySelectorAll('#panel script, #panel img').length") == 0
    edges = [li.text for li in page.find_elements(By.CSS_SELECTOR, "#panel-edges > li")]
    assert not [e for e in edges if "REUSES" in e or "SIMILAR_TO" in e]


def test_a_task_panel_lists_the_passages_it_shares(page):
    click_node(page, "plan:成都市实施意见#1")
    assert reuse_items(page) == [
        ("reused by 西安市行动方案 (0.9)", [f"here · {C1}", f"there · {X1}"], [R1C, R1])]


def test_reuse_edges_can_be_hidden(page):
    shown = js(page, "return policykg.edgeView.length")
    toggle(page, "REUSES")
    toggle(page, "SIMILAR_TO")
    try:
        assert js(page, "return policykg.edgeView.length") == shown - 3
    finally:
        toggle(page, "REUSES")
        toggle(page, "SIMILAR_TO")
    assert js(page, "return policykg.edgeView.length") == shown


def test_tooltip_with_href_is_plain_text(page):
    toggle(page, "MENTIONS")
    click_node(page, "company:href")
    tooltip = page.find_element(By.CSS_SELECTOR, "div.vis-tooltip")
    assert HREF_NAME in tooltip.get_attribute("textContent")
    # vis-network sets the text with innerText, which turns line breaks into <br>, nothing else
    assert tooltip.find_elements(By.CSS_SELECTOR, "*:not(br)") == []
    assert js(page, "return window.__alerts") == []

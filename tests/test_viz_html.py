"""The explorer page without a browser: one test per pyvis defect we work around."""

from __future__ import annotations

import json
import re

from policykg.graph.kg import KnowledgeGraph
from policykg.viz.html import build_network, explorer_html, script_json, show

from testkit.small_graph import HOSTILE, make_small_kg


def page_data(page: str) -> dict:
    match = re.search(r'<script id="policykg-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert match
    return json.loads(match.group(1))


def test_assets_are_inlined_and_nothing_is_fetched():
    page = explorer_html(make_small_kg())
    assert "vis-network" in page and "new vis.Network" in page
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)


def test_bulk_build_never_calls_add_node():
    kg = make_small_kg()
    net, _ = build_network(kg)
    assert len(net.nodes) == len(kg) and len(net.edges) == kg.graph.number_of_edges()
    assert net.node_ids == []  # pyvis's add_node fills this list on every call


def test_json_is_utf8_and_cannot_close_the_script():
    text = script_json({"name": HOSTILE + "西安\u2028&"})
    assert "西安" in text and "\\u897f" not in text
    for raw in ("<", ">", "&", "\u2028"):
        assert raw not in text
    assert json.loads(text) == {"name": HOSTILE + "西安\u2028&"}


def test_hostile_name_only_appears_escaped():
    page = explorer_html(make_small_kg())
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "sourceMappingURL" not in page
    names = {n["name"] for n in page_data(page)["nodes"]}
    assert HOSTILE in names


def test_titles_with_href_stay_plain_data():
    kg = KnowledgeGraph()
    kg.add_node("company:x", "Company", '<a href="javascript:alert(3)">x</a>')
    page = explorer_html(kg)
    explorer_js = page.split('id="policykg-data"')[1]
    assert "div.popup" not in page
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", explorer_js)
    (node,) = page_data(page)["nodes"]
    assert node["name"] == '<a href="javascript:alert(3)">x</a>'


def test_show_embeds_the_escaped_page_in_an_iframe():
    shown = show(make_small_kg(), plans=("成都市实施意见",))
    assert shown.data.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "<script" not in shown.data and "&lt;script" in shown.data

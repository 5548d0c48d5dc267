"""Subgraph selection: plans, types, ego networks, departments, and how options combine."""

from __future__ import annotations

import pytest

from policykg.viz.select import Selection, SelectionError, resolve, select

from testkit.small_graph import HOSTILE, make_small_kg

X, C = "plan:西安市行动方案", "plan:成都市实施意见"


def ids(selection: Selection) -> set[str]:
    return set(select(make_small_kg(), selection).graph)


def test_no_option_selects_everything():
    kg = make_small_kg()
    sub = select(kg, Selection())
    assert len(sub) == len(kg) == 17
    assert sub.graph.number_of_edges() == kg.graph.number_of_edges()


def test_plan_by_title_or_id_takes_its_tasks_and_their_neighbours():
    by_title = ids(Selection(plans=("成都市实施意见",)))
    assert by_title == ids(Selection(plans=(C,)))
    assert by_title == {C, f"{C}#1", "place:成都市", "industry:智能制造", "company:华为",
                        "dept:成都市/市科学技术局", "dept:成都市/" + HOSTILE}  # not X, whose
    # passages C shares: named too, the two come with their reuse links
    both = select(make_small_kg(), Selection(plans=(C, X)))
    assert both.counts()["edges"]["REUSES"] == 2 and both.counts()["edges"]["SIMILAR_TO"] == 1


def test_type_filter_and_induced_edges():
    sub = select(make_small_kg(), Selection(plans=(X,), types=("Department", "Task")))
    assert {d["type"] for d in sub.nodes()} == {"Department", "Task"}
    assert len(sub) == 4
    assert sub.counts()["edges"] == {"LEADS": 3, "SUPPORTS": 1}


def test_around_counts_hops_either_direction():
    assert ids(Selection(around="西安交大", hops=0)) == {"university:西安交通大学"}
    assert ids(Selection(around="西安交通大学", hops=1)) == {
        "university:西安交通大学", f"{X}#1", "platform:西安交通大学国家应用数学中心"}


def test_department_takes_its_tasks_and_their_other_units():
    found = ids(Selection(departments=("西安市发展和改革委员会",)))
    assert found == {"dept:西安市/市发展和改革委员会", f"{X}#1", f"{X}#2",
                     "dept:西安市/市科学技术局", "group:西安市/相关区县政府"}


def test_an_alias_shared_by_two_departments_selects_both():
    assert resolve(make_small_kg(), "市科技局") == ["dept:成都市/市科学技术局",
                                                 "dept:西安市/市科学技术局"]


def test_different_options_intersect():
    found = ids(Selection(plans=(C,), departments=("市科技局",)))
    assert found == {f"{C}#1", "dept:成都市/市科学技术局", "dept:成都市/" + HOSTILE}


@pytest.mark.parametrize("selection", [Selection(plans=("无此方案",)),
                                       Selection(around="nobody"),
                                       Selection(departments=("智能制造",)),
                                       Selection(types=("Ministry",))])
def test_unknown_names_fail_clearly(selection):
    with pytest.raises(SelectionError):
        select(make_small_kg(), selection)


def test_query_selects_the_nodes_its_rows_name():
    assert ids(Selection(query="entity-plans", params={"name": "华为"})) == {
        "company:华为", X, C}
    with pytest.raises(SelectionError, match="missing: name"):
        ids(Selection(query="entity-plans"))

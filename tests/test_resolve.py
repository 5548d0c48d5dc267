"""Resolving unit names to nodes scoped to their jurisdiction."""

import pytest

from policykg.graph.resolve import Jurisdiction, resolve_unit
from policykg.loaders.units import load_aliases

XIAN = Jurisdiction("西安市", "City", "陕西省")
CHENGDU = Jurisdiction("成都市", "City", "四川省")
SHAANXI = Jurisdiction("陕西省", "Province", "陕西省")


@pytest.fixture(scope="module")
def aliases():
    return load_aliases()


@pytest.mark.parametrize(("name", "where", "node_id", "display"), [
    ("市科技局", XIAN, "dept:西安市/市科学技术局", "西安市科学技术局"),
    ("市科学技术局", XIAN, "dept:西安市/市科学技术局", "西安市科学技术局"),
    ("市科技局", CHENGDU, "dept:成都市/市科学技术局", "成都市科学技术局"),
    ("市发改委", XIAN, "dept:西安市/市发展和改革委员会", "西安市发展和改革委员会"),
    ("财政局", XIAN, "dept:西安市/市财政局", "西安市财政局"),
    ("省科技厅", XIAN, "dept:陕西省/省科学技术厅", "陕西省科学技术厅"),
    ("省科技厅", SHAANXI, "dept:陕西省/省科学技术厅", "陕西省科学技术厅"),
    ("科技部", XIAN, "dept:国家/科学技术部", "科学技术部"),
    ("科技部", CHENGDU, "dept:国家/科学技术部", "科学技术部"),
    ("上海市经济和信息化委员会", XIAN, "dept:上海市/市经济和信息化委员会", "上海市经济和信息化委员会"),
])
def test_departments(aliases, name, where, node_id, display):
    unit = resolve_unit(name, where, aliases)
    assert (unit.type, unit.id, unit.name) == ("Department", node_id, display)


def test_collective_actors_belong_to_the_plan_place(aliases):
    unit = resolve_unit("相关区县政府", XIAN, aliases)
    assert (unit.type, unit.id) == ("CollectiveActor", "group:西安市/相关区县政府")
    assert resolve_unit("有关区（市）县政府", CHENGDU, aliases).id == "group:成都市/有关区（市）县政府"


def test_governments_places_and_companies(aliases):
    assert resolve_unit("闵行区政府", XIAN, aliases).type == "Government"
    assert resolve_unit("成都银行", CHENGDU, aliases).type == "Company"
    place = resolve_unit("西咸新区", XIAN, aliases, lambda t, n: f"place:{n}")
    assert (place.type, place.id) == ("District", "place:西咸新区")


def test_an_unknown_place_scopes_local_units_to_the_plan(aliases):
    where = Jurisdiction(None, None, None, fallback="plan:某方案")
    unit = resolve_unit("市科技局", where, aliases)
    assert (unit.id, unit.name) == ("dept:plan:某方案/市科学技术局", "市科学技术局")
    assert resolve_unit("科技部", where, aliases).id == "dept:国家/科学技术部"


def test_a_place_short_name_is_no_bare_department(aliases):
    from policykg.loaders.units import distribute_prefix

    assert distribute_prefix(["市科技局", "发展改革委", "重庆银监局"]) == [
        "市科技局", "市发展改革委", "重庆银监局"]
    unit = resolve_unit("重庆银监局", Jurisdiction("重庆市", "City", None), aliases)
    assert (unit.id, unit.name) == ("dept:重庆市/市银监局", "重庆市银监局")

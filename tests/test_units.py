"""Unit names: classification, level, prefix distribution and canonical department names."""

from __future__ import annotations

import pytest

from policykg.loaders.units import (
    canonical_department,
    classify_unit,
    distribute_prefix,
    level_of,
    load_aliases,
    looks_like_unit,
    split_place,
)

CLASSES = {
    "Department": ["市科技局", "省科技厅", "市委组织部", "市委组织部(市人才办)", "科技部",
                   "国家发展改革委", "市大数据和电子政务办", "市场监管局", "中央网信办", "市科协",
                   "发展改革委", "人民银行济南分行营管部"],
    "Government": ["闵行区政府", "西安市人民政府", "成都高新区管委会", "成都高新区（管委会）",
                   "济南新旧动能转换先行区管委会", "区政府"],
    "CollectiveActor": ["相关区县政府", "各区人民政府", "各开发区管委会", "有关区（市）县政府",
                        "各区县（开发区）", "市级有关部门", "各市直部门", "其他成员单位"],
    "Company": ["成都银行", "锦泰保险公司", "华为技术有限公司", "中国电子科技集团", "合肥电信公司",
                "成都农商银行"],
    "University": ["西安交通大学", "西北工业大学", "成都职业技术学院"],
    "Institute": ["中科院西安光机所", "中国科学院", "成都人工智能产业技术研究院"],
    "District": ["西咸新区", "成都高新区", "闵行区", "新津县"],
    "City": ["西安市", "崇州市"],
    "Province": ["陕西省", "广西壮族自治区"],
}


@pytest.mark.parametrize("expected, name", [(kind, name) for kind, names in CLASSES.items()
                                            for name in names])
def test_classify_unit(expected, name):
    assert classify_unit(name) == expected


@pytest.mark.parametrize("name, not_expected", [
    ("相关区县政府", "Government"),  # a group, not one government
    ("各开发区管委会", "Government"),
    ("西咸新区", "Department"),
    ("成都银行", "Department"),
    ("城市管理局", "City"),  # 城市 is not a place name
    ("市社会保险事业管理局", "Company"),  # 保险 inside a department's name
    ("中国科学院", "University"),  # ends in 学院 but is the academy
])
def test_classify_unit_negatives(name, not_expected):
    assert classify_unit(name) != not_expected


@pytest.mark.parametrize("name, level", [
    ("国务院办公厅", "national"), ("科技部", "national"), ("国家发展改革委", "national"),
    ("工业和信息化部", "national"), ("教育部", "national"), ("中央网信办", "national"),
    ("海关总署", "national"), ("省科技厅", "province"), ("自治区科技厅", "province"),
    ("陕西省科技厅", "province"), ("市科技局", "city"), ("市委组织部", "city"),
    ("西安市科技局", "city"), ("区科技局", "district"), ("县教育局", "district"),
    ("闵行区政府", "district"), ("发展改革委", None), ("成都银行", None),
    ("市场监管局", None),
])
def test_level_of(name, level):
    assert level_of(name) == level


def test_split_place():
    assert split_place("陕西省西安市科技局") == ("陕西省西安市", "科技局")
    assert split_place("广州市市场监管局") == ("广州市", "市场监管局")
    assert split_place("城市管理局") == ("", "城市管理局")
    assert split_place("市科技局") == ("", "市科技局")


def test_distribute_prefix():
    assert distribute_prefix(["市科技创新委", "发展改革委", "工业和信息化局"]) == [
        "市科技创新委", "市发展改革委", "市工业和信息化局"]
    assert distribute_prefix(["省发展改革委", "科技厅", "市教育局", "人社局"]) == [
        "省发展改革委", "省科技厅", "市教育局", "市人社局"]


@pytest.mark.parametrize("name", ["各区人民政府", "相关区县政府", "西咸新区", "成都银行",
                                  "闵行区政府", "科技部", "西安交通大学"])
def test_distribute_prefix_leaves_non_departments(name):
    assert distribute_prefix(["市科技局", name]) == ["市科技局", name]


def test_distribute_prefix_without_a_prefix_changes_nothing():
    assert distribute_prefix(["发展改革委", "科技局"]) == ["发展改革委", "科技局"]


def test_looks_like_unit():
    assert looks_like_unit("市科技局") and looks_like_unit("各区") and looks_like_unit("成都银行")
    assert not looks_like_unit("企业") and not looks_like_unit("要做好工作")


@pytest.fixture(scope="module")
def aliases():
    return load_aliases()


@pytest.mark.parametrize("name, canonical", [
    ("市科技局", "市科学技术局"), ("省科技厅", "省科学技术厅"), ("科技部", "科学技术部"),
    ("国家发展改革委", "国家发展和改革委员会"), ("工信部", "工业和信息化部"),
    ("市发改委", "市发展和改革委员会"), ("市发展改革委", "市发展和改革委员会"),
    ("市工信局", "市工业和信息化局"), ("市经信委", "市经济和信息化委员会"),
    ("市经信局", "市经济和信息化局"), ("市市场监管局", "市市场监督管理局"),
    ("市委网信办", "市委网络安全和信息化委员会办公室"),
    ("中央网信办", "中央网络安全和信息化委员会办公室"), ("国家网信办", "国家互联网信息办公室"),
    ("西安市科技局", "西安市科学技术局"), ("市科学技术局", "市科学技术局"),
    ("市大数据局", "市大数据局"), ("成都银行", "成都银行"),
])
def test_canonical_department(aliases, name, canonical):
    assert canonical_department(name, aliases) == canonical


def test_renamed_bodies_stay_apart(aliases):
    forms = {canonical_department(name, aliases) for name in ("市经信委", "市经信局", "市工信局")}
    assert len(forms) == 3


def test_alias_table_values_are_final(aliases):
    assert all(canonical not in aliases or aliases[canonical] == canonical
               for canonical in aliases.values())


def test_user_aliases_add_and_win(tmp_path):
    user = tmp_path / "aliases.tsv"
    user.write_text("alias\tcanonical\n大数据局\t大数据资源管理局\n科技局\t科技和创新局\n",
                    encoding="utf-8")
    table = load_aliases(user)
    assert canonical_department("市大数据局", table) == "市大数据资源管理局"
    assert canonical_department("市科技局", table) == "市科技和创新局"
    assert canonical_department("市发改委", table) == "市发展和改革委员会"


def test_malformed_user_aliases_are_reported(tmp_path):
    user = tmp_path / "aliases.tsv"
    user.write_text("alias\tcanonical\n只有一列\n", encoding="utf-8")
    with pytest.raises(ValueError, match="aliases.tsv:2"):
        load_aliases(user)

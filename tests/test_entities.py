"""Entity recognition: each type with positives and negatives, nested names, line wraps, short
and full forms, platform hosts, jurisdictions, entity ids and the user alias file."""

from __future__ import annotations

import pytest

from policykg.graph.resolve_entities import entity_id, load_user_aliases
from policykg.loaders.entities import find_entities, jurisdiction_of
from policykg.loaders.places import parent_of


def names(text: str, type_: str) -> list[str]:
    return [m.name for m in find_entities(text) if m.type == type_]


def one(text: str, type_: str):
    found = [m for m in find_entities(text) if m.type == type_]
    assert len(found) == 1, found
    return found[0]


# --- universities, institutes, companies --------------------------------------------------------

def test_universities_and_short_forms():
    text = "支持西安交通大学、西工大、清华大学和中原工学院开展研究。"
    assert names(text, "University") == ["西安交通大学", "西北工业大学", "清华大学", "中原工学院"]
    assert one("西安交大牵头", "University").surface == "西安交大"


@pytest.mark.parametrize("text", ["吸引大学生就业", "支持高校院所联合攻关", "依托重点高校建设",
                                  "鼓励高等院校开设人工智能学院", "建设大学科技园"])
def test_not_universities(text):
    assert names(text, "University") == []


def test_unknown_university_by_pattern():
    assert names("联合宁波诺丁汉大学共建", "University") == ["宁波诺丁汉大学"]


def test_cas_institute_short_and_full_forms():
    full = "中国科学院西安光学精密机械研究所"
    assert names("中科院西安光机所等高校院所", "Institute") == [full]
    assert names("西安光机所牵头", "Institute") == [full]
    assert names("中国科学院自动化研究所", "Institute") == ["中国科学院自动化研究所"]
    assert names("中科院自动化所", "Institute") == ["中国科学院自动化研究所"]


def test_company_research_institute_names_its_company():
    found = {(m.type, m.name) for m in find_entities("华为西安研究所与高校合作")}
    assert ("Institute", "华为西安研究所") in found
    assert ("Company", "华为") in found


@pytest.mark.parametrize("text, unit, company, place", [
    ("华为西安研究所等与高校合作", ("Institute", "华为西安研究所", 0, 7), ("华为", 0, 2), ("西安市", 2, 4)),
    ("中兴通讯南京研究所与高校合作", ("Institute", "中兴通讯南京研究所", 0, 9), ("中兴通讯", 0, 4),
     ("南京市", 4, 6)),
    ("依托腾讯深圳研究院等企业", ("Institute", "腾讯深圳研究院", 2, 9), ("腾讯", 2, 4), ("深圳市", 4, 6)),
    ("中国电信四川研究院牵头", ("Institute", "中国电信四川研究院", 0, 9), ("中国电信", 0, 4),
     ("四川省", 4, 6)),
])
def test_a_company_research_unit_is_an_institute_naming_its_company(text, unit, company, place):
    """Company + place + 研究所/研究院: the whole name is the Institute (no shorter reading of
    it), the company and the place are named inside it."""
    found = find_entities(text)
    assert [(m.type, m.name, m.start, m.end) for m in found if m.type == "Institute"] == [unit]
    assert spans(text, "Company") == [company]
    assert [(m.name, m.start, m.end) for m in found if m.type in ("City", "Province")] == [place]
    assert spans(text, "Platform") == []


def test_a_hospital_of_an_organisation_is_no_institute():
    found = find_entities("西安交通大学第一附属医院开展临床试验")
    assert [(m.type, m.name, m.start, m.end) for m in found] == [
        ("University", "西安交通大学", 0, 6)]


@pytest.mark.parametrize("text, platform, host", [
    ("支持腾讯成都研究院建设", ("腾讯成都研究院", 2, 9), ("Company", "腾讯", 2, 4)),
    ("共建浙江大学人工智能研究院，集聚人才", ("浙江大学人工智能研究院", 2, 13), ("University", "浙江大学", 2, 6)),
    ("加快中兴通讯西安研发中心建设", ("中兴通讯西安研发中心", 2, 12), ("Company", "中兴通讯", 2, 6)),
])
def test_a_research_unit_being_built_is_a_platform_of_its_organisation(text, platform, host):
    p = one(text, "Platform")
    assert ((p.name, p.start, p.end), p.kind) == (platform, "rnd_institute")
    assert (p.host.type, p.host.name, p.host.start, p.host.end) == host
    assert names(text, "Institute") == []


def test_companies_dictionary_and_patterns():
    text = "发挥三星、美光、紫光国芯等龙头企业作用，支持成都纵横自动化技术股份有限公司和成都银行。"
    assert names(text, "Company") == ["三星", "美光", "紫光国芯", "成都纵横自动化技术股份有限公司",
                                      "成都银行"]


@pytest.mark.parametrize("text", ["培育龙头企业", "支持有关企业", "组建平台公司", "鼓励商业银行放贷",
                                  "延长产业链", "推动平安社区建设"])
def test_not_companies(text):
    assert names(text, "Company") == []


def test_central_enterprises_and_state_banks_by_their_short_forms():
    assert names("深化与中粮、华润的合作，引导工行、农行加大信贷投放", "Company") == [
        "中粮集团", "华润集团", "工商银行", "农业银行"]
    assert names("推进全国网络安全建设，开展集中行动", "Company") == []  # 全国|网络, 集中|行动


def test_ambiguous_company_form_needs_a_peer():
    assert names("形成了延长和陕煤集团的智能矿井", "Company") == ["延长石油", "陕煤集团"]


# --- places ---------------------------------------------------------------------------------------

def test_city_short_form_and_parent():
    city = one("推动新技术在西安落地", "City")
    assert (city.name, city.surface, city.parent) == ("西安市", "西安", "陕西省")


def test_university_is_not_a_place():
    assert [m.type for m in find_entities("西安交通大学")] == ["University"]


def test_development_zones():
    found = {m.name: m.parent for m in find_entities("依托西安高新区、西咸新区和成都经开区建设")
             if m.type == "District"}
    assert found == {"西安高新区": "西安市", "西咸新区": "西安市", "成都经开区": "成都市"}
    assert one("闵行经济技术开发区内企业", "District").parent == "上海市"


def test_zones_of_county_level_cities_and_the_longest_zone_ending():
    found = {m.name: m.parent for m in find_entities("支持金坛经济开发区、溧阳高新区打造新能源产业集聚区")
             if m.type == "District"}
    assert found == {"金坛经济开发区": "常州市", "溧阳高新区": "常州市"}  # not 阳高|新区


def test_a_zone_by_its_shape_opening_a_platform_name_is_a_place_and_its_host():
    text = "推进东湖科学城数字创意小镇建设"
    zone = one(text, "District")
    assert (zone.name, zone.rule, zone.cue, zone.start) == ("东湖科学城", "ending", "科学城", 2)
    assert one(text, "Platform").host.name == "东湖科学城"
    assert names("建设人工智能新城创新中心", "District") == []  # no name before the ending


def test_districts_and_counties():
    found = {m.name: m.parent for m in find_entities("金牛区、双流区政府和大邑县") if m.type == "District"}
    assert found == {"金牛区": "成都市", "双流区": "成都市", "大邑县": "成都市"}


def test_common_words_are_not_places():
    assert [m for m in find_entities("提升城区品质，治理矿区") if m.type == "District"] == []


def test_parent_of():
    assert parent_of("雁塔区") == "西安市"
    assert parent_of("西安市") == "陕西省"
    assert parent_of("上海市") is None


@pytest.mark.parametrize("title, issuer, expected", [
    ("西安市建设国家新一代人工智能创新发展试验区行动方案", None, ("City", "西安市")),
    ("陕西省培育千亿级人工智能产业创新集群行动计划", None, ("Province", "陕西省")),
    ("关于推动新一代人工智能发展的实施意见", "成都市人民政府办公厅", ("City", "成都市")),
    ("合肥建设国家新一代人工智能创新发展试验区实施方案", None, ("City", "合肥市")),
    ("上海市推动新一代人工智能发展的实施意见", None, ("City", "上海市")),
    ("广州市黄埔区 广州开发区加快人工智能产业发展实施意见细则", None, ("District", "黄埔区")),
    ("德清县新一代人工智能应用县发展规划", None, ("District", "德清县")),
    ("新一代人工智能发展规划", "国务院", None),
])
def test_jurisdiction_of(title, issuer, expected):
    assert jurisdiction_of(title, issuer) == expected


# --- platforms ------------------------------------------------------------------------------------

def test_platform_named_after_its_host():
    p = one("加强西安交通大学人机混合增强智能全国重点实验室建设", "Platform")
    assert (p.kind, p.level, p.host.name) == ("lab", "national", "西安交通大学")
    assert "西安交通大学" in names("加强西安交通大学人机混合增强智能全国重点实验室建设", "University")


def test_platform_host_first_of_two_organisations():
    p = one("加强长安大学车联网教育部-中国移动联合实验室建设", "Platform")
    assert (p.host.name, p.level) == ("长安大学", "national")
    assert names("长安大学车联网教育部-中国移动联合实验室", "Company") == ["中国移动"]


def test_platform_host_from_sentence():
    p = one("依托哈工大牵头组建机器人技术创新中心。", "Platform")
    assert (p.kind, p.host.name) == ("innovation_centre", "哈尔滨工业大学")
    text = "清华大学合肥公共安全研究院依托消防与应急救援国家工程实验室，建设公共安全人工智能创新平台。"
    hosts = {m.name: m.host.name for m in find_entities(text) if m.type == "Platform"}
    assert hosts == {"消防与应急救援国家工程实验室": "清华大学合肥公共安全研究院",
                     "公共安全人工智能创新平台": "清华大学合肥公共安全研究院"}


def test_platform_list_items_take_their_company():
    text = "支持华为基础软硬件、科大讯飞智能语音等平台建设。"
    found = {m.name: m.host.name for m in find_entities(text) if m.type == "Platform"}
    assert found == {"华为基础软硬件平台": "华为", "科大讯飞智能语音平台": "科大讯飞"}


def spans(text: str, type_: str) -> list[tuple[str, int, int]]:
    return [(m.name, m.start, m.end) for m in find_entities(text) if m.type == type_]


@pytest.mark.parametrize("text, expected", [
    ("鼓励哈工大机器人合肥院建立机器人智能开放服务及支撑平台。", [("机器人智能开放服务及支撑平台", 13, 27)]),
    ("加快推进国家印刷及柔性显示制造业创新中心建设", [("国家印刷及柔性显示制造业创新中心", 4, 20)]),
    ("构建大数据多语种机器翻译及语音处理开放平台", [("大数据多语种机器翻译及语音处理开放平台", 2, 21)]),
])
def test_a_joining_word_inside_a_platform_name(text, expected):
    assert spans(text, "Platform") == expected


@pytest.mark.parametrize("text, expected", [
    # a name ends before 及: two platforms
    ("建设智能感知重点实验室及机器视觉工程研究中心",
     [("智能感知重点实验室", 2, 11), ("机器视觉工程研究中心", 12, 22)]),
    # a known organisation starts after 及: the platform is named after it
    ("推动项目扩产上量及英特尔 FPGA 中国创新中心建设", [("英特尔 FPGA 中国创新中心", 9, 24)]),
    # the words before 及 open no name: 及 joins two phrases, 创新基地 alone is generic
    ("推进高校院所参与重大项目实施及创新基地建设", []),
    # 以及 and 和 join list items
    ("建设国家工程实验室以及国家级企业技术中心", []),
    ("推进人才培养和创新平台建设", []),
])
def test_a_joining_word_between_names_or_phrases(text, expected):
    assert spans(text, "Platform") == expected


def test_host_of_a_platform_with_a_joining_word():
    p = one("鼓励哈工大机器人合肥院建立机器人智能开放服务及支撑平台。", "Platform")
    assert (p.kind, p.host.type, p.host.name, p.host.start, p.host.end) == (
        "open_platform", "Institute", "哈工大机器人合肥院", 2, 11)


def test_branch_owner_is_a_company():
    p = one("依托新诺视野中国研发中心等企业和机构", "Platform")
    assert p.host.type == "Company" and p.host.name == "新诺视野"


def test_province_level_and_kinds():
    p = one("推进陕西省智能机器人重点实验室建设", "Platform")
    assert (p.kind, p.level, p.host) == ("lab", "province", None)
    assert one("加快未来人工智能计算中心建设", "Platform").kind == "computing_centre"
    assert one("建设新川创新科技园等专业园区", "Platform").kind == "park"


@pytest.mark.parametrize("text, name, kind", [
    # the endings of national programmes of platforms (platform_kinds.json names them)
    ("支持湘雅医院创建国家老年疾病临床医学研究中心", "国家老年疾病临床医学研究中心", "engineering_centre"),
    ("建设国家新能源汽车产业计量测试中心", "国家新能源汽车产业计量测试中心", "testing_centre"),
    ("争创国家碳纤维产品质量检验检测中心", "国家碳纤维产品质量检验检测中心", "testing_centre"),
    ("推动东南大学技术转移中心建设", "东南大学技术转移中心", "technology_centre"),
    ("推进长三角生物医药中试基地建设", "长三角生物医药中试基地", "base"),
])
def test_platforms_named_by_their_programme(text, name, kind):
    p = one(text, "Platform")
    assert (p.name, p.kind) == (name, kind)


def test_a_name_does_not_open_with_the_space_before_a_latin_word():
    p = one("依托本地高校，加快建设 GPU 联合创新中心，突破算力瓶颈。", "Platform")
    assert (p.name, p.surface, p.start) == ("GPU 联合创新中心", "GPU 联合创新中心", 12)


@pytest.mark.parametrize("text", ["建设一批人工智能重点实验室", "发挥各类国家级、省级人工智能重点实验室作用",
                                  "搭建人工智能开放创新平台", "共建一批新型研发机构",
                                  "建成5-8个人工智能创新平台"])
def test_generic_platform_phrases_are_not_entities(text):
    assert names(text, "Platform") == []


@pytest.mark.parametrize("text", [
    # a word describing a kind (…性, …型, …化) with generic words makes no name
    "加快布局一批区域性、行业性数据中心", "打造开放型协同创新中心", "建设全球化开放创新平台",
    "打造“国家一体化大数据中心区域级节点”", "建设综合性科学数据中心",
    # the longest ending decides what the prefix is (行业|大数据中心, not 行业大|数据中心)
    "鼓励龙头企业建设行业大数据中心",
    # 研究 and 开源 are as generic as 研发 and 开放
    "推动基础研究支撑平台建设", "建设开源技术创新平台", "开发面向人工智能的开源开放平台",
    # a name after 等 is the kind of the items listed before it
    "支持皮肤病症等特色医疗大数据中心建设", "推动集成电路特色工艺及封装测试等国家制造业创新中心建设",
])
def test_kinds_of_platforms_are_not_entities(text):
    assert names(text, "Platform") == []


def test_a_counted_name_is_a_kind_wherever_the_text_repeats_it():
    text = "建立一批人工智能场景创新中心。支持创建人工智能场景创新中心，围绕智能制造开展示范。"
    assert names(text, "Platform") == []
    assert names("建成5-8个智能农业示范基地，推动智能农业示范基地建设", "Platform") == []
    assert spans("建设一个人工智能场景创新中心", "Platform") == [("人工智能场景创新中心", 4, 14)]


def test_items_before_a_kind_are_still_read():
    text = "推进天府软件园、新川创新科技园等人工智能特色园区建设"
    assert spans(text, "Platform") == [("天府软件园", 2, 7), ("新川创新科技园", 8, 15)]
    assert spans("推动成都医学城大数据中心建设", "Platform") == [("成都医学城大数据中心", 2, 12)]


def test_a_kind_is_no_university():
    assert names("培育研究型大学和应用型学院", "University") == []


def test_research_institute_that_acts_is_an_institute():
    text = "依托新华三成都研究院、四川省人工智能研究院等企业和机构，谋划建设平台。"
    assert names(text, "Institute") == ["新华三成都研究院", "四川省人工智能研究院"]
    assert names("推进人工智能芯片创新研究院建设", "Platform") == ["人工智能芯片创新研究院"]


def test_long_name_beats_short_name_inside():
    text = "加强西北工业大学无人机系统国家工程研究中心建设"
    assert names(text, "Platform") == ["西北工业大学无人机系统国家工程研究中心"]
    assert "无人机" not in names(text, "Industry")


# --- industries -----------------------------------------------------------------------------------

def test_industries_and_alternative_forms():
    assert names("推动智能制造、军地两用、智能网联汽车发展", "Industry") == ["智能制造", "军民两用",
                                                                   "智能网联汽车"]
    assert names("市大数据局牵头", "Industry") == []


@pytest.mark.parametrize("text, expected", [
    ("在智能硬件方面，发挥龙头企业作用", [("智能硬件", 1, 5)]),
    ("发展人工智能芯片", [("人工智能芯片", 2, 8)]),
    ("探索人工智能在文化旅游领域的融合应用", [("文化旅游", 7, 11)]),
    # a function of government is a field of business only where the text makes it one
    ("探索人工智能在公共服务领域的融合应用", []),
    ("推动文化旅游产业与人工智能融合创新", [("文化旅游", 2, 6)]),
    # 人工智能 + 硬件/软件/教育: the industry word would begin inside 人工智能
    ("加快人工智能硬件产品创新", []),
    ("推动人工智能软件服务能力建设", []),
    ("开展中小学人工智能教育", []),
    # the industry word modifies the noun after it
    ("提高旅游公共服务能力", []),
    ("加强文化旅游资源的深度开发", []),
    ("支持网络安全技术设备研发", []),
    ("提升社会治理水平", []),
    ("构建城市信用大数据体系", []),
    # or names the field of a facility: the facility is what is named (as in a platform's name)
    ("打造西北智慧物流中心", []),
    ("建设人工智能公共服务平台", []),
    ("加快云计算中心建设", []),
    # or is an item of a list of infrastructure
    ("加快物联网、北斗导航、5G等新型基础设施建设", []),
    ("完善数据中心、信息安全等基础设施", []),
    ("推动物联网、北斗导航等产业发展", [("物联网", 2, 5), ("北斗导航", 6, 10)]),
])
def test_industry_words_in_and_out_of_industry_sense(text, expected):
    assert spans(text, "Industry") == expected


# --- line wraps -----------------------------------------------------------------------------------

def test_names_broken_by_a_line_wrap():
    text = "依托西安交\n通大学、西北工业\n大学等"
    found = [m for m in find_entities(text) if m.type == "University"]
    assert [(m.surface, m.start, m.end) for m in found] == [("西安交通大学", 2, 9),
                                                           ("西北工业大学", 10, 17)]
    assert text[found[0].start:found[0].end] == "西安交\n通大学"


def test_paragraph_break_stops_a_name():
    assert names("西安交\n\n通大学", "University") == []


# --- ids and user aliases -------------------------------------------------------------------------

def test_entity_ids():
    assert entity_id("University", "西安交通大学") == "university:西安交通大学"
    assert entity_id("City", "西安市") == "place:西安市"
    assert entity_id("District", "西安高新区") == "place:西安高新区"


def test_user_alias_file(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# user aliases\n西交\t西安交通大学\tUniversity\n"
                    "哈工大机器人合肥院\t哈工大机器人研究院\t\n"
                    "!西北大学\t\tUniversity\n中科院成都分院\t\tInstitute\tsplit\n", encoding="utf-8")
    aliases = load_user_aliases(path)
    assert aliases.canonical("University", "西交") == "西安交通大学"
    assert aliases.canonical("Institute", "哈工大机器人合肥院") == "哈工大机器人研究院"
    assert aliases.canonical("University", "西北大学") == "西北大学"
    assert aliases.canonical("Institute", "中国科学院成都分院", "中科院成都分院") == "中科院成都分院"
    assert aliases.canonical("University", "清华大学") == "清华大学"


def test_a_public_platform_named_after_its_company():
    text = "推动泰岳自然语义理解开放平台、金山智能写作产业技术创新公共平台持续发展。"
    platforms = {m.name: m for m in find_entities(text) if m.type == "Platform"}
    platform = platforms["金山智能写作产业技术创新公共平台"]
    assert (platform.kind, platform.host.name, platform.host.surface) == (
        "open_platform", "金山软件", "金山")


def test_a_place_opening_an_institution_name_is_no_place_mention():
    assert find_entities("参观陕西历史博物馆。") == []
    assert [(m.type, m.name) for m in find_entities("陕西省培育产业。")] == [("Province", "陕西省")]

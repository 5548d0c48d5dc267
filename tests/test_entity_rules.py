"""The recognition rules of issue 12, each on sentences written for the test (none is from the
corpus): where a name starts, what lists, endings and shapes say, the one rule for 研究院,
zones and places of the plan's city, owners and hosts, and the rule and cue kept on each
mention."""

from __future__ import annotations

import pytest

from policykg.loaders.entities import find_entities
from policykg.loaders.words import common_word, is_function_word, segment


def found(text: str, type_: str, jurisdiction: str | None = None) -> list[str]:
    return [m.name for m in find_entities(text, jurisdiction) if m.type == type_]


def one(text: str, type_: str):
    hits = [m for m in find_entities(text) if m.type == type_]
    assert len(hits) == 1, hits
    return hits[0]


# --- the segmenter -------------------------------------------------------------------------------

def test_segmenter_finds_words_and_tags_them():
    words = segment("推动企业合作")
    assert [w.text for w in words] == ["推动", "企业", "合作"]
    assert words[0].tag == "v" and is_function_word(words[0])
    assert not is_function_word(words[1])


def test_an_unknown_character_is_a_word_of_its_own():
    assert [(w.text, w.tag) for w in segment("龘")] == [("龘", "x")]


def test_common_words_and_names():
    assert common_word("教育") and not common_word("西安") and not common_word("思必驰")


# --- where a name starts -------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("争取国家量子传感技术创新中心落户本市", "国家量子传感技术创新中心"),
    ("已启动区块链公共技术服务平台建设", "区块链公共技术服务平台"),
    ("鼓励企业与星海实验室开展合作", "星海实验室"),
    ("推动与青禾梦栖小镇联动发展", "青禾梦栖小镇"),
    ("积极发展星海青年创业园", "星海青年创业园"),            # a verbal noun, however generic
    ("利用星海谷的算力资源", "星海谷"),                      # 利用 is a noun to the word list
    ("加快部署星海应用创新平台", "星海应用创新平台"),        # 部署 too
    ("串联星海人才计划产业园和南湖", "星海人才计划产业园"),  # 串联 is a place to it
    ("把南湖片区打造成星海智能创新中心", "星海智能创新中心"),  # it reads 打|造成
])
def test_a_name_never_starts_with_a_verb_adverb_or_partner(text, name):
    assert found(text, "Platform") == [name]


@pytest.mark.parametrize("text, type_, names", [
    ("鼓励各类工业园区设立天使基金。", "Platform", []),           # 各|类: 各类 is the word
    ("依托南湖同济智造研究院开展合作。", "Institute", ["南湖同济智造研究院"]),  # 同|济
])
def test_a_boundary_word_that_starts_a_longer_word_opens_no_phrase(text, type_, names):
    assert found(text, type_) == names


def test_a_university_name_holds_no_verb():
    # 深度 reads as a place name to the word list: the verb after it still opens the name
    assert found("深度挖掘南湖理工大学的办学潜力。", "University") == ["南湖理工大学"]


def test_a_university_of_ordinary_words_is_a_name_where_it_opens_a_clause_hosting_platforms():
    text = "；数据工程大学建有星海感知国家重点实验室、海洋计算工程实验室等平台。"
    assert found(text, "University") == ["数据工程大学"]
    assert {m.name: m.host.name for m in find_entities(text) if m.type == "Platform"} == {
        "星海感知国家重点实验室": "数据工程大学", "海洋计算工程实验室": "数据工程大学"}
    assert found("推动数据工程大学建设。", "University") == []
    assert found("建设高水平大学拥有的学科。", "University") == []


def test_a_name_never_runs_over_a_clause_and_its_subject_hosts_it():
    platform = one("南湖大学建有海洋感知与控制工程实验室。", "Platform")
    assert platform.name == "海洋感知与控制工程实验室" and platform.host.name == "南湖大学"


def test_a_field_joined_by_and_stays_in_the_name():
    assert found("支持海洋科学与数字经济广东省实验室建设", "Platform") == [
        "海洋科学与数字经济广东省实验室"]


def test_no_word_boundary_inside_a_word():
    assert found("依托南湖高等研究院开展研究", "Institute") == ["南湖高等研究院"]


def test_a_name_never_ends_inside_a_word():
    assert found("打造星海智能创新中心区，带动周边发展", "Platform") == []  # 中心区, a centre
    assert found("星海智能创新中心内部设有展厅", "Platform") == ["星海智能创新中心"]


def test_a_known_name_starting_inside_a_word_does_not_open_a_name():
    # 一汽 is a company the dictionary knows, but here 第一 is the word
    assert found("联合中国第一汽车集团有限公司共建", "Company") == ["中国第一汽车集团有限公司"]


@pytest.mark.parametrize("text", ["位于上海康桥的园区", "推进用友好协商", "构建高通量测序平台"])
def test_a_short_known_name_read_across_words_is_none(text):
    # 上海|康桥 holds 海康 (海康威视), 用|友好 用友, 高通|量 高通
    assert found(text, "Company") == []


def test_a_short_known_name_standing_as_a_word_is_one():
    assert found("鼓励用友、海康等软件企业", "Company") == ["用友", "海康威视"]


# --- enumerations --------------------------------------------------------------------------------

def test_items_of_a_list_of_companies_are_companies_with_their_cue():
    hits = [m for m in find_entities("推动星河电子、蓝海数控、云帆网络等龙头企业加大研发投入。")
            if m.type == "Company"]
    assert [m.name for m in hits] == ["星河电子", "蓝海数控", "云帆网络"]
    assert {(m.rule, m.cue) for m in hits} == {("list", "等龙头企业")}


@pytest.mark.parametrize("text", [
    "培育一批云存储、边缘计算等骨干企业。",          # counted: kinds
    "鼓励能源、化工、纺织等行业企业上云。",          # the sectors of the companies
    "推动制造业、零售业等大型企业转型。",            # sectors
    "支持“专精特新”、“小巨人”等企业发展。",          # labels
    "推动企业、高校等方面合作。",                    # no kind noun closes it
])
def test_lists_that_name_no_companies(text):
    assert found(text, "Company") == []


def test_a_known_company_types_its_neighbours():
    assert found("华为、钜芯微电子等参与了试点。", "Company") == ["华为", "钜芯微电子"]
    assert found("华为、星河等参与了试点。", "Company") == ["华为"]  # 星河: ordinary words


def test_a_list_of_technologies_names_no_industry():
    assert found("应用区块链、物联网等技术提升监管效率。", "Industry") == []


def test_a_list_of_industries_types_its_items():
    assert found("重点发展氢能装备、商业航天等产业。", "Industry") == ["氢能装备", "商业航天"]
    # 石化 is a word: 先进|石化 is no word describing a kind (一体|化, 行业|性)
    assert found("做强先进石化、现代纺织等传统优势产业。", "Industry") == ["先进石化", "现代纺织"]
    # the verbs that develop industries open the first item's clause (壮大 is tagged an adjective)
    assert found("培育壮大氢能装备、商业航天等新兴产业。", "Industry") == ["氢能装备", "商业航天"]


def test_a_list_of_industries_needs_a_known_item_or_a_verb_that_develops_them():
    # activities in a list closed by 行业: neither a known industry nor 发展/培育 before them
    assert found("面向能源调度优化、农机精准作业等优势行业，构建专用模型。", "Industry") == []
    mentions = [m for m in find_entities("面向智能制造、冷链仓储等行业，推广专用模型。")
                if m.type == "Industry"]
    assert [(m.surface, m.rule) for m in mentions] == [("智能制造", "dictionary"),
                                                        ("冷链仓储", "list")]
    assert found("重点发展冷链仓储、海洋牧场等产业。", "Industry") == ["冷链仓储", "海洋牧场"]


@pytest.mark.parametrize("text", [
    "汇聚智能制造、冷链仓储等行业数据。",
    "汇聚智能制造、冷链仓储等行业大数据资源。",      # an adjective before the head
])
def test_a_head_noun_after_the_kind_closes_no_list(text):
    assert found(text, "Industry") == ["智能制造"]


def test_a_list_of_mixed_kinds_types_items_by_shape():
    text = "支持南湖大学、星海智能研究院等高校和科研院所开展基础研究。"
    assert found(text, "University") == ["南湖大学"]
    assert found(text, "Institute") == ["星海智能研究院"]


def test_a_layout_counted_in_kinds_is_no_name():
    assert found("依托南湖区、星海区“一中心两基地”，发展智能制造。", "Platform") == []
    assert found("构建一核三片区的发展格局。", "District") == []
    assert found("推动三一重工产业园建设。", "Platform") == ["三一重工产业园"]  # a name's numerals


@pytest.mark.parametrize("text, names", [
    ("争创现代农业国家级（省级）重点实验室。", []),
    ("培育生物医药国家级创新平台。", []),
    ("入驻经认定的省科技企业孵化基地。", []),         # a level standing alone opens it
    ("入驻市级、区级众创空间和市青年创业园。", []),
    ("培育南湖国家级创新平台。", ["南湖国家级创新平台"]),  # a name states its grade too
])
def test_a_platform_of_ordinary_words_stating_a_grade_is_a_kind(text, names):
    assert found(text, "Platform") == names


@pytest.mark.parametrize("text, names", [
    ("建设国内领先的海洋装备技术创新中心。", []),
    ("搭建服务于中小企业融资对接的金融科技开放平台。", []),
    ("打造业内领先的清华大学海洋智能实验室。", ["清华大学海洋智能实验室"]),  # a known name
    ("打造国内领先的洱海生态实验室。", ["洱海生态实验室"]),              # a place's name
    ("南湖大学建设的星海海洋实验室已投入使用。", ["星海海洋实验室"]),        # its builder
    ("以南湖大学为依托的星海海洋实验室。", ["星海海洋实验室"]),
])
def test_a_platform_after_a_clause_describing_it_is_no_name(text, names):
    assert found(text, "Platform") == names


def test_kinds_joined_by_plus_are_a_model_not_a_name():
    assert found("构建南湖众创空间+孵化器+产业园区。", "Platform") == []
    assert found("建设南湖“文旅+”创新中心。", "Platform") == ["南湖“文旅+”创新中心"]


def test_a_list_item_holds_no_clause():
    text = "鼓励企业、高校及科研机构发挥技术和资源优势建设星海众创空间、青禾孵化基地等载体。"
    assert found(text, "Platform") == ["青禾孵化基地"]
    # a generic word opening an item is no predicate: 创新|药 is a field, as 细胞治疗 is
    assert found("重点发展创新药、细胞治疗等产业。", "Industry") == ["创新药", "细胞治疗"]
    # so is a verb that modifies the item's noun (合成|生物), where it can be no predicate: after
    # the first item, or after a verb that develops industries; not where it opens the clause
    assert found("重点发展新能源、合成生物等产业。", "Industry") == ["新能源", "合成生物"]
    assert found("前瞻布局合成生物、细胞治疗等未来产业。", "Industry") == ["合成生物", "细胞治疗"]
    assert found("提升合成生物、智能制造等产业能级。", "Industry") == ["智能制造"]
    # in a list of organisations it is the verb of the clause (推广|应用|腾讯)
    assert found("推广应用腾讯、华为等企业的通用软件。", "Company") == ["腾讯", "华为"]
    # but one inside it still is: 重大|创新|研发平台 is no university
    assert found("发挥星海实验室等重大创新研发平台以及浙江大学、南京大学等高校作用。",
                 "University") == ["浙江大学", "南京大学"]


def test_and_inside_an_item_that_ends_like_a_name_joins_its_fields():
    text = "支持星海超算中心、青禾软件、华为鲲鹏和北辰生态创新中心、东岳创新基地等科研机构、企业。"
    assert found(text, "Company") == ["青禾软件", "华为"]
    # the item is one platform, which the company opening it hosts
    platforms = {m.name: m.host and m.host.name for m in find_entities(text)
                 if m.type == "Platform"}
    assert platforms == {"星海超算中心": None, "华为鲲鹏和北辰生态创新中心": "华为",
                         "东岳创新基地": None}
    # what stands before the joining word ends like a name too: two names
    text = "支持星海V谷和机器人小镇、东岳创新基地等科研机构、企业发展。"
    assert found(text, "Platform") == ["星海V谷", "机器人小镇", "东岳创新基地"]
    # an item that ends like no name is a list of its own
    assert found("发展智能家居、冷链仓储和海洋牧场、智能安防等产业。", "Industry") == [
        "智能家居", "冷链仓储", "海洋牧场", "智能安防"]


def test_a_park_listed_among_areas_or_administered_by_a_committee_is_a_place():
    text = "支持南湖区、东岳区、青禾教育园区等区域，深度挖掘应用场景。"
    assert found(text, "District") == ["南湖区", "东岳区", "青禾教育园区"]
    assert found(text, "Platform") == []
    text = "（南湖区人民政府、青禾教育园区管委会、市工业和信息化局）"
    assert found(text, "District") == ["南湖区", "青禾教育园区"]
    assert found("支持青禾教育园区建设", "Platform") == ["青禾教育园区"]  # alone, a platform


def test_a_zone_of_ordinary_words_listed_beside_a_known_place_of_its_shape_is_one():
    assert found("在南湖区、航运港区和东岳新区集聚发展。", "District") == [
        "南湖区", "航运港区", "东岳新区"]
    assert found("在南湖大学、航运港区发展。", "District") == []  # beside no place
    assert found("建设航运港区。", "District") == []  # alone, ordinary words


def test_with_or_a_slash_between_two_known_names_in_a_list_parts_two_items():
    text = "重点发展智能家居、虚拟现实与增强现实、冷链仓储等产业。"
    assert found(text, "Industry") == ["智能家居", "虚拟现实", "增强现实", "冷链仓储"]
    text = "重点发展智能家居、物联网/车联网等产业。"
    assert found(text, "Industry") == ["智能家居", "物联网", "车联网"]


def test_a_list_of_places_holds_only_names():
    assert found("在医院、商场、车站等热点区域部署。", "District") == []
    # roads, stations and landscapes are no administrative places; 利用 opens the list
    assert found("利用青禾山、星海大街、南湖湿地等区域的资源。", "District") == ["青禾山"]
    # 地区 closes lists of regions (长三角), which are not places of ours
    assert found("对接星海三角、青禾三角等地区。", "District") == []


# --- endings that need a name --------------------------------------------------------------------

@pytest.mark.parametrize("text, type_", [
    ("支持目标公司上市", "Company"), ("组建教育集团", "Company"), ("鼓励商业银行放贷", "Company"),
    ("设立计算机与人工智能学院", "University"), ("建设物流基地", "Platform"),
    ("建设环境数据中心", "Platform"), ("完善社区医疗中心", "Platform"),
    ("设立技术交易市场", "Platform"),
])
def test_an_ending_after_ordinary_words_names_a_kind(text, type_):
    assert found(text, type_) == []


@pytest.mark.parametrize("text, type_, name", [
    ("支持锦华保险公司发展", "Company", "锦华保险公司"),
    ("建设南湖人工智能产业基地", "Platform", "南湖人工智能产业基地"),
    ("争创国家智能网联汽车试验基地", "Platform", "国家智能网联汽车试验基地"),
    ("建设南湖东方数据港", "Platform", "南湖东方数据港"),     # ports of data and finance
    ("依托星海金融港发展金融科技", "Platform", "星海金融港"),
    ("建设国家儿童医疗中心", "Platform", "国家儿童医疗中心"),  # trading, information, logistics
    ("设立南湖技术交易市场", "Platform", "南湖技术交易市场"),  # and medical centres
    ("建设江北保税物流中心", "Platform", "江北保税物流中心"),
])
def test_an_ending_after_a_name_or_level_names_one(text, type_, name):
    assert found(text, type_) == [name]


# --- 研究院: the one rule ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, type_", [
    ("组建星海人工智能研究院，开展应用研究。", "Platform"),
    ("推进星海智能研究院、南湖数字研究院建设。", "Platform"),
    ("发挥星海智能研究院、南湖计算中心等平台作用。", "Platform"),
    ("依托星海智能研究院开展攻关。", "Institute"),
    ("支持星海智能研究院、南湖大学等高校和科研院所开展研究。", "Institute"),
])
def test_a_research_institute_is_a_platform_only_where_the_plan_builds_it(text, type_):
    assert [m.type for m in find_entities(text) if m.name.startswith("星海")] == [type_]


def test_a_heading_line_is_not_joined_to_the_line_after():
    text = "二、支持研究平台建设\n支持星海智能研究院、南湖大学等高校和科研院所开展研究。"
    assert [m.type for m in find_entities(text) if m.name.startswith("星海")] == ["Institute"]


# --- zones and places -----------------------------------------------------------------------------

def test_zones_by_shape():
    assert found("依托青松湖科技城、莫愁湖国家高新区建设", "District") == ["青松湖科技城",
                                                                          "莫愁湖国家高新区"]
    assert found("建设国家新一代人工智能创新发展试验区", "District") == []


def test_a_zone_by_shape_is_part_of_the_place_its_name_opens_with():
    zones = {m.name: m.parent for m in find_entities("推动宁波星海湾新区、南沙自贸片区和青松粤澳深度合作区建设")
             if m.type == "District"}
    assert zones == {"宁波星海湾新区": "宁波市", "南沙自贸片区": "广州市", "青松粤澳深度合作区": None}


def test_short_forms_of_the_plan_citys_districts():
    text = "支持温江、新津发展智慧农业。"
    assert found(text, "District", "成都市") == ["温江区", "新津县"]  # as the registry has it
    assert found(text, "District") == []
    assert found("支持温江都市农业园建设", "District", "成都市") == []  # not alone
    # alone inside a platform's name, in brackets, it is still one
    assert found("建设星海医疗大数据（温江）应用基地。", "District", "成都市") == ["温江区"]
    # before a known place it is one too, and with a rare proper noun it names an area of it
    assert found("支持温江天府新区协同发展。", "District", "成都市") == ["温江区", "天府新区"]
    areas = [(m.name, m.parent) for m in find_entities("推动温江永宁、星海联动发展。", "成都市")
             if m.type == "District"]
    assert areas == [("温江永宁", "温江区")]
    assert found("推动人工智能在温江深度应用。", "District", "成都市") == []  # 深度, frequent


def test_a_far_district_that_reads_as_ordinary_words_is_dropped():
    assert found("推进老城区改造提升", "District", "成都市") == []


@pytest.mark.parametrize("city", ["南京市", "福州市"])
def test_a_district_name_several_cities_share_is_the_plan_citys(city):
    text = "在鼓楼区开展智慧社区试点。"
    assert [(m.name, m.parent) for m in find_entities(text, city) if m.type == "District"] \
        == [("鼓楼区", city)]
    assert [m.parent for m in find_entities(text) if m.type == "District"] == [None]


# --- industries -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("推进智慧水务、智能金融建设", ["智慧水务", "智能金融"]),
    ("研发医疗机器人和教育装备", ["医疗机器人", "教育装备"]),
    ("支持5G产业发展", ["5G"]),
    ("采用5G提升网络速度", []),
    ("开展智慧医院建设试点", []),
    # a function of government is a field of application only in context
    ("提升公共安全保障水平", []),
    ("开展公共安全、社会治理等方面的培训", []),
    ("发展公共安全产业", ["公共安全"]),
    # listed next to industries, it is one of them, and so is the next
    ("在智能制造、智慧农业、公共安全、社会治理等领域开展示范",
     ["智能制造", "智慧农业", "公共安全", "社会治理"]),
    ("在智慧农业、物联网等领域开展示范", ["智慧农业", "物联网"]),
])
def test_industries_by_shape_and_technologies_in_context(text, names):
    assert found(text, "Industry") == names


@pytest.mark.parametrize("text, cues", [
    ("发展公共安全产业", {"公共安全": "产业"}),
    ("重点发展物联网、区块链", {"物联网": "发展", "区块链": "发展"}),
    ("推动物联网、北斗导航等产业集聚", {"物联网": "等产业", "北斗导航": "等产业"}),
    ("在智慧农业、公共安全、社会治理等领域开展示范", {"公共安全": "智慧农业", "社会治理": "公共安全"}),
])
def test_a_technology_read_as_an_industry_keeps_the_words_that_made_it_one(text, cues):
    mentions = [m for m in find_entities(text) if m.type == "Industry" and m.rule == "context"]
    assert {m.surface: m.cue for m in mentions} == cues


def test_a_name_shaped_like_a_company_that_acts_is_one():
    assert found("支持恒瑞医药建设国家级企业技术中心。", "Company") == ["恒瑞医药"]
    assert found("依托奥琦电气联合高校攻关。", "Company") == ["奥琦电气"]
    assert found("推动优冠机器人牵头组建产业联盟。", "Company") == ["优冠机器人"]
    assert found("支持瑞泓医学建设临床检验中心。", "Company") == ["瑞泓医学"]
    assert found("支持德清科技新城建设。", "Company") == []  # 德清 is a place: no company's name
    assert found("推动信息科技建设。", "Company") == []  # ordinary words


# --- owners and hosts -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, platform, host", [
    ("支持腾讯智慧农业社区建设", "腾讯智慧农业社区", "腾讯"),
    ("打造华为智能网联服务中心", "华为智能网联服务中心", "华为"),
    ("推动钜芯科技智慧交通平台落地", "钜芯科技智慧交通平台", "钜芯科技"),
])
def test_a_platform_named_after_its_owner(text, platform, host):
    p = one(text, "Platform")
    assert (p.name, p.host.name, p.rule) == (platform, host, "owner")


@pytest.mark.parametrize("text, host", [
    ("由华为技术有限公司承建星海生态创新中心。", "华为"),
    ("鼓励浙江大学与本地企业联合组建星海智能联合实验室。", "浙江大学"),
    ("建设以清华大学为依托的星海网联汽车创新平台。", "清华大学"),
])
def test_the_organisation_that_builds_a_platform_with_partners_or_carries_it_hosts_it(text,
                                                                                      host):
    assert one(text, "Platform").host.name == host


def test_a_company_named_by_its_legal_form_opening_a_platform_hosts_it():
    platform = one("推动星河云数据公司江苏南通数据中心加快建设。", "Platform")
    assert (platform.name, platform.host.name) == ("星河云数据公司江苏南通数据中心",
                                                   "星河云数据公司")
    # the longest name opening the platform's: the company, not the known 中国联通 inside it
    platform = one("推动中国联通星河数据公司南通数据中心建设。", "Platform")
    assert platform.host.name == "中国联通星河数据公司"
    # a university's ending opens kinds: 星海国家|大学科技园 names no university
    assert found("建设星海国家大学科技园。", "University") == []


def test_a_known_company_with_the_word_company_is_that_company():
    assert [(m.surface, m.name) for m in find_entities("依托英伟达公司、南湖大学等优势力量")
            if m.type == "Company"] == [("英伟达公司", "英伟达")]


def test_a_name_and_a_research_institute_alone_is_its_company_s():
    platform = one("加快推进华瑞通飞研究院建设，开展无人机研发。", "Platform")
    assert (platform.host.name, platform.host.type) == ("华瑞通飞", "Company")
    # no name of a place (之江 is one to the word list), and no ordinary words
    for text in ("加快之江研究院建设", "加快上海研究院建设", "建设智能驾驶研究院"):
        assert [m.host for m in find_entities(text) if m.type == "Platform"] in ([], [None])
    # nor a name cut inside a word: 同|济 is cut at 同, a boundary word, and 济… starts no word
    assert [m.host for m in find_entities("支持南湖同济星链研究院建设") if m.type == "Platform"] \
        == [None]


def test_a_name_opening_several_platforms_is_their_company():
    text = "推进奥琦玮智能健康产业园、奥琦玮国际医药研发中心建设。"
    hosts = {m.name: m.host.name for m in find_entities(text) if m.type == "Platform"}
    assert hosts == {"奥琦玮智能健康产业园": "奥琦玮", "奥琦玮国际医药研发中心": "奥琦玮"}
    assert [m.host for m in find_entities("建设奥琦玮智能健康产业园") if m.type == "Platform"] \
        == [None]  # one platform alone says nothing of its owner


def test_hosts_of_a_listed_series():
    text = "南湖大学建有海洋感知工程实验室、深海探测重点实验室。"
    assert {m.name: m.host.name for m in find_entities(text) if m.type == "Platform"} == {
        "海洋感知工程实验室": "南湖大学", "深海探测重点实验室": "南湖大学"}


def test_the_subject_of_a_later_clause_hosts_what_it_builds():
    platform = one("依托南湖大学、星海新区，加快建设海洋传感工程研究中心。", "Platform")
    assert platform.host.name == "南湖大学"


def test_no_entity_inside_a_cited_title():
    assert found("根据《关于组建星海人工智能研究院的通知》要求", "Platform") == []


def test_a_title_line_is_not_joined_to_the_first_line_of_the_text():
    text = "甲市人工智能行动方案\n推动钜芯微电子、奥琦玮软件等龙头企业发展。"
    assert found(text, "Company") == ["钜芯微电子", "奥琦玮软件"]


def test_the_leading_firm_of_a_cluster_is_a_company():
    assert found("支持以钜芯微电子为龙头的集成电路产业集群发展", "Company") == ["钜芯微电子"]
    assert found("形成以企业为龙头的创新体系", "Company") == []


def test_a_title_citing_another_plan_has_the_cited_plans_place():
    from policykg.loaders.entities import jurisdiction_of
    assert jurisdiction_of("《南京市加快发展人工智能若干政策》实施细则") == ("City", "南京市")


@pytest.mark.parametrize("text", [
    "本办法所称人工智能开放创新平台，是指由企业牵头建设的平台。",   # a term defined
    "形成“众创空间+孵化器+加速器”服务链。",                        # kinds joined by +
    "建设一批人才实训基地。",
    "汇聚城市交通数据、城市气象数据等公共数据平台。",        # 城市 is a place to the word list
    "打造城市人工智能小镇。",
])
def test_terms_and_kinds_are_no_platforms(text):
    assert found(text, "Platform") == []

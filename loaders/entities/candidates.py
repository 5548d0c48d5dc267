"""Candidate names: dictionary forms, names ending in a known ending (X大学, X研究所,
X有限公司, X重点实验室, <place>高新区 …) with their start found by walking left to a word that
opens a phrase, and platforms and institutes named after their organisation; then the choice
among overlapping candidates (longest first)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from policykg.loaders.entities.industries import industry_cands
from policykg.loaders.entities.institutes import being_built
from policykg.loaders.entities.lists import CLAUSE_END, QUOTED, developed, list_cands
from policykg.loaders.entities.phrases import (
    Cand,
    Known,
    all_generic,
    is_descriptive,
    left_extent,
    org_start,
    phrase_start,
    trim_modifiers,
    word_bounds,
    words_of,
)
from policykg.loaders.entities.text import ascii_gap, is_name_char
from policykg.loaders.entities.vocab import (
    ACTING_VERBS,
    AREA_COMMITTEES,
    BOUNDARY_WORDS,
    CATEGORY_AFTER,
    CATEGORY_PREFIXES,
    COMPANY_HEADS,
    DEFINITION_CUES,
    FACILITY_ENDINGS,
    HOST_CLAUSES,
    HOST_WORDS,
    INDUSTRY_AFTER,
    INDUSTRY_INSIDE_WORDS,
    INDUSTRY_LIST_KIND,
    INDUSTRY_NOT_BEFORE,
    INSTITUTION_WORDS,
    LEADER_CUES,
    LIST_ITEM_CUES,
    NAME_REQUIRED_ENDINGS,
    NOT_BRANCH_ENDINGS,
    ORG_SUFFIXES,
    ORG_TYPES,
    OWNER_ENDINGS,
    PEER_JOINERS,
    PLATFORM_LIST_END,
    PLURAL,
    SINGLE_FUNCTION_WORDS,
    UNIVERSITY_NOT_BEFORE,
    ZONE_SUFFIXES,
    Lexicon,
    any_of,
)
from policykg.loaders.places import local_short_forms, zone_parent
from policykg.loaders.words import (
    NAME_TAGS,
    PLACE_TAGS,
    Word,
    common_word,
    is_function_word,
    is_verb,
    segment,
)
from policykg.schema.model import PLACE_TYPES


def _pattern_cand(view: str, lex: Lexicon, known: Known, s_start: int, s_end: int,
                  ptype: str, kind: str | None, kinds: set[str]) -> Cand | None:
    """The organisation, platform or zone whose name ends with the suffix at
    ``s_start:s_end``, if any; a platform name counted as a kind (一批X中心) is added to
    ``kinds`` instead. A zone's name, like a company's or a college's, must hold a name
    (青山湖|科技城; not 国家新一代人工智能创新发展|试验区)."""
    extent = left_extent(view, s_start, known)
    if view.endswith(CATEGORY_AFTER, 0, extent) or _ends_inside_word(view, s_start, s_end):
        return None
    start = trim_modifiers(view, phrase_start(view, extent, s_start, known, lex), s_start)
    if view.startswith(DEFINITION_CUES, start) or view.endswith(DEFINITION_CUES, 0, start) \
            or view.endswith(DEFINITION_CUES, 0, start + 1):
        return None  # 本办法所称|新一代人工智能开放创新平台: a term defined, not a name
    if ptype == "Platform" and PLURAL.search(view, extent, start):
        kinds.add(view[start:s_end])
        return None
    if ptype in ORG_TYPES:
        start = org_start(view, known, start, s_start)
    if ptype == "University":
        start = _after_verbs(view, start, s_start, known)
    while start < s_start and view[start].isspace():
        start += 1  # 建设| MEMS 研发中试平台: the space before a Latin word opens no name
    surface = view[start:s_end]
    prefix = view[start:s_start]
    if surface in lex.stopwords or surface.startswith(CATEGORY_PREFIXES) \
            or "+" in QUOTED.sub("", surface) or LAYOUT.fullmatch(surface):
        return None  # 众创空间+孵化器+产业园: a model made of kinds (a quoted “双创+” is a name's);
        # 一中心两基地: a layout counted in kinds
    if len(prefix) < 2 \
            or all_generic(prefix, lex.generic) and not _hosting(view, ptype, start, s_end):
        return None
    if ptype == "Platform" and (_graded(view, start, s_start, known, lex)
                                or _described(view, start, s_start, known)):
        return None
    if (ptype == "District" or view[s_start:s_end] in NAME_REQUIRED_ENDINGS
            or view[s_start:s_end] in FACILITY_ENDINGS and not _levelled(prefix, lex)) \
            and is_descriptive(view, start, s_start, known, lex.generic) \
            and not (ptype == "District" and _listed_with_its_like(view, start, s_end, known)):
        return None
    if ptype == "University" and view.startswith(UNIVERSITY_NOT_BEFORE, s_end):
        return None
    parent = zone_parent(surface) if ptype == "District" else None
    return Cand(start, s_end, ptype, _known_as(surface, prefix, ptype, lex), parent, kind=kind,
                from_dict=False, rule="ending", cue=view[s_start:s_end])


def _known_as(surface: str, prefix: str, ptype: str, lex: Lexicon) -> str:
    """The name of an organisation found by its ending: a known company's name and 公司 name
    that company (华为公司, 英伟达公司: 华为, 英伟达); any other is the name as written."""
    entry = lex.entries.get(prefix)
    if ptype == "Company" and surface.endswith("公司") and entry is not None \
            and entry.type == "Company":
        return entry.name
    return surface


LISTED = "、和及与"  # what stands between the items of a list


def _listed_with_its_like(view: str, start: int, end: int, known: Known) -> bool:
    """True when the name at ``view[start:end]`` is listed right beside a known name that ends
    with the same character (星海区、航运港区和东岳新区: a zone among districts)."""
    before = start - 1
    if before > 0 and view[before] in LISTED and before in known.anchors \
            and view[before - 1] == view[end - 1]:
        return True
    return end < len(view) and view[end] in LISTED and any(
        s == end + 1 and view[e - 1] == view[end - 1] for e, s in known.anchors.items())


def _administered(view: str, cand: Cand) -> Cand:
    """A platform's name right before the committee that administers it names an area, a
    place (星海教育园区|管委会), as a zone's does."""
    if cand.type == "Platform" and view.startswith(AREA_COMMITTEES, cand.end):
        return replace(cand, type="District", kind=None, parent=zone_parent(cand.name))
    return cand


def _ends_inside_word(view: str, s_start: int, s_end: int) -> bool:
    """True when the ending at ``view[s_start:s_end]`` ends inside a word that goes on after it
    (创新中心|区: 中心区 is a word, a district's centre; not 实验室|内部)."""
    return s_end not in word_bounds(view, s_start, min(len(view), s_end + 2))


def _hosting(view: str, ptype: str, start: int, end: int) -> bool:
    """True when the university at ``view[start:end]`` opens a clause that names what it hosts
    (；信息工程大学|建有…实验室): a name, even of ordinary words."""
    return ptype == "University" and view.startswith(HOST_WORDS, end) \
        and (start == 0 or view[start - 1] in CLAUSE_END)


def _after_verbs(view: str, start: int, end: int, known: Known) -> int:
    """Where a university's name starts: after the last verb before its ending (深度挖掘|
    信息工程大学), since no university's name holds one (none of ``universities.tsv`` does)."""
    pos = start
    for word in words_of(view, start, end, known):
        pos += len(word.text)
        if is_verb(word):
            start = pos
    return start


RARE_NAME_FREQ = 1000  # a proper noun more frequent in the word list is often none (深度, 海洋)


def _described(view: str, start: int, end: int, known: Known) -> bool:
    """True when a platform's name follows a clause that describes it (国际一流的|X产业基地,
    供需交流的|X公共平台): what a plan wants built, not one platform's name, unless a known
    name or a rare name of a place, person or organisation stands in it (领先的|南湖大学X研究院,
    领先的|洱海…实验室; not 海洋, which the word list tags a place too) or the clause says who
    builds or hosts it (南湖大学建设的|X实验室, 以X为依托的)."""
    return view.endswith("的", 0, start) and not view.endswith(HOST_CLAUSES, 0, start) \
        and not any(word.tag in NAME_TAGS and len(word.text) > 1 and word.freq < RARE_NAME_FREQ
                    for word in words_of(view, start, end, known))


BRACKETS = ("（", "）", "(", ")")


def _graded(view: str, start: int, end: int, known: Known, lex: Lexicon) -> bool:
    """True when a platform's name of ordinary words states a grade of platforms anywhere in
    it (人工智能国家级（省级）实验室, 智能制造国家级创新平台: ``category_prefixes``) or opens with
    a level standing alone (省|示范物流园区, 市|小企业创业基地): a kind of platform, not one."""
    words = words_of(view, start, end, known)
    lone_levels = tuple(level for level in lex.levels if len(level) == 1)
    if not (words[0].text in lone_levels or any(w.text in CATEGORY_PREFIXES for w in words)):
        return False
    return is_descriptive(view, start, end, known,
                          lex.generic + CATEGORY_PREFIXES + lone_levels + BRACKETS)


def _levelled(prefix: str, lex: Lexicon) -> bool:
    """True when a platform's name states its level (国家, 省 …: ``levels`` of
    platform_kinds.json)."""
    return any(word in prefix for word in lex.levels)


def dict_cand(view: str, lex: Lexicon, start: int, end: int, key: str) -> Cand | None:
    entry = lex.entries.get(key)
    if entry is None:
        return None
    if entry.type == "Industry" and not industry_sense(view, start, end):
        return None
    if entry.type in PLACE_TYPES and _opens_institution(view, end):
        return None
    if entry.type == "University" and view.startswith(UNIVERSITY_NOT_BEFORE, end):
        return None
    if entry.type in ORG_TYPES and end - start <= SHORT_FORM and _inside_words(view, start, end):
        return None
    return Cand(start, end, entry.type, entry.name, entry.parent, needs_peer=entry.needs_peer,
                needs_context=entry.needs_context)


SHORT_FORM = 3  # characters: a form this short is read inside other words by chance


def _inside_words(view: str, start: int, end: int) -> bool:
    """True when a short form of an organisation is read across the words around it: 上海|康桥
    holds 海康, 用|友好 用友, 大|华北 大华."""
    bounds = word_bounds(view, max(0, start - SHORT_FORM), min(len(view), end + SHORT_FORM))
    return start not in bounds or end not in bounds


def industry_sense(view: str, start: int, end: int) -> bool:
    """False for an industry word that modifies the noun after it (大数据|局, 公共服务|能力) or
    whose first characters close another word (人工|智能硬件)."""
    if view.startswith(INDUSTRY_NOT_BEFORE, end) or INDUSTRY_LIST_KIND.match(view, end):
        return False
    return not any(view.startswith(word, start - k)
                   for word in INDUSTRY_INSIDE_WORDS for k in range(1, min(len(word), start + 1)))


def _opens_institution(view: str, end: int) -> bool:
    """True when the name running on after a place ends, within a few characters, in a word
    for an institution that is not an entity of ours (陕西|历史博物馆)."""
    run = end
    while run < min(len(view), end + 8) and is_name_char(view[run]):
        run += 1
    return any(word in view[end:run] for word in INSTITUTION_WORDS)


def with_peers(view: str, chosen: list[Cand]) -> list[Cand]:
    """Drop forms that are also common words unless listed with another entity of their
    type ("延长和陕煤集团": 延长 is the oil company; "延长期限" is not)."""
    def joined(a: Cand, b: Cand) -> bool:
        return a.type == b.type and 0 <= b.start - a.end <= 1 \
            and view[a.end:b.start] in PEER_JOINERS
    keep = []
    for i, c in enumerate(chosen):
        if c.needs_peer and not (i > 0 and joined(chosen[i - 1], c)
                                 or i + 1 < len(chosen) and joined(c, chosen[i + 1])):
            continue
        keep.append(c)
    return keep


def _zone_cand(view: str, place: Cand) -> Cand | None:
    """<place>高新区, <place>经开区, <place>新区 …: a zone of that place."""
    if place.type not in PLACE_TYPES:
        return None
    for suffix in ZONE_SUFFIXES:
        if view.startswith(suffix, place.end):
            parent = place.name if place.type != "District" else place.parent
            end = place.end + len(suffix)
            return Cand(place.start, end, "District", view[place.start:end], parent,
                        from_dict=False, rule="ending", cue=suffix)
    return None


def _longest_endings(hits: list[tuple[int, int, str]],
                     ending: Callable[[str], bool]) -> dict[int, int]:
    """For each offset where a hit that is an ``ending`` ends, the start of the longest one."""
    longest: dict[int, int] = {}
    for start, end, key in hits:
        if ending(key):
            longest[end] = min(longest.get(end, start), start)
    return longest


def _district_zone_cands(view: str, lex: Lexicon, hits: list[tuple[int, int, str]]
                         ) -> list[Cand]:
    out = []
    longest = _longest_endings(hits, lambda key: key in ZONE_SUFFIXES)  # 高新区, not 新区
    for start, end, key in hits:
        if key not in ZONE_SUFFIXES or longest[end] != start:
            continue
        for k in (4, 3, 2):
            stem = view[max(0, start - k):start]
            if len(stem) == k and stem in lex.zone_stems and stem not in lex.entries:
                out.append(Cand(start - k, end, "District", stem + key, lex.zone_stems[stem],
                                from_dict=False, rule="ending", cue=key))
                break
    return out


def candidates(view: str, lex: Lexicon, jurisdiction: str | None = None) -> list[Cand]:
    """Every candidate name in ``view``; ``jurisdiction`` (the place that issued the plan)
    lets the short forms of its districts count (温江 in a Chengdu plan)."""
    hits = lex.hits(view)
    place_starts = {start for start, _, key in hits
                    if (entry := lex.entries.get(key)) is not None and entry.type in PLACE_TYPES}
    cands: list[Cand] = _local_cands(view, lex, jurisdiction, place_starts) \
        if jurisdiction else []
    for start, end, key in hits:
        cand = dict_cand(view, lex, start, end, key)
        if cand is not None:
            cands.append(cand)
            zone = _zone_cand(view, cand)
            if zone is not None:
                cands.append(zone)
    cands.extend(_district_zone_cands(view, lex, hits))
    anchors: dict[int, int] = {}
    for c in cands:
        if c.type != "Industry":
            anchors[c.end] = min(anchors.get(c.end, c.start), c.start)
    known_ends = {(c.end, c.type) for c in cands if c.name not in ZONE_SUFFIXES}
    suffix_ends = (end for _, end, key in hits
                   if key in lex.platform_suffixes or key in ORG_SUFFIXES or key in ZONE_SUFFIXES)
    terms: dict[int, int] = {}
    for c in cands:
        terms[c.end] = min(terms.get(c.end, c.start), c.start)
    known = Known(anchors, frozenset(c.start for c in cands if c.type != "Industry"),
                   frozenset([*anchors, *suffix_ends]), terms)
    kinds: set[str] = set()
    longest_suffix = _longest_endings(hits, lambda key: key in lex.platform_suffixes
                                      or key in ORG_SUFFIXES or key in ZONE_SUFFIXES)
    for start, end, key in hits:
        if key in lex.platform_suffixes and longest_suffix[end] == start:
            cand = _pattern_cand(view, lex, known, start, end, "Platform",
                                 lex.platform_suffixes[key], kinds)
        elif key in ORG_SUFFIXES and (end, ORG_SUFFIXES[key]) not in known_ends \
                and longest_suffix[end] == start:
            cand = _pattern_cand(view, lex, known, start, end, ORG_SUFFIXES[key], None, kinds)
        elif key in ZONE_SUFFIXES and (end, "District") not in known_ends \
                and longest_suffix[end] == start:
            cand = _pattern_cand(view, lex, known, start, end, "District", None, kinds)
        else:
            continue
        if cand is not None:
            cands.append(_administered(view, cand))
    if kinds:
        cands = [c for c in cands if c.type != "Platform" or c.from_dict or c.name not in kinds]
    cands.extend(_platform_list_items(view, cands))
    cands.extend(_org_branches(view, cands))
    cands.extend(industry_cands(view, industry_sense))
    lists = list_cands(view, lex, known, cands)
    untyped = _marks(len(view), lists.untyped)
    listed = {s: cue for s, _, cue in lists.industries}
    industrial = _marks(len(view), [(s, e) for s, e, _ in lists.industries])
    cands.extend(_leaders(view, known, lex))
    shaped = _shaped_companies(view, known, lex)
    owned = _owned_platforms(view, [*cands, *lists.typed, *shaped], known, lex)
    owners = {(p.start, p.cue) for p in owned}
    cands += owned + [c for c in shaped if (c.start, c.name) in owners
                      or ACTING.match(view, c.end)]
    cited = _marks(len(view), [(m.start(), m.end()) for m in CITED.finditer(view)])
    areas = {(c.start, c.end) for c in lists.typed if c.type == "District"}
    if areas:  # a park listed among areas is no platform
        cands = [c for c in cands if c.type != "Platform" or c.from_dict
                 or (c.start, c.end) not in areas]
    cands += lists.typed
    industries = _industries(view, cands, industrial, listed)
    return [industries.get(c, c) for c in cands if not cited[c.start]
            and (c.type != "Industry" or not untyped[c.start] and c in industries)]


def _leaders(view: str, known: Known, lex: Lexicon) -> list[Cand]:
    """"以三六零为龙头的网络安全产业集群": the name between 以 and a word of ``leader_cues`` leads
    an industry or a group of firms: a company, when it reads as a name (not 以企业为龙头)."""
    out = []
    for m in LEADER.finditer(view):
        start, end = m.start(1), m.end(1)
        if not all_generic(m.group(1), lex.generic) and m.group(1) not in lex.entries \
                and not is_descriptive(view, start, end, known, lex.generic):
            out.append(Cand(start, end, "Company", m.group(1), from_dict=False, rule="list",
                            cue=m.group(2)))
    return out


def _shaped_companies(view: str, known: Known, lex: Lexicon) -> list[Cand]:
    """"佳都科技", "奥太电气", "国网智能": a name the word list does not know as ordinary words
    (two to four characters) and a head of ``company_heads`` name a company. Taken only where
    such a company opens the name of a platform (佳都科技|智慧交通平台) or acts: a verb that
    leads, builds or invests follows it (恒瑞医药|建设…, ``ACTING``); on its own the shape found
    no company of the development set that lists did not, and a dozen that are none (德清科技,
    环保智能)."""
    out = []
    for m in COMPANY_HEAD.finditer(view):
        if not OWNER_ENDING.search(view, m.end(), m.end() + MAX_FIELD + 2) \
                and not ACTING.match(view, m.end()):
            continue  # neither a platform of its nor a verb of its after it
        start, opened = m.start(), m.start() <= 4
        for word in reversed(words_of(view, max(0, m.start() - 6), m.start(), known)):
            if is_function_word(word, SINGLE_FUNCTION_WORDS) or not word.text.isalnum():
                opened = True  # the name opens its phrase
                break
            if len(word.text) > 1 and (common_word(word.text) or word.tag in PLACE_TAGS) \
                    or word.text in lex.generic or word.text in lex.entries \
                    or m.start() - start + len(word.text) > 4:
                break
            start -= len(word.text)
        if m.start() - start >= 2 and (opened or start == 0):
            out.append(Cand(start, m.end(), "Company", view[start:m.end()], from_dict=False,
                            rule="shape", cue=m.group()))
    return out


def _owned_platforms(view: str, cands: list[Cand], known: Known, lex: Lexicon) -> list[Cand]:
    """"科大讯飞机器人智能交互平台", "浙江大学工业设计平台", "中国移动5G研发社区": a known
    organisation, the words of a field and an ending of ``owner_endings`` name a platform of
    that organisation (its host is found as the organisation opening the name)."""
    out = []
    for org in cands:
        if org.type not in ORG_TYPES:
            continue
        end = org.end
        while end < min(len(view), org.end + MAX_FIELD) and (is_name_char(view[end])
                                                            or ascii_gap(view, end)):
            end += 1
        field_end = next((e for e in range(end, org.end + 1, -1)
                          if view.endswith(OWNER_ENDINGS, org.end, e)), None)
        if field_end is None:
            continue
        if view.endswith(tuple(lex.platform_suffixes), org.end, field_end):
            continue  # a platform ending: the name is found, with its kind, by that ending
        ending = next(w for w in OWNER_ENDINGS if view.endswith(w, org.end, field_end))
        field = (org.end, field_end - len(ending))
        if field[1] - field[0] < 2 or all_generic(view[field[0]:field[1]], lex.generic) \
                or any(w.text in BOUNDARY_WORDS or is_function_word(w, SINGLE_FUNCTION_WORDS)
                       and len(w.text) == 1 for w in words_of(view, field[0], field[1], known)):
            continue
        out.append(Cand(org.start, field_end, "Platform", view[org.start:field_end],
                        kind="open_platform", from_dict=False, rule="owner", cue=org.name))
    return out


COMPANY_HEAD = re.compile(any_of(list(COMPANY_HEADS)))
ACTING = re.compile(any_of(list(ACTING_VERBS)))
LEADER = re.compile(r"以([^，。；：、\s以为的]{2,8})(" + any_of(list(LEADER_CUES)) + ")")
OWNER_ENDING = re.compile(any_of(list(OWNER_ENDINGS)))
MAX_FIELD = 12  # characters of a field between an owner and the ending of its platform
# The title of a document cited in 《》 names no entity of the plan's.
CITED = re.compile(r"《[^《》\n]*》")
# A layout counted in kinds (一中心两基地, 一核多园区): numbers of sites, no name.
NUMERAL = "[一二两三四五六七八九十多]"
LAYOUT = re.compile(f"{NUMERAL}[^{NUMERAL[1:-1]}]{{1,4}}{NUMERAL}.{{1,5}}")


def _local_cands(view: str, lex: Lexicon, jurisdiction: str,
                 place_starts: set[int]) -> list[Cand]:
    """The districts of the plan's city named by their short forms (see
    :func:`policykg.loaders.places.local_short_forms`), where the form stands alone: before
    punctuation, a joiner, a verb (温江、新津发展) or a known place (浦东|张江科学城); and the
    areas such a form and a proper noun of two characters name (徐汇|滨江, 温江|永宁), places of
    their own in the district, where the name ends there (``place_starts``: where the
    dictionary's places start)."""
    out = []
    for form, place in local_short_forms(jurisdiction).items():
        if form in lex.entries:
            continue
        at = view.find(form)
        while at != -1:
            end = at + len(form)
            after = segment(view[end:end + 4])
            if not after or not after[0].text.isalnum() or after[0].text in PEER_JOINERS \
                    or is_function_word(after[0]) or after[0].tag == "vn" or end in place_starts:
                out.append(Cand(at, at + len(form), place.type, place.name, place.parent,
                                from_dict=False, rule="jurisdiction", cue=jurisdiction))
            elif _area_name(after):
                out.append(Cand(at, end + 2, "District", view[at:end + 2], place.name,
                                from_dict=False, rule="jurisdiction", cue=jurisdiction))
            at = view.find(form, at + 1)
    return out


def _area_name(after: tuple[Word, ...]) -> bool:
    """True when the words after a district's short form begin with a proper noun of two
    characters, rare in the word list, that ends the name (徐汇|滨江、, 温江|永宁的): the
    name of an area in it (not 德清|深度应用: 深度 is tagged a place, and frequent)."""
    return len(after) >= 1 and len(after[0].text) == 2 and after[0].tag in ("ns", "nr") \
        and after[0].freq < RARE_NAME_FREQ \
        and (len(after) == 1 or not after[1].text.isalnum()
             or is_function_word(after[1], SINGLE_FUNCTION_WORDS) or after[1].text in PEER_JOINERS)


def _marks(length: int, spans: list[tuple[int, int]]) -> bytearray:
    marks = bytearray(length + 1)
    for start, end in spans:
        marks[start:end] = b"\x01" * (end - start)
    return marks


def _industries(view: str, cands: list[Cand], industrial: bytearray, listed: dict[int, str]
                ) -> dict[Cand, Cand]:
    """The industry candidates that read as industries, each to itself or, for a technology,
    to a copy that keeps the words that made it one as its cue (rule ``context``): every
    candidate but a technology, and a technology where the text treats it as an industry (see
    :func:`_context`) or lists it (、) next to one: in "在智能制造、大健康、公共安全等领域" the
    industries make 公共安全 one too."""
    found: dict[Cand, Cand] = {}
    pending = []
    for c in (c for c in cands if c.type == "Industry"):
        cue = _context(view, c, industrial, listed) if c.needs_context else ""
        if cue is None:
            pending.append(c)
        else:
            found[c] = replace(c, rule="context", cue=cue) if c.needs_context else c
    starts = {c.start: c for c in found.values()}
    ends = {c.end: c for c in found.values()}
    while pending:
        beside = [(c, n) for c in pending
                  if (n := ends.get(c.start - 1) if view.endswith("、", 0, c.start) else None)
                  or (n := starts.get(c.end + 1) if view.startswith("、", c.end) else None)]
        if not beside:
            break
        for c, neighbour in beside:
            found[c] = starts[c.start] = ends[c.end] = replace(c, rule="context",
                                                               cue=neighbour.name)
        pending = [c for c in pending if c not in found]
    return found


def _context(view: str, c: Cand, industrial: bytearray, listed: dict[int, str]) -> str | None:
    """What makes a technology an industry where it stands, if anything: the noun after it
    (物联网|产业), the list of industries it is an item of (等产业), or a verb that develops
    industries in its clause (重点发展|大数据、云计算)."""
    after = next((w for w in INDUSTRY_AFTER if view.startswith(w, c.end)), None)
    if after is not None:
        return after
    if industrial[c.start]:
        return listed[max(s for s in listed if s <= c.start)]
    return developed(view, c.start)


def _org_branches(view: str, cands: list[Cand]) -> list[Cand]:
    """"哈工大机器人合肥院", "华为西安研究院": a known organisation's 院 named in a few more
    characters, an Institute; a 研究院 that the sentence builds ("共建X人工智能研究院",
    "支持X成都研究院建设") is left to the platform pattern, a platform of X."""
    out = []
    for org in (c for c in cands if c.type in ORG_TYPES and c.from_dict):
        end = view.find("院", org.end, org.end + 9)
        tail = view[org.end:end]
        if end > org.end + 1 and view[end - 1:end + 1] not in NOT_BRANCH_ENDINGS \
                and all(map(is_name_char, tail)) and not any(w in tail for w in BOUNDARY_WORDS):
            if view.endswith("研究院", 0, end + 1) and being_built(view, org.start, end + 1):
                continue
            out.append(Cand(org.start, end + 1, "Institute", view[org.start:end + 1],
                            from_dict=False, rule="branch", cue=org.name))
    return out


def _platform_list_items(view: str, cands: list[Cand]) -> list[Cand]:
    """"支持A基础软件、B智能语音等平台建设": each list item that starts with an organisation
    and names more than it is a platform of that organisation."""
    orgs = {c.start: c for c in cands if c.type in ORG_TYPES and c.from_dict}
    items: list[Cand] = []
    for m in PLATFORM_LIST_END.finditer(view):
        clause_start = m.start()
        while clause_start > 0 and view[clause_start - 1] not in "。，；：\n":
            clause_start -= 1
        pos = clause_start
        for part in view[clause_start:m.start()].split("、"):
            start, end = pos, pos + len(part)
            pos = end + 1
            for cue in LIST_ITEM_CUES:
                if view.startswith(cue, start, end):
                    start += len(cue)
            org = orgs.get(start)
            if org is not None and org.end < end:
                items.append(Cand(start, end, "Platform", view[start:end] + "平台",
                                  kind="open_platform", from_dict=False, rule="list",
                                  cue=m.group()))
    return items


def research_unit(view: str, c: Cand) -> Cand:
    """A name ending in 研究院 found as a platform is an Institute unless the plan builds it
    (the rule of :mod:`policykg.loaders.entities.institutes`)."""
    if c.type != "Platform" or c.kind != "rnd_institute" or not c.name.endswith("研究院") \
            or being_built(view, c.start, c.end):
        return c
    return replace(c, type="Institute", kind=None)


def select(cands: list[Cand]) -> list[Cand]:
    """Longest first; among equals, dictionary before pattern, then by type order (``key``)."""
    taken = bytearray(max((c.end for c in cands), default=0))
    chosen: list[Cand] = []
    for c in sorted(set(cands), key=lambda c: c.key):
        if not any(taken[c.start:c.end]):
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)

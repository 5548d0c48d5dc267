"""Platforms' levels and hosts: the organisation that opens a platform's name
("西安交通大学…全国重点实验室"), the company whose branch it is ("网易成都数字产业基地"), or the
organisation the sentence ties to it ("依托X建设Y", "X牵头组建Y")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from policykg.loaders.entities.candidates import dict_cand, select
from policykg.loaders.entities.phrases import Cand, all_generic, word_bounds
from policykg.loaders.entities.text import is_name_char
from policykg.loaders.entities.vocab import (
    BUILD_BEFORE_LIST,
    BUILD_BETWEEN,
    CLAUSE_BUILD,
    HOST_CUES,
    ORG_TYPES,
    OWNER_KINDS,
    Lexicon,
)
from policykg.loaders.places import names_a_place
from policykg.loaders.words import PLACE_TAGS, common_word, segment


def platform_level(name: str, lex: Lexicon, places: list[Cand]) -> str | None:
    for word, level in lex.levels.items():
        if level == "national" and word in name:
            return "national"
    if any(p.type == "Province" for p in places) or "省" in name:
        return "province"
    if any(p.type == "City" for p in places) or name.startswith("市"):
        return "city"
    return None


OPENING_TYPES = ("District", "Company")  # found by their endings, they open names


def inner_names(view: str, lex: Lexicon, outer: Cand, cands: list[Cand]) -> list[Cand]:
    """Dictionary entities inside a platform's or institute's name (not the whole name),
    selected as in running text; from ``cands`` (the text's candidates), a zone or a company
    found by its ending that opens the name (青山湖科技城|微纳智造小镇, 星河云数据公司|江苏数据
    中心: the longest name opening it wins, so the company, not a known name within it, is the
    host), and a district of the plan's city by its short form standing alone inside it
    (…大数据（温江）应用基地). Not a university found by its ending: 大学 opens kinds (星海国家|
    大学科技园); an institute was tried and named one that the coders of the development set
    do not list (…研究所|X研究院). A district's short form opening the name (温江|都市…产业园)
    was tried too: on the development set it found one place and one that is none (中原|…: a
    region more often than 中原区)."""
    if outer.from_dict:
        return []
    sub = view[outer.start:outer.end - 1]
    known = [dict_cand(sub, lex, start, end, key) for start, end, key in lex.hits(sub)]
    found = [c for c in cands if (c.type in OPENING_TYPES and c.rule == "ending"
                                  and c.start == outer.start or c.rule == "jurisdiction")
             and outer.start <= c.start and c.end < outer.end]
    return select([replace(c, start=c.start + outer.start, end=c.end + outer.start)
                   for c in known if c is not None and c.type != "Industry"] + found)


def branch_owner(view: str, lex: Lexicon, c: Cand, inner: list[Cand]) -> list[Cand]:
    """"新诺视野中国研发中心", "网易成都数字产业基地": a short unknown name right before a place
    names the company whose branch the platform is."""
    places = [i.start for i in inner if i.type in ("City", "Province")]
    places += [m.start() + c.start for m in re.finditer("中国", view[c.start:c.end])]
    for at in sorted(places):
        owner = view[c.start:at]
        if 2 <= len(owner) <= 4 and owner.isalnum() and not all_generic(owner, lex.generic) \
                and owner not in lex.entries and not names_a_place(owner):
            return [Cand(c.start, at, "Company", owner, from_dict=False, rule="owner",
                         cue=c.name)]
    return []


def sentence_host(view: str, platform: Cand, chosen: list[Cand], starts: list[int]
                   ) -> Cand | None:
    """"依托X建设Y", "X牵头组建Y": the organisation right before the build verb
    (``starts`` are the start offsets of ``chosen``, in order)."""
    clause_start = max(view.rfind(ch, 0, platform.start) for ch in "。；\n") + 1
    for j in range(bisect_left(starts, platform.start) - 1, -1, -1):
        c = chosen[j]
        if c.start < clause_start:
            break
        if c.type in ORG_TYPES and c.end <= platform.start \
                and (_builds(view[c.end:platform.start])
                     or _subject_builds(view, clause_start, c, platform)):
            return c
    return None


def _builds(between: str) -> bool:
    """True when ``between`` (the text from an organisation to a platform) is a verb that
    builds, maybe followed by the items listed before the platform (X建有A、B、|C)."""
    if BUILD_BETWEEN.match(between):
        return True
    verb = BUILD_BEFORE_LIST.match(between)
    return verb is not None and between.endswith("、") \
        and all(is_name_char(ch) or ch == "、" for ch in between[verb.end():])


def _subject_builds(view: str, clause_start: int, org: Cand, platform: Cand) -> bool:
    """"X依托Y，建设Z", "鼓励X…，建设Z": the sentence's subject builds the platform."""
    opener = view[max(clause_start, view.rfind("，", 0, org.start) + 1):org.start]
    return opener in ("", *HOST_CUES) and bool(CLAUSE_BUILD.search(view, org.end, platform.start))


def known_owners(view: str, chosen: list[Cand], lex: Lexicon) -> dict[str, str]:
    """Names that open the names of platforms of the text, with the type of what they name:
    the organisations the text names anywhere ("完美世界等企业"); a name the word list does not
    know as ordinary words that opens two platform names or more ("天士力国际医药研发中心",
    "天士力智能健康产业园"): a company; and the name before an ending of ``owner_kinds`` that
    is the platform's whole name but for it (华瑞通飞|研究院): a company too."""
    owners = {c.name: c.type for c in chosen if c.type in ORG_TYPES}
    platforms = [c for c in chosen if c.type == "Platform"]
    openers = Counter(_opening_name(view, c) for c in platforms)
    named = [name for c in platforms if (name := _owner_kind_name(view, c))]
    for name in [*(name for name, n in openers.items() if name and n >= 2), *named]:
        if name not in owners and not names_a_place(name):
            owners[name] = "Company"
    return owners


def _owner_kind_name(view: str, platform: Cand) -> str:
    """The name before the ending of a platform named by it and an ending of ``owner_kinds``
    alone, if it is 2-4 characters, holds a word the word list does not know, none that it
    tags a place name (an abbreviation, tagged like the short forms of places, may be an
    organisation's) and starts a word (not 南湖同|济…研究院, cut inside 同济)."""
    if platform.rule != "ending" or platform.cue not in OWNER_KINDS \
            or platform.start not in word_bounds(view, max(0, platform.start - 2), platform.end):
        return ""
    name = view[platform.start:platform.end - len(platform.cue)]
    words = segment(name)
    if not 2 <= len(name) <= 4 or not name.isalnum() or any(w.tag == "ns" for w in words) \
            or all(common_word(w.text) for w in words):
        return ""
    return name


def owner_of(view: str, platform: Cand, owners: dict[str, str]) -> list[Cand]:
    """The known owner opening the platform's name, if any (see :func:`known_owners`); for a
    platform found by its owner, that owner (a company when the dictionaries do not know it:
    its shape or a list made it one)."""
    name = view[platform.start:platform.end]
    if platform.rule == "owner" and name.startswith(platform.cue):
        return [Cand(platform.start, platform.start + len(platform.cue),
                     owners.get(platform.cue, "Company"), platform.cue, from_dict=False,
                     rule="shape", cue=platform.name)]
    for owner in sorted(owners, key=len, reverse=True):
        if name.startswith(owner) and len(name) > len(owner) + 2:
            return [Cand(platform.start, platform.start + len(owner), owners[owner], owner,
                         from_dict=False, rule="owner", cue=platform.name)]
    return []


def _opening_name(view: str, platform: Cand) -> str:
    """The leading words of a platform's name that name no place and are no ordinary words
    (2-4 characters: 天士力, not 城市, 海河, 长三角)."""
    run = ""
    for word in segment(view[platform.start:platform.end]):
        if common_word(word.text) or word.tag in PLACE_TAGS and len(word.text) > 1 \
                or len(run) + len(word.text) > 4 \
                or not word.text.isalnum():
            break
        run += word.text
    return run if len(run) >= 2 and len(run) + 2 < platform.end - platform.start else ""

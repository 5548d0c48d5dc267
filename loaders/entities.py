"""Recognise the universities, institutes, companies, platforms, industries and places that a
cleaned policy text names.

Recognition needs no model: curated dictionaries shipped in ``loaders/data`` (universities,
institutes, companies, industries, administrative divisions and development zones, each with
its short forms) and patterns for names the dictionaries do not know (X大学, X研究所,
X有限公司, X重点实验室, X创新中心, <city>高新区 …) are matched in one pass of a multi-pattern
automaton (pyahocorasick), built once and cached; the word lists of these patterns and of the
host cues are data too (``loaders/data/name_rules.json``, each list described there). Where
candidates overlap, the longest wins; a host named at the start of a platform's name
("西安交通大学…全国重点实验室") is kept as a mention of its own and tied to the platform, as
is a host that the sentence ties to it ("依托X建设Y", "支持X、Y等平台建设").

A single line break inside a name (a PDF wrap the cleaner left) does not stop a match: the
mention's span then includes the line break and its ``surface`` omits it.
"""

from __future__ import annotations

import json
import re
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

import ahocorasick

ORG_TYPES = ("University", "Institute", "Company")
PLACE_TYPES = ("Province", "City", "District")
# Among candidates of equal length, the earlier type in this order wins.
TYPE_ORDER = ("University", "Institute", "Company", "Platform", "District", "City", "Province",
              "Industry")
MAX_PREFIX = 24
OPENERS, CLOSERS = "（(“", "）)”"
ENUMERATOR = re.compile(r"[（(]?[一二三四五六七八九十\d]{1,3}[)）.．、]")


def _data(name: str) -> str:
    return files("policykg.loaders").joinpath("data", name).read_text(encoding="utf-8")


def _any(words: list[str]) -> str:
    """A regular expression (a group) matching any of ``words``, longest first."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


# The word lists of the rules below, each described in the file.
RULES = json.loads(_data("name_rules.json"))
BOUNDARY_WORDS = frozenset(RULES["boundary_words"])
BOUNDARY_LENGTHS = sorted({len(w) for w in BOUNDARY_WORDS}, reverse=True)
NAME_JOINERS = tuple(RULES["name_joiners"])
LEADING_MODIFIERS = tuple(RULES["leading_modifiers"])
COUNTED = re.compile(r"\s*[\d\-—～~至一二三四五六七八九十百千几多]+\s*" + _any(RULES["counters"])
                     + r"\s*")
CATEGORY_PREFIXES = tuple(RULES["category_prefixes"])
DESCRIPTIVE_ENDINGS = frozenset(RULES["descriptive_endings"])
CATEGORY_AFTER = tuple(RULES["category_after"])
# "建立一批X中心", "建成5-8个X平台": X中心 and X平台 name kinds, here and wherever the text
# repeats them.
PLURAL = re.compile(_any(RULES["plural_quantifiers"]) + r"|[\d两三四五六七八九十几多]\s*"
                    + _any(RULES["counters"]))
ORG_SUFFIXES: dict[str, str] = RULES["org_suffixes"]
ZONE_SUFFIXES = tuple(RULES["zone_suffixes"])
INDUSTRY_NOT_BEFORE = tuple(RULES["industry_not_before"])
INDUSTRY_INSIDE_WORDS = tuple(RULES["industry_inside_words"])
# "加快物联网、5G、大数据等新型基础设施建设": the items of a list closed by 等 and a kind.
INDUSTRY_LIST_KIND = re.compile(r"([、和与及][^，。；：、\n]{1,12}?)*等"
                                + _any(RULES["industry_list_kind_modifiers"]) + "*"
                                + _any(RULES["industry_list_kinds"]))
UNIVERSITY_NOT_BEFORE = frozenset(RULES["university_not_before"])
# "X建设Y", "X等企业牵头组建Y", "依托X建设Y": X right before the verb hosts Y.
BUILD_BETWEEN = re.compile(r"(等[^，。；、]{0,8})?(牵头)?"
                           + _any(RULES["build_verbs"] + RULES["host_words"]) + "$")
# A 研究院 that does something (依托…, 牵头…) or is relied on (依托A、B等机构) is an existing
# organisation, an Institute; one being built or supported is a Platform.
ACTOR_AFTER = tuple(RULES["actor_after"])
RELIED_ON = re.compile(_any(RULES["relied_on"]) + r"([^，。；：]*、)?$")
HOST_CUES = tuple(RULES["host_cues"])
BUILT_BEFORE = re.compile(_any(RULES["build_verbs"] + RULES["new_build_verbs"]) + "$")
BUILT_AFTER = tuple(RULES["built_after"])
CLAUSE_BUILD = re.compile("，" + _any(RULES["build_verbs"]) + "$")
LIST_ITEM_CUES = tuple(RULES["list_item_cues"])
PEER_JOINERS = frozenset(RULES["peer_joiners"])
NOT_BRANCH_ENDINGS = frozenset(RULES["not_branch_endings"])
INSTITUTION_WORDS = tuple(RULES["institution_words"])
PLATFORM_LIST_END = re.compile(r"等[^，。；、\n]{0,8}?平台")


@dataclass(frozen=True)
class EntityMention:
    """One mention of an entity: its type, the text as written and its canonical name."""

    type: str
    surface: str
    name: str
    start: int
    end: int
    kind: str | None = None
    level: str | None = None
    host: EntityMention | None = None
    parent: str | None = None


@dataclass(frozen=True)
class _Entry:
    type: str
    name: str
    parent: str | None = None
    ambiguous_parents: tuple[str, ...] = ()
    needs_peer: bool = False  # a form that is also a common word ("?延长" in the data)


@dataclass
class _Lexicon:
    entries: dict[str, _Entry]
    automaton: ahocorasick.Automaton
    platform_suffixes: dict[str, str]
    levels: dict[str, str]
    generic: tuple[str, ...]
    stopwords: frozenset[str]
    places: dict[str, list[_Entry]]
    zone_stems: dict[str, str | None]


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _data(name).splitlines()
            if line.strip() and not line.startswith("#")]


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split(",") if f.strip()]


def _cas_variants(form: str) -> list[str]:
    """中国科学院X and 中科院X are one name."""
    for long, short in (("中国科学院", "中科院"), ("中科院", "中国科学院")):
        if form.startswith(long) and form != long:
            return [form, short + form[len(long):]]
    return [form]


def _org_entries(entries: dict[str, _Entry], filename: str, kind: str) -> None:
    for row in _rows(filename):
        name = row[0].strip()
        others = _forms(row[1]) if len(row) > 1 else []
        if name.startswith("中国科学院"):
            others += ["中科院" + f for f in others if not f.startswith("中科院")]
        for form in [name, *others]:
            needs_peer = form.startswith("?")
            for variant in _cas_variants(form.lstrip("?")):
                entries.setdefault(variant, _Entry(kind, name, needs_peer=needs_peer))


def _industry_entries(entries: dict[str, _Entry]) -> None:
    for line in _data("industries.txt").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, _, canonical = (p.strip() for p in line.partition("="))
        entries.setdefault(form, _Entry("Industry", canonical or form))


def _place_entries(entries: dict[str, _Entry]) -> dict[str, list[_Entry]]:
    """Divisions and zones by full name; short forms go to the highest level that has them."""
    places: dict[str, list[_Entry]] = {}
    shorts: dict[str, _Entry] = {}
    rank = {"Province": 0, "City": 1, "District": 2}
    rows = [(r[0], r[1], r[2], r[3] if len(r) > 3 else "") for r in _rows("places.tsv")]
    rows += [(r[0], "District", r[1] if len(r) > 1 else "", r[2] if len(r) > 2 else "")
             for r in _rows("zones.tsv")]
    for name, kind, parent, short in rows:
        places.setdefault(name, []).append(_Entry(kind, name, parent.strip() or None))
        for form in _forms(short):
            old = shorts.get(form)
            if old is None or rank[kind] < rank[old.type]:
                shorts[form] = _Entry(kind, name, parent.strip() or None)
    for name, candidates in places.items():
        parents = tuple(sorted({c.parent for c in candidates if c.parent}))
        first = candidates[0]
        entries.setdefault(name, _Entry(first.type, name, parents[0] if len(parents) == 1
                                        else None, parents if len(parents) > 1 else ()))
    for form, entry in shorts.items():
        entries.setdefault(form, entry)
    return places


def _zone_stems(places: dict[str, list[_Entry]]) -> dict[str, str | None]:
    """District names without 区/县, which name a zone before a zone ending ("闵行经济技术开发区",
    "金牛高新区"), mapped to the district's city when it is unambiguous."""
    stems: dict[str, str | None] = {}
    for name, candidates in places.items():
        parents = {c.parent for c in candidates if c.type == "District"}
        if len(name) >= 3 and name[-1] in "区县" and parents:
            stems[name[:-1]] = parents.pop() if len(parents) == 1 else None
    return stems


@cache
def _lexicon() -> _Lexicon:
    entries: dict[str, _Entry] = {}
    _org_entries(entries, "universities.tsv", "University")
    _org_entries(entries, "institutes.tsv", "Institute")
    _org_entries(entries, "companies.tsv", "Company")
    places = _place_entries(entries)
    _industry_entries(entries)
    kinds = json.loads(_data("platform_kinds.json"))
    stopwords = frozenset(line.strip() for line in _data("entity_stopwords.txt").splitlines()
                          if line.strip() and not line.startswith("#"))
    automaton = ahocorasick.Automaton()
    keys = set(entries) | set(kinds["suffixes"]) | set(ORG_SUFFIXES) | set(ZONE_SUFFIXES)
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    generic = tuple(sorted(kinds["generic"], key=len, reverse=True))
    return _Lexicon(entries, automaton, kinds["suffixes"], kinds["levels"], generic, stopwords,
                    places, _zone_stems(places))


# --- text view: single line breaks inside names are skipped ----------------------------------

NAME_CHARS = "（）()—·“”\"+&-"
WRAP = re.compile(rf"(?<=[\w{NAME_CHARS}])\n(?=[\w{NAME_CHARS}])")


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in NAME_CHARS


def _join_wraps(text: str) -> tuple[str, array]:
    """The text without single line breaks between two name characters, and for each
    character of that view its offset in ``text``."""
    offsets = array("l")
    parts = []
    pos = 0
    for m in WRAP.finditer(text):
        parts.append(text[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(parts), offsets


# --- candidates ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    type: str
    name: str
    parent: str | None = None
    kind: str | None = None
    from_dict: bool = True
    needs_peer: bool = False

    @property
    def key(self) -> tuple[int, int, int, int, str, str]:
        """Selection order: longest, dictionary before pattern, type order; then a fixed order
        (start, name, kind) so that equal candidates never tie on set iteration order."""
        return (-(self.end - self.start), 0 if self.from_dict else 1, TYPE_ORDER.index(self.type),
                self.start, self.name, self.kind or "")


def _ascii_gap(view: str, i: int) -> bool:
    """A space between Latin letters or digits and a Chinese character ("亚信 5G 安全")."""
    if view[i] != " " or i == 0 or i + 1 >= len(view):
        return False
    left, right = view[i - 1], view[i + 1]
    return (left.isascii() and left.isalnum()) != (right.isascii() and right.isalnum()) \
        and left.isalnum() and right.isalnum()


def _boundary_before(view: str, i: int) -> str | None:
    """The longest word of BOUNDARY_WORDS that ends at ``i``, if any."""
    for k in BOUNDARY_LENGTHS:
        if i >= k and view[i - k:i] in BOUNDARY_WORDS:
            return view[i - k:i]
    return None


@dataclass(frozen=True)
class _Known:
    """Where known names lie: ``anchors`` maps the end of each known organisation or place to
    its start, ``starts`` holds their starts and ``ends`` their ends and those of name
    endings (大学, 实验室, 高新区 …)."""

    anchors: dict[int, int]
    starts: frozenset[int]
    ends: frozenset[int]


def _left_extent(view: str, end: int, known: _Known) -> int:
    """Where a name ending with a suffix at ``end`` starts: walk left over name characters up
    to a punctuation mark or a word that opens a phrase, stepping over whole known names. A
    joining word (及) stays inside the name unless a name ends right before it or starts right
    after it: "开放服务及支撑平台" is one name, "X实验室及Y中心" and "…及英特尔…中心" are not."""
    i = end
    limit = max(0, end - MAX_PREFIX)
    while i > limit and (_is_name_char(view[i - 1]) or _ascii_gap(view, i - 1)):
        if i in known.anchors:
            i = known.anchors[i]
            continue
        word = _boundary_before(view, i)
        if word is not None and (word not in NAME_JOINERS or i in known.starts
                                 or i - len(word) in known.ends):
            break
        i -= 1
    if view.startswith(NAME_JOINERS, i, end):  # the words before the joiner are no name
        i += next(len(w) for w in NAME_JOINERS if view.startswith(w, i, end))
    enumerator = ENUMERATOR.match(view, i, end)
    return enumerator.end() if enumerator else i


def _org_start(view: str, known: _Known, start: int, s_start: int) -> int:
    """An organisation's name starts at the first known name inside it (a joined heading may
    precede it), else after a 与 joining it to the words before."""
    anchors = known.anchors
    inside = [anchors[e] for e in range(start + 1, s_start + 1)
              if e in anchors and anchors[e] >= start]
    if inside:
        return min(inside)
    if "与" in view[start:s_start]:
        return view.rindex("与", start, s_start) + 1
    return start


def _trim_modifiers(view: str, start: int, end: int) -> int:
    """Skip quantifiers (一批, 5个) and a bracket closed before the name opens."""
    opened: list[int] = []
    for i in range(start, end):
        if view[i] in OPENERS:
            opened.append(i)
        elif view[i] in CLOSERS:
            if opened:
                opened.pop()
            else:
                start = i + 1
    if opened:
        start = opened[-1] + 1
    counted = COUNTED.match(view, start, end)
    if counted:
        start = counted.end()
    changed = True
    while changed:
        changed = False
        for word in LEADING_MODIFIERS:
            if view.startswith(word, start, end):
                start += len(word)
                changed = True
    return start


@cache
def _all_generic(s: str, generic: tuple[str, ...]) -> bool:
    """True when ``s`` is made only of generic words (人工智能, 国家, 重点 …) and words that
    describe a kind (行业性, 功能型, 一体化)."""
    if not s:
        return True
    if any(s.startswith(g) and _all_generic(s[len(g):], generic) for g in generic):
        return True
    return any(s[k] in DESCRIPTIVE_ENDINGS and s[:k].isalpha() and _all_generic(s[k + 1:], generic)
               for k in range(1, min(4, len(s))))


def _pattern_cand(view: str, lex: _Lexicon, known: _Known, s_start: int, s_end: int,
                  ptype: str, kind: str | None, kinds: set[str]) -> _Cand | None:
    """The organisation or platform whose name ends with the suffix at ``s_start:s_end``, if
    any; a platform name counted as a kind (一批X中心) is added to ``kinds`` instead."""
    extent = _left_extent(view, s_start, known)
    if view.endswith(CATEGORY_AFTER, 0, extent):
        return None
    start = _trim_modifiers(view, extent, s_start)
    if ptype == "Platform" and PLURAL.search(view, extent, start):
        kinds.add(view[start:s_end])
        return None
    if ptype in ORG_TYPES:
        start = _org_start(view, known, start, s_start)
    surface = view[start:s_end]
    prefix = view[start:s_start]
    if surface in lex.stopwords or surface.startswith(CATEGORY_PREFIXES):
        return None
    if len(prefix) < 2 or _all_generic(prefix, lex.generic):
        return None
    if ptype == "University" and s_end < len(view) and view[s_end] in UNIVERSITY_NOT_BEFORE:
        return None
    return _Cand(start, s_end, ptype, surface, kind=kind, from_dict=False)


def _dict_cand(view: str, lex: _Lexicon, start: int, end: int, key: str) -> _Cand | None:
    entry = lex.entries.get(key)
    if entry is None:
        return None
    if entry.type == "Industry" and not _industry_sense(view, start, end):
        return None
    if entry.type in PLACE_TYPES and _opens_institution(view, end):
        return None
    return _Cand(start, end, entry.type, entry.name, entry.parent, needs_peer=entry.needs_peer)


def _industry_sense(view: str, start: int, end: int) -> bool:
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
    while run < min(len(view), end + 8) and _is_name_char(view[run]):
        run += 1
    return any(word in view[end:run] for word in INSTITUTION_WORDS)


def _with_peers(view: str, chosen: list[_Cand]) -> list[_Cand]:
    """Drop forms that are also common words unless listed with another entity of their
    type ("延长和陕煤集团": 延长 is the oil company; "延长期限" is not)."""
    def joined(a: _Cand, b: _Cand) -> bool:
        return a.type == b.type and 0 <= b.start - a.end <= 1 \
            and view[a.end:b.start] in PEER_JOINERS
    keep = []
    for i, c in enumerate(chosen):
        if c.needs_peer and not (i > 0 and joined(chosen[i - 1], c)
                                 or i + 1 < len(chosen) and joined(c, chosen[i + 1])):
            continue
        keep.append(c)
    return keep


def _zone_cand(view: str, place: _Cand) -> _Cand | None:
    """<place>高新区, <place>经开区, <place>新区 …: a zone of that place."""
    if place.type not in PLACE_TYPES:
        return None
    for suffix in ZONE_SUFFIXES:
        if view.startswith(suffix, place.end):
            parent = place.name if place.type != "District" else place.parent
            end = place.end + len(suffix)
            return _Cand(place.start, end, "District", view[place.start:end], parent,
                         from_dict=False)
    return None


def _district_zone_cands(view: str, lex: _Lexicon, hits: list[tuple[int, int, str]]
                         ) -> list[_Cand]:
    out = []
    for start, end, key in hits:
        if key not in ZONE_SUFFIXES:
            continue
        for k in (4, 3, 2):
            stem = view[max(0, start - k):start]
            if len(stem) == k and stem in lex.zone_stems and stem not in lex.entries:
                out.append(_Cand(start - k, end, "District", stem + key, lex.zone_stems[stem],
                                 from_dict=False))
                break
    return out


def _candidates(view: str, lex: _Lexicon) -> list[_Cand]:
    hits = [(end_index + 1 - len(key), end_index + 1, key)
            for end_index, key in lex.automaton.iter(view)]
    cands: list[_Cand] = []
    for start, end, key in hits:
        cand = _dict_cand(view, lex, start, end, key)
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
    known_ends = {(c.end, c.type) for c in cands}
    suffix_ends = (end for _, end, key in hits
                   if key in lex.platform_suffixes or key in ORG_SUFFIXES or key in ZONE_SUFFIXES)
    known = _Known(anchors, frozenset(c.start for c in cands if c.type != "Industry"),
                   frozenset([*anchors, *suffix_ends]))
    kinds: set[str] = set()
    longest_suffix: dict[int, int] = {}  # end -> start of the longest platform ending there
    for start, end, key in hits:
        if key in lex.platform_suffixes:
            longest_suffix[end] = min(longest_suffix.get(end, start), start)
    for start, end, key in hits:
        if key in lex.platform_suffixes and longest_suffix[end] == start:
            cand = _pattern_cand(view, lex, known, start, end, "Platform",
                                 lex.platform_suffixes[key], kinds)
        elif key in ORG_SUFFIXES and (end, ORG_SUFFIXES[key]) not in known_ends:
            cand = _pattern_cand(view, lex, known, start, end, ORG_SUFFIXES[key], None, kinds)
        else:
            continue
        if cand is not None:
            cands.append(cand)
    if kinds:
        cands = [c for c in cands if c.type != "Platform" or c.from_dict or c.name not in kinds]
    cands.extend(_platform_list_items(view, cands))
    cands.extend(_org_branches(view, cands))
    return cands


def _org_branches(view: str, cands: list[_Cand]) -> list[_Cand]:
    """"哈工大机器人合肥院", "华为西安研究院": a known organisation's 院 named in a few more
    characters, an Institute; a 研究院 that the sentence builds ("共建X人工智能研究院",
    "支持X成都研究院建设") is left to the platform pattern, a platform of X."""
    out = []
    for org in (c for c in cands if c.type in ORG_TYPES and c.from_dict):
        end = view.find("院", org.end, org.end + 9)
        tail = view[org.end:end]
        if end > org.end + 1 and view[end - 1:end + 1] not in NOT_BRANCH_ENDINGS \
                and all(map(_is_name_char, tail)) and not any(w in tail for w in BOUNDARY_WORDS):
            if view.endswith("研究院", 0, end + 1) and _being_built(view, org.start, end + 1):
                continue
            out.append(_Cand(org.start, end + 1, "Institute", view[org.start:end + 1],
                             from_dict=False))
    return out


def _being_built(view: str, start: int, end: int) -> bool:
    """True when a build verb opens the name's phrase or 建设 follows it."""
    return bool(BUILT_BEFORE.search(view, max(0, start - 2), start)) \
        or view.startswith(BUILT_AFTER, end)


def _platform_list_items(view: str, cands: list[_Cand]) -> list[_Cand]:
    """"支持A基础软件、B智能语音等平台建设": each list item that starts with an organisation
    and names more than it is a platform of that organisation."""
    orgs = {c.start: c for c in cands if c.type in ORG_TYPES and c.from_dict}
    items: list[_Cand] = []
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
                items.append(_Cand(start, end, "Platform", view[start:end] + "平台",
                                   kind="open_platform", from_dict=False))
    return items


def _as_actor(view: str, c: _Cand) -> _Cand:
    """A new-type R&D institute that acts or is relied on in its sentence is an Institute."""
    if c.type != "Platform" or c.kind != "rnd_institute" or not c.name.endswith("研究院"):
        return c
    clause_start = max(view.rfind(ch, 0, c.start) for ch in "，。；\n") + 1
    if view.startswith(ACTOR_AFTER, c.end) or RELIED_ON.search(view, clause_start, c.start):
        return replace(c, type="Institute", kind=None)
    return c


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest first; among equals, dictionary before pattern, then by type order (``key``)."""
    taken = bytearray(max((c.end for c in cands), default=0))
    chosen: list[_Cand] = []
    for c in sorted(set(cands), key=lambda c: c.key):
        if not any(taken[c.start:c.end]):
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# --- platforms: level and host ------------------------------------------------------------------

def _level(name: str, lex: _Lexicon, places: list[_Cand]) -> str | None:
    for word, level in lex.levels.items():
        if level == "national" and word in name:
            return "national"
    if any(p.type == "Province" for p in places) or "省" in name:
        return "province"
    if any(p.type == "City" for p in places) or name.startswith("市"):
        return "city"
    return None


def _inner(view: str, lex: _Lexicon, outer: _Cand) -> list[_Cand]:
    """Dictionary entities inside a platform's or institute's name (not the whole name),
    selected as in running text."""
    if outer.from_dict:
        return []
    sub = view[outer.start:outer.end - 1]
    found = [_dict_cand(sub, lex, e + 1 - len(k), e + 1, k) for e, k in lex.automaton.iter(sub)]
    inner = _select([c for c in found if c is not None and c.type != "Industry"])
    return [replace(c, start=c.start + outer.start, end=c.end + outer.start) for c in inner]


def _branch_owner(view: str, lex: _Lexicon, c: _Cand, inner: list[_Cand]) -> list[_Cand]:
    """"新诺视野中国研发中心", "网易成都数字产业基地": a short unknown name right before a place
    names the company whose branch the platform is."""
    places = [i.start for i in inner if i.type in ("City", "Province")]
    places += [m.start() + c.start for m in re.finditer("中国", view[c.start:c.end])]
    for at in sorted(places):
        owner = view[c.start:at]
        if 2 <= len(owner) <= 4 and owner.isalnum() and not _all_generic(owner, lex.generic) \
                and owner not in lex.entries:
            return [_Cand(c.start, at, "Company", owner, from_dict=False)]
    return []


def _sentence_host(view: str, platform: _Cand, chosen: list[_Cand], starts: list[int]
                   ) -> _Cand | None:
    """"依托X建设Y", "X牵头组建Y": the organisation right before the build verb
    (``starts`` are the start offsets of ``chosen``, in order)."""
    clause_start = max(view.rfind(ch, 0, platform.start) for ch in "。；\n") + 1
    for j in range(bisect_left(starts, platform.start) - 1, -1, -1):
        c = chosen[j]
        if c.start < clause_start:
            break
        if c.type in ORG_TYPES and c.end <= platform.start \
                and (BUILD_BETWEEN.match(view[c.end:platform.start])
                     or _subject_builds(view, clause_start, c, platform)):
            return c
    return None


def _subject_builds(view: str, clause_start: int, org: _Cand, platform: _Cand) -> bool:
    """"X依托Y，建设Z", "鼓励X…，建设Z": the sentence's subject builds the platform."""
    opener = view[max(clause_start, view.rfind("，", 0, org.start) + 1):org.start]
    return opener in ("", *HOST_CUES) and bool(CLAUSE_BUILD.search(view, org.end, platform.start))


# --- mentions -----------------------------------------------------------------------------------

def _resolve_parent(c: _Cand, lex: _Lexicon, city_counts: Counter[str]) -> str | None:
    if c.parent or c.type not in PLACE_TYPES or not c.from_dict:
        return c.parent
    entry = lex.entries.get(c.name)
    if entry is None or not entry.ambiguous_parents:
        return None
    best = max(entry.ambiguous_parents, key=lambda p: city_counts[p])
    return best if city_counts[best] else None


def _mention(text: str, view: str, offsets: array, c: _Cand, **extra: object) -> EntityMention:
    start, end = offsets[c.start], offsets[c.end - 1] + 1
    return EntityMention(c.type, view[c.start:c.end], c.name, start, end, **extra)


def find_entities(text: str) -> list[EntityMention]:
    """Every entity mention in ``text`` (a cleaned text, paragraphs one per line), in order."""
    lex = _lexicon()
    view, offsets = _join_wraps(text)
    chosen = [_as_actor(view, c) for c in _with_peers(view, _select(_candidates(view, lex)))]
    starts = [c.start for c in chosen]
    city_counts = Counter(c.name for c in chosen if c.type in ("City", "Province"))
    out: list[EntityMention] = []
    for c in chosen:
        inner = _inner(view, lex, c) if c.type in ("Platform", "Institute") else []
        out.extend(_mention(text, view, offsets, i, parent=i.parent) for i in inner)
        if c.type != "Platform":
            parent = _resolve_parent(c, lex, city_counts)
            out.append(_mention(text, view, offsets, c, parent=parent))
            continue
        hosts = [i for i in inner if i.start == c.start and i.type in (*ORG_TYPES, "District")]
        if not hosts:
            hosts = _branch_owner(view, lex, c, inner)
            out.extend(_mention(text, view, offsets, h) for h in hosts)
        host_cand = hosts[0] if hosts else _sentence_host(view, c, chosen, starts)
        host = None
        if host_cand is not None:
            host = _mention(text, view, offsets, host_cand, parent=host_cand.parent)
        level = _level(c.name, lex, [i for i in inner if i.type in PLACE_TYPES])
        out.append(_mention(text, view, offsets, c, kind=c.kind, level=level, host=host))
    return sorted(out, key=lambda m: (m.start, -m.end))


# --- jurisdictions ------------------------------------------------------------------------------

def leading_place(text: str) -> tuple[str, str] | None:
    """(as written, canonical name) of the known city or province ``text`` starts with, in
    full or short form (重庆银监局 -> (重庆, 重庆市)), else None."""
    entries = _lexicon().entries
    for end in range(min(len(text), 8), 1, -1):
        entry = entries.get(text[:end])
        if entry is not None and entry.type in ("Province", "City"):
            return text[:end], entry.name
    return None


def place_type(place: str) -> str | None:
    """Province, City or District for a place the registry knows, else None."""
    entry = _lexicon().entries.get(place)
    return entry.type if entry is not None and entry.type in PLACE_TYPES else None


def parent_of(place: str) -> str | None:
    """The canonical name of the city or province containing ``place`` (None when unknown,
    ambiguous, or for provinces and direct-administered municipalities)."""
    entry = _lexicon().entries.get(place)
    if entry is None or entry.type not in PLACE_TYPES:
        return None
    return entry.parent


def jurisdiction_of(title: str, issuer: str | None = None) -> tuple[str, str] | None:
    """The (type, canonical name) of the place whose government issued a plan, read from the
    issuer or else the title: the first place named, narrowed to a district of that place named
    right after it ("广州市黄埔区…" -> District 黄埔区). Direct-administered municipalities
    (上海市, 北京市 …) are Cities without a parent."""
    for source in (issuer, title):
        if not source:
            continue
        places = [m for m in find_entities(source) if m.type in PLACE_TYPES]
        if not places:
            continue
        first = places[0]
        for nxt in places[1:2]:
            between = source[first.end:nxt.start].strip()
            if not between and nxt.type == "District" and nxt.parent == first.name:
                first = nxt
        return first.type, first.name
    return None

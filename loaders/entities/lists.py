"""Enumerations type their items: in "推动A、B、C等龙头企业…" each item is a company, in
"A、B等高校" a university, in "重点发展A、B等产业" an industry, and in "5G、物联网等新技术" no
item is an industry (they are technologies). The noun closing the list decides (``list_kinds``
in ``data/name_rules.json``); a list closed by no such noun is typed by a company the
dictionary knows among its items, for the items shaped like names ("华为、思必驰等"). A list
closed by an industry noun types its items only where an item is an industry already or a verb
that develops industries opens its clause: "面向能源调度优化、农机精准作业等优势行业" names
activities, "重点发展冷链仓储、海洋牧场等产业" industries. A list
that counts its items (一批A、B等企业, 20家以上…企业) names kinds, not entities. Each item found
this way keeps the cue that typed it."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from policykg.loaders.entities.phrases import (
    Cand,
    Known,
    all_generic,
    is_descriptive,
    phrase_start,
    words_of,
)
from policykg.loaders.entities.vocab import (
    BUILD_VERBS,
    COUNTED,
    INDUSTRY_VERBS,
    KNOWN_PAIR_JOINERS,
    LIST_ITEM_CUES,
    LIST_ITEM_JOINERS,
    LIST_KIND_HEADS,
    LIST_KINDS,
    NOT_BRANCH_ENDINGS,
    PLACE_ITEM_NOT_ENDINGS,
    PLURAL,
    SECTOR_ENDING,
    SINGLE_FUNCTION_WORDS,
    Lexicon,
)
from policykg.loaders.words import Word, is_verb, is_word, segment

CLAUSE_END = "，。；：！？\n"
COMMON = 1000  # a verbal noun this frequent is a predicate here (等领域|建设…), not a modifier
MAX_ITEM = {"Industry": 12, "District": 10}
MAX_MODIFIERS = 10  # 等 + 苏州市人工智能龙头骨干 + 企业
KIND_NOUNS = sorted(LIST_KINDS, key=len, reverse=True)
ANY_KIND_NOUN = re.compile("|".join(map(re.escape, KIND_NOUNS)))
# The words that open the first item's clause (重点发展|A、B等产业, 培育壮大|A、B等产业), the
# last of them ends it: the list's cues and the verbs that develop industries.
LIST_ITEM_CUE = re.compile("(?:" + "|".join(map(re.escape, sorted(
    {*LIST_ITEM_CUES, *INDUSTRY_VERBS}, key=len, reverse=True))) + ")+")
# "等科研机构、企业", "等高校和研发机构": a second kind noun makes a list of mixed kinds,
# whose items are typed by their own shape.
MIXED = re.compile("[、和及与](" + "|".join(map(re.escape, KIND_NOUNS)) + ")")
MIXED_KIND = "mixed"
QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")


@dataclass(frozen=True)
class Enumeration:
    items: list[tuple[int, int]]  # (start, end) of each item
    kind: str | None  # the type its closing noun gives the items, None for no entity
    cue: str  # the closing words (等龙头企业), or the known company typing the list


@dataclass
class Lists:
    """What the enumerations of a text say: the candidates they type, the spans of the items
    of lists of industries, and the spans of items that name no entity of their own (a list
    of technologies)."""

    typed: list[Cand]
    industries: list[tuple[int, int, str]]  # (start, end, the list's cue) of each item
    untyped: list[tuple[int, int]]


def list_cands(view: str, lex: Lexicon, known: Known, cands: list[Cand]) -> Lists:
    """The candidates typed by the enumerations of ``view``, and the spans they mark."""
    exact = {(c.start, c.end, c.type) for c in cands}
    companies = {(c.start, c.end): c.name for c in cands if c.type == "Company" and c.from_dict}
    company_ends = sorted(e for _, e in companies)
    industries = {(c.start, c.end) for c in cands if c.type == "Industry"}
    lists = Lists([], [], [])
    for at in (m.start() for m in re.finditer("等", view) if _closes(view, m.start())):
        closer = closer_at(view, at)
        if closer is None and not _company_before(view, at, company_ends):
            continue
        items = _items(view, at, known, lex)
        if not items or len(items) < 2 and closer is None:
            continue
        enumeration = _typed(items, closer, companies)
        if enumeration is None or _counted(view, items[0][0]):
            continue
        if enumeration.kind is None:
            lists.untyped.extend(enumeration.items)
            continue
        if enumeration.kind == "Industry":
            if not any(i in industries for i in enumeration.items) \
                    and developed(view, enumeration.items[0][0]) is None:
                continue
            lists.industries.extend((s, e, enumeration.cue) for s, e in enumeration.items)
        for s, e in enumeration.items:
            kind = _item_kind(view, s, e, enumeration, known, lex)
            if kind is not None:
                if (s, e, kind) not in exact:
                    lists.typed.append(Cand(s, e, kind, view[s:e], from_dict=False,
                                            rule="list", cue=enumeration.cue))
            elif (s, e, "Platform") not in exact \
                    and (joined := _joined_platform(view, s, e, enumeration, lex)) is not None:
                lists.typed.append(joined)
    return lists


def developed(view: str, start: int) -> str | None:
    """The verb that develops industries (发展, 培育 …: ``industry_verbs``) in the clause
    before ``start``, if there is one."""
    clause = max(view.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    return next((verb for verb in INDUSTRY_VERBS if verb in view[clause:start]), None)


def _company_before(view: str, at: int, company_ends: list[int]) -> bool:
    """True when a company the dictionary knows ends in the clause before ``at``."""
    i = bisect_right(company_ends, at) - 1
    return i >= 0 and not any(ch in CLAUSE_END for ch in view[company_ends[i]:at])


def closer_at(view: str, at: int) -> tuple[str, str | None] | None:
    """(the closing words, the type of the items) of the list whose 等 stands at ``at``: the
    rightmost kind noun within a few characters that is a word of its own (not 产业|化,
    企业|家), has no verb, function word or punctuation before it (等行业龙头企业 is closed by
    企业) and heads its phrase (等行业|数据, 等行业|组织 close no list of sectors:
    ``list_kind_heads``); unless a noun naming sectors stands right before it: in
    "能源、制造等行业企业" the items are the sectors of the companies."""
    found = None
    window = view[at + 1:at + 1 + MAX_MODIFIERS + max(map(len, KIND_NOUNS)) + 4]
    if not ANY_KIND_NOUN.search(window):
        return None
    words = segment(window)
    pos = 0
    for i, word in enumerate(words):
        if is_verb(word) or word.tag == "vn" and word.freq >= COMMON or not word.text.isalnum() \
                or word.text in SINGLE_FUNCTION_WORDS or word.text.isascii() \
                or pos > MAX_MODIFIERS:
            break
        pos += len(word.text)
        if _modifies(words[i + 1:i + 3]):
            continue
        for noun in KIND_NOUNS:
            if window.endswith(noun, 0, pos) and _word_boundary(words, pos - len(noun)):
                sectors = any(LIST_KINDS[n] == "Industry"
                              and window.endswith(n, 0, pos - len(noun)) for n in KIND_NOUNS)
                kind = "Industry" if sectors else LIST_KINDS[noun]
                other = MIXED.match(window, pos)
                if kind is not None and other is not None \
                        and LIST_KINDS[other.group(1)] not in (None, kind):
                    kind = MIXED_KIND
                found = (view[at:at + 1 + pos], kind)
                break
    return found


def _modifies(after: tuple[Word, ...]) -> bool:
    """True when the words after a kind noun make it a modifier of a head of
    ``list_kind_heads`` (等行业|数据, 等行业|大数据中心: an adjective may stand between)."""
    if after and after[0].tag == "a" and len(after) > 1:
        after = after[1:]
    return bool(after) and after[0].text.endswith(LIST_KIND_HEADS)


def _word_boundary(words: tuple[Word, ...], offset: int) -> bool:
    pos = 0
    for word in words:
        if pos >= offset:
            return pos == offset
        pos += len(word.text)
    return pos == offset


def _closes(view: str, at: int) -> bool:
    """True when the 等 at ``at`` closes a list: it is no part of a word (高等, 平等)."""
    return not (at > 0 and is_word(view[at - 1:at + 1]))


def _typed(items: list[tuple[int, int]], closer: tuple[str, str | None] | None,
           companies: dict[tuple[int, int], str]) -> Enumeration | None:
    if closer is not None:
        return Enumeration(items, closer[1], closer[0])
    known = next((companies[i] for i in items if i in companies), None)
    if known is not None:
        return Enumeration(items, "Company", known)
    return None


def _counted(view: str, start: int) -> bool:
    """A list opened by a quantifier (一批, 若干, 20家以上) counts kinds: one within a few
    characters before its first item, or at its start."""
    window = view[max(0, start - 8):start + 4]
    return bool(PLURAL.search(window) or COUNTED.search(window))


def _items(view: str, end: int, known: Known, lex: Lexicon) -> list[tuple[int, int]]:
    """The items of the enumeration that ends at ``end`` (where its 等 stands): back to the
    start of the clause or the end of the list before it, split at 、 and at a joining word
    inside an item (A、B和C等; 物联网及车联网); the first item starts where its noun phrase does
    (推动|A). Inside an item before the last that ends like a name, a joining word joins the
    fields of that name (华为鲲鹏和昇腾生态创新中心) unless a known name stands beside it or
    what stands before it ends like a name too (星海V谷和机器人小镇: two names)."""
    start, depth = end, 0
    while start > 0 and (view[start - 1] not in CLAUSE_END or depth) \
            and not (view[start - 1] == "等" and _closes(view, start - 1)):
        depth += view[start - 1] in "）)"
        depth -= depth > 0 and view[start - 1] in "（("
        start -= 1
    bounds, pos = [], start
    for part in view[start:end].split("、"):
        bounds.append((pos, pos + len(part)))
        pos += len(part) + 1
    first = phrase_start(view, bounds[0][0], bounds[0][1], known, lex)
    cue = next((m for m in LIST_ITEM_CUE.finditer(view, first, min(first + 8, bounds[0][1]))),
               None)
    bounds[0] = (cue.end() if cue else first, bounds[0][1])
    items = []
    for i, (s, e) in enumerate(bounds):
        joiner = _joiner(view, s, e) or _known_pair_joiner(view, s, e, known)
        if joiner is not None and (i == len(bounds) - 1
                                   or not view.endswith(lex.name_endings, s, e)
                                   or view.endswith(lex.name_endings, s, joiner[0])
                                   or joiner[0] in known.terms
                                   or joiner[1] in known.terms.values()):
            items += [(s, joiner[0]), (joiner[1], e)]
        else:
            items.append((s, e))
    return [(s, e) for s, e in items if s < e]


def _joiner(view: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a joining word (和, 及 …) inside the item at ``view[start:end]``, if any."""
    return next(((a, a + len(w)) for w in LIST_ITEM_JOINERS
                 if (a := view.find(w, start + 2, end - 2)) != -1), None)


def _known_pair_joiner(view: str, start: int, end: int, known: Known) -> tuple[int, int] | None:
    """The span of a word of ``known_pair_joiners`` inside the item at ``view[start:end]``
    with a known name ending right before it and one starting right after it."""
    return next(((a, a + len(w)) for w in KNOWN_PAIR_JOINERS
                 if (a := view.find(w, start + 2, end - 2)) != -1
                 and a in known.terms and a + len(w) in known.terms.values()), None)


def _joined_platform(view: str, start: int, end: int, enumeration: Enumeration,
                     lex: Lexicon) -> Cand | None:
    """An item of a list of platforms or of organisations kept whole though a joining word
    stands inside it (:func:`_items`: 星海鲲鹏和昇思生态创新中心) and ending like a platform:
    one platform, whose ending alone would find only the name after the joining word."""
    if enumeration.kind not in ("Platform", MIXED_KIND) or _joiner(view, start, end) is None:
        return None
    ending = next((k for k in sorted(lex.platform_suffixes, key=len, reverse=True)
                   if view.endswith(k, start, end)), None)
    if ending is None:
        return None
    return Cand(start, end, "Platform", view[start:end], kind=lex.platform_suffixes[ending],
                from_dict=False, rule="list", cue=enumeration.cue)


def _item_kind(view: str, start: int, end: int, enumeration: Enumeration, known: Known,
               lex: Lexicon) -> str | None:
    """The type the list gives the item at ``view[start:end]``, if it can be a name (see
    :func:`_item_of`); in a list of mixed kinds, an item ending in 院 or 所 of an organisation
    is an institute and one shaped like a name a company."""
    if not _item_of(view, start, end, enumeration, known, lex):
        return None
    if enumeration.kind in ("District", "Platform") \
            and is_descriptive(view, start, end, known, lex.generic):
        return None  # 医院、商场等热点区域, 网络媒体等平台: kinds of places and platforms
    if enumeration.kind == "District" and view.endswith(PLACE_ITEM_NOT_ENDINGS, start, end):
        return None  # 星海大街、青禾湖湿地等区域: no administrative place
    if enumeration.kind != MIXED_KIND:
        return enumeration.kind
    text = view[start:end]
    if text.endswith(("院", "所")) and not text.endswith(tuple(NOT_BRANCH_ENDINGS)):
        return "Institute"
    return None if is_descriptive(view, start, end, known, lex.generic) else "Company"


def _item_of(view: str, start: int, end: int, enumeration: Enumeration, known: Known,
             lex: Lexicon) -> bool:
    """True when the item can be a name of the list's type: not too long, no clause in it,
    not generic words only, not quoted (a label: “小巨人”), not a sector (制造业) unless the
    list is of industries; an item ending like another type of name is left to that ending;
    an item typed by a known neighbour alone must be shaped like a name."""
    text = view[start:end]
    kind = enumeration.kind
    if not 2 <= len(text) <= MAX_ITEM.get(kind or "", 20) or "的" in text or "+" in text \
            or text in lex.stopwords or all_generic(text, lex.generic) \
            or QUOTED.fullmatch(text) or not text[0].isalnum():
        return False
    words = words_of(view, start, end, known)
    # A verb opening an item of a list of industries modifies its noun (创新|药, 合成|生物)
    # unless it can be the clause's predicate: in the first item, where no verb that develops
    # industries stands before it (提升|合成生物 …), and it is not a generic word.
    opening = kind == "Industry" and (words[0].text in lex.generic
                                      or start != enumeration.items[0][0]
                                      or developed(view, start) is not None)
    if any(is_verb(w) and not (i == 0 and opening) or w.text in BUILD_VERBS
           for i, w in enumerate(words[:-1])):
        return False  # a clause: 发挥资源优势建设|众创空间, 推广应用|阿里巴巴
    if kind == "Industry":
        return len(text) > 2
    if text.endswith(lex.name_endings) and not (kind == "District"
                                                and text.endswith(tuple(lex.platform_suffixes))):
        return False  # but a park listed among areas is one (A区、B园区等区域)
    if words[-1].text.endswith(SECTOR_ENDING) and (len(words[-1].text) > 2 or len(words) > 1
                                                   and words[-1].text == SECTOR_ENDING):
        return False
    return not (enumeration.cue in lex.entries
                and is_descriptive(view, start, end, known, lex.generic))

"""Enumerations type their items: in "推动A、B、C等龙头企业…" each item is a company, in
"A、B等高校" a university, in "重点发展A、B等产业" an industry, and in "5G、物联网等新技术" no
item is an industry (they are technologies). The noun closing the list decides (``list_kinds``
in ``data/name_rules.json``); a list closed by no such noun is typed by a company the
dictionary knows among its items, for the items shaped like names ("华为、思必驰等"). A list
that counts its items (一批A、B等企业, 20家以上…企业) names kinds, not entities. Each item found
this way keeps the cue that typed it."""

from __future__ import annotations

import re
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
    COUNTED,
    LIST_ITEM_JOINERS,
    LIST_KINDS,
    ORG_SUFFIXES,
    PLURAL,
    SECTOR_ENDING,
    SINGLE_FUNCTION_WORDS,
    Lexicon,
)
from policykg.loaders.words import Word, segment

CLAUSE_END = "，。；：！？\n"
MAX_ITEM = {"Industry": 12, "District": 10}
MAX_MODIFIERS = 10  # 等 + 苏州市人工智能龙头骨干 + 企业
KIND_NOUNS = sorted(LIST_KINDS, key=len, reverse=True)
QUOTED = re.compile(r"[“\"「『][^”\"」』]*[”\"」』]")


@dataclass(frozen=True)
class Enumeration:
    items: list[tuple[int, int]]  # (start, end) of each item
    kind: str | None  # the type its closing noun gives the items, None for no entity
    cue: str  # the closing words (等龙头企业), or the known company typing the list


def list_cands(view: str, lex: Lexicon, known: Known, cands: list[Cand]
               ) -> tuple[list[Cand], list[tuple[int, int]]]:
    """Candidates typed by the enumerations of ``view``, and the spans of the items that name
    no entity of their own (a list of technologies)."""
    exact = {(c.start, c.end) for c in cands}
    companies = {(c.start, c.end): c.name for c in cands if c.type == "Company" and c.from_dict}
    typed: list[Cand] = []
    untyped: list[tuple[int, int]] = []
    for at in (m.start() for m in re.finditer("等", view)):
        closer = _closer(view, at)
        items = _items(view, at, known, lex)
        if not items or len(items) < 2 and closer is None:
            continue
        enumeration = _typed(items, closer, companies)
        if enumeration is None or _counted(view, items[0][0]):
            continue
        if enumeration.kind is None:
            untyped.extend(enumeration.items)
            continue
        typed.extend(Cand(s, e, enumeration.kind, view[s:e], from_dict=False, rule="list",
                          cue=enumeration.cue)
                     for s, e in enumeration.items
                     if (s, e) not in exact and _item_of(view, s, e, enumeration, known, lex))
    return typed, untyped


def _closer(view: str, at: int) -> tuple[str, str | None] | None:
    """(the closing words, the type of the items) of the list whose 等 stands at ``at``: the
    rightmost kind noun within a few characters that is a word of its own (not 产业|化,
    企业|家) and has no verb, joiner or punctuation before it (等行业龙头企业 is closed by
    企业), unless a noun naming sectors stands right before it: in "能源、制造等行业企业" the
    items are the sectors of the companies."""
    found = None
    window = view[at + 1:at + 1 + MAX_MODIFIERS + max(map(len, KIND_NOUNS))]
    words = segment(window)
    pos = 0
    for word in words:
        if _verb(word) or not word.text.isalnum() or word.text in SINGLE_FUNCTION_WORDS \
                or word.text.isascii() or pos > MAX_MODIFIERS:
            break
        pos += len(word.text)
        for noun in KIND_NOUNS:
            if window.endswith(noun, 0, pos) and pos - len(noun) >= 0 \
                    and _word_boundary(words, pos - len(noun)):
                kind = LIST_KINDS[noun]
                sectors = next((n for n in KIND_NOUNS if LIST_KINDS[n] == "Industry"
                                and window.endswith(n, 0, pos - len(noun))), None)
                found = (view[at:at + 1 + pos], "Industry" if sectors else kind)
                break
    return found


def _word_boundary(words: tuple[Word, ...], offset: int) -> bool:
    pos = 0
    for word in words:
        if pos >= offset:
            return pos == offset
        pos += len(word.text)
    return pos == offset


def _verb(word: Word) -> bool:
    return word.tag.startswith("v") and word.tag != "vn" and len(word.text) > 1


def _typed(items: list[tuple[int, int]], closer: tuple[str, str | None] | None,
           companies: dict[tuple[int, int], str]) -> Enumeration | None:
    if closer is not None:
        return Enumeration(items, closer[1], closer[0])
    known = next((companies[i] for i in items if i in companies), None)
    if known is not None:
        return Enumeration(items, "Company", known)
    return None


def _counted(view: str, start: int) -> bool:
    """A list opened by a quantifier (一批, 若干, 20家以上) counts kinds."""
    return bool(PLURAL.match(view, start) or COUNTED.match(view, start))


def _items(view: str, end: int, known: Known, lex: Lexicon) -> list[tuple[int, int]]:
    """The items of the enumeration that ends at ``end`` (where its 等 stands): back to the
    start of the clause, split at 、 and at a joining word inside the last item; the first
    item starts where its noun phrase does (推动|A)."""
    start, depth = end, 0
    while start > 0 and (view[start - 1] not in CLAUSE_END or depth):
        depth += view[start - 1] in "）)"
        depth -= depth > 0 and view[start - 1] in "（("
        start -= 1
    bounds, pos = [], start
    for part in view[start:end].split("、"):
        bounds.append((pos, pos + len(part)))
        pos += len(part) + 1
    last = bounds[-1]
    joiner = next(((a, a + len(w)) for w in LIST_ITEM_JOINERS
                   if (a := view.find(w, last[0] + 2, last[1] - 2)) != -1), None)
    if joiner is not None:
        bounds[-1:] = [(last[0], joiner[0]), (joiner[1], last[1])]
    bounds[0] = (phrase_start(view, bounds[0][0], bounds[0][1], known, lex), bounds[0][1])
    return [(s, e) for s, e in bounds if s < e]


def _item_of(view: str, start: int, end: int, enumeration: Enumeration, known: Known,
             lex: Lexicon) -> bool:
    """True when the item can be a name of the list's type: not too long, no clause in it,
    not generic words only, not quoted (a label: “小巨人”), not a sector (制造业) unless the
    list is of industries; an item ending like another type of name is left to that ending;
    an item typed by a known neighbour alone must be shaped like a name."""
    text = view[start:end]
    kind = enumeration.kind
    if not 2 <= len(text) <= MAX_ITEM.get(kind or "", 20) or "的" in text \
            or text in lex.stopwords or all_generic(text, lex.generic) \
            or QUOTED.fullmatch(text) or not text[0].isalnum():
        return False
    if kind == "Industry":
        return len(text) > 2
    if text.endswith((*ORG_SUFFIXES, *lex.platform_suffixes)):
        return False
    words = words_of(view, start, end, known)
    if words[-1].text.endswith(SECTOR_ENDING) and (len(words[-1].text) > 2 or len(words) > 1
                                                   and words[-1].text == SECTOR_ENDING):
        return False
    if any(_verb(w) for w in words[:-1]):
        return False
    return not (enumeration.cue in lex.entries and is_descriptive(view, start, end, known))

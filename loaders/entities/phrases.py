"""Where a name starts and ends in running text: the candidate a recogniser proposes, the
known names around it, the walk left from a name ending to the start of its phrase, and the
words of that phrase (verbs, prepositions and adverbs open a phrase; generic words name no
entity)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from policykg.loaders.entities.text import ascii_gap, is_name_char
from policykg.loaders.entities.vocab import (
    ACTOR_NOUNS,
    BOUNDARY_LENGTHS,
    BOUNDARY_WORDS,
    COUNTED,
    DESCRIPTIVE_ENDINGS,
    LEADING_MODIFIERS,
    NAME_JOINERS,
    PEER_JOINERS,
    SINGLE_FUNCTION_WORDS,
    SUBJECT_ENDINGS,
    TYPE_ORDER,
    Lexicon,
)
from policykg.loaders.words import PROPER_TAGS, Word, is_function_word, is_word, segment

MAX_PREFIX = 24
OPENERS, CLOSERS = "（(“", "）)”"
ENUMERATOR = re.compile(r"[（(]?[一二三四五六七八九十\d]{1,3}[)）.．、]")


@dataclass(frozen=True)
class Cand:
    start: int
    end: int
    type: str
    name: str
    parent: str | None = None
    kind: str | None = None
    from_dict: bool = True
    needs_peer: bool = False
    needs_context: bool = False
    rule: str = "dictionary"  # what found it: dictionary, ending, list, shape, owner, context …
    cue: str = ""  # the word that cued it: the name ending, the noun closing the list …

    @property
    def key(self) -> tuple[int, int, int, int, str, str, str, str]:
        """Selection order: longest, dictionary before pattern, type order; then a fixed order
        (start, name, kind, rule) so that equal candidates never tie on set iteration order."""
        return (-(self.end - self.start), 0 if self.from_dict else 1, TYPE_ORDER.index(self.type),
                self.start, self.name, self.kind or "", self.rule, self.cue)


def _boundary_before(view: str, i: int) -> str | None:
    """The longest word of BOUNDARY_WORDS that ends at ``i``, if any, unless it is the end of
    a longer word (高|等 in 高等研究院, 目|的) or the start of one (各|类 in 各类工业园区)."""
    for k in BOUNDARY_LENGTHS:
        if i >= k and view[i - k:i] in BOUNDARY_WORDS:
            if i > k and is_word(view[i - k - 1:i]) \
                    or i not in word_bounds(view, i - k, min(len(view), i + 2)):
                return None
            return view[i - k:i]
    return None


@dataclass(frozen=True)
class Known:
    """Where known names lie: ``anchors`` maps the end of each known organisation or place to
    its start, ``starts`` holds their starts and ``ends`` their ends and those of name
    endings (大学, 实验室, 高新区 …); ``terms`` maps the end of every dictionary form,
    industries too, to its start."""

    anchors: dict[int, int]
    starts: frozenset[int]
    ends: frozenset[int]
    terms: dict[int, int]


def left_extent(view: str, end: int, known: Known) -> int:
    """Where a name ending with a suffix at ``end`` starts: walk left over name characters up
    to a punctuation mark or a word that opens a phrase, stepping over whole known names. A
    joining word (及) stays inside the name unless a name ends right before it or starts right
    after it: "开放服务及支撑平台" is one name, "X实验室及Y中心" and "…及英特尔…中心" are not."""
    i = end
    limit = max(0, end - MAX_PREFIX)
    while i > limit and (is_name_char(view[i - 1]) or ascii_gap(view, i - 1)):
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


def org_start(view: str, known: Known, start: int, s_start: int) -> int:
    """An organisation's name starts at the first known name inside it (a joined heading may
    precede it), else after a 与 joining it to the words before. A known name that starts
    inside a word is none (中国第|一汽|车集团: 第一 is the word)."""
    anchors = known.anchors
    inside = [anchors[e] for e in range(start + 1, s_start + 1)
              if e in anchors and anchors[e] >= start]
    if inside:
        bounds = word_bounds(view, start, s_start)
        inside = [a for a in inside if a in bounds]
    if inside:
        return min(inside)
    if "与" in view[start:s_start]:
        return view.rindex("与", start, s_start) + 1
    return start


def word_bounds(view: str, start: int, end: int) -> set[int]:
    """The offsets in ``view`` where the words of ``view[start:end]`` start and end."""
    return set(accumulate((len(w.text) for w in segment(view[start:end])), initial=start))


def trim_modifiers(view: str, start: int, end: int) -> int:
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


def phrase_start(view: str, start: int, s_start: int, known: Known, lex: Lexicon) -> int:
    """Where the noun phrase naming the entity starts in ``view[start:s_start]``: a name never
    starts with a verb, preposition, conjunction, pronoun or adverb (争取|国家…基地,
    与|良渚梦栖小镇), never runs over a clause (信息工程大学建有|…实验室, 已|启动…平台) and
    never joins an actor to its partner (企业与|之江实验室). Known names and generic name words
    (自主, 开放) are never function words, whatever the word list tags them; a verbal noun
    opening the phrase is cut off even when generic (发展|星海青年创业园)."""
    cut = start
    pos = start
    for word in words_of(view, start, s_start, known):
        before, pos = pos, pos + len(word.text)
        if before == cut and word.tag == "vn" and pos < s_start:  # 发展|国家…中心, 启动|…平台
            cut = pos
            continue
        if len(word.text) > 1 and word.text in lex.generic:
            continue
        if not is_function_word(word, SINGLE_FUNCTION_WORDS):
            continue
        if before == cut or len(word.text) == 1 and word.text not in PEER_JOINERS \
                or view.endswith(SUBJECT_ENDINGS, cut, before) and word.tag.startswith("v") \
                or word.text in PEER_JOINERS and view[cut:before].endswith(ACTOR_NOUNS):
            cut = pos
    return cut


def words_of(view: str, start: int, end: int, known: Known) -> list[Word]:
    """The words of ``view[start:end]``, a dictionary form being one noun: a proper one
    (tag ``nt``) for a known organisation or place, a common one for an industry."""
    out: list[Word] = []
    i = start
    for j in range(start + 1, end + 1):
        anchor = known.terms.get(j)
        if anchor is not None and anchor >= i:
            out.extend(segment(view[i:anchor]))
            proper = known.anchors.get(j) == anchor
            out.append(Word(view[anchor:j], "nt" if proper else "n", 0 if proper else 1))
            i = j
    out.extend(segment(view[i:end]))
    return out


@lru_cache(maxsize=16384)  # bounded: a process that reads a national corpus keeps reading
def all_generic(s: str, generic: tuple[str, ...]) -> bool:
    """True when ``s`` is made only of generic words (人工智能, 国家, 重点 …) and words that
    describe a kind: a word and an ending of ``descriptive_endings`` (行业|性, 功能|型, 一体|化;
    not 先进石|化, where the word is 石化)."""
    if not s:
        return True
    if any(s.startswith(g) and all_generic(s[len(g):], generic) for g in generic):
        return True
    return any(s[k] in DESCRIPTIVE_ENDINGS and is_word(s[:k]) and all_generic(s[k + 1:], generic)
               for k in range(1, min(4, len(s))))


def is_descriptive(view: str, start: int, end: int, known: Known,
                   generic: tuple[str, ...] = ()) -> bool:
    """True when ``view[start:end]`` is made of ordinary words only (教育, 基金管理, 领军企业,
    智慧物流信息): it describes a kind. A name holds a known organisation or place, a proper
    noun (a place, a person, a brand: the word list tags them), a word the list does not know
    (思必驰, 鼎力 are too rare for it), Latin letters or digits. ``generic`` words are ordinary
    whatever the word list tags them (智慧 is no person's name here)."""
    if start >= end:
        return True
    for word in words_of(view, start, end, known):
        if word.text in generic:
            continue
        if word.tag in PROPER_TAGS or word.tag == "x" or len(word.text) == 1 \
                or not word.text.isalpha() or word.text.isascii():
            return False
    return True

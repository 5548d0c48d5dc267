"""Entity mentions of a text: the candidates chosen, their nested names, platform hosts and
levels, and the places' parents; and the jurisdiction a plan's title or issuer names."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Any

from policykg.loaders.entities.candidates import candidates, research_unit, select, with_peers
from policykg.loaders.entities.hosts import (
    branch_owner,
    inner_names,
    known_owners,
    owner_of,
    platform_level,
    sentence_host,
)
from policykg.loaders.entities.phrases import Cand
from policykg.loaders.entities.text import join_wraps
from policykg.loaders.entities.vocab import ORG_TYPES, Lexicon, lexicon
from policykg.loaders.places import LOCAL_ENDING, enclosing
from policykg.loaders.words import common_word, segment
from policykg.schema.model import PLACE_TYPES


@dataclass(frozen=True)
class EntityMention:
    """One mention of an entity: its type, the text as written, its canonical name, and the
    rule and cue that found it (``dictionary``; ``ending`` 实验室; ``list`` 等龙头企业 …)."""

    type: str
    surface: str
    name: str
    start: int
    end: int
    kind: str | None = None
    level: str | None = None
    host: EntityMention | None = None
    parent: str | None = None
    rule: str = "dictionary"
    cue: str = ""


def _resolve_parent(c: Cand, lex: Lexicon, city_counts: Counter[str]) -> str | None:
    if c.parent or c.type not in PLACE_TYPES or not c.from_dict:
        return c.parent
    entry = lex.entries.get(c.name)
    if entry is None or not entry.ambiguous_parents:
        return None
    best = max(entry.ambiguous_parents, key=lambda p: city_counts[p])
    return best if city_counts[best] else None


def _far_district(c: Cand, lex: Lexicon, here: set[str]) -> bool:
    """True for a dictionary district outside the places of the plan whose name reads as
    ordinary words or is too short to be sure of (老城区, 站前区, 范县)."""
    if c.type != "District" or c.rule != "dictionary":
        return False
    entry = lex.entries.get(c.name)
    parents = {c.parent, *(entry.ambiguous_parents if entry else ())} - {None}
    if not parents or parents & here:
        return False
    stem = LOCAL_ENDING.sub("", c.name)
    return len(c.name) <= 2 or len(stem) < 2 or all(common_word(w.text) for w in segment(stem))


def _mention(text: str, view: str, offsets: array, c: Cand, **extra: Any) -> EntityMention:
    start, end = offsets[c.start], offsets[c.end - 1] + 1
    return EntityMention(c.type, view[c.start:c.end], c.name, start, end, rule=c.rule, cue=c.cue,
                         **extra)


def find_entities(text: str, jurisdiction: str | None = None) -> list[EntityMention]:
    """Every entity mention in ``text`` (a cleaned text, paragraphs one per line), in order.
    ``jurisdiction`` is the canonical name of the place whose plan the text is, when known:
    its districts' short forms count, a district whose name several cities share is the one
    of its city (鼓楼区 in a Nanjing plan), and a district of some other part of the country is
    taken only when its city is named too or its name is a name (not 老城区, 站前区)."""
    lex = lexicon()
    view, offsets = join_wraps(text)
    cands = candidates(view, lex, jurisdiction)
    chosen = [research_unit(view, c) for c in with_peers(view, select(cands))]
    city_counts = Counter(c.name for c in chosen if c.type in ("City", "Province"))
    if jurisdiction:  # the plan's own places tell a district's city too (鼓楼区 in a Nanjing plan)
        city_counts.update(enclosing(jurisdiction))
        here = set(city_counts)
        chosen = [c for c in chosen if not _far_district(c, lex, here)]
    starts = [c.start for c in chosen]
    owners = known_owners(view, chosen, lex)
    out: list[EntityMention] = []
    for c in chosen:
        inner = inner_names(view, lex, c, cands) if c.type in ("Platform", "Institute") else []
        out.extend(_mention(text, view, offsets, i, parent=i.parent) for i in inner)
        if c.type != "Platform":
            parent = _resolve_parent(c, lex, city_counts)
            out.append(_mention(text, view, offsets, c, parent=parent))
            continue
        hosts = [i for i in inner if i.start == c.start and i.type in (*ORG_TYPES, "District")]
        if not hosts:
            hosts = branch_owner(view, lex, c, inner) or owner_of(view, c, owners)
            out.extend(_mention(text, view, offsets, h) for h in hosts)
        host_cand = hosts[0] if hosts else sentence_host(view, c, chosen, starts)
        host = None
        if host_cand is not None:
            host = _mention(text, view, offsets, host_cand, parent=host_cand.parent)
        level = platform_level(c.name, lex, [i for i in inner if i.type in PLACE_TYPES])
        out.append(_mention(text, view, offsets, c, kind=c.kind, level=level, host=host))
    return sorted(out, key=lambda m: (m.start, -m.end))


CITATION_MARKS = str.maketrans("《》", "  ")


def jurisdiction_of(title: str, issuer: str | None = None) -> tuple[str, str] | None:
    """The (type, canonical name) of the place whose government issued a plan, read from the
    issuer or else the title: the first place named, narrowed to a district of that place named
    right after it ("广州市黄埔区…" -> District 黄埔区). Direct-administered municipalities
    (上海市, 北京市 …) are Cities without a parent."""
    for source in (issuer, title):
        if not source:
            continue
        # A title citing another (《武汉…若干政策》实施细则) names its place inside the citation.
        source = source.translate(CITATION_MARKS)
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

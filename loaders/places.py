"""The place registry: China's administrative divisions (``data/places.tsv``, derived from the
``cpca`` package's data by ``scripts/build_places.py``) and its development zones
(``data/zones.tsv``), each with its type (Province, City, District), the city or province that
contains it and its short forms.

A short form belongs to the highest level that has it (重庆 is the city, not a county of that
name); a full name shared by districts of several cities (朝阳区) keeps every candidate parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from policykg.loaders.vocabulary import data_rows
from policykg.loaders.words import common_word
from policykg.schema.model import PLACE_TYPES

RANK = {t: i for i, t in enumerate(PLACE_TYPES)}  # Province 0, City 1, District 2
LOCAL_ENDING = re.compile(r"(新区|自治县|区|县|市)$")


@dataclass(frozen=True)
class Place:
    """A place as a form names it: its type, canonical name and containing place (None when
    unknown or ambiguous; the candidates of an ambiguous one are in ``ambiguous_parents``)."""

    type: str
    name: str
    parent: str | None = None
    ambiguous_parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    forms: dict[str, Place]  # full names and short forms
    zone_stems: dict[str, str | None]  # district names without 区/县 -> their city
    children: dict[str, tuple[str, ...]]  # city or province -> the divisions it contains


def _forms(cell: str) -> list[str]:
    return [f.strip() for f in cell.split(",") if f.strip()]


@cache
def registry() -> Registry:
    """The places of ``places.tsv`` and ``zones.tsv``, read once."""
    by_name: dict[str, list[Place]] = {}
    shorts: dict[str, Place] = {}
    rows = [(r[0], r[1], r[2], r[3] if len(r) > 3 else "") for r in data_rows("places.tsv")]
    divisions = len(rows)
    rows += [(r[0], "District", r[1] if len(r) > 1 else "", r[2] if len(r) > 2 else "")
             for r in data_rows("zones.tsv")]
    for name, kind, parent, short in rows:
        place = Place(kind, name, parent.strip() or None)
        by_name.setdefault(name, []).append(place)
        for form in _forms(short):
            old = shorts.get(form)
            if old is None or RANK[kind] < RANK[old.type]:
                shorts[form] = place
    forms: dict[str, Place] = {}
    for name, candidates in by_name.items():
        parents = tuple(sorted({c.parent for c in candidates if c.parent}))
        forms[name] = Place(candidates[0].type, name, parents[0] if len(parents) == 1 else None,
                            parents if len(parents) > 1 else ())
    for form, place in shorts.items():
        forms.setdefault(form, place)
    children: dict[str, list[str]] = {}
    for name, _kind, parent, _ in rows[:divisions]:
        if parent.strip():
            children.setdefault(parent.strip(), []).append(name)
    return Registry(forms, _zone_stems(by_name), {k: tuple(v) for k, v in children.items()})


def _zone_stems(by_name: dict[str, list[Place]]) -> dict[str, str | None]:
    """District names without 区/县/市 (a county-level city), which name a zone before a zone
    ending ("闵行经济技术开发区", "金牛高新区", "溧阳高新区"), mapped to the district's city when
    it is unambiguous."""
    stems: dict[str, str | None] = {}
    for name, candidates in by_name.items():
        parents = {c.parent for c in candidates if c.type == "District"}
        if len(name) >= 3 and name[-1] in "区县市" and parents:
            stems[name[:-1]] = parents.pop() if len(parents) == 1 else None
    return stems


def leading_place(text: str) -> tuple[str, str] | None:
    """(as written, canonical name) of the known city or province ``text`` starts with, in
    full or short form (重庆银监局 -> (重庆, 重庆市)), else None."""
    forms = registry().forms
    for end in range(min(len(text), 8), 1, -1):
        place = forms.get(text[:end])
        if place is not None and place.type in ("Province", "City"):
            return text[:end], place.name
    return None


def zone_parent(name: str) -> str | None:
    """The place a zone's name opens with, which contains the zone: a city or province
    (宁波|杭州湾新区 -> 宁波市), else the city of a district named without its ending
    (南沙|自贸片区 -> 广州市)."""
    leading = leading_place(name)
    if leading is not None:
        return leading[1]
    stems = registry().zone_stems
    return next((stems[name[:k]] for k in (4, 3, 2) if name[:k] in stems), None)


def place_type(place: str) -> str | None:
    """Province, City or District for a place the registry knows, else None."""
    found = registry().forms.get(place)
    return found.type if found is not None else None


def parent_of(place: str) -> str | None:
    """The canonical name of the city or province containing ``place`` (None when unknown,
    ambiguous, or for provinces and direct-administered municipalities)."""
    found = registry().forms.get(place)
    return found.parent if found is not None else None


def enclosing(place: str) -> list[str]:
    """``place`` and the places that contain it, innermost first (德清县, 湖州市, 浙江省)."""
    chain = [place]
    while (up := parent_of(chain[-1])) is not None and up not in chain:
        chain.append(up)
    return chain


@lru_cache(maxsize=4096)  # bounded: a national corpus names tens of thousands of places
def local_short_forms(jurisdiction: str) -> dict[str, Place]:
    """Short forms of the districts and counties of the city that issued a plan (温江 for
    温江区 in a Chengdu plan, 浦东 for 浦东新区 in a Shanghai one), which name them only there:
    the name without its 新区/区/县/市 ending, two characters or more, not a form the registry
    already has, and not an ordinary word (the word list does not know it as anything but a
    place or a name)."""
    forms = registry().forms
    chain = enclosing(jurisdiction)
    city = next((p for p in chain if forms[p].type == "City"), chain[0]) \
        if jurisdiction in forms else None
    out: dict[str, Place] = {}
    for name in registry().children.get(city or "", ()):
        short = LOCAL_ENDING.sub("", name)
        if len(short) >= 2 and short != name and short not in forms and not common_word(short):
            out[short] = forms[name]
    return out


def names_a_place(text: str) -> bool:
    """True when ``text`` is a place the registry knows, in full or without its 市/县/区
    ending (德清 for 德清县), or is shaped like a division's name (郫都区)."""
    forms = registry().forms
    return text in forms or any(text + ending in forms for ending in ("市", "县", "区")) \
        or bool(LOCAL_ENDING.search(text))

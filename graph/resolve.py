"""Resolving the units named in annotations and front matter to graph nodes.

A department belongs to a jurisdiction: a 市/区/县 department (or one with no level word) to
the place whose plan names it, a 省 department to that place's province, a department whose
name begins with a place to that place, and a national body (科技部, 国家发展改革委) to the
nation: one node everywhere. Short forms expand through the department alias table, so
市科技局 and 市科学技术局 of one city are one node, and every surface form is kept as an alias.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from policykg.loaders.places import leading_place
from policykg.loaders.units import (
    canonical_department,
    classify_unit,
    level_markers,
    level_of,
    level_prefix,
    split_place,
)

NATION = "国家"


@dataclass(frozen=True)
class Jurisdiction:
    """The place whose government issued a plan, and the province above it. When the place
    is unknown, local units are scoped to the plan (``fallback``) rather than guessed."""

    name: str | None  # 西安市; None for a national plan or an unknown place
    type: str | None  # City | Province | District
    province: str | None
    fallback: str = NATION  # the scope of local units when ``name`` is None

    @property
    def scope(self) -> str:
        return self.name or self.fallback


@dataclass(frozen=True)
class UnitNode:
    id: str
    type: str
    name: str
    jurisdiction: str | None = None
    level: str | None = None


def resolve_unit(name: str, where: Jurisdiction, aliases: Mapping[str, str],
                 entity_id=None) -> UnitNode:
    """The node a unit name stands for in a plan of jurisdiction ``where``.

    ``entity_id(type, name)`` gives the ids of universities, companies and places, so that a
    unit that is one of them is the same node as its mentions."""
    kind = classify_unit(name)
    if kind == "Department":
        return _department(name, where, aliases)
    if kind == "CollectiveActor":
        return UnitNode(f"group:{where.scope}/{name}", kind, name, jurisdiction=where.scope)
    if kind == "Government":
        place, rest = split_place(name)
        full = name if place else (where.name or "") + rest.removeprefix(level_prefix(rest))
        return UnitNode(f"gov:{full}", kind, full, jurisdiction=place or where.name)
    node_id = entity_id(kind, name) if entity_id else f"{kind.lower()}:{name}"
    return UnitNode(node_id, kind, name)


def _department(name: str, where: Jurisdiction, aliases: Mapping[str, str]) -> UnitNode:
    level = level_of(name)
    canonical = canonical_department(name, aliases)
    if level == "national":
        return UnitNode(f"dept:{NATION}/{canonical}", "Department", canonical, NATION, level)
    place, rest = split_place(canonical)
    if not place and (short := leading_place(canonical)):  # 重庆银监局: a place's short name
        place, rest = short[1], canonical[len(short[0]):]
    if place:
        scope, local = place, _with_level(place, rest)
    else:
        scope = (where.province if level == "province" and where.type != "Province"
                 else where.name) or where.fallback
        local = canonical if level_prefix(canonical) else _with_level(scope, canonical)
    is_place = bool(place) or scope in (where.name, where.province)
    display = scope + local.removeprefix(level_prefix(local)) if is_place else local
    return UnitNode(f"dept:{scope}/{local}", "Department", display, scope, level)


def _with_level(place: str, rest: str) -> str:
    """The department's name relative to its place: (西安市, 科技局) -> 市科技局."""
    marker = place[-1] if place[-1] in level_markers() else ""
    return rest if level_prefix(rest) else marker + rest

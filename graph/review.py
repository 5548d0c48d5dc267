"""Entities for review: each named entity with its aliases, the plans that name it and what
found it (the recogniser's rule and cue: "list 等龙头企业", "ending 实验室"), so a researcher
can check the recogniser and correct it with a user alias file."""

from __future__ import annotations

from typing import Any

from policykg.graph.kg import KnowledgeGraph
from policykg.loaders.documents import title_key
from policykg.schema.model import ENTITY_TYPES


def find_plan(kg: KnowledgeGraph, plan: str) -> str:
    """The id of the plan called ``plan`` (its id, title, or title written with other spaces,
    brackets or dashes); KeyError if none."""
    if plan in kg and kg.node(plan)["type"] == "Plan":
        return plan
    key = title_key(plan)
    for node in kg.nodes("Plan"):
        if title_key(node["name"]) == key:
            return node["id"]
    raise KeyError(f"no plan titled {plan!r}")


def entity_rows(kg: KnowledgeGraph, types: tuple[str, ...] = (),
                plan: str | None = None) -> list[dict[str, Any]]:
    """One row per entity (of ``types``, default every entity type; named in ``plan`` when
    given): id, type, name, aliases, the titles of the plans naming it and what found it
    (``found_by``: each rule with its cue, as "list 等龙头企业"), sorted by type and name."""
    wanted = set(types or ENTITY_TYPES)
    plan_id = find_plan(kg, plan) if plan else None
    plans: dict[str, set[str]] = {}
    found_by: dict[str, set[str]] = {}
    for edge in kg.edges("MENTIONS"):
        plans.setdefault(edge["target"], set()).add(edge["plan"])
        how = " ".join(filter(None, (edge.get("rule"), edge.get("cue"))))
        if how:
            found_by.setdefault(edge["target"], set()).add(how)
    rows = []
    for node in kg.nodes():
        named_in = plans.get(node["id"], set())
        if node["type"] not in wanted or (plan_id and plan_id not in named_in):
            continue
        rows.append({"id": node["id"], "type": node["type"], "name": node["name"],
                     "aliases": [a for a in node["aliases"] if a != node["name"]],
                     "plans": sorted(kg.node(p)["name"] for p in named_in),
                     "found_by": sorted(found_by.get(node["id"], ()))})
    return sorted(rows, key=lambda r: (r["type"], r["name"]))

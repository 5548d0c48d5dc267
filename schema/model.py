"""Node and edge types of the policy knowledge graph, with the properties each carries.

A node is a dict with at least ``id``, ``type``, ``name`` and ``aliases``; an edge is a dict
with ``source``, ``target``, ``type`` and, for statements read from a document, provenance:
``file`` (the source file name), ``start``/``end`` (character offsets into that file's decoded
text) and ``quote`` (the text at that span).

Two nodes are joined by at most one edge of a type, except for the types whose ``key`` names
properties: their edges are told apart by those (a plan reuses another plan's passages one
edge per pair of passages), and :func:`edge_key` is what identifies an edge everywhere (the
graph's multigraph key, the RDF statement's IRI, a Neo4j relationship's ``kg_key``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NodeType:
    name: str
    description: str
    properties: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class EdgeType:
    name: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...] = field(default=())
    key: tuple[str, ...] = field(default=())  # properties that tell apart edges of a pair


PROVENANCE = ("file", "start", "end", "quote")
# A reuse link: the source plan's passage as provenance, in its task (id) and section (headings
# joined by " > "); the target plan's passage likewise, as target_*.
PASSAGE = (*PROVENANCE, "task", "section")
REUSE = ("score", "similarity", "plans_sharing", *PASSAGE, *(f"target_{p}" for p in PASSAGE))
REUSE_KEY = ("file", "start", "end", "target_file", "target_start", "target_end")

PLACE_TYPES = ("Province", "City", "District")
UNIT_TYPES = ("Department", "Government", "CollectiveActor", "Company", "University",
              "Institute", *PLACE_TYPES)
ENTITY_TYPES = ("University", "Institute", "Company", "Platform", "Industry", *PLACE_TYPES)
# What found an entity's name (a MENTIONS edge's ``rule``): a dictionary, a name ending, the
# list it is an item of, its shape, its owner's name, a known organisation's branch, the plan's
# jurisdiction, or the context that makes a technology an industry.
MENTION_RULES = ("dictionary", "ending", "list", "shape", "owner", "branch", "jurisdiction",
                 "context")

NODE_TYPES: dict[str, NodeType] = {t.name: t for t in (
    NodeType("Plan", "A policy plan (行动方案, 实施意见, 若干政策 …), one node however many "
             "sources contain it.",
             ("sources", "jurisdiction", "issuer", "doc_number", "date", "period", "chars")),
    NodeType("Task", "An item of a plan that carries a responsibility annotation.",
             ("plan", "number", "title", "text", "section", "file", "start", "end")),
    NodeType("Department", "A government department scoped to its jurisdiction "
             "(市科技局 of Xi'an is not 市科技局 of Chengdu); national bodies are one node.",
             ("jurisdiction", "level")),
    NodeType("Government", "The people's government or management committee of one place "
             "(闵行区政府, 成都高新区管委会).", ("jurisdiction", "level")),
    NodeType("CollectiveActor", "A group of governments or bodies named as one assignee "
             "(相关区县政府, 各开发区管委会).", ("jurisdiction",)),
    NodeType("University", "An institution of higher education."),
    NodeType("Institute", "A research institute or academy that is an organisation."),
    NodeType("Company", "An enterprise named by name (华为, 成都银行)."),
    NodeType("Platform", "A lab, engineering or innovation centre, open platform, new-type R&D "
             "institute, computing centre, base or park.", ("kind", "level")),
    NodeType("Industry", "A named industry or application field (智能制造, 无人机)."),
    NodeType("Province", "A province, autonomous region or municipality."),
    NodeType("City", "A city."),
    NodeType("District", "A district, county, new area, development or high-tech zone."),
)}

EDGE_TYPES: dict[str, EdgeType] = {t.name: t for t in (
    EdgeType("HAS_TASK", "The plan contains the task.", ("Plan",), ("Task",)),
    EdgeType("LEADS", "The unit owns the task (牵头单位, or 责任单位 when no lead is named).",
             UNIT_TYPES, ("Task",), ("label", "rank", "surface", "plan", *PROVENANCE)),
    EdgeType("SUPPORTS", "The unit supports the task (配合单位, 协同单位, or 责任单位 "
             "beside a lead).",
             UNIT_TYPES, ("Task",), ("label", "rank", "surface", "plan", *PROVENANCE)),
    EdgeType("ISSUED_BY", "The plan was issued by the unit.", ("Plan",), UNIT_TYPES,
             ("rank", *PROVENANCE)),
    EdgeType("JURISDICTION", "The place whose government issued the plan.", ("Plan",),
             PLACE_TYPES),
    EdgeType("PART_OF", "A department belongs to its jurisdiction; a district to its city; a "
             "city to its province.", (*UNIT_TYPES,), PLACE_TYPES),
    EdgeType("MENTIONS", "The task (or, outside any task, the plan) names the entity; ``rule``"
             " says what found the name (one of MENTION_RULES) and ``cue`` the word that cued "
             "it (等龙头企业, 实验室 …).",
             ("Plan", "Task"), ENTITY_TYPES, ("plan", "rule", "cue", *PROVENANCE)),
    EdgeType("HOSTS", "The university, institute, company or place hosts the platform.",
             ("University", "Institute", "Company", *PLACE_TYPES), ("Platform",),
             ("plan", *PROVENANCE)),
    EdgeType("REUSES", "A passage of the later plan is alike to a passage of the earlier one "
             "(word for word or reworded): one edge per pair of passages, with both passages' "
             "spans, quotes, tasks and sections; ``similarity`` is their edit-distance ratio, "
             "``plans_sharing`` how many plans hold a passage like them, and ``score`` the "
             "similarity weighed down by that number (graph/reuse).",
             ("Plan",), ("Plan",), REUSE, REUSE_KEY),
    EdgeType("SIMILAR_TO", "As REUSES, between plans not both dated, or dated alike: which "
             "one is the earlier is not known.", ("Plan",), ("Plan",), REUSE, REUSE_KEY),
)}


def edge_key(type: str, properties: Mapping[str, Any]) -> str:
    """What tells an edge of ``type`` with ``properties`` apart from the other edges joining
    the same two nodes: the type, and the values of the type's ``key`` properties."""
    edge_type = EDGE_TYPES.get(type)
    if edge_type is None or not edge_type.key:
        return type
    return " ".join((type, *(str(properties.get(name)) for name in edge_type.key)))

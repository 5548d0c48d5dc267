"""Reuse links as edges of the graph: one REUSES (later plan → earlier plan) or SIMILAR_TO edge
per pair of passages the engine links, between the two Plan nodes.

An edge carries the score, the similarity and the plans sharing the passage, and both
passages: the source plan's as the edge's provenance (``file``, ``start``, ``end``,
``quote``), with the task holding it (``task``, a task id) or the section it stands in
(``section``, its headings joined by " > "), and the target plan's likewise as ``target_*``.
Edges are told apart by the spans of their two passages (:data:`policykg.schema.model.REUSE`),
so a rebuild that changes one file changes only the edges of that file's passages (and the
scores of passages many plans share, which depend on the number of plans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from policykg.graph.kg import KnowledgeGraph
from policykg.graph.reuse.engine import THRESHOLD, PlanText, ReuseLink, find_reuse
from policykg.loaders.extract import PassageRead, Span

SECTION_JOIN = " > "


@dataclass(frozen=True)
class PlanPassages:
    """A plan of the graph and what reuse needs of it: its passages and date (``text``), and
    the ids of its tasks, in the order the passages' ``task`` indices count them."""

    text: PlanText
    task_ids: Sequence[str]


def add_reuse(kg: KnowledgeGraph, plans: Sequence[PlanPassages],
              threshold: float = THRESHOLD) -> list[ReuseLink]:
    """Add an edge to ``kg`` for each reuse link between ``plans`` whose score reaches
    ``threshold``; return the links."""
    tasks = {plan.text.plan: plan.task_ids for plan in plans}
    links = find_reuse([plan.text for plan in plans], threshold)
    for link in links:
        kg.add_edge(link.source, link.target, link.type, score=link.score,
                    similarity=link.similarity, plans_sharing=link.plans_sharing,
                    **_passage(link.source_passage, link.source_at, tasks[link.source]),
                    **{f"target_{name}": value for name, value in
                       _passage(link.target_passage, link.target_at,
                                tasks[link.target]).items()})
    return links


def _passage(span: Span, passage: PassageRead, task_ids: Sequence[str]) -> dict[str, Any]:
    """A passage's properties: provenance, task id (None outside a task) and section."""
    task = task_ids[passage.task] if passage.task is not None else None
    return {**span.provenance(), "task": task,
            "section": SECTION_JOIN.join(passage.section) or None}

"""Scoring a build against hand-made gold annotations (format: ``shared/gold/FORMAT.md``).

For each gold document the plan is found by its title; each gold task by its key (a verbatim
substring of exactly one task's text). Reported: task recall; unit precision, recall and F1
over (task, unit) pairs; role accuracy over the units found; and, per entity kind, the
entities of the plan matched against the gold lists (recall, precision) and the gold
platform-host pairs found.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykg.graph.kg import KnowledgeGraph
from policykg.loaders.documents import title_key
from policykg.schema.model import PLACE_TYPES

ROLE_OF_EDGE = {"LEADS": "lead", "SUPPORTS": "support"}
ENTITY_KINDS = {
    "universities": ("University",),
    "institutes": ("Institute",),
    "companies": ("Company",),
    "platforms": ("Platform",),
    "industries": ("Industry",),
    "places": PLACE_TYPES,
}


@dataclass
class Score:
    """Counts behind every figure, so that scores of several files add up."""

    counts: Counter = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)  # gold items the build did not find
    wrong: list[str] = field(default_factory=list)  # entities found that the gold does not list

    def add(self, other: Score) -> None:
        self.counts.update(other.counts)
        self.missing.extend(other.missing)
        self.wrong.extend(other.wrong)

    def ratio(self, hit: str, total: str) -> float | None:
        return self.counts[hit] / self.counts[total] if self.counts[total] else None

    def figures(self) -> dict[str, float | None]:
        c = self.counts
        precision = self.ratio("units_matched", "units_predicted")
        recall = self.ratio("units_matched", "units_gold")
        f1 = (2 * precision * recall / (precision + recall)
              if precision and recall else (0.0 if c["units_gold"] else None))
        out = {
            "plans_found": self.ratio("plans_found", "plans"),
            "task_recall": self.ratio("tasks_found", "tasks"),
            "unit_precision": precision,
            "unit_recall": recall,
            "unit_f1": f1,
            "role_accuracy": self.ratio("roles_right", "units_matched"),
        }
        for kind in ENTITY_KINDS:
            out[f"{kind}_recall"] = self.ratio(f"{kind}_found", f"{kind}_gold")
            out[f"{kind}_precision"] = self.ratio(f"{kind}_right", f"{kind}_predicted")
        out["hosts_found"] = self.ratio("hosts_found", "hosts_gold")
        return out


def evaluate(kg: KnowledgeGraph, gold_paths: list[str | Path],
             by_plan: bool = False) -> dict[str, Score]:
    """Scores per gold file (per gold document, keyed by its title, with ``by_plan``), plus
    their sum under the key ``"all"``."""
    scores: dict[str, Score] = {}
    total = Score()
    plans = {title_key(p["name"]): p["id"] for p in kg.nodes("Plan")}
    for path in gold_paths:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        score = Score()
        for document in gold["documents"]:
            one = _score_document(kg, plans, document)
            if by_plan:
                scores[document["title"]] = one
            score.add(one)
        if not by_plan:
            scores[str(path)] = score
        total.add(score)
    scores["all"] = total
    return scores


def _score_document(kg: KnowledgeGraph, plans: dict[str, str], gold: dict[str, Any]) -> Score:
    score = Score()
    score.counts["plans"] += 1
    titles = [gold["title"], *gold.get("title_alts", [])]
    plan = next((plans[title_key(t)] for t in titles if title_key(t) in plans), None)
    units = sum(len(t["lead"]) + len(t["support"]) for t in gold["tasks"])
    score.counts.update(tasks=len(gold["tasks"]), units_gold=units)
    if plan is None:
        score.missing.append(f"plan {gold['title']}")
        return score
    score.counts["plans_found"] += 1
    tasks = list(kg.neighbours(plan, "HAS_TASK"))
    matched_tasks = set()
    for gold_task in gold["tasks"]:
        task = next((t for t in tasks if gold_task["key"] in t["text"]), None)
        if task is None:
            score.missing.append(f"task {gold_task['key']}")
            continue
        matched_tasks.add(task["id"])
        score.counts["tasks_found"] += 1
        _score_units(kg, task["id"], gold_task, score)
    for task in tasks:
        if task["id"] not in matched_tasks and gold["tasks"]:
            score.counts["units_predicted"] += len(_units_of(kg, task["id"]))
    _score_entities(kg, plan, tasks, gold, score)
    return score


def _units_of(kg: KnowledgeGraph, task: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(edge, unit node) for each LEADS/SUPPORTS edge into ``task``."""
    return [(d, kg.node(s)) for s, _, d in kg.graph.in_edges(task, data=True)
            if d["type"] in ROLE_OF_EDGE]


def _names(edge: dict[str, Any], unit: dict[str, Any]) -> set[str]:
    return {edge.get("surface", ""), unit["name"], *unit.get("aliases", [])}


def _score_units(kg: KnowledgeGraph, task: str, gold_task: dict[str, Any], score: Score) -> None:
    predicted = _units_of(kg, task)
    score.counts["units_predicted"] += len(predicted)
    gold_units = [("lead", alts) for alts in gold_task["lead"]]
    gold_units += [("support", alts) for alts in gold_task["support"]]
    unused = list(predicted)
    for role, alternatives in gold_units:
        hit = next((p for p in unused if _names(*p) & set(alternatives)), None)
        if hit is None:
            score.missing.append(f"unit {alternatives[0]} of {gold_task['key']}")
            continue
        unused.remove(hit)
        score.counts["units_matched"] += 1
        score.counts["roles_right"] += ROLE_OF_EDGE[hit[0]["type"]] == role


def _score_entities(kg: KnowledgeGraph, plan: str, tasks: list[dict[str, Any]],
                    gold: dict[str, Any], score: Score) -> None:
    sources = {plan, *(t["id"] for t in tasks)}
    named = {e["target"] for e in kg.edges("MENTIONS") if e["source"] in sources}
    named |= {unit["id"] for t in tasks for _, unit in _units_of(kg, t["id"])}
    for kind, types in ENTITY_KINDS.items():
        predicted = [kg.node(n) for n in named if kg.node(n)["type"] in types]
        items = gold.get(kind, [])
        alternatives = [set(i["name"] if isinstance(i, dict) else i) for i in items]
        score.counts[f"{kind}_gold"] += len(items)
        score.counts[f"{kind}_predicted"] += len(predicted)
        for alts in alternatives:
            if any(alts & {p["name"], *p["aliases"]} for p in predicted):
                score.counts[f"{kind}_found"] += 1
            else:
                score.missing.append(f"{kind}: {sorted(alts)[0]}")
        for p in predicted:
            if any(alts & {p["name"], *p["aliases"]} for alts in alternatives):
                score.counts[f"{kind}_right"] += 1
            else:
                score.wrong.append(f"{kind}: {p['name']}")
    for platform in gold.get("platforms", []):
        if platform.get("host"):
            score.counts["hosts_gold"] += 1
            if _host_found(kg, platform):
                score.counts["hosts_found"] += 1
            else:
                score.missing.append(f"host: {platform['name'][0]} <- {platform['host'][0]}")


def _host_found(kg: KnowledgeGraph, platform: dict[str, Any]) -> bool:
    names, hosts = set(platform["name"]), set(platform["host"])
    for edge in kg.edges("HOSTS"):
        p, h = kg.node(edge["target"]), kg.node(edge["source"])
        if names & {p["name"], *p["aliases"]} and hosts & {h["name"], *h["aliases"]}:
            return True
    return False

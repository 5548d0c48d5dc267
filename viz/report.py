"""The report: one self-contained HTML page of charts about a build or a selection of it.

Six charts, each a Vega-Lite specification rendered to SVG by vl-convert (``vl_convert``, the
``report`` extra: Vega and Vega-Lite run inside it, so the page holds only SVG and loads
nothing, not even a script):

1. the plans on a timeline by date and place (a plan's period, else the year it is dated);
2. the tasks of each plan;
3. the units that lead most tasks in each jurisdiction;
4. departments × plans: how many tasks of each plan each department leads and supports;
5. plans × plans: the passages each plan reuses from, or shares with, another
   (:func:`policykg.viz.stats.reuse_matrix`);
6. the universities, companies and platforms each plan names.

Every label from a document reaches the page as SVG text, which vl-convert writes escaped, or
through :func:`html.escape`; the page has no script, and its content security policy allows
none, so nothing in a document can run.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.graph.atomic import atomic_write
from policykg.graph.kg import KnowledgeGraph
from policykg.loaders.documents import reference_date
from policykg.schema.model import UNIT_TYPES
from policykg.viz.stats import reuse_matrix, unique_labels

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"  # the spec's version, not fetched
FONT = "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, sans-serif"
LEADING_UNITS = 3  # per jurisdiction
TOP_DEPARTMENTS = 30  # rows of the department × plan heat map
LABEL_LIMIT = 320  # pixels of an axis label before it is cut with "…"
ENTITY_KINDS = ("University", "Company", "Platform")
RESPONSIBILITY = ("LEADS", "SUPPORTS")


class ReportError(RuntimeError):
    """The report could not be drawn (its renderer is missing or failed)."""


@dataclass(frozen=True)
class Chart:
    """One section of the report: its anchor, heading, a sentence on how to read it, and its
    specification (None: nothing to draw in this selection)."""

    id: str
    title: str
    note: str
    spec: dict[str, Any] | None


def report_html(kg: KnowledgeGraph, title: str = "policykg report") -> str:
    """The report page for ``kg`` (a build, or a selection of one)."""
    charts = [chart(kg) for chart in CHARTS]
    render = _renderer()
    sections = []
    for part in charts:
        figure = (f'<figure class="chart">{_svg(render, part)}</figure>' if part.spec else
                  '<p class="empty">Nothing to draw in this selection.</p>')
        sections.append(f'<section id="{part.id}"><h2>{html.escape(part.title)}</h2>'
                        f'<p>{html.escape(part.note)}</p>{figure}</section>')
    counts = kg.counts()
    summary = (f"{counts['nodes']['Plan']} plans, {counts['nodes']['Task']} tasks, "
               f"{sum(counts['nodes'][t] for t in UNIT_TYPES)} units and places, "
               f"{counts['edges']['REUSES'] + counts['edges']['SIMILAR_TO']} reuse links")
    undated = [n["name"] for n in kg.nodes("Plan") if _years(n) is None]
    listing = ("<section id=\"undated\"><h2>Plans without a date or period</h2><ul>"
               + "".join(f"<li>{html.escape(name)}</li>" for name in sorted(undated))
               + "</ul></section>") if undated else ""
    return PAGE.format(title=html.escape(title), summary=html.escape(summary),
                       toc="".join(f'<li><a href="#{c.id}">{html.escape(c.title)}</a></li>'
                                   for c in charts),
                       sections="".join(sections) + listing)


def write_report(kg: KnowledgeGraph, path: str | Path, title: str = "policykg report") -> None:
    """Write the report of ``kg`` to ``path`` (atomically)."""
    page = report_html(kg, title)
    with atomic_write(path) as handle:
        handle.write(page)


def _renderer() -> Callable[[dict[str, Any]], str]:
    try:
        import vl_convert
    except ImportError as error:
        raise ReportError("the report needs vl-convert-python: pip install "
                          "'policykg[report]'") from error
    return vl_convert.vegalite_to_svg


def _svg(render: Callable[[dict[str, Any]], str], part: Chart) -> str:
    try:
        svg = render({"$schema": VEGA_LITE, "config": CONFIG, **(part.spec or {})})
    except Exception as error:  # vl-convert raises ValueError and its own errors
        raise ReportError(f"chart {part.id!r} could not be drawn: {error}") from error
    return svg[svg.index("<svg"):]  # without an XML declaration, if any


COUNT = {"format": "d", "tickMinStep": 1}  # an axis of counts: whole numbers
CONFIG: dict[str, Any] = {
    "font": FONT,
    "axis": {"labelLimit": LABEL_LIMIT, "labelFontSize": 11, "titleFontSize": 12},
    "legend": {"labelLimit": LABEL_LIMIT},
    "view": {"stroke": None},
}


# -- the charts -------------------------------------------------------------------------------
def _years(plan: dict[str, Any]) -> tuple[int, int] | None:
    """The years a plan covers: its period, else the year of its date; None when neither."""
    period = plan.get("period")
    if period:
        first, _, last = period.partition("-")
        if first.isdigit() and last.isdigit():
            return int(first), int(last)
    date = reference_date(plan.get("date"), None)
    return (int(date[:4]), int(date[:4])) if date and date[:4].isdigit() else None


def _plan_labels(kg: KnowledgeGraph) -> dict[str, str]:
    plans = [n["id"] for n in kg.nodes("Plan")]
    return unique_labels(kg, plans)


def timeline(kg: KnowledgeGraph) -> Chart:
    labels = _plan_labels(kg)
    rows = []
    for plan in kg.nodes("Plan"):
        years = _years(plan)
        if years is None:
            continue
        first, last = years
        rows.append({"plan": labels[plan["id"]], "place": plan.get("jurisdiction") or "—",
                     "from": first, "to": last + 1,
                     "period": f"{first}–{last}" if last > first else str(first)})
    rows.sort(key=lambda r: (r["place"], r["from"], r["plan"]))
    spec = None if not rows else {
        "data": {"values": rows},
        "width": 520, "height": {"step": 18},
        "layer": [
            {"mark": {"type": "bar", "cornerRadius": 2, "height": {"band": 0.7}},
             "encoding": {"color": {"field": "place", "type": "nominal",
                                    "scale": {"scheme": "tableau20"}, "title": "place"}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10},
             "encoding": {"x": {"field": "to", "type": "quantitative"},
                          "text": {"field": "period"}}},
        ],
        "encoding": {
            "y": {"field": "plan", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "from", "type": "quantitative", "title": "year",
                  "scale": {"zero": False, "nice": False, "padding": 48},
                  "axis": {"format": "d", "tickMinStep": 1}},
            "x2": {"field": "to"},
        },
    }
    return Chart("timeline", "Plans by date and place",
                 "Each plan over the years its title names (2020–2022), or in the year it is "
                 "dated; coloured by the place that issued it.", spec)


def tasks_per_plan(kg: KnowledgeGraph) -> Chart:
    labels = _plan_labels(kg)
    tasks = Counter(s for s, _, d in kg.graph.edges(data=True) if d["type"] == "HAS_TASK")
    rows = [{"plan": labels[p["id"]], "tasks": tasks[p["id"]]} for p in kg.nodes("Plan")]
    spec = None if not rows else {
        "data": {"values": rows},
        "mark": {"type": "bar", "color": "#7f7f7f"},
        "width": 420, "height": {"step": 16},
        "encoding": {
            "y": {"field": "plan", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "tasks", "type": "quantitative", "title": "tasks", "axis": COUNT},
        },
    }
    return Chart("tasks", "Tasks per plan",
                 "The items of each plan that carry a responsibility annotation.", spec)


def leading_units(kg: KnowledgeGraph, per_place: int = LEADING_UNITS) -> Chart:
    plan_of = {n["id"]: n["plan"] for n in kg.nodes("Task") if n.get("plan") in kg}
    leads: Counter[tuple[str, str]] = Counter()  # (place of the plan, unit) -> tasks led
    for unit, task, data in kg.graph.edges(data=True):
        if data["type"] == "LEADS" and task in plan_of:
            leads[kg.graph.nodes[plan_of[task]].get("jurisdiction") or "—", unit] += 1
    by_place: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (place, unit), n in leads.items():
        by_place[place].append((-n, kg.graph.nodes[unit]["name"]))
    rows = [{"unit": name, "place": place, "leads": -n}
            for place in sorted(by_place) for n, name in sorted(by_place[place])[:per_place]]
    spec = None if not rows else {
        "data": {"values": rows},
        "facet": {"row": {"field": "place", "type": "nominal", "title": None,
                          "header": {"labelAngle": 0, "labelAlign": "left",
                                     "labelFontWeight": "bold"}}},
        "spacing": 4,
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 420, "height": {"step": 16},
            "mark": {"type": "bar", "color": "#c0392b"},
            "encoding": {
                "y": {"field": "unit", "type": "nominal", "sort": "-x", "title": None},
                "x": {"field": "leads", "type": "quantitative", "title": "tasks led",
                      "axis": COUNT},
            },
        },
    }
    return Chart("leading-units", "Units that lead most, per jurisdiction",
                 f"In the plans of each place, the {per_place} units that lead the most tasks "
                 "(牵头单位, or 责任单位 where no lead is named).", spec)


def department_plans(kg: KnowledgeGraph, top: int = TOP_DEPARTMENTS) -> Chart:
    counts: Counter[tuple[str, str, str]] = Counter()
    plan_of = {n["id"]: n.get("plan") for n in kg.nodes("Task")}
    for unit, task, data in kg.graph.edges(data=True):
        if data["type"] in RESPONSIBILITY and kg.graph.nodes[unit]["type"] == "Department" \
                and plan_of.get(task) in kg:
            counts[unit, plan_of[task] or "", data["type"]] += 1
    totals: Counter[str] = Counter()
    for (unit, _, _), n in counts.items():
        totals[unit] += n
    chosen = [u for u, _ in sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:top]]
    names = unique_labels(kg, chosen)
    plans = _plan_labels(kg)
    rows = [{"department": names[unit], "plan": plans[plan], "role": role.lower(), "tasks": n}
            for (unit, plan, role), n in sorted(counts.items()) if unit in names]
    spec = None if not rows else {
        "data": {"values": rows},
        "mark": "rect",
        "facet": {"column": {"field": "role", "type": "nominal", "title": None,
                             "sort": ["leads", "supports"]}},
        "spec": {
            "width": {"step": 14}, "height": {"step": 14},
            "mark": "rect",
            "encoding": {
                "y": {"field": "department", "type": "nominal", "title": None,
                      "sort": list(names.values())},
                "x": {"field": "plan", "type": "nominal", "title": None,
                      "axis": {"labelAngle": -90, "labelLimit": 220}},
                "color": {"field": "tasks", "type": "quantitative",
                          "scale": {"scheme": "blues"}, "title": "tasks"},
            },
        },
    }
    if spec:
        del spec["mark"]
    return Chart("departments", "Departments × plans",
                 f"How many tasks of each plan the {top} departments with the most "
                 "responsibilities lead and support.", spec)


def plan_reuse(kg: KnowledgeGraph) -> Chart:
    matrix = reuse_matrix(kg)
    rows = [{"plan": matrix.labels[a], "other": matrix.labels[b], "passages": n}
            for a in matrix.plans for b, n in sorted(matrix.counts.get(a, {}).items())]
    order = [matrix.labels[p] for p in matrix.plans]
    spec = None if not rows else {
        "data": {"values": rows},
        "width": {"step": 14}, "height": {"step": 14},
        "mark": "rect",
        "encoding": {
            "y": {"field": "plan", "type": "nominal", "sort": order, "title": "plan"},
            "x": {"field": "other", "type": "nominal", "sort": order,
                  "title": "the plan it reuses or resembles",
                  "axis": {"labelAngle": -90, "labelLimit": 220}},
            "color": {"field": "passages", "type": "quantitative",
                      "scale": {"scheme": "oranges", "type": "sqrt"},
                      "title": "passages"},
        },
    }
    return Chart("reuse", "Plans × plans: shared passages",
                 "Pairs of passages by which the plan of a row reuses the plan of a column "
                 "(the row is the later plan) or is alike to it (not both dated, or dated "
                 "alike: counted both ways).", spec)


def entities_per_plan(kg: KnowledgeGraph) -> Chart:
    labels = _plan_labels(kg)
    plan_of = {n["id"]: n.get("plan") for n in kg.nodes("Task")}
    named: dict[str, set[str]] = defaultdict(set)
    for origin, entity, data in kg.graph.edges(data=True):
        if data["type"] == "MENTIONS" and kg.graph.nodes[entity]["type"] in ENTITY_KINDS:
            plan = origin if origin in labels else plan_of.get(origin)
            if plan in labels:
                named[plan].add(entity)
    rows = [{"plan": labels[plan], "kind": kind, "entities": n}
            for plan, entities in sorted(named.items())
            for kind, n in sorted(Counter(kg.graph.nodes[e]["type"]
                                          for e in entities).items())]
    spec = None if not rows else {
        "data": {"values": rows},
        "mark": "bar",
        "width": 420, "height": {"step": 16},
        "encoding": {
            "y": {"field": "plan", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "entities", "type": "quantitative", "aggregate": "sum",
                  "title": "entities named", "axis": COUNT},
            "color": {"field": "kind", "type": "nominal", "sort": list(ENTITY_KINDS),
                      "scale": {"domain": list(ENTITY_KINDS),
                                "range": ["#2ca02c", "#ff7f0e", "#9467bd"]},
                      "title": None},
        },
    }
    return Chart("entities", "Universities, companies and platforms per plan",
                 "The distinct universities, companies and platforms each plan (or one of its "
                 "tasks) names.", spec)


CHARTS: tuple[Callable[[KnowledgeGraph], Chart], ...] = (
    timeline, tasks_per_plan, leading_units, department_plans, plan_reuse, entities_per_plan)


def rows_of(chart: Chart) -> Iterable[dict[str, Any]]:
    """The data a chart draws (for tests and callers who want the numbers)."""
    return chart.spec["data"]["values"] if chart.spec else []


PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ margin: 0 auto; max-width: 1200px; padding: 16px 24px;
  font: 14px/1.5 "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 17px; margin: 28px 0 4px; border-bottom: 1px solid #ddd; }}
nav ul {{ display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; list-style: none; }}
figure.chart {{ margin: 8px 0; overflow-x: auto; }}
figure.chart svg {{ max-width: none; }}
.summary, .empty {{ color: #555; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="summary">{summary}</p>
<nav><ul>{toc}</ul></nav>
{sections}
</body>
</html>
"""

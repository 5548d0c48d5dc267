"""Benchmark of the explorer against pyvis's defaults on the same synthetic graphs.

For 500, 5,000 and 20,000 nodes: time to generate the page, its size, and the time from
navigation until the network is usable in headless Chromium (``window.policykgReadyAt``);
for pyvis's defaults (``Network()``, ``add_node``/``add_edge``, ``write_html``): generation
time (in a subprocess, cut off after ``PYVIS_TIMEOUT`` seconds), size, and whether its page
draws offline. Goals at 5,000 nodes: ≤ 3 MB, usable in ≤ 3 s, ≥ 10× faster to generate.

    .venv/bin/python benchmarks/viz.py [SIZES ...]
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)

from policykg.graph.kg import KnowledgeGraph
from policykg.viz.html import write_explorer

from testkit.browser import chromium, open_explorer

SIZES = (500, 5_000, 20_000)
PYVIS_TIMEOUT = 90
ENTITY_TYPES = ("University", "Company", "Platform", "Industry")


def synthetic_kg(n: int, seed: int = 0) -> KnowledgeGraph:
    """About ``n`` nodes in the build's shape: plans of cities, tasks led and supported by the
    city's departments (1–4 units each, one quote per task), and entities the tasks mention."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    n_plans = max(2, n // 150)
    cities = [f"城市{i}市" for i in range(max(1, n_plans // 2))]
    departments: dict[str, list[str]] = {c: [] for c in cities}
    for city in cities:
        kg.add_node("place:" + city, "City", city)
    for i in range(int(n * 0.15)):
        city = cities[i % len(cities)]
        dept = kg.add_node(f"dept:{city}/部门{i}局", "Department", f"{city}部门{i}局",
                           [f"部门{i}局"], jurisdiction=city)
        kg.add_edge(dept, "place:" + city, "PART_OF")
        departments[city].append(dept)
    entities = [kg.add_node(f"{t.lower()}:实体{i}", t, f"实体名称{i}号")
                for i in range(int(n * 0.17)) for t in (ENTITY_TYPES[i % 4],)]
    hosts = [e for e in entities if e.startswith(("university:", "company:"))]
    for platform in (e for e in entities if e.startswith("platform:")):
        kg.add_edge(rng.choice(hosts), platform, "HOSTS", quote="依托建设平台")
    plans = []
    for p in range(n_plans):
        city = cities[p % len(cities)]
        plans.append(kg.add_node(f"plan:{city}行动方案{p}", "Plan", f"{city}行动方案{p}",
                                 jurisdiction=city))
        kg.add_edge(plans[-1], "place:" + city, "JURISDICTION")
    for t in range(n - len(kg)):
        _add_task(kg, rng, plans[t % n_plans], t, departments, entities)
    return kg


def _add_task(kg: KnowledgeGraph, rng: random.Random, plan: str, t: int,
              departments: dict[str, list[str]], entities: list[str]) -> None:
    task = kg.add_node(f"{plan}#{t}", "Task", f"推进第{t}项人工智能重点任务建设", plan=plan)
    kg.add_edge(plan, task, "HAS_TASK")
    pool = departments[kg.node(plan)["jurisdiction"]]
    units = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
    quote = "（牵头单位：" + units[0] + "；配合单位：" + "、".join(units[1:]) + "）"
    for rank, unit in enumerate(units):
        kg.add_edge(unit, task, "SUPPORTS" if rank else "LEADS", label="牵头单位", rank=1,
                    plan=plan, file="f.txt", start=1, end=2, quote=quote)
    for entity in rng.sample(entities, 2):
        kg.add_edge(task, entity, "MENTIONS", plan=plan, quote="支持" + entity)


PYVIS_SCRIPT = """
import sys, time
from benchmarks_viz import synthetic_kg
from pyvis.network import Network
kg = synthetic_kg(int(sys.argv[1]))
start = time.perf_counter()
net = Network()
for node in kg.nodes():
    net.add_node(node["id"], label=node["name"], title=node["name"])
for edge in kg.edges():
    net.add_edge(edge["source"], edge["target"], title=edge.get("quote", ""))
net.write_html(sys.argv[2])
print(time.perf_counter() - start)
"""


def pyvis_default(n: int, folder: Path) -> tuple[float | None, int | None]:
    """Seconds pyvis's defaults take to write the page (None past the timeout), and its size."""
    (folder / "benchmarks_viz.py").write_text(Path(__file__).read_text(encoding="utf-8"))
    page = folder / f"pyvis-{n}.html"
    try:
        done = subprocess.run([sys.executable, "-c", PYVIS_SCRIPT, str(n), page.name],
                              cwd=folder, capture_output=True, text=True, check=True,
                              timeout=PYVIS_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, None
    return float(done.stdout.split()[-1]), page.stat().st_size


def pyvis_draws_offline(driver, page: Path) -> bool:
    driver.get(page.resolve().as_uri())
    time.sleep(2)
    return driver.execute_script("return typeof vis !== 'undefined' && !!window.network")


def main(sizes: tuple[int, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp, chromium() as driver:
        folder = Path(tmp)
        for n in sizes:
            kg = synthetic_kg(n)
            page = folder / f"policykg-{n}.html"
            start = time.perf_counter()
            write_explorer(kg, page)
            generate = time.perf_counter() - start
            open_explorer(driver, page, timeout=180)
            usable = driver.execute_script("return window.policykgReadyAt") / 1000
            pv_time, pv_size = pyvis_default(n, folder)
            offline = pyvis_draws_offline(driver, folder / f"pyvis-{n}.html") if pv_size else None
            _print_row((n, kg.graph.number_of_edges(), generate, page.stat().st_size, usable,
                        pv_time, pv_size, offline))


def _print_row(row: tuple) -> None:
    n, edges, generate, size, usable, pv_time, pv_size, offline = row
    pv = (f"{pv_time:6.2f} s, {pv_size / 1e6:5.2f} MB, draws offline: {offline}"
          if pv_time is not None else f"> {PYVIS_TIMEOUT} s (cut off)")
    speedup = (f"{pv_time / generate:5.1f}×" if pv_time is not None
               else f"> {PYVIS_TIMEOUT / generate:.0f}×")
    print(f"{n:>6} nodes {edges:>6} edges | policykg: generate {generate:5.2f} s, "
          f"{size / 1e6:5.2f} MB, usable after {usable:5.2f} s | pyvis defaults: {pv} | "
          f"faster: {speedup}", flush=True)


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)

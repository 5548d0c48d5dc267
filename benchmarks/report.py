"""Benchmark of the report (``policykg report``) for the whole bundled corpus: the time to make
the page, its size, and the time headless Chromium takes to draw it: from navigation until
both the load event and the first contentful paint have happened (the page has no script: it
is drawn once it has loaded and painted), the median of several rounds. Goals: ≤ 3 MB, drawn
in ≤ 3 s.

    .venv/bin/python benchmarks/report.py [--rounds 5] [--screenshot docs/report.png]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _testkit  # noqa: F401 (puts tests/ on the path for testkit)
from selenium.webdriver.support.ui import WebDriverWait

from policykg.graph.build import build
from policykg.viz.report import write_report

from testkit.browser import chromium, console_errors

TIMING = """
const nav = performance.getEntriesByType("navigation")[0];
const paint = performance.getEntriesByName("first-contentful-paint")[0];
return [nav.loadEventEnd, paint ? paint.startTime : null];
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--screenshot", type=Path,
                        help="also save a picture of the page's top (PNG) here")
    args = parser.parse_args(argv)
    kg = build(None, on_problem=lambda problem: None)  # the bundled corpus
    counts = kg.counts()
    print(f"bundled corpus: {counts['nodes']['Plan']} plans, {counts['nodes']['Task']} tasks, "
          f"{counts['edges']['REUSES'] + counts['edges']['SIMILAR_TO']} reuse links")
    with tempfile.TemporaryDirectory() as tmp, chromium() as driver:
        page = Path(tmp) / "report.html"
        made = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            write_report(kg, page)
            made.append(time.perf_counter() - start)
        loaded, painted, drawn = [], [], []
        for _ in range(args.rounds):
            driver.get("about:blank")
            driver.get(page.resolve().as_uri())
            load, paint = WebDriverWait(driver, 30).until(  # the paint entry comes after load
                lambda d: (times := d.execute_script(TIMING))[1] is not None and times)
            loaded.append(load / 1000)
            painted.append(paint / 1000)
            drawn.append(max(load, paint) / 1000)
        errors = console_errors(driver)
        if args.screenshot:
            driver.set_window_size(1280, 1000)
            driver.get(page.resolve().as_uri())
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.screenshot))
        size = page.stat().st_size
    draw = statistics.median(drawn)
    print(f"report: made in {statistics.median(made):.2f} s, {size / 1e6:.2f} MB; in Chromium "
          f"(median of {args.rounds}): loaded {statistics.median(loaded):.2f} s, first paint "
          f"{statistics.median(painted):.2f} s; console errors: {len(errors)}")
    print(f"{'size (MB)':<34} {size / 1e6:7.2f}  goal ≤ 3     {_met(size / 1e6 <= 3)}")
    print(f"{'drawn in Chromium (s)':<34} {draw:7.2f}  goal ≤ 3     {_met(draw <= 3)}")
    return 0 if not errors else 1


def _met(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())

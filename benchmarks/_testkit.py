"""Puts ``tests/`` on the import path, so that a benchmark run as ``python benchmarks/X.py``
uses the test helpers (``testkit``: servers, browser, portal pages, the small graph) and never
a test module. Imported for that effect alone, before ``testkit``."""

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parents[1] / "tests")
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

"""Helpers shared by the tests and the benchmarks: the small graph, the servers the suite starts
(Oxigraph, FalkorDB's Bolt listener), headless Chromium, portal pages and printed PDFs made from
the test plans, and where the shared gold lives.

Not part of the installed package: pytest puts ``tests/`` on the path (``pythonpath`` in
``pyproject.toml``) and so do the benchmarks (``benchmarks/_testkit.py``); this package is
imported as ``testkit``.
"""

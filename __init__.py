"""policykg: Chinese government policy documents in, a knowledge graph of plans, tasks,
responsibilities and the entities they name out.

The Python API and the ``policykg`` command share this core::

    import policykg
    kg = policykg.build(["corpus/"])        # a KnowledgeGraph
    policykg.write_outputs(kg, "policykg-out")
    kg = policykg.read_graph("policykg-out")
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": "policykg.graph.build",
    "KnowledgeGraph": "policykg.graph.kg",
    "read_graph": "policykg.graph.io",
    "write_outputs": "policykg.graph.outputs",
    "build_to": "policykg.graph.outputs",
    "evaluate": "policykg.evaluate",
    "run_query": "policykg.queries",
    "show": "policykg.viz.html",
}
__all__ = [*_API, "__version__"]


def __getattr__(name: str) -> Any:
    """The API, imported on first use so that ``import policykg`` stays light."""
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'policykg' has no attribute {name!r}")

"""The files shipped in ``schema/`` (the RDF ontology, the SHACL shapes, the department alias
table), read through :mod:`importlib.resources` so that they are found wherever the package is
installed."""

from __future__ import annotations

from importlib.resources import files

ONTOLOGY = "ontology.ttl"
SHAPES = "shapes.ttl"
DEPARTMENT_ALIASES = "department_aliases.tsv"


def schema_text(name: str) -> str:
    """The text of ``schema/<name>``."""
    return files("policykg.schema").joinpath(name).read_text(encoding="utf-8")

"""Exports for other tools: the formats of :mod:`policykg.graph.formats` beyond the graph's own
(JSON, GraphML, RDF), registered in that one registry when this package is imported. Each
writer is named as ``"module:function"``, so nothing behind it is imported until it writes.

- ``gexf`` (Gephi), the department networks ``matrix``, ``ucinet`` and ``pajek``, and the plan
  × plan ``reuse-matrix``: :mod:`policykg.exports.networks`;
- ``cypher`` (a cypher-shell script) and ``neo4j-csv`` (CSVs for ``neo4j-admin database
  import``, also in shards): :mod:`policykg.exports.neo4j`;
- ``parquet``: node and edge tables (also in shards), :mod:`policykg.exports.parquet`;
- ``html``: the explorer, :func:`policykg.viz.html.write_explorer`; ``report``: the report's
  charts, :func:`policykg.viz.report.write_report`.

``export(kg, fmt, out)`` writes any registered format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policykg.graph.formats import Format, register, write
from policykg.graph.kg import KnowledgeGraph

for _fmt in (
    Format("gexf", "policykg.exports.networks:write_gexf", "GEXF for Gephi",
           file_name="graph.gexf"),
    Format("html", "policykg.viz.html:write_explorer", "the explorer: one HTML page that "
           "works offline", file_name="graph.html"),
    Format("report", "policykg.viz.report:write_report", "the report: charts of plans, tasks, "
           "units and shared passages (one HTML page that works offline)",
           file_name="report.html"),
    Format("matrix", "policykg.exports.networks:write_matrices", "department × department and "
           "department × task matrices (a folder of CSVs)", folder=True),
    Format("ucinet", "policykg.exports.networks:write_ucinet", "the co-responsibility matrix "
           "as a UCINET DL file", file_name="graph.dl"),
    Format("pajek", "policykg.exports.networks:write_pajek", "the co-responsibility network "
           "as a Pajek .net file", file_name="graph.net"),
    Format("reuse-matrix", "policykg.exports.networks:write_reuse_matrix", "plan × plan counts "
           "of shared passages (CSV; row reuses column)", file_name="reuse-matrix.csv"),
    Format("cypher", "policykg.exports.neo4j:write_cypher", "a cypher-shell script that "
           "creates the graph", file_name="graph.cypher", options=("dataset",)),
    Format("neo4j-csv", "policykg.exports.neo4j:write_csv", "CSVs for neo4j-admin database "
           "import (a folder)", folder=True, options=("dataset",),
           shards="policykg.exports.neo4j:write_csv_shard",
           shards_done="policykg.exports.neo4j:write_csv_headers"),
    Format("parquet", "policykg.exports.parquet:write_tables", "node and edge tables as "
           "Parquet, for DuckDB, Spark, pandas (a folder)", folder=True,
           shards="policykg.exports.parquet:write_table_shard"),
):
    register(_fmt)


def export(kg: KnowledgeGraph, fmt: str, out: str | Path, **options: Any) -> Path:
    """Write ``kg`` in the registered format ``fmt`` to ``out`` (a file, or a folder for
    ``matrix`` and ``neo4j-csv``); ``options`` (``base_iri``, ``dataset``) go to the formats
    that take them. Returns ``out``."""
    return write(kg, fmt, out, **options)

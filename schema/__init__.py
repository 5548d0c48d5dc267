"""The policykg data model, defined once: node types, edge types and their properties.

Everything that writes the graph (JSON, GraphML, RDF, Neo4j) or reads it (queries, the
explorer) takes its vocabulary from here.
"""

from policykg.schema.model import EDGE_TYPES, NODE_TYPES, EdgeType, NodeType

__all__ = ["EDGE_TYPES", "NODE_TYPES", "EdgeType", "NodeType"]

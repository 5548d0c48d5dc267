"""The knowledge graph: an in-memory graph (networkx), its builder, entity resolution and its
readers and writers (JSON, GraphML, RDF, Neo4j)."""

from policykg.graph.kg import KnowledgeGraph

__all__ = ["KnowledgeGraph"]

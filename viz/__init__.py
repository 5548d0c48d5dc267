"""The interactive HTML explorer (pyvis) and subgraph exports."""

"""Canned queries: one SPARQL (.rq) and one Cypher (.cypher) file per question, same names,
same parameters and same result columns, and the code that runs them on either store."""

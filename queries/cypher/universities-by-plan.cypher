// universities-by-plan: the universities each plan mentions, in the plan itself or in one of
// its tasks.
// Columns: plan, university
// Order: plan, university
MATCH (p:Plan {kg_dataset: $dataset})-[:HAS_TASK*0..1]->(s)-[:MENTIONS]->(e:University)
RETURN DISTINCT p.name AS plan, e.name AS university
ORDER BY plan, university

// companies-by-plan: the companies each plan mentions, in the plan itself or in one of its
// tasks.
// Columns: plan, company
// Order: plan, company
MATCH (p:Plan {kg_dataset: $dataset})-[:HAS_TASK*0..1]->(s)-[:MENTIONS]->(e:Company)
RETURN DISTINCT p.name AS plan, e.name AS company
ORDER BY plan, company

// shared-actors: the actors two plans have in common: units that lead or support a task of
// each, and entities mentioned in each (in the plan itself or one of its tasks).
// Param plan_a: the title or id of the first plan
// Param plan_b: the title or id of the second plan
// Columns: actor, type
// Order: actor
MATCH (a:Plan {kg_dataset: $dataset}) WHERE a.id = $plan_a OR a.name = $plan_a
MATCH (b:Plan {kg_dataset: $dataset}) WHERE b.id = $plan_b OR b.name = $plan_b
MATCH (a)-[:HAS_TASK*0..1]->(sa)-[ra:LEADS|SUPPORTS|MENTIONS]-(x)
MATCH (b)-[:HAS_TASK*0..1]->(sb)-[rb:LEADS|SUPPORTS|MENTIONS]-(x)
WHERE type(ra) = type(rb) OR (type(ra) <> 'MENTIONS' AND type(rb) <> 'MENTIONS')
RETURN DISTINCT x.name AS actor, labels(x)[0] AS type
ORDER BY actor, type

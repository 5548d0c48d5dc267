// entity-plans: the plans that mention the named entity (in the plan itself or one of its
// tasks), with the lexically smallest quote of those mentions.
// Param name: a name or alias of the entity, matched exactly
// Columns: entity, type, plan, quote
// Order: plan
MATCH (p:Plan {kg_dataset: $dataset})-[:HAS_TASK*0..1]->(s)-[m:MENTIONS]->(e)
WHERE e.name = $name OR $name IN e.aliases
WITH e, p, min(m.quote) AS quote
RETURN e.name AS entity, labels(e)[0] AS type, p.name AS plan, quote
ORDER BY plan, entity, type, quote

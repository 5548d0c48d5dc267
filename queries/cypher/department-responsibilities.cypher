// department-responsibilities: every task the named department (or government or collective
// actor) leads or supports, with the annotation label and the quote it was read from.
// Param department: a name or alias of the unit, matched exactly
// Columns: department, role, label, plan, task, quote
// Order: plan, task, role
MATCH (d)-[r:LEADS|SUPPORTS]->(t:Task)<-[:HAS_TASK]-(p:Plan {kg_dataset: $dataset})
WHERE (d:Department OR d:Government OR d:CollectiveActor)
  AND (d.name = $department OR $department IN d.aliases)
RETURN d.name AS department, type(r) AS role, coalesce(r.label, '') AS label, p.name AS plan,
       t.title AS task, coalesce(r.quote, '') AS quote
ORDER BY plan, task, role, department, label, quote

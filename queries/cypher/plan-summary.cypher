// plan-summary: per plan, the number of its tasks, of distinct departments leading or supporting
// them, and of distinct universities, companies and platforms it mentions (in the plan itself
// or one of its tasks).
// Columns: plan, tasks, departments, universities, companies, platforms
// Order: plan
MATCH (p:Plan {kg_dataset: $dataset})
OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task)
WITH p, count(DISTINCT t) AS tasks
OPTIONAL MATCH (p)-[:HAS_TASK]->(:Task)<-[:LEADS|SUPPORTS]-(d:Department)
WITH p, tasks, count(DISTINCT d) AS departments
OPTIONAL MATCH (p)-[:HAS_TASK*0..1]->(s)-[:MENTIONS]->(e)
WITH p, tasks, departments, collect(DISTINCT e) AS mentioned
RETURN p.name AS plan, tasks, departments,
       size([e IN mentioned WHERE e:University]) AS universities,
       size([e IN mentioned WHERE e:Company]) AS companies,
       size([e IN mentioned WHERE e:Platform]) AS platforms
ORDER BY plan

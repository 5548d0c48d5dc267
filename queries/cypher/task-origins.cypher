// task-origins: the passages of other plans that a task's text is alike to: for each reuse link
// whose passage the named task holds, the task's passage, the other plan's passage and the task
// or section holding it, and the score. REUSES links count where the task's plan is the later
// one (the other passage is its origin), SIMILAR_TO links from either side.
// Param task: the id or title of the task
// Columns: task, plan, relation, quote, origin_plan, origin_quote, origin_task_or_section, score
// Order: plan, task, score desc, origin_plan
MATCH (p:Plan {kg_dataset: $dataset})-[:HAS_TASK]->(t:Task)
WHERE t.id = $task OR t.title = $task
MATCH (p)-[r:REUSES|SIMILAR_TO]-(o:Plan)
WITH p, t, r, o, startNode(r).id = p.id AS out
WHERE (out AND r.task = t.id) OR (NOT out AND type(r) = 'SIMILAR_TO' AND r.target_task = t.id)
OPTIONAL MATCH (ot:Task {kg_dataset: $dataset})
WHERE ot.id = CASE WHEN out THEN r.target_task ELSE r.task END
RETURN t.title AS task, p.name AS plan, type(r) AS relation,
       CASE WHEN out THEN r.quote ELSE r.target_quote END AS quote,
       o.name AS origin_plan,
       CASE WHEN out THEN r.target_quote ELSE r.quote END AS origin_quote,
       coalesce(ot.title, CASE WHEN out THEN r.target_section ELSE r.section END, '')
         AS origin_task_or_section,
       r.score AS score
ORDER BY plan, task, score DESC, origin_plan, relation, quote, origin_quote,
         origin_task_or_section

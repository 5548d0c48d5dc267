// reused-passages: every passage the named plan shares with another plan (a reuse link, from
// either side), with both quotes and the task (its title) or section holding each, the link's
// score, and how the plans relate: "reuses" (the plan is the later one), "is reused by" (the
// other is) or "is similar to" (not both dated, or dated alike).
// Param plan: the title or id of the plan
// Columns: plan, relation, other_plan, score, quote, task_or_section, other_quote, other_task_or_section
// Order: other_plan, score desc, quote
MATCH (p:Plan {kg_dataset: $dataset}) WHERE p.id = $plan OR p.name = $plan
MATCH (p)-[r:REUSES|SIMILAR_TO]-(o:Plan)
WITH p, r, o, startNode(r).id = p.id AS out
OPTIONAL MATCH (st:Task {kg_dataset: $dataset}) WHERE st.id = r.task
OPTIONAL MATCH (tt:Task {kg_dataset: $dataset}) WHERE tt.id = r.target_task
WITH p, r, o, out, coalesce(st.title, r.section, '') AS sourceWhere,
     coalesce(tt.title, r.target_section, '') AS targetWhere
RETURN p.name AS plan,
       CASE WHEN type(r) = 'SIMILAR_TO' THEN 'is similar to'
            WHEN out THEN 'reuses' ELSE 'is reused by' END AS relation,
       o.name AS other_plan, r.score AS score,
       CASE WHEN out THEN r.quote ELSE r.target_quote END AS quote,
       CASE WHEN out THEN sourceWhere ELSE targetWhere END AS task_or_section,
       CASE WHEN out THEN r.target_quote ELSE r.quote END AS other_quote,
       CASE WHEN out THEN targetWhere ELSE sourceWhere END AS other_task_or_section
ORDER BY other_plan, score DESC, quote, plan, relation, task_or_section, other_quote,
         other_task_or_section

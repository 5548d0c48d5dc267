// plan-reuse: per pair of plans that share passages: how they relate (REUSES: the plan, the
// later one, reuses the other; SIMILAR_TO: not both dated, or dated alike), the number of reuse
// links (pairs of passages), and the share of each plan's text (pkg:chars) that its linked
// passages cover, rounded to 0.001 (each passage counted once, by its span).
// Columns: plan, relation, other_plan, passages, share, other_share
// Order: passages desc, plan, other_plan
MATCH (p:Plan {kg_dataset: $dataset})-[r:REUSES|SIMILAR_TO]->(o:Plan)
WITH p, o, type(r) AS relation, count(r) AS passages,
     collect(DISTINCT [r.file, r.start, r.end]) AS mine,
     collect(DISTINCT [r.target_file, r.target_start, r.target_end]) AS theirs
RETURN p.name AS plan, relation, o.name AS other_plan, passages,
       round(1000.0 * reduce(n = 0, s IN mine | n + s[2] - s[1]) / p.chars) / 1000.0 AS share,
       round(1000.0 * reduce(n = 0, s IN theirs | n + s[2] - s[1]) / o.chars) / 1000.0
         AS other_share
ORDER BY passages DESC, plan, other_plan, relation

// industries-by-city: for each place that issued plans (the plan's jurisdiction, a city or a
// province), the industries its plans mention and the number of distinct plans mentioning each.
// Columns: city, industry, plans
// Order: city, industry
MATCH (c)<-[:JURISDICTION]-(p:Plan {kg_dataset: $dataset})-[:HAS_TASK*0..1]->(s)-[:MENTIONS]->(i:Industry)
WITH c, i, count(DISTINCT p) AS plans
RETURN c.name AS city, i.name AS industry, plans
ORDER BY city, industry, plans

// co-responsibility: pairs of departments that both lead or support the same task, with the
// number of such tasks; each pair once, department_a before department_b by name.
// Columns: department_a, department_b, tasks
// Order: tasks desc, department_a, department_b
MATCH (a:Department {kg_dataset: $dataset})-[:LEADS|SUPPORTS]->(t:Task)<-[:LEADS|SUPPORTS]-(b:Department)
WHERE a.name < b.name
WITH a, b, count(DISTINCT t) AS tasks
RETURN a.name AS department_a, b.name AS department_b, tasks
ORDER BY tasks DESC, department_a, department_b

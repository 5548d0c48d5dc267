// lead-departments: every department that leads or supports at least one task, with the number
// of tasks it leads and the number it supports.
// Columns: department, jurisdiction, leads, supports
// Order: leads desc, supports desc, department
MATCH (d:Department {kg_dataset: $dataset})-[r:LEADS|SUPPORTS]->(:Task)
WITH d, count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS leads,
     count(CASE WHEN type(r) = 'SUPPORTS' THEN 1 END) AS supports
RETURN d.name AS department, coalesce(d.jurisdiction, '') AS jurisdiction, leads, supports
ORDER BY leads DESC, supports DESC, department, jurisdiction

// platform-hosts: every platform with its host (a university, institute, company or place), the
// platform's kind ("" when unknown) and the host's node type.
// Columns: platform, kind, host, host_type
// Order: platform, host
MATCH (h)-[:HOSTS]->(p:Platform {kg_dataset: $dataset})
RETURN p.name AS platform, coalesce(p.kind, '') AS kind, h.name AS host,
       labels(h)[0] AS host_type
ORDER BY platform, host, kind, host_type

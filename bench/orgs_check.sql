-- Compares org_counts with counts taken straight from orgs (GROUP BY the ancestor
-- code at each level, and per region/kind/status at the village level). Prints one
-- line per level: level|mismatching groups|direct total|org_counts total.
WITH direct AS (
  SELECT 1 AS l, substr(region_code, 1, 2) || '0000000000' AS code, COUNT(*) AS n FROM orgs GROUP BY 2
  UNION ALL
  SELECT 2, substr(region_code, 1, 4) || '00000000', COUNT(*) FROM orgs
   WHERE level >= 2 AND substr(region_code, 3, 2) <> '00' GROUP BY 2
  UNION ALL
  SELECT 3, substr(region_code, 1, 6) || '000000', COUNT(*) FROM orgs
   WHERE level >= 3 AND substr(region_code, 5, 2) <> '00' GROUP BY 2
  UNION ALL
  SELECT 4, substr(region_code, 1, 9) || '000', COUNT(*) FROM orgs
   WHERE level >= 4 AND substr(region_code, 7, 3) <> '000' GROUP BY 2
  UNION ALL
  SELECT 5, region_code, COUNT(*) FROM orgs WHERE level >= 5 GROUP BY 2
),
kept AS (
  SELECT r.level AS l, c.region_code AS code, SUM(c.n) AS n
  FROM org_counts c JOIN regions r ON r.code = c.region_code
  GROUP BY 1, 2 HAVING SUM(c.n) <> 0
),
bad AS (
  SELECT l, code FROM (SELECT * FROM direct EXCEPT SELECT * FROM kept)
  UNION
  SELECT l, code FROM (SELECT * FROM kept EXCEPT SELECT * FROM direct)
)
SELECT l, (SELECT COUNT(*) FROM bad WHERE bad.l = lv.l),
       (SELECT SUM(n) FROM direct WHERE direct.l = lv.l),
       (SELECT SUM(n) FROM kept WHERE kept.l = lv.l)
FROM (SELECT 1 AS l UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) lv;

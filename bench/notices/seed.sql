-- Seeds bench organizations straight into a migrated Shuniu SQLite database that
-- holds the Jiangmen region slice. Expects temp.p(n) with the number of
-- organizations. Deterministic: organization i sits in the region chosen by a
-- multiplicative hash of i over every Jiangmen region below the city, all active
-- micro-organizations (the notice fan-out reads region, status, kind, registered).
-- org_counts is not filled: the notice benchmark does not read it.
PRAGMA synchronous = OFF;
CREATE TEMP TABLE rg AS
  SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM regions
  WHERE code LIKE '4407%' AND level >= 3;
CREATE TEMP TABLE rc AS SELECT COUNT(*) AS c FROM rg;
BEGIN;
INSERT INTO orgs (id, name, kind, registered, region_code, level, status, published, version,
                  created_at, updated_at)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < (SELECT n FROM p))
SELECT 1000000 + i, '基准组织' || i, 'micro_org', 0, rg.code,
       (SELECT level FROM regions WHERE code = rg.code), 'active', 0, 1,
       1764115200000, 1764115200000
FROM seq JOIN rg ON rg.k = (i * 2654435761) % (SELECT c FROM rc);
COMMIT;
ANALYZE;

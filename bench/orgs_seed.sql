-- Seeds bench organizations straight into a migrated Shuniu SQLite database that
-- holds the national region table. Expects a table temp.p(n) with the number of
-- organizations. Deterministic: organization i sits at a county (10 %), town
-- (30 %) or village (60 %) chosen by a multiplicative hash of i over the regions
-- of that level ordered by code. Registered kinds get a valid GB 32100 credit code
-- (authority 5, division = the county of the region, serial = i).
-- Then fills org_counts with one aggregate over every ancestor level, the way the
-- server's AdjustCount walks them (a level whose code group is all zeros, e.g.
-- the missing county of 东莞 441900, is skipped).
PRAGMA synchronous = OFF;
PRAGMA cache_size = -200000;

CREATE TEMP TABLE lv3 AS SELECT code FROM regions WHERE level = 3 ORDER BY code;
CREATE TEMP TABLE lv4 AS SELECT code FROM regions WHERE level = 4 ORDER BY code;
CREATE TEMP TABLE lv5 AS SELECT code FROM regions WHERE level = 5 ORDER BY code;
CREATE TEMP TABLE cnt AS
  SELECT (SELECT COUNT(*) FROM lv3) AS c3, (SELECT COUNT(*) FROM lv4) AS c4,
         (SELECT COUNT(*) FROM lv5) AS c5;

BEGIN;
INSERT INTO orgs (id, name, kind, registered, uscc, region_code, level, status, published,
                  version, created_at, updated_at)
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < (SELECT n FROM p)),
pick AS (
  SELECT i,
         CASE WHEN i % 10 = 9 THEN 3 WHEN i % 10 >= 6 THEN 4 ELSE 5 END AS lvl,
         (i * 2654435761) AS h,
         CASE i % 20 WHEN 0 THEN 'association' WHEN 1 THEN 'social_service_agency'
                     WHEN 2 THEN 'foundation'
                     WHEN 10 THEN 'volunteer_team' WHEN 11 THEN 'volunteer_team'
                     WHEN 12 THEN 'volunteer_team' WHEN 13 THEN 'volunteer_team'
                     WHEN 14 THEN 'cooperative' WHEN 15 THEN 'cooperative'
                     WHEN 16 THEN 'womens_home' WHEN 17 THEN 'womens_home'
                     WHEN 18 THEN 'womens_home' WHEN 19 THEN 'womens_home'
                     ELSE 'micro_org' END AS kind,
         CASE i % 13 WHEN 0 THEN 'incubating' WHEN 1 THEN 'abnormal'
                     WHEN 2 THEN 'deregistered' ELSE 'active' END AS status
  FROM seq
),
placed AS (
  SELECT i, lvl, kind, status,
         CASE lvl
           WHEN 3 THEN (SELECT code FROM lv3 WHERE rowid = h % (SELECT c3 FROM cnt) + 1)
           WHEN 4 THEN (SELECT code FROM lv4 WHERE rowid = h % (SELECT c4 FROM cnt) + 1)
           ELSE (SELECT code FROM lv5 WHERE rowid = h % (SELECT c5 FROM cnt) + 1)
         END AS region_code
  FROM pick
),
coded AS (
  SELECT placed.*,
         CASE kind WHEN 'association' THEN '51' WHEN 'social_service_agency' THEN '52'
                   WHEN 'foundation' THEN '53' END
           || substr(region_code, 1, 6) || printf('%09d', i) AS c17
  FROM placed
)
SELECT i, '基准测试组织' || i, kind, CASE WHEN c17 IS NULL THEN 0 ELSE 1 END,
       CASE WHEN c17 IS NULL THEN NULL ELSE c17 || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
         (31 - (  1 * substr(c17, 1, 1) +  3 * substr(c17, 2, 1) +  9 * substr(c17, 3, 1)
               + 27 * substr(c17, 4, 1) + 19 * substr(c17, 5, 1) + 26 * substr(c17, 6, 1)
               + 16 * substr(c17, 7, 1) + 17 * substr(c17, 8, 1) + 20 * substr(c17, 9, 1)
               + 29 * substr(c17, 10, 1) + 25 * substr(c17, 11, 1) + 13 * substr(c17, 12, 1)
               +  8 * substr(c17, 13, 1) + 24 * substr(c17, 14, 1) + 10 * substr(c17, 15, 1)
               + 30 * substr(c17, 16, 1) + 28 * substr(c17, 17, 1)) % 31) % 31 + 1, 1) END,
       region_code, lvl, status, 0, 1, 1767225600000, 1767225600000
FROM coded;
COMMIT;

BEGIN;
INSERT INTO org_counts (region_code, kind, status, n)
SELECT code, kind, status, COUNT(*) FROM (
  SELECT substr(region_code, 1, 2) || '0000000000' AS code, kind, status FROM orgs
  UNION ALL
  SELECT substr(region_code, 1, 4) || '00000000', kind, status FROM orgs
   WHERE level >= 2 AND substr(region_code, 3, 2) <> '00'
  UNION ALL
  SELECT substr(region_code, 1, 6) || '000000', kind, status FROM orgs
   WHERE level >= 3 AND substr(region_code, 5, 2) <> '00'
  UNION ALL
  SELECT substr(region_code, 1, 9) || '000', kind, status FROM orgs
   WHERE level >= 4 AND substr(region_code, 7, 3) <> '000'
  UNION ALL
  SELECT region_code, kind, status FROM orgs WHERE level >= 5
) GROUP BY code, kind, status;
COMMIT;
ANALYZE;

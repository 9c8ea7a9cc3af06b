-- Counts the annual report reads for the whole country and for a province instead of
-- scanning their organizations (decision 0019): organizations per city by every
-- column the report's conditions over orgs read, with the founding and registration
-- dates kept as "YYYY-07-01" of their year (period boundaries are 1 January and
-- 31 December, so it compares with them as any date of that year does); a missing
-- origin or date is ''. city_code is the first four digits of the region code (an
-- organization at a province's own level has its province's code).
-- Kept in the same transaction as every organization write (org_store.cpp
-- AdjustReportCount, CountDeltas for imports); `shuniu db recount` rebuilds them.
CREATE TABLE org_report_counts (
  city_code VARCHAR(12) NOT NULL,
  kind VARCHAR(48) NOT NULL,
  registered BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  origin VARCHAR(48) NOT NULL,
  level BIGINT NOT NULL,
  founded_on VARCHAR(10) NOT NULL,
  registered_on VARCHAR(10) NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (city_code, kind, registered, status, origin, level, founded_on, registered_on)
);
INSERT INTO org_report_counts (city_code, kind, registered, status, origin, level, founded_on,
                               registered_on, n)
SELECT SUBSTR(region_code, 1, 4) || '00000000', kind, registered, status,
       COALESCE(origin, ''), level,
       CASE WHEN founded_on IS NULL THEN '' ELSE SUBSTR(founded_on, 1, 4) || '-07-01' END,
       CASE WHEN registered_on IS NULL THEN '' ELSE SUBSTR(registered_on, 1, 4) || '-07-01' END,
       COUNT(*)
FROM orgs
GROUP BY SUBSTR(region_code, 1, 4) || '00000000', kind, registered, status,
         COALESCE(origin, ''), level,
         CASE WHEN founded_on IS NULL THEN '' ELSE SUBSTR(founded_on, 1, 4) || '-07-01' END,
         CASE WHEN registered_on IS NULL THEN '' ELSE SUBSTR(registered_on, 1, 4) || '-07-01' END;

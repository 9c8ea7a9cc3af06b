-- Seeds the financial-summary benchmark (bench/projects) into a migrated SQLite
-- database: budget pools per year (2024–2026), funding source (5) and county
-- (31 provinces × 10 cities × 8 counties), :n projects spread over villages,
-- each approved into the pool of its county, year and source, with a contract,
-- one milestone and :m payments in all. The rollup triggers run on every row,
-- as in production. Expects TEMP TABLE p(n, m).
PRAGMA foreign_keys = OFF;
PRAGMA synchronous = OFF;
PRAGMA journal_mode = MEMORY;
BEGIN;
CREATE TEMP TABLE seq(i INTEGER PRIMARY KEY);
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < (SELECT max(n, 37200) FROM p))
INSERT INTO seq SELECT i FROM s;
CREATE TEMP TABLE sources(k INTEGER PRIMARY KEY, code TEXT);
INSERT INTO sources VALUES (0, 'fiscal_budget'), (1, 'welfare_lottery'),
  (2, 'provincial_federation'), (3, 'donations'), (4, 'other');
-- Pool i-1 = ((county * 3 + year) * 5 + source); county = prov*80 + city*8 + cty.
INSERT INTO budget_pools (id, year, source, region_code, name, planned, committed, disbursed,
                          version, created_at, updated_at)
SELECT i, 2024 + ((i - 1) / 5) % 3, (SELECT code FROM sources WHERE k = (i - 1) % 5),
       printf('%02d%02d%02d000000', 11 + ((i - 1) / 15) / 80, 1 + (((i - 1) / 15) / 8) % 10,
              1 + ((i - 1) / 15) % 8),
       'bench pool ' || i, 100000000000, 0, 0, 1, 0, 0
FROM seq WHERE i <= 37200;
-- Project j: county c = j % 2480, year y = (j / 2480) % 3, source s = (j / 7440) % 5.
INSERT INTO projects (id, title, department, year, region_code, objectives, target_groups_json,
                      beneficiaries_json, indicators_json, budget_lines_json, budget_total,
                      duration_months, org_ids_json, channel, state, pool_id, funding_source,
                      committed, contract_id, note, created_by_name, version, created_at,
                      updated_at)
SELECT i, 'bench project ' || i, 'bench', 2024 + (i / 2480) % 3,
       printf('%02d%02d%02d%03d%03d', 11 + (i % 2480) / 80, 1 + ((i % 2480) / 8) % 10,
              1 + (i % 2480) % 8, 1 + (i / 7) % 12, 1 + (i / 3) % 20),
       '', '[]', '{}', '[]', '[]', 1000000 + (i * 7919) % 5000000, 12, '[]', 'direct',
       'in_progress', ((i % 2480) * 3 + (i / 2480) % 3) * 5 + (i / 7440) % 5 + 1,
       (SELECT code FROM sources WHERE k = (i / 7440) % 5),
       1000000 + (i * 7919) % 5000000, i, '', 'bench', 1, 0, 0
FROM seq WHERE i <= (SELECT n FROM p);
INSERT INTO contracts (id, project_id, channel, reason, region_code, provider_org_id,
                       purchaser_name, start_on, end_on, term_reason, price, paid, created_at,
                       updated_at)
SELECT id, id, 'direct', '', region_code, 1, 'bench', '2026-01-01', '2026-12-31', '', committed,
       0, 0, 0 FROM projects;
INSERT INTO contract_milestones (id, contract_id, seq, name, amount, due_on, paid)
SELECT id, id, 1, 'all', committed, '2026-12-31', 0 FROM projects;
-- Payment q goes to contract q % n + 1, a small amount each.
INSERT INTO contract_payments (id, contract_id, milestone_id, amount, paid_on, note, recorded_by_name,
                               approved_by_name, created_at)
SELECT q, q % (SELECT n FROM p) + 1, q % (SELECT n FROM p) + 1, 1000 + (q * 104729) % 9000,
       '2026-06-01', '', 'bench', 'bench', 0
FROM (WITH RECURSIVE s(q) AS (SELECT 1 UNION ALL SELECT q + 1 FROM s WHERE q < (SELECT m FROM p))
      SELECT q FROM s);
COMMIT;
ANALYZE;

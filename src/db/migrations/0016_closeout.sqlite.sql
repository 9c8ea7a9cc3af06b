-- Close-out and promotion (总结推广, issue 5): the final report of a project in
-- progress (by its contracted organization, accepted or returned by staff),
-- the staff evaluation, brand projects with their public case, the link from a
-- re-funded project to the closed one it was copied from, and the financial
-- rollup: planned / committed / disbursed per year, funding source and region
-- at every level of the region path (plus the national row 000000000000),
-- kept by triggers on budget_pools (planned), projects (committed, keyed by the
-- project's pool) and contract_payments (disbursed, keyed by the pool of the
-- paid contract's project), so any write path keeps it right. A summary reads
-- one row per source and year instead of summing projects and payments.
CREATE TABLE final_reports (
  project_id BIGINT PRIMARY KEY REFERENCES projects (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  state VARCHAR(16) NOT NULL,
  summary TEXT NOT NULL,
  indicators_json TEXT NOT NULL,
  beneficiaries_json TEXT NOT NULL,
  spending_json TEXT NOT NULL,
  file_ids_json TEXT NOT NULL,
  review_note TEXT NOT NULL,
  submitted_by BIGINT,
  submitted_by_name VARCHAR(100) NOT NULL,
  submitted_at BIGINT NOT NULL,
  reviewed_by BIGINT,
  reviewed_by_name VARCHAR(100) NOT NULL,
  reviewed_at BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX final_reports_scope ON final_reports (region_code, state);

CREATE TABLE project_evaluations (
  project_id BIGINT PRIMARY KEY REFERENCES projects (id),
  region_code VARCHAR(12) NOT NULL,
  score BIGINT NOT NULL,
  grade VARCHAR(16) NOT NULL,
  comments TEXT NOT NULL,
  evaluated_by BIGINT,
  evaluated_by_name VARCHAR(100) NOT NULL,
  evaluated_at BIGINT NOT NULL,
  CHECK (score >= 0 AND score <= 100)
);

CREATE TABLE brand_projects (
  project_id BIGINT PRIMARY KEY REFERENCES projects (id),
  case_id BIGINT NOT NULL UNIQUE,
  region_code VARCHAR(12) NOT NULL,
  note TEXT NOT NULL,
  designated_by_name VARCHAR(100) NOT NULL,
  designated_at BIGINT NOT NULL,
  case_title VARCHAR(200) NOT NULL,
  case_summary TEXT NOT NULL,
  case_photos_json TEXT NOT NULL,
  published BIGINT NOT NULL DEFAULT 0,
  published_at BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX brand_projects_published ON brand_projects (published, published_at);

CREATE TABLE project_refunds (
  project_id BIGINT PRIMARY KEY REFERENCES projects (id),
  from_project_id BIGINT NOT NULL UNIQUE REFERENCES projects (id),
  created_by_name VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE finance_rollup (
  year BIGINT NOT NULL,
  source VARCHAR(32) NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  parent_code VARCHAR(12) NOT NULL,
  planned BIGINT NOT NULL DEFAULT 0,
  committed BIGINT NOT NULL DEFAULT 0,
  disbursed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (region_code, year, source)
);
CREATE INDEX finance_rollup_parent ON finance_rollup (parent_code, year, source);

-- SQLite: every change goes through the view finance_rollup_delta, whose
-- INSTEAD OF trigger adds the delta to the row of each level of the path.
CREATE VIEW finance_rollup_delta AS
  SELECT year, source, region_code, planned, committed, disbursed FROM finance_rollup WHERE 0;
CREATE TRIGGER finance_rollup_delta_apply INSTEAD OF INSERT ON finance_rollup_delta
BEGIN
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, '000000000000', '', NEW.planned, NEW.committed, NEW.disbursed WHERE 1 = 1
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, substr(NEW.region_code, 1, 2) || '0000000000',
      '000000000000',
      NEW.planned, NEW.committed, NEW.disbursed
    WHERE 1 = 1
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, substr(NEW.region_code, 1, 4) || '00000000',
      substr(NEW.region_code, 1, 2) || '0000000000',
      NEW.planned, NEW.committed, NEW.disbursed
    WHERE substr(NEW.region_code, 3, 2) <> '00'
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, substr(NEW.region_code, 1, 6) || '000000',
      CASE WHEN substr(NEW.region_code, 3, 2) <> '00' THEN substr(NEW.region_code, 1, 4) || '00000000' ELSE substr(NEW.region_code, 1, 2) || '0000000000' END,
      NEW.planned, NEW.committed, NEW.disbursed
    WHERE substr(NEW.region_code, 5, 2) <> '00'
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, substr(NEW.region_code, 1, 9) || '000',
      CASE WHEN substr(NEW.region_code, 5, 2) <> '00' THEN substr(NEW.region_code, 1, 6) || '000000' WHEN substr(NEW.region_code, 3, 2) <> '00' THEN substr(NEW.region_code, 1, 4) || '00000000' ELSE substr(NEW.region_code, 1, 2) || '0000000000' END,
      NEW.planned, NEW.committed, NEW.disbursed
    WHERE substr(NEW.region_code, 7, 3) <> '000'
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
  INSERT INTO finance_rollup (year, source, region_code, parent_code, planned, committed, disbursed)
    SELECT NEW.year, NEW.source, NEW.region_code,
      CASE WHEN substr(NEW.region_code, 7, 3) <> '000' THEN substr(NEW.region_code, 1, 9) || '000' WHEN substr(NEW.region_code, 5, 2) <> '00' THEN substr(NEW.region_code, 1, 6) || '000000' WHEN substr(NEW.region_code, 3, 2) <> '00' THEN substr(NEW.region_code, 1, 4) || '00000000' ELSE substr(NEW.region_code, 1, 2) || '0000000000' END,
      NEW.planned, NEW.committed, NEW.disbursed
    WHERE substr(NEW.region_code, 10, 3) <> '000'
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = finance_rollup.planned + excluded.planned, committed = finance_rollup.committed + excluded.committed, disbursed = finance_rollup.disbursed + excluded.disbursed;
END;

CREATE TRIGGER budget_pools_rollup_insert AFTER INSERT ON budget_pools
BEGIN
  INSERT INTO finance_rollup_delta VALUES (NEW.year, NEW.source, NEW.region_code, NEW.planned, 0, 0);
END;
CREATE TRIGGER budget_pools_rollup_key BEFORE UPDATE OF year, source, region_code ON budget_pools
  WHEN OLD.year <> NEW.year OR OLD.source <> NEW.source OR OLD.region_code <> NEW.region_code
BEGIN
  SELECT RAISE(ABORT, 'a budget pool''s year, source and region are fixed');
END;
CREATE TRIGGER budget_pools_rollup_update AFTER UPDATE OF planned ON budget_pools
  WHEN OLD.planned <> NEW.planned
BEGIN
  INSERT INTO finance_rollup_delta
    VALUES (NEW.year, NEW.source, NEW.region_code, NEW.planned - OLD.planned, 0, 0);
END;
CREATE TRIGGER budget_pools_rollup_delete AFTER DELETE ON budget_pools
BEGIN
  INSERT INTO finance_rollup_delta VALUES (OLD.year, OLD.source, OLD.region_code, -OLD.planned, 0, 0);
END;

CREATE TRIGGER projects_rollup_insert AFTER INSERT ON projects
  WHEN NEW.pool_id IS NOT NULL AND NEW.committed <> 0
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT year, source, region_code, 0, NEW.committed, 0 FROM budget_pools WHERE id = NEW.pool_id;
END;
CREATE TRIGGER projects_rollup_update AFTER UPDATE OF committed, pool_id ON projects
  WHEN OLD.committed <> NEW.committed OR OLD.pool_id IS NOT NEW.pool_id
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT year, source, region_code, 0, -OLD.committed, 0 FROM budget_pools
    WHERE id = OLD.pool_id AND OLD.committed <> 0;
  INSERT INTO finance_rollup_delta
    SELECT year, source, region_code, 0, NEW.committed, 0 FROM budget_pools
    WHERE id = NEW.pool_id AND NEW.committed <> 0;
END;
CREATE TRIGGER projects_rollup_delete AFTER DELETE ON projects
  WHEN OLD.pool_id IS NOT NULL AND OLD.committed <> 0
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT year, source, region_code, 0, -OLD.committed, 0 FROM budget_pools WHERE id = OLD.pool_id;
END;

CREATE TRIGGER contract_payments_rollup_insert AFTER INSERT ON contract_payments
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT b.year, b.source, b.region_code, 0, 0, NEW.amount
    FROM contracts k JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id
    WHERE k.id = NEW.contract_id;
END;
CREATE TRIGGER contract_payments_rollup_update AFTER UPDATE OF amount, contract_id ON contract_payments
  WHEN OLD.amount <> NEW.amount OR OLD.contract_id <> NEW.contract_id
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT b.year, b.source, b.region_code, 0, 0, -OLD.amount
    FROM contracts k JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id
    WHERE k.id = OLD.contract_id;
  INSERT INTO finance_rollup_delta
    SELECT b.year, b.source, b.region_code, 0, 0, NEW.amount
    FROM contracts k JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id
    WHERE k.id = NEW.contract_id;
END;
CREATE TRIGGER contract_payments_rollup_delete AFTER DELETE ON contract_payments
BEGIN
  INSERT INTO finance_rollup_delta
    SELECT b.year, b.source, b.region_code, 0, 0, -OLD.amount
    FROM contracts k JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id
    WHERE k.id = OLD.contract_id;
END;

-- What existed before this migration.
INSERT INTO finance_rollup_delta SELECT year, source, region_code, planned, 0, 0 FROM budget_pools;
INSERT INTO finance_rollup_delta
  SELECT b.year, b.source, b.region_code, 0, p.committed, 0
  FROM projects p JOIN budget_pools b ON b.id = p.pool_id WHERE p.committed <> 0;
INSERT INTO finance_rollup_delta
  SELECT b.year, b.source, b.region_code, 0, 0, x.amount
  FROM contract_payments x JOIN contracts k ON k.id = x.contract_id
  JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id;

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

-- PostgreSQL: finance_rollup_add applies a delta to the row of each level of
-- the path; the triggers call it.
CREATE FUNCTION finance_rollup_add(y BIGINT, src VARCHAR, code VARCHAR, dp BIGINT, dc BIGINT,
                                   dd BIGINT) RETURNS void AS $$
DECLARE
  lens INT[] := ARRAY[2, 4, 6, 9, 12];
  prev INT := 0;
  parent VARCHAR := '';
  cur VARCHAR := '000000000000';
  n INT;
BEGIN
  IF code IS NULL OR (dp = 0 AND dc = 0 AND dd = 0) THEN
    RETURN;
  END IF;
  INSERT INTO finance_rollup AS f (year, source, region_code, parent_code, planned, committed, disbursed)
    VALUES (y, src, cur, parent, dp, dc, dd)
    ON CONFLICT (region_code, year, source) DO UPDATE SET planned = f.planned + excluded.planned,
      committed = f.committed + excluded.committed, disbursed = f.disbursed + excluded.disbursed;
  parent := cur;
  FOREACH n IN ARRAY lens LOOP
    IF n = 2 OR substr(code, prev + 1, n - prev) <> repeat('0', n - prev) THEN
      cur := substr(code, 1, n) || repeat('0', 12 - n);
      INSERT INTO finance_rollup AS f (year, source, region_code, parent_code, planned, committed, disbursed)
        VALUES (y, src, cur, parent, dp, dc, dd)
        ON CONFLICT (region_code, year, source) DO UPDATE SET planned = f.planned + excluded.planned,
          committed = f.committed + excluded.committed, disbursed = f.disbursed + excluded.disbursed;
      parent := cur;
    END IF;
    prev := n;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION budget_pools_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM finance_rollup_add(NEW.year, NEW.source, NEW.region_code, NEW.planned, 0, 0);
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.year <> NEW.year OR OLD.source <> NEW.source OR OLD.region_code <> NEW.region_code THEN
      RAISE EXCEPTION 'a budget pool''s year, source and region are fixed';
    END IF;
    PERFORM finance_rollup_add(NEW.year, NEW.source, NEW.region_code, NEW.planned - OLD.planned, 0, 0);
    RETURN NEW;
  END IF;
  PERFORM finance_rollup_add(OLD.year, OLD.source, OLD.region_code, -OLD.planned, 0, 0);
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_pools_rollup AFTER INSERT OR UPDATE OR DELETE ON budget_pools
  FOR EACH ROW EXECUTE FUNCTION budget_pools_rollup();

CREATE FUNCTION projects_rollup_pool(pool BIGINT, amount BIGINT) RETURNS void AS $$
DECLARE
  b RECORD;
BEGIN
  IF pool IS NULL OR amount = 0 THEN
    RETURN;
  END IF;
  SELECT year, source, region_code INTO b FROM budget_pools WHERE id = pool;
  IF FOUND THEN
    PERFORM finance_rollup_add(b.year, b.source, b.region_code, 0, amount, 0);
  END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION projects_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'DELETE' OR OLD.committed <> NEW.committed OR OLD.pool_id IS DISTINCT FROM NEW.pool_id THEN
      PERFORM projects_rollup_pool(OLD.pool_id, -OLD.committed);
    ELSE
      RETURN NEW;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM projects_rollup_pool(NEW.pool_id, NEW.committed);
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER projects_rollup AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION projects_rollup();

CREATE FUNCTION contract_payments_rollup_add(contract BIGINT, amount BIGINT) RETURNS void AS $$
DECLARE
  b RECORD;
BEGIN
  SELECT bp.year, bp.source, bp.region_code INTO b
    FROM contracts k JOIN projects p ON p.id = k.project_id JOIN budget_pools bp ON bp.id = p.pool_id
    WHERE k.id = contract;
  IF FOUND THEN
    PERFORM finance_rollup_add(b.year, b.source, b.region_code, 0, 0, amount);
  END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION contract_payments_rollup() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM contract_payments_rollup_add(OLD.contract_id, -OLD.amount);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM contract_payments_rollup_add(NEW.contract_id, NEW.amount);
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER contract_payments_rollup AFTER INSERT OR UPDATE OR DELETE ON contract_payments
  FOR EACH ROW EXECUTE FUNCTION contract_payments_rollup();

-- What existed before this migration.
SELECT finance_rollup_add(year, source, region_code, planned, 0, 0) FROM budget_pools;
SELECT finance_rollup_add(b.year, b.source, b.region_code, 0, p.committed, 0)
  FROM projects p JOIN budget_pools b ON b.id = p.pool_id WHERE p.committed <> 0;
SELECT finance_rollup_add(b.year, b.source, b.region_code, 0, 0, x.amount)
  FROM contract_payments x JOIN contracts k ON k.id = x.contract_id
  JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON b.id = p.pool_id;

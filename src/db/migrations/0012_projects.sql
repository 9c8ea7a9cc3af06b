-- The project cycle's foundation: budget pools per year, funding source and
-- region; projects designed by a department and committed to a pool; contracts
-- of the undertaking channel with payment milestones and payments; and every
-- income an organization receives (造血). Money is integer fen throughout.
CREATE TABLE budget_pools (
  id BIGINT PRIMARY KEY,
  year BIGINT NOT NULL,
  source VARCHAR(32) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(200) NOT NULL,
  planned BIGINT NOT NULL,
  committed BIGINT NOT NULL DEFAULT 0,
  disbursed BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (year, source, region_code),
  CHECK (committed <= planned AND committed >= 0 AND disbursed >= 0)
);
CREATE INDEX budget_pools_scope ON budget_pools (region_code, year);

CREATE TABLE projects (
  id BIGINT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  department VARCHAR(100) NOT NULL,
  year BIGINT NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  objectives TEXT NOT NULL,
  target_groups_json TEXT NOT NULL,
  beneficiaries_json TEXT NOT NULL,
  indicators_json TEXT NOT NULL,
  budget_lines_json TEXT NOT NULL,
  budget_total BIGINT NOT NULL,
  duration_months BIGINT NOT NULL,
  org_ids_json TEXT NOT NULL,
  survey_id BIGINT,
  channel VARCHAR(16),
  state VARCHAR(16) NOT NULL,
  pool_id BIGINT REFERENCES budget_pools (id),
  funding_source VARCHAR(32),
  committed BIGINT NOT NULL DEFAULT 0,
  contract_id BIGINT,
  note TEXT NOT NULL,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_scope ON projects (region_code, year, id);
CREATE INDEX projects_pool ON projects (pool_id);

CREATE TABLE contracts (
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  channel VARCHAR(16) NOT NULL,
  reason TEXT NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  provider_org_id BIGINT NOT NULL REFERENCES orgs (id),
  purchaser_name VARCHAR(200) NOT NULL,
  purchaser_org_id BIGINT,
  start_on VARCHAR(10) NOT NULL,
  end_on VARCHAR(10) NOT NULL,
  stable_service BIGINT NOT NULL DEFAULT 0,
  term_reason TEXT NOT NULL,
  price BIGINT NOT NULL,
  paid BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (paid <= price AND paid >= 0)
);
CREATE INDEX contracts_scope ON contracts (region_code, id);
CREATE INDEX contracts_provider ON contracts (provider_org_id, id);

CREATE TABLE contract_milestones (
  id BIGINT PRIMARY KEY,
  contract_id BIGINT NOT NULL REFERENCES contracts (id),
  seq BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  amount BIGINT NOT NULL,
  due_on VARCHAR(10) NOT NULL,
  paid BIGINT NOT NULL DEFAULT 0,
  CHECK (paid <= amount AND paid >= 0)
);
CREATE INDEX contract_milestones_contract ON contract_milestones (contract_id, seq);

CREATE TABLE contract_payments (
  id BIGINT PRIMARY KEY,
  contract_id BIGINT NOT NULL REFERENCES contracts (id),
  milestone_id BIGINT NOT NULL REFERENCES contract_milestones (id),
  amount BIGINT NOT NULL,
  paid_on VARCHAR(10) NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT,
  recorded_by_name VARCHAR(64) NOT NULL,
  approved_by BIGINT,
  approved_by_name VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX contract_payments_contract ON contract_payments (contract_id, id);

CREATE TABLE incomes (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  received_on VARCHAR(10) NOT NULL,
  year BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  source VARCHAR(32) NOT NULL,
  contract_id BIGINT REFERENCES contracts (id),
  payment_id BIGINT REFERENCES contract_payments (id),
  note TEXT NOT NULL,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX incomes_scope ON incomes (region_code, year);
CREATE INDEX incomes_org ON incomes (org_id, received_on);

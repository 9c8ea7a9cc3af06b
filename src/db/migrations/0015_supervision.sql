-- Supervision of the project cycle (妇联监督): progress reports of the
-- contracted organization per milestone, payment tranches (released only after
-- the linked report is approved and a second staff member approved the
-- tranche; a release writes one contract_payments row), and site inspections
-- with findings rectified to closure. Money is integer fen; JSON in TEXT.
CREATE TABLE progress_reports (
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  contract_id BIGINT NOT NULL REFERENCES contracts (id),
  milestone_id BIGINT NOT NULL REFERENCES contract_milestones (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  period_end VARCHAR(10) NOT NULL,
  narrative TEXT NOT NULL,
  activities_json TEXT NOT NULL,
  beneficiaries_json TEXT NOT NULL,
  beneficiaries_total BIGINT NOT NULL DEFAULT 0,
  spending_json TEXT NOT NULL,
  spending_total BIGINT NOT NULL DEFAULT 0,
  file_ids_json TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  return_reason TEXT NOT NULL,
  submitted_at BIGINT,
  decided_by BIGINT,
  decided_by_name VARCHAR(100) NOT NULL,
  decided_at BIGINT,
  created_by BIGINT,
  created_by_name VARCHAR(100) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX progress_reports_scope ON progress_reports (region_code, state, id);
CREATE INDEX progress_reports_project ON progress_reports (project_id, milestone_id);
CREATE INDEX progress_reports_org ON progress_reports (org_id, id);

CREATE TABLE tranches (
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  contract_id BIGINT NOT NULL REFERENCES contracts (id),
  milestone_id BIGINT NOT NULL REFERENCES contract_milestones (id),
  report_id BIGINT NOT NULL REFERENCES progress_reports (id),
  region_code VARCHAR(12) NOT NULL,
  amount BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  note TEXT NOT NULL,
  requested_by BIGINT,
  requested_by_name VARCHAR(100) NOT NULL,
  approved_by BIGINT,
  approved_by_name VARCHAR(100) NOT NULL,
  approved_at BIGINT,
  released_by BIGINT,
  released_by_name VARCHAR(100) NOT NULL,
  paid_on VARCHAR(10),
  payment_id BIGINT REFERENCES contract_payments (id),
  reason TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (amount > 0)
);
CREATE INDEX tranches_scope ON tranches (region_code, state, id);
CREATE INDEX tranches_contract ON tranches (contract_id, milestone_id);

CREATE TABLE inspections (
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  org_id BIGINT REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  inspected_on VARCHAR(10) NOT NULL,
  inspectors_json TEXT NOT NULL,
  summary TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  created_by BIGINT,
  created_by_name VARCHAR(100) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX inspections_scope ON inspections (region_code, state, id);
CREATE INDEX inspections_project ON inspections (project_id);

CREATE TABLE inspection_findings (
  id BIGINT PRIMARY KEY,
  inspection_id BIGINT NOT NULL REFERENCES inspections (id),
  seq BIGINT NOT NULL,
  description TEXT NOT NULL,
  rectify_by VARCHAR(10) NOT NULL,
  state VARCHAR(16) NOT NULL,
  response TEXT NOT NULL,
  responded_at BIGINT,
  note TEXT NOT NULL,
  closed_by_name VARCHAR(100) NOT NULL,
  closed_at BIGINT
);
CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id, seq);

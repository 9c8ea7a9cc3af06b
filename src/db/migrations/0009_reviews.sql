-- Annual reviews (年审) with their disclosure items, the due date of each year's
-- campaign, the overdue flags set by the sweep, and cadre liaison visits.
CREATE TABLE review_years (
  year BIGINT PRIMARY KEY,
  due_date VARCHAR(10) NOT NULL,
  updated_by BIGINT,
  updated_at BIGINT NOT NULL
);

CREATE TABLE annual_reviews (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  year BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  work_report_file_id BIGINT,
  financial_file_id BIGINT,
  audit_file_id BIGINT,
  governance TEXT,
  activities TEXT,
  income_fen BIGINT,
  spending_fen BIGINT,
  income_government_fen BIGINT,
  income_donations_fen BIGINT,
  income_service_fees_fen BIGINT,
  income_other_fen BIGINT,
  staff_fulltime BIGINT,
  staff_parttime BIGINT,
  volunteers BIGINT,
  result VARCHAR(24),
  reasons TEXT,
  checklist_json TEXT,
  return_note TEXT,
  submitted_at BIGINT,
  decided_at BIGINT,
  decided_by BIGINT,
  decided_by_name VARCHAR(64),
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE (org_id, year)
);
CREATE INDEX annual_reviews_scope ON annual_reviews (year, region_code);
CREATE INDEX annual_reviews_state ON annual_reviews (state, region_code);

CREATE TABLE review_overdue_flags (
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  year BIGINT NOT NULL,
  region_code VARCHAR(12) NOT NULL,
  flagged_at BIGINT NOT NULL,
  previous_status VARCHAR(16) NOT NULL,
  PRIMARY KEY (org_id, year)
);

CREATE TABLE liaison_visits (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  visited_on VARCHAR(10) NOT NULL,
  form VARCHAR(16) NOT NULL,
  topics TEXT NOT NULL,
  issues TEXT,
  follow_up TEXT,
  follow_up_due VARCHAR(10),
  follow_up_state VARCHAR(8) NOT NULL,
  closing_note TEXT,
  closed_on VARCHAR(10),
  recorded_by BIGINT NOT NULL,
  recorded_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX liaison_visits_org ON liaison_visits (org_id, visited_on);
CREATE INDEX liaison_visits_scope ON liaison_visits (region_code, visited_on);

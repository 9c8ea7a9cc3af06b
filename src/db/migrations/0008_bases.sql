-- Hubs and incubation bases, residency agreements (入驻协议), their graduation
-- checklists and the incubation log (事件跟踪). Times are BIGINT ms UTC; dates of
-- the agreement term and of events are calendar dates 'YYYY-MM-DD'. File ids are
-- plain integers checked through the file service (no FK to files).
CREATE TABLE bases (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  level VARCHAR(16) NOT NULL,
  operator_org_id BIGINT REFERENCES orgs (id),
  contract_no VARCHAR(100),
  contract_start VARCHAR(10),
  contract_end VARCHAR(10),
  contract_file_id BIGINT,
  address VARCHAR(300),
  area_sqm BIGINT,
  rooms BIGINT,
  desks BIGINT,
  contact_name VARCHAR(50),
  office_phone VARCHAR(30),
  description TEXT,
  status VARCHAR(16) NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX bases_region ON bases (region_code, id);
CREATE INDEX bases_operator ON bases (operator_org_id);
CREATE UNIQUE INDEX bases_name ON bases (region_code, kind, name);

CREATE TABLE residencies (
  id BIGINT PRIMARY KEY,
  base_id BIGINT NOT NULL REFERENCES bases (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  state VARCHAR(16) NOT NULL,
  initiated_by VARCHAR(16) NOT NULL,
  service_content TEXT,
  service_standards TEXT,
  committed_hours BIGINT,
  start_date VARCHAR(10),
  end_date VARCHAR(10),
  space VARCHAR(100),
  document_file_id BIGINT,
  note VARCHAR(500),
  signed_at BIGINT,
  signed_by_name VARCHAR(64),
  activated_at BIGINT,
  ended_at BIGINT,
  end_reason VARCHAR(500),
  graduation_override VARCHAR(500),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX residencies_region ON residencies (region_code, state);
CREATE INDEX residencies_base ON residencies (base_id, state);
CREATE INDEX residencies_org ON residencies (org_id, state);
CREATE INDEX residencies_expiry ON residencies (state, end_date);

CREATE TABLE residency_criteria (
  residency_id BIGINT NOT NULL REFERENCES residencies (id),
  code VARCHAR(32) NOT NULL,
  sort BIGINT NOT NULL,
  required BIGINT NOT NULL,
  met BIGINT NOT NULL DEFAULT 0,
  note VARCHAR(300),
  met_at BIGINT,
  met_by_name VARCHAR(64),
  PRIMARY KEY (residency_id, code)
);

CREATE TABLE residency_events (
  id BIGINT PRIMARY KEY,
  residency_id BIGINT NOT NULL REFERENCES residencies (id),
  base_id BIGINT NOT NULL REFERENCES bases (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  kind VARCHAR(24) NOT NULL,
  occurred_on VARCHAR(10) NOT NULL,
  title VARCHAR(200) NOT NULL,
  notes TEXT,
  minutes BIGINT NOT NULL DEFAULT 0,
  attachments VARCHAR(500),
  recorded_by BIGINT,
  recorded_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX residency_events_residency ON residency_events (residency_id, occurred_on);
CREATE INDEX residency_events_base ON residency_events (base_id, occurred_on);
CREATE INDEX residency_events_org ON residency_events (org_id, occurred_on);

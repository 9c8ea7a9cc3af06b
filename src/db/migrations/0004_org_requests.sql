-- Change requests from organization accounts for key fields (name, code, kind,
-- region), decided by staff in scope; and per-region counts by service domain.
CREATE TABLE org_change_requests (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  requested_by BIGINT NOT NULL,
  requested_by_name VARCHAR(64) NOT NULL,
  requested_at BIGINT NOT NULL,
  changes_json TEXT NOT NULL,
  reason VARCHAR(500),
  status VARCHAR(16) NOT NULL,
  decided_by BIGINT,
  decided_by_name VARCHAR(64),
  decided_at BIGINT,
  decision_note VARCHAR(500)
);
CREATE INDEX org_change_requests_scope ON org_change_requests (status, region_code);
CREATE INDEX org_change_requests_org ON org_change_requests (org_id, requested_at);

CREATE TABLE org_domain_counts (
  region_code VARCHAR(12) NOT NULL,
  domain VARCHAR(48) NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (region_code, domain)
);

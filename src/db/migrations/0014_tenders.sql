-- The public-tender channel of the project cycle (公开招标): tender notices
-- for a project, sealed bids (price and team encrypted until opening), the
-- review panel with conflict-of-interest declarations, scores per bid and
-- criterion, and the award that creates the project's contract.
CREATE TABLE tenders (
  id BIGINT PRIMARY KEY,
  project_id BIGINT NOT NULL REFERENCES projects (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  eligibility TEXT NOT NULL,
  criteria_json TEXT NOT NULL,
  budget BIGINT NOT NULL,
  bid_deadline BIGINT NOT NULL,
  opening_at BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  cancel_reason TEXT NOT NULL,
  published_at BIGINT,
  opened_at BIGINT,
  scored_at BIGINT,
  awarded_at BIGINT,
  award_bid_id BIGINT,
  award_reason TEXT NOT NULL,
  contract_id BIGINT,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tenders_scope ON tenders (region_code, id);
CREATE INDEX tenders_state ON tenders (state, published_at);
CREATE INDEX tenders_project ON tenders (project_id);

CREATE TABLE tender_bids (
  id BIGINT PRIMARY KEY,
  tender_id BIGINT NOT NULL REFERENCES tenders (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  price_sealed TEXT NOT NULL,
  team_sealed TEXT NOT NULL,
  file_id BIGINT REFERENCES files (id),
  eligible BIGINT NOT NULL,
  ineligible_reason TEXT NOT NULL,
  submitted_by BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (tender_id, org_id)
);
CREATE INDEX tender_bids_file ON tender_bids (file_id);

CREATE TABLE tender_reviewers (
  tender_id BIGINT NOT NULL REFERENCES tenders (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  declared_at BIGINT,
  conflict BIGINT NOT NULL DEFAULT 0,
  conflict_note TEXT NOT NULL,
  finished_at BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tender_id, user_id)
);
CREATE INDEX tender_reviewers_user ON tender_reviewers (user_id, tender_id);

CREATE TABLE tender_scores (
  bid_id BIGINT NOT NULL REFERENCES tender_bids (id),
  reviewer_id BIGINT NOT NULL REFERENCES users (id),
  criterion VARCHAR(32) NOT NULL,
  tender_id BIGINT NOT NULL REFERENCES tenders (id),
  score BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (bid_id, reviewer_id, criterion),
  CHECK (score >= 0 AND score <= 100)
);
CREATE INDEX tender_scores_tender ON tender_scores (tender_id, reviewer_id);

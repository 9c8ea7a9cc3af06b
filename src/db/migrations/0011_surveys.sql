-- Needs surveys (需求调查): a questionnaire scoped to a region, the target
-- organizations materialized when it is opened, and one response per target.
-- Questions and answers are JSON documents validated by hub/survey_model.cpp.
CREATE TABLE surveys (
  id BIGINT PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  state VARCHAR(16) NOT NULL,
  questions_json TEXT NOT NULL,
  target_json TEXT NOT NULL,
  opens_at BIGINT,
  closes_at BIGINT,
  opened_at BIGINT,
  closed_at BIGINT,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX surveys_scope ON surveys (region_code, created_at);
CREATE INDEX surveys_closing ON surveys (state, closes_at);

CREATE TABLE survey_targets (
  survey_id BIGINT NOT NULL REFERENCES surveys (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL,
  PRIMARY KEY (survey_id, org_id)
);
CREATE INDEX survey_targets_org ON survey_targets (org_id, survey_id);

CREATE TABLE survey_responses (
  id BIGINT PRIMARY KEY,
  survey_id BIGINT NOT NULL REFERENCES surveys (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  answers_json TEXT NOT NULL,
  submitted_by BIGINT,
  submitted_by_name VARCHAR(64) NOT NULL,
  submitted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  revision BIGINT NOT NULL,
  UNIQUE (survey_id, org_id)
);

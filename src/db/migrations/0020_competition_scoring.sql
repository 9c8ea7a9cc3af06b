-- Expert scoring, result adjustments and rule amendments of competitions
-- (公益创投). Builds on 0017_competitions.sql. Times are UTC epoch seconds.
--
-- competition_reviewers: the expert panel of a competition (users with the
--   reviewer role, assigned by staff).
-- competition_recusals: a reviewer's conflict-of-interest declaration for one
--   entry; a recused reviewer cannot score that entry (their scores of it are
--   removed when they recuse).
-- competition_scores: one score 0–100 per reviewer, entry and criterion of
--   criteria_json.
-- competition_adjustments: a proposed change of an entry's rank and/or
--   awarded amount with its reason; state 'pending' -> 'approved' by a second
--   staff user (never the proposer) or 'rejected'. Only approved adjustments
--   change the computed results.
-- competition_amendments: every change of rules/dates after the rules froze,
--   with its reason and the before/after values.
CREATE TABLE competition_reviewers (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (competition_id, user_id)
);
CREATE INDEX competition_reviewers_user ON competition_reviewers (user_id);

CREATE TABLE competition_recusals (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  application_id BIGINT NOT NULL REFERENCES competition_applications (id),
  reviewer_id BIGINT NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (application_id, reviewer_id)
);

CREATE TABLE competition_scores (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  application_id BIGINT NOT NULL REFERENCES competition_applications (id),
  reviewer_id BIGINT NOT NULL REFERENCES users (id),
  criterion VARCHAR(32) NOT NULL,
  score BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (application_id, reviewer_id, criterion),
  CHECK (score >= 0 AND score <= 100)
);
CREATE INDEX competition_scores_comp ON competition_scores (competition_id, reviewer_id);

CREATE TABLE competition_adjustments (
  id BIGINT PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  application_id BIGINT NOT NULL REFERENCES competition_applications (id),
  new_rank BIGINT,
  new_awarded_fen BIGINT,
  reason TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  proposed_by BIGINT,
  proposed_by_name VARCHAR(64) NOT NULL,
  decided_by BIGINT,
  decided_by_name VARCHAR(64) NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  CHECK (new_awarded_fen IS NULL OR new_awarded_fen >= 0)
);
CREATE INDEX competition_adjustments_comp ON competition_adjustments (competition_id, state);

CREATE TABLE competition_amendments (
  id BIGINT PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  reason TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  amended_by BIGINT,
  amended_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX competition_amendments_comp ON competition_amendments (competition_id, id);

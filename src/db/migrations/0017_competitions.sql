-- Venture-philanthropy competitions (公益创投, e.g. the provincial 集思公益
-- plan): a competition with its phases, funding pool, eligibility, score/vote
-- weights, award rule and public-voting rules; and the entries organizations
-- apply with. Scoring, results, votes and Homes build on these two tables.
-- Money is integer fen; times are UTC epoch seconds.
--
-- competitions.kind: 'venture' (公益创投) or 'home_star' (star-rated Women &
--   Children Home applications). state: 'draft' -> 'open' (phases then follow
--   the dates) -> 'results' (published) -> 'closed'; or 'cancelled'.
-- vote_rules_json: {"max_entries_per_day":N,"per_entry_per_day":1}; frozen
--   (rules_frozen_at) when voting opens, changed afterwards only by an audited
--   amendment. counts_hidden=1 hides live counts until voting_closes_at.
-- competition_applications.state: 'draft', 'submitted', 'qualified',
--   'rejected', 'funded', 'not_funded', 'withdrawn'. Entries open to public
--   voting are the qualified ones ('qualified', 'funded', 'not_funded').
CREATE TABLE competitions (
  id BIGINT PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(200) NOT NULL,
  series VARCHAR(100) NOT NULL,
  phase_no BIGINT NOT NULL,
  year BIGINT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  description TEXT NOT NULL,
  pool_fen BIGINT NOT NULL,
  budget_pool_id BIGINT REFERENCES budget_pools (id),
  eligibility_json TEXT NOT NULL,
  matching_ratio_pct BIGINT NOT NULL,
  expert_weight_pct BIGINT NOT NULL,
  vote_weight_pct BIGINT NOT NULL,
  award_rule_json TEXT NOT NULL,
  criteria_json TEXT NOT NULL,
  vote_rules_json TEXT NOT NULL,
  counts_hidden BIGINT NOT NULL,
  apply_opens_at BIGINT NOT NULL,
  apply_closes_at BIGINT NOT NULL,
  qualify_closes_at BIGINT NOT NULL,
  scoring_closes_at BIGINT NOT NULL,
  voting_opens_at BIGINT NOT NULL,
  voting_closes_at BIGINT NOT NULL,
  results_at BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  rules_frozen_at BIGINT,
  results_published_at BIGINT,
  closed_at BIGINT,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (pool_fen >= 0),
  CHECK (expert_weight_pct >= 0 AND vote_weight_pct >= 0
         AND expert_weight_pct + vote_weight_pct = 100),
  CHECK (apply_opens_at <= apply_closes_at AND voting_opens_at <= voting_closes_at)
);
CREATE INDEX competitions_scope ON competitions (region_code, year, id);
CREATE INDEX competitions_state ON competitions (state, voting_opens_at);

-- An entry (申报项目). entry_no is the public number voters see; region_code
-- is the applying organization's region (scope and per-region quotas).
CREATE TABLE competition_applications (
  id BIGINT PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  entry_no BIGINT,
  title VARCHAR(200) NOT NULL,
  summary TEXT NOT NULL,
  plan TEXT NOT NULL,
  budget_lines_json TEXT NOT NULL,
  requested_fen BIGINT NOT NULL,
  matching_fen BIGINT NOT NULL,
  file_ids_json TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  qualification_reason TEXT NOT NULL,
  submitted_at BIGINT,
  qualified_at BIGINT,
  awarded_fen BIGINT NOT NULL DEFAULT 0,
  project_id BIGINT REFERENCES projects (id),
  created_by BIGINT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (competition_id, entry_no),
  CHECK (requested_fen >= 0 AND matching_fen >= 0 AND awarded_fen >= 0)
);
CREATE INDEX competition_applications_comp ON competition_applications (competition_id, state, id);
CREATE INDEX competition_applications_org ON competition_applications (org_id, competition_id);
CREATE INDEX competition_applications_scope ON competition_applications (region_code, competition_id);

-- Public votes (集票投票). One row per vote; voter_key is a keyed hash of the
-- verified phone (never the phone itself); vote_day is the voting day in China
-- Standard Time (days since 1970-01-01 CST). The UNIQUE constraint is the rule
-- "one vote per entry per voter per day", so concurrent identical requests
-- leave exactly one row. A voided vote stays recorded with its reason and is
-- not counted. Results count online = rows with voided_at IS NULL.
CREATE TABLE competition_votes (
  id BIGINT PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  application_id BIGINT NOT NULL REFERENCES competition_applications (id),
  voter_key VARCHAR(64) NOT NULL,
  vote_day BIGINT NOT NULL,
  ip VARCHAR(45) NOT NULL,
  subnet VARCHAR(45) NOT NULL,
  created_at BIGINT NOT NULL,
  voided_at BIGINT,
  voided_by BIGINT,
  void_reason TEXT NOT NULL DEFAULT '',
  UNIQUE (competition_id, application_id, voter_key, vote_day)
);
CREATE INDEX competition_votes_entry ON competition_votes (competition_id, application_id);
CREATE INDEX competition_votes_time ON competition_votes (competition_id, created_at);
CREATE INDEX competition_votes_voter ON competition_votes (competition_id, voter_key, vote_day);

-- Paper ballots collected at events, entered in audited batches and merged
-- with the online count: paper = SUM(votes) over batches not voided.
CREATE TABLE competition_paper_batches (
  id BIGINT PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  event_name VARCHAR(200) NOT NULL,
  collected_at BIGINT NOT NULL,
  note TEXT NOT NULL,
  entered_by BIGINT,
  entered_by_name VARCHAR(64) NOT NULL,
  voided_at BIGINT,
  void_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX competition_paper_batches_comp ON competition_paper_batches (competition_id, id);

CREATE TABLE competition_paper_counts (
  batch_id BIGINT NOT NULL REFERENCES competition_paper_batches (id),
  application_id BIGINT NOT NULL REFERENCES competition_applications (id),
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  votes BIGINT NOT NULL,
  PRIMARY KEY (batch_id, application_id),
  CHECK (votes >= 0)
);
CREATE INDEX competition_paper_counts_entry ON competition_paper_counts (competition_id, application_id);

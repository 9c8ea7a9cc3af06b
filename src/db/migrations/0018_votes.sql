-- Public voting (集票投票): one-time codes, verified voter sessions, send
-- counters, the per-voter-per-day entry counter and idempotent vote requests.
-- Phones are never stored: phone_key / voter_key are keyed hashes (HMAC under
-- the server secret). Times are UTC epoch seconds.

-- The current one-time code of a phone for a competition. code_hash is a
-- keyed hash of the code (the code itself is never stored); attempts counts
-- wrong tries (dead at 5); used_at is set when the code was exchanged.
CREATE TABLE vote_otp_codes (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  phone_key VARCHAR(64) NOT NULL,
  code_hash VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  used_at BIGINT,
  PRIMARY KEY (competition_id, phone_key)
);

-- One row per code sent, for the send limits: kind 'phone' (key = phone_key)
-- or 'ip' (key = the client address).
CREATE TABLE vote_otp_sends (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(8) NOT NULL,
  send_key VARCHAR(64) NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE INDEX vote_otp_sends_key ON vote_otp_sends (kind, send_key, sent_at);

-- A verified voter: token_hash is SHA-256 of the bearer token the voter holds.
CREATE TABLE vote_voter_sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  voter_key VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX vote_voter_sessions_exp ON vote_voter_sessions (expires_at);

-- Entries voted by a voter on a day: the rule "at most max_allowed entries a
-- day" held by a CHECK, so concurrent requests (from any server) cannot pass it.
CREATE TABLE vote_voter_days (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  voter_key VARCHAR(64) NOT NULL,
  vote_day BIGINT NOT NULL,
  used BIGINT NOT NULL,
  max_allowed BIGINT NOT NULL,
  PRIMARY KEY (competition_id, voter_key, vote_day),
  CHECK (used >= 0 AND used <= max_allowed)
);

-- Idempotent vote requests: the answer given to (voter, Idempotency-Key) is
-- kept, and a repeat of the request gets the same answer.
CREATE TABLE vote_requests (
  competition_id BIGINT NOT NULL REFERENCES competitions (id),
  voter_key VARCHAR(64) NOT NULL,
  idem_key VARCHAR(80) NOT NULL,
  response_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (competition_id, voter_key, idem_key)
);

-- Foundation schema: regions, users, sessions, login throttle, audit events.
-- Portable SQL for SQLite and PostgreSQL; times are BIGINT milliseconds UTC.
CREATE TABLE regions (
  code VARCHAR(12) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  level BIGINT NOT NULL,
  parent_code VARCHAR(12),
  child_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX regions_parent ON regions (parent_code, code);
CREATE INDEX regions_name ON regions (name);

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  username VARCHAR(64) NOT NULL UNIQUE,
  display_name VARCHAR(100) NOT NULL,
  role VARCHAR(16) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  org_id BIGINT,
  password_hash VARCHAR(255) NOT NULL,
  password_changed_at BIGINT NOT NULL,
  must_change_password BIGINT NOT NULL DEFAULT 0,
  failed_count BIGINT NOT NULL DEFAULT 0,
  lock_count BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT,
  admin_locked BIGINT NOT NULL DEFAULT 0,
  totp_secret VARCHAR(128),
  totp_enabled BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_login_at BIGINT
);
CREATE INDEX users_region ON users (region_code);

CREATE TABLE password_history (
  user_id BIGINT NOT NULL REFERENCES users (id),
  password_hash VARCHAR(255) NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, changed_at);

CREATE TABLE sessions (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  client_ip VARCHAR(64)
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
  ip VARCHAR(64) PRIMARY KEY,
  window_start BIGINT NOT NULL,
  failures BIGINT NOT NULL
);

CREATE TABLE audit_events (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_name VARCHAR(64),
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(32),
  object_id VARCHAR(64),
  region_code VARCHAR(12),
  request_id VARCHAR(64),
  client_ip VARCHAR(64),
  before_json TEXT,
  after_json TEXT,
  prev_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_region ON audit_events (region_code, seq);

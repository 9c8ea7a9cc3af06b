-- Notices and reminders: the notice, its recipients (one row per organization,
-- with the read receipt), staff reads of reminders meant for staff, the keys of
-- reminders already turned into notices, and the outbox of outbound deliveries
-- with its log. Counts of recipients and reads are kept on the notice so the
-- receipt summary never scans the recipients.
CREATE TABLE notices (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  title VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  title_en VARCHAR(200),
  body_en TEXT,
  link VARCHAR(300),
  sender_id BIGINT,
  sender_name VARCHAR(100) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  audience_kind VARCHAR(8) NOT NULL,
  audience TEXT NOT NULL,
  attachments TEXT NOT NULL,
  recipients BIGINT NOT NULL DEFAULT 0,
  read_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX notices_region ON notices (region_code, created_at);
CREATE INDEX notices_audience ON notices (audience_kind, region_code, created_at);

CREATE TABLE notice_recipients (
  notice_id BIGINT NOT NULL REFERENCES notices (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  read_at BIGINT,
  read_by BIGINT,
  PRIMARY KEY (notice_id, org_id)
);
CREATE INDEX notice_recipients_org ON notice_recipients (org_id, notice_id);

CREATE TABLE notice_staff_reads (
  notice_id BIGINT NOT NULL REFERENCES notices (id),
  user_id BIGINT NOT NULL,
  read_at BIGINT NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);

CREATE TABLE reminders_sent (
  reminder_key VARCHAR(200) PRIMARY KEY,
  source VARCHAR(64) NOT NULL,
  notice_id BIGINT NOT NULL REFERENCES notices (id),
  created_at BIGINT NOT NULL
);

CREATE TABLE notice_deliveries (
  id INTEGER PRIMARY KEY,
  notice_id BIGINT NOT NULL REFERENCES notices (id),
  org_id BIGINT,
  channel VARCHAR(16) NOT NULL,
  address VARCHAR(200),
  status VARCHAR(8) NOT NULL,
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX notice_deliveries_due ON notice_deliveries (status, next_attempt_at);
CREATE INDEX notice_deliveries_notice ON notice_deliveries (notice_id, id);

CREATE TABLE notice_delivery_log (
  id INTEGER PRIMARY KEY,
  delivery_id BIGINT NOT NULL REFERENCES notice_deliveries (id),
  notice_id BIGINT NOT NULL,
  channel VARCHAR(16) NOT NULL,
  attempt BIGINT NOT NULL,
  outcome VARCHAR(8) NOT NULL,
  error TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX notice_delivery_log_notice ON notice_delivery_log (notice_id, at);

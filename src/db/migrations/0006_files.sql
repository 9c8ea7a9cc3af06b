-- Attachments: one row per upload (metadata, scope), read grants for other
-- organizations, and the content itself when files_storage = db.
CREATE TABLE files (
  id BIGINT PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  mime VARCHAR(100) NOT NULL,
  size BIGINT NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  storage VARCHAR(8) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  org_id BIGINT REFERENCES orgs (id),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX files_region ON files (region_code, id);
CREATE INDEX files_org ON files (org_id, id);
CREATE INDEX files_creator ON files (created_by, id);

-- Lets the accounts of another organization read a file (e.g. a base operator
-- reads its residents' agreements).
CREATE TABLE file_grants (
  file_id BIGINT NOT NULL REFERENCES files (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (file_id, org_id)
);
CREATE INDEX file_grants_org ON file_grants (org_id, file_id);

-- Content-addressed blobs for files_storage = db. The bytes are kept as base64
-- TEXT: our SOCI wrapper binds only integers, doubles and strings, SQLite BLOB
-- and PostgreSQL BYTEA need different SOCI types, and PostgreSQL TEXT cannot
-- hold NUL bytes; base64 text works unchanged on both engines (+33 % space).
CREATE TABLE file_blobs (
  sha256 VARCHAR(64) PRIMARY KEY,
  size BIGINT NOT NULL,
  data TEXT NOT NULL
);

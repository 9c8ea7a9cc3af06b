-- University internship bases (实习基地): the agreement between a university and
-- a hosting organization or incubation base (term, supervisors on both sides),
-- the interns placed there (sealed phone, evaluation) and their logged hours,
-- one entry per day's work. Times are UTC epoch milliseconds; calendar dates
-- are YYYY-MM-DD text.
--
-- internship_bases.org_id: the hosting organization (for a base host, the
--   base's operator when it has one); region_code: the host's region, which
--   scopes the base, its interns and their hours.
-- interns.grade: '' (not evaluated), 'excellent' (优秀), 'good' (良好),
--   'pass' (合格), 'fail' (不合格).
-- intern_hours.hours: whole hours, 1–24; the sum per intern and day is ≤ 24.
CREATE TABLE internship_bases (
  id BIGINT PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(200) NOT NULL,
  university VARCHAR(100) NOT NULL,
  majors VARCHAR(200) NOT NULL,
  org_id BIGINT REFERENCES orgs (id),
  base_id BIGINT REFERENCES bases (id),
  agreement_no VARCHAR(100) NOT NULL,
  term_start VARCHAR(10) NOT NULL,
  term_end VARCHAR(10) NOT NULL,
  school_supervisor VARCHAR(64) NOT NULL,
  org_supervisor VARCHAR(64) NOT NULL,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (term_end >= term_start),
  CHECK (org_id IS NOT NULL OR base_id IS NOT NULL)
);
CREATE INDEX internship_bases_scope ON internship_bases (region_code, term_start);
CREATE INDEX internship_bases_org ON internship_bases (org_id);

CREATE TABLE interns (
  id BIGINT PRIMARY KEY,
  internship_base_id BIGINT NOT NULL REFERENCES internship_bases (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  org_id BIGINT REFERENCES orgs (id),
  name VARCHAR(64) NOT NULL,
  school VARCHAR(100) NOT NULL,
  major VARCHAR(100) NOT NULL,
  phone_sealed TEXT NOT NULL,
  phone_index VARCHAR(64) NOT NULL,
  phone_masked VARCHAR(32) NOT NULL,
  start_on VARCHAR(10) NOT NULL,
  end_on VARCHAR(10) NOT NULL,
  grade VARCHAR(16) NOT NULL,
  evaluation TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (end_on >= start_on)
);
CREATE INDEX interns_base ON interns (internship_base_id, start_on);
CREATE INDEX interns_scope ON interns (region_code, start_on);
CREATE INDEX interns_org ON interns (org_id, start_on);

CREATE TABLE intern_hours (
  id BIGINT PRIMARY KEY,
  intern_id BIGINT NOT NULL REFERENCES interns (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  worked_on VARCHAR(10) NOT NULL,
  hours BIGINT NOT NULL,
  activity VARCHAR(500) NOT NULL,
  recorded_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (hours > 0 AND hours <= 24)
);
CREATE INDEX intern_hours_intern ON intern_hours (intern_id, worked_on);
CREATE INDEX intern_hours_scope ON intern_hours (region_code, worked_on);

-- Star-rated Women & Children Homes (妇女之家 / 妇女儿童之家 / 儿童之家): the
-- registry of sites in villages and communities, the star-rating criteria
-- (checklist with points and star thresholds, per region and year), the
-- assessments that give a Home its star level, and the funding it received.
-- Money is integer fen; created/updated times are UTC epoch milliseconds;
-- calendar dates are YYYY-MM-DD text.
--
-- homes.kind: 'women' (妇女之家), 'women_children' (妇女儿童之家),
--   'children' (儿童之家). status: 'active', 'suspended', 'closed'.
-- homes.star_*: the Home's current star, copied from the latest approved
--   assessment (star_level 0 = none); a star whose star_valid_until lies in
--   the past is shown as expired.
-- home_assessments.state: 'pending' (recorded, waiting for a second staff
--   user), 'approved', 'rejected'. items_json keeps a snapshot of the checklist
--   with the points given, so later criteria changes leave it as it was.
CREATE TABLE homes (
  id BIGINT PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  address VARCHAR(300) NOT NULL,
  contact_name VARCHAR(64) NOT NULL,
  contact_phone_sealed TEXT NOT NULL,
  contact_phone_masked VARCHAR(32) NOT NULL,
  org_id BIGINT REFERENCES orgs (id),
  founded_on VARCHAR(10),
  status VARCHAR(16) NOT NULL,
  opening_hours VARCHAR(200) NOT NULL,
  services TEXT NOT NULL,
  area_m2 BIGINT NOT NULL,
  star_level BIGINT NOT NULL DEFAULT 0,
  star_valid_from VARCHAR(10),
  star_valid_until VARCHAR(10),
  star_assessment_id BIGINT,
  created_by BIGINT,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (area_m2 >= 0),
  CHECK (star_level >= 0 AND star_level <= 5)
);
CREATE INDEX homes_scope ON homes (region_code, id);
CREATE INDEX homes_org ON homes (org_id);
CREATE INDEX homes_star ON homes (star_level, star_valid_until);

CREATE TABLE home_criteria (
  id BIGINT PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  year BIGINT NOT NULL,
  items_json TEXT NOT NULL,
  thresholds_json TEXT NOT NULL,
  validity_years BIGINT NOT NULL,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (region_code, year),
  CHECK (validity_years >= 1 AND validity_years <= 10)
);

CREATE TABLE home_assessments (
  id BIGINT PRIMARY KEY,
  home_id BIGINT NOT NULL REFERENCES homes (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  criteria_id BIGINT NOT NULL REFERENCES home_criteria (id),
  application_id BIGINT REFERENCES competition_applications (id),
  items_json TEXT NOT NULL,
  total_points BIGINT NOT NULL,
  star_level BIGINT NOT NULL,
  notes TEXT NOT NULL,
  assessor_name VARCHAR(64) NOT NULL,
  assessed_on VARCHAR(10) NOT NULL,
  valid_from VARCHAR(10) NOT NULL,
  valid_until VARCHAR(10) NOT NULL,
  state VARCHAR(16) NOT NULL,
  decision_note TEXT NOT NULL,
  recorded_by BIGINT,
  recorded_by_name VARCHAR(64) NOT NULL,
  decided_by BIGINT,
  decided_by_name VARCHAR(64) NOT NULL,
  decided_at BIGINT,
  created_at BIGINT NOT NULL,
  CHECK (star_level >= 0 AND star_level <= 5),
  CHECK (total_points >= 0)
);
CREATE INDEX home_assessments_home ON home_assessments (home_id, state, valid_from);
CREATE INDEX home_assessments_scope ON home_assessments (region_code, state, valid_from);

-- Evidence files of an assessment, per checklist item.
CREATE TABLE home_assessment_files (
  assessment_id BIGINT NOT NULL REFERENCES home_assessments (id),
  item_code VARCHAR(32) NOT NULL,
  file_id BIGINT NOT NULL REFERENCES files (id),
  PRIMARY KEY (assessment_id, item_code, file_id)
);
CREATE INDEX home_assessment_files_file ON home_assessment_files (file_id);

CREATE TABLE home_funding (
  id BIGINT PRIMARY KEY,
  home_id BIGINT NOT NULL REFERENCES homes (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  year BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  source VARCHAR(100) NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT,
  recorded_by_name VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (amount_fen > 0)
);
CREATE INDEX home_funding_home ON home_funding (home_id, year);
CREATE INDEX home_funding_scope ON home_funding (region_code, year);

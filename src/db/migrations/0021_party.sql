-- The joint Party branch (联合党支部) of the organizations' scattered ("floating")
-- Party members: the branch led by an organization in a region, the user
-- accounts appointed as its officers (the only non-admin readers), its members
-- with their relation transfer dates and sealed personal data, and its
-- activities (三会一课, themed days) with attendance per member.
-- Times are UTC epoch milliseconds; calendar dates are YYYY-MM-DD text.
--
-- party_members.status: 'full' (正式党员), 'probationary' (预备党员).
-- party_members.post: '' (no committee post) or 'secretary' (书记),
--   'deputy_secretary' (副书记), 'organization' (组织委员), 'propaganda'
--   (宣传委员), 'discipline' (纪检委员), 'youth' (青年委员), 'women' (妇女委员).
-- party_members.id_number_* / phone_*: AEAD-sealed value, keyed-hash blind
--   index (duplicate checks) and masked copy; never stored in clear.
-- party_activities.kind: 'assembly' (支部党员大会), 'committee' (支委会),
--   'group' (党小组会), 'lecture' (党课), 'themed_day' (主题党日).
-- party_attendance.status: 'present', 'absent' (reason required), 'excused' (请假).
CREATE TABLE party_branches (
  id BIGINT PRIMARY KEY,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(200) NOT NULL,
  lead_org_id BIGINT NOT NULL REFERENCES orgs (id),
  founded_on VARCHAR(10),
  description TEXT NOT NULL,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX party_branches_scope ON party_branches (region_code, id);
CREATE UNIQUE INDEX party_branches_name ON party_branches (region_code, name);

CREATE TABLE party_branch_officers (
  branch_id BIGINT NOT NULL REFERENCES party_branches (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  appointed_by_name VARCHAR(64) NOT NULL,
  appointed_at BIGINT NOT NULL,
  PRIMARY KEY (branch_id, user_id)
);
CREATE INDEX party_branch_officers_user ON party_branch_officers (user_id, branch_id);

CREATE TABLE party_members (
  id BIGINT PRIMARY KEY,
  branch_id BIGINT NOT NULL REFERENCES party_branches (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  name VARCHAR(64) NOT NULL,
  org_id BIGINT REFERENCES orgs (id),
  status VARCHAR(16) NOT NULL,
  post VARCHAR(20) NOT NULL,
  joined_party_on VARCHAR(10),
  transfer_in_on VARCHAR(10) NOT NULL,
  transfer_out_on VARCHAR(10),
  id_number_sealed TEXT NOT NULL,
  id_number_index VARCHAR(64) NOT NULL,
  id_number_masked VARCHAR(32) NOT NULL,
  phone_sealed TEXT NOT NULL,
  phone_index VARCHAR(64) NOT NULL,
  phone_masked VARCHAR(32) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (transfer_out_on IS NULL OR transfer_out_on >= transfer_in_on)
);
CREATE INDEX party_members_branch ON party_members (branch_id, name);
CREATE UNIQUE INDEX party_members_id_number ON party_members (branch_id, id_number_index);
CREATE INDEX party_members_scope ON party_members (region_code, transfer_in_on);

CREATE TABLE party_activities (
  id BIGINT PRIMARY KEY,
  branch_id BIGINT NOT NULL REFERENCES party_branches (id),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  kind VARCHAR(16) NOT NULL,
  held_on VARCHAR(10) NOT NULL,
  place VARCHAR(200) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  minutes TEXT NOT NULL,
  created_by_name VARCHAR(64) NOT NULL,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX party_activities_branch ON party_activities (branch_id, held_on);
CREATE INDEX party_activities_scope ON party_activities (region_code, held_on);

CREATE TABLE party_attendance (
  activity_id BIGINT NOT NULL REFERENCES party_activities (id),
  member_id BIGINT NOT NULL REFERENCES party_members (id),
  status VARCHAR(16) NOT NULL,
  reason VARCHAR(200) NOT NULL,
  PRIMARY KEY (activity_id, member_id)
);
CREATE INDEX party_attendance_member ON party_attendance (member_id, status);

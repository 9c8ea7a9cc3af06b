-- Meetings (社团联席会议, 社团组织会议) with invitations, attendance and
-- resolutions; trainings, field visits and study trips with enrolments
-- (capacity and waitlist), materials, attendance and feedback. Times are
-- milliseconds UTC; file ids are checked through the files service.
CREATE TABLE meetings (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  title VARCHAR(200) NOT NULL,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  place VARCHAR(200),
  agenda TEXT,
  state VARCHAR(16) NOT NULL,
  checkin_code VARCHAR(16) NOT NULL,
  minutes TEXT,
  minutes_file_id BIGINT,
  cancel_reason VARCHAR(500),
  created_by BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX meetings_scope ON meetings (region_code, starts_at);
CREATE INDEX meetings_time ON meetings (starts_at);

CREATE TABLE meeting_invitations (
  meeting_id BIGINT NOT NULL REFERENCES meetings (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  status VARCHAR(16) NOT NULL,
  method VARCHAR(16),
  invited_at BIGINT NOT NULL,
  confirmed_at BIGINT,
  attended_at BIGINT,
  PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX meeting_invitations_org ON meeting_invitations (org_id);

CREATE TABLE meeting_resolutions (
  id BIGINT PRIMARY KEY,
  meeting_id BIGINT NOT NULL REFERENCES meetings (id),
  content VARCHAR(2000) NOT NULL,
  owner_org_id BIGINT REFERENCES orgs (id),
  owner_user_id BIGINT REFERENCES users (id),
  due_on VARCHAR(10),
  state VARCHAR(16) NOT NULL,
  done_note VARCHAR(1000),
  done_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX meeting_resolutions_meeting ON meeting_resolutions (meeting_id);
CREATE INDEX meeting_resolutions_due ON meeting_resolutions (state, due_on);

CREATE TABLE trainings (
  id BIGINT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  title VARCHAR(200) NOT NULL,
  topic VARCHAR(500),
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  place VARCHAR(200),
  capacity BIGINT,
  hours_x10 BIGINT NOT NULL DEFAULT 0,
  state VARCHAR(16) NOT NULL,
  cancel_reason VARCHAR(500),
  created_by BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX trainings_scope ON trainings (region_code, starts_at);
CREATE INDEX trainings_time ON trainings (state, starts_at);

CREATE TABLE training_materials (
  training_id BIGINT NOT NULL REFERENCES trainings (id),
  file_id BIGINT NOT NULL,
  PRIMARY KEY (training_id, file_id)
);

CREATE TABLE training_enrolments (
  id BIGINT PRIMARY KEY,
  training_id BIGINT NOT NULL REFERENCES trainings (id),
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  person_name VARCHAR(50) NOT NULL,
  person_position VARCHAR(100),
  phone_sealed TEXT,
  phone_masked VARCHAR(20),
  state VARCHAR(16) NOT NULL,
  seq BIGINT NOT NULL,
  feedback_score BIGINT,
  feedback_comment VARCHAR(1000),
  checked_in_at BIGINT,
  created_by BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX training_enrolments_training ON training_enrolments (training_id, state, seq);
CREATE INDEX training_enrolments_org ON training_enrolments (org_id);

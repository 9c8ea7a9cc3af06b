-- The organization information base: dictionaries, organizations, their service
-- domains, field-level history, and per-region counts kept up to date on write.
CREATE TABLE dict_items (
  dict VARCHAR(32) NOT NULL,
  code VARCHAR(48) NOT NULL,
  name_zh VARCHAR(100) NOT NULL,
  name_en VARCHAR(100) NOT NULL,
  sort BIGINT NOT NULL DEFAULT 0,
  registered BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (dict, code)
);

INSERT INTO dict_items (dict, code, name_zh, name_en, sort, registered) VALUES
  ('org_kind', 'association', '社会团体', 'Association', 1, 1),
  ('org_kind', 'social_service_agency', '社会服务机构(民办非企业单位)', 'Social service agency', 2, 1),
  ('org_kind', 'foundation', '基金会', 'Foundation', 3, 1),
  ('org_kind', 'micro_org', '民间微组织', 'Micro-organization', 4, 0),
  ('org_kind', 'volunteer_team', '志愿者队伍', 'Volunteer team', 5, 0),
  ('org_kind', 'cooperative', '合作组织', 'Cooperative', 6, 0),
  ('org_kind', 'womens_home', '妇女之家', 'Women''s Home', 7, 0),
  ('service_domain', 'family_education', '家庭教育', 'Family education', 1, 0),
  ('service_domain', 'rights_protection', '妇女维权', 'Rights protection', 2, 0),
  ('service_domain', 'housekeeping', '家政服务', 'Housekeeping', 3, 0),
  ('service_domain', 'marriage_dating', '婚恋交友', 'Marriage and dating', 4, 0),
  ('service_domain', 'child_care', '儿童关爱', 'Child care', 5, 0),
  ('service_domain', 'anti_domestic_violence', '反家庭暴力', 'Anti-domestic-violence', 6, 0),
  ('service_domain', 'psychological_support', '心理支持', 'Psychological support', 7, 0),
  ('service_domain', 'employment', '就业创业', 'Employment and entrepreneurship', 8, 0),
  ('service_domain', 'elderly_women', '老年妇女关怀', 'Care for elderly women', 9, 0),
  ('service_domain', 'volunteering', '志愿服务', 'Volunteering', 10, 0),
  ('service_domain', 'culture_sports', '文体活动', 'Culture and sports', 11, 0),
  ('service_domain', 'health', '妇幼健康', 'Women''s and children''s health', 12, 0),
  ('guidance_category', 'key_cultivation', '重点培育', 'Key cultivation', 1, 0),
  ('guidance_category', 'standard_guidance', '规范指导', 'Standard guidance', 2, 0),
  ('guidance_category', 'capacity_building', '能力提升', 'Capacity building', 3, 0),
  ('guidance_category', 'close_watch', '跟踪关注', 'Close watch', 4, 0),
  ('org_origin', 'founded_directly', '直接成立', 'Founded directly', 1, 0),
  ('org_origin', 'volunteer_team', '由志愿者队伍发展', 'Grew out of a volunteer team', 2, 0),
  ('org_origin', 'womens_home', '由妇女之家发展', 'Grew out of a Women''s Home', 3, 0),
  ('org_origin', 'cooperative', '由合作组织发展', 'Grew out of a cooperative', 4, 0),
  ('org_origin', 'incubated', '孵化基地孵化', 'Incubated at a base', 5, 0),
  ('org_status', 'incubating', '孵化中', 'Incubating', 1, 0),
  ('org_status', 'active', '正常', 'Active', 2, 0),
  ('org_status', 'abnormal', '异常', 'Abnormal', 3, 0),
  ('org_status', 'deregistered', '已注销', 'Deregistered', 4, 0),
  ('org_grade', '1A', '1A', '1A', 1, 0),
  ('org_grade', '2A', '2A', '2A', 2, 0),
  ('org_grade', '3A', '3A', '3A', 3, 0),
  ('org_grade', '4A', '4A', '4A', 4, 0),
  ('org_grade', '5A', '5A', '5A', 5, 0);

CREATE TABLE orgs (
  id BIGINT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(48) NOT NULL,
  registered BIGINT NOT NULL,
  uscc VARCHAR(18) UNIQUE,
  region_code VARCHAR(12) NOT NULL REFERENCES regions (code),
  level BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  registration_authority VARCHAR(100),
  registered_on VARCHAR(10),
  supervising_unit VARCHAR(100),
  founded_on VARCHAR(10),
  origin VARCHAR(48),
  members BIGINT,
  staff BIGINT,
  volunteers BIGINT,
  address VARCHAR(300),
  contact_name VARCHAR(50),
  contact_phone_sealed TEXT,
  contact_phone_index VARCHAR(64),
  contact_phone_masked VARCHAR(20),
  website VARCHAR(200),
  wechat VARCHAR(100),
  grade VARCHAR(4),
  grade_valid_until VARCHAR(10),
  guidance_category VARCHAR(48),
  tags VARCHAR(500),
  guidance_notes TEXT,
  cadre_user_id BIGINT,
  department VARCHAR(100),
  published BIGINT NOT NULL DEFAULT 0,
  public_contact VARCHAR(200),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX orgs_region ON orgs (region_code, id);
CREATE INDEX orgs_name ON orgs (name);
CREATE INDEX orgs_phone ON orgs (contact_phone_index);
CREATE INDEX orgs_published ON orgs (published, region_code);

CREATE TABLE org_domains (
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  domain VARCHAR(48) NOT NULL,
  PRIMARY KEY (org_id, domain)
);
CREATE INDEX org_domains_domain ON org_domains (domain, org_id);

CREATE TABLE org_history (
  id BIGINT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES orgs (id),
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_name VARCHAR(64),
  change_kind VARCHAR(16) NOT NULL,
  field VARCHAR(48) NOT NULL,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX org_history_org ON org_history (org_id, at);

-- Counts per (region at every level, kind, status), adjusted in the same
-- transaction as each organization write, so dashboards never scan orgs.
CREATE TABLE org_counts (
  region_code VARCHAR(12) NOT NULL,
  kind VARCHAR(48) NOT NULL,
  status VARCHAR(16) NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (region_code, kind, status)
);

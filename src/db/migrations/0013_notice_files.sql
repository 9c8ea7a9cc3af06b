-- Attachments of a notice as rows, so that every recipient organization can
-- read them through one join (files::FileService audiences) instead of one
-- grant per recipient. notices.attachments keeps the ordered list for display.
CREATE TABLE notice_files (
  notice_id BIGINT NOT NULL REFERENCES notices (id),
  file_id BIGINT NOT NULL REFERENCES files (id),
  PRIMARY KEY (notice_id, file_id)
);
CREATE INDEX notice_files_file ON notice_files (file_id, notice_id);

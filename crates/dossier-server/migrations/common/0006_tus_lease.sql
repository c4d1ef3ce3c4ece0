ALTER TABLE uploads ADD COLUMN lease TEXT;
CREATE TABLE tus_done (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    upload_length BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_blob ON attachments (blob_id)

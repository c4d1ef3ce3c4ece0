CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS blob_chunks (
    blob_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob_id, seq)
);
ALTER TABLE attachments ADD COLUMN blob_id TEXT;
ALTER TABLE attachments ADD COLUMN uploaded_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS attachments_uploaded ON attachments (uploaded_at);
CREATE TABLE IF NOT EXISTS dossier_attachments (
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    PRIMARY KEY (dossier_id, sha256)
);
CREATE INDEX IF NOT EXISTS dossier_attachments_sha ON dossier_attachments (sha256);
CREATE TABLE IF NOT EXISTS rate_limits (
    bucket TEXT PRIMARY KEY,
    tat INTEGER NOT NULL,
    ok INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    username TEXT NOT NULL,
    staff_id TEXT,
    client_addr TEXT NOT NULL,
    dossier_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_dossier ON audit_events (dossier_id)

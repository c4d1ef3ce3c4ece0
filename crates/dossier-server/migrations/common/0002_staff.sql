ALTER TABLE dossiers ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN forwarded_to_province BIGINT;
ALTER TABLE dossiers ADD COLUMN decision_by TEXT;
ALTER TABLE dossier_events ADD COLUMN finding_codes TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS staff (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    unit_kind TEXT NOT NULL,
    unit_code BIGINT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff(id),
    expires_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL,
    finding_codes TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);
CREATE INDEX IF NOT EXISTS dossiers_commune ON dossiers (commune_code);
CREATE INDEX IF NOT EXISTS dossiers_province ON dossiers (province_code);
CREATE INDEX IF NOT EXISTS dossiers_forwarded ON dossiers (forwarded_to_province)

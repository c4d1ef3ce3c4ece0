ALTER TABLE dossiers ADD COLUMN due_date TEXT;
ALTER TABLE dossiers ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';
ALTER TABLE dossiers ADD COLUMN filed_by TEXT;
ALTER TABLE dossiers ADD COLUMN body_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE dossiers ADD COLUMN body_received_at TEXT;
ALTER TABLE dossiers ADD COLUMN result TEXT;
ALTER TABLE dossiers ADD COLUMN decision_number TEXT;
ALTER TABLE dossiers ADD COLUMN decision_date TEXT;
ALTER TABLE dossiers ADD COLUMN decision_signer TEXT;
ALTER TABLE dossiers ADD COLUMN decision_sha256 TEXT;
ALTER TABLE dossiers ADD COLUMN decided_at TEXT;
CREATE TABLE IF NOT EXISTS dossier_versions (
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    version BIGINT NOT NULL,
    received_at TEXT NOT NULL,
    body TEXT NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (dossier_id, version)
);
CREATE INDEX IF NOT EXISTS dossiers_due ON dossiers (due_date);
-- The overview and the register scan a period: every column they count is in the index, so the
-- scan never reads the dossiers' bodies (benches/overview.rs).
CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers (received_at, province_code, commune_code, forwarded_to_province, kind, status, due_date, decided_at)

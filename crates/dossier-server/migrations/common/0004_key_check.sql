CREATE TABLE IF NOT EXISTS key_check (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
)

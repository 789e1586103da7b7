-- +goose Up
CREATE TABLE jobs (
    -- Creation order, the last tie-break of a lease and the order of a list.
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    -- A random UUID, as lower-case text.
    id TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    type TEXT NOT NULL,
    -- JSON text, kept byte for byte as sent.
    payload TEXT NOT NULL,
    -- `scheduled` is never stored: it is an available job whose run_at is ahead.
    state TEXT NOT NULL CHECK (state IN ('available', 'running', 'completed', 'dead', 'cancelled')),
    priority INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    -- Timestamps are RFC 3339 text with milliseconds in UTC, which sorts in time order.
    run_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_error TEXT,
    result TEXT,
    lease_token TEXT,
    lease_expires_at TEXT,
    leased_by TEXT
);

-- Ready jobs in lease order (a lease stops after `max` rows however many
-- finished jobs pile up), running jobs by lease expiry for reclaiming, and
-- a queue's jobs in creation order for its list.
CREATE INDEX jobs_ready ON jobs (queue, priority DESC, run_at, seq) WHERE state = 'available';
CREATE INDEX jobs_leased ON jobs (queue, lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_queue_seq ON jobs (queue, seq);

CREATE TABLE idempotency_keys (
    queue TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    -- What makes concurrent requests with one key create one job.
    PRIMARY KEY (queue, key)
);

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE jobs;

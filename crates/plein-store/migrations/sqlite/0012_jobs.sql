-- The job queue (SQLite): work that must follow a write (mail, digests, housekeeping). A job is
-- enqueued in the writing transaction and done by a worker on any node, which claims it for a
-- while (claimed_until): a job whose node died is claimed again once that lease runs out. A job
-- that fails waits (run_at) and is tried again, until max_attempts, then stays 'failed' for an
-- administrator to see and retry. unique_key makes enqueuing idempotent ('digest:7:2026-11-28').
-- Due jobs run by priority (0 first: mail someone is waiting for), then by time.
CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT    NOT NULL,
    payload       TEXT    NOT NULL,
    unique_key    TEXT    UNIQUE,
    state         TEXT    NOT NULL CHECK (state IN ('waiting', 'running', 'done', 'failed')),
    priority      INTEGER NOT NULL DEFAULT 0,
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    run_at        TEXT    NOT NULL,
    claimed_until TEXT,
    claim         TEXT,
    last_error    TEXT,
    created_at    TEXT    NOT NULL,
    finished_at   TEXT
);
CREATE INDEX jobs_waiting ON jobs (priority, run_at) WHERE state = 'waiting';
CREATE INDEX jobs_running ON jobs (claimed_until) WHERE state = 'running';
CREATE INDEX jobs_done ON jobs (finished_at) WHERE state = 'done';
CREATE INDEX jobs_failed ON jobs (id) WHERE state = 'failed';

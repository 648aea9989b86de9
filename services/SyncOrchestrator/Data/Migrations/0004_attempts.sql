-- A connector's part of a run is tried in attempts: a failure that passes (the platform unavailable, a quota) is
-- tried again after a backoff or at the quota's reset, and a worker that died is taken over by another. The row
-- keeps the current attempt and, while it waits, when the next one starts and why.
ALTER TABLE sync.sync_run_connectors DROP CONSTRAINT sync_run_connectors_state_check;
ALTER TABLE sync.sync_run_connectors ADD CONSTRAINT sync_run_connectors_state_check
    CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'));

ALTER TABLE sync.sync_run_connectors
    ADD COLUMN attempt integer NOT NULL DEFAULT 1,
    ADD COLUMN attempts_without_progress integer NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN waiting_reason text;

-- The retry scheduler's work: connectors whose next attempt is due.
CREATE INDEX sync_run_connectors_next_attempt ON sync.sync_run_connectors (next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;

-- Every attempt and how it ended: succeeded, failed, skipped, cancelled, or interrupted (its worker stopped).
CREATE TABLE sync.sync_attempts (
    sync_id text NOT NULL,
    type text NOT NULL,
    attempt integer NOT NULL CHECK (attempt > 0),
    started_at timestamptz,
    ended_at timestamptz,
    outcome text CHECK (outcome IN ('succeeded', 'failed', 'skipped', 'cancelled', 'interrupted')),
    error_class text,
    error_message text,
    retry_at timestamptz,
    PRIMARY KEY (sync_id, type, attempt),
    FOREIGN KEY (sync_id, type) REFERENCES sync.sync_run_connectors (sync_id, type) ON DELETE CASCADE
);

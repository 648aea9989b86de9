CREATE TABLE sync.sync_runs (
    id text PRIMARY KEY CHECK (id ~ '^sync_[0-9a-f]{32}$'),
    project_id uuid NOT NULL,
    trigger text NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    requested_at timestamptz NOT NULL,
    idempotency_key text,
    CONSTRAINT sync_runs_idempotency UNIQUE (project_id, idempotency_key)
);

-- The dashboard's history: a project's runs, newest first.
CREATE INDEX sync_runs_project_latest ON sync.sync_runs (project_id, requested_at DESC, id DESC);

CREATE TABLE sync.sync_run_connectors (
    sync_id text NOT NULL REFERENCES sync.sync_runs (id) ON DELETE CASCADE,
    type text NOT NULL,
    state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'skipped')),
    streams jsonb NOT NULL DEFAULT '[]',
    error_class text,
    error_message text,
    started_at timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (sync_id, type)
);

-- Active runs of a connector: few rows at any time, read before every new run so runs never overlap.
CREATE INDEX sync_run_connectors_active ON sync.sync_run_connectors (type, sync_id)
    WHERE state IN ('queued', 'running');

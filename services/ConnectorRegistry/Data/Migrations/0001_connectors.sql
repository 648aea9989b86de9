CREATE TABLE registry.connectors (
    project_id uuid NOT NULL,
    type text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'connected', 'reauth_required', 'error')),
    status_reason text NULL,
    account_name text NULL,
    account_id text NULL,
    connected_at timestamptz NULL,
    last_sync_at timestamptz NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, type)
);

CREATE INDEX connectors_by_status ON registry.connectors (status);

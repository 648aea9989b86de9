CREATE TABLE oauth.authorization_states (
    state_hash bytea PRIMARY KEY,
    project_id uuid NOT NULL,
    type text NOT NULL,
    code_verifier_ciphertext bytea NULL,
    browser_hash bytea NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX authorization_states_expires_at ON oauth.authorization_states (expires_at);

CREATE TABLE oauth.credentials (
    project_id uuid NOT NULL,
    type text NOT NULL,
    key_id text NOT NULL,
    nonce bytea NOT NULL,
    ciphertext bytea NOT NULL,
    account_id text NULL,
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    access_expires_at timestamptz NULL,
    refresh_expires_at timestamptz NULL,
    grant_status text NOT NULL DEFAULT 'active' CHECK (grant_status IN ('active', 'reauth_required')),
    grant_status_reason text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, type)
);

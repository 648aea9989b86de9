CREATE TABLE gateway.projects (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE gateway.api_keys (
    id uuid PRIMARY KEY,
    project_id uuid NOT NULL REFERENCES gateway.projects (id) ON DELETE CASCADE,
    prefix text NOT NULL,
    key_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz NULL
);

CREATE INDEX api_keys_by_prefix ON gateway.api_keys (prefix);

CREATE TABLE gateway.data_protection_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL UNIQUE,
    xml text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

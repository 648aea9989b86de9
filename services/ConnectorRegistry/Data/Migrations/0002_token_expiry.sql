-- When a connector's access ends for good unless the user connects again (Meta's long-lived tokens, which no
-- refresh token renews), and when the registry last warned about it.
ALTER TABLE registry.connectors ADD COLUMN IF NOT EXISTS token_expires_at timestamptz NULL;
ALTER TABLE registry.connectors ADD COLUMN IF NOT EXISTS expiry_warned_at timestamptz NULL;

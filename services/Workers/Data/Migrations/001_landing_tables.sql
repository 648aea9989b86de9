CREATE TABLE IF NOT EXISTS data.stream_cursors (
    project_id uuid NOT NULL,
    type text NOT NULL,
    stream text NOT NULL,
    cursor jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, type, stream));

CREATE TABLE IF NOT EXISTS data.google_ads_campaign_daily (
    project_id uuid NOT NULL,
    customer_id text NOT NULL,
    campaign_id text NOT NULL,
    date date NOT NULL,
    campaign_name text,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    cost_micros bigint NOT NULL,
    conversions numeric NOT NULL,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, customer_id, campaign_id, date));

CREATE TABLE IF NOT EXISTS data.google_ads_ad_group_daily (
    project_id uuid NOT NULL,
    customer_id text NOT NULL,
    ad_group_id text NOT NULL,
    date date NOT NULL,
    campaign_id text,
    ad_group_name text,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    cost_micros bigint NOT NULL,
    conversions numeric NOT NULL,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, customer_id, ad_group_id, date));

CREATE TABLE IF NOT EXISTS data.hubspot_contacts (
    project_id uuid NOT NULL,
    id text NOT NULL,
    properties jsonb NOT NULL,
    created_at timestamptz,
    updated_at timestamptz,
    archived boolean NOT NULL,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, id));

CREATE TABLE IF NOT EXISTS data.hubspot_companies (LIKE data.hubspot_contacts INCLUDING ALL);
CREATE TABLE IF NOT EXISTS data.hubspot_deals (LIKE data.hubspot_contacts INCLUDING ALL);

CREATE TABLE IF NOT EXISTS data.stripe_charges (
    project_id uuid NOT NULL,
    id text NOT NULL,
    created timestamptz NOT NULL,
    livemode boolean,
    amount bigint,
    currency text,
    status text,
    customer text,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, id));

CREATE TABLE IF NOT EXISTS data.stripe_customers (LIKE data.stripe_charges INCLUDING ALL);
CREATE TABLE IF NOT EXISTS data.stripe_invoices (LIKE data.stripe_charges INCLUDING ALL);
CREATE TABLE IF NOT EXISTS data.stripe_subscriptions (LIKE data.stripe_charges INCLUDING ALL);
CREATE TABLE IF NOT EXISTS data.stripe_balance_transactions (LIKE data.stripe_charges INCLUDING ALL);

CREATE INDEX IF NOT EXISTS hubspot_contacts_updated ON data.hubspot_contacts (project_id, updated_at);
CREATE INDEX IF NOT EXISTS hubspot_companies_updated ON data.hubspot_companies (project_id, updated_at);
CREATE INDEX IF NOT EXISTS hubspot_deals_updated ON data.hubspot_deals (project_id, updated_at);
CREATE INDEX IF NOT EXISTS stripe_charges_created ON data.stripe_charges (project_id, created);
CREATE INDEX IF NOT EXISTS stripe_customers_created ON data.stripe_customers (project_id, created);
CREATE INDEX IF NOT EXISTS stripe_invoices_created ON data.stripe_invoices (project_id, created);
CREATE INDEX IF NOT EXISTS stripe_subscriptions_created ON data.stripe_subscriptions (project_id, created);
CREATE INDEX IF NOT EXISTS stripe_balance_transactions_created ON data.stripe_balance_transactions (project_id, created);

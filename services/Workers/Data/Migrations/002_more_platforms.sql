CREATE TABLE IF NOT EXISTS data.google_analytics_daily_channels (
    project_id uuid NOT NULL,
    property_id text NOT NULL,
    date date NOT NULL,
    channel_group text NOT NULL,
    sessions bigint NOT NULL,
    total_users bigint NOT NULL,
    new_users bigint NOT NULL,
    screen_page_views bigint NOT NULL,
    conversions numeric NOT NULL,
    engagement_rate numeric NOT NULL,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, property_id, date, channel_group));

CREATE TABLE IF NOT EXISTS data.meta_ads_ad_daily (
    project_id uuid NOT NULL,
    account_id text NOT NULL,
    ad_id text NOT NULL,
    date date NOT NULL,
    campaign_id text,
    adset_id text,
    ad_name text,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    spend numeric NOT NULL,
    reach bigint,
    actions jsonb,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, account_id, ad_id, date));

CREATE TABLE IF NOT EXISTS data.linkedin_ads_campaign_daily (
    project_id uuid NOT NULL,
    account_id text NOT NULL,
    campaign_urn text NOT NULL,
    date date NOT NULL,
    impressions bigint NOT NULL,
    clicks bigint NOT NULL,
    cost_in_local_currency numeric NOT NULL,
    conversions bigint NOT NULL,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, account_id, campaign_urn, date));

CREATE TABLE IF NOT EXISTS data.quickbooks_invoices (
    project_id uuid NOT NULL,
    realm_id text NOT NULL,
    id text NOT NULL,
    sync_token text,
    last_updated_at timestamptz NOT NULL,
    txn_date date,
    total_amount numeric,
    balance numeric,
    customer_id text,
    display_name text,
    deleted boolean NOT NULL DEFAULT false,
    raw jsonb NOT NULL,
    sync_id text NOT NULL,
    synced_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, realm_id, id));

CREATE TABLE IF NOT EXISTS data.quickbooks_customers (LIKE data.quickbooks_invoices INCLUDING ALL);
CREATE TABLE IF NOT EXISTS data.quickbooks_payments (LIKE data.quickbooks_invoices INCLUDING ALL);

CREATE INDEX IF NOT EXISTS quickbooks_invoices_updated
    ON data.quickbooks_invoices (project_id, realm_id, last_updated_at);
CREATE INDEX IF NOT EXISTS quickbooks_customers_updated
    ON data.quickbooks_customers (project_id, realm_id, last_updated_at);
CREATE INDEX IF NOT EXISTS quickbooks_payments_updated
    ON data.quickbooks_payments (project_id, realm_id, last_updated_at);

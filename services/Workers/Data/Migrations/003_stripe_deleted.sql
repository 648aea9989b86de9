-- Stripe objects read from deletion events (customer.deleted, invoice.deleted) keep their rows, marked deleted.
ALTER TABLE data.stripe_charges ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;
ALTER TABLE data.stripe_customers ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;
ALTER TABLE data.stripe_invoices ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;
ALTER TABLE data.stripe_subscriptions ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;
ALTER TABLE data.stripe_balance_transactions ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;

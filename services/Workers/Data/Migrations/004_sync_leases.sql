-- Which worker holds each connector's sync. The holder renews expires_at while it syncs; a lease that expired
-- belongs to a worker that died, and the next delivery of the request takes it over as a new attempt.
-- cancel_reason set by a disconnect tells the holder to stop.
CREATE TABLE data.sync_leases (
    project_id uuid NOT NULL,
    type text NOT NULL,
    sync_id text NOT NULL,
    attempt integer NOT NULL CHECK (attempt > 0),
    holder text NOT NULL,
    expires_at timestamptz NOT NULL,
    cancel_reason text,
    PRIMARY KEY (project_id, type)
);

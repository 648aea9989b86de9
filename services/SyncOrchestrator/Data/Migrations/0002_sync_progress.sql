-- What a running connector reported last: the stream it reads and the records read so far, per stream.
-- progressed_at orders the reports, so an older one arriving late never overwrites a newer one.
ALTER TABLE sync.sync_run_connectors
    ADD COLUMN current_stream text,
    ADD COLUMN progress jsonb,
    ADD COLUMN progressed_at timestamptz;

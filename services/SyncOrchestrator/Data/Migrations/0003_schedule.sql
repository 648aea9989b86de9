-- Every firing of the sync schedule, by whichever orchestrator instance ran it: with the clustered scheduler each
-- slot (scheduled_for) is taken by one instance, and a missed slot after downtime shows as one late firing.
CREATE TABLE sync.schedule_firings (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scheduled_for timestamptz NOT NULL,
    fired_at timestamptz NOT NULL,
    instance text NOT NULL,
    projects integer NOT NULL,
    runs_started integer NOT NULL
);

CREATE INDEX schedule_firings_latest ON sync.schedule_firings (scheduled_for DESC);

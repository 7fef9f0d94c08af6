-- Job records in cluster mode (ganforge.store=postgres). The record is the same JSON a
-- job.json holds in the embedded mode; status and created_at are columns too, for the
-- queue's queries.
CREATE TABLE job (
    id         text        PRIMARY KEY,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    record     jsonb       NOT NULL
);

CREATE INDEX job_queue ON job (status, created_at, id);

-- Cluster mode's journal of each job, written by the node that runs it and read by every
-- node: a row per training step and per evaluation (the same CSV rows the run directory's
-- history.csv and evaluations.csv hold), and the job's events except progress (which is
-- state: the record has the latest). Rows of steps a resume or rollback trains again are
-- replaced. Large artefacts (sample grids, snapshots, models) stay on shared storage.
CREATE TABLE job_step (
    job_id text   NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    step   bigint NOT NULL,
    row    text   NOT NULL,
    PRIMARY KEY (job_id, step)
);

CREATE TABLE job_evaluation (
    job_id text   NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    step   bigint NOT NULL,
    row    text   NOT NULL,
    PRIMARY KEY (job_id, step)
);

-- node: the node that published the event, which its own streams have had already.
CREATE TABLE job_event (
    seq    bigserial   PRIMARY KEY,
    job_id text        NOT NULL REFERENCES job (id) ON DELETE CASCADE,
    type   text        NOT NULL,
    step   bigint      NOT NULL,
    node   text        NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_event_by_job ON job_event (job_id, seq);

-- Settings every node shares; default_model is the model chosen at run time
-- (PUT /models/default), which the embedded mode keeps in <models dir>/.default.
CREATE TABLE setting (
    name       text        PRIMARY KEY,
    value      text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

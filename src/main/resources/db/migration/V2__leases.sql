-- Cluster mode's queue: a RUNNING job is held by one node under a lease that it renews;
-- every write of the holder names its token, so a node that lost the lease can never
-- overwrite the job (fencing). A cancel asked on any node is a flag the holder polls.
ALTER TABLE job
    ADD COLUMN owner            text,
    ADD COLUMN lease_token      text,
    ADD COLUMN lease_expires    timestamptz,
    ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

CREATE INDEX job_leases ON job (lease_expires) WHERE status = 'RUNNING';

-- Issue 19 ("Trust"): activity that history limits delete is still counted, and jobs a node holds are
-- told apart from jobs whose handler runs.

-- What the jobs and attempts a schedule's history limits deleted had done, per namespace, queue and
-- minute: throughput adds these counts to those of the rows that remain. Written only when rows are
-- deleted, never when a job finishes; rows older than a week are deleted by store maintenance.
CREATE TABLE tock_pruned_activity (
    namespace    VARCHAR(63) NOT NULL,
    -- The start of the minute (UTC) in which the jobs finished or the attempts ended.
    minute_start TIMESTAMP WITH TIME ZONE NOT NULL,
    queue        VARCHAR(63) NOT NULL,
    -- succeeded | dead | cancelled (jobs that finished so) | failed_attempt (attempts that failed,
    -- timed out or lost their lease)
    kind         VARCHAR(16) NOT NULL,
    total        BIGINT NOT NULL,
    PRIMARY KEY (namespace, minute_start, queue, kind)
);

-- While a job is running (state 'running'): whether the handler of its current lease has started (true),
-- or the node holds it without running it yet (false: prefetched beyond its free workers, or leased
-- ahead of its time). Written by the lease statement itself and, for a held job, once its handler has
-- run for a moment; shown as the states 'running' and 'leased'.
ALTER TABLE tock_jobs ADD COLUMN handler_started BOOLEAN DEFAULT TRUE NOT NULL;

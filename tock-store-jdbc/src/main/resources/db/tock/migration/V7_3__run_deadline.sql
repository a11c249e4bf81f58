-- Issue 18 (Kubernetes-native work): a run-level deadline, as Kubernetes' activeDeadlineSeconds.

-- The run deadline in milliseconds, counted from the start of the run's first attempt across every attempt
-- and backoff; NULL for none. Separate from timeout_ms, which bounds each attempt.
ALTER TABLE tock_jobs ADD COLUMN active_deadline_ms BIGINT;
-- When the run's first attempt started: written when that attempt ends without ending the job (a failure
-- awaiting its retry, or a lost lease), read by the next attempt to know how much of the deadline is left.
-- A manual retry clears it: it starts a new run.
ALTER TABLE tock_jobs ADD COLUMN run_started_at TIMESTAMP WITH TIME ZONE;

-- How long a finished job (succeeded, dead, cancelled) is kept, in milliseconds, as Kubernetes'
-- ttlSecondsAfterFinished; NULL keeps it (until a schedule's history limits delete it). Store maintenance
-- deletes the jobs past it, finding them by this index, which holds few rows besides NULLs.
ALTER TABLE tock_jobs ADD COLUMN retention_ms BIGINT;
CREATE INDEX tock_jobs_retention ON tock_jobs (retention_ms);

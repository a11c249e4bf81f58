-- Issue 18 (Kubernetes-native work): a run-level deadline, as Kubernetes' activeDeadlineSeconds.

-- The run deadline in milliseconds, counted from the start of the run's first attempt across every attempt
-- and backoff; NULL for none. Separate from timeout_ms, which bounds each attempt.
ALTER TABLE tock_jobs ADD COLUMN active_deadline_ms BIGINT;
-- When the run's first attempt started: written when that attempt ends without ending the job (a failure
-- awaiting its retry, or a lost lease), read by the next attempt to know how much of the deadline is left.
-- A manual retry clears it: it starts a new run.
ALTER TABLE tock_jobs ADD COLUMN run_started_at TIMESTAMP WITH TIME ZONE;

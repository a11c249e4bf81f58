-- What the dashboard reads without scanning every job: jobs finished recently (throughput over time,
-- queue counts of the last hour) and the latest failed attempts.

-- A job enters it once, when it finishes (succeeded, dead, cancelled); pending and running jobs, whose
-- rows change at every step, are outside it where the index can be partial.
CREATE INDEX tock_jobs_finished ON tock_jobs ${finished_index};

-- Attempt rows are written once and never changed, and only when an attempt did not succeed.
CREATE INDEX tock_attempts_ended ON tock_attempts (ended_at);

-- Issue 21 (performance): every insert of a job added an entry to tock_jobs_retention, although
-- retention is rarely set. Where the index can be partial it now holds only the jobs that set one,
-- which is all that store maintenance looks for (retention_ms IS NOT NULL).
DROP INDEX tock_jobs_retention;
CREATE INDEX tock_jobs_retention ON tock_jobs ${retention_index};

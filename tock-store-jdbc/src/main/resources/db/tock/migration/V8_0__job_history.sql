-- Issue 21 (a big store): finished jobs leave tock_jobs, which keeps the unfinished work, for a history that
-- store maintenance fills a minute after they end. On PostgreSQL the history is partitioned by the day a job
-- finished (UTC); retention (job-retention) drops whole days. Jobs that finished before the first day's partition
-- existed sit in the default partition until their retention passes. The embedded store keeps one table.
-- Reads that may meet a finished job go through tock_jobs_all, both tables as one.
-- A later migration that adds a column to tock_jobs adds it to tock_job_history too, in the same place, and
-- re-creates the view: the move is INSERT ... SELECT * from one into the other.
${job_history}

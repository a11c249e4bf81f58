-- Jobs run by a built-in executor (an HTTP request, a local command) instead of a handler of their type.

-- http | command (Executor.kind()), NULL for a handler. Nodes lease by it: a job with an executor goes
-- only to nodes that enable that kind, and never to a handler of its type or to an external worker.
ALTER TABLE tock_jobs ADD COLUMN executor_kind VARCHAR(16);
-- The executor's spec as JSON (ExecutorJson), secrets included; the API shows it redacted.
ALTER TABLE tock_jobs ADD COLUMN executor ${text};

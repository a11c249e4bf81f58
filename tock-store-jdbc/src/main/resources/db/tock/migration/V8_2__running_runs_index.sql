-- The running workflow runs, found without reading every run the store keeps: the workflow catch-up (on every node,
-- every reaper-interval) looks among them for runs whose starter was cancelled, and the dashboard counts them per
-- workflow. On PostgreSQL a partial index of the running ones; the embedded store leads an index with the state.
CREATE INDEX tock_workflow_runs_running ON tock_workflow_runs ${running_runs_index};

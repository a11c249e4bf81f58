-- Every write of a workflow step instance kept two indexes that lead with its state: tock_workflow_steps_state
-- (state) and tock_workflow_steps_waiting (state, run_id, step, item_index). The second serves every lookup by
-- state the first did, so the first only cost each insert and each change of state an index entry (a fan-out of
-- 10,000 items writes 20,000 of them).
DROP INDEX tock_workflow_steps_state;

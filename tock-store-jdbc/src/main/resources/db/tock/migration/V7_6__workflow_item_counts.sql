-- Workflows (issue 15): planning incremental. A fan-out step's own instance (item_key '') counts its items by state,
-- moved in the transaction that moves an item, so that a completion reads the counts and the items it names rather
-- than every instance of the run.
ALTER TABLE tock_workflow_steps ADD COLUMN items_waiting INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE tock_workflow_steps ADD COLUMN items_active INTEGER DEFAULT 0 NOT NULL;
-- Items in a final state (succeeded, dead, cancelled, skipped); items_dead counts the dead among them.
ALTER TABLE tock_workflow_steps ADD COLUMN items_finished INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE tock_workflow_steps ADD COLUMN items_dead INTEGER DEFAULT 0 NOT NULL;

-- The runs under way when this migration runs get their counts from their items.
UPDATE tock_workflow_steps SET
    items_waiting = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id
        AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'waiting'),
    items_active = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id
        AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'active'),
    items_finished = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id
        AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state NOT IN ('waiting', 'active')),
    items_dead = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id
        AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'dead')
WHERE item_key = '';

-- The next waiting items of a step, in item order, when a maxParallel slot frees up. It leads with the state so that
-- it never competes with the primary key for the lookups of one instance (on a table whose statistics are not yet up
-- to date, PostgreSQL would otherwise walk a step's every item through it to update one).
CREATE INDEX tock_workflow_steps_waiting ON tock_workflow_steps (state, run_id, step, item_index);

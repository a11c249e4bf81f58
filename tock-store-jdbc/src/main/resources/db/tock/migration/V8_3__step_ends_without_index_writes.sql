-- A fan-out item's end rewrites its instance (state, output, finished_at). tock_workflow_steps_waiting led with the
-- state, so on PostgreSQL every such rewrite was a new row version with an entry in each of the table's three
-- indexes. The waiting items are now found by an index that names no column an end changes (a waiting item has no
-- job yet), and the table leaves half of each page free, so an end is rewritten in place on its page (a HOT update)
-- with no index entry at all. The embedded store keeps an ordinary index of the same columns.
DROP INDEX tock_workflow_steps_waiting;
CREATE INDEX tock_workflow_steps_waiting ON tock_workflow_steps ${waiting_items_index};
${steps_storage}

package dev.tock.store;

import dev.tock.workflow.RunState;

/**
 * Told of each workflow run a store started (or started again: a retry) or ended, once the transaction that did it
 * committed, on the thread that ran it: the engine counts them ({@code tock_workflow_runs_started_total},
 * {@code …_finished_total}). A run ends in the transaction of whichever node recorded its last completion (or cancelled
 * it), so each end is told once, to the listeners of that node's store.
 */
public interface RunListener {

    void started(String namespace, String workflow);

    /** The run ended: succeeded, failed or cancelled. */
    void ended(String namespace, String workflow, RunState outcome);
}

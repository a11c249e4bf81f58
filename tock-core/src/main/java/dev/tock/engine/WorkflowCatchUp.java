package dev.tock.engine;

import dev.tock.store.WorkflowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves runs on past step jobs that ended without an attempt recorded through the completion path (a lease reaped
 * with no attempt left, a step job cancelled by hand) and finishes cancelling runs a node left half-cancelled.
 * Completions move runs on at once; this loop only catches what they cannot see.
 */
final class WorkflowCatchUp implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkflowCatchUp.class);
    private static final int BATCH = 500;
    private final WorkflowStore workflows;

    WorkflowCatchUp(WorkflowStore workflows) {
        this.workflows = workflows;
    }

    @Override
    public void run() {
        int moved = workflows.reconcile(BATCH);
        if (moved > 0) {
            log.debug("caught up with {} workflow step instances", moved);
        }
    }
}

package dev.tock.handler;

/**
 * Why the engine interrupted a handler, as {@link JobContext#stopReason()} tells it. Work outside the node
 * (a Kubernetes Job, say) must be stopped on a timeout, a run deadline or a cancel, but kept on a lost lease or a shutdown,
 * for the node that takes the job over to adopt.
 */
public enum StopReason {
    /** The job's timeout passed. */
    TIMED_OUT,
    /** The job's run deadline ({@code activeDeadline}) across all its attempts passed. */
    DEADLINE_EXCEEDED,
    /** The job was cancelled. */
    CANCELLED,
    /** Another node may now hold the job: its lease expired or was taken away. */
    LEASE_LOST,
    /** This node is shutting down; the job goes back to be leased again. */
    SHUTDOWN;

    /** Whether work started outside the node should be stopped, rather than left for the next holder. */
    public boolean stopsExternalWork() {
        return this == TIMED_OUT || this == DEADLINE_EXCEEDED || this == CANCELLED;
    }
}

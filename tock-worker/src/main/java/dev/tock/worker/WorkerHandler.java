package dev.tock.worker;

/**
 * Runs leased jobs of one type. Returning completes the job; throwing fails the attempt (see
 * {@link JobFailure}). Handlers run on virtual threads and are interrupted when their lease is lost or
 * the worker stops past its grace, and should stop then.
 */
@FunctionalInterface
public interface WorkerHandler {
    void handle(WorkerJob job) throws Exception;
}

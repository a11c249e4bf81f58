package dev.tock.handler;

import dev.tock.engine.Tock;

/**
 * Runs jobs of one type. A handler that returns normally succeeds the attempt; one that throws
 * fails it (retried per the job's policy, unless it throws {@link PermanentFailure}).
 *
 * <p>Handlers run on virtual threads and must respond to interruption: Tock interrupts a handler
 * whose job timed out, was cancelled, or whose lease was lost.
 */
@FunctionalInterface
public interface JobHandler {
    void handle(JobContext context) throws Exception;
}

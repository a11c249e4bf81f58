package dev.tock.model;

import java.time.Duration;
import java.util.Optional;

/**
 * How an external worker's attempt at a leased job ended.
 *
 * @param succeeded true for a completed job; false for a failed attempt
 * @param output what the worker wants kept with the attempt (its tail is kept), e.g. its result as JSON
 * @param error why it failed, when it failed
 * @param retryable whether another attempt may follow (per the job's retry policy) after a failure
 * @param retryAfter the least wait before that attempt
 * @param result the result as JSON text, when it succeeded with one: a workflow step's output
 */
public record WorkerResult(WorkerLease lease, boolean succeeded, Optional<String> output, Optional<String> error,
                           boolean retryable, Optional<Duration> retryAfter, Optional<String> result) {

    public WorkerResult(WorkerLease lease, boolean succeeded, Optional<String> output, Optional<String> error,
                        boolean retryable, Optional<Duration> retryAfter) {
        this(lease, succeeded, output, error, retryable, retryAfter, Optional.empty());
    }

    public WorkerResult {
        result = result == null ? Optional.empty() : result;
        output = output == null ? Optional.empty() : output;
        error = error == null ? Optional.empty() : error;
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public static WorkerResult success(WorkerLease lease, Optional<String> output) {
        return new WorkerResult(lease, true, output, Optional.empty(), false, Optional.empty());
    }

    public static WorkerResult success(WorkerLease lease, Optional<String> output, Optional<String> result) {
        return new WorkerResult(lease, true, output, Optional.empty(), false, Optional.empty(), result);
    }

    public static WorkerResult failure(WorkerLease lease, String error, boolean retryable, Optional<Duration> retryAfter,
                                       Optional<String> output) {
        return new WorkerResult(lease, false, output, Optional.of(error), retryable, retryAfter);
    }
}

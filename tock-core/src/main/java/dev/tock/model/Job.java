package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored job as the store last saw it.
 *
 * @param attempts attempts started so far, including one that is running; numbers continue through
 *     manual retries
 * @param leaseOwner the node holding the lease while {@code state} is running
 * @param attemptsBeforeRetry attempts the retry policy does not count: those made before the latest manual
 *     retry, and disrupted ones since (0 if none); see {@link #attemptsSinceRetry()}
 * @param executor what runs it instead of a handler of its type; empty for a handler
 * @param nominalTime for a job a schedule fired, the fire time it runs for (its cron time, before jitter);
 *     unlike {@code runAt} it stays put through retries
 * @param activeDeadline the run deadline, from the start of the run's first attempt across every attempt
 * @param runStartedAt when the run's first attempt started, once one has ended (a manual retry starts a new run)
 * @param retention how long it is kept once finished; empty keeps it
 * @param concurrencyKey the key its queue's per-key limits, rates and fairness count it under
 */
public record Job(
        JobId id,
        String namespace,
        String queue,
        String type,
        String payload,
        int priority,
        JobState state,
        Instant runAt,
        Instant createdAt,
        Optional<Instant> finishedAt,
        int attempts,
        RetryPolicy retryPolicy,
        Optional<Duration> timeout,
        Optional<String> idempotencyKey,
        Map<String, String> labels,
        Optional<String> leaseOwner,
        Optional<String> lastError,
        int attemptsBeforeRetry,
        Optional<Executor> executor,
        Optional<Instant> nominalTime,
        Optional<Duration> activeDeadline,
        Optional<Instant> runStartedAt,
        Optional<Duration> retention,
        KeyAssignment concurrencyKey) {

    public Job {
        executor = executor == null ? Optional.empty() : executor;
        nominalTime = nominalTime == null ? Optional.empty() : nominalTime;
        activeDeadline = activeDeadline == null ? Optional.empty() : activeDeadline;
        runStartedAt = runStartedAt == null ? Optional.empty() : runStartedAt;
        retention = retention == null ? Optional.empty() : retention;
        concurrencyKey = concurrencyKey == null ? KeyAssignment.NONE : concurrencyKey;
    }

    /** A job without a concurrency key. */
    public Job(JobId id, String namespace, String queue, String type, String payload, int priority, JobState state,
               Instant runAt, Instant createdAt, Optional<Instant> finishedAt, int attempts, RetryPolicy retryPolicy,
               Optional<Duration> timeout, Optional<String> idempotencyKey, Map<String, String> labels,
               Optional<String> leaseOwner, Optional<String> lastError, int attemptsBeforeRetry, Optional<Executor> executor,
               Optional<Instant> nominalTime, Optional<Duration> activeDeadline, Optional<Instant> runStartedAt,
               Optional<Duration> retention) {
        this(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retryPolicy,
                timeout, idempotencyKey, labels, leaseOwner, lastError, attemptsBeforeRetry, executor, nominalTime,
                activeDeadline, runStartedAt, retention, KeyAssignment.NONE);
    }

    /** A job without a run deadline. */
    public Job(JobId id, String namespace, String queue, String type, String payload, int priority, JobState state,
               Instant runAt, Instant createdAt, Optional<Instant> finishedAt, int attempts, RetryPolicy retryPolicy,
               Optional<Duration> timeout, Optional<String> idempotencyKey, Map<String, String> labels,
               Optional<String> leaseOwner, Optional<String> lastError, int attemptsBeforeRetry, Optional<Executor> executor,
               Optional<Instant> nominalTime) {
        this(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retryPolicy,
                timeout, idempotencyKey, labels, leaseOwner, lastError, attemptsBeforeRetry, executor, nominalTime,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A job no schedule fired. */
    public Job(JobId id, String namespace, String queue, String type, String payload, int priority, JobState state,
               Instant runAt, Instant createdAt, Optional<Instant> finishedAt, int attempts, RetryPolicy retryPolicy,
               Optional<Duration> timeout, Optional<String> idempotencyKey, Map<String, String> labels,
               Optional<String> leaseOwner, Optional<String> lastError, int attemptsBeforeRetry, Optional<Executor> executor) {
        this(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retryPolicy,
                timeout, idempotencyKey, labels, leaseOwner, lastError, attemptsBeforeRetry, executor, Optional.empty());
    }

    /** A job run by a handler of its type. */
    public Job(JobId id, String namespace, String queue, String type, String payload, int priority, JobState state,
               Instant runAt, Instant createdAt, Optional<Instant> finishedAt, int attempts, RetryPolicy retryPolicy,
               Optional<Duration> timeout, Optional<String> idempotencyKey, Map<String, String> labels,
               Optional<String> leaseOwner, Optional<String> lastError, int attemptsBeforeRetry) {
        this(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retryPolicy,
                timeout, idempotencyKey, labels, leaseOwner, lastError, attemptsBeforeRetry, Optional.empty());
    }

    /** A job that was never retried by hand. */
    public Job(JobId id, String namespace, String queue, String type, String payload, int priority, JobState state,
               Instant runAt, Instant createdAt, Optional<Instant> finishedAt, int attempts, RetryPolicy retryPolicy,
               Optional<Duration> timeout, Optional<String> idempotencyKey, Map<String, String> labels,
               Optional<String> leaseOwner, Optional<String> lastError) {
        this(id, namespace, queue, type, payload, priority, state, runAt, createdAt, finishedAt, attempts, retryPolicy,
                timeout, idempotencyKey, labels, leaseOwner, lastError, 0);
    }

    /** The attempts its retry policy counts: those since the latest manual retry, or all of them. */
    public int attemptsSinceRetry() {
        return attempts - attemptsBeforeRetry;
    }
}

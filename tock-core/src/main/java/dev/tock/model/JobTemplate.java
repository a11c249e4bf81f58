package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The job a schedule enqueues at each fire.
 *
 * @param executor what runs each fire's job instead of a handler of its type; empty for a handler
 * @param activeDeadline each fire's run deadline across its attempts (see {@link NewJob#activeDeadline()})
 * @param retention how long each fire's job is kept once finished (see {@link NewJob#retention()})
 * @param concurrencyKey each fire's job's concurrency key (literal or a payload template); empty for none
 */
public record JobTemplate(String queue, String type, String payload, int priority, RetryPolicy retryPolicy,
                          Optional<Duration> timeout, Map<String, String> labels, Optional<Executor> executor,
                          Optional<Duration> activeDeadline, Optional<Duration> retention,
                          Optional<ConcurrencyKey> concurrencyKey) {

    public JobTemplate {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        timeout = timeout == null ? Optional.empty() : timeout;
        retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
        executor = executor == null ? Optional.empty() : executor;
        activeDeadline = activeDeadline == null ? Optional.empty() : activeDeadline;
        retention = retention == null ? Optional.empty() : retention;
        concurrencyKey = concurrencyKey == null ? Optional.empty() : concurrencyKey;
        // Validated the same way as a job, so a bad template fails when the schedule is saved, not at a fire.
        toJob(NewJob.DEFAULT_NAMESPACE, Instant.EPOCH, queue, type, payload, priority, retryPolicy, timeout, labels, executor,
                activeDeadline, retention, concurrencyKey);
    }

    /** A template without a concurrency key. */
    public JobTemplate(String queue, String type, String payload, int priority, RetryPolicy retryPolicy,
                       Optional<Duration> timeout, Map<String, String> labels, Optional<Executor> executor,
                       Optional<Duration> activeDeadline, Optional<Duration> retention) {
        this(queue, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline, retention, Optional.empty());
    }

    /** A template whose runs are kept until the history limits delete them. */
    public JobTemplate(String queue, String type, String payload, int priority, RetryPolicy retryPolicy,
                       Optional<Duration> timeout, Map<String, String> labels, Optional<Executor> executor,
                       Optional<Duration> activeDeadline) {
        this(queue, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline, Optional.empty());
    }

    /** A template without a run deadline. */
    public JobTemplate(String queue, String type, String payload, int priority, RetryPolicy retryPolicy,
                       Optional<Duration> timeout, Map<String, String> labels, Optional<Executor> executor) {
        this(queue, type, payload, priority, retryPolicy, timeout, labels, executor, Optional.empty());
    }

    /** A template run by a handler of its type. */
    public JobTemplate(String queue, String type, String payload, int priority, RetryPolicy retryPolicy,
                       Optional<Duration> timeout, Map<String, String> labels) {
        this(queue, type, payload, priority, retryPolicy, timeout, labels, Optional.empty());
    }

    /** A template for {@code type} in the default queue with an empty JSON object as payload. */
    public static JobTemplate of(String type) {
        return new JobTemplate(NewJob.DEFAULT_QUEUE, type, "{}", 0, RetryPolicy.DEFAULT, Optional.empty(), Map.of());
    }

    public JobTemplate withPayload(String json) {
        return new JobTemplate(queue, type, json, priority, retryPolicy, timeout, labels, executor, activeDeadline,
                retention, concurrencyKey);
    }

    public JobTemplate withQueue(String name) {
        return new JobTemplate(name, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline,
                retention, concurrencyKey);
    }

    /** Each fire's job runs with {@code value} instead of a handler of its type. */
    public JobTemplate withExecutor(Executor value) {
        return new JobTemplate(queue, type, payload, priority, retryPolicy, timeout, labels, Optional.of(value),
                activeDeadline, retention, concurrencyKey);
    }

    public JobTemplate withRetry(RetryPolicy value) {
        return new JobTemplate(queue, type, payload, priority, value, timeout, labels, executor, activeDeadline, retention,
                concurrencyKey);
    }

    /** Each fire's job with this run deadline across its attempts. */
    public JobTemplate withActiveDeadline(Duration value) {
        return new JobTemplate(queue, type, payload, priority, retryPolicy, timeout, labels, executor, Optional.of(value),
                retention, concurrencyKey);
    }

    /** Each fire's job is deleted this long after it finished, if the history limits have not deleted it before. */
    public JobTemplate withRetention(Duration value) {
        return new JobTemplate(queue, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline,
                Optional.of(value), concurrencyKey);
    }

    /** The job for one fire, due at {@code runAt}. */
    public NewJob toJob(String namespace, Instant runAt) {
        return toJob(namespace, runAt, queue, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline, retention,
                concurrencyKey);
    }

    private static NewJob toJob(String namespace, Instant runAt, String queue, String type, String payload, int priority,
                                RetryPolicy retry, Optional<Duration> timeout, Map<String, String> labels,
                                Optional<Executor> executor, Optional<Duration> activeDeadline, Optional<Duration> retention,
                                Optional<ConcurrencyKey> key) {
        return new NewJob(namespace, queue, type, payload, priority, Optional.of(runAt), Duration.ZERO, Optional.empty(),
                retry, timeout, labels, executor, activeDeadline, retention, key);
    }

    /** Each fire's job runs under this concurrency key (literal or a payload template). */
    public JobTemplate withConcurrencyKey(String template) {
        return new JobTemplate(queue, type, payload, priority, retryPolicy, timeout, labels, executor, activeDeadline, retention,
                Optional.of(new ConcurrencyKey(template)));
    }
}

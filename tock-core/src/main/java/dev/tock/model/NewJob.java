package dev.tock.model;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request to run one job. Build one with {@link #builder(String)}.
 *
 * <p>Exactly one of {@code runAt} and {@code delay} decides when the job is due; both absent means
 * now. A delay is measured on the store's clock, not the caller's.
 *
 * @param executor what runs the job instead of a handler of its type (an HTTP request, a command); empty
 *     for a handler
 * @param activeDeadline the run deadline, counted from the start of the first attempt across all attempts and
 *     backoffs (Kubernetes' {@code activeDeadlineSeconds}); separate from each attempt's {@code timeout}
 * @param retention how long the job is kept once finished (Kubernetes' {@code ttlSecondsAfterFinished}); empty keeps it
 * @param concurrencyKey the key its queue's per-key limits, rates and fairness count it under; empty for {@code ""}
 */
public record NewJob(
        String namespace,
        String queue,
        String type,
        String payload,
        int priority,
        Optional<Instant> runAt,
        Duration delay,
        Optional<String> idempotencyKey,
        RetryPolicy retryPolicy,
        Optional<Duration> timeout,
        Map<String, String> labels,
        Optional<Executor> executor,
        Optional<Duration> activeDeadline,
        Optional<Duration> retention,
        Optional<ConcurrencyKey> concurrencyKey) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String DEFAULT_QUEUE = "default";
    public static final int MIN_PRIORITY = -1000;
    public static final int MAX_PRIORITY = 1000;
    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    /** The longest run deadline: a run may retry for up to a month. */
    public static final Duration MAX_ACTIVE_DEADLINE = Duration.ofDays(31);
    /** The longest a finished job with a retention is kept: a year. */
    public static final Duration MAX_RETENTION = Duration.ofDays(366);

    public NewJob {
        Names.requireResourceName("namespace", namespace);
        Names.requireResourceName("queue", queue);
        Names.requireType(type);
        if (payload == null) {
            throw new InvalidJobException("payload", "must be JSON text, was null");
        }
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new InvalidJobException("priority", "must be between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", was " + priority);
        }
        runAt = runAt == null ? Optional.empty() : runAt;
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new InvalidJobException("delay", "must not be negative, was " + delay);
        }
        if (runAt.isPresent() && !delay.isZero()) {
            throw new InvalidJobException("runAt", "give either runAt or delay, not both");
        }
        idempotencyKey = idempotencyKey == null ? Optional.empty() : idempotencyKey;
        idempotencyKey.ifPresent(NewJob::checkIdempotencyKey);
        retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
        timeout = timeout == null ? Optional.empty() : timeout;
        timeout.ifPresent(NewJob::checkTimeout);
        labels = checkLabels(labels == null ? Map.of() : labels);
        executor = executor == null ? Optional.empty() : executor;
        activeDeadline = activeDeadline == null ? Optional.empty() : activeDeadline;
        activeDeadline.ifPresent(NewJob::checkActiveDeadline);
        retention = retention == null ? Optional.empty() : retention;
        retention.ifPresent(NewJob::checkRetention);
        concurrencyKey = concurrencyKey == null ? Optional.empty() : concurrencyKey;
    }

    /** A job without a concurrency key. */
    public NewJob(String namespace, String queue, String type, String payload, int priority, Optional<Instant> runAt,
                  Duration delay, Optional<String> idempotencyKey, RetryPolicy retryPolicy, Optional<Duration> timeout,
                  Map<String, String> labels, Optional<Executor> executor, Optional<Duration> activeDeadline,
                  Optional<Duration> retention) {
        this(namespace, queue, type, payload, priority, runAt, delay, idempotencyKey, retryPolicy, timeout, labels, executor,
                activeDeadline, retention, Optional.empty());
    }

    /** The concurrency key this job runs under, read from its payload where the key is a template. */
    public KeyAssignment keyAssignment() {
        return concurrencyKey.map(k -> k.resolve(payload)).orElse(KeyAssignment.NONE);
    }

    /** A job kept until deleted by hand or by its schedule's history limits. */
    public NewJob(String namespace, String queue, String type, String payload, int priority, Optional<Instant> runAt,
                  Duration delay, Optional<String> idempotencyKey, RetryPolicy retryPolicy, Optional<Duration> timeout,
                  Map<String, String> labels, Optional<Executor> executor, Optional<Duration> activeDeadline) {
        this(namespace, queue, type, payload, priority, runAt, delay, idempotencyKey, retryPolicy, timeout, labels, executor,
                activeDeadline, Optional.empty());
    }

    /** A job without a run deadline. */
    public NewJob(String namespace, String queue, String type, String payload, int priority, Optional<Instant> runAt,
                  Duration delay, Optional<String> idempotencyKey, RetryPolicy retryPolicy, Optional<Duration> timeout,
                  Map<String, String> labels, Optional<Executor> executor) {
        this(namespace, queue, type, payload, priority, runAt, delay, idempotencyKey, retryPolicy, timeout, labels, executor,
                Optional.empty(), Optional.empty());
    }

    /** A job run by a handler of its type. */
    public NewJob(String namespace, String queue, String type, String payload, int priority, Optional<Instant> runAt,
                  Duration delay, Optional<String> idempotencyKey, RetryPolicy retryPolicy, Optional<Duration> timeout,
                  Map<String, String> labels) {
        this(namespace, queue, type, payload, priority, runAt, delay, idempotencyKey, retryPolicy, timeout, labels,
                Optional.empty());
    }

    /** Starts a job of the given handler type, with an empty JSON object as payload. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** This job, due at {@code instant} instead. */
    public NewJob withRunAt(Instant instant) {
        return new NewJob(namespace, queue, type, payload, priority, Optional.of(instant), Duration.ZERO, idempotencyKey,
                retryPolicy, timeout, labels, executor, activeDeadline, retention, concurrencyKey);
    }

    /** A job of {@code type} in the default namespace and queue, due now. */
    public static NewJob of(String type, String payloadJson) {
        return builder(type).payload(payloadJson).build();
    }

    private static void checkIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > Names.MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new InvalidJobException("idempotencyKey", "must be 1-" + Names.MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters");
        }
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidJobException("timeout", "must be positive and at most " + MAX_TIMEOUT + ", was " + timeout);
        }
    }

    private static void checkActiveDeadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_ACTIVE_DEADLINE) > 0) {
            throw new InvalidJobException("activeDeadline", "must be positive and at most " + MAX_ACTIVE_DEADLINE + ", was " + deadline);
        }
    }

    private static void checkRetention(Duration retention) {
        if (retention.isNegative() || retention.compareTo(MAX_RETENTION) > 0) {
            throw new InvalidJobException("retention", "must be between 0s and " + MAX_RETENTION + ", was " + retention);
        }
    }

    private static Map<String, String> checkLabels(Map<String, String> labels) {
        if (labels.size() > Names.MAX_LABELS) {
            throw new InvalidJobException("labels", "at most " + Names.MAX_LABELS + " labels, got " + labels.size());
        }
        labels.forEach((key, value) -> {
            Names.requireLabelKey(key);
            if (value == null || value.length() > Names.MAX_LABEL_VALUE_LENGTH) {
                throw new InvalidJobException("labels", "value of label " + key + " must be 0-" + Names.MAX_LABEL_VALUE_LENGTH + " characters");
            }
        });
        return Map.copyOf(labels);
    }

    /** Fluent builder; {@link #build()} validates every field. */
    public static final class Builder {
        private String namespace = DEFAULT_NAMESPACE;
        private String queue = DEFAULT_QUEUE;
        private final String type;
        private String payload = "{}";
        private int priority;
        private Instant runAt;
        private Duration delay = Duration.ZERO;
        private String idempotencyKey;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Duration timeout;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Executor executor;
        private Duration activeDeadline;
        private Duration retention;
        private String concurrencyKey;

        private Builder(String type) {
            this.type = type;
        }

        public Builder namespace(String value) { this.namespace = value; return this; }
        public Builder queue(String value) { this.queue = value; return this; }
        /** The payload as JSON text. */
        public Builder payload(String json) { this.payload = json; return this; }
        /** Higher runs first among due jobs. */
        public Builder priority(int value) { this.priority = value; return this; }
        public Builder runAt(Instant value) { this.runAt = value; return this; }
        public Builder delay(Duration value) { this.delay = value; return this; }
        /** A repeat enqueue with the same key in the same namespace returns the first job. */
        public Builder idempotencyKey(String value) { this.idempotencyKey = value; return this; }
        public Builder retry(RetryPolicy value) { this.retryPolicy = value; return this; }
        /** Each attempt is interrupted and counted as failed after this long. */
        public Builder timeout(Duration value) { this.timeout = value; return this; }
        public Builder label(String key, String value) { this.labels.put(key, value); return this; }
        public Builder labels(Map<String, String> values) { this.labels.putAll(values); return this; }
        /** Runs the job with this executor instead of a handler of its type. */
        public Builder executor(Executor value) { this.executor = value; return this; }
        /**
         * The run deadline: from the start of its first attempt, across every attempt and backoff; when it passes
         * the running attempt is stopped and the job ends dead ({@code DeadlineExceeded}).
         */
        public Builder activeDeadline(Duration value) { this.activeDeadline = value; return this; }
        /** Once finished (succeeded, dead or cancelled), the job and its attempts are deleted after this long. */
        public Builder retention(Duration value) { this.retention = value; return this; }
        /** The concurrency key, literal or a template like {@code {{payload.tenant}}}. */
        public Builder concurrencyKey(String value) { this.concurrencyKey = value; return this; }

        public NewJob build() {
            return new NewJob(namespace, queue, type, payload, priority, Optional.ofNullable(runAt), delay,
                    Optional.ofNullable(idempotencyKey), retryPolicy, Optional.ofNullable(timeout), labels,
                    Optional.ofNullable(executor), Optional.ofNullable(activeDeadline), Optional.ofNullable(retention),
                    Optional.ofNullable(concurrencyKey).map(ConcurrencyKey::new));
        }
    }
}

package dev.tock.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs of a namespace to list, newest first, one page at a time. Every filter given must match;
 * build one with {@link #builder(String)}.
 *
 * @param states the states to include; empty for all
 * @param labels labels a job must all carry, with these values
 * @param createdFrom only jobs created at or after this instant (store clock)
 * @param createdBefore only jobs created before this instant (store clock)
 * @param schedule only jobs fired by the schedule of this name
 * @param idempotencyKey only the job enqueued with this idempotency key (at most one per namespace)
 * @param limit the most jobs on one page, 1 to {@value #MAX_LIMIT}
 * @param cursor where the page starts: a {@link JobPage#nextCursor()}; empty for the first page
 */
public record JobQuery(
        String namespace,
        Set<JobState> states,
        Optional<String> queue,
        Optional<String> type,
        Map<String, String> labels,
        Optional<Instant> createdFrom,
        Optional<Instant> createdBefore,
        Optional<String> schedule,
        Optional<String> idempotencyKey,
        int limit,
        Optional<String> cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public JobQuery {
        Names.requireResourceName("namespace", namespace);
        states = states == null ? Set.of() : Set.copyOf(states);
        queue = orEmpty(queue);
        queue.ifPresent(q -> Names.requireResourceName("queue", q));
        type = orEmpty(type);
        type.ifPresent(Names::requireType);
        labels = checkLabels(labels == null ? Map.of() : labels);
        createdFrom = orEmpty(createdFrom);
        createdBefore = orEmpty(createdBefore);
        if (createdFrom.isPresent() && createdBefore.isPresent() && !createdFrom.get().isBefore(createdBefore.get())) {
            throw new InvalidQueryException("createdBefore", "must be after createdFrom (" + createdFrom.get() + "), was "
                    + createdBefore.get());
        }
        schedule = orEmpty(schedule);
        schedule.ifPresent(s -> Names.requireResourceName("schedule", s));
        idempotencyKey = orEmpty(idempotencyKey);
        idempotencyKey.ifPresent(key -> {
            if (key.isEmpty() || key.length() > Names.MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw new InvalidQueryException("idempotencyKey", "must be 1-" + Names.MAX_IDEMPOTENCY_KEY_LENGTH
                        + " characters, was " + key.length());
            }
        });
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        cursor = orEmpty(cursor);
        cursor.ifPresent(JobCursor::decode);
    }

    /** Every job of a namespace, first page of {@value #DEFAULT_LIMIT}. */
    public static JobQuery of(String namespace) {
        return builder(namespace).build();
    }

    public static Builder builder(String namespace) {
        return new Builder(namespace);
    }

    /** The same query from {@code nextCursor} on. */
    public JobQuery withCursor(String nextCursor) {
        return new JobQuery(namespace, states, queue, type, labels, createdFrom, createdBefore, schedule, idempotencyKey,
                limit, Optional.of(nextCursor));
    }

    /** The id the page starts after, decoded from the cursor. */
    public Optional<JobId> after() {
        return cursor.map(JobCursor::decode);
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    private static Map<String, String> checkLabels(Map<String, String> labels) {
        if (labels.size() > Names.MAX_LABELS) {
            throw new InvalidQueryException("labels", "at most " + Names.MAX_LABELS + " labels, got " + labels.size());
        }
        labels.forEach((key, value) -> {
            Names.requireLabelKey(key);
            if (value == null || value.length() > Names.MAX_LABEL_VALUE_LENGTH) {
                throw new InvalidQueryException("labels", "value of label " + key + " must be 0-"
                        + Names.MAX_LABEL_VALUE_LENGTH + " characters");
            }
        });
        return Map.copyOf(labels);
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private final String namespace;
        private final Set<JobState> states = EnumSet.noneOf(JobState.class);
        private String queue;
        private String type;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Instant createdFrom;
        private Instant createdBefore;
        private String schedule;
        private String idempotencyKey;
        private int limit = DEFAULT_LIMIT;
        private String cursor;

        private Builder(String namespace) {
            this.namespace = namespace;
        }

        /** Adds states to include; none added means every state. */
        public Builder state(JobState... values) { states.addAll(Set.of(values)); return this; }
        public Builder states(Set<JobState> values) { states.addAll(values); return this; }
        public Builder queue(String value) { queue = value; return this; }
        public Builder type(String value) { type = value; return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder labels(Map<String, String> values) { labels.putAll(values); return this; }
        public Builder createdFrom(Instant value) { createdFrom = value; return this; }
        public Builder createdBefore(Instant value) { createdBefore = value; return this; }
        public Builder schedule(String value) { schedule = value; return this; }
        public Builder idempotencyKey(String value) { idempotencyKey = value; return this; }
        public Builder limit(int value) { limit = value; return this; }
        public Builder cursor(String value) { cursor = value; return this; }

        public JobQuery build() {
            return new JobQuery(namespace, states, Optional.ofNullable(queue), Optional.ofNullable(type), labels,
                    Optional.ofNullable(createdFrom), Optional.ofNullable(createdBefore), Optional.ofNullable(schedule),
                    Optional.ofNullable(idempotencyKey), limit, Optional.ofNullable(cursor));
        }
    }
}

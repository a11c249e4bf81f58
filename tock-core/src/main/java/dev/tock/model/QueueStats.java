package dev.tock.model;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A queue as it stands: its settings and how many of its jobs are in each state.
 *
 * @param queue its settings; an undefined queue has no limit and is not paused
 * @param defined whether the queue has settings of its own, rather than only jobs that name it
 * @param counts jobs in each state, every state present (zero when none): all of its unfinished jobs
 *     (scheduled, ready, running, failed and waiting for a retry), and of its finished ones (succeeded,
 *     dead, cancelled) those that finished within {@link #FINISHED_WINDOW}, including those a schedule's
 *     history limits deleted since (whose finish is known to the minute)
 * @param startLag how long its longest-waiting due job has waited past its run-at time, on the store's
 *     clock; empty when no job of the queue is due and waiting
 */
public record QueueStats(Queue queue, boolean defined, Map<JobState, Long> counts, Optional<Duration> startLag) {
    /**
     * How far back finished jobs are counted. Counting a queue's whole history would read every job
     * ever stored; the last hour answers "is it working now" at a cost that does not grow with it.
     */
    public static final Duration FINISHED_WINDOW = Duration.ofHours(1);

    public QueueStats {
        EnumMap<JobState, Long> all = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            all.put(state, counts.getOrDefault(state, 0L));
        }
        counts = java.util.Collections.unmodifiableMap(all);
        startLag = startLag == null ? Optional.empty() : startLag;
    }

    public long count(JobState state) {
        return counts.get(state);
    }

    /** Jobs waiting to run: scheduled, ready, or failed and waiting for their retry. */
    public long pending() {
        return JobState.PENDING.stream().mapToLong(this::count).sum();
    }
}

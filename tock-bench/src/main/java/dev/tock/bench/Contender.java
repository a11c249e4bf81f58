package dev.tock.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * One scheduler in the comparison, configured once. Every method runs in a fresh schema of its own,
 * checks that each job ran (or was stored) exactly once, and fails rather than report a figure it
 * did not earn.
 */
interface Contender {

    /** Column title, e.g. {@code db-scheduler lock-and-fetch}. */
    String name();

    /** Short id for {@code --systems}, e.g. {@code dbs-lf}. */
    String id();

    /** One line on how this system is configured, for the README. */
    String configuration();

    /** Whether it is Tock itself (in some configuration) rather than a peer Tock is compared with. */
    default boolean isTock() {
        return false;
    }

    /** Whether it takes part in the throughput rows (the default-poll variants measure only lateness). */
    default boolean measuresThroughput() {
        return true;
    }

    /** Jobs/s enqueued one per call by {@code producers} threads, no workers running. */
    Outcome enqueue(int jobs, int producers);

    /**
     * Jobs/s enqueued in batches of {@code batch} from one thread through the system's bulk API, no workers
     * running, timed around the calls alone; empty when it has no bulk API.
     */
    default Optional<Outcome> bulkEnqueue(int jobs, int batch) {
        return Optional.empty();
    }

    /**
     * Jobs/s run by {@code threads} workers from {@code jobs} pre-enqueued no-op jobs, from start until all
     * are recorded done; or, when that takes longer than {@code limit}, the rate until then (a stopped run).
     */
    Outcome execute(int jobs, int threads, Duration limit);

    /** Start lateness (p50, p99, max ms) of {@code jobs} jobs due {@code ahead} from now, spread over one second. */
    Outcome lateness(int jobs, Duration ahead, int threads);

    /** Fire lateness (p50, p99, max ms) of {@code schedules} per-second schedules over {@code duration}; empty when it cannot. */
    Optional<Outcome> cron(int schedules, Duration duration, int threads);

    /** Why {@link #cron} is empty. */
    default String cronLimitation() {
        return "";
    }
}

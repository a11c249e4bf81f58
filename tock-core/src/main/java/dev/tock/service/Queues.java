package dev.tock.service;

import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import java.util.List;
import java.util.Optional;

/** Queues: concurrency limit, pause and resume, and what waits and runs in each. */
public interface Queues {

    /**
     * Creates or updates a queue's limit and paused flag.
     *
     * @return true when this call created the queue's settings
     */
    boolean save(Queue queue);

    /** The queue's settings, when it has any. */
    Optional<Queue> find(String namespace, String name);

    /** The queue's settings, or the defaults (no limit, not paused) when it has none. */
    Queue get(String namespace, String name);

    void pause(String namespace, String name);

    void resume(String namespace, String name);

    /**
     * Deletes a queue's settings (limit, paused flag). Finished jobs in it stay.
     *
     * @return false when the queue had no settings
     * @throws dev.tock.model.QueueNotEmptyException while jobs wait or run in it
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    boolean delete(String namespace, String name);

    /**
     * Every queue of a namespace that has settings or jobs, by name: job counts by state (finished
     * ones within {@link QueueStats#FINISHED_WINDOW}), limit, paused flag and start lag (how long its
     * longest-waiting due job has waited).
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    List<QueueStats> stats(String namespace);

    /** The queue's concurrency keys with the most running jobs, busiest first, at most {@code limit} of them. */
    java.util.Map<String, Long> runningByKey(String namespace, String queue, int limit);

    /**
     * Due jobs that nothing would lease, by queue and type: no live node has a handler of their type (or
     * enables their executor) and no external worker leased from their queue in the last minute.
     */
    List<dev.tock.model.ReadyWork> unhandled(String namespace);
}

package dev.tock.store;

import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import java.util.List;
import java.util.Optional;

/** Queue settings (concurrency limit, paused flag) and the statistics of the jobs in each queue. */
public interface QueueStore {

    /**
     * Creates or replaces a queue's settings; safe when several callers save the same queue at once.
     *
     * @return true when this call created the queue's settings, false when it replaced existing ones
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    boolean save(Queue queue);

    Optional<Queue> find(String namespace, String name);

    /** The queues of a namespace that have settings, by name. */
    List<Queue> list(String namespace);

    /**
     * Deletes a queue's settings (its limit and paused flag). Finished jobs that name the queue stay
     * and do not block it; a job enqueued to it later finds an undefined queue.
     *
     * @return false when the queue had no settings
     * @throws dev.tock.model.QueueNotEmptyException while jobs wait (scheduled, ready, failed awaiting a
     *     retry) or run in it
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    boolean delete(String namespace, String name);

    /**
     * Every queue of a namespace that has settings, unfinished jobs or jobs finished within
     * {@link QueueStats#FINISHED_WINDOW}, by name, with its job counts and start lag. Counting reads the
     * namespace's unfinished jobs and those finished within the window, not its whole history.
     *
     * @throws dev.tock.model.UnknownNamespaceException when the namespace does not exist
     */
    List<QueueStats> stats(String namespace);

    /** The queue's concurrency keys with the most running jobs, busiest first, at most {@code limit} of them. */
    java.util.Map<String, Long> runningByKey(String namespace, String queue, int limit);

    /** What a job of {@code key} in the queue waits on: running counts and rate state, on the store's clock. */
    dev.tock.model.KeyUsage usage(String namespace, String queue, String key);

    /** The keys other than {@code key} with due jobs in the queue, among at most {@code scan} of their due jobs. */
    dev.tock.model.DueKeys otherKeysDue(String namespace, String queue, String key, int scan);

    /** Due jobs waiting to be leased in the namespace, counted by queue, type and executor kind. */
    List<dev.tock.model.ReadyWork> readyWork(String namespace);
}

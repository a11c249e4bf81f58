package dev.tock.http.dto;

import dev.tock.model.Queue;
import java.util.Map;

/**
 * A queue with its settings and, in listings, how many of its jobs are in each state.
 *
 * @param maxRunning absent for no limit
 * @param jobs counts by state (lower-case names); absent when not asked for
 */
public record QueueView(String namespace, String name, Integer maxRunning, boolean paused, Map<String, Long> jobs) {

    public static QueueView of(Queue q) {
        return of(q, null);
    }

    public static QueueView of(Queue q, Map<String, Long> jobs) {
        return new QueueView(q.namespace(), q.name(), q.maxRunning().isPresent() ? q.maxRunning().getAsInt() : null,
                q.paused(), jobs);
    }
}

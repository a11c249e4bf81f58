package dev.tock.http.dto;

import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queue: its settings and, where known, its jobs.
 *
 * @param maxRunning absent for no limit
 * @param defined whether the queue has settings of its own, rather than only jobs that name it
 * @param jobs how many of its jobs are in each state (lower-case names)
 * @param startLag how long its longest-waiting due job has waited past its run-at time; absent when none waits
 */
public record QueueView(String namespace, String name, Integer maxRunning, boolean paused, Boolean defined,
                        Map<String, Long> jobs, String startLag) {

    /** Settings only, as just saved. */
    public static QueueView of(Queue q) {
        return new QueueView(q.namespace(), q.name(), q.maxRunning().isPresent() ? q.maxRunning().getAsInt() : null,
                q.paused(), true, null, null);
    }

    public static QueueView of(QueueStats s) {
        Queue q = s.queue();
        Map<String, Long> jobs = new LinkedHashMap<>();
        s.counts().forEach((state, count) -> jobs.put(state.wireName(), count));
        return new QueueView(q.namespace(), q.name(), q.maxRunning().isPresent() ? q.maxRunning().getAsInt() : null,
                q.paused(), s.defined(), jobs, s.startLag().map(Fields::format).orElse(null));
    }
}

package dev.tock.http.dto;

import dev.tock.model.KeySharing;
import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import dev.tock.model.Rate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queue: its settings and, where known, its jobs.
 *
 * @param maxRunning absent for no limit
 * @param defined whether the queue has settings of its own, rather than only jobs that name it
 * @param jobs how many of its jobs are in each state (lower-case names)
 * @param startLag how long its longest-waiting due job has waited past its run-at time; absent when none waits
 * @param perKeyMaxRunning how many jobs of one concurrency key may run at once; absent for no limit
 * @param perKeyLimits keys with their own running limit
 * @param rateLimit the queue's start rate limit, {@code {"rate": "100/s", "burst": 20}}
 * @param perKeyRate each key's start rate limit
 * @param fairness weighted round-robin across keys, {@code {"by": "key", "weights": {...}}}
 * @param runningByKey the keys with the most running jobs and their counts (on a single queue's read only)
 * @param unhandled due jobs that nothing would lease, by type: no live node has a handler (or enables the
 *                  executor) and no worker leased from the queue in the last minute; absent when there are none
 */
public record QueueView(String namespace, String name, Integer maxRunning, boolean paused, Boolean defined,
                        Map<String, Long> jobs, String startLag, Integer perKeyMaxRunning, Map<String, Integer> perKeyLimits,
                        RateView rateLimit, RateView perKeyRate, QueueRequest.FairnessBody fairness,
                        Map<String, Long> runningByKey, java.util.List<UnhandledView> unhandled) {

    /** Due jobs of a type (or executor kind) that nothing handles. */
    public record UnhandledView(String type, String executor, long ready) {
        public static UnhandledView of(dev.tock.model.ReadyWork w) {
            return new UnhandledView(w.type(), w.executorKind().orElse(null), w.ready());
        }
    }

    /** A rate limit as shown. */
    public record RateView(String rate, int burst) {
        static RateView of(Rate r) {
            return new RateView(r.text(), r.burst());
        }
    }

    /** Settings only, as just saved. */
    public static QueueView of(Queue q) {
        return of(q, true, null, null, null);
    }

    public static QueueView of(QueueStats s) {
        Map<String, Long> jobs = new LinkedHashMap<>();
        s.counts().forEach((state, count) -> jobs.put(state.wireName(), count));
        return of(s.queue(), s.defined(), jobs, s.startLag().map(Fields::format).orElse(null), null);
    }

    /** With the running counts of its busiest keys. */
    public QueueView withRunningByKey(Map<String, Long> counts) {
        return new QueueView(namespace, name, maxRunning, paused, defined, jobs, startLag, perKeyMaxRunning, perKeyLimits,
                rateLimit, perKeyRate, fairness, counts, unhandled);
    }

    /** With the due jobs of this queue that nothing handles. */
    public QueueView withUnhandled(java.util.List<UnhandledView> work) {
        return new QueueView(namespace, name, maxRunning, paused, defined, jobs, startLag, perKeyMaxRunning, perKeyLimits,
                rateLimit, perKeyRate, fairness, runningByKey, work.isEmpty() ? null : work);
    }

    private static QueueView of(Queue q, Boolean defined, Map<String, Long> jobs, String startLag, Map<String, Long> byKey) {
        KeySharing k = q.sharing();
        return new QueueView(q.namespace(), q.name(), q.maxRunning().isPresent() ? q.maxRunning().getAsInt() : null,
                q.paused(), defined, jobs, startLag,
                k.perKeyMaxRunning().isPresent() ? k.perKeyMaxRunning().getAsInt() : null,
                k.perKeyLimits().isEmpty() ? null : k.perKeyLimits(),
                k.rateLimit().map(RateView::of).orElse(null), k.perKeyRate().map(RateView::of).orElse(null),
                k.fairness().map(f -> new QueueRequest.FairnessBody("key", f.weights().isEmpty() ? null : f.weights())).orElse(null),
                byKey, null);
    }
}
